// Reductions and axis ops against reference loops written here: every Reduce* over contiguous,
// strided and non-adjacent axes (the three code paths, also threaded), the opset forms of axes,
// Softmax's coerce-to-2-D (opset < 13) versus single-axis semantics, ArgMax ties and TopK order.

#include "tests/core/runtime/kernel_test_support.h"

#include <QtTest>

#include <cmath>
#include <functional>
#include <numeric>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

HostTensor only(const Result<std::vector<HostTensor>>& r) {
    if (!r.ok())
        qFatal("kernel failed: %s", r.error().message.c_str());
    return r.value().at(0);
}

// Groups x's elements by their index with `axes` removed and folds each group with `finish`.
std::vector<double>
referenceReduce(const HostTensor& x, const std::vector<int64_t>& axes,
                const std::function<double(const std::vector<double>&)>& finish) {
    std::vector<int64_t> keptDims;
    for (size_t i = 0; i < x.dims().size(); ++i)
        if (std::find(axes.begin(), axes.end(), int64_t(i)) == axes.end())
            keptDims.push_back(x.dims()[i]);
    std::vector<std::vector<double>> groups(static_cast<size_t>(countOf(keptDims)));
    for (int64_t e = 0; e < x.elementCount(); ++e) {
        const auto index = unravel(e, x.dims());
        std::vector<int64_t> kept;
        for (size_t i = 0; i < index.size(); ++i)
            if (std::find(axes.begin(), axes.end(), int64_t(i)) == axes.end())
                kept.push_back(index[i]);
        groups[static_cast<size_t>(ravel(kept, keptDims))].push_back(x.data<float>()[e]);
    }
    std::vector<double> out;
    for (const auto& g : groups)
        out.push_back(finish(g));
    return out;
}

double sumOf(const std::vector<double>& v) {
    return std::accumulate(v.begin(), v.end(), 0.0);
}

} // namespace

class TestReductionKernels : public QObject {
    Q_OBJECT

private slots:
    void reducesMatchReference_data();
    void reducesMatchReference();
    void reduceSumAxesInputAndNoop();
    void integerReductions();
    void softmaxCoercesBeforeOpset13();
    void argMaxTiesAndKeepDims();
    void topKOrderAndTies();
    void cumSumDirections();
};

void TestReductionKernels::reducesMatchReference_data() {
    QTest::addColumn<QList<qint64>>("dims");
    QTest::addColumn<QList<qint64>>("axes");
    QTest::addColumn<int>("keepdims");
    QTest::addColumn<int>("threads");
    QTest::newRow("last axis") << QList<qint64>{3, 4, 5} << QList<qint64>{2} << 1 << 1;
    QTest::newRow("middle axis") << QList<qint64>{3, 4, 5} << QList<qint64>{1} << 0 << 1;
    QTest::newRow("spatial") << QList<qint64>{2, 3, 4, 5} << QList<qint64>{2, 3} << 1 << 1;
    QTest::newRow("first and last") << QList<qint64>{3, 4, 5} << QList<qint64>{0, -1} << 0 << 1;
    QTest::newRow("all (empty axes)") << QList<qint64>{3, 4} << QList<qint64>{} << 0 << 1;
    QTest::newRow("unit dims around") << QList<qint64>{1, 6, 1, 4} << QList<qint64>{0, 1} << 1 << 1;
    QTest::newRow("large middle, threads")
        << QList<qint64>{16, 64, 96} << QList<qint64>{1} << 1 << 2;
    QTest::newRow("large last, threads") << QList<qint64>{256, 300} << QList<qint64>{1} << 0 << 2;
}

