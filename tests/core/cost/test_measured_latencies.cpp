// Per-layer latencies measured on a device, from CSV: they override the model for the layers
// they list (and only those), and every malformed file gives one line naming the file, the line
// and the column or the unknown layers.

#include "tests/core/cost/cost_test_support.h"

#include "core/cost/measured_latencies.h"
#include "core/cost/measured_latency_model.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

bool oneLine(const std::string& s) {
    return !s.empty() && s.find('\n') == std::string::npos;
}

} // namespace

class TestMeasuredLatencies : public QObject {
    Q_OBJECT

private slots:
    void overridesListedLayers();
    void quotedNamesAndColumnOrder();
    void fileOnDisk();
    void errors_data();
    void errors();
    void unknownLayersAreListed();
    void ambiguousName();
};

// buildChain(3): conv, relu, conv_2, relu_2, conv_3, relu_3.
void TestMeasuredLatencies::overridesListedLayers() {
    ANALYZE_OR_FAIL(a, buildChain(3));
    QCOMPARE(a.analysis.layers[0].name, std::string("conv"));
    QCOMPARE(a.analysis.layers[2].name, std::string("conv_2"));
    auto base = presetModel(a);
    QVERIFY(base.ok());
    std::shared_ptr<const AnalyticalLatencyModel> model = std::move(base).value();

    const std::string csv = "layer,edge_ms,cloud_ms\n"
                            "conv,3.5,0.25\n"
                            "conv_2,,0.125\n" // cloud only: the edge keeps the model
                            "relu_3,1,\n";    // edge only
    auto measured = parseMeasuredLatencyCsv(csv, "lat.csv", a.analysis);
    QVERIFY2(measured.ok(), measured.ok() ? "" : measured.error().message.c_str());
    auto combined = MeasuredLatencyModel::create(model, *measured);
    QVERIFY2(combined.ok(), combined.ok() ? "" : combined.error().message.c_str());
    const MeasuredLatencyModel& m = **combined;
    QCOMPARE(m.layerCount(), 6);

    const LayerTraffic t8 = uniformTraffic(model->geometry(1), 8);
    QCOMPARE(m.edgeLayerSeconds(1, t8), 0.0035);
    QCOMPARE(m.edgeLayerSeconds(1, uniformTraffic(model->geometry(1), 2)),
             0.0035); // whatever the bits
    QCOMPARE(m.cloudLayerSeconds(1), 0.00025);
    QVERIFY(m.edgeMeasured(1) && m.cloudMeasured(1));

    const LayerTraffic t3 = uniformTraffic(model->geometry(3), 8);
    QCOMPARE(m.edgeLayerSeconds(3, t3), model->edgeLayerSeconds(3, t3));
    QCOMPARE(m.cloudLayerSeconds(3), 0.000125);
    QVERIFY(!m.edgeMeasured(3) && m.cloudMeasured(3));

    QCOMPARE(m.edgeLayerSeconds(6, uniformTraffic(model->geometry(6), 8)), 0.001);
    QCOMPARE(m.cloudLayerSeconds(6), model->cloudLayerSeconds(6));

    for (int layer : {2, 4, 5}) {
        const LayerTraffic t = uniformTraffic(model->geometry(layer), 4);
        QCOMPARE(m.edgeLayerSeconds(layer, t), model->edgeLayerSeconds(layer, t));
        QCOMPARE(m.cloudLayerSeconds(layer), model->cloudLayerSeconds(layer));
        QVERIFY(!m.edgeMeasured(layer) && !m.cloudMeasured(layer));
    }

    // Measurements for another model's layer count are refused.
    ANALYZE_OR_FAIL(other, buildChain(2));
    auto otherMeasured =
        parseMeasuredLatencyCsv("layer,edge_ms\nconv,1\n", "other.csv", other.analysis);
    QVERIFY(otherMeasured.ok());
    QVERIFY(!MeasuredLatencyModel::create(model, *otherMeasured).ok());
}

void TestMeasuredLatencies::quotedNamesAndColumnOrder() {
    ModelBuilder b;
    b.output(b.relu(b.conv(b.input("x", {1, 3, 8, 8}), 4, 3, 1, -1, 1, true, 1, "block,1 \"a\""),
                    "relu"));
    ANALYZE_OR_FAIL(a, b.model());
    const std::string csv = "cloud_ms , layer\r\n"
                            "\r\n"
                            " 2.5 , \"block,1 \"\"a\"\"\" \r\n";
    auto measured = parseMeasuredLatencyCsv(csv, "q.csv", a.analysis);
    QVERIFY2(measured.ok(), measured.ok() ? "" : measured.error().message.c_str());
    QCOMPARE(measured->cloudSeconds[0].value(), 0.0025);
    QVERIFY(!measured->edgeSeconds[0]);
    QVERIFY(!measured->cloudSeconds[1]);
}

void TestMeasuredLatencies::fileOnDisk() {
    ANALYZE_OR_FAIL(a, buildChain(2));
    QTemporaryDir dir;
    const std::string path = dir.filePath("measured.csv").toStdString();
    std::ofstream(path) << "layer,edge_ms\nrelu_2,0.5\n";
    auto measured = loadMeasuredLatencyCsv(path, a.analysis);
    QVERIFY2(measured.ok(), measured.ok() ? "" : measured.error().message.c_str());
    QCOMPARE(measured->edgeSeconds[3].value(), 0.0005);

    auto missing = loadMeasuredLatencyCsv(dir.filePath("none.csv").toStdString(), a.analysis);
    QVERIFY(!missing.ok());
    QVERIFY(oneLine(missing.error().message));
    QVERIFY(missing.error().message.find("none.csv") != std::string::npos);
}

