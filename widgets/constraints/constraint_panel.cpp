// Long file: one panel whose controls are coupled (a network sets three fields, any of them
// set by hand makes it Custom; the device and the model set the memory slider's span), built,
// wired and read back in one place so that constraints() and setConstraints() stay exact inverses.

#include "widgets/constraints/constraint_panel.h"

#include "widgets/constraints/preset_labels.h"
#include "widgets/constraints/unit_spin_box.h"

#include "session/measured_device.h"

#include "core/cost/measured_profile_latency_model.h"
#include "core/cost/profile_loader.h"
#include "core/cost/profile_validation.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <optional>

namespace autosplit {

namespace {

constexpr double kKiB = 1024.0;
constexpr double kGiB = kKiB * kKiB * kKiB;
// What the numeric fields accept (the command line's ranges); the sliders span less.
constexpr double kMemoryFieldMin = kKiB, kMemoryFieldMax = 16.0 * kGiB;
constexpr double kUplinkFieldMin = kKiB, kUplinkFieldMax = 4.0 * kGiB;
// Networks people split over: a slow BLE or NB-IoT link up to gigabit Ethernet.
constexpr double kUplinkSliderMin = 16.0 * kKiB, kUplinkSliderMax = kGiB;
constexpr double kDropStep = 0.1; // percentage points per drop-slider position
constexpr double kMaxDrop = 100.0;

QString qstr(const std::string& s) {
    return QString::fromStdString(s);
}

// The data of each picker's last item, which asks for a profile file.
const QString kBrowseItem = QStringLiteral("\x01"
                                           "browse");
// The data of the network picker's "Custom" item: no profile, the figures as set.
const QString kCustomItem = QStringLiteral("\x01"
                                           "custom");

// A log scale from `minimum` to `maximum` with kStepsPerOctave positions per factor 2.
LogScale octaveScale(double minimum, double maximum) {
    const double octaves = std::log2(maximum / minimum);
    const int steps =
        std::max(10, static_cast<int>(std::lround(octaves * ConstraintPanel::kStepsPerOctave)));
    return LogScale(minimum, maximum, steps);
}

bool sameUplink(const Uplink& a, const Uplink& b) {
    auto close = [](double x, double y) {
        return std::abs(x - y) <= 1e-9 * std::max({1.0, std::abs(x), std::abs(y)});
    };
    return close(std::round(a.bitsPerSecond), std::round(b.bitsPerSecond)) &&
           std::abs(a.roundTripSeconds - b.roundTripSeconds) < 5e-5 &&
           a.overheadBytesPerMessage == b.overheadBytesPerMessage;
}

// "2,4,8" as bit-widths the quantizers support; nullopt when it is not such a list. Empty: none.
std::optional<std::vector<int>> parseBits(const QString& text) {
    std::vector<int> bits;
    if (text.trimmed().isEmpty())
        return bits;
    for (const QString& part : text.split(QLatin1Char(','))) {
        bool ok = false;
        const int b = part.trimmed().toInt(&ok);
        if (!ok || !session::isQuantizerBitWidth(b))
            return std::nullopt;
        bits.push_back(b);
    }
    return bits;
}

QString bitsText(const std::vector<int>& bits) {
    QStringList parts;
    for (int b : bits)
        parts << QString::number(b);
    return parts.join(QLatin1Char(','));
}

// A line edit that turns red with a tooltip while its text is not accepted.
void markValid(QLineEdit* edit, bool valid, const QString& why) {
    edit->setStyleSheet(valid ? QString() : QStringLiteral("QLineEdit { background: #fde0dc; }"));
    edit->setProperty("invalid", !valid);
    if (!valid)
        edit->setToolTip(why);
}

// Log-scale sliders step by kStepsPerOctave / 10 (about 7 %) and page by an octave; the drop
// slider by 0.1 and 1 point.
// The E limit's slider: 1e-9 .. 1e3 in 20 steps per decade; one more step, the right end, is
// no limit (accuracy ignored).
constexpr int kErrorMinExponent = -9;
constexpr int kErrorDecades = 12;
constexpr int kErrorStepsPerDecade = 20;
constexpr int kErrorNoLimit = kErrorDecades * kErrorStepsPerDecade + 1;

QSlider* makeSlider(QWidget* parent, int maximum, const QString& objectName, int single, int page) {
    auto* slider = new QSlider(Qt::Horizontal, parent);
    slider->setObjectName(objectName);
    slider->setRange(0, maximum);
    slider->setSingleStep(single);
    slider->setPageStep(page);
    slider->setMinimumWidth(160);
    return slider;
}

} // namespace

ConstraintPanel::ConstraintPanel(QWidget* parent)
    : QWidget(parent), m_memoryScale(octaveScale(kMemoryFieldMin, kMemoryFieldMax)),
      m_uplinkScale(octaveScale(kUplinkSliderMin, kUplinkSliderMax)) {
    setObjectName(QStringLiteral("constraintPanel"));
    m_emitTimer = new QTimer(this);
    m_emitTimer->setSingleShot(true);
    m_emitTimer->setInterval(kCoalesceMs);
    // The end of a quiet period: what changed during it goes out, and another one starts.
    connect(m_emitTimer, &QTimer::timeout, this, [this] {
        if (constraints() == m_lastEmitted)
            return;
        emitNow();
        m_emitTimer->start();
    });

    m_edgeBox = new QComboBox(this);
    m_edgeBox->setObjectName(QStringLiteral("edgeDevice"));
    m_cloudBox = new QComboBox(this);
    m_cloudBox->setObjectName(QStringLiteral("cloudDevice"));
    m_networkBox = new QComboBox(this);
    m_networkBox->setObjectName(QStringLiteral("network"));
    // Entries are long ("3G (HSPA) — 3 Mbit/s up, 100 ms round trip"): the pickers take the
    // dock's width rather than widening it; the popup and tooltips show the whole text.
    for (QComboBox* box : {m_edgeBox, m_cloudBox, m_networkBox}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(14);
    }

    const int single = kStepsPerOctave / 10;
    m_memorySlider = makeSlider(this, m_memoryScale.steps(), QStringLiteral("memorySlider"), single,
                                kStepsPerOctave);
    m_memorySpin = new UnitSpinBox(UnitSpinBox::Quantity::Bytes, m_memoryScale, this);
    m_memorySpin->setRange(kMemoryFieldMin, kMemoryFieldMax);
    m_memorySpin->setObjectName(QStringLiteral("memorySpin"));
    m_memorySpin->setToolTip(
        tr("Edge memory limit: weights plus the peak activation working set "
           "(binary units, 1 MiB = 2^20 bytes). The slider spans what the device and the "
           "model make useful; type any value in the field."));
    m_memorySlider->setToolTip(m_memorySpin->toolTip());

    m_uplinkSlider = makeSlider(this, m_uplinkScale.steps(), QStringLiteral("uplinkSlider"), single,
                                kStepsPerOctave);
    m_uplinkSpin = new UnitSpinBox(UnitSpinBox::Quantity::BitRate, m_uplinkScale, this);
    m_uplinkSpin->setRange(kUplinkFieldMin, kUplinkFieldMax);
    m_uplinkSpin->setObjectName(QStringLiteral("uplinkSpin"));
    m_uplinkSpin->setToolTip(
        tr("Uplink rate from edge to cloud (binary units, 1 Mbit/s = 2^20 bit/s; --uplink). "
           "Setting it by hand makes the network Custom."));
    m_uplinkSlider->setToolTip(m_uplinkSpin->toolTip());

    m_dropSlider = makeSlider(this, dropPosition(kMaxDrop), QStringLiteral("dropSlider"), 1, 10);
    m_dropSpin = new QDoubleSpinBox(this);
    m_dropSpin->setObjectName(QStringLiteral("dropSpin"));
    m_dropSpin->setRange(0.0, kMaxDrop);
    m_dropSpin->setDecimals(1);
    m_dropSpin->setSingleStep(kDropStep);
    m_dropSpin->setSuffix(tr(" pp"));
    m_dropSpin->setKeyboardTracking(false);
    m_dropSpin->setToolTip(tr("Largest accepted accuracy drop against the float model, in "
                              "percentage points"));
    m_dropSlider->setToolTip(m_dropSpin->toolTip());

    auto* grid = new QGridLayout(this);
    grid->setColumnStretch(1, 1);
    int row = 0;
    auto addRow = [&](const QString& text, QWidget* first, QWidget* second) {
        auto* label = new QLabel(text, this);
        label->setBuddy(second ? second : first);
        grid->addWidget(label, row, 0);
        if (second) {
            grid->addWidget(first, row, 1);
            grid->addWidget(second, row, 2);
        } else {
            grid->addWidget(first, row, 1, 1, 2);
        }
        ++row;
    };
    addRow(tr("&Edge device:"), m_edgeBox, nullptr);
    addRow(tr("C&loud device:"), m_cloudBox, nullptr);
    addRow(tr("&Network:"), m_networkBox, nullptr);
    m_networkNote = new QLabel(this);
    m_networkNote->setObjectName(QStringLiteral("networkNote"));
    m_networkNote->setWordWrap(true);
    m_networkNote->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_networkNote->setStyleSheet(QStringLiteral("color: #5f6368; font-style: italic;"));
    grid->addWidget(m_networkNote, row++, 1, 1, 2);
    addRow(tr("Edge &memory:"), m_memorySlider, m_memorySpin);
    addRow(tr("&Uplink:"), m_uplinkSlider, m_uplinkSpin);
    m_rttSpin = new QDoubleSpinBox(this);
    m_rttSpin->setObjectName(QStringLiteral("roundTripSpin"));
    m_rttSpin->setRange(0.0, 9999.0); // a GEO satellite link is about 600 ms
    m_rttSpin->setDecimals(1);
    m_rttSpin->setSingleStep(5.0);
    m_rttSpin->setSuffix(tr(" ms"));
    m_rttSpin->setKeyboardTracking(false);
    m_rttSpin->setToolTip(tr("Round-trip time paid once per inference that sends anything "
                             "(--rtt). Setting it by hand makes the network Custom."));
    {
        auto* label = new QLabel(tr("Round &trip:"), this);
        label->setBuddy(m_rttSpin);
        grid->addWidget(label, row, 0);
        grid->addWidget(m_rttSpin, row++, 2);
    }
    addRow(tr("Accuracy &drop ≤"), m_dropSlider, m_dropSpin);
    m_dropNote = new QLabel(this);
    m_dropNote->setObjectName(QStringLiteral("dropNote"));
    m_dropNote->setWordWrap(true);
    m_dropNote->setStyleSheet(QStringLiteral("color: #5f6368; font-style: italic;"));
    m_dropNote->hide();
    grid->addWidget(m_dropNote, row++, 0, 1, 3);
    // Without samples the accuracy can still be bounded by E (or deliberately ignored).
    m_errorSlider =
        makeSlider(this, kErrorNoLimit, QStringLiteral("errorSlider"), 1, kErrorStepsPerDecade);
    m_errorSlider->setValue(kErrorNoLimit);
    m_errorSlider->setToolTip(
        tr("Error limit on the error proxy E, the summed quantization error (MSE) of the edge "
           "layers' weights and activations: the lower, the closer the edge part stays to the "
           "float model. The right end is no limit: accuracy is ignored (--max-error)."));
    m_errorValue = new QLabel(tr("no limit"), this);
    m_errorValue->setObjectName(QStringLiteral("errorValue"));
    m_errorValue->setMinimumWidth(
        m_errorValue->fontMetrics().horizontalAdvance(QStringLiteral("0.00e-00")) + 8);
    {
        auto* label = new QLabel(tr("E&rror limit E ≤"), this);
        label->setBuddy(m_errorSlider);
        m_errorLabel = label;
        grid->addWidget(label, row, 0);
        grid->addWidget(m_errorSlider, row, 1);
        grid->addWidget(m_errorValue, row++, 2);
    }
    for (QWidget* w :
         {m_errorLabel, static_cast<QWidget*>(m_errorSlider), static_cast<QWidget*>(m_errorValue)})
        w->hide();
    connect(m_errorSlider, &QSlider::valueChanged, this, [this](int position) {
        m_maxError = errorAtPosition(position);
        {
            const QSignalBlocker block(m_maxErrorEdit);
            m_maxErrorEdit->setText(m_maxError ? QString::number(*m_maxError, 'g', 3) : QString());
        }
        updateAccuracyNote();
        scheduleEmit();
    });

    createMoreOptions(grid, row);
    fillPresets();

    // Defaults: the paper's devices (Eyeriss edge, TPU cloud) over 3G — the paper's 3 Mbit/s
    // with a real network's round trip, stated under the picker — with a 4 MiB memory limit
    // and a 1 pp tolerance. `autosplit solve --network 3g` gives the same figures.
    session::SolveSettings defaults;
    defaults.network = QStringLiteral("3g");
    defaults.edgeMemoryBytes = 4 * 1024 * 1024;
    defaults.maxAccuracyDrop = 1.0;
    setConstraints(defaults);

    // Slider and field follow each other; the field holds the exact value.
    connect(m_memorySlider, &QSlider::valueChanged, this, [this](int position) {
        const QSignalBlocker block(m_memorySpin);
        m_memorySpin->setValue(m_memoryScale.value(position));
        scheduleEmit();
    });
    connect(m_memorySpin, &QDoubleSpinBox::valueChanged, this, [this](double value) {
        const QSignalBlocker block(m_memorySlider);
        m_memorySlider->setValue(m_memoryScale.position(value));
        scheduleEmit();
    });
    connect(m_uplinkSlider, &QSlider::valueChanged, this, [this](int position) {
        const QSignalBlocker block(m_uplinkSpin);
        m_uplinkSpin->setValue(m_uplinkScale.value(position));
        makeNetworkCustom();
    });
    connect(m_uplinkSpin, &QDoubleSpinBox::valueChanged, this, [this](double value) {
        const QSignalBlocker block(m_uplinkSlider);
        m_uplinkSlider->setValue(m_uplinkScale.position(value));
        makeNetworkCustom();
    });
    connect(m_dropSlider, &QSlider::valueChanged, this, [this](int position) {
        const QSignalBlocker block(m_dropSpin);
        m_dropSpin->setValue(dropAtPosition(position));
        scheduleEmit();
    });
    connect(m_dropSpin, &QDoubleSpinBox::valueChanged, this, [this](double value) {
        const QSignalBlocker block(m_dropSlider);
        m_dropSlider->setValue(dropPosition(value));
        scheduleEmit();
    });
    connect(m_edgeBox, &QComboBox::currentIndexChanged, this, [this] {
        if (session::isThisComputer(m_edgeBox->currentData().toString())) {
            emit thisComputerRequested(true);
            return;
        }
        if (!pickProfileFile(m_edgeBox, m_edgeDevice, tr("Edge Device Profile")))
            return;
        updateMemoryScale();
        scheduleEmit();
    });
    connect(m_cloudBox, &QComboBox::currentIndexChanged, this, [this] {
        if (session::isThisComputer(m_cloudBox->currentData().toString())) {
            emit thisComputerRequested(false);
            return;
        }
        if (pickProfileFile(m_cloudBox, m_cloudDevice, tr("Cloud Device Profile")))
            scheduleEmit();
    });
    connect(m_networkBox, &QComboBox::currentIndexChanged, this, [this] {
        if (!pickProfileFile(m_networkBox, m_network, tr("Network Profile")))
            return;
        if (m_network != kCustomItem)
            applyNetworkPreset(m_network);
        else
            m_networkFigures.reset();
        updateNetworkNote();
        scheduleEmit();
    });
}

void ConstraintPanel::createMoreOptions(QGridLayout* grid, int& row) {
    // What the command line's solve options offer beyond the sliders, folded away by default.
    m_moreButton = new QToolButton(this);
    m_moreButton->setObjectName(QStringLiteral("moreOptionsButton"));
    m_moreButton->setText(tr("More options"));
    m_moreButton->setCheckable(true);
    m_moreButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_moreButton->setArrowType(Qt::RightArrow);
    m_moreButton->setAutoRaise(true);
    grid->addWidget(m_moreButton, row++, 0, 1, 3);
    m_more = new QWidget(this);
    m_more->setObjectName(QStringLiteral("moreOptions"));
    m_more->hide();
    grid->addWidget(m_more, row++, 0, 1, 3);
    connect(m_moreButton, &QToolButton::toggled, this, [this](bool on) {
        m_moreButton->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
        m_more->setVisible(on);
    });

    auto* form = new QGridLayout(m_more);
    form->setContentsMargins(0, 0, 0, 0);
    form->setColumnStretch(1, 1);
    int r = 0;
    auto add = [&](const QString& text, QWidget* field, QWidget* extra = nullptr) {
        auto* label = new QLabel(text, m_more);
        label->setBuddy(field);
        form->addWidget(label, r, 0);
        form->addWidget(field, r, 1, 1, extra ? 1 : 2);
        if (extra)
            form->addWidget(extra, r, 2);
        ++r;
    };

    m_overheadSpin = new QSpinBox(m_more);
    m_overheadSpin->setObjectName(QStringLiteral("overheadSpin"));
    m_overheadSpin->setRange(0, 1 << 30);
    m_overheadSpin->setSuffix(tr(" B"));
    m_overheadSpin->setKeyboardTracking(false);
    m_overheadSpin->setToolTip(
        tr("Protocol bytes added to each message (--overhead). Setting it by hand makes the "
           "network Custom."));
    add(tr("Per-message &overhead:"), m_overheadSpin);

    m_bitsEdit = new QLineEdit(m_more);
    m_bitsEdit->setObjectName(QStringLiteral("bitsEdit"));
    m_bitsEdit->setPlaceholderText(tr("the edge device's"));
    m_bitsEdit->setToolTip(tr("The edge bit-width set B, e.g. 2,4,6,8 (--bits)"));
    add(tr("&Bit-widths B:"), m_bitsEdit);

    m_maxErrorEdit = new QLineEdit(m_more);
    m_maxErrorEdit->setObjectName(QStringLiteral("maxErrorEdit"));
    m_maxErrorEdit->setPlaceholderText(tr("no limit"));
    m_maxErrorEdit->setToolTip(tr("Limit on the error proxy E (sum of weight and activation "
                                  "MSEs) for candidates whose drop is not measured (--max-error)"));
    add(tr("&Error limit E ≤"), m_maxErrorEdit);

    m_measuredEdit = new QLineEdit(m_more);
    m_measuredEdit->setObjectName(QStringLiteral("measuredEdit"));
    m_measuredEdit->setPlaceholderText(tr("none: the device models"));
    m_measuredEdit->setClearButtonEnabled(true);
    m_measuredEdit->setToolTip(tr("CSV of per-layer latencies measured on real devices (layer, "
                                  "edge_ms, cloud_ms); they override the model for those layers "
                                  "(--measured)"));
    auto* browse = new QPushButton(tr("Browse…"), m_more);
    browse->setObjectName(QStringLiteral("measuredBrowse"));
    add(tr("Measured &latencies:"), m_measuredEdit, browse);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Measured Latencies"), m_measuredEdit->text(),
                                         tr("CSV files (*.csv);;All files (*)"));
        if (!path.isEmpty())
            m_measuredEdit->setText(path);
    });

    m_rawBitsSpin = new QSpinBox(m_more);
    m_rawBitsSpin->setObjectName(QStringLiteral("rawInputBitsSpin"));
    m_rawBitsSpin->setRange(1, 64);
    m_rawBitsSpin->setSuffix(tr(" bits"));
    m_rawBitsSpin->setKeyboardTracking(false);
    m_rawBitsSpin->setToolTip(
        tr("Bits per raw input element sent to the cloud, e.g. 8 for pixels (--raw-input-bits)"));
    add(tr("Raw &input:"), m_rawBitsSpin);

    m_outputsOnEdgeBox = new QCheckBox(tr("Outputs are used on the edge (not sent)"), m_more);
    m_outputsOnEdgeBox->setObjectName(QStringLiteral("outputsOnEdgeBox"));
    m_outputsOnEdgeBox->setToolTip(
        tr("Graph outputs produced on the edge stay there (--outputs-on-edge)"));
    form->addWidget(m_outputsOnEdgeBox, r++, 0, 1, 3);

    m_evaluateBox = new QCheckBox(tr("Measure accuracy drops on the samples"), m_more);
    m_evaluateBox->setObjectName(QStringLiteral("evaluateBox"));
    m_evaluateBox->setToolTip(tr("Judge the drop limit by running candidates on the samples; "
                                 "off: judge by the error limit only (--no-evaluate)"));
    form->addWidget(m_evaluateBox, r++, 0, 1, 3);

    m_evaluateLimitSpin = new QSpinBox(m_more);
    m_evaluateLimitSpin->setObjectName(QStringLiteral("evaluateLimitSpin"));
    m_evaluateLimitSpin->setRange(0, 100000);
    m_evaluateLimitSpin->setKeyboardTracking(false);
    m_evaluateLimitSpin->setToolTip(
        tr("Front candidates measured one by one, fastest first, "
           "before a binary search along the front (--evaluate-limit)"));
    add(tr("Measured &one by one:"), m_evaluateLimitSpin);

    m_confidenceSpin = new QDoubleSpinBox(m_more);
    m_confidenceSpin->setObjectName(QStringLiteral("confidenceSpin"));
    m_confidenceSpin->setRange(90.0, 99.9);
    m_confidenceSpin->setDecimals(1);
    m_confidenceSpin->setSingleStep(0.5);
    m_confidenceSpin->setSuffix(tr(" %"));
    m_confidenceSpin->setValue(99.0);
    m_confidenceSpin->setKeyboardTracking(false);
    m_confidenceSpin->setToolTip(
        tr("A candidate clearly within or beyond the drop limit is judged on part of the samples "
           "only, when the drop on all of them is known at this confidence; the selection is "
           "always confirmed on every sample. Higher: more samples per candidate. Changing it "
           "prepares the samples again (--confidence)"));
    add(tr("Confidence of early &decisions:"), m_confidenceSpin);

    connect(m_rttSpin, &QDoubleSpinBox::valueChanged, this, &ConstraintPanel::makeNetworkCustom);
    connect(m_overheadSpin, &QSpinBox::valueChanged, this, &ConstraintPanel::makeNetworkCustom);
    connect(m_rawBitsSpin, &QSpinBox::valueChanged, this, &ConstraintPanel::scheduleEmit);
    connect(m_evaluateLimitSpin, &QSpinBox::valueChanged, this, &ConstraintPanel::scheduleEmit);
    connect(m_confidenceSpin, &QDoubleSpinBox::valueChanged, this, &ConstraintPanel::scheduleEmit);
    connect(m_outputsOnEdgeBox, &QCheckBox::toggled, this, &ConstraintPanel::scheduleEmit);
    connect(m_evaluateBox, &QCheckBox::toggled, this, &ConstraintPanel::scheduleEmit);
    connect(m_measuredEdit, &QLineEdit::editingFinished, this, &ConstraintPanel::scheduleEmit);
    connect(m_measuredEdit, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (text.isEmpty() || !m_measuredEdit->hasFocus())
            scheduleEmit(); // cleared, or set by the file dialog
    });
    connect(m_bitsEdit, &QLineEdit::textChanged, this, [this](const QString& text) {
        auto bits = parseBits(text);
        markValid(m_bitsEdit, bits.has_value(),
                  tr("Expected a list of bit-widths like 2,4,6,8 (each 2..8 or 16)"));
        if (bits) {
            m_bits = *bits;
            scheduleEmit();
        }
    });
    connect(m_maxErrorEdit, &QLineEdit::textChanged, this, [this](const QString& text) {
        bool ok = text.trimmed().isEmpty();
        double e = 0;
        if (!ok) {
            e = text.trimmed().toDouble(&ok);
            ok = ok && std::isfinite(e) && e >= 0;
        }
        markValid(m_maxErrorEdit, ok, tr("Expected a number of 0 or more, e.g. 1e-3"));
        if (ok) {
            m_maxError = text.trimmed().isEmpty() ? std::nullopt : std::optional<double>(e);
            {
                const QSignalBlocker block(m_errorSlider);
                m_errorSlider->setValue(errorPosition(m_maxError));
            }
            updateAccuracyNote();
            scheduleEmit();
        }
    });
}

