// A device measured on this machine: the profile of a small model has every layer with positive
// times at each width, round-trips through its JSON, is refused for another model's layers (one
// line naming the file and the layer or counts), and the solver's cost takes each layer's time
// from it at the width it chose.

#include "tests/core/cost/cost_test_support.h"

#include "core/cost/measured_profile_latency_model.h"
#include "core/profile/device_profiler.h"
#include "core/profile/layer_attribution.h"
#include "core/quant/quant_error_table.h"
#include "core/solve/assignment_cost.h"

#include <google/protobuf/util/message_differencer.h>

#include <QtTest>

#include <cmath>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

bool oneLine(const std::string& s) {
    return !s.empty() && s.find('\n') == std::string::npos;
}

std::shared_ptr<const Graph> optimizedGraph(const onnx::ModelProto& model) {
    auto analyzed = analyzeModel(model, true);
    if (!analyzed)
        qFatal("%s", analyzed.error().message.c_str());
    return std::make_shared<const Graph>(std::move(analyzed->graph));
}

ProfileOptions quickOptions() {
    ProfileOptions o;
    o.bits = {4, 8};
    o.repeats = 3;
    o.threads = 1;
    o.modelName = "residual-block";
    return o;
}

} // namespace

class TestDeviceProfile : public QObject {
    Q_OBJECT

private slots:
    void profileHasEveryLayer();
    void jsonRoundTrip();
    void otherModelIsRefused();
    void widthSelection();
    void solverTakesTimesFromProfile();
    void attributionOfQdqNames();
    void badProfilesName_data();
    void badProfilesName();
    void badOptions();
    void cancel();
};

void TestDeviceProfile::profileHasEveryLayer() {
    auto graph = optimizedGraph(buildResidualBlock());
    auto profile = measureDevice(graph, quickOptions());
    QVERIFY2(profile.ok(), profile.ok() ? "" : profile.error().message.c_str());
    QVERIFY(profile->has_measured());
    const auto& m = profile->measured();
    QCOMPARE(m.layer_count(), int(graph->nodeCount()));
    QCOMPARE(m.layers_size(), int(graph->nodeCount()));
    QCOMPARE(std::vector<int>(m.bits().begin(), m.bits().end()), (std::vector<int>{4, 8}));
    QCOMPARE(m.repeats(), 3);
    QCOMPARE(m.threads(), 1);
    QVERIFY(!m.cpu_model().empty());
    QVERIFY(!m.cpu_path().empty());
    QCOMPARE(m.model_fingerprint(), layerFingerprint(*graph));
    for (int i = 0; i < m.layers_size(); ++i) {
        const auto& l = m.layers(i);
        QCOMPARE(l.name(), graph->node(NodeId(i)).name);
        QCOMPARE(l.op_type(), graph->node(NodeId(i)).opType);
        QVERIFY2(l.float_time().median_s() > 0, l.name().c_str());
        QVERIFY(l.float_time().p10_s() <= l.float_time().median_s());
        QVERIFY(l.float_time().median_s() <= l.float_time().p90_s());
        QCOMPARE(l.integer_times_size(), 2);
        for (int j = 0; j < 2; ++j) {
            QCOMPARE(l.integer_times(j).bits(), m.bits(j));
            QVERIFY2(l.integer_times(j).median_s() > 0, l.name().c_str());
        }
    }
    // every node of the integer models was named after a layer, a tensor or a weight
    QCOMPARE(lastUnattributedNodes(), 0);
    // the profile passes the loader's own validation as it is
    QVERIFY(validateDeviceProfile(*profile, "p.json").ok());
    QVERIFY(checkMeasuredLayers(m, *graph, "p.json").ok());
}

void TestDeviceProfile::jsonRoundTrip() {
    auto graph = optimizedGraph(buildResidualBlock());
    auto profile = measureDevice(graph, quickOptions());
    QVERIFY(profile.ok());
    const std::string json = deviceProfileJson(*profile);
    QVERIFY(json.find("\"median_s\"") != std::string::npos); // snake_case as documented
    auto back = parseDeviceProfileJson(json, "p.json");
    QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
    QVERIFY(google::protobuf::util::MessageDifferencer::Equals(*profile, *back));
    auto params = deviceParams(*back, "p.json");
    QVERIFY(params.ok());
    QVERIFY(params->measured);
    QCOMPARE(params->supportedBits, (std::vector<int>{4, 8}));
    QVERIFY(params->offchipBytes > 0);
}

