// ConstraintPanel, offscreen: the log sliders map positions to values and back, slider and
// numeric field follow each other, typed values with units become the right bytes and bit/s
// (binary units: 3 Mbit/s = 3 x 2^20 bit/s), the network preset sets the uplink from the preset
// file, the device pickers offer the presets of their kind, and every user change ends in exactly
// one constraintsChanged() — a drag included.

#include "widgets/constraints/constraint_panel.h"
#include "widgets/constraints/unit_spin_box.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSlider>
#include <QToolButton>
#include <QtTest>

#include <cmath>

using namespace autosplit;

namespace {

constexpr double kKiB = 1024.0;

QString presetsDir() {
    return qEnvironmentVariable("AUTOSPLIT_SOURCE_DIR") + QStringLiteral("/resources/presets/");
}

QJsonObject readJson(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return QJsonDocument::fromJson(file.readAll()).object();
}

// The slider value the panel should show at a position, written out from the definition:
// minimum x (maximum / minimum)^(position / steps), three significant digits in its binary unit.
double referenceValue(double minimum, double maximum, int position, int steps) {
    if (position <= 0)
        return minimum;
    if (position >= steps)
        return maximum;
    const double raw = minimum * std::pow(maximum / minimum, double(position) / steps);
    const double unit = std::pow(1024.0, std::floor(std::log(raw) / std::log(1024.0)));
    const double inUnit = raw / unit;
    const double digits = std::pow(10.0, 2.0 - std::floor(std::log10(inUnit)));
    return std::round(std::round(inUnit * digits) / digits * unit);
}

session::SolveSettings waitForOne(ConstraintPanel& panel, QSignalSpy& spy) {
    if (!spy.wait(2000))
        qFatal("no constraintsChanged");
    QTest::qWait(3 * ConstraintPanel::kCoalesceMs); // nothing else may follow
    if (spy.count() != 1)
        qFatal("%d constraintsChanged signals for one change", int(spy.count()));
    Q_UNUSED(panel);
    return spy.takeFirst().first().value<session::SolveSettings>();
}

} // namespace

class TestConstraintPanel : public QObject {
    Q_OBJECT

private slots:
    void logScaleRoundTrip_data();
    void logScaleRoundTrip();
    void memorySliderEmitsBytes();
    void typedUplinkWithUnits();
    void unitParsing_data();
    void unitParsing();
    void networkPresetSetsUplink();
    void devicePickersOfferTheirKind();
    void singleMoveIsNotDelayed();
    void dragIsCoalesced();
    void dropToleranceInPercentagePoints();
    void setConstraintsDoesNotEmit();
    void moreOptionsEmitWhatTheCommandLineTakes();
};

void TestConstraintPanel::logScaleRoundTrip_data() {
    QTest::addColumn<double>("minimum");
    QTest::addColumn<double>("maximum");
    QTest::addColumn<bool>("memory");
    QTest::newRow("memory") << kKiB << 16.0 * kKiB * kKiB * kKiB << true;
    QTest::newRow("uplink") << kKiB << 4.0 * kKiB * kKiB * kKiB << false;
}

void TestConstraintPanel::logScaleRoundTrip() {
    QFETCH(double, minimum);
    QFETCH(double, maximum);
    QFETCH(bool, memory);
    const LogScale scale = memory ? ConstraintPanel::memoryScale() : ConstraintPanel::uplinkScale();
    QCOMPARE(scale.minimum(), minimum);
    QCOMPARE(scale.maximum(), maximum);
    const int steps = ConstraintPanel::kSliderSteps;
    QCOMPARE(scale.steps(), steps);
    double previous = 0.0;
    for (int p = 0; p <= steps; ++p) {
        const double v = scale.value(p);
        QCOMPARE(v, referenceValue(minimum, maximum, p, steps));
        QVERIFY2(v > previous, qPrintable(QStringLiteral("not increasing at %1").arg(p)));
        previous = v;
        // position -> value -> position is exact
        QCOMPARE(scale.position(v), p);
    }
    // value -> position -> value stays within one step's ratio
    const double stepRatio = std::pow(maximum / minimum, 1.0 / steps);
    for (double v = minimum; v <= maximum; v *= 1.37) {
        const double back = scale.value(scale.position(v));
        QVERIFY(back / v < stepRatio && v / back < stepRatio);
    }
    QCOMPARE(scale.position(minimum / 10), 0);
    QCOMPARE(scale.position(maximum * 10), steps);
}

