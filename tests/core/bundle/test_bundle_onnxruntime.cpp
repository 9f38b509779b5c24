// Exported edge and cloud models run by ONNX Runtime (onnxruntime-node), the independent runtime:
// in float, cloud after edge reproduces ONNX Runtime's run of the whole model; with quantized edge
// layers ONNX Runtime's codes are the executor's fake-quantized simulation within one
// quantization step per layer, and so are the executor's integer kernels' (the bundle's edge
// runtime) on each layer of the same QDQ model; the accuracy drop of the two parts run by ONNX
// Runtime is the drop the evaluation reports.

#include "tests/core/bundle/bundle_fixture.h"
#include "tests/core/bundle/onnx_runtime_process.h"

#include "core/graph/half_float.h"
#include "core/onnx/onnx_exporter.h"
#include "core/quant/evaluation.h"
#include "core/quant/layer_weight.h"
#include "core/quant/quantizer.h"
#include "tests/support/model_builder.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <fstream>
#include <functional>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

struct Files {
    QString edge, cloud;
    SplitPlan plan;
    Graph edgeGraph;
    std::string problem;
};

Files writeParts(const Opened& o, const SplitRequest& r, const QString& dir) {
    Files f;
    auto plan = makeSplitPlan(*o.graph, o.calibration, r);
    if (!plan) {
        f.problem = plan.error().message;
        return f;
    }
    f.plan = *plan;
    auto edge = edgeGraph(*o.graph, f.plan, r.weightRange);
    auto cloud = cloudGraph(*o.graph, f.plan);
    if (!edge || !cloud) {
        f.problem = !edge ? edge.error().message : cloud.error().message;
        return f;
    }
    f.edgeGraph = *edge;
    auto e = checkedModel(*edge, "edge.onnx");
    auto c = checkedModel(*cloud, "cloud.onnx");
    if (!e || !c) {
        f.problem = !e ? e.error().message : c.error().message;
        return f;
    }
    f.edge = dir + QStringLiteral("/edge.onnx");
    f.cloud = dir + QStringLiteral("/cloud.onnx");
    std::ofstream(f.edge.toStdString(), std::ios::binary) << e->SerializeAsString();
    std::ofstream(f.cloud.toStdString(), std::ios::binary) << c->SerializeAsString();
    return f;
}

std::map<std::string, HostTensor> feedsOf(const Graph& g, const std::vector<HostTensor>& sample) {
    std::map<std::string, HostTensor> feeds;
    for (size_t i = 0; i < g.inputs().size(); ++i)
        feeds[g.value(g.inputs()[i]).name] = sample[i];
    return feeds;
}

int64_t argmax(const HostTensor& t) {
    const float* d = t.data<float>();
    return std::max_element(d, d + t.elementCount()) - d;
}

} // namespace