void TestDeviceProfile::otherModelIsRefused() {
    auto graph = optimizedGraph(buildResidualBlock());
    ProfileOptions o = quickOptions();
    o.repeats = 1;
    auto profile = measureDevice(graph, o);
    QVERIFY(profile.ok());
    auto other = optimizedGraph(buildChain(3));
    auto s = checkMeasuredLayers(profile->measured(), *other, "resnet.json");
    QVERIFY(!s.ok());
    QVERIFY(oneLine(s.error().message));
    QVERIFY(s.error().message.find("resnet.json") == 0);
    QVERIFY2(s.error().message.find(std::to_string(graph->nodeCount()) + " layers") !=
                 std::string::npos,
             s.error().message.c_str());

    // same count, one name changed: that layer is named
    profiles::MeasuredDevice renamed = profile->measured();
    renamed.mutable_layers(1)->set_name("someone_else");
    s = checkMeasuredLayers(renamed, *graph, "resnet.json");
    QVERIFY(!s.ok());
    QVERIFY(oneLine(s.error().message));
    QVERIFY2(s.error().message.find("layer 2 is 'someone_else'") != std::string::npos,
             s.error().message.c_str());
    QVERIFY(s.error().message.find(graph->node(1).name) != std::string::npos);

    // same names, another input size: the fingerprint tells
    auto bigger = optimizedGraph(buildChain(3, 8, 32));
    auto small = optimizedGraph(buildChain(3, 8, 16));
    auto chainProfile = measureDevice(small, o);
    QVERIFY(chainProfile.ok());
    QVERIFY(checkMeasuredLayers(chainProfile->measured(), *small, "c.json").ok());
    s = checkMeasuredLayers(chainProfile->measured(), *bigger, "c.json");
    QVERIFY(!s.ok());
    QVERIFY(s.error().message.find("shapes") != std::string::npos);
}

void TestDeviceProfile::widthSelection() {
    profiles::MeasuredDevice m;
    m.set_layer_count(1);
    m.add_bits(2);
    m.add_bits(4);
    m.add_bits(8);
    auto* l = m.add_layers();
    l->set_name("conv");
    l->mutable_float_time()->set_median_s(10.0);
    for (auto [b, s] : {std::pair{2, 1.0}, std::pair{4, 2.0}, std::pair{8, 3.0}}) {
        auto* t = l->add_integer_times();
        t->set_bits(b);
        t->set_median_s(s);
    }
    const MeasuredLayerTimes times = MeasuredLayerTimes::from(m);
    QCOMPARE(times.seconds(1, 2, 2), 1.0);
    QCOMPARE(times.seconds(1, 3, 2), 2.0); // between 2 and 4: the next wider
    QCOMPARE(times.seconds(1, 4, 6), 3.0); // the wider of weights and activations
    QCOMPARE(times.seconds(1, 8, 8), 3.0);
    QCOMPARE(times.seconds(1, 16, 16), 10.0); // float
    QCOMPARE(times.seconds(1, 32, 32), 10.0);
    QCOMPARE(times.seconds(1, 0, 0), 10.0); // not given: float
    QVERIFY(std::isnan(times.seconds(2, 8, 8)));
}

void TestDeviceProfile::solverTakesTimesFromProfile() {
    ANALYZE_OR_FAIL(a, buildResidualBlock(), true);
    auto graph = std::make_shared<const Graph>(a.graph);
    ProfileOptions o = quickOptions();
    o.repeats = 1;
    auto profile = measureDevice(graph, o);
    QVERIFY(profile.ok());
    auto errors = computeWeightErrors(a.graph, std::vector<int>{4, 8});
    QVERIFY(errors.ok());
    const int n = 3; // three layers on the edge at 8 bits
    auto predict = [&](const profiles::MeasuredDevice& edge) {
        auto latency =
            MeasuredProfileLatencyModel::create(a.analysis.layerCount(), edge, edge, nullptr);
        if (!latency)
            qFatal("%s", latency.error().message.c_str());
        auto cost = AssignmentCost::create(a.graph, a.analysis, *errors, **latency, Uplink{},
                                           int64_t(1) << 40);
        if (!cost)
            qFatal("%s", cost.error().message.c_str());
        auto c = cost->evaluate(n, EdgeBits::uniform(n, 8, 8));
        if (!c)
            qFatal("%s", c.error().message.c_str());
        return *c;
    };
    const Candidate before = predict(profile->measured());
    double edge = 0, cloud = 0;
    for (int i = 0; i < a.analysis.layerCount(); ++i) {
        const auto& l = profile->measured().layers(i);
        (i < n ? edge : cloud) += i < n ? l.integer_times(1).median_s() : l.float_time().median_s();
    }
    QVERIFY(std::abs(before.edgeSeconds - edge) <= 1e-12);
    QVERIFY(std::abs(before.cloudSeconds - cloud) <= 1e-12);

    // one edge layer's 8-bit time up by 5 ms: the prediction moves by exactly that
    profiles::MeasuredDevice changed = profile->measured();
    auto* t = changed.mutable_layers(1)->mutable_integer_times(1);
    t->set_median_s(t->median_s() + 0.005);
    const Candidate after = predict(changed);
    QVERIFY(std::abs((after.edgeSeconds - before.edgeSeconds) - 0.005) <= 1e-12);
    QVERIFY(std::abs(after.cloudSeconds - before.cloudSeconds) <= 1e-15);
    // a cloud layer's float time moves the cloud part only
    changed.mutable_layers(n)->mutable_float_time()->set_median_s(
        changed.layers(n).float_time().median_s() + 0.25);
    const Candidate cloudChanged = predict(changed);
    QVERIFY(std::abs((cloudChanged.cloudSeconds - after.cloudSeconds) - 0.25) <= 1e-12);
}