void TestConstraintPanel::memorySliderEmitsBytes() {
    ConstraintPanel panel;
    QSignalSpy spy(&panel, &ConstraintPanel::constraintsChanged);
    const int position = 437;
    panel.memorySlider()->setValue(position);
    const session::SolveSettings c = waitForOne(panel, spy);
    const double expected =
        referenceValue(kKiB, 16.0 * kKiB * kKiB * kKiB, position, ConstraintPanel::kSliderSteps);
    QCOMPARE(*c.edgeMemoryBytes, static_cast<int64_t>(expected));
    QCOMPARE(panel.memorySpin()->value(), expected);
    QCOMPARE(panel.memorySlider()->value(), position);
    // Only the memory changed.
    session::SolveSettings before = panel.constraints();
    before.edgeMemoryBytes = c.edgeMemoryBytes;
    QCOMPARE(c, before);
    // The field reads in a binary unit.
    const QString text = panel.memorySpin()->text();
    QVERIFY2(text.endsWith(QStringLiteral("KiB")) || text.endsWith(QStringLiteral("MiB")),
             qPrintable(text));
}

void TestConstraintPanel::typedUplinkWithUnits() {
    ConstraintPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    // Start away from 3 Mbit/s so that typing it is a change.
    session::SolveSettings start = panel.constraints();
    start.uplinkBitsPerSecond.value() = 10.0 * kKiB * kKiB;
    panel.setConstraints(start);
    QSignalSpy spy(&panel, &ConstraintPanel::constraintsChanged);
    QLineEdit* edit = panel.uplinkSpin()->findChild<QLineEdit*>();
    QVERIFY(edit);
    panel.uplinkSpin()->setFocus();
    edit->selectAll();
    QTest::keyClicks(edit, QStringLiteral("3 Mbit/s"));
    QTest::keyClick(edit, Qt::Key_Return);
    const session::SolveSettings c = waitForOne(panel, spy);
    QCOMPARE(c.uplinkBitsPerSecond.value(), 3.0 * 1048576.0);
    const int position = static_cast<int>(
        std::lround(std::log(3.0 * 1048576.0 / kKiB) / std::log(4.0 * kKiB * kKiB) * 1000.0));
    QCOMPARE(panel.uplinkSlider()->value(), position);
    QCOMPARE(panel.uplinkSpin()->text(), QStringLiteral("3.00 Mbit/s"));

    // Typing into the memory field the same way.
    QLineEdit* memoryEdit = panel.memorySpin()->findChild<QLineEdit*>();
    panel.memorySpin()->setFocus();
    memoryEdit->selectAll();
    QTest::keyClicks(memoryEdit, QStringLiteral("1.5 MiB"));
    QTest::keyClick(memoryEdit, Qt::Key_Return);
    QCOMPARE(waitForOne(panel, spy).edgeMemoryBytes, std::optional<int64_t>(1536 * 1024));
}

void TestConstraintPanel::unitParsing_data() {
    QTest::addColumn<bool>("bytes");
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("value"); // < 0: rejected
    QTest::newRow("KiB") << true << QStringLiteral("512 KiB") << 524288.0;
    QTest::newRow("MB is binary") << true << QStringLiteral("4 MB") << 4194304.0;
    QTest::newRow("bare prefix") << true << QStringLiteral("2g") << 2147483648.0;
    QTest::newRow("plain bytes") << true << QStringLiteral("1000") << 1000.0;
    QTest::newRow("bytes word") << true << QStringLiteral("300 bytes") << 300.0;
    QTest::newRow("rate on bytes") << true << QStringLiteral("3 Mbit/s") << -1.0;
    QTest::newRow("Mbps") << false << QStringLiteral("3Mbps") << 3145728.0;
    QTest::newRow("kbit/s") << false << QStringLiteral("0.5 kbit/s") << 512.0;
    QTest::newRow("Gbit/s") << false << QStringLiteral("1 Gbit/s") << 1073741824.0;
    QTest::newRow("bytes on rate") << false << QStringLiteral("3 MiB") << -1.0;
    QTest::newRow("junk") << false << QStringLiteral("fast") << -1.0;
}

