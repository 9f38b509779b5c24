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
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSlider>
#include <QStyleOptionSlider>
#include <QTemporaryDir>
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
    void presetEntriesNameTheirFigures();
    void memorySliderSpansTheModel();
    void errorLimitStandsInWithoutSamples();
};

void TestConstraintPanel::logScaleRoundTrip_data() {
    QTest::addColumn<double>("minimum");
    QTest::addColumn<double>("maximum");
    QTest::addColumn<bool>("memory");
    // no model yet: 20 octaves below the Eyeriss' 4 GiB
    QTest::newRow("memory") << 4.0 * kKiB << 4.0 * kKiB * kKiB * kKiB << true;
    QTest::newRow("uplink") << 16.0 * kKiB << kKiB * kKiB * kKiB << false;
}

void TestConstraintPanel::logScaleRoundTrip() {
    QFETCH(double, minimum);
    QFETCH(double, maximum);
    QFETCH(bool, memory);
    ConstraintPanel panel;
    const LogScale scale = memory ? panel.memoryScale() : panel.uplinkScale();
    QCOMPARE(scale.minimum(), minimum);
    QCOMPARE(scale.maximum(), maximum);
    const int steps = static_cast<int>(
        std::lround(std::log2(maximum / minimum) * ConstraintPanel::kStepsPerOctave));
    QCOMPARE(scale.steps(), steps);
    QCOMPARE((memory ? panel.memorySlider() : panel.uplinkSlider())->maximum(), steps);
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
    const LogScale scale = panel.memoryScale();
    const double expected =
        referenceValue(scale.minimum(), scale.maximum(), position, scale.steps());
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
    // 3 Mbit/s is log2(3 MiB / 16 KiB) octaves above the slider's start
    const int position = static_cast<int>(
        std::lround(std::log2(3.0 * 1048576.0 / (16.0 * kKiB)) * ConstraintPanel::kStepsPerOctave));
    QCOMPARE(panel.uplinkSlider()->value(), position);
    QCOMPARE(panel.uplinkSpin()->text(), QStringLiteral("3.00 Mbit/s"));

    // Typing into the memory field the same way.
    QLineEdit* memoryEdit = panel.memorySpin()->findChild<QLineEdit*>();
    panel.memorySpin()->setFocus();
    memoryEdit->selectAll();
    QTest::keyClicks(memoryEdit, QStringLiteral("1.5 MiB"));
    QTest::keyClick(memoryEdit, Qt::Key_Return);
    QCOMPARE(waitForOne(panel, spy).edgeMemoryBytes, std::optional<int64_t>(1536 * 1024));

    // A bare number is in the unit the box shows: "20" over "3.00 Mbit/s" is 20 Mbit/s, not
    // 20 bit/s (which the range would have raised to its least rate); "4" over "1.50 MiB" 4 MiB.
    panel.uplinkSpin()->setFocus();
    edit->selectAll();
    QTest::keyClicks(edit, QStringLiteral("20"));
    QTest::keyClick(edit, Qt::Key_Return);
    QCOMPARE(waitForOne(panel, spy).uplinkBitsPerSecond.value(), 20.0 * 1048576.0);
    QCOMPARE(panel.uplinkSpin()->text(), QStringLiteral("20.0 Mbit/s"));
    panel.memorySpin()->setFocus();
    memoryEdit->selectAll();
    QTest::keyClicks(memoryEdit, QStringLiteral("4"));
    QTest::keyClick(memoryEdit, Qt::Key_Return);
    QCOMPARE(waitForOne(panel, spy).edgeMemoryBytes, std::optional<int64_t>(4 * 1024 * 1024));
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
    QCOMPARE(box->count(), files.size() + 3); // then Custom, a separator and "Profile file…"
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
        QCOMPARE(panel.uplinkSlider()->value(), panel.uplinkScale().position(rate));
        QCOMPARE(panel.roundTripSpin()->value(),
                 json.value(QStringLiteral("round_trip_s")).toDouble() * 1000.0);
        // the entry names the preset with its figures, the tooltip gives the whole description
        QVERIFY2(box->currentText().contains(json.value(QStringLiteral("title")).toString()),
                 qPrintable(box->currentText()));
        QVERIFY2(box->currentText().contains(QStringLiteral(" up")),
                 qPrintable(box->currentText()));
        QVERIFY(box->itemData(index, Qt::ToolTipRole)
                    .toString()
                    .contains(json.value(QStringLiteral("description")).toString()));
    }
    // Moving the uplink slider afterwards makes the network Custom: no profile, and the round
    // trip and overhead the preset had, now stated.
    const session::SolveSettings before = panel.constraints();
    const Uplink network = session::loadNetworkUplink(before.network).value();
    panel.uplinkSlider()->setValue(panel.uplinkSlider()->value() - 100);
    const session::SolveSettings c = waitForOne(panel, spy);
    QVERIFY(c.network.isEmpty());
    QCOMPARE(box->currentText(), QStringLiteral("Custom"));
    QCOMPARE(c.roundTripSeconds, std::optional<double>(network.roundTripSeconds));
    QCOMPARE(c.overheadBytesPerMessage, std::optional<int64_t>(network.overheadBytesPerMessage));
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
    // and both offer this computer, measured on the opened model
    edge.append(QStringLiteral("this"));
    cloud.append(QStringLiteral("this"));
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
    QCOMPARE(c.uplinkBitsPerSecond.value(), panel.uplinkScale().value(last));

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
             panel.uplinkScale().value(last + 50));
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
    c.roundTripSeconds.reset(); // the network's own
    c.overheadBytesPerMessage.reset();
    c.bits = {2, 8};
    c.maxError = 1e-3;
    c.measuredLatencies = QStringLiteral("/tmp/measured.csv");
    c.rawInputBits = 32;
    c.outputsOnEdge = true;
    c.evaluate = false;
    c.evaluateLimit = 3;
    c.dropConfidence = 0.95;
    panel.setConstraints(c);
    QTest::qWait(3 * ConstraintPanel::kCoalesceMs);
    QCOMPARE(spy.count(), 0);
    QCOMPARE(panel.constraints(), c);
    QCOMPARE(panel.confidenceSpin()->value(), 95.0);
    QCOMPARE(panel.memorySlider()->value(), panel.memoryScale().position(3.0 * 1048576.0));
    QCOMPARE(panel.roundTripSpin()->value(), 10.0); // Wi-Fi's, shown
    QCOMPARE(panel.overheadSpin()->value(), 40);
    // a network with other figures than its own shows as Custom, with the figures it has
    c.uplinkBitsPerSecond = 7.0 * 1048576.0;
    panel.setConstraints(c);
    QCOMPARE(panel.networkBox()->currentText(), QStringLiteral("Custom"));
    QVERIFY(panel.constraints().network.isEmpty());
    QCOMPARE(panel.constraints().roundTripSeconds, std::optional<double>(0.01));
    QCOMPARE(session::uplinkFor(panel.constraints(), std::nullopt).bitsPerSecond, 7.0 * 1048576.0);
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

    // the round trip beside the uplink, and the overhead, set by hand: a Custom network
    QVERIFY(panel.networkNote()->text().contains(QStringLiteral("100 ms")));
    panel.roundTripSpin()->setValue(25.0);
    const session::SolveSettings custom = waitForOne(panel, spy);
    QCOMPARE(custom.roundTripSeconds, std::optional<double>(0.025));
    QVERIFY(custom.network.isEmpty());
    QCOMPARE(panel.networkBox()->currentText(), QStringLiteral("Custom"));
    QVERIFY2(panel.networkNote()->text().contains(QStringLiteral("25 ms")),
             qPrintable(panel.networkNote()->text()));
    QVERIFY2(panel.networkNote()->toolTip().contains(QStringLiteral("--rtt 25ms")),
             qPrintable(panel.networkNote()->toolTip()));
    panel.overheadSpin()->setValue(64);
    QCOMPARE(waitForOne(panel, spy).overheadBytesPerMessage, std::optional<int64_t>(64));
    // picking a network takes its own figures again
    panel.networkBox()->setCurrentIndex(panel.networkBox()->findData(QStringLiteral("wifi")));
    const session::SolveSettings wifi = waitForOne(panel, spy);
    QVERIFY(!wifi.roundTripSeconds && !wifi.overheadBytesPerMessage);
    QCOMPARE(wifi.network, QStringLiteral("wifi"));
    QCOMPARE(panel.roundTripSpin()->value(), 10.0);
    QCOMPARE(panel.overheadSpin()->value(), 40);

    panel.rawInputBitsSpin()->setValue(32);
    QCOMPARE(waitForOne(panel, spy).rawInputBits, 32);
    panel.outputsOnEdgeBox()->setChecked(true);
    QVERIFY(waitForOne(panel, spy).outputsOnEdge);
    panel.evaluateBox()->setChecked(false);
    QVERIFY(!waitForOne(panel, spy).evaluate);
    panel.evaluateLimitSpin()->setValue(4);
    QCOMPARE(waitForOne(panel, spy).evaluateLimit, 4);
    // the confidence of early decisions in percent, emitted as the fraction shown
    QCOMPARE(panel.confidenceSpin()->value(), 99.0); // the default
    QCOMPARE(panel.confidenceSpin()->minimum(), 90.0);
    QCOMPARE(panel.confidenceSpin()->maximum(), 99.9);
    panel.confidenceSpin()->setValue(99.5);
    QCOMPARE(waitForOne(panel, spy).dropConfidence, 0.995);
    panel.measuredEdit()->setText(QStringLiteral("/data/measured.csv"));
    QCOMPARE(waitForOne(panel, spy).measuredLatencies, QStringLiteral("/data/measured.csv"));

    // a profile file of the user's is offered in its picker and emitted by its path
    session::SolveSettings withFile = panel.constraints();
    withFile.network = QStringLiteral("/data/my-network.json");
    panel.apply(withFile);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.takeFirst().first().value<session::SolveSettings>().network, withFile.network);
    QCOMPARE(panel.networkBox()->currentText(), QStringLiteral("my-network.json"));

    // a readable file reads like a preset: its title and figures, then the file's name
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("site.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"name": "site", "title": "Site LTE", "uplink_bits_per_s": 2097152,
        "round_trip_s": 0.07})");
    file.close();
    withFile.network = path;
    withFile.uplinkBitsPerSecond = 2097152.0;
    withFile.roundTripSeconds.reset();
    withFile.overheadBytesPerMessage.reset();
    panel.setConstraints(withFile);
    QCOMPARE(panel.networkBox()->currentText(),
             QStringLiteral("Site LTE — 2 Mbit/s up, 70 ms round trip (site.json)"));
    QCOMPARE(panel.constraints().network, path);
    QCOMPARE(panel.roundTripSpin()->value(), 70.0);
}

