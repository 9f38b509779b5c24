// The edge and cloud models of a deployment: in float, cloud after edge reproduces the model; with
// quantized edge layers the codes the edge sends are exactly the executor's fake-quantized
// simulation of the same solution, and the accuracy drop measured by running the
// two parts is the drop the evaluation reports. On ResNet-50-, YOLOv3-tiny- and inception-shaped
// models (skip tensors, two-tensor cuts, graph outputs produced mid-graph).
//
// Long file: one suite for "the two parts are the simulated run", across crossing kinds (codes,
// float16, raw input, skips); split up, the shared fixture would be repeated in each.

#include "tests/core/bundle/bundle_fixture.h"

#include "core/analysis/split_analysis.h"
#include "core/graph/half_float.h"
#include "core/graph/live_values.h"
#include "core/quant/evaluation.h"
#include "core/quant/layer_weight.h"
#include "core/quant/quantized_run.h"
#include "core/quant/quantizer.h"
#include "core/wire/activation_packing.h"
#include "tests/support/model_builder.h"

#include <QtTest>

#include <algorithm>
#include <functional>
#include <set>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

using Builder = std::function<onnx::ModelProto()>;

// Everything in float32, on the wire too.
SplitRequest floatRequest(int split) {
    SplitRequest r = cyclingRequest(split, {kFloatBits}, {kFloatBits});
    r.rawInputBits = kFloatBits;
    r.floatBits = kFloatBits;
    return r;
}

struct Parts {
    Graph edge, cloud;
    SplitPlan plan;
    std::string problem;
};

// Plan, cut, export through ONNX (with the checker) and import both parts back.
Parts makeParts(const Opened& o, const SplitRequest& request) {
    Parts p;
    auto plan = makeSplitPlan(*o.graph, o.calibration, request);
    if (!plan) {
        p.problem = plan.error().message;
        return p;
    }
    p.plan = *plan;
    auto edge = edgeGraph(*o.graph, p.plan, request.weightRange);
    auto cloud = cloudGraph(*o.graph, p.plan);
    if (!edge || !cloud) {
        p.problem = !edge ? edge.error().message : cloud.error().message;
        return p;
    }
    auto edgeModel = checkedModel(*edge, "edge.onnx");
    auto cloudModel = checkedModel(*cloud, "cloud.onnx");
    if (!edgeModel || !cloudModel) {
        p.problem = !edgeModel ? edgeModel.error().message : cloudModel.error().message;
        return p;
    }
    auto e = reimported(*edgeModel, &p.problem);
    auto c = reimported(*cloudModel, &p.problem);
    if (!e || !c)
        return p;
    p.edge = *e;
    p.cloud = *c;
    return p;
}

// The evaluation's request for the same assignment as a split request.
EvaluationRequest evaluationOf(const SplitRequest& request) {
    EvaluationRequest eval;
    eval.split = request.split;
    eval.weightBits = request.weightBits;
    eval.activationBits = request.activationBits;
    eval.rawInputBits = request.rawInputBits;
    eval.floatBits = request.floatBits;
    return eval;
}

int64_t argmax(const HostTensor& t) {
    const float* d = t.data<float>();
    return std::max_element(d, d + t.elementCount()) - d;
}

} // namespace