void TestConstraintPanel::unitParsing() {
    QFETCH(bool, bytes);
    QFETCH(QString, text);
    QFETCH(double, value);
    const auto parsed = UnitSpinBox::parse(
        bytes ? UnitSpinBox::Quantity::Bytes : UnitSpinBox::Quantity::BitRate, text);
    if (value < 0) {
        QVERIFY(!parsed);
    } else {
        QVERIFY(parsed);
        QCOMPARE(*parsed, value);
    }
}

void TestConstraintPanel::networkPresetSetsUplink() {
    ConstraintPanel panel;
    QSignalSpy spy(&panel, &ConstraintPanel::constraintsChanged);
    QComboBox* box = panel.networkBox();
    const QStringList files = QDir(presetsDir() + QStringLiteral("networks"))
                                  .entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QCOMPARE(box->count(), files.size() + 2); // then a separator and "Profile file…"
    for (const QString& file : files) {
        const QJsonObject json = readJson(presetsDir() + QStringLiteral("networks/") + file);
        const QString name = json.value(QStringLiteral("name")).toString();
        const int index = box->findData(name);
        QVERIFY2(index >= 0, qPrintable(name));
        if (index == box->currentIndex())
            continue; // the default (3g): no change to emit
        box->setCurrentIndex(index);
        const session::SolveSettings c = waitForOne(panel, spy);
        QCOMPARE(c.network, name);
        const double rate = json.value(QStringLiteral("uplink_bits_per_s")).toDouble();
        QCOMPARE(c.uplinkBitsPerSecond.value(), rate);
        // the round trip and overhead are the network's own (no overrides), and reach the solve
        QVERIFY(!c.roundTripSeconds && !c.overheadBytesPerMessage);
        const Uplink uplink = session::uplinkFor(c, session::loadNetworkUplink(c.network).value());
        QCOMPARE(uplink.roundTripSeconds, json.value(QStringLiteral("round_trip_s")).toDouble());
        QCOMPARE(uplink.overheadBytesPerMessage,
                 static_cast<int64_t>(
                     json.value(QStringLiteral("overhead_bytes_per_message")).toDouble()));
        QCOMPARE(panel.uplinkSpin()->value(), rate);
        QCOMPARE(panel.uplinkSlider()->value(),
                 static_cast<int>(
                     std::lround(std::log(rate / kKiB) / std::log(4.0 * kKiB * kKiB) * 1000.0)));
    }
    // Moving the uplink slider afterwards keeps the preset's round trip, changes the rate only.
    const session::SolveSettings before = panel.constraints();
    panel.uplinkSlider()->setValue(panel.uplinkSlider()->value() - 100);
    const session::SolveSettings c = waitForOne(panel, spy);
    QCOMPARE(c.network, before.network);
    QCOMPARE(c.roundTripSeconds, before.roundTripSeconds);
    QCOMPARE(c.overheadBytesPerMessage, before.overheadBytesPerMessage);
    QVERIFY(c.uplinkBitsPerSecond.value() < before.uplinkBitsPerSecond.value());
}

void TestConstraintPanel::devicePickersOfferTheirKind() {
    ConstraintPanel panel;
    QStringList edge, cloud;
    const QString dir = presetsDir() + QStringLiteral("devices/");
    for (const QString& file : QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files)) {
        const QJsonObject json = readJson(dir + file);
        (json.value(QStringLiteral("kind")).toString() == QLatin1String("cloud") ? cloud : edge)
            .append(json.value(QStringLiteral("name")).toString());
    }
    auto items = [](QComboBox* box) {
        QStringList names;
        for (int i = 0; i < box->count(); ++i)
            if (box->itemData(i).isValid() &&
                !box->itemData(i).toString().startsWith(QLatin1Char('\x01')))
                names.append(box->itemData(i).toString()); // not the separator, not "Profile file…"
        return names;
    };
    edge.sort();
    cloud.sort();
    QStringList shownEdge = items(panel.edgeDeviceBox()),
                shownCloud = items(panel.cloudDeviceBox());
    shownEdge.sort();
    shownCloud.sort();
    QCOMPARE(shownEdge, edge);
    QCOMPARE(shownCloud, cloud);
    QCOMPARE(panel.constraints().edgeDevice, QStringLiteral("eyeriss"));
    QCOMPARE(panel.constraints().cloudDevice, QStringLiteral("tpu"));

    QSignalSpy spy(&panel, &ConstraintPanel::constraintsChanged);
    panel.edgeDeviceBox()->setCurrentIndex(
        panel.edgeDeviceBox()->findData(QStringLiteral("jetson-tx2")));
    QCOMPARE(waitForOne(panel, spy).edgeDevice, QStringLiteral("jetson-tx2"));
    panel.cloudDeviceBox()->setCurrentIndex(
        panel.cloudDeviceBox()->findData(QStringLiteral("titan-xp")));
    QCOMPARE(waitForOne(panel, spy).cloudDevice, QStringLiteral("titan-xp"));
}

