// Each limit of core/util/input_limits.h against a hostile input built here: the exact one-line
// error, given quickly and without the memory the input claims.

#include "core/data/csv_rows.h"
#include "core/data/sample_set.h"
#include "core/data/text_boxes_csv.h"
#include "core/onnx/onnx_importer.h"
#include "core/util/file_bytes.h"
#include "core/util/input_limits.h"
#include "core/util/machine_memory.h"
#include "core/util/size_text.h"
#include "tests/support/model_builder.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/resource.h>

#include <filesystem>
#include <fstream>

using namespace autosplit;
using namespace autosplit::testing;
namespace fs = std::filesystem;

namespace {

// Peak resident memory of this process so far, in bytes.
int64_t peakRss() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<int64_t>(usage.ru_maxrss) * 1024;
}

// No hostile input may take more than this much memory to refuse, whatever it claims.
constexpr int64_t kRssBudget = int64_t(512) << 20;

std::string message(const Result<ImportedModel>& r) {
    return r.ok() ? std::string("ok") : r.error().message;
}

// "x" -> Relu -> ... (`count` nodes) -> output, built as raw protos (the builder's shape
// bookkeeping would dominate at a million nodes).
std::string reluChain(int64_t count) {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 4});
    auto* graph = b.model().mutable_graph();
    graph->mutable_node()->Reserve(static_cast<int>(count));
    std::string previous = x;
    for (int64_t i = 0; i < count; ++i) {
        auto* node = graph->add_node();
        node->set_op_type("Relu");
        node->add_input(previous);
        previous = "t" + std::to_string(i);
        node->add_output(previous);
    }
    auto* output = graph->add_output();
    output->set_name(previous);
    output->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
    return b.serialized();
}

// A model whose one node is an If whose then-branch holds an If ... `depth` levels deep.
std::string nestedIfs(int depth) {
    auto branch = [](onnx::GraphProto* g, const std::string& name) {
        g->set_name(name);
        auto* out = g->add_output();
        out->set_name(name + "_y");
        out->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
        auto* n = g->add_node();
        n->set_op_type("Identity");
        n->add_input("x");
        n->add_output(name + "_y");
    };
    // innermost first: each level wraps the previous graph as the then-branch of an If
    onnx::GraphProto inner;
    branch(&inner, "leaf");
    for (int level = depth; level >= 1; --level) {
        onnx::GraphProto outer;
        const std::string name = "level" + std::to_string(level);
        outer.set_name(name);
        auto* out = outer.add_output();
        out->set_name(name + "_y");
        out->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
        auto* node = outer.add_node();
        node->set_op_type("If");
        node->add_input("cond");
        node->add_output(name + "_y");
        auto* thenBranch = node->add_attribute();
        thenBranch->set_name("then_branch");
        thenBranch->set_type(onnx::AttributeProto::GRAPH);
        thenBranch->mutable_g()->Swap(&inner);
        auto* elseBranch = node->add_attribute();
        elseBranch->set_name("else_branch");
        elseBranch->set_type(onnx::AttributeProto::GRAPH);
        branch(elseBranch->mutable_g(), name + "_else");
        inner = std::move(outer);
    }
    ModelBuilder b(13);
    auto x = b.input("x", {1, 4});
    auto* cond = b.model().mutable_graph()->add_input();
    cond->set_name("cond");
    cond->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::BOOL);
    auto* graph = b.model().mutable_graph();
    for (const auto& node : inner.node())
        *graph->add_node() = node;
    *graph->add_output() = inner.output(0);
    (void)x;
    // serialized by hand: protobuf's own serializer is fine with depth, its parser is not
    return b.model().SerializeAsString();
}

void writeFile(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

std::string modelMemoryError(const std::string& what, int64_t bytes) {
    const int64_t total = physicalMemoryBytes();
    return what + " needs " + sizeText(double(bytes)) + ", more than the " +
           sizeText(double(static_cast<int64_t>(double(total) * limits::kModelMemoryShare))) +
           " (half of this machine's " + sizeText(double(total)) + ") a model may take";
}

} // namespace

class TestInputLimits : public QObject {
    Q_OBJECT

private slots:
    void refusesAMillionNodeGraph();
    void importsAGraphAtTheNodeLimit();
    void refusesDeeplyNestedSubgraphs_data();
    void refusesDeeplyNestedSubgraphs();
    void importsSubgraphsAtTheDepthLimit();
    void refusesATensorBiggerThanTheMachine();
    void refusesWeightsBiggerThanTheMachine();
    void refusesATenGigabyteExternalReference();
    void refusesAMillionRowCsv();
    void refusesAnEndlessFile();
    void refusesAMillionRowLabelsFile();
    void checksAvailableMemory();
};

