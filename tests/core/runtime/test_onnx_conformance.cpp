// The ONNX backend test suite (Debian's libonnx-testdata) against the executor: every test whose
// ops all have a kernel in KernelRegistry::builtin() that accepts the node's input types runs on
// every data set, and every one of them must match the expected outputs within ONNX's own
// runner tolerance. Which tests count as supported comes from the registry, never from a list
// kept here. Sequence- and optional-typed graphs are not tensors and are never supported.

#include "core/io/tensor_io.h"
#include "core/onnx/onnx_importer.h"
#include "core/runtime/executor.h"

#include <onnx/onnx_pb.h>

#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace autosplit;
namespace fs = std::filesystem;

namespace {

const fs::path kDataRoot = "/usr/share/libonnx-testdata/data";
// Folders in the node-test layout (model.onnx + test_data_set_*/input_N.pb, output_N.pb); real/
// holds only download pointers.
const char* const kSuites[] = {"node", "pytorch-converted", "pytorch-operator", "simple"};

// ONNX's backend runner compares with numpy.testing.assert_allclose(rtol=1e-3, atol=1e-7).
constexpr double kRtol = 1e-3;
constexpr double kAtol = 1e-7;

struct Outcome {
    // InvalidData: a data set contradicts the model it belongs to (an input whose shape differs
    // from the model's fixed declared shape); no executor can pass it, so it is reported apart.
    enum class Kind { Unsupported, InvalidData, Passed, Failed };
    Kind kind = Kind::Unsupported;
    std::string detail;        // why unsupported / what failed
    std::set<std::string> ops; // ops of a supported test
    int dataSets = 0;
};

std::optional<std::string> readBytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string opKey(const onnx::NodeProto& node) {
    const std::string domain = node.domain() == "ai.onnx" ? std::string() : node.domain();
    return domain.empty() ? node.op_type() : domain + "::" + node.op_type();
}

// Values as doubles for comparison (integers and bool too: exact in double up to 2^53, and the
// test data stay far below that).
std::vector<double> asDoubles(const HostTensor& t) {
    std::vector<double> out(static_cast<size_t>(t.elementCount()));
    if (t.dtype() == DataType::Double) {
        for (size_t i = 0; i < out.size(); ++i)
            out[i] = t.data<double>()[i];
    } else if (t.dtype() == DataType::Int64) {
        for (size_t i = 0; i < out.size(); ++i)
            out[i] = static_cast<double>(t.data<int64_t>()[i]);
    } else if (t.dtype() == DataType::UInt64) {
        for (size_t i = 0; i < out.size(); ++i)
            out[i] = static_cast<double>(t.data<uint64_t>()[i]);
    } else {
        const std::vector<float> f = t.toFloats();
        for (size_t i = 0; i < out.size() && i < f.size(); ++i)
            out[i] = f[i];
    }
    return out;
}

// Empty when they match; otherwise what differs.
std::string compareTensors(const std::string& name, const HostTensor& expected,
                           const HostTensor& actual) {
    if (expected.dtype() != actual.dtype())
        return "output '" + name + "': expected " + expected.describe() + ", got " +
               actual.describe();
    if (expected.dims() != actual.dims())
        return "output '" + name + "': expected " + expected.describe() + ", got " +
               actual.describe();
    const bool exact = !isFloatingPoint(expected.dtype());
    if (exact) {
        if (expected.byteSize() != actual.byteSize() ||
            std::memcmp(expected.bytes(), actual.bytes(), expected.byteSize()) != 0) {
            const auto e = asDoubles(expected), a = asDoubles(actual);
            for (size_t i = 0; i < e.size(); ++i)
                if (e[i] != a[i])
                    return "output '" + name + "' element " + std::to_string(i) + ": expected " +
                           std::to_string(e[i]) + ", got " + std::to_string(a[i]);
            return "output '" + name + "': bytes differ";
        }
        return {};
    }
    const auto e = asDoubles(expected), a = asDoubles(actual);
    for (size_t i = 0; i < e.size(); ++i) {
        const bool bothNan = std::isnan(e[i]) && std::isnan(a[i]);
        const bool sameInf = std::isinf(e[i]) && e[i] == a[i];
        if (bothNan || sameInf)
            continue;
        if (!(std::abs(a[i] - e[i]) <= kAtol + kRtol * std::abs(e[i])))
            return "output '" + name + "' element " + std::to_string(i) + ": expected " +
                   std::to_string(e[i]) + ", got " + std::to_string(a[i]);
    }
    return {};
}

// numpy has no bfloat16, so ONNX's test generator stores bfloat16 data as uint16 bit patterns:
// read such a file as the bfloat16 the model declares (same bits).
HostTensor asDeclared(const HostTensor& t, DataType declared) {
    if (declared == DataType::BFloat16 && t.dtype() == DataType::UInt16) {
        HostTensor b(DataType::BFloat16, t.dims());
        std::memcpy(b.mutableBytes(), t.bytes(), t.byteSize());
        return b;
    }
    return t;
}

// Data sets in name order; the inputs and outputs of each by index.
std::vector<fs::path> dataSets(const fs::path& dir) {
    std::vector<fs::path> sets;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_directory() &&
            entry.path().filename().string().rfind("test_data_set_", 0) == 0)
            sets.push_back(entry.path());
    std::sort(sets.begin(), sets.end());
    return sets;
}