void TestDeviceProfile::attributionOfQdqNames() {
    auto graph = optimizedGraph(buildChain(2));
    const Node& conv = graph->node(0);
    const std::string output = graph->value(conv.outputs[0]).name;
    std::string weight;
    for (ValueId in : conv.inputs)
        if (in != kNone && graph->value(in).isConstant())
            weight = graph->value(in).name;
    QVERIFY(!weight.empty());
    const std::string input = graph->value(graph->inputs().front()).name;
    Graph derived;
    for (const std::string& name :
         {input + "/QuantizeLinear", weight + "/DequantizeLinear", conv.name, conv.name + "/Relu",
          output + "/Clip", output + "/QuantizeLinear", std::string(""), graph->node(1).name}) {
        Node node;
        node.name = name;
        node.opType = "Identity";
        derived.addNode(std::move(node));
    }
    const LayerAttribution at = attributeToLayers(*graph, derived);
    QCOMPARE(at.layerOf, (std::vector<int>{0, 0, 0, 0, 0, 0, 0, 1}));
    QCOMPARE(at.unmatched, 1); // the nameless node, given its neighbour's layer
}

void TestDeviceProfile::badProfilesName_data() {
    QTest::addColumn<QString>("edit");
    QTest::addColumn<QString>("expected");
    QTest::newRow("count") << "count"
                           << "field 'measured.layers' has";
    QTest::newRow("widths") << "widths"
                            << "measured.layers[0].integer_times";
    QTest::newRow("negative") << "negative"
                              << "measured.layers[1].float_time.median_s";
    QTest::newRow("order") << "order"
                           << "measured.bits[1]";
}

void TestDeviceProfile::badProfilesName() {
    QFETCH(QString, edit);
    QFETCH(QString, expected);
    auto graph = optimizedGraph(buildChain(2));
    ProfileOptions o = quickOptions();
    o.repeats = 1;
    auto profile = measureDevice(graph, o);
    QVERIFY(profile.ok());
    profiles::DeviceProfile p = *profile;
    auto* m = p.mutable_measured();
    if (edit == QLatin1String("count"))
        m->set_layer_count(m->layer_count() + 1);
    else if (edit == QLatin1String("widths"))
        m->mutable_layers(0)->mutable_integer_times()->RemoveLast();
    else if (edit == QLatin1String("negative"))
        m->mutable_layers(1)->mutable_float_time()->set_median_s(-1.0);
    else
        m->set_bits(1, 2);
    auto parsed = parseDeviceProfileJson(deviceProfileJson(p), "dev.json");
    QVERIFY(!parsed.ok());
    QVERIFY(oneLine(parsed.error().message));
    QVERIFY(parsed.error().message.find("dev.json: field '") == 0);
    QVERIFY2(parsed.error().message.find(expected.toStdString()) != std::string::npos,
             parsed.error().message.c_str());
}

void TestDeviceProfile::badOptions() {
    auto graph = optimizedGraph(buildChain(2));
    for (auto edit :
         {+[](ProfileOptions& o) {
              o.bits = {4, 9};
          },
          +[](ProfileOptions& o) {
              o.bits = {4, 4};
          },
          +[](ProfileOptions& o) { o.threads = -1; }, +[](ProfileOptions& o) { o.repeats = 0; }}) {
        ProfileOptions o = quickOptions();
        edit(o);
        auto r = measureDevice(graph, o);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::Usage);
        QVERIFY(oneLine(r.error().message));
    }
}

void TestDeviceProfile::cancel() {
    auto graph = optimizedGraph(buildResidualBlock());
    CancellationToken token;
    double seen = 0;
    auto r = measureDevice(
        graph, quickOptions(),
        [&](double f, std::string_view) {
            seen = f;
            if (f > 0.3)
                token.cancel();
        },
        token);
    QVERIFY(!r.ok());
    QVERIFY(r.error().isCancelled());
    QVERIFY(seen > 0.3 && seen < 1.0);
}

QTEST_APPLESS_MAIN(TestDeviceProfile)
#include "test_device_profile.moc"
