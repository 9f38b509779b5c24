// The executor's mechanics with kernels defined here (so the test does not depend on the built-in
// kernels): order, fetching intermediates, partial runs, hooks, fused activations, errors.

#include "core/onnx/onnx_importer.h"
#include "core/runtime/executor.h"
#include "tests/support/model_builder.h"

#include <QtTest>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

Status elementwise(KernelContext& c, float (*f)(float, float)) {
    const HostTensor& a = c.input(0);
    const HostTensor& b = c.input(1);
    if (a.dims() != b.dims())
        return c.fail("test kernel needs equal shapes");
    HostTensor out(DataType::Float, a.dims());
    for (int64_t i = 0; i < a.elementCount(); ++i)
        out.mutableData<float>()[i] = f(a.data<float>()[i], b.data<float>()[i]);
    c.outputs[0] = std::move(out);
    return Status::success();
}

KernelRegistry testRegistry() {
    KernelRegistry r;
    r.add({"Add", "", inputTypesIn({DataType::Float}), [](KernelContext& c) {
               return elementwise(c, [](float a, float b) { return a + b; });
           }});
    r.add({"Mul", "", inputTypesIn({DataType::Float}), [](KernelContext& c) {
               return elementwise(c, [](float a, float b) { return a * b; });
           }});
    r.add({"Neg", "", inputTypesIn({DataType::Float}), [](KernelContext& c) {
               HostTensor out(DataType::Float, c.input(0).dims());
               for (int64_t i = 0; i < out.elementCount(); ++i)
                   out.mutableData<float>()[i] = -c.input(0).data<float>()[i];
               c.outputs[0] = std::move(out);
               return Status::success();
           }});
    return r;
}

// y = -((x + c) * x), with c a constant [1, 2, 3, 4]
std::shared_ptr<const Graph> smallGraph() {
    ModelBuilder b(13);
    auto x = b.input("x", {4});
    auto c = b.floats("c", {4}, {1, 2, 3, 4});
    auto s = b.node("Add", {x, c}, 1, {{4}}, "sum")[0];
    auto p = b.node("Mul", {s, x}, 1, {{4}}, "product")[0];
    auto y = b.node("Neg", {p}, 1, {{4}}, "y")[0];
    b.output(y);
    auto imported = importOnnxBytes(b.serialized(), "small", {});
    return std::make_shared<const Graph>(std::move(imported.value().graph));
}

HostTensor vec(std::vector<float> v) {
    return HostTensor::fromFloats({static_cast<int64_t>(v.size())}, v);
}

} // namespace

class TestExecutor : public QObject {
    Q_OBJECT

private slots:
    void runsInOrder();
    void fetchesIntermediates();
    void partialRunsComposeToTheWholeRun();
    void hooksReplaceOutputsAndConstants();
    void appliesFusedActivation();
    void leavesActivationToKernelsThatApplyIt();
    void rejectsBadFeeds();
    void namesUnsupportedOps();
    void honoursCancellation();
};

void TestExecutor::runsInOrder() {
    const KernelRegistry registry = testRegistry();
    auto exec = Executor::create(smallGraph(), {}, registry);
    QVERIFY2(exec.ok(), exec.ok() ? "" : exec.error().message.c_str());
    RunRequest request;
    request.feeds["x"] = vec({1, -1, 0.5f, 2});
    auto out = exec->run(request);
    QVERIFY(out.ok());
    // -((x + c) * x) computed here: -(2*1), -(1*-1), -(3.5*0.5), -(6*2)
    QCOMPARE(out->at("y").toFloats(), (std::vector<float>{-2.f, 1.f, -1.75f, -12.f}));
}

void TestExecutor::fetchesIntermediates() {
    const KernelRegistry registry = testRegistry();
    auto exec = Executor::create(smallGraph(), {}, registry);
    RunRequest request;
    request.feeds["x"] = vec({1, 1, 1, 1});
    request.fetch = {"sum", "y"};
    auto out = exec->run(request);
    QVERIFY(out.ok());
    QCOMPARE(out->at("sum").toFloats(), (std::vector<float>{2, 3, 4, 5}));
    QCOMPARE(out->at("y").toFloats(), (std::vector<float>{-2, -3, -4, -5}));
}

void TestExecutor::partialRunsComposeToTheWholeRun() {
    const KernelRegistry registry = testRegistry();
    auto exec = Executor::create(smallGraph(), {}, registry);
    // edge: node 0 (sum); crossing: sum and the raw input x (used again by Mul on the cloud)
    RunRequest edge;
    edge.feeds["x"] = vec({3, -2, 1, 0});
    edge.endNode = 1;
    edge.fetch = {"sum"};
    auto edgeOut = exec->run(edge);
    QVERIFY(edgeOut.ok());
    RunRequest cloud;
    cloud.firstNode = 1;
    cloud.feeds["sum"] = edgeOut->at("sum");
    cloud.feeds["x"] = vec({3, -2, 1, 0});
    auto cloudOut = exec->run(cloud);
    QVERIFY2(cloudOut.ok(), cloudOut.ok() ? "" : cloudOut.error().message.c_str());
    RunRequest whole;
    whole.feeds["x"] = vec({3, -2, 1, 0});
    QCOMPARE(cloudOut->at("y").toFloats(), exec->run(whole)->at("y").toFloats());
    // the cloud part without the crossing skip tensor names what is missing
    cloud.feeds.erase("x");
    auto missing = exec->run(cloud);
    QVERIFY(!missing.ok());
    QVERIFY2(missing.error().message.find("'x'") != std::string::npos,
             missing.error().message.c_str());
}

