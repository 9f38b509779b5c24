// Element-wise kernels against reference loops written here: broadcasting over many shape pairs
// (fast paths, coalesced rows and the threaded path), integer semantics, float16, Where, Clip
// in both opset forms, Cast edge cases, buffer sharing and what `supports` rejects.

#include "tests/core/runtime/kernel_test_support.h"

#include "core/graph/tensor_elements.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

// out[i] = f(a[bi], b[bi]) over the broadcast shape, computed element by element.
template <typename F>
std::vector<float> referenceBinary(const HostTensor& a, const HostTensor& b,
                                   const std::vector<int64_t>& outDims, F f) {
    std::vector<float> out(static_cast<size_t>(countOf(outDims)));
    for (int64_t i = 0; i < countOf(outDims); ++i) {
        const auto index = unravel(i, outDims);
        out[static_cast<size_t>(i)] = f(a.data<float>()[broadcastIndex(index, a.dims())],
                                        b.data<float>()[broadcastIndex(index, b.dims())]);
    }
    return out;
}

HostTensor only(const Result<std::vector<HostTensor>>& r) {
    if (!r.ok())
        qFatal("kernel failed: %s", r.error().message.c_str());
    return r.value().at(0);
}

} // namespace

class TestElementwiseKernels : public QObject {
    Q_OBJECT

private slots:
    void broadcastingMatchesReference_data();
    void broadcastingMatchesReference();
    void incompatibleShapesNameTheNode();
    void integerArithmeticWrapsAndChecksZero();
    void modFollowsTheSignRules();
    void variadicFoldsWithBroadcasting();
    void powFastPathsMatchPow();
    void float16ComputesInFloat();
    void whereBroadcastsThreeWays();
    void clipAttributeAndInputForms();
    void castSaturatesAndHandlesBool();
    void unaryOpsMatchTheirFormulas();
    void preluPerChannelBeforeOpset7();
    void identityAndDropoutShareTheBuffer();
    void supportsRejectsWhatKernelsDoNotHandle();
};

void TestElementwiseKernels::broadcastingMatchesReference_data() {
    QTest::addColumn<QList<qint64>>("a");
    QTest::addColumn<QList<qint64>>("b");
    QTest::addColumn<int>("threads");
    QTest::newRow("same shape") << QList<qint64>{2, 3, 4} << QList<qint64>{2, 3, 4} << 1;
    QTest::newRow("scalar right") << QList<qint64>{2, 3} << QList<qint64>{} << 1;
    QTest::newRow("scalar left") << QList<qint64>{1} << QList<qint64>{4, 5} << 1;
    QTest::newRow("channel bias") << QList<qint64>{2, 3, 4, 5} << QList<qint64>{1, 3, 1, 1} << 1;
    QTest::newRow("row vector") << QList<qint64>{3, 4} << QList<qint64>{4} << 1;
    QTest::newRow("column vector") << QList<qint64>{3, 4} << QList<qint64>{3, 1} << 1;
    QTest::newRow("outer product") << QList<qint64>{3, 1} << QList<qint64>{1, 5} << 1;
    QTest::newRow("both broadcast") << QList<qint64>{2, 1, 4, 1} << QList<qint64>{3, 1, 6} << 1;
    QTest::newRow("rank 0 both") << QList<qint64>{} << QList<qint64>{} << 1;
    QTest::newRow("empty") << QList<qint64>{0, 3} << QList<qint64>{3} << 1;
    QTest::newRow("large bias, threads")
        << QList<qint64>{2, 16, 48, 48} << QList<qint64>{16, 1, 1} << 2;
    QTest::newRow("large mixed, threads")
        << QList<qint64>{8, 1, 96, 64} << QList<qint64>{1, 7, 96, 1} << 2;
    QTest::newRow("large same, threads") << QList<qint64>{300, 400} << QList<qint64>{300, 400} << 2;
}