void TestConstraintPanel::presetEntriesNameTheirFigures() {
    ConstraintPanel panel;
    QComboBox* network = panel.networkBox();
    const int g3 = network->findData(QStringLiteral("3g"));
    QCOMPARE(network->itemText(g3), QStringLiteral("3G (HSPA) — 3 Mbit/s up, 100 ms round trip"));
    QCOMPARE(network->itemText(network->findData(QStringLiteral("paper"))),
             QStringLiteral("Auto-Split paper set-up — 3 Mbit/s up, no round trip"));
    QComboBox* edge = panel.edgeDeviceBox();
    const QString hi = edge->itemText(edge->findData(QStringLiteral("hi3516e")));
    QVERIFY2(hi.startsWith(QStringLiteral("HiSilicon Hi3516E")) &&
                 hi.contains(QStringLiteral("128 MiB")) &&
                 hi.contains(QStringLiteral("100 GMAC/s")),
             qPrintable(hi));
    QVERIFY(edge->itemData(edge->findData(QStringLiteral("hi3516e")), Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("camera SoC")));
    // the default is 3G, and the note says what it adds
    QCOMPARE(panel.constraints().network, QStringLiteral("3g"));
    QCOMPARE(panel.networkNote()->text(),
             QStringLiteral("Adds a 100 ms round trip and 40 B per message to every split that "
                            "sends data."));
}

