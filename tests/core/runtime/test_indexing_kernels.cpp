// Indexing kernels against reference index arithmetic written here: Gather with negative and
// int32 indices, GatherND with batch dims, ScatterElements/ScatterND with duplicates and
// reductions, NonZero, Compress, OneHot, EyeLike and Trilu, and out-of-range errors naming the
// node.

#include "tests/core/runtime/kernel_test_support.h"

#include <QtTest>

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

class TestIndexingKernels : public QObject {
    Q_OBJECT

private slots:
    void gatherNegativeIndicesAndErrors();
    void gatherNdWithBatchDims();
    void scatterDuplicatesAndReductions();
    void nonZeroAndCompress();
    void oneHotEyeLikeTrilu();
};

void TestIndexingKernels::gatherNegativeIndicesAndErrors() {
    const HostTensor x = iota({3, 4});
    const HostTensor g =
        only(runOp({"Gather", {x, int64s({2, 2}, {0, -1, 2, 1})}, {{"axis", integer(1)}}}));
    QCOMPARE(g.dims(), (std::vector<int64_t>{3, 2, 2}));
    for (int64_t r = 0; r < 3; ++r) {
        const int64_t cols[] = {0, 3, 2, 1};
        for (int64_t k = 0; k < 4; ++k)
            QCOMPARE(g.data<float>()[r * 4 + k], x.data<float>()[r * 4 + cols[k]]);
    }
    // int32 indices, scalar index drops the axis
    const HostTensor s = only(runOp({"Gather", {x, tensorOf<int32_t>(DataType::Int32, {}, {-1})}}));
    QCOMPARE(s.dims(), (std::vector<int64_t>{4}));
    QCOMPARE(s.toFloats(), (std::vector<float>{8, 9, 10, 11}));
    QCOMPARE(errorOf(runOp({"Gather", {x, int64s({1}, {3})}})),
             std::string("node 'n_Gather' (Gather): index 3 is out of range for axis 0 of size 3"));
}

void TestIndexingKernels::gatherNdWithBatchDims() {
    const HostTensor x = iota({2, 3, 4});
    // no batch dims: pairs (i, j) pick rows x[i, j, :]
    const HostTensor rows = only(runOp({"GatherND", {x, int64s({2, 2}, {1, 2, 0, -3})}}));
    QCOMPARE(rows.dims(), (std::vector<int64_t>{2, 4}));
    QCOMPARE(rows.toFloats(), (std::vector<float>{20, 21, 22, 23, 0, 1, 2, 3}));
    // batch_dims 1: per batch b, index (j, k) picks x[b, j, k]
    const HostTensor picks = only(
        runOp({"GatherND", {x, int64s({2, 1, 2}, {0, 1, 2, 3})}, {{"batch_dims", integer(1)}}}));
    QCOMPARE(picks.dims(), (std::vector<int64_t>{2, 1}));
    QCOMPARE(picks.toFloats(), (std::vector<float>{1, 12 + 2 * 4 + 3}));
    QCOMPARE(
        errorOf(runOp({"GatherND", {x, int64s({1, 1}, {2})}})),
        std::string("node 'n_GatherND' (GatherND): index 2 is out of range for an axis of size 2"));
}

