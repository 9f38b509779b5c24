// Device and network profiles: every preset loads (and the embedded copy is the file in
// resources/presets), the paper's Table 1 set-up is what the Eyeriss and TPU presets say, and
// every kind of invalid file gives one line naming the file, the field and the problem.

#include "core/cost/profile_loader.h"
#include "core/cost/profile_validation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>

using namespace autosplit;

namespace {

QString sourceDir() {
    return QStringLiteral(AUTOSPLIT_SOURCE_DIR);
}

// A valid systolic edge device, as JSON, for the invalid-file cases to break one thing in.
QJsonObject validDevice() {
    QJsonObject systolic{{"array_rows", 12},
                         {"array_cols", 14},
                         {"dataflow", "ws"},
                         {"ifmap_buffer_bytes", 36864},
                         {"filter_buffer_bytes", 36864},
                         {"ofmap_buffer_bytes", 36864}};
    return QJsonObject{{"name", "test-edge"},
                       {"description", "a test device"},
                       {"kind", "edge"},
                       {"clock_hz", 202380000.0},
                       {"mac_units", 168},
                       {"mac_precision_bits", 8},
                       {"offchip_bandwidth_bytes_per_s", 1e9},
                       {"onchip_bytes", 196608},
                       {"offchip_bytes", 4294967296.0},
                       {"supported_bits", QJsonArray{2, 4, 6, 8}},
                       {"systolic", systolic}};
}

QJsonObject validRoofline() {
    QJsonObject o = validDevice();
    o.remove("systolic");
    o.remove("clock_hz");
    o.remove("mac_units");
    o["mac_rate_per_s"] = 1e11;
    o["roofline"] = QJsonObject{};
    return o;
}

QJsonObject validNetwork() {
    return QJsonObject{{"name", "test-net"},
                       {"uplink_bits_per_s", 3145728},
                       {"round_trip_s", 0.1},
                       {"overhead_bytes_per_message", 40}};
}

QByteArray json(const QJsonObject& o) {
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

QJsonObject withSystolic(QJsonObject o, const QString& key, const QJsonValue& value) {
    QJsonObject s = o["systolic"].toObject();
    if (value.isUndefined())
        s.remove(key);
    else
        s[key] = value;
    o["systolic"] = s;
    return o;
}

QJsonObject with(QJsonObject o, const QString& key, const QJsonValue& value) {
    if (value.isUndefined())
        o.remove(key);
    else
        o[key] = value;
    return o;
}

// Writes `text` to dir/fileName and returns the path.
std::string writeFile(const QTemporaryDir& dir, const QString& fileName, const QByteArray& text) {
    const std::string path = dir.filePath(fileName).toStdString();
    std::ofstream out(path, std::ios::binary);
    out.write(text.constData(), text.size());
    return path;
}

bool oneLine(const std::string& s) {
    return s.find('\n') == std::string::npos && !s.empty();
}

} // namespace

class TestProfiles : public QObject {
    Q_OBJECT

private slots:
    void presetsAreListed();
    void everyDevicePresetLoads_data();
    void everyDevicePresetLoads();
    void everyNetworkPresetLoads_data();
    void everyNetworkPresetLoads();
    void paperTableOne();
    void uplinkFromNetwork();
    void loadsByNameOrPath();
    void rooflineProfile();
    void invalidDeviceFile_data();
    void invalidDeviceFile();
    void invalidNetworkFile_data();
    void invalidNetworkFile();
    void malformedJsonGivesPosition_data();
    void malformedJsonGivesPosition();
    void missingFile();
};

void TestProfiles::presetsAreListed() {
    const std::vector<std::string> devices = devicePresetNames();
    for (const char* name :
         {"eyeriss", "tpu", "jetson-tx2", "raspberry-pi-4", "hi3516e", "titan-xp"})
        QVERIFY2(std::find(devices.begin(), devices.end(), name) != devices.end(), name);
    QVERIFY(std::is_sorted(devices.begin(), devices.end()));
    const std::vector<std::string> networks = networkPresetNames();
    for (const char* name : {"ble", "3g", "4g", "5g", "wifi"})
        QVERIFY2(std::find(networks.begin(), networks.end(), name) != networks.end(), name);
}

void TestProfiles::everyDevicePresetLoads_data() {
    QTest::addColumn<QString>("name");
    for (const std::string& name : devicePresetNames())
        QTest::newRow(name.c_str()) << QString::fromStdString(name);
}

void TestProfiles::everyDevicePresetLoads() {
    QFETCH(QString, name);
    auto preset = loadDevicePreset(name.toStdString());
    QVERIFY2(preset.ok(), preset.ok() ? "" : preset.error().message.c_str());
    QCOMPARE(QString::fromStdString(preset->name()), name);
    QVERIFY(preset->description().size() > 40); // says what it is and where figures come from
    auto params = deviceParams(*preset, name.toStdString());
    QVERIFY2(params.ok(), params.ok() ? "" : params.error().message.c_str());
    QVERIFY(params->macRatePerSecond > 0 && params->bandwidthBytesPerSecond > 0);
    QVERIFY(!params->supportedBits.empty());

    // The embedded copy is the file under resources/presets/devices.
    const std::string file =
        (sourceDir() + "/resources/presets/devices/" + name + ".json").toStdString();
    auto onDisk = loadDeviceProfileFile(file);
    QVERIFY2(onDisk.ok(), onDisk.ok() ? "" : onDisk.error().message.c_str());
    QCOMPARE(onDisk->SerializeAsString(), preset->SerializeAsString());
}

void TestProfiles::everyNetworkPresetLoads_data() {
    QTest::addColumn<QString>("name");
    for (const std::string& name : networkPresetNames())
        QTest::newRow(name.c_str()) << QString::fromStdString(name);
}

void TestProfiles::everyNetworkPresetLoads() {
    QFETCH(QString, name);
    auto preset = loadNetworkPreset(name.toStdString());
    QVERIFY2(preset.ok(), preset.ok() ? "" : preset.error().message.c_str());
    QCOMPARE(QString::fromStdString(preset->name()), name);
    QVERIFY(preset->description().size() > 40);
    const Uplink u = toUplink(*preset);
    QVERIFY(u.bitsPerSecond > 0 && u.roundTripSeconds >= 0 && u.overheadBytesPerMessage >= 0);
    const std::string file =
        (sourceDir() + "/resources/presets/networks/" + name + ".json").toStdString();
    auto onDisk = loadNetworkProfileFile(file);
    QVERIFY2(onDisk.ok(), onDisk.ok() ? "" : onDisk.error().message.c_str());
    QCOMPARE(onDisk->SerializeAsString(), preset->SerializeAsString());
}

void TestProfiles::paperTableOne() {
    // Auto-Split, Table 1: Eyeriss 192 KB on chip, 4 GB off chip, 1 GB/s, 34 GOPs (168 MACs at
    // 202.38 MHz); TPU 28 MB, 16 GB, 13 GB/s, 96 TOPs (65,536 MACs at 1464.84 MHz).
    auto eyeriss = deviceParams(loadDevicePreset("eyeriss").value(), "eyeriss");
    QVERIFY(eyeriss.ok());
    QVERIFY(eyeriss->kind == DeviceKind::Edge);
    QVERIFY(eyeriss->systolic.has_value());
    QCOMPARE(eyeriss->systolic->array.rows, int64_t{12});
    QCOMPARE(eyeriss->systolic->array.cols, int64_t{14});
    QVERIFY(eyeriss->systolic->dataflow == Dataflow::WeightStationary);
    QCOMPARE(eyeriss->clockHz, 202.38e6);
    QVERIFY(std::abs(eyeriss->macRatePerSecond - 34e9) < 0.001 * 34e9);
    QCOMPARE(eyeriss->macPrecisionBits, 8);
    QCOMPARE(eyeriss->bandwidthBytesPerSecond, 1e9);
    QCOMPARE(eyeriss->onchipBytes, int64_t{192 * 1024});
    QCOMPARE(eyeriss->offchipBytes, int64_t{4} << 30);
    QCOMPARE(eyeriss->supportedBits, (std::vector<int>{2, 4, 6, 8}));

    auto tpu = deviceParams(loadDevicePreset("tpu").value(), "tpu");
    QVERIFY(tpu.ok());
    QVERIFY(tpu->kind == DeviceKind::Cloud);
    QCOMPARE(tpu->systolic->array.rows, int64_t{256});
    QCOMPARE(tpu->systolic->array.cols, int64_t{256});
    QVERIFY(std::abs(tpu->macRatePerSecond - 96e12) < 0.001 * 96e12);
    QCOMPARE(tpu->macPrecisionBits, 16);
    QCOMPARE(tpu->bandwidthBytesPerSecond, 13e9);
    QCOMPARE(tpu->onchipBytes, int64_t{28} << 20);
    QCOMPARE(tpu->offchipBytes, int64_t{16} << 30);
    // SCALE-Sim's "google" buffers: 6144 / 6144 / 2048 KB.
    QCOMPARE(tpu->systolic->buffers.ifmapBytes, int64_t{6144} * 1024);
    QCOMPARE(tpu->systolic->buffers.ofmapBytes, int64_t{2048} * 1024);
}

void TestProfiles::uplinkFromNetwork() {
    auto g3 = loadNetworkPreset("3g");
    QVERIFY(g3.ok());
    Uplink u = toUplink(*g3);
    QCOMPARE(u.bitsPerSecond, 3.0 * 1048576); // binary megabits, as the paper's code
    // DESIGN.md: a 224 x 224 x 3 image at 8 bits takes 0.383 s at 3 Mbps (no round trip).
    const int64_t image = 224 * 224 * 3;
    Uplink bare = u;
    bare.roundTripSeconds = 0;
    bare.overheadBytesPerMessage = 0;
    QVERIFY(std::abs(bare.seconds(image) - 0.383) < 0.0005);
    // The preset adds its round trip and per-message overhead.
    QVERIFY(
        qFuzzyCompare(u.seconds(image), u.roundTripSeconds + (image + 40) * 8.0 / (3.0 * 1048576)));
    QCOMPARE(u.seconds(0), 0.0);
}

void TestProfiles::loadsByNameOrPath() {
    auto byName = loadDeviceProfile("eyeriss");
    QVERIFY(byName.ok());
    QTemporaryDir dir;
    const std::string path = writeFile(dir, "my-edge.json", json(validDevice()));
    auto byPath = loadDeviceProfile(path);
    QVERIFY2(byPath.ok(), byPath.ok() ? "" : byPath.error().message.c_str());
    QCOMPARE(byPath->name(), std::string("test-edge"));

    auto unknown = loadDeviceProfile("eyerris");
    QVERIFY(!unknown.ok());
    QVERIFY(oneLine(unknown.error().message));
    QVERIFY(unknown.error().message.find("unknown device preset 'eyerris'") != std::string::npos);
    QVERIFY(unknown.error().message.find("eyeriss") != std::string::npos); // lists the presets

    auto net = loadNetworkProfile("4g");
    QVERIFY(net.ok());
    auto unknownNet = loadNetworkProfile("6g");
    QVERIFY(!unknownNet.ok());
    QVERIFY(unknownNet.error().message.find("unknown network preset '6g'") != std::string::npos);
}

void TestProfiles::rooflineProfile() {
    auto p = parseDeviceProfileJson(json(validRoofline()).toStdString(), "r.json");
    QVERIFY2(p.ok(), p.ok() ? "" : p.error().message.c_str());
    auto d = deviceParams(*p, "r.json");
    QVERIFY(d.ok());
    QVERIFY(!d->systolic);
    QCOMPARE(d->macRatePerSecond, 1e11);
    QCOMPARE(d->elementwiseOpsPerSecond, 1e11); // defaults to the MAC rate
    QCOMPARE(d->roofline.computeEfficiency, 1.0);
    // Clock and MAC units instead of a rate.
    QJsonObject clocked = validRoofline();
    clocked.remove("mac_rate_per_s");
    clocked["clock_hz"] = 1e9;
    clocked["mac_units"] = 64;
    auto c = parseDeviceProfileJson(json(clocked).toStdString(), "c.json");
    QVERIFY2(c.ok(), c.ok() ? "" : c.error().message.c_str());
    QCOMPARE(deviceParams(*c, "c.json")->macRatePerSecond, 64e9);
}

void TestProfiles::invalidDeviceFile_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected"); // the whole message after "<file>: "