void TestElementwiseKernels::broadcastingMatchesReference() {
    QFETCH(QList<qint64>, a);
    QFETCH(QList<qint64>, b);
    QFETCH(int, threads);
    std::mt19937 rng(7);
    const std::vector<int64_t> da(a.begin(), a.end()), db(b.begin(), b.end());
    const HostTensor ta = randomFloats(da, rng), tb = randomFloats(db, rng, 0.5f, 2.f);
    std::vector<int64_t> outDims(std::max(da.size(), db.size()), 1);
    for (size_t i = 0; i < da.size(); ++i)
        outDims[outDims.size() - da.size() + i] = da[i];
    for (size_t i = 0; i < db.size(); ++i) {
        int64_t& o = outDims[outDims.size() - db.size() + i];
        o = o == 1 ? db[i] : o;
    }
    struct Case {
        const char* op;
        float (*f)(float, float);
    };
    const Case cases[] = {{"Add", [](float x, float y) { return x + y; }},
                          {"Sub", [](float x, float y) { return x - y; }},
                          {"Mul", [](float x, float y) { return x * y; }},
                          {"Div", [](float x, float y) { return x / y; }},
                          {"Max", [](float x, float y) { return std::max(x, y); }},
                          {"Pow", [](float x, float y) { return std::pow(x, y); }}};
    for (const Case& c : cases) {
        OpCall call{c.op, {ta, tb}};
        call.threads = threads;
        const HostTensor out = only(runOp(call));
        QCOMPARE(out.dims(), outDims);
        const auto expected = referenceBinary(ta, tb, outDims, c.f);
        const auto actual = out.toFloats();
        QCOMPARE(actual.size(), expected.size());
        for (size_t i = 0; i < actual.size(); ++i) {
            const bool same =
                (std::isnan(actual[i]) && std::isnan(expected[i])) || actual[i] == expected[i];
            if (!same)
                QFAIL(qPrintable(QStringLiteral("%1 element %2: %3 vs %4")
                                     .arg(QLatin1String(c.op))
                                     .arg(i)
                                     .arg(actual[i])
                                     .arg(expected[i])));
        }
    }
    // a comparison on the same shapes
    const HostTensor less = only(runOp({"Less", {ta, tb}}));
    QCOMPARE(less.dtype(), DataType::Bool);
    const auto expected =
        referenceBinary(ta, tb, outDims, [](float x, float y) { return float(x < y); });
    QCOMPARE(less.toFloats(), expected);
}

void TestElementwiseKernels::incompatibleShapesNameTheNode() {
    auto r = runOp({"Add", {floats({2, 3}, {1, 2, 3, 4, 5, 6}), floats({2}, {1, 2})}});
    QVERIFY(!r.ok());
    QCOMPARE(r.error().message,
             std::string("node 'n_Add' (Add): input shapes 2x3, 2 do not broadcast"));
}

void TestElementwiseKernels::integerArithmeticWrapsAndChecksZero() {
    const int64_t big = std::numeric_limits<int64_t>::max();
    const HostTensor a = int64s({3}, {big, std::numeric_limits<int64_t>::min(), -7});
    const HostTensor b = int64s({3}, {1, -1, 2});
    QCOMPARE(only(runOp({"Add", {a, b}})).toInt64s(),
             (std::vector<int64_t>{std::numeric_limits<int64_t>::min(),
                                   std::numeric_limits<int64_t>::max(), -5}));
    // min / -1 wraps instead of trapping; integer division truncates toward zero
    QCOMPARE(only(runOp({"Div", {a, b}})).toInt64s(),
             (std::vector<int64_t>{big, std::numeric_limits<int64_t>::min(), -3}));
    const HostTensor u8 = tensorOf<uint8_t>(DataType::UInt8, {2}, {250, 3});
    QCOMPARE(
        only(runOp({"Mul", {u8, tensorOf<uint8_t>(DataType::UInt8, {2}, {2, 100})}})).toInt64s(),
        (std::vector<int64_t>{244, 44})); // 500 mod 256, 300 mod 256
    auto zero = runOp({"Div", {int64s({2}, {1, 2}), int64s({2}, {1, 0})}});
    QVERIFY(!zero.ok());
    QCOMPARE(zero.error().message, std::string("node 'n_Div' (Div): integer division by zero"));
    // float division by zero is IEEE
    QVERIFY(std::isinf(only(runOp({"Div", {floats({1}, {1}), floats({1}, {0})}})).toFloats()[0]));
}

