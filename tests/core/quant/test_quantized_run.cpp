// What a candidate's simulated run sends across the cut, against the bundle's two models: an edge
// layer that reads a tensor which also crosses reads it as computed (float32), and only the copy
// that crosses is rounded to float16; the state before the cut is the edge's alone, so a run
// resumed from it gives the same outputs as one run.

#include "core/quant/quantized_run.h"

#include "core/graph/half_float.h"
#include "core/graph/live_values.h"
#include "core/quant/evaluation.h"

#include "tests/core/bundle/bundle_fixture.h"
#include "tests/support/model_builder.h"

#include <QtTest>

using namespace autosplit;

namespace {

HostTensor halved(const HostTensor& t) {
    HostTensor out = HostTensor::uninitialized(DataType::Float, t.dims());
    for (int64_t i = 0; i < t.elementCount(); ++i)
        out.mutableData<float>()[i] = halfToFloat(floatToHalf(t.data<float>()[i]));
    return out;
}

float largestDifference(const HostTensor& a, const HostTensor& b) {
    float d = 0.f;
    for (int64_t i = 0; i < a.elementCount(); ++i)
        d = std::max(d, std::abs(a.data<float>()[i] - b.data<float>()[i]));
    return d;
}

std::vector<std::string> namesOf(const Graph& g, const std::vector<ValueId>& ids) {
    std::vector<std::string> names;
    for (ValueId v : ids)
        names.push_back(g.value(v).name);
    return names;
}

// A split with a tensor read both before it (on the edge) and after it (on the cloud).
int splitInsideASkip(const Graph& g) {
    for (const Value& v : g.values())
        if (!v.isConstant() && v.producer != kNone && v.consumers.size() >= 2 &&
            v.consumers.front() < v.consumers.back())
            return v.consumers.front() + 1;
    return -1;
}

EvaluationRequest floatEdge(int split) {
    EvaluationRequest r;
    r.split = split;
    r.weightBits.assign(size_t(split), 32);
    r.activationBits.assign(size_t(split), 32);
    r.floatBits = 16;
    return r;
}

} // namespace

class TestQuantizedRun : public QObject {
    Q_OBJECT

private slots:
    void floatCrossingIsRoundedOnlyOnTheWire() {
        const testing::Opened o = testing::openForSplit(testing::buildResidualBlock(), 2);
        QVERIFY(o.executor);
        const Graph& g = *o.graph;
        const int split = splitInsideASkip(g);
        QVERIFY2(split > 0, "the residual block has no skip over a cut");
        auto run = QuantizedRun::plan(g, o.calibration, floatEdge(split));
        QVERIFY2(run, run ? "" : run.error().message.c_str());
        const std::string output = g.value(g.outputs()[0]).name;
        const std::string input = g.value(g.inputs()[0]).name;
        for (const auto& sample : o.samples) {
            auto feeds = run->feeds(g, sample);
            QVERIFY(feeds);
            auto simulated = run->run(*o.executor, *feeds, 0, kNone, {}, {});
            QVERIFY2(simulated, simulated ? "" : simulated.error().message.c_str());

            // the bundle: the edge model in float, what it sends as float16, the cloud in float
            RunRequest edge;
            edge.feeds[input] = sample[0];
            edge.endNode = split;
            edge.fetch = namesOf(g, liveValuesAt(g, split));
            auto sent = o.executor->run(edge);
            QVERIFY(sent);
            for (auto& [name, t] : *sent)
                if (name != input)
                    t = halved(t);
            RunRequest cloud;
            cloud.feeds = *sent;
            cloud.firstNode = split;
            auto bundle = o.executor->run(cloud);
            QVERIFY(bundle);
            QCOMPARE(largestDifference(simulated->at(output), bundle->at(output)), 0.f);

            // rounding where the tensor is made, as before, would have the edge read float16 too
            RunRequest wrong;
            wrong.feeds[input] = sample[0];
            wrong.hooks.onOutput = [&](NodeId n, ValueId, HostTensor& t) {
                if (n < split && t.dtype() == DataType::Float)
                    t = halved(t);
            };
            auto early = o.executor->run(wrong);
            QVERIFY(early);
            QVERIFY2(largestDifference(early->at(output), bundle->at(output)) > 0.f,
                     "the skip over the cut does not tell the two apart");
        }
    }

    void aRunResumedFromAStateIsTheSameRun() {
        const testing::Opened o = testing::openForSplit(testing::buildResNet18(13, 64), 2);
        QVERIFY(o.executor);
        const Graph& g = *o.graph;
        const int n = static_cast<int>(g.nodeCount());
        EvaluationRequest mixed = floatEdge(n / 2);
        for (int i = 0; i < n / 2; i += 3)
            mixed.weightBits[size_t(i)] = mixed.activationBits[size_t(i)] = 6;
        EvaluationRequest cloudOnly;
        cloudOnly.rawInputBits = 8;
        for (const EvaluationRequest& r : {floatEdge(n / 3), mixed, cloudOnly}) {
            auto run = QuantizedRun::plan(g, o.calibration, r);
            QVERIFY2(run, run ? "" : run.error().message.c_str());
            QVERIFY(run->prefixesShareable());
            auto feeds = run->feeds(g, o.samples[0]);
            QVERIFY(feeds);
            auto whole = run->run(*o.executor, *feeds, 0, kNone, {}, {});
            QVERIFY(whole);
            for (int cut : {r.split / 2, r.split}) {
                auto state =
                    run->run(*o.executor, *feeds, 0, cut, namesOf(g, liveValuesAt(g, cut)), {});
                QVERIFY2(state, state ? "" : state.error().message.c_str());
                auto resumed = run->run(*o.executor, *state, cut, kNone, {}, {});
                QVERIFY2(resumed, resumed ? "" : resumed.error().message.c_str());
                for (ValueId v : g.outputs()) {
                    const std::string& name = g.value(v).name;
                    QCOMPARE(largestDifference(whole->at(name), resumed->at(name)), 0.f);
                }
            }
        }
        // the raw input crosses as codes: Cloud-Only differs from the float model
        auto plain = o.executor->run([&] {
            RunRequest r;
            r.feeds[g.value(g.inputs()[0]).name] = o.samples[0][0];
            return r;
        }());
        auto codes = QuantizedRun::plan(g, o.calibration, cloudOnly);
        QVERIFY(plain && codes);
        auto coded =
            codes->run(*o.executor, codes->feeds(g, o.samples[0]).value(), 0, kNone, {}, {});
        QVERIFY(coded);
        const std::string out = g.value(g.outputs()[0]).name;
        QVERIFY(largestDifference(plain->at(out), coded->at(out)) > 0.f);
    }
};

QTEST_GUILESS_MAIN(TestQuantizedRun)
#include "test_quantized_run.moc"
