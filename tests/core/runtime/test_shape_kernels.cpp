// Shape and data-movement kernels against reference index arithmetic written here: views share
// the input buffer, Transpose/Slice/Pad/Tile/Expand on random data (also threaded), the
// opset-dependent argument forms, and errors that name the node.

#include "tests/core/runtime/kernel_test_support.h"

#include <QtTest>

#include <algorithm>
#include <numeric>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

HostTensor only(const Result<std::vector<HostTensor>>& r) {
    if (!r.ok())
        qFatal("kernel failed: %s", r.error().message.c_str());
    return r.value().at(0);
}

HostTensor iota(std::vector<int64_t> dims) {
    HostTensor t(DataType::Float, std::move(dims));
    for (int64_t i = 0; i < t.elementCount(); ++i)
        t.mutableData<float>()[i] = static_cast<float>(i);
    return t;
}

std::string errorOf(const Result<std::vector<HostTensor>>& r) {
    return r.ok() ? std::string("(ok)") : r.error().message;
}

} // namespace

class TestShapeKernels : public QObject {
    Q_OBJECT

private slots:
    void viewsShareTheInputBuffer();
    void reshapeSpecialValues();
    void squeezeAndUnsqueezeForms();
    void transposeMatchesReference_data();
    void transposeMatchesReference();
    void sliceMatchesReference();
    void padModesMatchReference();
    void tileAndExpandMatchReference();
    void concatAndSplit();
    void shapeSizeRangeConstantOfShape();
    void depthToSpaceRoundTrips();
};

void TestShapeKernels::viewsShareTheInputBuffer() {
    const HostTensor x = iota({2, 3, 4});
    const HostTensor r = only(runOp({"Reshape", {x, int64s({2}, {6, 4})}}));
    QCOMPARE(r.bytes(), x.bytes());
    QCOMPARE(r.dims(), (std::vector<int64_t>{6, 4}));
    const HostTensor f = only(runOp({"Flatten", {x}, {{"axis", integer(2)}}}));
    QCOMPARE(f.bytes(), x.bytes());
    QCOMPARE(f.dims(), (std::vector<int64_t>{6, 4}));
    const HostTensor u = only(runOp({"Unsqueeze", {x, int64s({2}, {0, -1})}}));
    QCOMPARE(u.bytes(), x.bytes());
    QCOMPARE(u.dims(), (std::vector<int64_t>{1, 2, 3, 4, 1}));
    const HostTensor s = only(runOp({"Squeeze", {u}}));
    QCOMPARE(s.bytes(), x.bytes());
    QCOMPARE(s.dims(), (std::vector<int64_t>{2, 3, 4}));
}

void TestShapeKernels::reshapeSpecialValues() {
    const HostTensor x = iota({2, 3, 4});
    QCOMPARE(only(runOp({"Reshape", {x, int64s({3}, {0, -1, 2})}})).dims(),
             (std::vector<int64_t>{2, 6, 2}));
    // allowzero: 0 is a real zero-size dimension
    const HostTensor empty = iota({0, 3});
    QCOMPARE(
        only(runOp({"Reshape", {empty, int64s({2}, {3, 0})}, {{"allowzero", integer(1)}}})).dims(),
        (std::vector<int64_t>{3, 0}));
    OpCall old{"Reshape", {x}, {{"shape", ints({4, -1})}}};
    old.opset = 4; // shape as attribute
    QCOMPARE(only(runOp(old)).dims(), (std::vector<int64_t>{4, 6}));
    QCOMPARE(errorOf(runOp({"Reshape", {x, int64s({2}, {5, -1})}})),
             std::string("node 'n_Reshape' (Reshape): cannot reshape 2x3x4 to [5, -1]"));
    QCOMPARE(errorOf(runOp({"Reshape", {x, int64s({2}, {-1, -1})}})),
             std::string("node 'n_Reshape' (Reshape): shape [-1, -1] has more than one -1"));
}

