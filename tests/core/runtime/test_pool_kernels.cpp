// MaxPool (values and Indices), AveragePool, LpPool and the global pools against naive
// references written here (every window enumerated explicitly), on random data (fixed seed):
// 1-D/2-D/3-D, strides, dilations, asymmetric pads, auto_pad, ceil_mode, count_include_pad,
// integer MaxPool, both thread counts and the error paths.

#include "tests/core/runtime/compute_test_support.h"

#include <QtTest>

#include <limits>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

using Dims = std::vector<int64_t>;

struct PoolCase {
    std::string label = {};
    Dims x = {};
    Dims kernel = {};
    Dims strides = {}, dilations = {}, pads = {};
    std::string autoPad = {};
    bool ceilMode = false;
    bool countIncludePad = false;
    int64_t p = 2;
};

int64_t at(const Dims& v, size_t i, int64_t fallback) {
    return v.empty() ? fallback : v[i];
}

struct Window {
    Dims outDims;
    std::vector<int64_t> padBegin, padEnd;
};

// Output dims and pads by the ONNX pooling formulas (explicit pads, auto_pad, ceil_mode; a
// ceil_mode window starting in the end padding is dropped).
Window windowOf(const PoolCase& c) {
    const size_t r = c.x.size() - 2;
    Window w;
    w.outDims = {c.x[0], c.x[1]};
    for (size_t i = 0; i < r; ++i) {
        const int64_t in = c.x[i + 2], k = c.kernel[i], s = at(c.strides, i, 1),
                      d = at(c.dilations, i, 1);
        const int64_t extent = (k - 1) * d + 1;
        int64_t pb = at(c.pads, i, 0), pe = at(c.pads, i + r, 0), out = 0;
        if (c.autoPad == "SAME_UPPER" || c.autoPad == "SAME_LOWER") {
            out = (in + s - 1) / s;
            const int64_t total = std::max<int64_t>(0, (out - 1) * s + extent - in);
            pb = c.autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
            pe = total - pb;
        } else {
            if (c.autoPad == "VALID")
                pb = pe = 0;
            const double exact = double(in + pb + pe - extent) / double(s);
            out = static_cast<int64_t>(c.ceilMode ? std::ceil(exact) : std::floor(exact)) + 1;
            if (c.ceilMode && (out - 1) * s >= in + pb)
                --out;
        }
        w.outDims.push_back(out);
        w.padBegin.push_back(pb);
        w.padEnd.push_back(pe);
    }
    return w;
}

Dims unravel(int64_t index, const Dims& extents) {
    Dims idx(extents.size());
    for (size_t i = extents.size(); i-- > 0;) {
        idx[i] = index % extents[i];
        index /= extents[i];
    }
    return idx;
}

enum class Kind { Max, Average, Lp };

struct PoolReference {
    Dims dims;
    std::vector<double> values;
    std::vector<int64_t> argmax; // row-major flat index into X
};

PoolReference referencePool(const PoolCase& c, Kind kind, const std::vector<float>& x) {
    const size_t r = c.x.size() - 2;
    const Window w = windowOf(c);
    const Dims in(c.x.begin() + 2, c.x.end()), out(w.outDims.begin() + 2, w.outDims.end());
    const int64_t inCount = product(in), outCount = product(out), kCount = product(c.kernel);
    PoolReference ref;
    ref.dims = w.outDims;
    for (int64_t plane = 0; plane < c.x[0] * c.x[1]; ++plane)
        for (int64_t o = 0; o < outCount; ++o) {
            const Dims oi = unravel(o, out);
            double best = -std::numeric_limits<double>::infinity(), sum = 0;
            int64_t bestIndex = -1, inside = 0, padded = 0;
            for (int64_t k = 0; k < kCount; ++k) {
                const Dims ki = unravel(k, c.kernel);
                bool valid = true, withinPads = true;
                int64_t flat = 0;
                for (size_t d = 0; d < r; ++d) {
                    const int64_t i =
                        oi[d] * at(c.strides, d, 1) - w.padBegin[d] + ki[d] * at(c.dilations, d, 1);
                    valid = valid && i >= 0 && i < in[d];
                    withinPads = withinPads && i >= -w.padBegin[d] && i < in[d] + w.padEnd[d];
                    flat = flat * in[d] + i;
                }
                padded += withinPads;
                if (!valid)
                    continue;
                ++inside;
                const double v = x[static_cast<size_t>(plane * inCount + flat)];
                if (v > best) {
                    best = v;
                    bestIndex = plane * inCount + flat;
                }
                sum += kind == Kind::Lp ? std::pow(std::abs(v), double(c.p)) : v;
            }
            if (kind == Kind::Max) {
                ref.values.push_back(best);
                ref.argmax.push_back(bestIndex);
            } else if (kind == Kind::Average) {
                ref.values.push_back(sum / double(c.countIncludePad ? padded : inside));
            } else {
                ref.values.push_back(std::pow(sum, 1.0 / double(c.p)));
            }
        }
    return ref;
}