    const QJsonValue remove = QJsonValue(QJsonValue::Undefined);
    QTest::newRow("missing field") << json(with(validDevice(), "mac_precision_bits", remove))
                                   << "field 'mac_precision_bits' is missing";
    QTest::newRow("missing name") << json(with(validDevice(), "name", remove))
                                  << "field 'name' is missing";
    QTest::newRow("missing nested field") << json(withSystolic(validDevice(), "dataflow", remove))
                                          << "field 'systolic.dataflow' is missing";
    QTest::newRow("negative") << json(with(validDevice(), "onchip_bytes", -5))
                              << "field 'onchip_bytes' must be > 0, not -5";
    QTest::newRow("zero rows") << json(withSystolic(validDevice(), "array_rows", 0))
                               << "field 'systolic.array_rows' must be > 0, not 0";
    QTest::newRow("negative bandwidth")
        << json(with(validDevice(), "offchip_bandwidth_bytes_per_s", -1e9))
        << "field 'offchip_bandwidth_bytes_per_s' must be > 0, not -1000000000";
    QTest::newRow("not a number") << json(with(validDevice(), "clock_hz", "NaN"))
                                  << "field 'clock_hz' must be a finite number";
    QTest::newRow("wrong type int")
        << json(withSystolic(validDevice(), "array_rows", "twelve"))
        << "field 'systolic.array_rows': invalid value \"twelve\" for type TYPE_INT32";
    QTest::newRow("wrong type fraction")
        << json(withSystolic(validDevice(), "array_cols", 1.5))
        << "field 'systolic.array_cols': invalid value 1.5 for type TYPE_INT32";
    QTest::newRow("wrong type string") << json(with(validDevice(), "name", 12))
                                       << "field 'name': invalid value 12 for type TYPE_STRING";
    QTest::newRow("wrong type element")
        << json(with(validDevice(), "supported_bits", QJsonArray{2, "four"}))
        << "field 'supported_bits[1]': invalid value \"four\" for type TYPE_INT32";
    QTest::newRow("unknown field")
        << json(with(validDevice(), "colour", "blue")) << "unknown field 'colour'";
    QTest::newRow("unknown nested field") << json(withSystolic(validDevice(), "array_rowz", 12))
                                          << "unknown field 'systolic.array_rowz'";
    QTest::newRow("bad dataflow")
        << json(withSystolic(validDevice(), "dataflow", "xs"))
        << "field 'systolic.dataflow' must be \"ws\", \"os\" or \"is\", not \"xs\"";
    QTest::newRow("bad kind") << json(with(validDevice(), "kind", "fog"))
                              << "field 'kind' must be \"edge\" or \"cloud\", not \"fog\"";
    QTest::newRow("mac units disagree")
        << json(with(validDevice(), "mac_units", 100))
        << "field 'mac_units' (100) must equal systolic.array_rows x "
           "systolic.array_cols (168)";
    QTest::newRow("mac rate disagrees")
        << json(with(validDevice(), "mac_rate_per_s", 50e9))
        << "field 'mac_rate_per_s' (5e+10) disagrees with clock_hz x array_rows "
           "x array_cols (3.399984e+10)";
    QTest::newRow("no clock") << json(with(validDevice(), "clock_hz", remove))
                              << "field 'clock_hz' is missing (a systolic array needs its clock)";
    QTest::newRow("no model")
        << json(with(validDevice(), "systolic", remove))
        << "field 'systolic', 'roofline' or 'measured' is missing (one of them is required)";
    // QJsonDocument writes keys in sorted order: "roofline" comes first, "systolic" is the extra
    // one.
    QTest::newRow("two models")
        << json(with(validDevice(), "roofline", QJsonObject{}))
        << "field 'systolic': only one of 'systolic' and 'roofline' may be given";
    QTest::newRow("no bit-widths") << json(with(validDevice(), "supported_bits", QJsonArray{}))
                                   << "field 'supported_bits' must list at least one bit-width";
    QTest::newRow("bit-width out of range")
        << json(with(validDevice(), "supported_bits", QJsonArray{0, 8}))
        << "field 'supported_bits[0]' must be between 1 and 32, not 0";
    QTest::newRow("repeated bit-width")
        << json(with(validDevice(), "supported_bits", QJsonArray{8, 8}))
        << "field 'supported_bits[1]' repeats bit-width 8";
    QTest::newRow("mac precision") << json(with(validDevice(), "mac_precision_bits", 0))
                                   << "field 'mac_precision_bits' must be between 1 and 64, not 0";
    QTest::newRow("buffers exceed on-chip")
        << json(with(validDevice(), "onchip_bytes", 1000))
        << "field 'onchip_bytes' (1000) is smaller than the three systolic "
           "buffers together (110592)";
    QTest::newRow("roofline without rate")
        << json(with(validRoofline(), "mac_rate_per_s", remove))
        << "field 'mac_rate_per_s' is missing (give it, or both 'clock_hz' and "
           "'mac_units')";
    QTest::newRow("roofline efficiency")
        << json(with(validRoofline(), "roofline", QJsonObject{{"compute_efficiency", 1.5}}))
        << "field 'roofline.compute_efficiency' must be in (0, 1], not 1.5";
    QTest::newRow("top level array")
        << QByteArray("[1, 2]") << "invalid profile: Root element must be a message.";
}

