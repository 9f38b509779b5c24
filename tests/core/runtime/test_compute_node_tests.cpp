// The ONNX backend tests (Debian's libonnx-testdata) of the compute kernels' ops: every test
// under node/, pytorch-converted/ and pytorch-operator/ whose graph uses only Conv,
// ConvTranspose, Gemm, MatMul, the pools, the normalizations, LRN, Resize or Upsample is imported,
// run through the Executor and compared with the expected outputs (rtol 1e-3, atol 1e-5). Which
// tests are "ours" comes from the families' own registrations, not from a hand-kept list; a test
// the kernels' `supports` declines must be listed below with its reason, so nothing is skipped
// silently.

#include "core/onnx/onnx_convert.h"
#include "core/onnx/onnx_importer.h"
#include "core/runtime/executor.h"
#include "core/runtime/kernels/kernel_families.h"

#include <QtTest>

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

using namespace autosplit;
namespace fs = std::filesystem;

namespace {

const fs::path kTestData = "/usr/share/libonnx-testdata/data";

// Tests of our ops that `supports` declines on purpose, with the reason.
const std::map<std::string, std::string> kDeclined = {};

std::set<std::string> computeOps() {
    KernelRegistry registry;
    registerConvKernels(registry);
    registerGemmKernels(registry);
    registerPoolKernels(registry);
    registerNormalizationKernels(registry);
    registerResizeKernels(registry);
    const auto names = registry.opNames();
    return {names.begin(), names.end()};
}

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

Result<HostTensor> readTensor(const fs::path& path) {
    onnx::TensorProto proto;
    if (!proto.ParseFromString(readFile(path)))
        return Error{path.string() + ": not a TensorProto"};
    auto tensor = tensorFromProto(proto, true);
    if (!tensor)
        return Error{path.string() + ": " + tensor.error().message};
    return HostTensor::fromConstant(std::make_shared<const Tensor>(std::move(*tensor)));
}

std::string compare(const HostTensor& got, const HostTensor& expected, double rtol, double atol) {
    if (got.dims() != expected.dims())
        return "shape " + got.describe() + ", expected " + expected.describe();
    if (got.dtype() != expected.dtype())
        return "dtype " + got.describe() + ", expected " + expected.describe();
    if (got.dtype() == DataType::Int64) {
        const auto a = got.toInt64s(), b = expected.toInt64s();
        for (size_t i = 0; i < a.size(); ++i)
            if (a[i] != b[i])
                return "element " + std::to_string(i) + " is " + std::to_string(a[i]) +
                       ", expected " + std::to_string(b[i]);
        return {};
    }
    const auto a = got.toFloats(), b = expected.toFloats();
    for (size_t i = 0; i < a.size(); ++i)
        if (!(std::abs(double(a[i]) - double(b[i])) <= atol + rtol * std::abs(double(b[i]))))
            return "element " + std::to_string(i) + " is " + std::to_string(a[i]) + ", expected " +
                   std::to_string(b[i]);
    return {};
}

struct Outcome {
    std::vector<std::string> passed, failed, declined;
    std::set<std::string> opsCovered;
};

// Runs one test folder; appends to the outcome.
void runTest(const fs::path& dir, const std::set<std::string>& ops, Outcome& outcome) {
    onnx::ModelProto model;
    if (!model.ParseFromString(readFile(dir / "model.onnx")))
        return;
    std::set<std::string> used;
    for (const auto& node : model.graph().node())
        if (node.op_type() != "Constant" || !node.domain().empty())
            used.insert(node.domain().empty() || node.domain() == "ai.onnx"
                            ? node.op_type()
                            : node.domain() + "::" + node.op_type());
    if (used.empty() || !std::includes(ops.begin(), ops.end(), used.begin(), used.end()))
        return; // not (only) our ops
    const std::string name = dir.parent_path().filename().string() + "/" + dir.filename().string();
    auto fail = [&](const std::string& why) { outcome.failed.push_back(name + ": " + why); };

    auto imported = importOnnxFile(dir / "model.onnx");
    if (!imported)
        return fail("import: " + imported.error().message);
    auto graph = std::make_shared<const Graph>(std::move(imported->graph));
    if (!Executor::unsupportedNodes(*graph).empty()) {
        outcome.declined.push_back(name);
        return;
    }
    auto executor = Executor::create(graph);
    if (!executor)
        return fail(executor.error().message);

    std::set<std::string> initializers;
    for (const auto& t : model.graph().initializer())
        initializers.insert(t.name());
    std::vector<std::string> inputNames, outputNames;
    for (const auto& in : model.graph().input())
        if (!initializers.count(in.name()))
            inputNames.push_back(in.name());
    for (const auto& out : model.graph().output())
        outputNames.push_back(out.name());

    int sets = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (!entry.is_directory() ||
            entry.path().filename().string().rfind("test_data_set_", 0) != 0)
            continue;
        ++sets;
        RunRequest request;
        for (size_t i = 0; i < inputNames.size(); ++i) {
            auto t = readTensor(entry.path() / ("input_" + std::to_string(i) + ".pb"));
            if (!t)
                return fail(t.error().message);
            request.feeds[inputNames[i]] = *t;
        }
        request.fetch = outputNames;
        auto out = executor->run(request);
        if (!out)
            return fail(out.error().message);
        for (size_t i = 0; i < outputNames.size(); ++i) {
            auto expected = readTensor(entry.path() / ("output_" + std::to_string(i) + ".pb"));
            if (!expected)
                return fail(expected.error().message);
            const std::string diff = compare(out->at(outputNames[i]), *expected, 1e-3, 1e-5);
            if (!diff.empty())
                return fail(entry.path().filename().string() + " output '" + outputNames[i] +
                            "': " + diff);
        }
    }
    if (sets == 0)
        return fail("no test_data_set_* folder");
    outcome.passed.push_back(name);
    outcome.opsCovered.insert(used.begin(), used.end());
}

} // namespace