class TestSplitModels : public QObject {
    Q_OBJECT

private slots:
    void floatPartsReproduceTheModel_data() {
        QTest::addColumn<int>("which");
        QTest::newRow("residual block") << 0;
        QTest::newRow("inception") << 1;
        QTest::newRow("yolov3-tiny 128") << 2;
        QTest::newRow("resnet-50 64") << 3;
    }
    void floatPartsReproduceTheModel() {
        QFETCH(int, which);
        const Builder builders[] = {
            [] { return buildResidualBlock(); }, [] { return buildInception(); },
            [] { return buildYoloV3Tiny(13, 128); }, [] { return buildResNet50(13, 64); }};
        const Opened o = openForSplit(builders[which](), 2);
        QVERIFY(o.executor);
        const Graph& g = *o.graph;
        const int n = static_cast<int>(g.nodeCount());
        auto analysis = analyzeSplits(g);
        QVERIFY(analysis);
        std::set<int> splits = {0, 1, n / 4, n / 3, n / 2, (2 * n) / 3, n - 1, n};
        int multiTensorCuts = 0;
        for (int split : splits) {
            const Parts p = makeParts(o, floatRequest(split));
            QVERIFY2(p.problem.empty(), (std::to_string(split) + ": " + p.problem).c_str());
            // the crossing tensors are the analysis' (what the costs were computed for)
            std::vector<ValueId> crossing;
            for (const CrossingPlan& c : p.plan.crossing)
                crossing.push_back(c.value);
            QCOMPARE(crossing, analysis->cuts[static_cast<size_t>(split)].crossing);
            multiTensorCuts += crossing.size() > 1;
            for (const auto& sample : o.samples) {
                // edge.onnx as written (the evaluation simulates it; the integer kernels' end to
                // end drift is integerEdgeIsWithinAStep's)
                const SplitRun r = runSplit(p.edge, p.cloud, g, sample, false);
                QVERIFY2(r.problem.empty(), r.problem.c_str());
                RunRequest whole;
                for (size_t i = 0; i < g.inputs().size(); ++i)
                    whole.feeds[g.value(g.inputs()[i]).name] = sample[i];
                const auto reference = o.executor->run(whole).value();
                for (ValueId out : g.outputs()) {
                    const std::string& name = g.value(out).name;
                    QVERIFY2(r.cloudOutputs.count(name), name.c_str());
                    const double d =
                        relativeDifference(reference.at(name), r.cloudOutputs.at(name));
                    QVERIFY2(d <= 1e-5, (name + " at split " + std::to_string(split) + ": " +
                                         std::to_string(d))
                                            .c_str());
                }
            }
        }
        if (which != 0)
            QVERIFY2(multiTensorCuts > 0, "no cut with a skip tensor or mid-graph output tested");
    }