void TestElementwiseKernels::modFollowsTheSignRules() {
    const std::vector<int64_t> xs{7, -7, 7, -7, 0, 5};
    const std::vector<int64_t> ys{3, 3, -3, -3, 4, 5};
    std::vector<int64_t> floorMod, truncMod;
    for (size_t i = 0; i < xs.size(); ++i) {
        truncMod.push_back(xs[i] % ys[i]);                     // C: sign of the dividend
        floorMod.push_back(((xs[i] % ys[i]) + ys[i]) % ys[i]); // Python: sign of the divisor
    }
    const HostTensor x = int64s({6}, xs), y = int64s({6}, ys);
    QCOMPARE(only(runOp({"Mod", {x, y}})).toInt64s(), floorMod);
    QCOMPARE(only(runOp({"Mod", {x, y}, {{"fmod", integer(1)}}})).toInt64s(), truncMod);
    const HostTensor fx = floats({2}, {-7.5f, 7.5f}), fy = floats({2}, {2.f, -2.f});
    QCOMPARE(only(runOp({"Mod", {fx, fy}, {{"fmod", integer(1)}}})).toFloats(),
             (std::vector<float>{std::fmod(-7.5f, 2.f), std::fmod(7.5f, -2.f)}));
}

void TestElementwiseKernels::variadicFoldsWithBroadcasting() {
    const HostTensor a = floats({2, 1}, {1, 2}), b = floats({3}, {10, 20, 30}),
                     c = floats({}, {100});
    std::vector<float> sum, mean, max;
    for (float x : {1.f, 2.f})
        for (float y : {10.f, 20.f, 30.f}) {
            sum.push_back(x + y + 100.f);
            mean.push_back((x + y + 100.f) / 3.f);
            max.push_back(100.f);
        }
    QCOMPARE(only(runOp({"Sum", {a, b, c}})).toFloats(), sum);
    const auto m = only(runOp({"Mean", {a, b, c}})).toFloats();
    for (size_t i = 0; i < m.size(); ++i)
        QVERIFY(std::abs(m[i] - mean[i]) < 1e-5f);
    QCOMPARE(only(runOp({"Max", {a, b, c}})).toFloats(), max);
    QCOMPARE(only(runOp({"Min", {a}})).toFloats(), (std::vector<float>{1, 2}));
    // NaN propagates through Max as numpy.maximum does
    const float nan = std::numeric_limits<float>::quiet_NaN();
    QVERIFY(std::isnan(only(runOp({"Max", {floats({1}, {nan}), floats({1}, {1})}})).toFloats()[0]));
}

void TestElementwiseKernels::powFastPathsMatchPow() {
    std::mt19937 rng(3);
    const HostTensor x = randomFloats({5, 7}, rng, 0.1f, 3.f);
    for (float e : {2.f, 3.f, 0.5f, 1.f, 1.7f}) {
        const auto out = only(runOp({"Pow", {x, floats({}, {e})}})).toFloats();
        for (size_t i = 0; i < out.size(); ++i)
            QVERIFY2(std::abs(out[i] - std::pow(x.data<float>()[i], e)) <=
                         1e-6f * std::pow(x.data<float>()[i], e),
                     qPrintable(QString::number(e)));
    }
    // integer base, integer exponent: exact
    QCOMPARE(only(runOp({"Pow", {int64s({3}, {3, -2, 10}), int64s({3}, {4, 3, 0})}})).toInt64s(),
             (std::vector<int64_t>{81, -8, 1}));
    // float base, int64 exponent (mixed types, output keeps the base's type)
    const HostTensor mixed = only(runOp({"Pow", {floats({2}, {2.f, 0.5f}), int64s({2}, {3, -2})}}));
    QCOMPARE(mixed.dtype(), DataType::Float);
    QCOMPARE(mixed.toFloats(), (std::vector<float>{8.f, 4.f}));
}