void TestConstraintPanel::singleMoveIsNotDelayed() {
    ConstraintPanel panel;
    QSignalSpy spy(&panel, &ConstraintPanel::constraintsChanged);
    panel.memorySlider()->setValue(panel.memorySlider()->value() + 50);
    QCOMPARE(spy.count(), 0); // not from inside the slider's signal
    // The next turn of the event loop delivers it; no timer has to run out first.
    QCoreApplication::processEvents();
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.first().first().value<session::SolveSettings>().edgeMemoryBytes.value(),
             panel.constraints().edgeMemoryBytes);
    // A second move right after it waits for the quiet period, then goes out alone.
    panel.memorySlider()->setValue(panel.memorySlider()->value() + 50);
    QCoreApplication::processEvents();
    QCOMPARE(spy.count(), 1);
    QVERIFY(spy.wait(2000));
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.last().first().value<session::SolveSettings>().edgeMemoryBytes.value(),
             panel.constraints().edgeMemoryBytes);
}

void TestConstraintPanel::dragIsCoalesced() {
    ConstraintPanel panel;
    QSignalSpy spy(&panel, &ConstraintPanel::constraintsChanged);
    // A drag delivers many positions between two turns of the event loop.
    const int start = panel.uplinkSlider()->value();
    for (int p = start; p > start - 200; p -= 4)
        panel.uplinkSlider()->setValue(p);
    const int last = panel.uplinkSlider()->value();
    const session::SolveSettings c = waitForOne(panel, spy);
    QCOMPARE(c.uplinkBitsPerSecond.value(), ConstraintPanel::uplinkScale().value(last));

    // A slow drag (each step after the previous one was delivered) emits along the way, once
    // per step, and ends at the final value.
    spy.clear();
    for (int i = 1; i <= 5; ++i) {
        panel.uplinkSlider()->setValue(last + 10 * i);
        QVERIFY(spy.wait(2000));
    }
    QTest::qWait(3 * ConstraintPanel::kCoalesceMs);
    QCOMPARE(spy.count(), 5);
    QCOMPARE(spy.last().first().value<session::SolveSettings>().uplinkBitsPerSecond.value(),
             ConstraintPanel::uplinkScale().value(last + 50));
}

void TestConstraintPanel::dropToleranceInPercentagePoints() {
    ConstraintPanel panel;
    QSignalSpy spy(&panel, &ConstraintPanel::constraintsChanged);
    panel.dropSlider()->setValue(25);
    QCOMPARE(waitForOne(panel, spy).maxAccuracyDrop.value(), 2.5);
    QCOMPARE(panel.dropSpin()->value(), 2.5);
    panel.dropSpin()->setValue(7.3);
    QCOMPARE(waitForOne(panel, spy).maxAccuracyDrop.value(), 7.3);
    QCOMPARE(panel.dropSlider()->value(), 73);
    panel.dropSlider()->setValue(panel.dropSlider()->maximum());
    QCOMPARE(waitForOne(panel, spy).maxAccuracyDrop.value(), 100.0);
}

void TestConstraintPanel::setConstraintsDoesNotEmit() {
    ConstraintPanel panel;
    QSignalSpy spy(&panel, &ConstraintPanel::constraintsChanged);
    session::SolveSettings c = panel.constraints();
    c.edgeMemoryBytes = 3 * 1024 * 1024;
    c.maxAccuracyDrop = 4.0;
    c.network = QStringLiteral("wifi");
    c.uplinkBitsPerSecond = 100.0 * 1048576.0;
    c.roundTripSeconds = 0.01;
    c.overheadBytesPerMessage = 40;
    c.bits = {2, 8};
    c.maxError = 1e-3;
    c.measuredLatencies = QStringLiteral("/tmp/measured.csv");
    c.rawInputBits = 32;
    c.outputsOnEdge = true;
    c.evaluate = false;
    c.evaluateLimit = 3;
    panel.setConstraints(c);
    QTest::qWait(3 * ConstraintPanel::kCoalesceMs);
    QCOMPARE(spy.count(), 0);
    QCOMPARE(panel.constraints(), c);
    QCOMPARE(panel.memorySlider()->value(),
             ConstraintPanel::memoryScale().position(3.0 * 1048576.0));
    QCOMPARE(panel.bitsEdit()->text(), QStringLiteral("2,8"));
    QCOMPARE(panel.rawInputBitsSpin()->value(), 32);
}

