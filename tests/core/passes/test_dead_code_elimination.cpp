// dead-code-elimination: nodes whose results nobody reads go, whole chains at once; graph
// outputs and nodes of other domains stay.

#include "tests/core/passes/pass_test_support.h"

using namespace autosplit;
using namespace autosplit::testing;

class TestDeadCodeElimination : public QObject {
    Q_OBJECT

private slots:
    void removesDeadChains();
    void keepsOutputsAndForeignDomains();
};

void TestDeadCodeElimination::removesDeadChains() {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 3, 6, 6});
    b.output(b.relu(b.conv(x, 4, 3, 1, -1, 1, true, 1, "conv"), "relu"));
    b.unary("Sigmoid", b.conv(x, 2, 1, 1, 0, 1, true, 1, "unused_conv"), "unused_sigmoid");
    b.node("Shape", {x}, 1, {}, "unused_shape");
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    const Graph before = *g;
    auto reports = optimizeGraph(*g, {"dead-code-elimination"});
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(opTypes(*g), (std::vector<std::string>{"Conv", "Relu"}));
    const auto& changes = (*reports)[0].changes;
    QCOMPARE(changes.size(), size_t(3));
    QVERIFY(contains(changes, "removed Sigmoid 'unused_sigmoid': its outputs are never used"));
    QVERIFY(contains(changes, "removed Conv 'unused_conv': its outputs are never used"));
    QVERIFY(contains(changes, "removed Shape 'unused_shape': its outputs are never used"));
    // the dead conv's weights went with it
    QCOMPARE(g->findValue("unused_conv.weight"), kNone);
    QCOMPARE(compareRuns(before, *g), 0.0);
}

void TestDeadCodeElimination::keepsOutputsAndForeignDomains() {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 3, 6, 6});
    b.output(b.relu(x, "relu"));
    b.node("Custom", {x}, 1, {}, "custom", "com.example");
    auto* opset = b.model().add_opset_import();
    opset->set_domain("com.example");
    opset->set_version(1);
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    auto reports = optimizeGraph(*g, {"dead-code-elimination"});
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(g->nodeCount(), size_t(2));
    QVERIFY(!(*reports)[0].modified);
}

QTEST_GUILESS_MAIN(TestDeadCodeElimination)
#include "test_dead_code_elimination.moc"