class TestComputeNodeTests : public QObject {
    Q_OBJECT

private slots:
    void backendTestsOfComputeOpsPass();
};

void TestComputeNodeTests::backendTestsOfComputeOpsPass() {
    QVERIFY2(fs::is_directory(kTestData / "node"),
             "the ONNX backend test data is missing: install the Debian package libonnx-testdata");
    const std::set<std::string> ops = computeOps();
    Outcome outcome;
    for (const char* suite : {"node", "pytorch-converted", "pytorch-operator"}) {
        std::vector<fs::path> dirs;
        for (const auto& entry : fs::directory_iterator(kTestData / suite))
            if (entry.is_directory() && fs::exists(entry.path() / "model.onnx"))
                dirs.push_back(entry.path());
        std::sort(dirs.begin(), dirs.end());
        for (const auto& dir : dirs)
            runTest(dir, ops, outcome);
    }
    std::string covered;
    for (const auto& op : outcome.opsCovered)
        covered += (covered.empty() ? "" : ", ") + op;
    qInfo("%zu backend tests of the compute ops passed (ops: %s)", outcome.passed.size(),
          covered.c_str());
    for (const auto& f : outcome.failed)
        qWarning("FAILED %s", f.c_str());
    QVERIFY2(outcome.failed.empty(),
             (std::to_string(outcome.failed.size()) + " backend tests failed").c_str());
    // declined tests must be exactly the documented ones
    std::vector<std::string> expectedDeclined;
    for (const auto& [test, reason] : kDeclined)
        expectedDeclined.push_back(test);
    std::sort(outcome.declined.begin(), outcome.declined.end());
    for (const auto& d : outcome.declined)
        if (!kDeclined.count(d))
            qWarning("DECLINED without a documented reason: %s", d.c_str());
    QCOMPARE(outcome.declined, expectedDeclined);
    // the suite must really have exercised every family
    for (const char* op :
         {"Conv", "ConvTranspose", "Gemm", "MatMul", "MaxPool", "AveragePool", "GlobalAveragePool",
          "GlobalMaxPool", "BatchNormalization", "InstanceNormalization", "LayerNormalization",
          "LRN", "Resize", "Upsample"})
        QVERIFY2(outcome.opsCovered.count(op), op);
    QVERIFY(outcome.passed.size() >= 150);
}

QTEST_GUILESS_MAIN(TestComputeNodeTests)
#include "test_compute_node_tests.moc"
