#include "constraint_panel.h"

#include "unit_spin_box.h"

#include "core/cost/profile_loader.h"
#include "core/cost/profile_validation.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace autosplit {

namespace {

constexpr double kKiB = 1024.0;
constexpr double kDropStep = 0.1; // percentage points per drop-slider position
constexpr double kMaxDrop = 100.0;

QString qstr(const std::string& s) {
    return QString::fromStdString(s);
}

// Selects `name` in a picker, adding it first when it is not a preset (a user's profile file).
void selectOrAdd(QComboBox* box, const QString& name) {
    if (name.isEmpty())
        return;
    int index = box->findData(name);
    if (index < 0) {
        box->addItem(name, name);
        index = box->count() - 1;
    }
    box->setCurrentIndex(index);
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

    fillPresets();

    // Defaults: the paper's set-up (Eyeriss edge, TPU cloud, 3 Mbit/s uplink) with the solver's
    // default 4 MiB memory limit and a 1 pp tolerance.
    Constraints defaults;
    defaults.edgeDevice = QStringLiteral("eyeriss");
    defaults.cloudDevice = QStringLiteral("tpu");
    defaults.network = QStringLiteral("3g");
    if (auto net = loadNetworkPreset("3g"))
        defaults.uplink = toUplink(*net);
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
    connect(m_edgeBox, &QComboBox::currentIndexChanged, this, &ConstraintPanel::scheduleEmit);
    connect(m_cloudBox, &QComboBox::currentIndexChanged, this, &ConstraintPanel::scheduleEmit);
    connect(m_networkBox, &QComboBox::currentIndexChanged, this, [this] {
        applyNetworkPreset(m_networkBox->currentData().toString());
        scheduleEmit();
    });
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
}

void ConstraintPanel::applyNetworkPreset(const QString& name) {
    auto profile = loadNetworkPreset(name.toStdString());
    if (!profile)
        return; // a user's file: the engine knows its figures, keep what we have
    const Uplink uplink = toUplink(*profile);
    m_roundTripSeconds = uplink.roundTripSeconds;
    m_overheadBytes = uplink.overheadBytesPerMessage;
    const QSignalBlocker blockSpin(m_uplinkSpin);
    const QSignalBlocker blockSlider(m_uplinkSlider);
    m_uplinkSpin->setValue(uplink.bitsPerSecond);
    m_uplinkSlider->setValue(uplinkScale().position(m_uplinkSpin->value()));
}

Constraints ConstraintPanel::constraints() const {
    Constraints c;
    c.edgeMemoryBytes = static_cast<int64_t>(std::llround(m_memorySpin->value()));
    c.uplink.bitsPerSecond = m_uplinkSpin->value();
    c.uplink.roundTripSeconds = m_roundTripSeconds;
    c.uplink.overheadBytesPerMessage = m_overheadBytes;
    c.maxAccuracyDrop = m_dropSpin->value();
    c.edgeDevice = m_edgeBox->currentData().toString();
    c.cloudDevice = m_cloudBox->currentData().toString();
    c.network = m_networkBox->currentData().toString();
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

void ConstraintPanel::setConstraints(const Constraints& c) {
    const QSignalBlocker b1(m_edgeBox), b2(m_cloudBox), b3(m_networkBox), b4(m_memorySlider),
        b5(m_memorySpin), b6(m_uplinkSlider), b7(m_uplinkSpin), b8(m_dropSlider), b9(m_dropSpin);
    selectOrAdd(m_edgeBox, c.edgeDevice);
    selectOrAdd(m_cloudBox, c.cloudDevice);
    if (c.network.isEmpty())
        m_networkBox->setCurrentIndex(-1);
    else
        selectOrAdd(m_networkBox, c.network);
    m_roundTripSeconds = c.uplink.roundTripSeconds;
    m_overheadBytes = c.uplink.overheadBytesPerMessage;
    m_memorySpin->setValue(static_cast<double>(c.edgeMemoryBytes));
    m_memorySlider->setValue(memoryScale().position(m_memorySpin->value()));
    m_uplinkSpin->setValue(c.uplink.bitsPerSecond);
    m_uplinkSlider->setValue(uplinkScale().position(m_uplinkSpin->value()));
    m_dropSpin->setValue(c.maxAccuracyDrop);
    m_dropSlider->setValue(dropPosition(m_dropSpin->value()));
    m_emitTimer->stop();
    m_lastEmitted = constraints();
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
    const Constraints now = constraints();
    if (now == m_lastEmitted)
        return;
    m_lastEmitted = now;
    emit constraintsChanged(now);
}

} // namespace autosplit