void TestElementwiseKernels::float16ComputesInFloat() {
    auto half = [](std::vector<float> v) {
        HostTensor t(DataType::Float16, {static_cast<int64_t>(v.size())});
        for (size_t i = 0; i < v.size(); ++i)
            t.mutableData<uint16_t>()[i] = floatToHalf(v[i]);
        return t;
    };
    const HostTensor a = half({1.f, 1000.f, 0.1f}), b = half({2.f, 0.3f, 0.2f});
    const HostTensor out = only(runOp({"Add", {a, b}}));
    QCOMPARE(out.dtype(), DataType::Float16);
    // each sum of the half inputs, computed in float and rounded to half (1000 + 0.2998 -> 1000.5:
    // the half spacing there is 0.5)
    std::vector<float> expected;
    for (size_t i = 0; i < 3; ++i)
        expected.push_back(half({a.toFloats()[i] + b.toFloats()[i]}).toFloats()[0]);
    QCOMPARE(out.toFloats(), expected);
    QCOMPARE(expected[1], 1000.5f);
    QCOMPARE(only(runOp({"Relu", {half({-1.f, 2.5f})}})).toFloats(),
             (std::vector<float>{0.f, 2.5f}));
    // Pow keeps the base's type whichever operand is half
    const HostTensor floatBase = only(runOp({"Pow", {floats({2}, {3.f, 2.f}), half({2.f, 0.5f})}}));
    QCOMPARE(floatBase.dtype(), DataType::Float);
    QCOMPARE(floatBase.toFloats(), (std::vector<float>{9.f, std::sqrt(2.f)}));
    const HostTensor halfBase = only(runOp({"Pow", {half({3.f}), floats({1}, {2.f})}}));
    QCOMPARE(halfBase.dtype(), DataType::Float16);
    QCOMPARE(halfBase.toFloats(), std::vector<float>{9.f});
    const HostTensor eq = only(runOp({"Equal", {half({1.f, 2.f}), half({1.f, 3.f})}}));
    QCOMPARE(eq.dtype(), DataType::Bool);
    QCOMPARE(eq.toInt64s(), (std::vector<int64_t>{1, 0}));
}

void TestElementwiseKernels::whereBroadcastsThreeWays() {
    const HostTensor cond = tensorOf<uint8_t>(DataType::Bool, {2, 1}, {1, 0});
    const HostTensor x = int64s({3}, {1, 2, 3});
    const HostTensor y = int64s({}, {-1});
    const HostTensor out = only(runOp({"Where", {cond, x, y}}));
    QCOMPARE(out.dims(), (std::vector<int64_t>{2, 3}));
    QCOMPARE(out.toInt64s(), (std::vector<int64_t>{1, 2, 3, -1, -1, -1}));
}

void TestElementwiseKernels::clipAttributeAndInputForms() {
    const HostTensor x = floats({5}, {-3, -1, 0, 1, 3});
    OpCall old{"Clip", {x}, {{"min", real(-1.5f)}, {"max", real(2.f)}}};
    old.opset = 6;
    QCOMPARE(only(runOp(old)).toFloats(), (std::vector<float>{-1.5f, -1, 0, 1, 2}));
    OpCall inputs{"Clip", {x, floats({}, {-1.5f}), floats({}, {2.f})}};
    QCOMPARE(only(runOp(inputs)).toFloats(), (std::vector<float>{-1.5f, -1, 0, 1, 2}));
    OpCall maxOnly{"Clip", {x, HostTensor(), floats({}, {0.f})}};
    QCOMPARE(only(runOp(maxOnly)).toFloats(), (std::vector<float>{-3, -1, 0, 0, 0}));
    OpCall int8{"Clip",
                {tensorOf<int8_t>(DataType::Int8, {3}, {-100, 5, 100}),
                 tensorOf<int8_t>(DataType::Int8, {}, {-10}),
                 tensorOf<int8_t>(DataType::Int8, {}, {10})}};
    QCOMPARE(only(runOp(int8)).toInt64s(), (std::vector<int64_t>{-10, 5, 10}));
    // numpy.clip with min > max gives max everywhere
    OpCall crossed{"Clip", {x, floats({}, {2.f}), floats({}, {1.f})}};
    QCOMPARE(only(runOp(crossed)).toFloats(), (std::vector<float>{1, 1, 1, 1, 1}));
}