void TestProfiles::invalidDeviceFile() {
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const std::string path = writeFile(dir, "eyeriss.json", text);
    auto loaded = loadDeviceProfileFile(path);
    QVERIFY(!loaded.ok());
    const std::string& message = loaded.error().message;
    QVERIFY2(oneLine(message), message.c_str());
    QCOMPARE(QString::fromStdString(message), QString::fromStdString(path) + ": " + expected);
    // The same text as a preset-like source names that source.
    auto parsed = parseDeviceProfileJson(text.toStdString(), "eyeriss.json");
    QVERIFY(!parsed.ok());
    QCOMPARE(QString::fromStdString(parsed.error().message), "eyeriss.json: " + expected);
}

void TestProfiles::invalidNetworkFile_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");
    const QJsonValue remove = QJsonValue(QJsonValue::Undefined);
    QTest::newRow("missing uplink") << json(with(validNetwork(), "uplink_bits_per_s", remove))
                                    << "field 'uplink_bits_per_s' is missing";
    QTest::newRow("zero uplink") << json(with(validNetwork(), "uplink_bits_per_s", 0))
                                 << "field 'uplink_bits_per_s' must be > 0, not 0";
    QTest::newRow("missing round trip")
        << json(with(validNetwork(), "round_trip_s", remove)) << "field 'round_trip_s' is missing";
    QTest::newRow("negative round trip")
        << json(with(validNetwork(), "round_trip_s", -0.1))
        << "field 'round_trip_s' must be a finite number >= 0, not -0.1";
    QTest::newRow("negative overhead")
        << json(with(validNetwork(), "overhead_bytes_per_message", -4))
        << "field 'overhead_bytes_per_message' must be >= 0, not -4";
    QTest::newRow("wrong type")
        << json(with(validNetwork(), "round_trip_s", "fast"))
        << "field 'round_trip_s': invalid value \"fast\" for type TYPE_DOUBLE";
    QTest::newRow("unknown field") << json(with(validNetwork(), "downlink_bits_per_s", 1e6))
                                   << "unknown field 'downlink_bits_per_s'";
}