std::map<std::string, Attribute> attributesOf(const PoolCase& c, Kind kind) {
    std::map<std::string, Attribute> a{{"kernel_shape", ints(c.kernel)}};
    if (!c.strides.empty())
        a["strides"] = ints(c.strides);
    if (!c.dilations.empty())
        a["dilations"] = ints(c.dilations);
    if (!c.pads.empty())
        a["pads"] = ints(c.pads);
    if (!c.autoPad.empty())
        a["auto_pad"] = text(c.autoPad);
    if (c.ceilMode)
        a["ceil_mode"] = integer(1);
    if (kind == Kind::Average && c.countIncludePad)
        a["count_include_pad"] = integer(1);
    if (kind == Kind::Lp)
        a["p"] = integer(c.p);
    return a;
}

void checkPool(const PoolCase& c, Kind kind) {
    std::mt19937 rng(99);
    const auto x = randomValues(product(c.x), rng, -2.f, 2.f);
    const PoolReference ref = referencePool(c, kind, x);
    for (int threads : {1, 2}) {
        NodeSpec spec;
        spec.op = kind == Kind::Max ? "MaxPool" : kind == Kind::Average ? "AveragePool" : "LpPool";
        spec.opset = 19; // dilations and ceil_mode on every pool
        spec.inputs = {HostTensor::fromFloats(c.x, x)};
        spec.attributes = attributesOf(c, kind);
        spec.outputs = kind == Kind::Max ? 2 : 1;
        spec.threads = threads;
        auto out = runNode(spec);
        const std::string where =
            spec.op + " " + c.label + " (" + std::to_string(threads) + " threads)";
        QVERIFY2(out.ok(), (where + ": " + (out.ok() ? "" : out.error().message)).c_str());
        const std::string diff = compareClose(out->at(0), ref.dims, ref.values, 1e-5, 1e-5);
        QVERIFY2(diff.empty(), (where + ": " + diff).c_str());
        if (kind == Kind::Max) {
            QCOMPARE(out->at(1).dtype(), DataType::Int64);
            QCOMPARE(out->at(1).toInt64s(), ref.argmax);
        }
    }
}

void checkAllKinds(const PoolCase& c) {
    checkPool(c, Kind::Max);
    checkPool(c, Kind::Average);
    checkPool(c, Kind::Lp);
}

std::string poolFailure(const std::string& op, const Dims& x,
                        std::map<std::string, Attribute> attributes) {
    std::mt19937 rng(3);
    NodeSpec spec;
    spec.op = op;
    spec.inputs = {randomTensor(x, rng)};
    spec.attributes = std::move(attributes);
    auto out = runNode(spec);
    return out.ok() ? std::string("(no error)") : out.error().message;
}

} // namespace

class TestPoolKernels : public QObject {
    Q_OBJECT

private slots:
    void windows2d();
    void paddingAndCeilMode();
    void countIncludePad();
    void autoPad();
    void dilations();
    void oneAndThreeD();
    void largeParallel();
    void maxPoolColumnMajorIndicesAndIntegers();
    void lpPoolOrders();
    void globalPools();
    void rejectsBadInput();
};

void TestPoolKernels::windows2d() {
    checkAllKinds({"2x2 stride 2", {2, 3, 8, 9}, {2, 2}, {2, 2}});
    checkAllKinds({"3x3 stride 1", {1, 2, 7, 6}, {3, 3}});
    checkAllKinds({"3x2 stride (2,3)", {1, 2, 9, 11}, {3, 2}, {2, 3}});
}

void TestPoolKernels::paddingAndCeilMode() {
    checkAllKinds({"3x3 s2 p1 (ResNet stem)", {1, 4, 12, 12}, {3, 3}, {2, 2}, {}, {1, 1, 1, 1}});
    checkAllKinds({"asymmetric pads", {1, 2, 7, 8}, {3, 3}, {2, 1}, {}, {0, 1, 2, 0}});
    checkAllKinds({"ceil_mode", {1, 2, 8, 7}, {3, 3}, {2, 2}, {}, {}, {}, true});
    checkAllKinds(
        {"ceil_mode with pads", {1, 2, 9, 9}, {3, 3}, {2, 2}, {}, {1, 1, 1, 1}, {}, true});
    checkAllKinds({"ceil_mode drops a window in the padding",
                   {1, 1, 5, 5},
                   {2, 2},
                   {2, 2},
                   {},
                   {1, 1, 1, 1},
                   {},
                   true});
}