bool ConstraintPanel::pickProfileFile(QComboBox* box, QString& current, const QString& title) {
    if (box->currentData().toString() != kBrowseItem) {
        current = box->currentData().toString();
        return true;
    }
    const QString path = QFileDialog::getOpenFileName(this, title, QString(),
                                                      tr("Profile JSON (*.json);;All files (*)"));
    QString problem;
    if (!path.isEmpty()) {
        const bool network = box == m_networkBox;
        auto device = network ? Result<session::Device>(Error{}) : session::loadDevice(path);
        auto uplink = network ? session::loadNetworkUplink(path) : Result<Uplink>(Error{});
        if (network ? !uplink : !device)
            problem = qstr(network ? uplink.error().message : device.error().message);
        else if (!network && device->params.measured && m_graph)
            if (auto s = checkMeasuredLayers(device->profile.measured(), *m_graph,
                                             QFile::encodeName(path).toStdString());
                !s)
                problem = qstr(s.error().message);
    }
    const QSignalBlocker block(box);
    if (path.isEmpty() || !problem.isEmpty()) {
        selectOrAdd(box, current); // back to what it was
        if (!problem.isEmpty())
            QMessageBox::warning(this, title, tr("This profile cannot be used: %1").arg(problem));
        return false;
    }
    selectOrAdd(box, path);
    current = path;
    return true;
}

