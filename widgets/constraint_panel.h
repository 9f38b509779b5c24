#pragma once

#include "constraints.h"
#include "log_scale.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSlider;
class QTimer;

namespace autosplit {

class UnitSpinBox;

// The what-if controls (issue #5, point 3): sliders with numeric fields for the edge memory limit
// (log scale, 1 KiB .. 16 GiB), the uplink rate (log scale, 1 kbit/s .. 4 Gbit/s, binary units:
// 3 Mbit/s = 3 x 2^20 bit/s) and the accuracy-drop tolerance (0 .. 100 percentage points), and
// pickers for the edge device, cloud device and network preset. Picking a network moves the
// uplink slider to its rate and takes its round-trip time and per-message overhead; moving the
// slider afterwards overrides only the rate.
//
// Every user change ends in one constraintsChanged() with the whole Constraints, on the next
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

    Constraints constraints() const;
    // Shows these constraints without emitting. Unknown preset names are added to their picker
    // (a profile file the engine loaded), values are clamped to the slider ranges.
    void setConstraints(const Constraints& constraints);

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

signals:
    void constraintsChanged(const autosplit::Constraints& constraints);

private:
    void fillPresets();
    void applyNetworkPreset(const QString& name);
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

    // From the network preset; the rate lives in the uplink spin box.
    double m_roundTripSeconds = 0.0;
    int64_t m_overheadBytes = 0;
    Constraints m_lastEmitted;
};

} // namespace autosplit