void TestPoolKernels::countIncludePad() {
    checkPool({"include pad", {1, 3, 7, 7}, {3, 3}, {1, 1}, {}, {1, 1, 1, 1}, {}, false, true},
              Kind::Average);
    checkPool({"include pad asymmetric ceil",
               {1, 2, 8, 7},
               {3, 3},
               {2, 2},
               {},
               {1, 0, 0, 2},
               {},
               true,
               true},
              Kind::Average);
}

void TestPoolKernels::autoPad() {
    checkAllKinds({"SAME_UPPER", {1, 2, 7, 8}, {3, 2}, {2, 2}, {}, {}, "SAME_UPPER"});
    checkAllKinds({"SAME_LOWER", {1, 2, 7, 8}, {2, 3}, {1, 2}, {}, {}, "SAME_LOWER"});
    checkAllKinds({"VALID", {1, 2, 7, 8}, {3, 3}, {2, 2}, {}, {}, "VALID"});
}

void TestPoolKernels::dilations() {
    checkAllKinds({"dilation 2", {1, 2, 9, 9}, {2, 2}, {1, 1}, {2, 2}});
    checkAllKinds({"dilation (2,3) pads", {1, 2, 10, 11}, {3, 2}, {2, 1}, {2, 3}, {1, 2, 2, 1}});
}

void TestPoolKernels::oneAndThreeD() {
    checkAllKinds({"1-D", {2, 3, 17}, {3}, {2}, {}, {1, 1}});
    checkAllKinds({"3-D", {1, 2, 6, 7, 5}, {2, 3, 2}, {2, 1, 2}, {}, {0, 1, 1, 1, 0, 0}});
}

void TestPoolKernels::largeParallel() {
    checkAllKinds({"64 channels 56x56", {1, 64, 56, 56}, {3, 3}, {2, 2}, {}, {1, 1, 1, 1}});
}

void TestPoolKernels::maxPoolColumnMajorIndicesAndIntegers() {
    // storage_order 1: the spatial part of an index counts rows fastest
    NodeSpec spec;
    spec.op = "MaxPool";
    spec.outputs = 2;
    std::vector<float> x(2 * 3 * 4);
    for (size_t i = 0; i < x.size(); ++i)
        x[i] = static_cast<float>((i * 7) % 11); // varied, maxima in different places
    spec.inputs = {HostTensor::fromFloats({1, 2, 3, 4}, x)};
    spec.attributes = {{"kernel_shape", ints({2, 2})}, {"storage_order", integer(1)}};
    auto out = runNode(spec);
    QVERIFY(out.ok());
    const auto values = out->at(0).toFloats();
    const auto indices = out->at(1).toInt64s();
    QCOMPARE(out->at(0).dims(), (Dims{1, 2, 2, 3}));
    for (int64_t c = 0; c < 2; ++c)
        for (int64_t oh = 0; oh < 2; ++oh)
            for (int64_t ow = 0; ow < 3; ++ow) {
                float best = -1;
                int64_t bestIndex = -1;
                for (int64_t kh = 0; kh < 2; ++kh)
                    for (int64_t kw = 0; kw < 2; ++kw) {
                        const int64_t h = oh + kh, w = ow + kw;
                        const float v = x[static_cast<size_t>(c * 12 + h * 4 + w)];
                        if (v > best) {
                            best = v;
                            bestIndex = c * 12 + w * 3 + h; // column-major within the plane
                        }
                    }
                const size_t o = static_cast<size_t>(c * 6 + oh * 3 + ow);
                QCOMPARE(values[o], best);
                QCOMPARE(indices[o], bestIndex);
            }
    // int8 and uint8 inputs keep their type
    for (DataType type : {DataType::Int8, DataType::UInt8}) {
        HostTensor t(type, {1, 1, 2, 3});
        const int8_t signedValues[6] = {-5, 3, -1, 7, -8, 2};
        const uint8_t unsignedValues[6] = {200, 3, 17, 7, 255, 2};
        for (int i = 0; i < 6; ++i) {
            if (type == DataType::Int8)
                t.mutableData<int8_t>()[i] = signedValues[i];
            else
                t.mutableData<uint8_t>()[i] = unsignedValues[i];
        }
        NodeSpec s;
        s.op = "MaxPool";
        s.inputs = {t};
        s.attributes = {{"kernel_shape", ints({2, 2})}};
        auto r = runNode(s);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(r->at(0).dtype(), type);
        const std::vector<int64_t> expected =
            type == DataType::Int8 ? std::vector<int64_t>{7, 3} : std::vector<int64_t>{255, 255};
        QCOMPARE(r->at(0).toInt64s(), expected);
    }
}