void TestShapeKernels::squeezeAndUnsqueezeForms() {
    const HostTensor x = iota({1, 3, 1, 2});
    OpCall attr{"Squeeze", {x}, {{"axes", ints({0})}}};
    attr.opset = 11;
    QCOMPARE(only(runOp(attr)).dims(), (std::vector<int64_t>{3, 1, 2}));
    QCOMPARE(only(runOp({"Squeeze", {x, int64s({1}, {-2})}})).dims(),
             (std::vector<int64_t>{1, 3, 2}));
    QCOMPARE(errorOf(runOp({"Squeeze", {x, int64s({1}, {1})}})),
             std::string("node 'n_Squeeze' (Squeeze): cannot squeeze axis 1 of size 3"));
    OpCall unsq{"Unsqueeze", {iota({3})}, {{"axes", ints({0, 2})}}};
    unsq.opset = 12;
    QCOMPARE(only(runOp(unsq)).dims(), (std::vector<int64_t>{1, 3, 1}));
    QCOMPARE(errorOf(runOp({"Unsqueeze", {iota({3}), int64s({1}, {5})}})),
             std::string("node 'n_Unsqueeze' (Unsqueeze): axis 5 is out of range for rank 2"));
}

void TestShapeKernels::transposeMatchesReference_data() {
    QTest::addColumn<QList<qint64>>("dims");
    QTest::addColumn<QList<qint64>>("perm");
    QTest::addColumn<int>("threads");
    QTest::newRow("2-D") << QList<qint64>{3, 5} << QList<qint64>{1, 0} << 1;
    QTest::newRow("NCHW to NHWC") << QList<qint64>{2, 3, 4, 5} << QList<qint64>{0, 2, 3, 1} << 1;
    QTest::newRow("partly contiguous")
        << QList<qint64>{2, 3, 4, 5} << QList<qint64>{1, 0, 2, 3} << 1;
    QTest::newRow("unit dims") << QList<qint64>{1, 4, 1, 3} << QList<qint64>{3, 2, 1, 0} << 1;
    QTest::newRow("large, threads")
        << QList<qint64>{4, 32, 40, 30} << QList<qint64>{0, 3, 1, 2} << 2;
}

void TestShapeKernels::transposeMatchesReference() {
    QFETCH(QList<qint64>, dims);
    QFETCH(QList<qint64>, perm);
    QFETCH(int, threads);
    const std::vector<int64_t> d(dims.begin(), dims.end()), p(perm.begin(), perm.end());
    const HostTensor x = iota(d);
    OpCall call{"Transpose", {x}, {{"perm", ints(p)}}};
    call.threads = threads;
    const HostTensor out = only(runOp(call));
    std::vector<int64_t> outDims;
    for (int64_t a : p)
        outDims.push_back(d[static_cast<size_t>(a)]);
    QCOMPARE(out.dims(), outDims);
    for (int64_t i = 0; i < out.elementCount(); ++i) {
        const auto o = unravel(i, outDims);
        std::vector<int64_t> in(d.size());
        for (size_t k = 0; k < p.size(); ++k)
            in[static_cast<size_t>(p[k])] = o[k];
        if (out.data<float>()[i] != x.data<float>()[ravel(in, d)])
            QFAIL(qPrintable(QStringLiteral("element %1 differs").arg(i)));
    }
}