QString ConstraintPanel::profileFileLabel(QComboBox* box, const QString& path) const {
    const QString file = QFileInfo(path).fileName();
    const std::string native = QFile::encodeName(path).toStdString();
    if (box == m_networkBox) {
        if (auto profile = loadNetworkProfile(native))
            return tr("%1 (%2)").arg(networkLabel(*profile), file);
    } else if (auto profile = loadDeviceProfile(native)) {
        // this computer's measurement sits in the cache under a hash: its name says nothing
        if (session::isMeasuredProfileCache(path))
            return deviceLabel(*profile);
        return tr("%1 (%2)").arg(deviceLabel(*profile), file);
    }
    return file;
}

void ConstraintPanel::useMeasuredDevice(bool edge, const QString& path) {
    QComboBox* box = edge ? m_edgeBox : m_cloudBox;
    {
        const QSignalBlocker block(box);
        selectOrAdd(box, path);
    }
    (edge ? m_edgeDevice : m_cloudDevice) = path;
    if (edge)
        updateMemoryScale();
    scheduleEmit();
}

void ConstraintPanel::restoreDevice(bool edge) {
    QComboBox* box = edge ? m_edgeBox : m_cloudBox;
    const QSignalBlocker block(box);
    selectOrAdd(box, edge ? m_edgeDevice : m_cloudDevice);
}

