#pragma once

#include "widgets/charts/log_scale.h"

#include "session/solve_settings.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QSlider;
class QSpinBox;
class QTimer;
class QToolButton;

namespace autosplit {

class UnitSpinBox;

// The what-if controls: sliders with numeric fields for the edge memory limit
// (log scale, 1 KiB .. 16 GiB), the uplink rate (log scale, 1 kbit/s .. 4 Gbit/s, binary units:
// 3 Mbit/s = 3 x 2^20 bit/s) and the accuracy-drop tolerance (0 .. 100 percentage points), and
// pickers for the edge device, cloud device and network (a preset, or a profile file of the
// user's). Picking a network moves the uplink slider to its rate and takes its round-trip time
// and per-message overhead; moving the slider afterwards overrides only the rate. "More options"
// holds the rest of what `autosplit solve` takes: round-trip and overhead overrides, the
// bit-width set, an error limit, measured latencies, raw input bits, outputs used on the edge,
// and whether and how drops are measured. It edits one session::SolveSettings, the type the
// command line parses its options into.
//
// Every user change ends in one constraintsChanged() with the whole settings, on the next
// turn of the event loop. Changes within kCoalesceMs of the last emission (a slider being
// dragged) are folded into one at the end of that period, so a drag emits at most about 30
// times a second and always ends with the final value, while a single move is not delayed.
// setConstraints() (the program, not the user) does not emit.
class ConstraintPanel : public QWidget {
    Q_OBJECT

public:
    static constexpr int kCoalesceMs = 30;
    static constexpr int kSliderSteps = 1000;

    explicit ConstraintPanel(QWidget* parent = nullptr);

    session::SolveSettings constraints() const;
    // Shows these settings without emitting. Unknown preset names are added to their picker
    // (a profile file), values are clamped to the slider ranges.
    void setConstraints(const session::SolveSettings& settings);
    // Shows them and emits them at once, as a user's change would (settings loaded as a whole).
    void apply(const session::SolveSettings& settings);

    // Whether the accuracy-drop limit applies (drops can be measured); when not, its controls
    // are disabled and `why` is shown beneath them. The value is kept either way.
    void setDropLimitAvailable(bool available, const QString& why = {});
    bool isDropLimitAvailable() const;
    QLabel* dropNote() const { return m_dropNote; }

    static LogScale memoryScale();
    static LogScale uplinkScale();
    // The tolerance at a drop-slider position and back (0.1 pp per position).
    static double dropAtPosition(int position);
    static int dropPosition(double percent);

    QSlider* memorySlider() const { return m_memorySlider; }
    UnitSpinBox* memorySpin() const { return m_memorySpin; }
    QSlider* uplinkSlider() const { return m_uplinkSlider; }
    UnitSpinBox* uplinkSpin() const { return m_uplinkSpin; }
    QSlider* dropSlider() const { return m_dropSlider; }
    QDoubleSpinBox* dropSpin() const { return m_dropSpin; }
    QComboBox* edgeDeviceBox() const { return m_edgeBox; }
    QComboBox* cloudDeviceBox() const { return m_cloudBox; }
    QComboBox* networkBox() const { return m_networkBox; }
    QToolButton* moreOptionsButton() const { return m_moreButton; }
    QDoubleSpinBox* roundTripSpin() const { return m_rttSpin; }
    QSpinBox* overheadSpin() const { return m_overheadSpin; }
    QLineEdit* bitsEdit() const { return m_bitsEdit; }
    QLineEdit* maxErrorEdit() const { return m_maxErrorEdit; }
    QLineEdit* measuredEdit() const { return m_measuredEdit; }
    QSpinBox* rawInputBitsSpin() const { return m_rawBitsSpin; }
    QCheckBox* outputsOnEdgeBox() const { return m_outputsOnEdgeBox; }
    QCheckBox* evaluateBox() const { return m_evaluateBox; }
    QSpinBox* evaluateLimitSpin() const { return m_evaluateLimitSpin; }

signals:
    void constraintsChanged(const autosplit::session::SolveSettings& settings);

private:
    void createMoreOptions(QGridLayout* grid, int& row);
    void fillPresets();
    void applyNetworkPreset(const QString& name);
    void showNetworkFigures(const QString& name);
    // After a picker changed: when its "Profile file…" item was chosen, asks for the file and
    // checks it. False when nothing changed (dialog cancelled, profile unusable).
    bool pickProfileFile(QComboBox* box, QString& current, const QString& title);
    // A user change happened: emit (coalesced).
    void scheduleEmit();
    void emitNow();

    QComboBox* m_edgeBox = nullptr;
    QComboBox* m_cloudBox = nullptr;
    QComboBox* m_networkBox = nullptr;
    QSlider* m_memorySlider = nullptr;
    UnitSpinBox* m_memorySpin = nullptr;
    QSlider* m_uplinkSlider = nullptr;
    UnitSpinBox* m_uplinkSpin = nullptr;
    QSlider* m_dropSlider = nullptr;
    QDoubleSpinBox* m_dropSpin = nullptr;
    QLabel* m_dropNote = nullptr;
    QTimer* m_emitTimer = nullptr; // the quiet period after an emission
    bool m_leadingQueued = false;  // an emission is queued for the next event-loop turn

    QToolButton* m_moreButton = nullptr;
    QWidget* m_more = nullptr;
    QDoubleSpinBox* m_rttSpin = nullptr; // -1: the network's
    QSpinBox* m_overheadSpin = nullptr;  // -1: the network's
    QLineEdit* m_bitsEdit = nullptr;
    QLineEdit* m_maxErrorEdit = nullptr;
    QLineEdit* m_measuredEdit = nullptr;
    QSpinBox* m_rawBitsSpin = nullptr;
    QCheckBox* m_outputsOnEdgeBox = nullptr;
    QCheckBox* m_evaluateBox = nullptr;
    QSpinBox* m_evaluateLimitSpin = nullptr;

    // The pickers' choices (so a cancelled "Profile file…" goes back) and the last valid text.
    QString m_edgeDevice, m_cloudDevice, m_network;
    std::vector<int> m_bits;
    std::optional<double> m_maxError;
    session::SolveSettings m_lastEmitted;
};

} // namespace autosplit