void TestElementwiseKernels::castSaturatesAndHandlesBool() {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const HostTensor x = floats({5}, {1e10f, -1e10f, nan, -2.7f, 2.7f});
    const HostTensor i32 = only(runOp({"Cast", {x}, {{"to", integer(int64_t(DataType::Int32))}}}));
    QCOMPARE(i32.dtype(), DataType::Int32);
    QCOMPARE(i32.toInt64s(), (std::vector<int64_t>{std::numeric_limits<int32_t>::max(),
                                                   std::numeric_limits<int32_t>::min(), 0, -2, 2}));
    const HostTensor b = only(runOp(
        {"Cast", {floats({3}, {0.f, -0.5f, nan})}, {{"to", integer(int64_t(DataType::Bool))}}}));
    QCOMPARE(b.toInt64s(), (std::vector<int64_t>{0, 1, 1}));
    const HostTensor back =
        only(runOp({"Cast", {b}, {{"to", integer(int64_t(DataType::Double))}}}));
    QCOMPARE(back.dtype(), DataType::Double);
    QCOMPARE(back.toFloats(), (std::vector<float>{0, 1, 1}));
    const HostTensor h = only(
        runOp({"CastLike", {floats({2}, {0.1f, 65504.f}), HostTensor(DataType::Float16, {1})}}));
    QCOMPARE(h.dtype(), DataType::Float16);
    QCOMPARE(h.data<uint16_t>()[0], floatToHalf(0.1f));
    QCOMPARE(h.data<uint16_t>()[1], uint16_t(0x7bff)); // the largest half
}

void TestElementwiseKernels::unaryOpsMatchTheirFormulas() {
    const std::vector<float> xs{-3.f, -0.5f, 0.f, 0.5f, 3.f, 25.f};
    const HostTensor x = floats({6}, xs);
    struct Case {
        const char* op;
        std::map<std::string, Attribute> attrs;
        std::function<double(double)> f;
    };
    const double seluAlpha = 1.67326319217681884765625, seluGamma = 1.05070102214813232421875;
    const std::vector<Case> cases{
        {"Sigmoid", {}, [](double v) { return 1 / (1 + std::exp(-v)); }},
        {"HardSigmoid", {}, [](double v) { return std::clamp(0.2 * v + 0.5, 0.0, 1.0); }},
        {"HardSwish", {}, [](double v) { return v * std::clamp(v / 6 + 0.5, 0.0, 1.0); }},
        {"LeakyRelu", {{"alpha", real(0.1f)}}, [](double v) { return v < 0 ? 0.1 * v : v; }},
        {"Elu", {}, [](double v) { return v < 0 ? std::exp(v) - 1 : v; }},
        {"Selu",
         {},
         [&](double v) { return seluGamma * (v > 0 ? v : seluAlpha * (std::exp(v) - 1)); }},
        {"Softplus", {}, [](double v) { return std::log(std::exp(v) + 1); }},
        {"Softsign", {}, [](double v) { return v / (1 + std::abs(v)); }},
        {"Erf", {}, [](double v) { return std::erf(v); }},
        {"Tanh", {}, [](double v) { return std::tanh(v); }},
        {"Neg", {}, [](double v) { return -v; }},
        {"Abs", {}, [](double v) { return std::abs(v); }},
        {"Sign", {}, [](double v) { return double((v > 0) - (v < 0)); }},
        {"Round", {}, [](double v) { return std::nearbyint(v); }},
        {"Relu", {}, [](double v) { return std::max(v, 0.0); }},
    };
    for (const Case& c : cases) {
        const auto out = only(runOp({c.op, {x}, c.attrs})).toFloats();
        for (size_t i = 0; i < xs.size(); ++i) {
            const double e = c.f(xs[i]);
            QVERIFY2(std::abs(out[i] - e) <= 1e-6 * (1 + std::abs(e)),
                     qPrintable(QStringLiteral("%1(%2) = %3, expected %4")
                                    .arg(QLatin1String(c.op))
                                    .arg(xs[i])
                                    .arg(out[i])
                                    .arg(e)));
        }
    }
    // Round is half to even
    QCOMPARE(only(runOp({"Round", {floats({4}, {0.5f, 1.5f, 2.5f, -0.5f})}})).toFloats(),
             (std::vector<float>{0.f, 2.f, 2.f, -0.f}));
    // integer Abs/Neg/Sign
    const HostTensor i = tensorOf<int32_t>(DataType::Int32, {3}, {-4, 0, 9});
    QCOMPARE(only(runOp({"Abs", {i}})).toInt64s(), (std::vector<int64_t>{4, 0, 9}));
    QCOMPARE(only(runOp({"Neg", {i}})).toInt64s(), (std::vector<int64_t>{4, 0, -9}));
    QCOMPARE(only(runOp({"Sign", {i}})).toInt64s(), (std::vector<int64_t>{-1, 0, 1}));
    // a large tensor on two threads equals the one-thread result
    std::mt19937 rng(11);
    const HostTensor big = randomFloats({200, 300}, rng);
    OpCall one{"Sigmoid", {big}};
    OpCall two{"Sigmoid", {big}};
    two.threads = 2;
    QCOMPARE(only(runOp(two)).toFloats(), only(runOp(one)).toFloats());
}