void TestMeasuredLatencies::errors_data() {
    QTest::addColumn<QString>("csv");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty")
        << ""
        << "m.csv: empty file (a header line such as 'layer,edge_ms,cloud_ms' is required)";
    QTest::newRow("no header")
        << "conv,1.0,2.0\n"
        << "m.csv:1: unknown column 'conv' in the header (expected 'layer', 'edge_ms', "
           "'cloud_ms')";
    QTest::newRow("no layer column")
        << "edge_ms,cloud_ms\n1,2\n"
        << "m.csv:1: the header has no 'layer' column (a header line such as "
           "'layer,edge_ms,cloud_ms' is required)";
    QTest::newRow("no latency column")
        << "layer\nconv\n"
        << "m.csv:1: the header has neither an 'edge_ms' nor a 'cloud_ms' column";
    QTest::newRow("repeated column") << "layer,edge_ms,edge_ms\n"
                                     << "m.csv:1: column 'edge_ms' appears twice in the header";
    QTest::newRow("not a number") << "layer,edge_ms,cloud_ms\nconv,1.0,2.0\n\nconv_2,fast,1\n"
                                  << "m.csv:4: column 'edge_ms': 'fast' is not a number";
    QTest::newRow("trailing junk") << "layer,cloud_ms\nconv,2ms\n"
                                   << "m.csv:2: column 'cloud_ms': '2ms' is not a number";
    QTest::newRow("negative") << "layer,edge_ms,cloud_ms\nconv,1,-2\n"
                              << "m.csv:2: column 'cloud_ms': -2 must be >= 0";
    QTest::newRow("infinite") << "layer,edge_ms\nconv,inf\n"
                              << "m.csv:2: column 'edge_ms': 'inf' is not a number";
    QTest::newRow("field count") << "layer,edge_ms,cloud_ms\nconv,1\n"
                                 << "m.csv:2: 2 fields, but the header has 3";
    QTest::newRow("empty layer") << "layer,edge_ms\n,1\n"
                                 << "m.csv:2: column 'layer' is empty";
    QTest::newRow("listed twice") << "layer,edge_ms\nconv,1\nrelu,2\nconv,3\n"
                                  << "m.csv:4: layer 'conv' is listed again (first on line 2)";
    QTest::newRow("unterminated quote") << "layer,edge_ms\n\"conv,1\n"
                                        << "m.csv:2: unterminated quoted field";
}

void TestMeasuredLatencies::errors() {
    QFETCH(QString, csv);
    QFETCH(QString, expected);
    ANALYZE_OR_FAIL(a, buildChain(2));
    auto measured = parseMeasuredLatencyCsv(csv.toStdString(), "m.csv", a.analysis);
    QVERIFY(!measured.ok());
    QVERIFY2(oneLine(measured.error().message), measured.error().message.c_str());
    QCOMPARE(QString::fromStdString(measured.error().message), expected);
}

void TestMeasuredLatencies::unknownLayersAreListed() {
    ANALYZE_OR_FAIL(a, buildChain(2));
    const std::string csv = "layer,edge_ms\nconv,1\nconv9,2\nrelu,3\nfc,4\n";
    auto measured = parseMeasuredLatencyCsv(csv, "m.csv", a.analysis);
    QVERIFY(!measured.ok());
    QCOMPARE(
        QString::fromStdString(measured.error().message),
        QString("m.csv: unknown layers 'conv9' (line 3), 'fc' (line 5): not in the model's graph"));
    // Many: the first ten and a count.
    std::string many = "layer,edge_ms\n";
    for (int i = 0; i < 13; ++i)
        many += "x" + std::to_string(i) + ",1\n";
    auto lots = parseMeasuredLatencyCsv(many, "m.csv", a.analysis);
    QVERIFY(!lots.ok());
    QVERIFY(oneLine(lots.error().message));
    QVERIFY(lots.error().message.find("'x9' (line 11) and 3 more") != std::string::npos);
}

void TestMeasuredLatencies::ambiguousName() {
    // Two nodes named alike: a CSV row for that name cannot say which it means.
    ModelBuilder b;
    const std::string x = b.input("x", {1, 4, 8, 8});
    const std::string r1 = b.node("Relu", {x}, 1, {{1, 4, 8, 8}}, "act")[0];
    b.lastNode().set_name("same");
    const std::string r2 = b.node("Relu", {r1}, 1, {{1, 4, 8, 8}}, "act")[0];
    b.lastNode().set_name("same");
    b.output(r2);
    ANALYZE_OR_FAIL(a, b.model());
    QCOMPARE(a.analysis.layers[0].name, std::string("same"));
    QCOMPARE(a.analysis.layers[1].name, std::string("same"));
    auto measured = parseMeasuredLatencyCsv("layer,edge_ms\nsame,1\n", "m.csv", a.analysis);
    QVERIFY(!measured.ok());
    QCOMPARE(QString::fromStdString(measured.error().message),
             QString("m.csv:2: layer name 'same' is ambiguous: layers 1 and 2 share it"));
}

QTEST_GUILESS_MAIN(TestMeasuredLatencies)
#include "test_measured_latencies.moc"