Outcome runCase(const fs::path& dir, const KernelRegistry& registry) {
    Outcome outcome;
    auto bytes = readBytes(dir / "model.onnx");
    onnx::ModelProto model;
    if (!bytes || !model.ParseFromString(*bytes)) {
        outcome.detail = "model.onnx does not parse";
        return outcome;
    }
    // 1. every op has a kernel (the registry decides; sub-graph ops never have one)
    std::set<std::string> ops;
    for (const auto& node : model.graph().node()) {
        ops.insert(opKey(node));
        const std::string domain = node.domain() == "ai.onnx" ? std::string() : node.domain();
        if (!registry.find(node.op_type(), domain)) {
            outcome.detail = "no kernel for " + opKey(node);
            return outcome;
        }
    }
    // 2. tensors only: sequence and optional graph inputs/outputs are not supported
    for (const auto* list : {&model.graph().input(), &model.graph().output()})
        for (const auto& info : *list)
            if (!info.type().has_tensor_type()) {
                outcome.detail = "non-tensor graph input/output '" + info.name() + "'";
                return outcome;
            }
    // 3. import; a failure of an otherwise supported model is a failure, except for tensor types
    // the executor has no representation for (strings)
    ImportOptions options;
    options.assumeBatchOne = false;
    auto imported = importOnnxBytes(*bytes, dir.filename().string(), dir, options);
    if (!imported) {
        for (const auto* list : {&model.graph().input(), &model.graph().output()})
            for (const auto& info : *list)
                if (info.type().tensor_type().elem_type() == onnx::TensorProto::STRING) {
                    outcome.detail = "string tensor '" + info.name() + "'";
                    return outcome;
                }
        outcome.kind = Outcome::Kind::Failed;
        outcome.ops = ops;
        outcome.detail = "import failed: " + imported.error().message;
        return outcome;
    }
    auto graph = std::make_shared<const Graph>(std::move(imported->graph));
    // 4. every kernel accepts its node's input types and attributes
    if (auto missing = Executor::unsupportedNodes(*graph, registry); !missing.empty()) {
        outcome.detail = "unsupported " + missing.front();
        return outcome;
    }

    outcome.ops = ops;
    auto fail = [&](const std::string& why) {
        outcome.kind = Outcome::Kind::Failed;
        outcome.detail = why;
        return outcome;
    };
    auto executor = Executor::create(graph, {}, registry);
    if (!executor)
        return fail(executor.error().message);
    const auto sets = dataSets(dir);
    if (sets.empty())
        return fail("no test_data_set_* folder");
    for (const fs::path& set : sets) {
        RunRequest request;
        size_t i = 0;
        for (ValueId in : graph->inputs()) {
            const fs::path file = set / ("input_" + std::to_string(i++) + ".pb");
            auto tensor = readTensorProtoFile(file);
            if (!tensor)
                return fail(tensor.error().message);
            const Value& declared = graph->value(in);
            if (declared.shape.isFullyKnown() && declared.shape.dims != tensor->tensor.dims()) {
                outcome.kind = Outcome::Kind::InvalidData;
                outcome.detail = file.string() + " has shape " +
                                 TensorShape::of(tensor->tensor.dims()).toString() +
                                 " but the model declares input '" + declared.name + "' as " +
                                 declared.shape.toString();
                return outcome;
            }
            request.feeds[declared.name] = asDeclared(tensor->tensor, declared.dtype);
        }
        for (ValueId out : graph->outputs())
            request.fetch.push_back(graph->value(out).name);
        auto result = executor->run(request);
        if (!result)
            return fail(set.filename().string() + ": " + result.error().message);
        size_t o = 0;
        for (ValueId out : graph->outputs()) {
            const std::string& name = graph->value(out).name;
            auto expected = readTensorProtoFile(set / ("output_" + std::to_string(o++) + ".pb"));
            if (!expected)
                return fail(expected.error().message);
            const HostTensor want = asDeclared(expected->tensor, graph->value(out).dtype);
            if (auto diff = compareTensors(name, want, result->at(name)); !diff.empty())
                return fail(set.filename().string() + ": " + diff);
        }
        ++outcome.dataSets;
    }
    outcome.kind = Outcome::Kind::Passed;
    return outcome;
}

} // namespace