void TestExecutor::hooksReplaceOutputsAndConstants() {
    const KernelRegistry registry = testRegistry();
    auto graph = smallGraph();
    auto exec = Executor::create(graph, {}, registry);
    RunRequest request;
    request.feeds["x"] = vec({1, 1, 1, 1});
    std::vector<std::string> seen;
    request.hooks.onOutput = [&](NodeId, ValueId value, HostTensor& tensor) {
        seen.push_back(graph->value(value).name);
        if (graph->value(value).name == "sum")
            tensor = vec({10, 10, 10, 10}); // e.g. a fake-quantized activation
    };
    auto out = exec->run(request);
    QVERIFY(out.ok());
    QCOMPARE(seen, (std::vector<std::string>{"sum", "product", "y"}));
    QCOMPARE(out->at("y").toFloats(), (std::vector<float>{-10, -10, -10, -10}));
    // constants can be swapped (fake-quantized weights) without touching the graph
    std::map<ValueId, HostTensor> overrides{{graph->findValue("c"), vec({0, 0, 0, 0})}};
    RunRequest withOverride;
    withOverride.feeds["x"] = vec({2, 2, 2, 2});
    withOverride.hooks.constantOverrides = &overrides;
    QCOMPARE(exec->run(withOverride)->at("y").toFloats(), (std::vector<float>{-4, -4, -4, -4}));
    QCOMPARE(*graph->value(graph->findValue("c")).initializer->toFloats(),
             (std::vector<float>{1, 2, 3, 4}));
}

void TestExecutor::appliesFusedActivation() {
    const KernelRegistry registry = testRegistry();
    auto graph = std::make_shared<Graph>(*smallGraph());
    graph->node(0).activation.kind = FusedActivation::Kind::Relu; // sum = relu(x + c)
    auto exec = Executor::create(graph, {}, registry);
    RunRequest request;
    request.feeds["x"] = vec({-5, 1, 1, 1});
    request.fetch = {"sum"};
    QCOMPARE(exec->run(request)->at("sum").toFloats(), (std::vector<float>{0, 3, 4, 5}));
}

void TestExecutor::leavesActivationToKernelsThatApplyIt() {
    // A kernel that declares appliesFusedActivation owns the activation: this one (on purpose)
    // ignores it, so an output without the activation shows the executor did not apply it again.
    KernelRegistry registry = testRegistry();
    KernelInfo add = *registry.find("Add");
    add.appliesFusedActivation = true;
    registry.add(add);
    auto graph = std::make_shared<Graph>(*smallGraph());
    graph->node(0).activation.kind = FusedActivation::Kind::Relu;
    auto exec = Executor::create(graph, {}, registry);
    RunRequest request;
    request.feeds["x"] = vec({-5, 1, 1, 1});
    request.fetch = {"sum"};
    QCOMPARE(exec->run(request)->at("sum").toFloats(), (std::vector<float>{-4, 3, 4, 5}));
}

void TestExecutor::rejectsBadFeeds() {
    const KernelRegistry registry = testRegistry();
    auto exec = Executor::create(smallGraph(), {}, registry);
    RunRequest none;
    auto r1 = exec->run(none);
    QVERIFY(!r1.ok());
    QCOMPARE(r1.error().message, std::string("input 'x' was not given"));
    RunRequest wrongShape;
    wrongShape.feeds["x"] = vec({1, 2, 3});
    auto r2 = exec->run(wrongShape);
    QVERIFY(!r2.ok());
    QCOMPARE(r2.error().message, std::string("input 'x': expected shape 4, got 3"));
    RunRequest wrongType;
    wrongType.feeds["x"] = HostTensor::fromInt64s({4}, std::vector<int64_t>{1, 2, 3, 4});
    auto r3 = exec->run(wrongType);
    QVERIFY(!r3.ok());
    QCOMPARE(r3.error().message, std::string("input 'x': expected float32, got int64"));
    RunRequest unknownName;
    unknownName.feeds["x"] = vec({1, 2, 3, 4});
    unknownName.fetch = {"nope"};
    auto r4 = exec->run(unknownName);
    QVERIFY(!r4.ok());
    QCOMPARE(r4.error().message,
             std::string("tensor 'nope': the model has no tensor of that name"));
}

void TestExecutor::namesUnsupportedOps() {
    KernelRegistry registry = testRegistry();
    ModelBuilder b(13);
    auto x = b.input("x", {4});
    auto y = b.node("Tanh", {x}, 1, {{4}}, "squash")[0];
    b.output(y);
    auto imported = importOnnxBytes(b.serialized(), "m", {});
    auto graph = std::make_shared<const Graph>(std::move(imported.value().graph));
    auto exec = Executor::create(graph, {}, registry);
    QVERIFY(!exec.ok());
    QCOMPARE(exec.error().message,
             std::string("the executor has no kernel for op 'Tanh' (node 'squash')"));
    QCOMPARE(Executor::unsupportedNodes(*graph, registry),
             std::vector<std::string>{"op 'Tanh' (node 'squash')"});
}

void TestExecutor::honoursCancellation() {
    const KernelRegistry registry = testRegistry();
    auto exec = Executor::create(smallGraph(), {}, registry);
    RunRequest request;
    request.feeds["x"] = vec({1, 1, 1, 1});
    CancellationToken cancel;
    cancel.cancel();
    auto out = exec->run(request, cancel);
    QVERIFY(!out.ok());
    QCOMPARE(out.error().message, std::string("run cancelled"));
}

QTEST_GUILESS_MAIN(TestExecutor)
#include "test_executor.moc"
