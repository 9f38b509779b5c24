#include "widgets/constraints/constraint_panel.h"

#include "widgets/constraints/unit_spin_box.h"

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

#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <optional>

namespace autosplit {

namespace {

constexpr double kKiB = 1024.0;
constexpr double kDropStep = 0.1; // percentage points per drop-slider position
constexpr double kMaxDrop = 100.0;

QString qstr(const std::string& s) {
    return QString::fromStdString(s);
}

// The data of each picker's last item, which asks for a profile file.
const QString kBrowseItem = QStringLiteral("\x01"
                                           "browse");

// Selects `name` in a picker, adding it first when it is not a preset (a user's profile file),
// before the "Profile file…" item.
void selectOrAdd(QComboBox* box, const QString& name) {
    if (name.isEmpty())
        return;
    int index = box->findData(name);
    if (index < 0) {
        index = box->findData(kBrowseItem);
        if (index < 0)
            index = box->count();
        box->insertItem(index, QFileInfo(name).fileName(), name);
        box->setItemData(index, name, Qt::ToolTipRole);
    }
    box->setCurrentIndex(index);
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

QSlider* makeSlider(QWidget* parent, int maximum, const QString& objectName) {
    auto* slider = new QSlider(Qt::Horizontal, parent);
    slider->setObjectName(objectName);
    slider->setRange(0, maximum);
    slider->setSingleStep(maximum / 100);
    slider->setPageStep(maximum / 10);
    slider->setMinimumWidth(160);
    return slider;
}

} // namespace

ConstraintPanel::ConstraintPanel(QWidget* parent) : QWidget(parent) {
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

    m_memorySlider = makeSlider(this, kSliderSteps, QStringLiteral("memorySlider"));
    m_memorySpin = new UnitSpinBox(UnitSpinBox::Quantity::Bytes, memoryScale(), this);
    m_memorySpin->setObjectName(QStringLiteral("memorySpin"));
    m_memorySpin->setToolTip(tr("Edge memory limit: weights plus the peak activation working set "
                                "(binary units, 1 MiB = 2^20 bytes)"));
    m_memorySlider->setToolTip(m_memorySpin->toolTip());

    m_uplinkSlider = makeSlider(this, kSliderSteps, QStringLiteral("uplinkSlider"));
    m_uplinkSpin = new UnitSpinBox(UnitSpinBox::Quantity::BitRate, uplinkScale(), this);
    m_uplinkSpin->setObjectName(QStringLiteral("uplinkSpin"));
    m_uplinkSpin->setToolTip(
        tr("Uplink rate from edge to cloud (binary units, 1 Mbit/s = 2^20 bit/s)"));
    m_uplinkSlider->setToolTip(m_uplinkSpin->toolTip());

    m_dropSlider = makeSlider(this, dropPosition(kMaxDrop), QStringLiteral("dropSlider"));
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
    addRow(tr("Edge &memory:"), m_memorySlider, m_memorySpin);
    addRow(tr("&Uplink:"), m_uplinkSlider, m_uplinkSpin);
    addRow(tr("Accuracy &drop ≤"), m_dropSlider, m_dropSpin);
    m_dropNote = new QLabel(this);
    m_dropNote->setObjectName(QStringLiteral("dropNote"));
    m_dropNote->setWordWrap(true);
    m_dropNote->setStyleSheet(QStringLiteral("color: #5f6368; font-style: italic;"));
    m_dropNote->hide();
    grid->addWidget(m_dropNote, row++, 0, 1, 3);

    createMoreOptions(grid, row);
    fillPresets();

    // Defaults: the paper's set-up (Eyeriss edge, TPU cloud, 3 Mbit/s uplink) with the solver's
    // default 4 MiB memory limit and a 1 pp tolerance.
    session::SolveSettings defaults;
    defaults.network = QStringLiteral("3g");
    defaults.edgeMemoryBytes = 4 * 1024 * 1024;
    defaults.maxAccuracyDrop = 1.0;
    setConstraints(defaults);

    // Slider and field follow each other; the field holds the exact value.
    connect(m_memorySlider, &QSlider::valueChanged, this, [this](int position) {
        const QSignalBlocker block(m_memorySpin);
        m_memorySpin->setValue(memoryScale().value(position));
        scheduleEmit();
    });
    connect(m_memorySpin, &QDoubleSpinBox::valueChanged, this, [this](double value) {
        const QSignalBlocker block(m_memorySlider);
        m_memorySlider->setValue(memoryScale().position(value));
        scheduleEmit();
    });
    connect(m_uplinkSlider, &QSlider::valueChanged, this, [this](int position) {
        const QSignalBlocker block(m_uplinkSpin);
        m_uplinkSpin->setValue(uplinkScale().value(position));
        scheduleEmit();
    });
    connect(m_uplinkSpin, &QDoubleSpinBox::valueChanged, this, [this](double value) {
        const QSignalBlocker block(m_uplinkSlider);
        m_uplinkSlider->setValue(uplinkScale().position(value));
        scheduleEmit();
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
        if (pickProfileFile(m_edgeBox, m_edgeDevice, tr("Edge Device Profile")))
            scheduleEmit();
    });
    connect(m_cloudBox, &QComboBox::currentIndexChanged, this, [this] {
        if (pickProfileFile(m_cloudBox, m_cloudDevice, tr("Cloud Device Profile")))
            scheduleEmit();
    });
    connect(m_networkBox, &QComboBox::currentIndexChanged, this, [this] {
        if (!pickProfileFile(m_networkBox, m_network, tr("Network Profile")))
            return;
        applyNetworkPreset(m_networkBox->currentData().toString());
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

    m_rttSpin = new QDoubleSpinBox(m_more);
    m_rttSpin->setObjectName(QStringLiteral("roundTripSpin"));
    m_rttSpin->setRange(-1.0, 100000.0); // -1: the network's own
    m_rttSpin->setDecimals(1);
    m_rttSpin->setSuffix(tr(" ms"));
    m_rttSpin->setKeyboardTracking(false);
    m_rttSpin->setToolTip(tr("Round-trip time per inference; overrides the network's (--rtt)"));
    add(tr("&Round trip:"), m_rttSpin);

    m_overheadSpin = new QSpinBox(m_more);
    m_overheadSpin->setObjectName(QStringLiteral("overheadSpin"));
    m_overheadSpin->setRange(-1, 1 << 30); // -1: the network's own
    m_overheadSpin->setSuffix(tr(" B"));
    m_overheadSpin->setKeyboardTracking(false);
    m_overheadSpin->setToolTip(
        tr("Protocol bytes added to each message; overrides the network's (--overhead)"));
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

    connect(m_rttSpin, &QDoubleSpinBox::valueChanged, this, &ConstraintPanel::scheduleEmit);
    connect(m_overheadSpin, &QSpinBox::valueChanged, this, &ConstraintPanel::scheduleEmit);
    connect(m_rawBitsSpin, &QSpinBox::valueChanged, this, &ConstraintPanel::scheduleEmit);
    connect(m_evaluateLimitSpin, &QSpinBox::valueChanged, this, &ConstraintPanel::scheduleEmit);
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

LogScale ConstraintPanel::memoryScale() {
    return LogScale(kKiB, 16.0 * kKiB * kKiB * kKiB, kSliderSteps);
}

LogScale ConstraintPanel::uplinkScale() {
    return LogScale(kKiB, 4.0 * kKiB * kKiB * kKiB, kSliderSteps);
}

double ConstraintPanel::dropAtPosition(int position) {
    return std::clamp(position, 0, dropPosition(kMaxDrop)) * kDropStep;
}

int ConstraintPanel::dropPosition(double percent) {
    return static_cast<int>(std::lround(std::clamp(percent, 0.0, kMaxDrop) / kDropStep));
}

void ConstraintPanel::fillPresets() {
    // Devices go to the picker of their kind (a profile without one is offered for both).
    for (const std::string& name : devicePresetNames()) {
        auto profile = loadDevicePreset(name);
        if (!profile)
            continue;
        const QString id = qstr(name);
        const QString tip = qstr(profile->description());
        const std::string kind = profile->has_kind() ? profile->kind() : std::string();
        if (kind != "cloud") {
            m_edgeBox->addItem(id, id);
            m_edgeBox->setItemData(m_edgeBox->count() - 1, tip, Qt::ToolTipRole);
        }
        if (kind != "edge") {
            m_cloudBox->addItem(id, id);
            m_cloudBox->setItemData(m_cloudBox->count() - 1, tip, Qt::ToolTipRole);
        }
    }
    for (const std::string& name : networkPresetNames()) {
        auto profile = loadNetworkPreset(name);
        if (!profile)
            continue;
        const QString id = qstr(name);
        m_networkBox->addItem(id, id);
        m_networkBox->setItemData(m_networkBox->count() - 1, qstr(profile->description()),
                                  Qt::ToolTipRole);
    }
    for (QComboBox* box : {m_edgeBox, m_cloudBox, m_networkBox}) {
        box->insertSeparator(box->count());
        box->addItem(tr("Profile file…"), kBrowseItem);
        box->setItemData(box->count() - 1, tr("A device or network profile JSON of your own"),
                         Qt::ToolTipRole);
    }
}

void ConstraintPanel::applyNetworkPreset(const QString& name) {
    // The network's own round trip and overhead apply again; its rate moves the uplink slider.
    {
        const QSignalBlocker b1(m_rttSpin), b2(m_overheadSpin);
        m_rttSpin->setValue(-1);
        m_overheadSpin->setValue(-1);
    }
    showNetworkFigures(name);
    if (name.isEmpty())
        return;
    auto uplink = session::loadNetworkUplink(name);
    if (!uplink)
        return; // the engine says what is wrong with it
    const QSignalBlocker blockSpin(m_uplinkSpin);
    const QSignalBlocker blockSlider(m_uplinkSlider);
    m_uplinkSpin->setValue(uplink->bitsPerSecond);
    m_uplinkSlider->setValue(uplinkScale().position(m_uplinkSpin->value()));
}

void ConstraintPanel::showNetworkFigures(const QString& name) {
    // What "the network's" stands for in the override fields.
    Uplink network;
    if (!name.isEmpty())
        if (auto uplink = session::loadNetworkUplink(name))
            network = *uplink;
    m_rttSpin->setSpecialValueText(
        tr("network's (%1 ms)").arg(QLocale().toString(network.roundTripSeconds * 1000.0, 'g', 4)));
    m_overheadSpin->setSpecialValueText(
        tr("network's (%1 B)").arg(QLocale().toString(qlonglong(network.overheadBytesPerMessage))));
}

session::SolveSettings ConstraintPanel::constraints() const {
    session::SolveSettings c;
    c.edgeDevice = m_edgeBox->currentData().toString();
    c.cloudDevice = m_cloudBox->currentData().toString();
    c.network = m_networkBox->currentData().toString();
    c.edgeMemoryBytes = static_cast<int64_t>(std::llround(m_memorySpin->value()));
    c.uplinkBitsPerSecond = m_uplinkSpin->value();
    if (m_rttSpin->value() >= 0)
        c.roundTripSeconds = m_rttSpin->value() / 1000.0;
    if (m_overheadSpin->value() >= 0)
        c.overheadBytesPerMessage = m_overheadSpin->value();
    c.maxAccuracyDrop = m_dropSpin->value();
    c.maxError = m_maxError;
    c.bits = m_bits;
    c.measuredLatencies = m_measuredEdit->text().trimmed();
    c.rawInputBits = m_rawBitsSpin->value();
    c.outputsOnEdge = m_outputsOnEdgeBox->isChecked();
    c.evaluate = m_evaluateBox->isChecked();
    c.evaluateLimit = m_evaluateLimitSpin->value();
    return c;
}

void ConstraintPanel::setDropLimitAvailable(bool available, const QString& why) {
    m_dropSlider->setEnabled(available);
    m_dropSpin->setEnabled(available);
    m_dropNote->setText(why);
    m_dropNote->setVisible(!available && !why.isEmpty());
}

bool ConstraintPanel::isDropLimitAvailable() const {
    return m_dropSpin->isEnabled();
}

void ConstraintPanel::setConstraints(const session::SolveSettings& c) {
    const QSignalBlocker b1(m_edgeBox), b2(m_cloudBox), b3(m_networkBox), b4(m_memorySlider),
        b5(m_memorySpin), b6(m_uplinkSlider), b7(m_uplinkSpin), b8(m_dropSlider), b9(m_dropSpin),
        b10(m_rttSpin), b11(m_overheadSpin), b12(m_bitsEdit), b13(m_maxErrorEdit),
        b14(m_measuredEdit), b15(m_rawBitsSpin), b16(m_outputsOnEdgeBox), b17(m_evaluateBox),
        b18(m_evaluateLimitSpin);
    selectOrAdd(m_edgeBox, c.edgeDevice);
    selectOrAdd(m_cloudBox, c.cloudDevice);
    if (c.network.isEmpty())
        m_networkBox->setCurrentIndex(-1);
    else
        selectOrAdd(m_networkBox, c.network);
    m_edgeDevice = c.edgeDevice;
    m_cloudDevice = c.cloudDevice;
    m_network = c.network;
    showNetworkFigures(c.network);
    std::optional<Uplink> network;
    if (!c.network.isEmpty())
        if (auto uplink = session::loadNetworkUplink(c.network))
            network = *uplink;
    const Uplink uplink = session::uplinkFor(c, network);
    m_memorySpin->setValue(static_cast<double>(c.edgeMemoryBytes.value_or(4 * 1024 * 1024)));
    m_memorySlider->setValue(memoryScale().position(m_memorySpin->value()));
    m_uplinkSpin->setValue(uplink.bitsPerSecond);
    m_uplinkSlider->setValue(uplinkScale().position(m_uplinkSpin->value()));
    m_rttSpin->setValue(c.roundTripSeconds ? *c.roundTripSeconds * 1000.0 : -1.0);
    m_overheadSpin->setValue(
        c.overheadBytesPerMessage ? static_cast<int>(*c.overheadBytesPerMessage) : -1);
    m_dropSpin->setValue(c.maxAccuracyDrop.value_or(m_dropSpin->value()));
    m_dropSlider->setValue(dropPosition(m_dropSpin->value()));
    m_bits = c.bits;
    m_bitsEdit->setText(bitsText(c.bits));
    markValid(m_bitsEdit, true, {});
    m_maxError = c.maxError;
    m_maxErrorEdit->setText(c.maxError ? QString::number(*c.maxError, 'g', 6) : QString());
    markValid(m_maxErrorEdit, true, {});
    m_measuredEdit->setText(c.measuredLatencies);
    m_rawBitsSpin->setValue(c.rawInputBits);
    m_outputsOnEdgeBox->setChecked(c.outputsOnEdge);
    m_evaluateBox->setChecked(c.evaluate);
    m_evaluateLimitSpin->setValue(c.evaluateLimit);
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