void TestInputLimits::refusesAMillionNodeGraph() {
    const std::string bytes = reluChain(1'000'000);
    QElapsedTimer timer;
    timer.start();
    auto r = importOnnxData(bytes, "million.onnx", {});
    QCOMPARE(message(r), std::string("million.onnx: has more than 200,000 nodes (the limit; large "
                                     "real models have about 10,000)"));
    QVERIFY2(timer.elapsed() < 1000, std::to_string(timer.elapsed()).c_str());
    QVERIFY2(peakRss() < kRssBudget, std::to_string(peakRss()).c_str());
}

void TestInputLimits::importsAGraphAtTheNodeLimit() {
    // the limit counts nodes exactly: one node fewer than refused imports
    auto r = importOnnxData(reluChain(20'000), "chain.onnx", {});
    QVERIFY2(r.ok(), message(r).c_str());
    QCOMPARE(r->graph.nodeCount(), size_t(20'000));
    auto over = importOnnxData(reluChain(limits::kMaxGraphNodes + 1), "over.onnx", {});
    QVERIFY(!over.ok());
    QVERIFY2(over.error().message.find("has more than 200,000 nodes") != std::string::npos,
             over.error().message.c_str());
}

void TestInputLimits::refusesDeeplyNestedSubgraphs_data() {
    QTest::addColumn<int>("depth");
    QTest::newRow("one past the limit") << limits::kMaxSubgraphDepth + 1;
    QTest::newRow("past protobuf's recursion limit") << 60;
    QTest::newRow("a thousand levels") << 1'000;
}

void TestInputLimits::refusesDeeplyNestedSubgraphs() {
    QFETCH(int, depth);
    const std::string bytes = nestedIfs(depth);
    auto r = importOnnxData(bytes, "nested.onnx", {});
    QCOMPARE(message(r), std::string("nested.onnx: sub-graphs (of If, Loop or Scan nodes) are "
                                     "nested more than 16 levels deep (the limit)"));
    QVERIFY2(peakRss() < kRssBudget, std::to_string(peakRss()).c_str());
}

void TestInputLimits::importsSubgraphsAtTheDepthLimit() {
    auto r = importOnnxData(nestedIfs(limits::kMaxSubgraphDepth), "nested.onnx", {});
    // the wire scan lets it through; what follows judges the model itself
    QVERIFY(r.ok() || r.error().message.find("nested more than") == std::string::npos);
}

void TestInputLimits::refusesATensorBiggerThanTheMachine() {
    // 2^38 float32 elements: 1 TiB declared by a few bytes of shape
    ModelBuilder b(13);
    auto x = b.input("x", {1, int64_t(1) << 38});
    auto y = b.node("Relu", {x}, 1, {{1, int64_t(1) << 38}}, "relu")[0];
    b.output(y);
    QElapsedTimer timer;
    timer.start();
    auto r = importOnnxData(b.serialized(), "huge.onnx", {});
    QCOMPARE(message(r), "huge.onnx: " + modelMemoryError("tensor 'x' (1x274877906944 float32)",
                                                          int64_t(1) << 40));
    QVERIFY2(timer.elapsed() < 1000, std::to_string(timer.elapsed()).c_str());
    QVERIFY2(peakRss() < kRssBudget, std::to_string(peakRss()).c_str());
}

void TestInputLimits::refusesWeightsBiggerThanTheMachine() {
    // an external initializer declaring 1 TiB: refused before any file is looked for
    QTemporaryDir dir;
    ModelBuilder b(13);
    auto x = b.input("x", {1, 4});
    auto* w = b.model().mutable_graph()->add_initializer();
    w->set_name("w");
    w->set_data_type(onnx::TensorProto::FLOAT);
    w->add_dims(int64_t(1) << 38);
    w->set_data_location(onnx::TensorProto::EXTERNAL);
    auto* location = w->add_external_data();
    location->set_key("location");
    location->set_value("w.bin");
    auto y = b.node("Add", {x, "w"}, 1, {{1, 4}}, "add")[0];
    b.output(y);
    const fs::path path = fs::path(dir.path().toStdString()) / "weights.onnx";
    writeFile(path, b.serialized());
    auto r = importOnnxFile(path);
    QCOMPARE(message(r), path.string() + ": " +
                             modelMemoryError("the weight data (1 initializer)", int64_t(1) << 40));
    QVERIFY2(peakRss() < kRssBudget, std::to_string(peakRss()).c_str());
}

void TestInputLimits::refusesATenGigabyteExternalReference() {
    // the reference claims 10 GiB of a 216-byte file for a 216-byte weight
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    ModelBuilder b(13);
    auto x = b.input("x", {1, 2, 4, 4});
    auto y = b.conv(x, 3, 3, 1, 1, 1, false);
    b.output(y);
    auto* w = b.model().mutable_graph()->mutable_initializer(0);
    const std::string weightName = w->name();
    writeFile(root / "w.bin", w->raw_data());
    w->clear_raw_data();
    w->set_data_location(onnx::TensorProto::EXTERNAL);
    for (auto [key, value] : {std::pair<const char*, std::string>{"location", "w.bin"},
                              {"length", std::to_string(int64_t(10) << 30)}}) {
        auto* e = w->add_external_data();
        e->set_key(key);
        e->set_value(value);
    }
    writeFile(root / "m.onnx", b.serialized());
    QElapsedTimer timer;
    timer.start();
    auto r = importOnnxFile(root / "m.onnx");
    QCOMPARE(message(r), (root / "m.onnx").string() + ": initializer '" + weightName +
                             "': external data 'w.bin' claims 10737418240 bytes, but its dims "
                             "3x2x3x3 of float32 hold 216");
    QVERIFY2(timer.elapsed() < 1000, std::to_string(timer.elapsed()).c_str());
    QVERIFY2(peakRss() < kRssBudget, std::to_string(peakRss()).c_str());
}

void TestInputLimits::refusesAMillionRowCsv() {
    std::string text = "image,x1,y1,x2,y2,x3,y3,x4,y4,text\n";
    text.reserve(size_t(40) << 20);
    for (int i = 0; i < 1'000'000; ++i)
        text += "a.png,0,0,1,0,1,1,0,1,x\n";
    QElapsedTimer timer;
    timer.start();
    auto r = parseTextBoxesCsv(text, "boxes.csv");
    QVERIFY(!r.ok());
    QCOMPARE(r.error().message,
             std::string("boxes.csv: more than 100,000 rows (the limit for a CSV file)"));
    QVERIFY2(timer.elapsed() < 1000, std::to_string(timer.elapsed()).c_str());
    // the limit itself: exactly kMaxCsvRows rows pass the row reader
    std::string atLimit;
    for (int64_t i = 0; i < limits::kMaxCsvRows; ++i)
        atLimit += "r\n";
    int64_t seen = 0;
    QVERIFY(forEachCsvRow(atLimit, "rows.csv", [&](int, std::string_view) {
                ++seen;
                return Status::success();
            }).ok());
    QCOMPARE(seen, limits::kMaxCsvRows);
    QCOMPARE(forEachCsvRow(atLimit + "r\n", "rows.csv",
                           [](int, std::string_view) { return Status::success(); })
                 .error()
                 .message,
             std::string("rows.csv: more than 100,000 rows (the limit for a CSV file)"));
}

void TestInputLimits::refusesAnEndlessFile() {
    // /dev/zero has no size and no end: read up to the limit, then refused
    QElapsedTimer timer;
    timer.start();
    auto r = loadFileBytes("/dev/zero", limits::kMaxTextFileBytes);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().message,
             std::string("'/dev/zero' is larger than 64.0 MiB, the limit for this kind of file"));
    QVERIFY2(timer.elapsed() < 2000, std::to_string(timer.elapsed()).c_str());
    QVERIFY2(peakRss() < kRssBudget, std::to_string(peakRss()).c_str());
    // a file of exactly the limit is read whole
    QTemporaryDir dir;
    const std::string path = dir.filePath("exact.txt").toStdString();
    writeFile(path, std::string(4096, 'a'));
    auto exact = loadFileBytes(path, 4096);
    QVERIFY(exact.ok());
    QCOMPARE(exact->size(), size_t(4096));
    QVERIFY(!loadFileBytes(path, 4095).ok());
}

void TestInputLimits::refusesAMillionRowLabelsFile() {
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    writeFile(root / "a.npy", std::string()); // never read: the labels are refused first
    std::string labels = "file,label\n";
    for (int i = 0; i < 1'000'000; ++i)
        labels += "a.npy,1\n";
    writeFile(root / "labels.csv", labels);
    SampleSetOptions options;
    auto r = SampleSet::open(root.string(), options);
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().message),
             QString::fromStdString("labels '" + (root / "labels.csv").string() +
                                    "': more than 100,000 rows (the limit for a CSV file)"));
}

void TestInputLimits::checksAvailableMemory() {
    const int64_t available = availableMemoryBytes();
    QVERIFY(available > 0 && available <= physicalMemoryBytes());
    QVERIFY(checkAvailableMemory(1 << 20, "a buffer").ok());
    const auto refused = checkAvailableMemory(int64_t(1) << 45, "the output 1x8192x1048576");
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().message.rfind("the output 1x8192x1048576 needs 32.0 TiB, but only ",
                                           0) == 0,
             refused.error().message.c_str());
    QVERIFY(refused.error().message.ends_with(" of memory is available"));
    QCOMPARE(checkAvailableMemory(-1, "an overflowed size").error().message.substr(0, 40),
             std::string("an overflowed size needs more than 8 EiB"));
}

QTEST_GUILESS_MAIN(TestInputLimits)
#include "test_input_limits.moc"