void TestConstraintPanel::moreOptionsEmitWhatTheCommandLineTakes() {
    ConstraintPanel panel;
    panel.show();
    QVERIFY(!panel.bitsEdit()->isVisible()); // folded away until asked for
    panel.moreOptionsButton()->click();
    QVERIFY(panel.bitsEdit()->isVisible());
    QSignalSpy spy(&panel, &ConstraintPanel::constraintsChanged);

    panel.bitsEdit()->setText(QStringLiteral("2,4"));
    QCOMPARE(waitForOne(panel, spy).bits, (std::vector<int>{2, 4}));
    // a list the quantizers cannot do is marked and not emitted; the last good one stays
    panel.bitsEdit()->setText(QStringLiteral("2,9"));
    QTest::qWait(3 * ConstraintPanel::kCoalesceMs);
    QCOMPARE(spy.count(), 0);
    QVERIFY(panel.bitsEdit()->property("invalid").toBool());
    QCOMPARE(panel.constraints().bits, (std::vector<int>{2, 4}));
    panel.bitsEdit()->clear(); // empty: the edge device's own set
    QVERIFY(waitForOne(panel, spy).bits.empty());

    panel.maxErrorEdit()->setText(QStringLiteral("2.5e-3"));
    QCOMPARE(waitForOne(panel, spy).maxError, std::optional<double>(2.5e-3));
    panel.maxErrorEdit()->setText(QStringLiteral("-1"));
    QTest::qWait(3 * ConstraintPanel::kCoalesceMs);
    QCOMPARE(spy.count(), 0);
    panel.maxErrorEdit()->clear();
    QCOMPARE(waitForOne(panel, spy).maxError, std::nullopt);

    panel.roundTripSpin()->setValue(25.0);
    QCOMPARE(waitForOne(panel, spy).roundTripSeconds, std::optional<double>(0.025));
    panel.overheadSpin()->setValue(64);
    QCOMPARE(waitForOne(panel, spy).overheadBytesPerMessage, std::optional<int64_t>(64));
    // picking a network takes its own figures again
    panel.networkBox()->setCurrentIndex(panel.networkBox()->findData(QStringLiteral("wifi")));
    const session::SolveSettings wifi = waitForOne(panel, spy);
    QVERIFY(!wifi.roundTripSeconds && !wifi.overheadBytesPerMessage);
    QCOMPARE(panel.roundTripSpin()->value(), -1.0);
    QVERIFY(panel.roundTripSpin()->text().contains(QStringLiteral("network")));

    panel.rawInputBitsSpin()->setValue(32);
    QCOMPARE(waitForOne(panel, spy).rawInputBits, 32);
    panel.outputsOnEdgeBox()->setChecked(true);
    QVERIFY(waitForOne(panel, spy).outputsOnEdge);
    panel.evaluateBox()->setChecked(false);
    QVERIFY(!waitForOne(panel, spy).evaluate);
    panel.evaluateLimitSpin()->setValue(4);
    QCOMPARE(waitForOne(panel, spy).evaluateLimit, 4);
    panel.measuredEdit()->setText(QStringLiteral("/data/measured.csv"));
    QCOMPARE(waitForOne(panel, spy).measuredLatencies, QStringLiteral("/data/measured.csv"));

    // a profile file of the user's is offered in its picker and emitted by its path
    session::SolveSettings withFile = panel.constraints();
    withFile.network = QStringLiteral("/data/my-network.json");
    panel.apply(withFile);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.takeFirst().first().value<session::SolveSettings>().network, withFile.network);
    QCOMPARE(panel.networkBox()->currentText(), QStringLiteral("my-network.json"));
}

QTEST_MAIN(TestConstraintPanel)
#include "test_constraint_panel.moc"