void TestIndexingKernels::scatterDuplicatesAndReductions() {
    const HostTensor data = floats({2, 3}, {1, 1, 1, 1, 1, 1});
    const HostTensor indices = int64s({2, 2}, {0, 0, 2, -1});
    const HostTensor updates = floats({2, 2}, {2, 3, 4, 5});
    // axis 1: row r gets updates[r][c] at column indices[r][c]; duplicates apply in order
    QCOMPARE(only(runOp({"ScatterElements", {data, indices, updates}, {{"axis", integer(1)}}}))
                 .toFloats(),
             (std::vector<float>{3, 1, 1, 1, 1, 5}));
    QCOMPARE(only(runOp({"ScatterElements",
                         {data, indices, updates},
                         {{"axis", integer(1)}, {"reduction", text("add")}}}))
                 .toFloats(),
             (std::vector<float>{6, 1, 1, 1, 1, 10}));
    QCOMPARE(only(runOp({"ScatterElements",
                         {data, indices, updates},
                         {{"axis", integer(1)}, {"reduction", text("mul")}}}))
                 .toFloats(),
             (std::vector<float>{6, 1, 1, 1, 1, 20}));
    QVERIFY(
        !supported({"ScatterElements", {data, indices, updates}, {{"reduction", text("max")}}}));
    // the data tensor itself is untouched
    QCOMPARE(data.toFloats(), (std::vector<float>{1, 1, 1, 1, 1, 1}));
    const HostTensor nd =
        only(runOp({"ScatterND", {data, int64s({1, 1}, {1}), floats({1, 3}, {7, 8, 9})}}));
    QCOMPARE(nd.toFloats(), (std::vector<float>{1, 1, 1, 7, 8, 9}));
    QCOMPARE(errorOf(runOp({"ScatterElements",
                            {data, int64s({1, 1}, {3}), floats({1, 1}, {0})},
                            {{"axis", integer(1)}}})),
             std::string("node 'n_ScatterElements' (ScatterElements): index 3 is out of range for "
                         "an axis of size 3"));
}

void TestIndexingKernels::nonZeroAndCompress() {
    const HostTensor x = floats({2, 3}, {0, 5, 0, -1, 0, 2});
    const HostTensor nz = only(runOp({"NonZero", {x}}));
    QCOMPARE(nz.dims(), (std::vector<int64_t>{2, 3}));
    QCOMPARE(nz.toInt64s(), (std::vector<int64_t>{0, 1, 1, 1, 0, 2})); // rows, then columns
    const HostTensor cond = tensorOf<uint8_t>(DataType::Bool, {2}, {0, 1});
    QCOMPARE(only(runOp({"Compress", {x, cond}, {{"axis", integer(0)}}})).toFloats(),
             (std::vector<float>{-1, 0, 2}));
    // no axis: the flattened input; a short condition leaves the rest out
    QCOMPARE(only(runOp({"Compress", {x, cond}})).toFloats(), std::vector<float>{5});
}

void TestIndexingKernels::oneHotEyeLikeTrilu() {
    const HostTensor oh =
        only(runOp({"OneHot", {int64s({3}, {0, -1, 7}), floats({}, {3}), floats({2}, {-1, 1})}}));
    QCOMPARE(oh.dims(), (std::vector<int64_t>{3, 3}));
    QCOMPARE(oh.toFloats(), (std::vector<float>{1, -1, -1, -1, -1, 1, -1, -1, -1}));
    const HostTensor axis0 =
        only(runOp({"OneHot",
                    {int64s({2}, {1, 0}), floats({}, {2}), floats({2}, {0, 1})},
                    {{"axis", integer(0)}}}));
    QCOMPARE(axis0.toFloats(), (std::vector<float>{0, 1, 1, 0})); // [depth, n]
    const HostTensor eye =
        only(runOp({"EyeLike", {int64s({2, 3}, {9, 9, 9, 9, 9, 9})}, {{"k", integer(1)}}}));
    QCOMPARE(eye.dtype(), DataType::Int64);
    QCOMPARE(eye.toInt64s(), (std::vector<int64_t>{0, 1, 0, 0, 0, 1}));
    const HostTensor m = iota({3, 3});
    QCOMPARE(only(runOp({"Trilu", {m}})).toFloats(),
             (std::vector<float>{0, 1, 2, 0, 4, 5, 0, 0, 8}));
    QCOMPARE(only(runOp({"Trilu", {m, int64s({}, {-1})}, {{"upper", integer(0)}}})).toFloats(),
             (std::vector<float>{0, 0, 0, 3, 0, 0, 6, 7, 0}));
}

QTEST_GUILESS_MAIN(TestIndexingKernels)
#include "test_indexing_kernels.moc"