void ConstraintPanel::selectOrAdd(QComboBox* box, const QString& name) {
    // A name that is not a preset is a user's profile file: added before "Profile file…",
    // labelled as presets are, with its path as tooltip.
    if (name.isEmpty())
        return;
    int index = box->findData(name);
    if (index < 0) {
        index = box->findData(kBrowseItem);
        if (index < 0)
            index = box->count();
        box->insertItem(index, profileFileLabel(box, name), name);
        box->setItemData(index, name, Qt::ToolTipRole);
    }
    box->setCurrentIndex(index);
}

void ConstraintPanel::setModelFootprint(int64_t smallestBytes, int64_t wholeBytes) {
    m_modelSmallest = std::max<int64_t>(0, smallestBytes);
    m_modelWhole = std::max<int64_t>(0, wholeBytes);
    updateMemoryScale();
}

void ConstraintPanel::updateMemoryScale() {
    // Limits below half the smallest useful split leave only Cloud-Only, limits above twice
    // what the whole model needs at 16 bits change nothing, and none can exceed the device.
    double device = kMemoryFieldMax;
    if (auto edge = session::loadDevice(m_edgeBox->currentData().toString()))
        if (edge->params.offchipBytes > 0)
            device = std::min(device, double(edge->params.offchipBytes));
    double high = device;
    double low = high / std::pow(2.0, 20);
    if (m_modelSmallest > 0 && m_modelWhole > 0) {
        low = 0.5 * double(m_modelSmallest);
        high = std::min(device, 2.0 * double(std::max(m_modelWhole, m_modelSmallest)));
    }
    low = std::clamp(low, kMemoryFieldMin, kMemoryFieldMax / 16.0);
    high = std::clamp(high, 16.0 * low, kMemoryFieldMax);
    setSliderScale(m_memorySlider, m_memoryScale, octaveScale(low, high), m_memorySpin->value());
}