void TestReductionKernels::reducesMatchReference() {
    QFETCH(QList<qint64>, dims);
    QFETCH(QList<qint64>, axes);
    QFETCH(int, keepdims);
    QFETCH(int, threads);
    std::mt19937 rng(5);
    const std::vector<int64_t> d(dims.begin(), dims.end());
    const HostTensor x = randomFloats(d, rng, 0.2f, 1.5f); // positive: Log and L2 stay defined
    std::vector<int64_t> normalized;
    for (qint64 a : axes)
        normalized.push_back(a < 0 ? a + int64_t(d.size()) : a);
    if (normalized.empty())
        for (size_t i = 0; i < d.size(); ++i)
            normalized.push_back(int64_t(i));
    std::vector<int64_t> outDims;
    for (size_t i = 0; i < d.size(); ++i) {
        const bool reduced =
            std::find(normalized.begin(), normalized.end(), int64_t(i)) != normalized.end();
        if (!reduced)
            outDims.push_back(d[i]);
        else if (keepdims)
            outDims.push_back(1);
    }
    struct Case {
        const char* op;
        std::function<double(const std::vector<double>&)> f;
    };
    const std::vector<Case> cases{
        {"ReduceSum", sumOf},
        {"ReduceMean", [](const auto& v) { return sumOf(v) / double(v.size()); }},
        {"ReduceMax", [](const auto& v) { return *std::max_element(v.begin(), v.end()); }},
        {"ReduceMin", [](const auto& v) { return *std::min_element(v.begin(), v.end()); }},
        {"ReduceProd",
         [](const auto& v) {
             return std::accumulate(v.begin(), v.end(), 1.0, std::multiplies<>());
         }},
        {"ReduceL1",
         [](const auto& v) {
             double s = 0;
             for (double e : v)
                 s += std::abs(e);
             return s;
         }},
        {"ReduceL2",
         [](const auto& v) {
             double s = 0;
             for (double e : v)
                 s += e * e;
             return std::sqrt(s);
         }},
        {"ReduceSumSquare",
         [](const auto& v) {
             double s = 0;
             for (double e : v)
                 s += e * e;
             return s;
         }},
        {"ReduceLogSum", [](const auto& v) { return std::log(sumOf(v)); }},
        {"ReduceLogSumExp",
         [](const auto& v) {
             double s = 0;
             for (double e : v)
                 s += std::exp(e);
             return std::log(s);
         }},
    };
    for (const Case& c : cases) {
        OpCall call{c.op, {x}, {{"keepdims", integer(keepdims)}}};
        call.threads = threads;
        if (std::string(c.op) == "ReduceSum") {
            std::vector<int64_t> given(axes.begin(), axes.end());
            call.inputs.push_back(int64s({int64_t(given.size())}, given));
        } else if (!axes.isEmpty()) {
            call.attributes["axes"] = ints(std::vector<int64_t>(axes.begin(), axes.end()));
        }
        const HostTensor out = only(runOp(call));
        QCOMPARE(out.dims(), outDims);
        const auto expected = referenceReduce(x, normalized, c.f);
        const auto actual = out.toFloats();
        QCOMPARE(actual.size(), expected.size());
        for (size_t i = 0; i < actual.size(); ++i)
            if (!(std::abs(actual[i] - expected[i]) <= 1e-5 * (1 + std::abs(expected[i]))))
                QFAIL(qPrintable(QStringLiteral("%1 element %2: %3 vs %4")
                                     .arg(QLatin1String(c.op))
                                     .arg(i)
                                     .arg(actual[i])
                                     .arg(expected[i])));
    }
}

void TestReductionKernels::reduceSumAxesInputAndNoop() {
    const HostTensor x = floats({2, 3}, {1, 2, 3, 4, 5, 6});
    // opset 13+: no axes input reduces everything, unless noop_with_empty_axes
    QCOMPARE(only(runOp({"ReduceSum", {x}, {{"keepdims", integer(0)}}})).toFloats(),
             std::vector<float>{21});
    const HostTensor noop =
        only(runOp({"ReduceSum", {x, int64s({0}, {})}, {{"noop_with_empty_axes", integer(1)}}}));
    QCOMPARE(noop.bytes(), x.bytes());
    // opset 11: axes attribute
    OpCall old{"ReduceSum", {x}, {{"axes", ints({0})}, {"keepdims", integer(0)}}};
    old.opset = 11;
    QCOMPARE(only(runOp(old)).toFloats(), (std::vector<float>{5, 7, 9}));
    auto bad = runOp({"ReduceMean", {x}, {{"axes", ints({2})}}});
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().message,
             std::string("node 'n_ReduceMean' (ReduceMean): axis 2 is out of range for rank 2"));
}

void TestReductionKernels::integerReductions() {
    const HostTensor x = int64s({2, 3}, {1, -2, 3, 4, 5, -6});
    const HostTensor sum = only(runOp({"ReduceSum", {x, int64s({1}, {1})}}));
    QCOMPARE(sum.dtype(), DataType::Int64);
    QCOMPARE(sum.toInt64s(), (std::vector<int64_t>{2, 3}));
    QCOMPARE(
        only(runOp({"ReduceMax", {x}, {{"axes", ints({0})}, {"keepdims", integer(0)}}})).toInt64s(),
        (std::vector<int64_t>{4, 5, 3}));
    QVERIFY(!supported({"ReduceLogSumExp", {x}}));
    QVERIFY(supported({"ReduceProd", {x}}));
}