void TestShapeKernels::sliceMatchesReference() {
    const std::vector<int64_t> d{4, 5, 6};
    const HostTensor x = iota(d);
    struct Case {
        std::vector<int64_t> starts, ends, axes, steps;
    };
    const int64_t big = std::numeric_limits<int64_t>::max();
    const std::vector<Case> cases{
        {{1, 0}, {3, 5}, {0, 1}, {1, 2}},
        {{-1}, {-big}, {2}, {-1}},                 // whole axis reversed
        {{10, -100}, {-10, 100}, {1, 2}, {-2, 3}}, // clamped starts and ends
        {{3}, {1}, {0}, {1}},                      // empty
        {{-2, 4}, {big, -7}, {-3, -1}, {1, -2}},
    };
    for (const Case& c : cases) {
        const HostTensor out = only(runOp(
            {"Slice",
             {x, int64s({int64_t(c.starts.size())}, c.starts),
              int64s({int64_t(c.ends.size())}, c.ends), int64s({int64_t(c.axes.size())}, c.axes),
              int64s({int64_t(c.steps.size())}, c.steps)}}));
        // reference: list the selected indices of each axis the way numpy slicing does
        std::vector<std::vector<int64_t>> picks(d.size());
        for (size_t a = 0; a < d.size(); ++a) {
            picks[a].resize(static_cast<size_t>(d[a]));
            std::iota(picks[a].begin(), picks[a].end(), 0);
        }
        for (size_t k = 0; k < c.starts.size(); ++k) {
            const auto a = static_cast<size_t>(c.axes[k] < 0 ? c.axes[k] + 3 : c.axes[k]);
            const int64_t n = d[a], step = c.steps[k];
            auto fix = [&](int64_t v, bool isEnd) {
                if (v < 0)
                    v = std::max<int64_t>(v, -n - 1) + n;
                if (step > 0)
                    return std::clamp<int64_t>(v, 0, n);
                return std::clamp<int64_t>(v, isEnd ? -1 : 0, n - 1); // the ONNX spec's clamping
            };
            const int64_t s = fix(c.starts[k], false), e = fix(c.ends[k], true);
            picks[a].clear();
            for (int64_t i = s; step > 0 ? i < e : i > e; i += step)
                picks[a].push_back(i);
        }
        std::vector<int64_t> outDims;
        for (const auto& p : picks)
            outDims.push_back(static_cast<int64_t>(p.size()));
        QCOMPARE(out.dims(), outDims);
        for (int64_t i = 0; i < out.elementCount(); ++i) {
            const auto o = unravel(i, outDims);
            std::vector<int64_t> in(3);
            for (size_t a = 0; a < 3; ++a)
                in[a] = picks[a][static_cast<size_t>(o[a])];
            QCOMPARE(out.data<float>()[i], x.data<float>()[ravel(in, d)]);
        }
    }
    // opset < 10: attributes, no steps
    OpCall old{"Slice", {x}, {{"starts", ints({1})}, {"ends", ints({-1})}, {"axes", ints({2})}}};
    old.opset = 9;
    QCOMPARE(only(runOp(old)).dims(), (std::vector<int64_t>{4, 5, 4}));
    QCOMPARE(errorOf(runOp(
                 {"Slice",
                  {x, int64s({1}, {0}), int64s({1}, {1}), int64s({1}, {0}), int64s({1}, {0})}})),
             std::string("node 'n_Slice' (Slice): a step is 0"));
}