void ConstraintPanel::setSliderScale(QSlider* slider, LogScale& scale, const LogScale& next,
                                     double value) {
    // The field keeps its exact value; the slider only moves to where that value now sits.
    scale = next;
    const QSignalBlocker block(slider);
    slider->setRange(0, scale.steps());
    slider->setValue(scale.position(value));
}

double ConstraintPanel::dropAtPosition(int position) {
    return std::clamp(position, 0, dropPosition(kMaxDrop)) * kDropStep;
}

int ConstraintPanel::dropPosition(double percent) {
    return static_cast<int>(std::lround(std::clamp(percent, 0.0, kMaxDrop) / kDropStep));
}

void ConstraintPanel::fillPresets() {
    // Devices go to the picker of their kind (a profile without one is offered for both). The
    // entry reads as the preset's title and figures; its data stays the preset's id.
    for (const std::string& name : devicePresetNames()) {
        auto profile = loadDevicePreset(name);
        if (!profile)
            continue;
        const QString id = qstr(name);
        const QString label = deviceLabel(*profile);
        const QString tip = tr("%1 (preset '%2')").arg(qstr(profile->description()), id);
        const std::string kind = profile->has_kind() ? profile->kind() : std::string();
        if (kind != "cloud") {
            m_edgeBox->addItem(label, id);
            m_edgeBox->setItemData(m_edgeBox->count() - 1, tip, Qt::ToolTipRole);
        }
        if (kind != "edge") {
            m_cloudBox->addItem(label, id);
            m_cloudBox->setItemData(m_cloudBox->count() - 1, tip, Qt::ToolTipRole);
        }
    }
    for (const std::string& name : networkPresetNames()) {
        auto profile = loadNetworkPreset(name);
        if (!profile)
            continue;
        const QString id = qstr(name);
        m_networkBox->addItem(networkLabel(*profile), id);
        m_networkBox->setItemData(m_networkBox->count() - 1,
                                  tr("%1 (--network %2)").arg(qstr(profile->description()), id),
                                  Qt::ToolTipRole);
    }
    m_networkBox->addItem(tr("Custom"), kCustomItem);
    m_networkBox->setItemData(m_networkBox->count() - 1,
                              tr("No profile: the uplink, round trip and overhead as set below "
                                 "(--uplink, --rtt, --overhead)"),
                              Qt::ToolTipRole);
    for (QComboBox* box : {m_edgeBox, m_cloudBox}) {
        box->addItem(tr("This computer (measured)"), QString::fromLatin1(session::kThisComputer));
        box->setItemData(box->count() - 1,
                         tr("Time every layer of the opened model on this computer, in float and "
                            "at each bit-width (autosplit profile); measured once per model and "
                            "machine, then read from the cache"),
                         Qt::ToolTipRole);
    }
    for (QComboBox* box : {m_edgeBox, m_cloudBox, m_networkBox}) {
        box->insertSeparator(box->count());
        box->addItem(tr("Profile file…"), kBrowseItem);
        box->setItemData(box->count() - 1,
                         box == m_networkBox ? tr("A network profile JSON of your own")
                                             : tr("A device profile JSON of your own"),
                         Qt::ToolTipRole);
    }
}

