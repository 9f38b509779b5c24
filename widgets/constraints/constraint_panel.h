#pragma once

#include "widgets/charts/log_scale.h"

#include "session/solve_settings.h"

#include <QWidget>

#include <memory>

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

// The what-if controls: sliders with numeric fields for the edge memory limit, the uplink rate
// (binary units: 3 Mbit/s = 3 x 2^20 bit/s) and the accuracy-drop tolerance, a round-trip field,
// and pickers for the edge device, cloud device and network, each entry naming its preset with
// the figures that matter ("3G (HSPA) — 3 Mbit/s up, 100 ms round trip"), then "Profile file…"
// for a JSON profile of the user's. The memory slider spans what matters for the edge device and
// the opened model (log scale), the uplink slider the rates networks have; the fields beside them
// take any value in the wider ranges the command line accepts.
//
// A network preset sets the uplink, the round trip and the per-message overhead; changing any of
// them by hand turns the network into "Custom" (no profile, those three figures explicit), so
// what the panel shows is always what the solve uses, and the note under the picker says what
// the network adds to every split that transmits. "More options" holds the rest of what
// `autosplit solve` takes. It edits one session::SolveSettings, the type the command line parses
// its options into.
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
    // Slider positions per factor 2 of a log-scale slider: each position about 1.4 % more, so
    // a single step (5 positions) is about 7 % and a page step (50) a factor 2.
    static constexpr int kStepsPerOctave = 50;

    explicit ConstraintPanel(QWidget* parent = nullptr);

    session::SolveSettings constraints() const;
    // Shows these settings without emitting. Unknown preset names are added to their picker
    // (a profile file), values are clamped to the slider ranges.
    void setConstraints(const session::SolveSettings& settings);
    // Shows them and emits them at once, as a user's change would (settings loaded as a whole).
    void apply(const session::SolveSettings& settings);

    // Whether the accuracy-drop limit applies (drops can be measured); when not, its controls
    // are disabled and `why` is shown beneath them. The value is kept either way.
    // When drops cannot be measured (`why`), the accuracy is judged by the error proxy E
    // instead: its slider is shown (its right end: no limit, accuracy ignored) and the note
    // under the drop limit says which of the two is in force.
    void setDropLimitAvailable(bool available, const QString& why = {});
    bool isDropLimitAvailable() const;
    QLabel* dropNote() const { return m_dropNote; }
    QSlider* errorSlider() const { return m_errorSlider; }
    QLabel* errorValue() const { return m_errorValue; }
    // Slider position of an E limit (nullopt: no limit, the right end), and back.
    static int errorPosition(std::optional<double> maxError);
    static std::optional<double> errorAtPosition(int position);

    // The sliders' current scales. Memory: from half the model's smallest useful edge footprint
    // (or 1/2^20 of the device's memory before a model is open) up to the edge device's memory,
    // at most twice what the whole model needs. Uplink: 16 kbit/s .. 1 Gbit/s.
    LogScale memoryScale() const { return m_memoryScale; }
    LogScale uplinkScale() const { return m_uplinkScale; }
    // The opened model's edge memory at its smallest useful split (lowest bit-width) and for
    // every layer on the edge at 16 bits; 0, 0: no model.
    void setModelFootprint(int64_t smallestBytes, int64_t wholeBytes);
    // What the network adds to each transmission, in words, under the network picker.
    QLabel* networkNote() const { return m_networkNote; }
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
    // Confidence of early decisions, in percent (SolveSettings::dropConfidence).
    QDoubleSpinBox* confidenceSpin() const { return m_confidenceSpin; }

    // The opened model's graph: a measured device profile chosen as a file must have its
    // layers (else one error, and the previous device stays).
    void setModelGraph(std::shared_ptr<const Graph> graph) { m_graph = std::move(graph); }
    // "This computer (measured)" was measured (thisComputerRequested): use that profile file.
    void useMeasuredDevice(bool edge, const QString& path);
    // It was not (cancelled, failed): the picker goes back to the device before.
    void restoreDevice(bool edge);

signals:
    void constraintsChanged(const autosplit::session::SolveSettings& settings);
    // The user chose "This computer (measured)" in the edge (or cloud) picker; answered by
    // useMeasuredDevice or restoreDevice, nothing is emitted before.
    void thisComputerRequested(bool edge);

private:
    void updateAccuracyNote();
    void createMoreOptions(QGridLayout* grid, int& row);
    void fillPresets();
    void applyNetworkPreset(const QString& name);
    // The uplink, round trip or overhead was set by hand: the network becomes "Custom".
    void makeNetworkCustom();
    void updateNetworkNote();
    void updateMemoryScale();
    void setSliderScale(QSlider* slider, LogScale& scale, const LogScale& next, double value);
    // The combo text of a profile file: its label and the file's name.
    QString profileFileLabel(QComboBox* box, const QString& path) const;
    void selectOrAdd(QComboBox* box, const QString& name);
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
    QString m_dropWhy; // why drops cannot be measured; empty when they can
    QSlider* m_errorSlider = nullptr;
    QLabel* m_errorValue = nullptr;
    QWidget* m_errorLabel = nullptr;
    QLabel* m_networkNote = nullptr;
    LogScale m_memoryScale;
    LogScale m_uplinkScale;
    int64_t m_modelSmallest = 0, m_modelWhole = 0;
    std::optional<Uplink> m_networkFigures; // the chosen network's own, none when Custom
    QTimer* m_emitTimer = nullptr;          // the quiet period after an emission
    bool m_leadingQueued = false;           // an emission is queued for the next event-loop turn

    QToolButton* m_moreButton = nullptr;
    QWidget* m_more = nullptr;
    QDoubleSpinBox* m_rttSpin = nullptr;
    QSpinBox* m_overheadSpin = nullptr;
    QLineEdit* m_bitsEdit = nullptr;
    QLineEdit* m_maxErrorEdit = nullptr;
    QLineEdit* m_measuredEdit = nullptr;
    QSpinBox* m_rawBitsSpin = nullptr;
    QCheckBox* m_outputsOnEdgeBox = nullptr;
    QCheckBox* m_evaluateBox = nullptr;
    QSpinBox* m_evaluateLimitSpin = nullptr;
    QDoubleSpinBox* m_confidenceSpin = nullptr;

    // The pickers' choices (so a cancelled "Profile file…" goes back) and the last valid text.
    QString m_edgeDevice, m_cloudDevice, m_network;
    std::vector<int> m_bits;
    std::optional<double> m_maxError;
    session::SolveSettings m_lastEmitted;
    std::shared_ptr<const Graph> m_graph;
};

} // namespace autosplit
