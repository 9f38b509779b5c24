#pragma once

#include "session/opened_model.h"

#include "core/solve/solution_set.h"

#include <QWidget>

#include <memory>

class QLabel;
class QProgressBar;
class QTableWidget;

namespace autosplit {

// One solution in full: method and split point, the tensors that cross the
// cut with their shapes, bit-widths and bytes, each edge layer's weight and activation
// bit-widths, the edge model size and memory use against the limit (a bar), the predicted latency
// breakdown and error E, and the accuracy drop measured on the sample data once the candidate
// is evaluated ("evaluating…" while the engine is at it) — for a drop judged on part of the
// samples, the interval of the whole set's and where that places it against the limit. Shows a
// candidate of the set or one of its baselines.
class SolutionDetailsView : public QWidget {
    Q_OBJECT

public:
    explicit SolutionDetailsView(QWidget* parent = nullptr);

    // The model the set was solved for: layer names and tensor shapes come from it.
    void setModel(session::OpenedModelPtr model);
    // Shows the set's selected candidate.
    void setSolutionSet(std::shared_ptr<const SolutionSet> set);
    // Candidate `index` of the set; out of range: nothing.
    void setSelected(int index);
    // The baseline of that name.
    void showBaseline(const QString& name);
    // Whether the engine is measuring drops: an unmeasured candidate then reads "evaluating…".
    void setEvaluating(bool evaluating);

    // How many samples drops are measured on ("on all 32 samples"); 0: not said.
    void setSampleCount(int count);

    // What is shown (nullptr: nothing).
    const Candidate* candidate() const { return m_candidate; }
    QTableWidget* crossingTable() const { return m_crossing; }
    QTableWidget* bitsTable() const { return m_bits; }
    QProgressBar* memoryBar() const { return m_memoryBar; }
    // Weights and peak activations, beneath the bar.
    QLabel* memoryPartsLabel() const { return m_memoryParts; }
    QLabel* dropLabel() const { return m_drop; }

    // Bits per element and bytes a crossing tensor travels at in `candidate` (raw inputs and
    // integer tensors at their fixed width, a float edge at the float bits); bytes -1 when the
    // size is unknown.
    static int crossingBits(const SplitAnalysis& analysis, const SolutionSet& set,
                            const Candidate& candidate, ValueId value);
    static int64_t crossingBytes(const SplitAnalysis& analysis, const SolutionSet& set,
                                 const Candidate& candidate, ValueId value);

private:
    void showCandidate(const Candidate* candidate, const QString& title);
    void refresh();

    session::OpenedModelPtr m_model;
    std::shared_ptr<const SolutionSet> m_set;
    const Candidate* m_candidate = nullptr;
    QString m_titleText;
    bool m_evaluating = false;
    int m_sampleCount = 0;

    QLabel* m_title = nullptr;
    QLabel* m_split = nullptr;
    QLabel* m_latency = nullptr;
    QLabel* m_error = nullptr;
    QLabel* m_drop = nullptr;
    QLabel* m_modelSize = nullptr;
    QLabel* m_sent = nullptr;
    QLabel* m_reason = nullptr;
    QLabel* m_notes = nullptr;
    QProgressBar* m_memoryBar = nullptr;
    QLabel* m_memoryParts = nullptr;
    QTableWidget* m_crossing = nullptr;
    QTableWidget* m_bits = nullptr;
};

} // namespace autosplit