void ConstraintPanel::applyNetworkPreset(const QString& name) {
    // A chosen network sets all three of its figures.
    auto uplink = session::loadNetworkUplink(name);
    if (!uplink) {
        m_networkFigures.reset();
        return; // the engine says what is wrong with it
    }
    const QSignalBlocker b1(m_uplinkSpin), b2(m_uplinkSlider), b3(m_rttSpin), b4(m_overheadSpin);
    m_networkFigures = *uplink;
    m_uplinkSpin->setValue(uplink->bitsPerSecond);
    m_uplinkSlider->setValue(m_uplinkScale.position(m_uplinkSpin->value()));
    m_rttSpin->setValue(uplink->roundTripSeconds * 1000.0);
    m_overheadSpin->setValue(static_cast<int>(uplink->overheadBytesPerMessage));
}

void ConstraintPanel::makeNetworkCustom() {
    if (m_network != kCustomItem) {
        const QSignalBlocker block(m_networkBox);
        m_networkBox->setCurrentIndex(m_networkBox->findData(kCustomItem));
        m_network = kCustomItem;
        m_networkFigures.reset();
    }
    updateNetworkNote();
    scheduleEmit();
}

void ConstraintPanel::updateNetworkNote() {
    // What the network adds on top of the bytes, the part of the latency users miss most.
    const double rtt = m_rttSpin->value();
    const int overhead = m_overheadSpin->value();
    QString text;
    if (rtt > 0 && overhead > 0)
        text = tr("Adds a %1 round trip and %2 B per message to every split that sends data.")
                   .arg(compactMs(rtt / 1000.0))
                   .arg(overhead);
    else if (rtt > 0)
        text =
            tr("Adds a %1 round trip to every split that sends data.").arg(compactMs(rtt / 1000.0));
    else if (overhead > 0)
        text = tr("No round trip; %1 B per message.").arg(overhead);
    else
        text = tr("No round trip: only the bytes over the uplink count (the paper's set-up).");
    m_networkNote->setText(text);
    // The command line that gives the same figures.
    const session::SolveSettings c = constraints();
    QString flags = c.network.isEmpty() ? QString() : QStringLiteral("--network %1").arg(c.network);
    if (c.network.isEmpty())
        flags =
            QStringLiteral("--uplink %1bps --rtt %2ms --overhead %3")
                .arg(QString::number(*c.uplinkBitsPerSecond / 1048576.0, 'g', 6) + QLatin1Char('M'),
                     QString::number(rtt, 'g', 6))
                .arg(overhead);
    m_networkNote->setToolTip(tr("autosplit solve takes the same network as: %1").arg(flags));
}