void TestShapeKernels::padModesMatchReference() {
    const std::vector<int64_t> d{3, 4};
    const HostTensor x = iota(d);
    struct Case {
        const char* mode;
        std::vector<int64_t> pads;
    };
    const std::vector<Case> cases{{"constant", {1, 2, 0, 3}},
                                  {"edge", {2, 1, 3, 4}},
                                  {"reflect", {2, 3, 2, 1}},
                                  {"constant", {-1, 1, 0, -2}},
                                  {"reflect", {0, 7, 0, 6}}};
    for (const Case& c : cases) {
        const HostTensor out = only(
            runOp({"Pad", {x, int64s({4}, c.pads), floats({}, {-9.f})}, {{"mode", text(c.mode)}}}));
        const std::vector<int64_t> outDims{d[0] + c.pads[0] + c.pads[2],
                                           d[1] + c.pads[1] + c.pads[3]};
        QCOMPARE(out.dims(), outDims);
        for (int64_t i = 0; i < out.elementCount(); ++i) {
            const auto o = unravel(i, outDims);
            float expected = -9.f;
            std::vector<int64_t> in(2);
            bool inside = true;
            for (size_t a = 0; a < 2; ++a) {
                int64_t k = o[a] - c.pads[a];
                const int64_t n = d[a];
                if (std::string(c.mode) == "edge")
                    k = std::clamp<int64_t>(k, 0, n - 1);
                else if (std::string(c.mode) == "reflect")
                    while (k < 0 || k >= n)
                        k = k < 0 ? -k : 2 * (n - 1) - k; // mirror, repeatedly for wide pads
                inside = inside && k >= 0 && k < n;
                in[a] = k;
            }
            if (inside)
                expected = x.data<float>()[ravel(in, d)];
            QCOMPARE(out.data<float>()[i], expected);
        }
    }
    // opset 2..10: attributes
    OpCall old{"Pad", {x}, {{"pads", ints({0, 1, 0, 1})}, {"value", real(5.f)}}};
    old.opset = 2;
    const HostTensor o = only(runOp(old));
    QCOMPARE(o.dims(), (std::vector<int64_t>{3, 6}));
    QCOMPARE(o.data<float>()[0], 5.f);
    QCOMPARE(o.data<float>()[1], 0.f);
    QVERIFY(!supported({"Pad", {x, int64s({4}, {0, 0, 0, 0})}, {{"mode", text("wrap")}}}));
}

void TestShapeKernels::tileAndExpandMatchReference() {
    const std::vector<int64_t> d{2, 1, 3};
    const HostTensor x = iota(d);
    OpCall tile{"Tile", {x, int64s({3}, {2, 3, 1})}};
    const HostTensor t = only(runOp(tile));
    QCOMPARE(t.dims(), (std::vector<int64_t>{4, 3, 3}));
    for (int64_t i = 0; i < t.elementCount(); ++i) {
        auto o = unravel(i, t.dims());
        for (size_t a = 0; a < 3; ++a)
            o[a] %= d[a];
        QCOMPARE(t.data<float>()[i], x.data<float>()[ravel(o, d)]);
    }
    const HostTensor e = only(runOp({"Expand", {x, int64s({4}, {2, 1, 4, 1})}}));
    QCOMPARE(e.dims(), (std::vector<int64_t>{2, 2, 4, 3}));
    for (int64_t i = 0; i < e.elementCount(); ++i)
        QCOMPARE(e.data<float>()[i], x.data<float>()[broadcastIndex(unravel(i, e.dims()), d)]);
    QCOMPARE(errorOf(runOp({"Expand", {x, int64s({1}, {4})}})),
             std::string("node 'n_Expand' (Expand): input 2x1x3 does not broadcast to [4]"));
}

void TestShapeKernels::concatAndSplit() {
    // shape arithmetic on int64 vectors, as exported models do
    const HostTensor c = only(runOp({"Concat",
                                     {int64s({2}, {1, 2}), int64s({1}, {-1}), int64s({0}, {})},
                                     {{"axis", integer(0)}}}));
    QCOMPARE(c.toInt64s(), (std::vector<int64_t>{1, 2, -1}));
    const HostTensor x = iota({2, 5});
    OpCall split{"Split", {x, int64s({2}, {2, 3})}, {{"axis", integer(1)}}};
    split.outputs = 2;
    auto parts = runOp(split);
    QVERIFY(parts.ok());
    QCOMPARE(parts->at(0).toFloats(), (std::vector<float>{0, 1, 5, 6}));
    QCOMPARE(parts->at(1).toFloats(), (std::vector<float>{2, 3, 4, 7, 8, 9}));
    OpCall old{"Split", {x}, {{"axis", integer(1)}, {"split", ints({4, 1})}}};
    old.opset = 11;
    old.outputs = 2;
    QCOMPARE(runOp(old)->at(1).toFloats(), (std::vector<float>{4, 9}));
    OpCall uneven{"Split", {x}, {{"axis", integer(1)}}};
    uneven.outputs = 2;
    QCOMPARE(
        errorOf(runOp(uneven)),
        std::string("node 'n_Split' (Split): axis length 5 does not split evenly into 2 outputs"));
    const HostTensor joined =
        only(runOp({"Concat", {parts->at(0), parts->at(1)}, {{"axis", integer(-1)}}}));
    QCOMPARE(joined.toFloats(), x.toFloats());
}