class TestBundleOnnxRuntime : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        const QString missing = ortMissing();
        QVERIFY2(missing.isEmpty(), qPrintable(missing));
    }

    void floatPartsReproduceTheModel_data() {
        QTest::addColumn<int>("which");
        QTest::newRow("resnet-50 64") << 0;
        QTest::newRow("yolov3-tiny 128") << 1;
        QTest::newRow("inception") << 2;
    }
    void floatPartsReproduceTheModel() {
        QFETCH(int, which);
        const std::function<onnx::ModelProto()> builders[] = {
            [] { return buildResNet50(13, 64); }, [] { return buildYoloV3Tiny(13, 128); },
            [] { return buildInception(); }};
        const Opened o = openForSplit(builders[which](), 1);
        QVERIFY(o.executor);
        const Graph& g = *o.graph;
        QTemporaryDir dir;
        const QString whole = dir.path() + QStringLiteral("/whole.onnx");
        std::ofstream(whole.toStdString(), std::ios::binary) << toOnnxModel(g).SerializeAsString();
        const auto feeds = feedsOf(g, o.samples[0]);
        const OrtRun reference = runOnnxRuntime(whole, feeds, dir.path() + QStringLiteral("/w"));
        QVERIFY2(reference.problem.isEmpty(), qPrintable(reference.problem));
        const int n = static_cast<int>(g.nodeCount());
        for (int split : {0, n / 3, n / 2, n - 2, n}) {
            const QString sub = dir.path() + QStringLiteral("/s%1").arg(split);
            QDir().mkpath(sub);
            SplitRequest floats = cyclingRequest(split, {32}, {32});
            floats.rawInputBits = 32; // and on the wire
            floats.floatBits = 32;
            const Files f = writeParts(o, floats, sub);
            QVERIFY2(f.problem.empty(), f.problem.c_str());
            const OrtRun edge = runOnnxRuntime(f.edge, feeds, sub + QStringLiteral("/e"));
            QVERIFY2(edge.problem.isEmpty(), qPrintable(edge.problem));
            const OrtRun cloud = runOnnxRuntime(f.cloud, edge.outputs, sub + QStringLiteral("/c"));
            QVERIFY2(cloud.problem.isEmpty(), qPrintable(cloud.problem));
            for (ValueId out : g.outputs()) {
                const std::string& name = g.value(out).name;
                QVERIFY2(cloud.outputs.count(name), name.c_str());
                const double d =
                    relativeDifference(reference.outputs.at(name), cloud.outputs.at(name));
                QVERIFY2(d <= 1e-5,
                         (name + " at split " + std::to_string(split) + ": " + std::to_string(d))
                             .c_str());
            }
        }
    }

    // The raw input sent as codes (QuantizeLinear at the edge, DequantizeLinear at the cloud) and
    // float tensors as float16 (a Cast on either side): ONNX Runtime sends the very codes and
    // float16 values the executor does, and its cloud computes the same outputs.
    void wireFormsRunInOnnxRuntime_data() {
        QTest::addColumn<bool>("floatEdge");
        QTest::addColumn<int>("rawBits");
        QTest::newRow("cloud-only, 8-bit input codes") << false << 8;
        QTest::newRow("cloud-only, 4-bit input codes") << false << 4;
        QTest::newRow("cloud-only, float16 input") << false << 16;
        QTest::newRow("float edge, float16 crossing") << true << 8;
    }
    void wireFormsRunInOnnxRuntime() {
        QFETCH(bool, floatEdge);
        QFETCH(int, rawBits);
        const Opened o = openForSplit(buildResNet50(13, 64), 2);
        QVERIFY(o.executor);
        const Graph& g = *o.graph;
        const int split = floatEdge ? static_cast<int>(g.nodeCount()) / 2 : 0;
        SplitRequest r = cyclingRequest(split, {32}, {32});
        r.rawInputBits = rawBits;
        r.floatBits = 16;
        QTemporaryDir dir;
        const Files f = writeParts(o, r, dir.path());
        QVERIFY2(f.problem.empty(), f.problem.c_str());
        auto cloudPart = cloudGraph(g, f.plan);
        QVERIFY(cloudPart);
        int lossy = 0;
        for (const CrossingPlan& c : f.plan.crossing)
            lossy += c.quant.has_value() || c.halved();
        QVERIFY(lossy > 0);
        for (size_t s = 0; s < o.samples.size(); ++s) {
            const auto feeds = feedsOf(g, o.samples[s]);
            const QString sub = dir.path() + QStringLiteral("/s%1").arg(s);
            const OrtRun edge = runOnnxRuntime(f.edge, feeds, sub + QStringLiteral("/e"));
            QVERIFY2(edge.problem.isEmpty(), qPrintable(edge.problem));
            const SplitRun ours = runSplit(f.edgeGraph, *cloudPart, g, o.samples[s]);
            QVERIFY2(ours.problem.empty(), ours.problem.c_str());
            for (const CrossingPlan& c : f.plan.crossing) {
                const HostTensor& a = edge.outputs.at(c.wireName);
                const HostTensor& b = ours.edgeOutputs.at(c.wireName);
                QCOMPARE(a.dtype(), c.wireType);
                QCOMPARE(a.dims(), b.dims());
                if (c.producedByLayer == 0 && (c.quant || c.halved())) {
                    // the same bytes: the input's codes, or the input rounded to nearest even
                    QVERIFY2(std::memcmp(a.bytes(), b.bytes(), a.byteSize()) == 0,
                             c.wireName.c_str());
                } else if (c.halved()) {
                    // computed in float32 by two runtimes whose sums differ in the last bits, and
                    // rounded to float16 several times on the way: a few float16 steps of the
                    // tensor's largest value at most
                    double worst = 0.0, largest = 0.0;
                    for (int64_t i = 0; i < a.elementCount(); ++i) {
                        const double x = halfToFloat(a.data<uint16_t>()[i]);
                        const double y = halfToFloat(b.data<uint16_t>()[i]);
                        worst = std::max(worst, std::abs(x - y));
                        largest = std::max(largest, std::abs(y));
                    }
                    QVERIFY2(worst <= largest / 256,
                             (c.wireName + ": " + std::to_string(worst / largest)).c_str());
                }
            }
            const OrtRun cloud = runOnnxRuntime(f.cloud, edge.outputs, sub + QStringLiteral("/c"));
            QVERIFY2(cloud.problem.isEmpty(), qPrintable(cloud.problem));
            for (ValueId out : g.outputs()) {
                const std::string& name = g.value(out).name;
                const double d =
                    relativeDifference(ours.cloudOutputs.at(name), cloud.outputs.at(name));
                QVERIFY2(d <= 1e-4, (name + ": " + std::to_string(d)).c_str());
            }
        }
    }

    // Layer by layer: each quantized edge layer, alone in a model of its own (built by the same
    // code as edge.onnx) and fed what it reads in the simulation, gives ONNX Runtime's codes
    // within one step of the simulation's. (Over a whole edge part a code a step off changes what
    // the next layers read, so differences there add up; see the whole-part figures below.)
    void quantizedLayersMatchSimulation_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("level");
        QTest::addColumn<bool>("adaptive");
        QTest::newRow("resnet-50 64, ORT int8 kernels") << 0 << QStringLiteral("all") << false;
        QTest::newRow("resnet-50 64, ORT reference ops")
            << 0 << QStringLiteral("disabled") << false;
        QTest::newRow("resnet-50 64, adaptive rounding, ORT reference ops")
            << 0 << QStringLiteral("disabled") << true;
        QTest::newRow("yolov3-tiny 128, ORT int8 kernels") << 1 << QStringLiteral("all") << false;
        QTest::newRow("inception, ORT int8 kernels") << 2 << QStringLiteral("all") << false;
    }
    void quantizedLayersMatchSimulation() {
        QFETCH(int, which);
        QFETCH(QString, level);
        QFETCH(bool, adaptive);
        const std::function<onnx::ModelProto()> builders[] = {
            [] { return buildResNet50(13, 64); }, [] { return buildYoloV3Tiny(13, 128); },
            [] { return buildInception(); }};
        const Opened o = openForSplit(
            builders[which](), 2, 5, adaptive ? WeightRounding::Adaptive : WeightRounding::Nearest);
        QVERIFY(o.executor);
        const Graph& g = *o.graph;
        const int n = static_cast<int>(g.nodeCount());
        const int split = std::min(n, 24);
        const SplitRequest r = cyclingRequest(split, {8, 4, 6, 2}, {8, 6, 4, 8});
        auto plan = makeSplitPlan(g, o.calibration, r);
        QVERIFY(plan);
        // adaptive rounding moved weights of the edge layers, and the plan carries it
        if (adaptive) {
            QVERIFY(!plan->weightRounding.empty());
            int64_t flipped = 0;
            for (const auto& [id, mask] : plan->weightRounding)
                flipped += mask.flippedCount();
            QVERIFY(flipped > 0);
        }
        // what every edge layer reads and writes in the simulation
        std::vector<std::string> fetch;
        for (const Value& v : g.values())
            if (!v.isConstant() && (v.producer != kNone && v.producer < split))
                fetch.push_back(v.name);
        const auto sim = simulate(o, *plan, r, o.samples[0], fetch);
        QTemporaryDir dir;
        int64_t compared = 0, off = 0, integerOff = 0;
        int layers = 0, integerLayers = 0, integerWorst = 0;
        for (NodeId k = 0; k < split; ++k) {
            const Node& node = g.node(k);
            const ValueId out = node.outputs[0];
            if (!plan->activationQuant.count(out))
                continue;
            // a plan with layer k alone on the edge, its inputs given
            SplitPlan probe;
            probe.split = k + 1;
            probe.onEdge.assign(g.nodeCount(), false);
            probe.onEdge[static_cast<size_t>(k)] = true;
            probe.weightBits.assign(g.nodeCount(), 0);
            probe.weightBits[static_cast<size_t>(k)] = plan->weightBits[static_cast<size_t>(k)];
            if (auto m = plan->weightRounding.find(k); m != plan->weightRounding.end())
                probe.weightRounding.emplace(k, m->second);
            probe.activationBits.assign(g.nodeCount(), 0);
            probe.activationQuant[out] = plan->activationQuant.at(out);
            std::map<std::string, HostTensor> feeds;
            for (ValueId in : node.inputs)
                if (in != kNone && !g.value(in).isConstant() &&
                    std::find(probe.edgeInputs.begin(), probe.edgeInputs.end(), in) ==
                        probe.edgeInputs.end()) {
                    probe.edgeInputs.push_back(in);
                    const std::string& name = g.value(in).name;
                    feeds[name] = g.value(in).isGraphInput ? o.samples[0][0] : sim.at(name);
                }
            CrossingPlan c;
            c.value = out;
            c.name = g.value(out).name;
            c.wireName = c.name + "_codes";
            c.quant = probe.activationQuant[out];
            c.bits = c.quant->bits;
            probe.crossing.push_back(c);
            // The same with each quantized input entering as its codes, as in a whole edge
            // part: the executor runs such a layer in integer arithmetic. ONNX Runtime's graph
            // optimizations then fuse it into its own int8 kernels, whose codes were seen two
            // steps from the simulation's here, so ONNX Runtime runs this form only with its
            // reference ops (which compute the simulation exactly).
            SplitPlan withCodes = probe;
            for (ValueId in : probe.edgeInputs)
                if (auto q = plan->activationQuant.find(in); q != plan->activationQuant.end())
                    withCodes.activationQuant[in] = q->second;
            auto codesEdge = edgeGraph(g, withCodes, r.weightRange);
            QVERIFY2(codesEdge, codesEdge ? "" : codesEdge.error().message.c_str());
            auto edge =
                level == QLatin1String("disabled") ? codesEdge : edgeGraph(g, probe, r.weightRange);
            QVERIFY2(edge, edge ? "" : edge.error().message.c_str());
            auto model = checkedModel(*edge, "probe.onnx");
            QVERIFY2(model, model ? "" : model.error().message.c_str());
            const QString file = dir.path() + QStringLiteral("/layer%1.onnx").arg(k + 1);
            std::ofstream(file.toStdString(), std::ios::binary) << model->SerializeAsString();
            const OrtRun ort =
                runOnnxRuntime(file, feeds, dir.path() + QStringLiteral("/l%1").arg(k + 1), level);
            QVERIFY2(ort.problem.isEmpty(), qPrintable(ort.problem));
            const HostTensor& codes = ort.outputs.at(c.wireName);
            // the executor's integer kernels on the same model and inputs
            auto ours = Executor::create(std::make_shared<const Graph>(*codesEdge));
            QVERIFY(ours);
            integerLayers += ours->integerLowering().layers;
            RunRequest run;
            run.feeds = feeds;
            const HostTensor integer = ours->run(run).value().at(c.wireName);
            const HostTensor& expected = sim.at(c.name);
            const QuantParams& q = *c.quant;
            for (int64_t i = 0; i < codes.elementCount(); ++i) {
                const int want = quantizeValue(expected.data<float>()[i], q.scale[0],
                                               q.zeroPoint[0], q.qmin, q.qmax);
                const int mine = integer.data<uint8_t>()[i];
                QVERIFY2(std::abs(mine - want) <= 1 &&
                             (level != QLatin1String("disabled") ||
                              std::abs(mine - int(codes.data<uint8_t>()[i])) <= 1),
                         qPrintable(QStringLiteral("layer %1 element %2: integer kernels' code %3, "
                                                   "ONNX Runtime's %4, simulation %5")
                                        .arg(k + 1)
                                        .arg(i)
                                        .arg(mine)
                                        .arg(codes.data<uint8_t>()[i])
                                        .arg(want)));
                integerOff += mine != int(codes.data<uint8_t>()[i]);
                integerWorst =
                    std::max(integerWorst, std::abs(mine - int(codes.data<uint8_t>()[i])));
                const int d = std::abs(int(codes.data<uint8_t>()[i]) - want);
                QVERIFY2(d <= 1, qPrintable(QStringLiteral("layer %1 (%2, %3 bits) element %4: "
                                                           "code %5, simulation %6")
                                                .arg(k + 1)
                                                .arg(QString::fromStdString(node.opType))
                                                .arg(q.bits)
                                                .arg(i)
                                                .arg(codes.data<uint8_t>()[i])
                                                .arg(want)));
                off += d;
                ++compared;
            }
            ++layers;
        }
        qInfo("%d layers, %lld codes: %lld one step off the simulation; the executor's integer "
              "kernels (%d layers): %lld codes differ from ONNX Runtime's, by at most %d",
              layers, (long long)compared, (long long)off, integerLayers, (long long)integerOff,
              integerWorst);
        QVERIFY(layers > 0);
        QVERIFY(integerLayers > 0);
    }

    // A whole edge part: ONNX Runtime's codes against the executor's run of edge.onnx (which is
    // the simulation exactly, test_split_models).
    void wholeEdgePartAgainstSimulation() {
        const Opened o = openForSplit(buildResNet50(13, 64), 2);
        QVERIFY(o.executor);
        const Graph& g = *o.graph;
        QTemporaryDir dir;
        const int n = static_cast<int>(g.nodeCount());
        for (const QString& level : {QStringLiteral("disabled"), QStringLiteral("all")}) {
            for (int split : {8, n / 3, (2 * n) / 3}) {
                const QString sub = dir.path() + QStringLiteral("/%1%2").arg(level).arg(split);
                QDir().mkpath(sub);
                const Files f = writeParts(o, cyclingRequest(split, {8, 6}, {8}), sub);
                QVERIFY2(f.problem.empty(), f.problem.c_str());
                ExecutorOptions asWritten; // QDQ in float: the simulation exactly
                asWritten.integerKernels = false;
                auto executor =
                    Executor::create(std::make_shared<const Graph>(f.edgeGraph), asWritten);
                QVERIFY(executor);
                auto integerExecutor = Executor::create(std::make_shared<const Graph>(f.edgeGraph));
                QVERIFY(integerExecutor);
                const auto feeds = feedsOf(g, o.samples[0]);
                const OrtRun ort = runOnnxRuntime(f.edge, feeds, sub, level);
                QVERIFY2(ort.problem.isEmpty(), qPrintable(ort.problem));
                RunRequest run;
                run.feeds = {feeds.begin(), feeds.end()};
                const auto ours = executor->run(run).value();
                const auto integer = integerExecutor->run(run).value();
                int64_t compared = 0, same = 0, withinOne = 0, integerSame = 0;
                for (const CrossingPlan& c : f.plan.crossing) {
                    const HostTensor& a = ort.outputs.at(c.wireName);
                    const HostTensor& b = ours.at(c.wireName);
                    for (int64_t i = 0; i < a.elementCount(); ++i) {
                        const int d =
                            std::abs(int(a.data<uint8_t>()[i]) - int(b.data<uint8_t>()[i]));
                        ++compared;
                        same += d == 0;
                        withinOne += d <= 1;
                        integerSame +=
                            a.data<uint8_t>()[i] == integer.at(c.wireName).data<uint8_t>()[i];
                    }
                }
                qInfo("ONNX Runtime (%s), 8-bit edge of %d layers: %.2f%% of %lld codes equal, "
                      "%.2f%% within one step; the executor's integer kernels: %.2f%% equal",
                      qPrintable(level), split, 100.0 * same / compared, (long long)compared,
                      100.0 * withinOne / compared, 100.0 * integerSame / compared);
                QVERIFY(compared > 0);
                // ONNX Runtime's reference ops compute what the simulation computes, code for
                // code. With its graph optimizations it fuses quantized ops into integer kernels
                // whose own rounding differs by a step here and there (each layer alone agrees,
                // quantizedLayersMatchSimulation); those differences feed the layers after them,
                // which is why they are only reported.
                if (level == QLatin1String("disabled"))
                    QCOMPARE(same, compared);
            }
        }
    }

    // The accuracy drop of the two parts run by ONNX Runtime is the drop the evaluation reports.
    void dropIsTheEvaluationsDrop() {
        const Opened o = openForSplit(buildResNet50(13, 64), 12, 11);
        QVERIFY(o.executor);
        const Graph& g = *o.graph;
        const int n = static_cast<int>(g.nodeCount());
        QTemporaryDir dir;
        for (int split : {n / 2, n}) {
            const QString sub = dir.path() + QStringLiteral("/s%1").arg(split);
            QDir().mkpath(sub);
            const SplitRequest r = cyclingRequest(split, {8, 6, 4}, {8, 6});
            const Files f = writeParts(o, r, sub);
            QVERIFY2(f.problem.empty(), f.problem.c_str());
            EvaluationRequest eval;
            eval.split = split;
            eval.weightBits = r.weightBits;
            eval.activationBits = r.activationBits;
            auto reported = evaluate(*o.executor, o.calibration, o.samples, {}, eval);
            QVERIFY(reported);
            const std::string first = g.value(g.outputs()[0]).name;
            int agree = 0;
            for (const auto& sample : o.samples) {
                const auto feeds = feedsOf(g, sample);
                const OrtRun edge = runOnnxRuntime(f.edge, feeds, sub + QStringLiteral("/e"));
                QVERIFY2(edge.problem.isEmpty(), qPrintable(edge.problem));
                const OrtRun cloud =
                    runOnnxRuntime(f.cloud, edge.outputs, sub + QStringLiteral("/c"));
                QVERIFY2(cloud.problem.isEmpty(), qPrintable(cloud.problem));
                RunRequest whole;
                whole.feeds = {feeds.begin(), feeds.end()};
                const auto reference = o.executor->run(whole).value();
                agree += argmax(reference.at(first)) == argmax(cloud.outputs.at(first));
            }
            const double drop = 100.0 * (1.0 - double(agree) / double(o.samples.size()));
            qInfo("split %d: drop %.2f pp by ONNX Runtime, %.2f pp reported", split, drop,
                  reported->accuracyDropPercent);
            QCOMPARE(drop, reported->accuracyDropPercent);
        }
    }
};

QTEST_GUILESS_MAIN(TestBundleOnnxRuntime)
#include "test_bundle_onnxruntime.moc"