session::SolveSettings ConstraintPanel::constraints() const {
    session::SolveSettings c;
    c.edgeDevice = m_edgeBox->currentData().toString();
    c.cloudDevice = m_cloudBox->currentData().toString();
    const QString network = m_networkBox->currentData().toString();
    c.network = network == kCustomItem ? QString() : network;
    c.edgeMemoryBytes = static_cast<int64_t>(std::llround(m_memorySpin->value()));
    c.uplinkBitsPerSecond = m_uplinkSpin->value();
    const double rtt = m_rttSpin->value() / 1000.0;
    const int64_t overhead = m_overheadSpin->value();
    // A profile's own round trip and overhead stay the profile's (read again when the file
    // changes); Custom states both.
    const std::optional<Uplink> profile = c.network.isEmpty() ? std::nullopt : m_networkFigures;
    if (!profile || std::abs(profile->roundTripSeconds - rtt) >= 5e-5)
        c.roundTripSeconds = rtt;
    if (!profile || profile->overheadBytesPerMessage != overhead)
        c.overheadBytesPerMessage = overhead;
    c.maxAccuracyDrop = m_dropSpin->value();
    c.maxError = m_maxError;
    c.bits = m_bits;
    c.measuredLatencies = m_measuredEdit->text().trimmed();
    c.rawInputBits = m_rawBitsSpin->value();
    c.outputsOnEdge = m_outputsOnEdgeBox->isChecked();
    c.evaluate = m_evaluateBox->isChecked();
    c.evaluateLimit = m_evaluateLimitSpin->value();
    // the shown percentage exactly: 99.5 % is 0.995, not a binary neighbour of it
    c.dropConfidence = std::round(m_confidenceSpin->value() * 10.0) / 1000.0;
    return c;
}

void ConstraintPanel::setDropLimitAvailable(bool available, const QString& why) {
    m_dropSlider->setEnabled(available);
    m_dropSpin->setEnabled(available);
    m_dropWhy = available ? QString() : why;
    for (QWidget* w :
         {m_errorLabel, static_cast<QWidget*>(m_errorSlider), static_cast<QWidget*>(m_errorValue)})
        w->setVisible(!available && !why.isEmpty());
    updateAccuracyNote();
}

int ConstraintPanel::errorPosition(std::optional<double> maxError) {
    if (!maxError)
        return kErrorNoLimit;
    if (!(*maxError > 0.0))
        return 0;
    const double steps = (std::log10(*maxError) - kErrorMinExponent) * kErrorStepsPerDecade;
    return std::clamp(static_cast<int>(std::lround(steps)), 0, kErrorNoLimit - 1);
}