void TestShapeKernels::shapeSizeRangeConstantOfShape() {
    const HostTensor x = iota({2, 3, 4, 5});
    QCOMPARE(only(runOp({"Shape", {x}})).toInt64s(), (std::vector<int64_t>{2, 3, 4, 5}));
    QCOMPARE(only(runOp({"Shape", {x}, {{"start", integer(1)}, {"end", integer(-1)}}})).toInt64s(),
             (std::vector<int64_t>{3, 4}));
    OpCall old{"Shape", {x}, {{"start", integer(1)}}};
    old.opset = 13; // no start/end before opset 15
    QCOMPARE(only(runOp(old)).toInt64s().size(), size_t(4));
    QCOMPARE(only(runOp({"Size", {x}})).toInt64s(), std::vector<int64_t>{120});
    QCOMPARE(
        only(runOp({"Range", {int64s({}, {10}), int64s({}, {1}), int64s({}, {-3})}})).toInt64s(),
        (std::vector<int64_t>{10, 7, 4}));
    QCOMPARE(only(runOp({"Range", {floats({}, {0.5f}), floats({}, {2.f}), floats({}, {0.5f})}}))
                 .toFloats(),
             (std::vector<float>{0.5f, 1.f, 1.5f}));
    Attribute value;
    value.kind = Attribute::Kind::Tensor;
    value.tensor = std::make_shared<const Tensor>(Tensor::fromInt64s({1}, {7}));
    const HostTensor k =
        only(runOp({"ConstantOfShape", {int64s({2}, {2, 2})}, {{"value", value}}}));
    QCOMPARE(k.dtype(), DataType::Int64);
    QCOMPARE(k.toInt64s(), (std::vector<int64_t>{7, 7, 7, 7}));
    const HostTensor zeros = only(runOp({"ConstantOfShape", {int64s({1}, {3})}}));
    QCOMPARE(zeros.dtype(), DataType::Float);
    QCOMPARE(zeros.toFloats(), (std::vector<float>{0, 0, 0}));
}

void TestShapeKernels::depthToSpaceRoundTrips() {
    const HostTensor x = iota({1, 8, 2, 3});
    for (const char* mode : {"DCR", "CRD"}) {
        const HostTensor d =
            only(runOp({"DepthToSpace", {x}, {{"blocksize", integer(2)}, {"mode", text(mode)}}}));
        QCOMPARE(d.dims(), (std::vector<int64_t>{1, 2, 4, 6}));
        // reference: out[c, h*b + i, w*b + j] = in[channel(c, i, j), h, w]
        for (int64_t c = 0; c < 2; ++c)
            for (int64_t h = 0; h < 4; ++h)
                for (int64_t w = 0; w < 6; ++w) {
                    const int64_t i = h % 2, j = w % 2;
                    const int64_t ch =
                        std::string(mode) == "DCR" ? (i * 2 + j) * 2 + c : c * 4 + i * 2 + j;
                    QCOMPARE(d.data<float>()[(c * 4 + h) * 6 + w],
                             x.data<float>()[(ch * 2 + h / 2) * 3 + w / 2]);
                }
    }
    // SpaceToDepth inverts DCR DepthToSpace
    const HostTensor d = only(runOp({"DepthToSpace", {x}, {{"blocksize", integer(2)}}}));
    QCOMPARE(only(runOp({"SpaceToDepth", {d}, {{"blocksize", integer(2)}}})).toFloats(),
             x.toFloats());
}

QTEST_GUILESS_MAIN(TestShapeKernels)
#include "test_shape_kernels.moc"
