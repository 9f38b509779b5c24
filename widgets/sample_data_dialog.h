#pragma once

#include "widgets/engine/solve_engine.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;

namespace autosplit {

// Asks for the sample inputs of a user's model (what calibration and the measured accuracy drops
// run on): a folder of images, .npy or TensorProto .pb files, one such file or a labels CSV
// (SampleSet::open), how images become input tensors (a preprocessing spec), and how calibration
// picks the quantization ranges, and what the drop is measured in (a task metric). The dialog
// checks what it can before it closes — the path exists and the spec parses — and says what is
// wrong beneath the fields; whether the samples fit the model is the calibration's to tell.
class SampleDataDialog : public QDialog {
    Q_OBJECT

public:
    SampleDataDialog(const QString& modelName, const SampleSource& current,
                     QWidget* parent = nullptr);

    SampleSource source() const;
    QLineEdit* pathEdit() const { return m_path; }
    QLineEdit* specEdit() const { return m_spec; }
    QLabel* errorLabel() const { return m_error; }

    // Why `source` cannot be used, or an empty string.
    static QString problemWith(const SampleSource& source);

    void accept() override;

private:
    void browse(bool folder);

    QLineEdit* m_path = nullptr;
    QLineEdit* m_spec = nullptr;
    QComboBox* m_metric = nullptr;
    QLineEdit* m_dictionary = nullptr;
    QComboBox* m_weightRange = nullptr;
    QComboBox* m_activationRange = nullptr;
    QDoubleSpinBox* m_percentile = nullptr;
    QCheckBox* m_equalize = nullptr;
    QCheckBox* m_countSpaces = nullptr;
    QComboBox* m_weightRounding = nullptr;
    QCheckBox* m_recalibrate = nullptr;
    QLabel* m_error = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace autosplit