void TestProfiles::invalidNetworkFile() {
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const std::string path = writeFile(dir, "3g.json", text);
    auto loaded = loadNetworkProfileFile(path);
    QVERIFY(!loaded.ok());
    QVERIFY2(oneLine(loaded.error().message), loaded.error().message.c_str());
    QCOMPARE(QString::fromStdString(loaded.error().message),
             QString::fromStdString(path) + ": " + expected);
}

void TestProfiles::malformedJsonGivesPosition_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");
    // A missing comma: the error is at the next key, line 3 column 3.
    QTest::newRow("missing comma")
        << QByteArray("{\n  \"name\": \"x\"\n  \"kind\": \"edge\"\n}\n")
        << "malformed JSON at line 3, column 3: Expected , or } after key:value pair.";
    // An unquoted value on line 2, column 11.
    QTest::newRow("bare word") << QByteArray("{\n  \"name\": edge\n}")
                               << "malformed JSON at line 2, column 11: Unexpected token.";
    QTest::newRow("truncated") << QByteArray("{\"name\": \"x\",")
                               << "malformed JSON at line 1, column 14: Unexpected "
                                  "end of string. Expected an object key or }.";
    QTest::newRow("empty")
        << QByteArray("")
        << "malformed JSON at line 1, column 1: Unexpected end of string. Expected a value.";
    QTest::newRow("unclosed")
        << QByteArray("{\n  \"name\": \"x\"\n")
        << "malformed JSON at line 3, column 1: Unexpected end of string. Expected , or } after "
           "key:value pair.";
}

void TestProfiles::malformedJsonGivesPosition() {
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    auto parsed = parseDeviceProfileJson(text.toStdString(), "edge.json");
    QVERIFY(!parsed.ok());
    QVERIFY2(oneLine(parsed.error().message), parsed.error().message.c_str());
    QCOMPARE(QString::fromStdString(parsed.error().message), "edge.json: " + expected);
}

void TestProfiles::missingFile() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("nowhere/edge.json").toStdString();
    auto loaded = loadDeviceProfileFile(path);
    QVERIFY(!loaded.ok());
    QVERIFY(oneLine(loaded.error().message));
    QCOMPARE(QString::fromStdString(loaded.error().message),
             QString::fromStdString("cannot open '" + path + "': No such file or directory"));
    QVERIFY(!loadNetworkProfile(path).ok());
}

QTEST_GUILESS_MAIN(TestProfiles)
#include "test_profiles.moc"