    void quantizedEdgeMatchesSimulation_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<int>("opset");
        QTest::newRow("resnet-50 64") << 3 << 13;
        QTest::newRow("inception") << 1 << 13;
        QTest::newRow("yolov3-tiny 128") << 2 << 13;
        QTest::newRow("residual block, opset 9 (converted to 13 and 10)") << 0 << 9;
        QTest::newRow("inception, opset 11 (converted to 13)") << 1 << 11;
    }
    void quantizedEdgeMatchesSimulation() {
        QFETCH(int, which);
        QFETCH(int, opset);
        const std::function<onnx::ModelProto()> builders[] = {
            [&] { return buildResidualBlock(opset); }, [&] { return buildInception(opset); },
            [&] { return buildYoloV3Tiny(opset, 128); }, [&] { return buildResNet50(opset, 64); }};
        const Opened o = openForSplit(builders[which](), 6);
        QVERIFY(o.executor);
        QVERIFY(!o.calibration.activationRanges.empty());
        const Graph& g = *o.graph;
        const int n = static_cast<int>(g.nodeCount());
        int64_t compared = 0, offByOne = 0, beyondOne = 0;
        double worst = 0.0;
        for (int split : {std::max(1, n / 3), std::max(1, (2 * n) / 3), n}) {
            const SplitRequest request = cyclingRequest(split, {8, 4, 6, 2}, {8, 6, 4});
            const Parts p = makeParts(o, request);
            QVERIFY2(p.problem.empty(), p.problem.c_str());
            // per-axis DequantizeLinear needs opset 13: older edge parts are converted; the
            // cloud's per-tensor one needs 10
            QCOMPARE(p.edge.opsetVersion(), std::max<int64_t>(opset, 13));
            QCOMPARE(p.cloud.opsetVersion(), std::max<int64_t>(opset, 10));
            std::vector<std::string> fetch;
            for (const CrossingPlan& c : p.plan.crossing)
                fetch.push_back(c.name);
            for (const auto& sample : o.samples) {
                const SplitRun r = runSplit(p.edge, p.cloud, g, sample);
                QVERIFY2(r.problem.empty(), r.problem.c_str());
                const auto sim = simulate(o, p.plan, request, sample, fetch);
                for (const CrossingPlan& c : p.plan.crossing) {
                    const HostTensor& expected = sim.at(c.name);
                    const HostTensor& sent = r.edgeOutputs.at(c.wireName);
                    if (!c.quant) {
                        QVERIFY(relativeDifference(expected, sent) <= 1e-5);
                        continue;
                    }
                    QCOMPARE(sent.dtype(), DataType::UInt8);
                    QCOMPARE(sent.dims(), expected.dims());
                    const double scale = c.quant->scale[0];
                    const int zero = c.quant->zeroPoint[0];
                    for (int64_t i = 0; i < sent.elementCount(); ++i) {
                        const int code = sent.data<uint8_t>()[i];
                        QVERIFY2(code <= c.quant->qmax, "a code outside the b-bit range");
                        const double value = (code - zero) * scale;
                        const double steps = std::abs(value - expected.data<float>()[i]) / scale;
                        ++compared;
                        offByOne += steps > 0.5 && steps <= 1.0001;
                        beyondOne += steps > 1.0001;
                        worst = std::max(worst, steps);
                    }
                }
            }
        }
        qInfo("%lld codes compared: %lld one step off the simulation, %lld further (worst %.2f "
              "steps)",
              (long long)compared, (long long)offByOne, (long long)beyondOne, worst);
        QVERIFY(compared > 0);
        // The simulation quantizes in ONNX's float32 arithmetic (quantizer.h) and the weights
        // are the same codes: the executor running edge.onnx as written (QDQ in float) computes
        // exactly the same codes. (Its integer kernels: integerEdgeIsWithinAStep.)
        QCOMPARE(offByOne, int64_t(0));
        QCOMPARE(beyondOne, int64_t(0));
    }

    // The edge run in integer arithmetic, as the bundle's edge runtime runs it, against the
    // fake-quantized simulation (edge.onnx run as written, in float: the simulation exactly).
    // Every integer layer of the whole edge part, given the simulation's input codes, writes
    // codes within one step of the simulation's (a float sum's rounding moves a value across a
    // rounding boundary now and then). Run end to end, a code a step off feeds the layers after
    // it and the differences spread, as between ONNX Runtime's integer kernels and its own
    // reference; that is reported, and each crossing code stays close.
    void integerEdgeIsWithinAStep_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<int>("weightBits");
        QTest::addColumn<int>("activationBits");
        for (int bits : {8, 4}) {
            QTest::newRow(qPrintable(QString("resnet-50 64, %1 bits").arg(bits)))
                << 0 << bits << bits;
            QTest::newRow(qPrintable(QString("mobilenetv2 64, %1 bits").arg(bits)))
                << 1 << bits << bits;
        }
        QTest::newRow("resnet-50 64, mixed 8/4/6/2 and 8/6/4") << 0 << 0 << 0;
    }
    void integerEdgeIsWithinAStep() {
        QFETCH(int, which);
        QFETCH(int, weightBits);
        QFETCH(int, activationBits);
        const Opened o =
            openForSplit(which == 0 ? buildResNet50(13, 64) : buildMobileNetV2(13, 64), 2);
        QVERIFY(o.executor);
        const Graph& g = *o.graph;
        const int n = static_cast<int>(g.nodeCount());
        int64_t layerCodes = 0, layerOff = 0, codes = 0, off = 0;
        int layers = 0, worst = 0;
        for (int split : {n / 3, (2 * n) / 3}) {
            const SplitRequest request =
                weightBits == 0 ? cyclingRequest(split, {8, 4, 6, 2}, {8, 6, 4})
                                : cyclingRequest(split, {weightBits}, {activationBits});
            const Parts p = makeParts(o, request);
            QVERIFY2(p.problem.empty(), p.problem.c_str());
            ExecutorOptions asWritten;
            asWritten.integerKernels = false;
            auto simulation =
                Executor::create(std::make_shared<const Graph>(p.edge), asWritten).value();
            auto integer = Executor::create(std::make_shared<const Graph>(p.edge)).value();
            const Graph& lowered = integer.graph();
            std::vector<NodeId> integerNodes;
            std::set<std::string> names;
            for (NodeId id = 0; id < NodeId(lowered.nodeCount()); ++id) {
                const Node& node = lowered.node(id);
                if (node.domain != kIntegerDomain)
                    continue;
                integerNodes.push_back(id);
                for (ValueId v : node.inputs)
                    if (v != kNone && !lowered.value(v).isConstant())
                        names.insert(lowered.value(v).name);
                names.insert(lowered.value(node.outputs[0]).name);
            }
            layers += int(integerNodes.size());
            QCOMPARE(int(integerNodes.size()), integer.integerLowering().layers);
            for (const auto& sample : o.samples) {
                RunRequest whole;
                whole.feeds[g.value(g.inputs()[0]).name] = sample[0];
                whole.fetch.assign(names.begin(), names.end());
                const auto simulated = simulation.run(whole).value();
                // each layer on the simulation's inputs
                for (NodeId id : integerNodes) {
                    const Node& node = lowered.node(id);
                    RunRequest one;
                    one.firstNode = id;
                    one.endNode = id + 1;
                    for (ValueId v : node.inputs)
                        if (v != kNone && !lowered.value(v).isConstant())
                            one.feeds[lowered.value(v).name] = simulated.at(lowered.value(v).name);
                    const std::string out = lowered.value(node.outputs[0]).name;
                    one.fetch = {out};
                    const HostTensor got = integer.run(one).value().at(out);
                    const HostTensor& want = simulated.at(out);
                    QCOMPARE(got.dims(), want.dims());
                    if (got.dtype() != DataType::UInt8) {
                        QVERIFY(relativeDifference(want, got) <= 1e-5);
                        continue;
                    }
                    for (int64_t i = 0; i < got.elementCount(); ++i) {
                        const int d =
                            std::abs(int(got.data<uint8_t>()[i]) - int(want.data<uint8_t>()[i]));
                        if (d > 1)
                            QFAIL(qPrintable(QString("layer '%1' element %2: code %3, the "
                                                     "simulation's %4")
                                                 .arg(QString::fromStdString(node.name))
                                                 .arg(i)
                                                 .arg(got.data<uint8_t>()[i])
                                                 .arg(want.data<uint8_t>()[i])));
                        ++layerCodes;
                        layerOff += d;
                    }
                }
                // end to end
                RunRequest run;
                run.feeds = whole.feeds;
                const auto a = integer.run(run).value();
                const auto b = simulation.run(run).value();
                for (const CrossingPlan& c : p.plan.crossing) {
                    if (!c.quant)
                        continue;
                    const HostTensor& x = a.at(c.wireName);
                    const HostTensor& y = b.at(c.wireName);
                    for (int64_t i = 0; i < x.elementCount(); ++i) {
                        const int d =
                            std::abs(int(x.data<uint8_t>()[i]) - int(y.data<uint8_t>()[i]));
                        ++codes;
                        off += d > 0;
                        worst = std::max(worst, d);
                    }
                }
            }
        }
        qInfo("%d integer layers, each on the simulation's inputs: %lld codes, %.4f%% one step "
              "off. End to end: %.2f%% of %lld crossing codes off, worst %d steps",
              layers, (long long)layerCodes, 100.0 * layerOff / double(layerCodes),
              100.0 * off / double(codes), (long long)codes, worst);
        QVERIFY(layers > 0);
        QVERIFY(layerCodes > 0);
        // a rounding boundary is rarely met: far below one code in a hundred per layer
        QVERIFY(layerOff * 1000 <= layerCodes);
    }

    // The drop measured by running the two parts equals the drop the evaluation reports.
    void bundleDropIsTheEvaluationsDrop() {
        const Opened o = openForSplit(buildResNet50(13, 64), 12, 11);
        QVERIFY(o.executor);
        const Graph& g = *o.graph;
        const int n = static_cast<int>(g.nodeCount());
        for (int split : {n / 2, n}) {
            const SplitRequest request = cyclingRequest(split, {8, 6, 4}, {8, 6});
            const Parts p = makeParts(o, request);
            QVERIFY2(p.problem.empty(), p.problem.c_str());
            auto reported =
                evaluate(*o.executor, o.calibration, o.samples, {}, evaluationOf(request));
            QVERIFY(reported);
            const std::string first = g.value(g.outputs()[0]).name;
            int agree = 0;
            for (const auto& sample : o.samples) {
                // edge.onnx as written (the evaluation simulates it; the integer kernels' end to
                // end drift is integerEdgeIsWithinAStep's)
                const SplitRun r = runSplit(p.edge, p.cloud, g, sample, false);
                QVERIFY2(r.problem.empty(), r.problem.c_str());
                RunRequest whole;
                whole.feeds[g.value(g.inputs()[0]).name] = sample[0];
                const auto reference = o.executor->run(whole).value();
                agree += argmax(reference.at(first)) == argmax(r.cloudOutputs.at(first));
            }
            const double drop = 100.0 * (1.0 - double(agree) / double(o.samples.size()));
            QCOMPARE(drop, reported->accuracyDropPercent);
        }
    }

    // Each crossing travels as the cost model charges it: a float graph input as b-bit codes at
    // 2..8 raw-input bits (float16 at 16, float32 at 32), a float tensor of a layer kept in float
    // as float16 at 16 float bits; a width no form carries is refused, naming the tensor.
    void wireFormsFollowTheChargedBits() {
        const Opened o = openForSplit(buildResidualBlock(), 3);
        const Graph& g = *o.graph;
        const Value& input = g.value(g.inputs()[0]);
        const int64_t elements = input.shape.elementCount().value();
        auto plan = [&](int split, int rawBits, int floatBits) {
            SplitRequest r = floatRequest(split);
            r.rawInputBits = rawBits;
            r.floatBits = floatBits;
            return makeSplitPlan(g, o.calibration, r);
        };
        for (int bits : {8, 4, 2}) {
            auto p = plan(0, bits, 16);
            QVERIFY2(p, p ? "" : p.error().message.c_str());
            QCOMPARE(p->crossing.size(), size_t(1));
            const CrossingPlan& c = p->crossing[0];
            QCOMPARE(c.producedByLayer, 0);
            QVERIFY(c.quant);
            QCOMPARE(c.bits, bits);
            QCOMPARE(c.wireType, DataType::UInt8);
            QVERIFY(c.wireName != c.name);
            // a per-tensor quantizer on the input's calibrated range at that width
            const Range* range = o.calibration.inputRange(input.name, bits);
            QVERIFY(range && range->lo < range->hi);
            const QuantParams expected =
                paramsFromRange(QuantScheme::activations(bits), *range).value();
            QCOMPARE(c.quant->scale, expected.scale);
            QCOMPARE(c.quant->zeroPoint, expected.zeroPoint);
            QCOMPARE(c.quant->qmax, (1 << bits) - 1);
            QCOMPARE(c.wireBytes.value(),
                     bits == 8 ? elements : packedBytes(c.packing, input.shape.dims, bits).value());
        }
        auto half = plan(0, 16, 16);
        QVERIFY(half);
        QVERIFY(half->crossing[0].halved());
        QVERIFY(!half->crossing[0].quant);
        QCOMPARE(half->crossing[0].bits, 16);
        QCOMPARE(half->crossing[0].wireBytes.value(), 2 * elements);
        auto asIs = plan(0, 32, 16);
        QVERIFY(asIs);
        QCOMPARE(asIs->crossing[0].wireType, DataType::Float);
        QCOMPARE(asIs->crossing[0].wireName, input.name);
        QCOMPARE(asIs->crossing[0].wireBytes.value(), 4 * elements);
        for (int bits : {12, 1, 64}) {
            auto refused = plan(0, bits, 16);
            QVERIFY(!refused);
            QCOMPARE(refused.error().kind, ErrorKind::Unsupported);
            QVERIFY2(refused.error().message.find("'" + input.name + "'") != std::string::npos &&
                         refused.error().message.find(std::to_string(bits) + " bits") !=
                             std::string::npos,
                     refused.error().message.c_str());
        }

        // without samples there is no range: the input travels as it comes
        CalibrationResult uncalibrated = o.calibration;
        uncalibrated.inputRanges.clear();
        SplitRequest noRange = floatRequest(0);
        noRange.rawInputBits = 8;
        auto asItComes = makeSplitPlan(g, uncalibrated, noRange);
        QVERIFY(asItComes);
        QCOMPARE(asItComes->crossing[0].wireType, DataType::Float);
        QVERIFY(!asItComes->crossing[0].quant);

        // a float edge part: what its layers send is float16 at 16 float bits
        const int n = static_cast<int>(g.nodeCount());
        const int split = n / 2;
        auto halves = plan(split, 8, 16);
        QVERIFY(halves);
        int sent = 0;
        for (const CrossingPlan& c : halves->crossing) {
            if (c.producedByLayer == 0 || c.valueType != DataType::Float)
                continue;
            ++sent;
            QVERIFY(c.halved());
            QCOMPARE(c.bits, 16);
            QCOMPARE(c.wireBytes.value(), 2 * c.shape.elementCount().value());
        }
        QVERIFY(sent > 0);
        auto floats = plan(split, 8, 32);
        QVERIFY(floats);
        for (const CrossingPlan& c : floats->crossing)
            if (c.producedByLayer > 0)
                QCOMPARE(c.wireType, c.valueType);
        auto refused = plan(split, 8, 24);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.find("tensor '") != std::string::npos &&
                     refused.error().message.find("24 bits") != std::string::npos,
                 refused.error().message.c_str());
    }

    // Cloud-Only and a float edge part send the raw input as codes and float tensors as float16:
    // run as written, the two parts compute what the evaluation simulates, so the drop of the
    // bundle is the drop the evaluation reports; and they do lose something.
    void wireCrossingsAreTheEvaluations_data() {
        QTest::addColumn<bool>("floatEdge");
        QTest::addColumn<int>("rawBits");
        QTest::addColumn<int>("floatBits");
        QTest::newRow("cloud-only, 8-bit input") << false << 8 << 16;
        QTest::newRow("cloud-only, 3-bit input") << false << 3 << 16;
        QTest::newRow("cloud-only, float16 input") << false << 16 << 16;
        QTest::newRow("float edge, float16 crossing") << true << 8 << 16;
        QTest::newRow("float edge, 4-bit input, float16 crossing") << true << 4 << 16;
    }
    void wireCrossingsAreTheEvaluations() {
        QFETCH(bool, floatEdge);
        QFETCH(int, rawBits);
        QFETCH(int, floatBits);
        const Opened o = openForSplit(buildResNet50(13, 64), 12, 11);
        QVERIFY(o.executor);
        const Graph& g = *o.graph;
        const int n = static_cast<int>(g.nodeCount());
        const int split = floatEdge ? n / 2 : 0;
        SplitRequest request = cyclingRequest(split, {kFloatBits}, {kFloatBits});
        request.rawInputBits = rawBits;
        request.floatBits = floatBits;
        const Parts p = makeParts(o, request);
        QVERIFY2(p.problem.empty(), p.problem.c_str());
        auto reported = evaluate(*o.executor, o.calibration, o.samples, {}, evaluationOf(request));
        QVERIFY2(reported, reported ? "" : reported.error().message.c_str());
        const std::string first = g.value(g.outputs()[0]).name;
        int agree = 0;
        double changed = 0.0;
        for (const auto& sample : o.samples) {
            const SplitRun r = runSplit(p.edge, p.cloud, g, sample, false);
            QVERIFY2(r.problem.empty(), r.problem.c_str());
            RunRequest whole;
            whole.feeds[g.value(g.inputs()[0]).name] = sample[0];
            const auto reference = o.executor->run(whole).value();
            agree += argmax(reference.at(first)) == argmax(r.cloudOutputs.at(first));
            changed = std::max(changed,
                               relativeDifference(reference.at(first), r.cloudOutputs.at(first)));
            for (const CrossingPlan& c : p.plan.crossing) {
                const HostTensor& sent = r.edgeOutputs.at(c.wireName);
                QCOMPARE(sent.dtype(), c.wireType);
                if (c.quant && c.producedByLayer == 0) {
                    // the codes are the input quantized by the planned quantizer, exactly
                    const HostTensor codes = quantize(sample[0], *c.quant, "input").value();
                    for (int64_t i = 0; i < sent.elementCount(); ++i)
                        QCOMPARE(int(sent.data<uint8_t>()[i]), codes.data<int32_t>()[i]);
                } else if (c.halved() && split == 0) {
                    for (int64_t i = 0; i < sent.elementCount(); ++i)
                        QCOMPARE(sent.data<uint16_t>()[i], floatToHalf(sample[0].data<float>()[i]));
                }
            }
        }
        const double drop = 100.0 * (1.0 - double(agree) / double(o.samples.size()));
        QCOMPARE(drop, reported->accuracyDropPercent);
        QVERIFY2(changed > 0.0, "the wire changed nothing");
        qInfo("drop %.2f %%, output within %.2g of the float model's", drop, changed);
    }

    // A float edge cut inside a residual block: the block's input crosses as float16 and is read
    // on the edge as well. The bundle's edge readers read it rounded, as the cloud does, and the
    // evaluation's run is the bundle's, output for output.
    void floatCrossingReadOnTheEdgeIsTheBundles() {
        const Opened o = openForSplit(buildResidualBlock(), 3, 17);
        QVERIFY(o.executor);
        const Graph& g = *o.graph;
        int split = -1;
        for (const Value& v : g.values())
            if (split < 0 && !v.isConstant() && v.producer != kNone && v.consumers.size() >= 2 &&
                v.consumers.front() < v.consumers.back())
                split = v.consumers.front() + 1;
        QVERIFY2(split > 0, "the residual block has no skip over a cut");
        SplitRequest request = cyclingRequest(split, {kFloatBits}, {kFloatBits});
        request.floatBits = 16;
        const Parts p = makeParts(o, request);
        QVERIFY2(p.problem.empty(), p.problem.c_str());
        auto run = QuantizedRun::plan(g, o.calibration, evaluationOf(request));
        QVERIFY2(run, run ? "" : run.error().message.c_str());
        const std::string out = g.value(g.outputs()[0]).name;
        for (const auto& sample : o.samples) {
            const SplitRun bundle = runSplit(p.edge, p.cloud, g, sample, false);
            QVERIFY2(bundle.problem.empty(), bundle.problem.c_str());
            auto simulated = run->run(*o.executor, run->feeds(g, sample).value(), 0, kNone, {}, {});
            QVERIFY2(simulated, simulated ? "" : simulated.error().message.c_str());
            const double apart =
                relativeDifference(simulated->at(out), bundle.cloudOutputs.at(out));
            QVERIFY2(apart <= 1e-7, qPrintable(QString::number(apart)));
            // an edge that read its own tensor unrounded would compute something else
            RunRequest unrounded;
            unrounded.feeds[g.value(g.inputs()[0]).name] = sample[0];
            unrounded.endNode = split;
            for (ValueId v : liveValuesAt(g, split))
                if (!g.value(v).isGraphInput)
                    unrounded.fetch.push_back(g.value(v).name);
            auto edge = o.executor->run(unrounded);
            QVERIFY(edge);
            RunRequest cloud;
            for (auto& [name, t] : *edge) {
                HostTensor h = HostTensor::uninitialized(DataType::Float, t.dims());
                for (int64_t i = 0; i < t.elementCount(); ++i)
                    h.mutableData<float>()[i] = halfToFloat(floatToHalf(t.data<float>()[i]));
                cloud.feeds[name] = h;
            }
            cloud.firstNode = split;
            auto other = o.executor->run(cloud);
            QVERIFY(other);
            // (float16 steps in one tensor, through a few layers: a few 1e-6 of the output)
            QVERIFY2(relativeDifference(other->at(out), bundle.cloudOutputs.at(out)) > 1e-6,
                     "the cut does not tell an edge that reads float16 from one that does not");
        }
    }

    void edgeModelIsQdq() {
        const Opened o = openForSplit(buildResNet50(13, 64), 2);
        const int split = 10;
        const Parts p = makeParts(o, cyclingRequest(split, {4}, {4}));
        QVERIFY2(p.problem.empty(), p.problem.c_str());
        int quantize = 0, dequantize = 0, clip = 0, int8Weights = 0;
        for (const Node& node : p.edge.nodes()) {
            quantize += node.opType == "QuantizeLinear";
            dequantize += node.opType == "DequantizeLinear";
            clip += node.opType == "Clip";
        }
        for (const Node& node : p.edge.nodes()) {
            const Value& v = p.edge.value(node.inputs[0]);
            if (node.opType == "DequantizeLinear" && v.isConstant()) {
                QCOMPARE(v.initializer->dtype, DataType::Int8);
                ++int8Weights;
                // 4-bit narrow range: codes in [-7, 7]
                const auto* codes = reinterpret_cast<const int8_t*>(v.initializer->raw.data());
                for (int64_t i = 0; i < v.initializer->elementCount(); ++i)
                    QVERIFY(codes[i] >= -7 && codes[i] <= 7);
            }
        }
        QCOMPARE(quantize, static_cast<int>(p.plan.activationQuant.size()));
        QVERIFY(quantize > 0);
        QCOMPARE(clip, quantize); // 4 bits: clipped to [0, 15] before the uint8 quantizer
        QVERIFY(int8Weights >= split / 2);
        QVERIFY(dequantize >= quantize + int8Weights);
        // the crossing tensor leaves as codes; the cloud dequantizes it inside
        for (const CrossingPlan& c : p.plan.crossing) {
            QVERIFY(c.quant);
            QCOMPARE(c.bits, 4);
            const ValueId out = p.edge.findValue(c.wireName);
            QVERIFY(out != kNone && p.edge.value(out).isGraphOutput);
            QCOMPARE(p.edge.value(out).dtype, DataType::UInt8);
            const ValueId in = p.cloud.findValue(c.wireName);
            QVERIFY(in != kNone && p.cloud.value(in).isGraphInput);
            QCOMPARE(p.cloud.value(p.cloud.value(in).consumers.at(0)).name.empty(), false);
            QCOMPARE(p.cloud.node(p.cloud.value(in).consumers.at(0)).opType,
                     std::string("DequantizeLinear"));
            QVERIFY(c.wireBytes && *c.wireBytes == (c.shape.elementCount().value() * 4 + 7) / 8);
        }
    }

    void requestsAreChecked() {
        const Opened o = openForSplit(buildResidualBlock(), 3);
        const int n = static_cast<int>(o.graph->nodeCount());
        auto message = [&](const SplitRequest& r) {
            auto plan = makeSplitPlan(*o.graph, o.calibration, r);
            return plan ? std::string() : plan.error().message;
        };
        QVERIFY(message(floatRequest(n + 1)).find("outside") != std::string::npos);
        SplitRequest shortBits = floatRequest(2);
        shortBits.weightBits.pop_back();
        QVERIFY(message(shortBits).find("bit-widths") != std::string::npos);
        QVERIFY(message(cyclingRequest(2, {16}, {8})).find("cannot be exported") !=
                std::string::npos);
        QVERIFY(message(cyclingRequest(2, {8}, {3})).find("not calibrated") != std::string::npos);
        SplitRequest hole = floatRequest(2);
        hole.edgeLayers = {2}; // layer 2 reads layer 1, which would be on the cloud
        QVERIFY(message(hole).find("on the cloud") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestSplitModels)
#include "test_split_models.moc"
