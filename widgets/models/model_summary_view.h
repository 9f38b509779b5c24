#pragma once

#include "session/opened_model.h"

#include <QTextBrowser>

namespace autosplit {

// The model at a glance: file, inputs and outputs, layer count, parameters, MACs, raw input
// bytes, the passes that ran with what they changed, and the warnings of import and analysis.
class ModelSummaryView : public QTextBrowser {
    Q_OBJECT

public:
    explicit ModelSummaryView(QWidget* parent = nullptr);

    void setAnalysis(session::OpenedModelPtr model);
    // What the layer table currently marks as potential splits, for the summary line.
    void setSplitCriteria(qint64 memoryLimitBytes, int lowestBits, int potentialSplitCount);

    // The summary as HTML (what the view shows).
    QString summaryHtml() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void refresh();

    session::OpenedModelPtr m_model;
    qint64 m_memoryLimit = 0;
    int m_lowestBits = 0;
    int m_potentialCount = 0;
};

} // namespace autosplit