void TestConstraintPanel::memorySliderSpansTheModel() {
    ConstraintPanel panel;
    panel.resize(520, panel.sizeHint().height());
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    // a model whose smallest split needs 20 KiB and which needs 30 MiB whole
    panel.setModelFootprint(20 * 1024, 30 * 1024 * 1024);
    QCOMPARE(panel.memoryScale().minimum(), 10.0 * kKiB);
    QCOMPARE(panel.memoryScale().maximum(), 60.0 * kKiB * kKiB);
    // a device with less memory bounds it
    QSignalSpy spy(&panel, &ConstraintPanel::constraintsChanged);
    panel.edgeDeviceBox()->setCurrentIndex(
        panel.edgeDeviceBox()->findData(QStringLiteral("hi3516e")));
    waitForOne(panel, spy);
    panel.setModelFootprint(20 * 1024, 300 * 1024 * 1024);
    QCOMPARE(panel.memoryScale().maximum(), 128.0 * kKiB * kKiB);
    panel.setModelFootprint(20 * 1024, 30 * 1024 * 1024);

    // ten single steps are one octave, a page step another
    QSlider* slider = panel.memorySlider();
    slider->setFocus();
    const double start = panel.memorySpin()->value();
    for (int i = 0; i < 10; ++i)
        QTest::keyClick(slider, Qt::Key_Right);
    const double stepped = panel.memorySpin()->value();
    QVERIFY2(stepped / start > 1.9 && stepped / start < 2.1, qPrintable(QString::number(stepped)));
    QTest::keyClick(slider, Qt::Key_PageUp);
    QVERIFY(std::abs(panel.memorySpin()->value() / stepped - 2.0) < 0.1);

    // a 100-pixel drag of the handle from 64 KiB: a bounded factor (12.6 octaves over the groove)
    panel.memorySpin()->setValue(64.0 * kKiB);
    const double before = panel.memorySpin()->value();
    QStyleOptionSlider option;
    option.initFrom(slider);
    option.orientation = Qt::Horizontal;
    option.minimum = slider->minimum();
    option.maximum = slider->maximum();
    option.sliderPosition = slider->value();
    option.sliderValue = slider->value();
    const QRect handle = slider->style()->subControlRect(QStyle::CC_Slider, &option,
                                                         QStyle::SC_SliderHandle, slider);
    const QRect groove = slider->style()->subControlRect(QStyle::CC_Slider, &option,
                                                         QStyle::SC_SliderGroove, slider);
    QTest::mousePress(slider, Qt::LeftButton, {}, handle.center());
    for (int dx = 10; dx <= 100; dx += 10) {
        QMouseEvent move(QEvent::MouseMove, QPointF(handle.center() + QPoint(dx, 0)),
                         slider->mapToGlobal(QPointF(handle.center() + QPoint(dx, 0))),
                         Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(slider, &move);
    }
    QTest::mouseRelease(slider, Qt::LeftButton, {}, handle.center() + QPoint(100, 0));
    const double after = panel.memorySpin()->value();
    const double octaves = std::log2(after / before);
    const double span = std::log2(60.0 * 1024 / 10.0); // 12.6 octaves
    qInfo("100 px of a %d px groove: %.0f -> %.0f bytes (x%.1f)", groove.width(), before, after,
          after / before);
    QVERIFY(after > before && after < panel.memoryScale().maximum());
    QVERIFY2(octaves <= span * 100.0 / (groove.width() - handle.width()) + 0.1,
             qPrintable(QString::number(octaves)));
    QVERIFY2(after / before < 64.0, qPrintable(QString::number(after / before)));
    // the field still takes any value, beyond the slider's span too
    panel.memorySpin()->setValue(8.0 * kKiB * kKiB * kKiB);
    QCOMPARE(panel.constraints().edgeMemoryBytes, std::optional<int64_t>(8LL << 30));
    QCOMPARE(slider->value(), slider->maximum());
}

// Without samples the drop limit cannot apply: the E limit's slider takes its place, and the note
// says at every moment which rule is in force — E, or no accuracy rule at all.
void TestConstraintPanel::errorLimitStandsInWithoutSamples() {
    ConstraintPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(!panel.errorSlider()->isVisible());
    QVERIFY(!panel.dropNote()->isVisible());
    QSignalSpy changed(&panel, &ConstraintPanel::constraintsChanged);
    panel.setDropLimitAvailable(false, QStringLiteral("No sample data."));
    QVERIFY(panel.errorSlider()->isVisible());
    QVERIFY(panel.dropNote()->isVisible());
    QVERIFY2(panel.dropNote()->text().contains(QStringLiteral("ignored")),
             qPrintable(panel.dropNote()->text()));
    QVERIFY(!panel.constraints().maxError);
    QCOMPARE(panel.errorSlider()->value(), panel.errorSlider()->maximum());

    // one decade per page step, from the right end down to E <= 1e3, then 1e2 ...
    panel.errorSlider()->setValue(ConstraintPanel::errorPosition(1e-3));
    QTRY_VERIFY(changed.count() > 0);
    const auto limit = changed.last().first().value<session::SolveSettings>().maxError;
    QVERIFY(limit);
    QVERIFY(std::abs(*limit / 1e-3 - 1.0) < 1e-9);
    QCOMPARE(panel.constraints().maxError, limit);
    QVERIFY2(panel.dropNote()->text().contains(QStringLiteral("judged by E")),
             qPrintable(panel.dropNote()->text()));
    QVERIFY(panel.errorValue()->text().contains(QStringLiteral("e-03")));
    // positions and limits are each other's inverse on the grid; the ends clamp
    for (int p = 0; p < panel.errorSlider()->maximum(); p += 7)
        QCOMPARE(ConstraintPanel::errorPosition(ConstraintPanel::errorAtPosition(p)), p);
    QCOMPARE(ConstraintPanel::errorPosition(std::nullopt), panel.errorSlider()->maximum());
    QCOMPARE(ConstraintPanel::errorPosition(1e-30), 0);
    QVERIFY(ConstraintPanel::errorPosition(1e30) < panel.errorSlider()->maximum());
    // settings loaded with an E limit move the slider; the right end again ignores accuracy
    session::SolveSettings s = panel.constraints();
    s.maxError = 2e-6;
    panel.setConstraints(s);
    QCOMPARE(panel.errorSlider()->value(), ConstraintPanel::errorPosition(2e-6));
    QVERIFY(panel.dropNote()->text().contains(QStringLiteral("judged by E")));
    panel.errorSlider()->setValue(panel.errorSlider()->maximum());
    QVERIFY(!panel.constraints().maxError);
    QVERIFY(panel.dropNote()->text().contains(QStringLiteral("ignored")));
    // samples again: the drop limit rules, the E slider goes
    panel.setDropLimitAvailable(true);
    QVERIFY(!panel.errorSlider()->isVisible());
    QVERIFY(!panel.dropNote()->isVisible());
}

QTEST_MAIN(TestConstraintPanel)
#include "test_constraint_panel.moc"