void TestReductionKernels::softmaxCoercesBeforeOpset13() {
    std::mt19937 rng(9);
    const HostTensor x = randomFloats({2, 3, 4}, rng);
    // opset 11, axis 1: rows are the 3*4 trailing elements of each batch
    OpCall old{"Softmax", {x}, {{"axis", integer(1)}}};
    old.opset = 11;
    const auto coerced = only(runOp(old)).toFloats();
    for (int64_t n = 0; n < 2; ++n) {
        double s = 0;
        for (int64_t k = 0; k < 12; ++k)
            s += std::exp(double(x.data<float>()[n * 12 + k]));
        for (int64_t k = 0; k < 12; ++k)
            QVERIFY(std::abs(coerced[size_t(n * 12 + k)] -
                             std::exp(double(x.data<float>()[n * 12 + k])) / s) < 1e-6);
    }
    // opset 13, axis 1: each column over the 3 channels
    const auto single = only(runOp({"Softmax", {x}, {{"axis", integer(1)}}})).toFloats();
    const auto logs = only(runOp({"LogSoftmax", {x}, {{"axis", integer(1)}}})).toFloats();
    for (int64_t n = 0; n < 2; ++n)
        for (int64_t w = 0; w < 4; ++w) {
            double s = 0;
            for (int64_t c = 0; c < 3; ++c)
                s += std::exp(double(x.data<float>()[(n * 3 + c) * 4 + w]));
            for (int64_t c = 0; c < 3; ++c) {
                const size_t at = size_t((n * 3 + c) * 4 + w);
                const double v = x.data<float>()[at];
                QVERIFY(std::abs(single[at] - std::exp(v) / s) < 1e-6);
                QVERIFY(std::abs(logs[at] - (v - std::log(s))) < 1e-5);
            }
        }
    // large inputs do not overflow (the maximum is subtracted first)
    QCOMPARE(only(runOp({"Softmax", {floats({2}, {1000.f, 1000.f})}})).toFloats(),
             (std::vector<float>{0.5f, 0.5f}));
}

void TestReductionKernels::argMaxTiesAndKeepDims() {
    const HostTensor x = floats({2, 4}, {1, 3, 3, 0, 5, 5, 5, 5});
    QCOMPARE(only(runOp({"ArgMax", {x}, {{"axis", integer(1)}}})).toInt64s(),
             (std::vector<int64_t>{1, 0}));
    const HostTensor last = only(runOp(
        {"ArgMax",
         {x},
         {{"axis", integer(1)}, {"select_last_index", integer(1)}, {"keepdims", integer(0)}}}));
    QCOMPARE(last.dims(), std::vector<int64_t>{2});
    QCOMPARE(last.toInt64s(), (std::vector<int64_t>{2, 3}));
    const HostTensor min = only(runOp({"ArgMin", {x}, {{"axis", integer(0)}}}));
    QCOMPARE(min.dims(), (std::vector<int64_t>{1, 4}));
    QCOMPARE(min.toInt64s(), (std::vector<int64_t>{0, 0, 0, 0}));
}

void TestReductionKernels::topKOrderAndTies() {
    const HostTensor x = floats({2, 5}, {3, 1, 4, 1, 5, 9, 2, 6, 5, 3});
    OpCall largest{"TopK", {x, int64s({1}, {3})}};
    largest.outputs = 2;
    auto out = runOp(largest);
    QVERIFY(out.ok());
    QCOMPARE(out->at(0).toFloats(), (std::vector<float>{5, 4, 3, 9, 6, 5}));
    QCOMPARE(out->at(1).toInt64s(), (std::vector<int64_t>{4, 2, 0, 0, 2, 3}));
    OpCall smallest{"TopK", {x, int64s({1}, {2})}, {{"largest", integer(0)}, {"axis", integer(1)}}};
    smallest.outputs = 2;
    auto small = runOp(smallest);
    QVERIFY(small.ok());
    QCOMPARE(small->at(0).toFloats(), (std::vector<float>{1, 1, 2, 3}));
    QCOMPARE(small->at(1).toInt64s(),
             (std::vector<int64_t>{1, 3, 1, 4})); // equal values: lower index first
    OpCall tooMany{"TopK", {x, int64s({1}, {6})}};
    tooMany.outputs = 2;
    QVERIFY(!runOp(tooMany).ok());
}

void TestReductionKernels::cumSumDirections() {
    const HostTensor x = floats({4}, {1, 2, 3, 4});
    QCOMPARE(only(runOp({"CumSum", {x, int64s({}, {0})}})).toFloats(),
             (std::vector<float>{1, 3, 6, 10}));
    QCOMPARE(only(runOp({"CumSum", {x, int64s({}, {0})}, {{"exclusive", integer(1)}}})).toFloats(),
             (std::vector<float>{0, 1, 3, 6}));
    QCOMPARE(only(runOp({"CumSum", {x, int64s({}, {0})}, {{"reverse", integer(1)}}})).toFloats(),
             (std::vector<float>{10, 9, 7, 4}));
}

QTEST_GUILESS_MAIN(TestReductionKernels)
#include "test_reduction_kernels.moc"