class TestOnnxConformance : public QObject {
    Q_OBJECT

private slots:
    void supportedBackendTestsPass();
};

void TestOnnxConformance::supportedBackendTestsPass() {
    QVERIFY2(fs::is_directory(kDataRoot / "node"),
             "the ONNX backend test data are missing: install Debian's libonnx-testdata");
    const KernelRegistry& registry = KernelRegistry::builtin();
    int supported = 0, passed = 0, dataSetCount = 0, total = 0;
    std::set<std::string> covered;
    std::vector<std::string> failures;
    std::vector<std::string> invalid;
    const bool verbose = qEnvironmentVariableIsSet("AUTOSPLIT_CONFORMANCE_VERBOSE");
    for (const char* suite : kSuites) {
        std::vector<fs::path> dirs;
        for (const auto& entry : fs::directory_iterator(kDataRoot / suite))
            if (entry.is_directory() && fs::exists(entry.path() / "model.onnx"))
                dirs.push_back(entry.path());
        std::sort(dirs.begin(), dirs.end());
        for (const fs::path& dir : dirs) {
            ++total;
            const std::string label = std::string(suite) + "/" + dir.filename().string();
            const Outcome outcome = runCase(dir, registry);
            if (outcome.kind == Outcome::Kind::InvalidData) {
                invalid.push_back(label + ": " + outcome.detail);
                continue;
            }
            if (outcome.kind == Outcome::Kind::Unsupported) {
                if (verbose)
                    qInfo("skip %s: %s", label.c_str(), outcome.detail.c_str());
                continue;
            }
            ++supported;
            if (outcome.kind == Outcome::Kind::Passed) {
                ++passed;
                dataSetCount += outcome.dataSets;
                covered.insert(outcome.ops.begin(), outcome.ops.end());
            } else {
                failures.push_back(label + ": " + outcome.detail);
            }
        }
    }
    std::string coveredText;
    for (const auto& op : covered)
        coveredText += (coveredText.empty() ? "" : ", ") + op;
    std::string untested;
    for (const auto& op : registry.opNames())
        if (!covered.count(op))
            untested += (untested.empty() ? "" : ", ") + op;
    qInfo(
        "ONNX backend tests: %d of %d supported by the executor's kernels, %d pass (%d data sets)",
        supported, total, passed, dataSetCount);
    qInfo("ops covered by passing tests (%zu): %s", covered.size(), coveredText.c_str());
    qInfo("registered ops without a passing test: %s",
          untested.empty() ? "none" : untested.c_str());
    for (const auto& line : invalid)
        qInfo("not counted, the test data contradict the model: %s", line.c_str());
    std::string failureText;
    for (const auto& f : failures)
        failureText += "\n  " + f;
    QVERIFY2(supported > 0, "no backend test is supported");
    QVERIFY2(failures.empty(),
             (std::to_string(failures.size()) + " supported test(s) fail:" + failureText).c_str());
}

QTEST_GUILESS_MAIN(TestOnnxConformance)
#include "test_onnx_conformance.moc"
