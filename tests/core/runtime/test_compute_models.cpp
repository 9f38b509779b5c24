// Models made only of the compute kernels' ops, run end to end through the Executor: the raw
// imported graph and the optimized one (BatchNormalization folded into Conv and ConvTranspose)
// give the same outputs, and a split run (edge part, then cloud part) gives the whole run's.

#include "tests/core/runtime/compute_test_support.h"

#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "tests/support/model_builder.h"

#include <QtTest>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

// conv-bn, maxpool, grouped conv-bn, depthwise conv-bn, average pool, pointwise conv-bn,
// transposed conv-bn, nearest resize, LRN, global average pool
onnx::ModelProto computeOnlyModel() {
    ModelBuilder b(13);
    std::string x = b.input("input", {1, 3, 32, 32});
    x = b.batchNorm(b.conv(x, 16, 3, 2, 1, 1, false, 1, "stem"));
    x = b.maxPool(x, 3, 2, 1);
    x = b.batchNorm(b.conv(x, 32, 3, 1, 1, 4, false, 1, "grouped"));
    x = b.batchNorm(b.conv(x, 32, 3, 1, 1, 32, true, 1, "depthwise"));
    {
        Dims d = b.dims(x);
        d[2] /= 2;
        d[3] /= 2;
        x = b.node("AveragePool", {x}, 1, {d}, "avgpool")[0];
        b.setAttr(b.lastNode(), "kernel_shape", Dims{2, 2});
        b.setAttr(b.lastNode(), "strides", Dims{2, 2});
    }
    x = b.batchNorm(b.conv(x, 24, 1, 1, 0, 1, true, 1, "pointwise"));
    {
        const Dims in = b.dims(x);
        const std::string w = b.weight("up.weight", {in[1], 8, 2, 2}, 0.3f);
        x = b.node("ConvTranspose", {x, w}, 1, {{1, 8, in[2] * 2, in[3] * 2}}, "up")[0];
        b.setAttr(b.lastNode(), "strides", Dims{2, 2});
        x = b.batchNorm(x);
    }
    x = b.upsample2x(x);
    {
        x = b.node("LRN", {x}, 1, {b.dims(x)}, "lrn")[0];
        b.setAttr(b.lastNode(), "size", int64_t{3});
    }
    x = b.globalAveragePool(x);
    b.output(x);
    return b.model();
}

} // namespace

class TestComputeModels : public QObject {
    Q_OBJECT

private slots:
    void optimizedGraphMatchesRawGraph();
    void splitRunsComposeToTheWholeRun();
};

void TestComputeModels::optimizedGraphMatchesRawGraph() {
    auto imported = importOnnxBytes(computeOnlyModel().SerializeAsString(), "compute", {});
    QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().message.c_str());
    auto raw = std::make_shared<const Graph>(imported->graph);
    Graph optimizedGraph = imported->graph;
    QVERIFY(optimizeGraph(optimizedGraph, defaultPassNames()).ok());
    int norms = 0;
    for (const Node& n : optimizedGraph.nodes())
        norms += n.opType == "BatchNormalization";
    QCOMPARE(norms, 0); // all folded: the two graphs really differ
    auto optimized = std::make_shared<const Graph>(std::move(optimizedGraph));
    std::mt19937 rng(3);
    RunRequest request;
    request.feeds["input"] = randomTensor({1, 3, 32, 32}, rng);
    for (int threads : {1, 2}) {
        ExecutorOptions options;
        options.threads = threads;
        auto rawExec = Executor::create(raw, options);
        auto optExec = Executor::create(optimized, options);
        QVERIFY2(rawExec.ok(), rawExec.ok() ? "" : rawExec.error().message.c_str());
        QVERIFY2(optExec.ok(), optExec.ok() ? "" : optExec.error().message.c_str());
        auto a = rawExec->run(request), b = optExec->run(request);
        QVERIFY(a.ok() && b.ok());
        const HostTensor& ya = a->begin()->second;
        const HostTensor& yb = b->begin()->second;
        QCOMPARE(ya.dims(), (std::vector<int64_t>{1, 8, 1, 1}));
        const std::string diff = compareClose(yb, ya.dims(), valuesOf(ya), 1e-4, 1e-5);
        QVERIFY2(diff.empty(), diff.c_str());
    }
}

void TestComputeModels::splitRunsComposeToTheWholeRun() {
    auto imported = importOnnxBytes(computeOnlyModel().SerializeAsString(), "compute", {});
    QVERIFY(imported.ok());
    Graph g = imported->graph;
    QVERIFY(optimizeGraph(g, defaultPassNames()).ok());
    auto graph = std::make_shared<const Graph>(std::move(g));
    auto exec = Executor::create(graph, {});
    QVERIFY(exec.ok());
    std::mt19937 rng(4);
    const HostTensor input = randomTensor({1, 3, 32, 32}, rng);
    RunRequest whole;
    whole.feeds["input"] = input;
    auto expected = exec->run(whole);
    QVERIFY(expected.ok());
    // split after each node: the edge part's last output feeds the cloud part (a chain)
    for (NodeId cut = 1; cut < static_cast<NodeId>(graph->nodeCount()); ++cut) {
        const std::string crossing = graph->value(graph->node(cut - 1).outputs[0]).name;
        RunRequest edge;
        edge.feeds["input"] = input;
        edge.endNode = cut;
        edge.fetch = {crossing};
        auto edgeOut = exec->run(edge);
        QVERIFY(edgeOut.ok());
        RunRequest cloud;
        cloud.firstNode = cut;
        cloud.feeds[crossing] = edgeOut->at(crossing);
        auto cloudOut = exec->run(cloud);
        QVERIFY2(cloudOut.ok(), cloudOut.ok() ? "" : cloudOut.error().message.c_str());
        const HostTensor& y = cloudOut->begin()->second;
        QCOMPARE(y.toFloats(), expected->begin()->second.toFloats());
    }
}

QTEST_GUILESS_MAIN(TestComputeModels)
#include "test_compute_models.moc"