void TestPoolKernels::lpPoolOrders() {
    checkPool({"p1", {1, 2, 6, 6}, {2, 2}, {2, 2}, {}, {}, {}, false, false, 1}, Kind::Lp);
    checkPool({"p3 pads", {1, 2, 6, 7}, {3, 3}, {1, 2}, {}, {1, 1, 1, 1}, {}, false, false, 3},
              Kind::Lp);
}

void TestPoolKernels::globalPools() {
    std::mt19937 rng(5);
    for (const Dims& dims :
         {Dims{2, 3, 5, 6}, Dims{1, 4, 7}, Dims{1, 2, 3, 4, 5}, Dims{1, 256, 7, 7}}) {
        const auto x = randomValues(product(dims), rng);
        const int64_t planes = dims[0] * dims[1], inner = product(dims) / planes;
        Dims outDims(dims.size(), 1);
        outDims[0] = dims[0];
        outDims[1] = dims[1];
        for (const char* op : {"GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool"}) {
            std::vector<double> expected;
            for (int64_t p = 0; p < planes; ++p) {
                double sum = 0, squares = 0, best = -1e300;
                for (int64_t i = 0; i < inner; ++i) {
                    const double v = x[static_cast<size_t>(p * inner + i)];
                    sum += v;
                    squares += v * v;
                    best = std::max(best, v);
                }
                expected.push_back(std::string(op) == "GlobalAveragePool" ? sum / double(inner)
                                   : std::string(op) == "GlobalMaxPool"   ? best
                                                                          : std::sqrt(squares));
            }
            NodeSpec spec;
            spec.op = op;
            spec.inputs = {HostTensor::fromFloats(dims, x)};
            auto out = runNode(spec);
            QVERIFY2(out.ok(), out.ok() ? "" : out.error().message.c_str());
            const std::string diff = compareClose(out->at(0), outDims, expected, 1e-5, 1e-5);
            QVERIFY2(diff.empty(), (std::string(op) + ": " + diff).c_str());
        }
    }
}

void TestPoolKernels::rejectsBadInput() {
    auto expect = [](const std::string& message, const std::string& part) {
        QVERIFY2(message.find(part) != std::string::npos, (message + " lacks: " + part).c_str());
    };
    expect(poolFailure("MaxPool", {1, 2, 5, 5}, {}),
           "node 'node' (MaxPool): attribute 'kernel_shape' is missing");
    expect(poolFailure("AveragePool", {1, 2, 5, 5}, {{"kernel_shape", ints({3})}}),
           "the kernel has 1 dims for 2");
    expect(poolFailure("AveragePool", {1, 2, 2, 2}, {{"kernel_shape", ints({3, 3})}}),
           "smaller than the window 3");
    expect(poolFailure("MaxPool", {1, 2, 5, 5},
                       {{"kernel_shape", ints({2, 2})}, {"pads", ints({1, 1})}}),
           "'pads' has 2 values, expected 4");
    expect(poolFailure("MaxPool", {1, 2, 5, 5},
                       {{"kernel_shape", ints({2, 2})}, {"storage_order", integer(2)}}),
           "storage_order 2");
    expect(poolFailure("LpPool", {1, 2, 5, 5}, {{"kernel_shape", ints({2, 2})}, {"p", integer(0)}}),
           "'p' is 0");
    expect(poolFailure("MaxPool", {5, 5}, {{"kernel_shape", ints({2, 2})}}),
           "expected rank 3 to 5");
    expect(poolFailure("GlobalAveragePool", {5, 5}, {}), "expected rank 3 or more");
    expect(poolFailure("MaxPool", {1, 1, 5, 5}, {{"kernel_shape", ints({int64_t(1) << 40, 2})}}),
           "kernel dim 0 is");
    expect(poolFailure("AveragePool", {1, 1, 5, 5},
                       {{"kernel_shape", ints({2, 2})}, {"pads", ints({0, 0, -1, 0})}}),
           "'pads' has the value -1");
}

QTEST_GUILESS_MAIN(TestPoolKernels)
#include "test_pool_kernels.moc"