void TestElementwiseKernels::preluPerChannelBeforeOpset7() {
    const HostTensor x = floats({1, 2, 2}, {-1, 2, -3, 4});
    const HostTensor slope = floats({2}, {0.5f, 0.25f});
    OpCall old{"PRelu", {x, slope}};
    old.opset = 6; // slope per channel (axis 1)
    QCOMPARE(only(runOp(old)).toFloats(), (std::vector<float>{-0.5f, 2, -0.75f, 4}));
    OpCall current{"PRelu", {x, slope}}; // numpy broadcasting from the right: per last axis
    QCOMPARE(only(runOp(current)).toFloats(), (std::vector<float>{-0.5f, 2, -1.5f, 4}));
}

void TestElementwiseKernels::identityAndDropoutShareTheBuffer() {
    const HostTensor x = floats({2, 2}, {1, 2, 3, 4});
    const HostTensor id = only(runOp({"Identity", {x}}));
    QCOMPARE(id.bytes(), x.bytes());
    OpCall dropout{"Dropout", {x}, {{"ratio", real(0.5f)}}};
    dropout.outputs = 2;
    auto out = runOp(dropout);
    QVERIFY(out.ok());
    QCOMPARE(out->at(0).bytes(), x.bytes());
    QCOMPARE(out->at(1).dtype(), DataType::Bool);
    QCOMPARE(out->at(1).toInt64s(), (std::vector<int64_t>{1, 1, 1, 1}));
}

void TestElementwiseKernels::supportsRejectsWhatKernelsDoNotHandle() {
    const HostTensor f = floats({1}, {1});
    const HostTensor i = int64s({1}, {1});
    QVERIFY(supported({"Add", {f, f}}));
    QVERIFY(!supported({"Add", {f, i}})); // mixed types
    QVERIFY(supported({"Mod", {i, i}}));
    QVERIFY(!supported({"Mod", {f, f}})); // float Mod needs fmod = 1
    QVERIFY(supported({"Mod", {f, f}, {{"fmod", integer(1)}}}));
    QVERIFY(!supported({"Sigmoid", {i}}));
    QVERIFY(supported({"Abs", {i}}));
    QVERIFY(!supported({"Cast", {f}, {{"to", integer(int64_t(DataType::BFloat16))}}}));
    QVERIFY(!supported({"Cast", {f}, {{"to", integer(int64_t(DataType::String))}}}));
    QVERIFY(supported({"Cast", {f}, {{"to", integer(int64_t(DataType::Float16))}}}));
    QVERIFY(!supported({"And", {f, f}}));
    const HostTensor cond = tensorOf<uint8_t>(DataType::Bool, {1}, {1});
    QVERIFY(supported({"Where", {cond, f, f}}));
    QVERIFY(!supported({"Where", {cond, f, i}}));
    QVERIFY(supported({"Dropout", {f}}));
    // a training_mode input asks for random dropout
    QVERIFY(!supported(
        {"Dropout", {f, floats({}, {0.5f}), tensorOf<uint8_t>(DataType::Bool, {}, {0})}}));
}

QTEST_GUILESS_MAIN(TestElementwiseKernels)
#include "test_elementwise_kernels.moc"