std::optional<double> ConstraintPanel::errorAtPosition(int position) {
    if (position >= kErrorNoLimit)
        return std::nullopt;
    return std::pow(10.0, kErrorMinExponent + static_cast<double>(position) / kErrorStepsPerDecade);
}

void ConstraintPanel::updateAccuracyNote() {
    m_errorValue->setText(m_maxError ? QLocale().toString(*m_maxError, 'e', 2) : tr("no limit"));
    // Which rule is in force is always in sight: the drop limit, E, or nothing.
    if (m_dropWhy.isEmpty()) {
        m_dropNote->hide();
        return;
    }
    const QString state =
        m_maxError ? tr("Accuracy is judged by E ≤ %1 instead.")
                         .arg(QLocale().toString(*m_maxError, 'e', 2))
                   : tr("Accuracy is ignored: every candidate qualifies. Move the error limit "
                        "to judge candidates by E.");
    m_dropNote->setText(m_dropWhy + QLatin1Char(' ') + state);
    m_dropNote->show();
}

bool ConstraintPanel::isDropLimitAvailable() const {
    return m_dropSpin->isEnabled();
}

void ConstraintPanel::setConstraints(const session::SolveSettings& c) {
    const QSignalBlocker b1(m_edgeBox), b2(m_cloudBox), b3(m_networkBox), b4(m_memorySlider),
        b5(m_memorySpin), b6(m_uplinkSlider), b7(m_uplinkSpin), b8(m_dropSlider), b9(m_dropSpin),
        b10(m_rttSpin), b11(m_overheadSpin), b12(m_bitsEdit), b13(m_maxErrorEdit),
        b14(m_measuredEdit), b15(m_rawBitsSpin), b16(m_outputsOnEdgeBox), b17(m_evaluateBox),
        b18(m_evaluateLimitSpin), b19(m_confidenceSpin);
    selectOrAdd(m_edgeBox, c.edgeDevice);
    selectOrAdd(m_cloudBox, c.cloudDevice);
    m_edgeDevice = c.edgeDevice;
    m_cloudDevice = c.cloudDevice;
    std::optional<Uplink> network;
    if (!c.network.isEmpty())
        if (auto uplink = session::loadNetworkUplink(c.network))
            network = *uplink;
    // Settings whose figures differ from their network's show as Custom: what is shown is used.
    const Uplink uplink = session::uplinkFor(c, network);
    if (c.network.isEmpty() || (network && !sameUplink(uplink, *network))) {
        m_network = kCustomItem;
        m_networkFigures.reset();
        m_networkBox->setCurrentIndex(m_networkBox->findData(kCustomItem));
    } else {
        m_network = c.network;
        m_networkFigures = network;
        selectOrAdd(m_networkBox, c.network);
    }
    m_memorySpin->setValue(static_cast<double>(c.edgeMemoryBytes.value_or(4 * 1024 * 1024)));
    updateMemoryScale();
    m_uplinkSpin->setValue(uplink.bitsPerSecond);
    m_uplinkSlider->setValue(m_uplinkScale.position(m_uplinkSpin->value()));
    m_rttSpin->setValue(uplink.roundTripSeconds * 1000.0);
    m_overheadSpin->setValue(static_cast<int>(uplink.overheadBytesPerMessage));
    m_dropSpin->setValue(c.maxAccuracyDrop.value_or(m_dropSpin->value()));
    m_dropSlider->setValue(dropPosition(m_dropSpin->value()));
    m_bits = c.bits;
    m_bitsEdit->setText(bitsText(c.bits));
    markValid(m_bitsEdit, true, {});
    m_maxError = c.maxError;
    m_maxErrorEdit->setText(c.maxError ? QString::number(*c.maxError, 'g', 6) : QString());
    markValid(m_maxErrorEdit, true, {});
    {
        const QSignalBlocker block(m_errorSlider);
        m_errorSlider->setValue(errorPosition(c.maxError));
    }
    updateAccuracyNote();
    m_measuredEdit->setText(c.measuredLatencies);
    m_rawBitsSpin->setValue(c.rawInputBits);
    m_outputsOnEdgeBox->setChecked(c.outputsOnEdge);
    m_evaluateBox->setChecked(c.evaluate);
    m_evaluateLimitSpin->setValue(c.evaluateLimit);
    m_confidenceSpin->setValue(c.dropConfidence * 100.0);
    updateNetworkNote();
    m_emitTimer->stop();
    m_lastEmitted = constraints();
}

void ConstraintPanel::apply(const session::SolveSettings& settings) {
    setConstraints(settings);
    emit constraintsChanged(m_lastEmitted);
}

void ConstraintPanel::scheduleEmit() {
    // Within kCoalesceMs of the last emission the change waits for the quiet period's end;
    // otherwise it goes out on the next turn of the event loop (which folds the burst of
    // positions a drag delivers at once), so a single move is not delayed.
    if (m_emitTimer->isActive() || m_leadingQueued)
        return;
    m_leadingQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_leadingQueued = false;
            if (constraints() == m_lastEmitted)
                return;
            emitNow();
            m_emitTimer->start();
        },
        Qt::QueuedConnection);
}

void ConstraintPanel::emitNow() {
    const session::SolveSettings now = constraints();
    if (now == m_lastEmitted)
        return;
    m_lastEmitted = now;
    emit constraintsChanged(now);
}

} // namespace autosplit
