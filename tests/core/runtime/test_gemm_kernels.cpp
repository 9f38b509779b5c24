// Gemm and MatMul against naive double-precision products written here, on random data (fixed
// seed): transposes, alpha/beta, every broadcast form of C, 1-D operands, batch broadcasting,
// sizes that split over threads, fused activations, float64 and the error paths.

#include "tests/core/runtime/compute_test_support.h"

#include <QtTest>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

using Dims = std::vector<int64_t>;

struct GemmCase {
    std::string label = {};
    int64_t M = 0, N = 0, K = 0;
    bool transA = false, transB = false;
    float alpha = 1.f, beta = 1.f;
    Dims c = {}; // C's dims; {-1} = no C
    FusedActivation activation = {};
};

void checkGemm(const GemmCase& g, bool asDouble = false) {
    std::mt19937 rng(42);
    const Dims aDims = g.transA ? Dims{g.K, g.M} : Dims{g.M, g.K};
    const Dims bDims = g.transB ? Dims{g.N, g.K} : Dims{g.K, g.N};
    const bool hasC = !(g.c.size() == 1 && g.c[0] == -1);
    const auto a = randomValues(product(aDims), rng), b = randomValues(product(bDims), rng);
    const auto c = hasC ? randomValues(product(g.c), rng) : std::vector<float>{};
    // C's element for output (i, j) under numpy broadcasting from the right
    auto cAt = [&](int64_t i, int64_t j) -> double {
        const int64_t rows = g.c.size() == 2 ? g.c[0] : 1, cols = g.c.empty() ? 1 : g.c.back();
        return c[static_cast<size_t>((rows == 1 ? 0 : i) * cols + (cols == 1 ? 0 : j))];
    };
    std::vector<double> expected(static_cast<size_t>(g.M * g.N));
    for (int64_t i = 0; i < g.M; ++i)
        for (int64_t j = 0; j < g.N; ++j) {
            double sum = 0;
            for (int64_t k = 0; k < g.K; ++k) {
                const double av = a[static_cast<size_t>(g.transA ? k * g.M + i : i * g.K + k)];
                const double bv = b[static_cast<size_t>(g.transB ? j * g.K + k : k * g.N + j)];
                sum += av * bv;
            }
            double v = g.alpha * sum + (hasC ? g.beta * cAt(i, j) : 0.0);
            if (!g.activation.isNone())
                v = g.activation.apply(static_cast<float>(v));
            expected[static_cast<size_t>(i * g.N + j)] = v;
        }
    for (int threads : {1, 2}) {
        NodeSpec spec;
        spec.op = "Gemm";
        HostTensor ta = HostTensor::fromFloats(aDims, a), tb = HostTensor::fromFloats(bDims, b);
        HostTensor tc = hasC ? HostTensor::fromFloats(g.c, c) : HostTensor();
        if (asDouble) {
            ta = toDouble(ta);
            tb = toDouble(tb);
            if (hasC)
                tc = toDouble(tc);
        }
        spec.inputs = {ta, tb, tc};
        spec.attributes = {{"transA", integer(g.transA)},
                           {"transB", integer(g.transB)},
                           {"alpha", real(g.alpha)},
                           {"beta", real(g.beta)}};
        spec.activation = g.activation;
        spec.threads = threads;
        auto out = runNode(spec);
        const std::string where = g.label + " (" + std::to_string(threads) + " threads)";
        QVERIFY2(out.ok(), (where + ": " + (out.ok() ? "" : out.error().message)).c_str());
        QCOMPARE(out->at(0).dtype(), asDouble ? DataType::Double : DataType::Float);
        const std::string diff = compareClose(out->at(0), {g.M, g.N}, expected, 1e-4, 1e-4);
        QVERIFY2(diff.empty(), (where + ": " + diff).c_str());
    }
}

// MatMul reference: numpy semantics, written out with explicit broadcasting.
void checkMatMul(const std::string& label, const Dims& aDims, const Dims& bDims,
                 const Dims& outDims, FusedActivation activation = {}, bool asDouble = false) {
    std::mt19937 rng(11);
    const auto a = randomValues(product(aDims), rng), b = randomValues(product(bDims), rng);
    Dims ea = aDims, eb = bDims;
    if (ea.size() == 1)
        ea.insert(ea.begin(), 1);
    if (eb.size() == 1)
        eb.push_back(1);
    const int64_t M = ea[ea.size() - 2], K = ea.back(), N = eb.back();
    const size_t batchRank = std::max(ea.size(), eb.size()) - 2;
    Dims ba(batchRank, 1), bb(batchRank, 1), batch(batchRank, 1);
    for (size_t i = 0; i < ea.size() - 2; ++i)
        ba[batchRank - (ea.size() - 2) + i] = ea[i];
    for (size_t i = 0; i < eb.size() - 2; ++i)
        bb[batchRank - (eb.size() - 2) + i] = eb[i];
    for (size_t i = 0; i < batchRank; ++i)
        batch[i] = std::max(ba[i], bb[i]);
    const int64_t batches = product(batch);
    std::vector<double> expected(static_cast<size_t>(batches * M * N));
    for (int64_t bi = 0; bi < batches; ++bi) {
        // batch coordinate -> flat batch index in A and in B (size-1 dims repeat)
        int64_t rest = bi, ia = 0, ib = 0, strideA = 1, strideB = 1;
        for (size_t d = batchRank; d-- > 0;) {
            const int64_t coord = rest % batch[d];
            rest /= batch[d];
            ia += (ba[d] == 1 ? 0 : coord) * strideA;
            ib += (bb[d] == 1 ? 0 : coord) * strideB;
            strideA *= ba[d];
            strideB *= bb[d];
        }
        for (int64_t i = 0; i < M; ++i)
            for (int64_t j = 0; j < N; ++j) {
                double sum = 0;
                for (int64_t k = 0; k < K; ++k)
                    sum += double(a[static_cast<size_t>((ia * M + i) * K + k)]) *
                           double(b[static_cast<size_t>((ib * K + k) * N + j)]);
                expected[static_cast<size_t>((bi * M + i) * N + j)] =
                    activation.isNone() ? sum : double(activation.apply(static_cast<float>(sum)));
            }
    }
    for (int threads : {1, 2}) {
        NodeSpec spec;
        spec.op = "MatMul";
        HostTensor ta = HostTensor::fromFloats(aDims, a), tb = HostTensor::fromFloats(bDims, b);
        spec.inputs = {asDouble ? toDouble(ta) : ta, asDouble ? toDouble(tb) : tb};
        spec.activation = activation;
        spec.threads = threads;
        auto out = runNode(spec);
        const std::string where = label + " (" + std::to_string(threads) + " threads)";
        QVERIFY2(out.ok(), (where + ": " + (out.ok() ? "" : out.error().message)).c_str());
        const std::string diff = compareClose(out->at(0), outDims, expected, 1e-4, 1e-4);
        QVERIFY2(diff.empty(), (where + ": " + diff).c_str());
    }
}

std::string failureOf(const std::string& op, const std::vector<HostTensor>& inputs,
                      std::map<std::string, Attribute> attributes = {}, int64_t opset = 17) {
    NodeSpec spec;
    spec.op = op;
    spec.inputs = inputs;
    spec.attributes = std::move(attributes);
    spec.opset = opset;
    auto out = runNode(spec);
    return out.ok() ? std::string("(no error)") : out.error().message;
}

FusedActivation leaky(float alpha) {
    FusedActivation a;
    a.kind = FusedActivation::Kind::LeakyRelu;
    a.alpha = alpha;
    return a;
}

} // namespace

class TestGemmKernels : public QObject {
    Q_OBJECT

private slots:
    void gemmTransposes();
    void gemmAlphaBetaAndBroadcastC();
    void gemmLargeSplitsOverThreads();
    void gemmFusedActivationAndFloat64();
    void gemmRejectsBadInput();
    void matmulShapes();
    void matmulBatchBroadcast();
    void matmulFusedActivationAndFloat64();
    void matmulRejectsBadInput();
};

void TestGemmKernels::gemmTransposes() {
    for (bool ta : {false, true})
        for (bool tb : {false, true})
            checkGemm({"trans " + std::to_string(ta) + std::to_string(tb),
                       5,
                       7,
                       9,
                       ta,
                       tb,
                       1.f,
                       1.f,
                       {5, 7}});
}

void TestGemmKernels::gemmAlphaBetaAndBroadcastC() {
    checkGemm({"C scalar", 4, 6, 3, false, false, 0.5f, 2.f, {}});
    checkGemm({"C [N]", 4, 6, 3, false, true, 1.f, 0.25f, {6}});
    checkGemm({"C [1]", 4, 6, 3, true, false, -1.f, 1.f, {1}});
    checkGemm({"C [M,1]", 4, 6, 3, false, false, 1.f, 1.f, {4, 1}});
    checkGemm({"C [1,N]", 4, 6, 3, true, true, 2.f, 0.f, {1, 6}});
    checkGemm({"no C", 4, 6, 3, false, false, 1.5f, 1.f, {-1}});
}

void TestGemmKernels::gemmLargeSplitsOverThreads() {
    // batch-1 classifier (a vector-matrix product split by output columns)
    checkGemm({"1x2048 * 2048x1000^T", 1, 1000, 2048, false, true, 1.f, 1.f, {1000}});
    // one output row or column: the matrix-vector kernel, with a strided A column or B column
    checkGemm({"(13x1)^T * (9x13)^T", 1, 9, 13, true, true, 1.f, 1.f, {9}});
    checkGemm({"7x13 * 13x1", 7, 1, 13, false, false, 1.f, 0.f, {}});
    // 65 columns on 2 threads: blocks of 32, 32 and 1, the last a strided column of B
    checkGemm({"last column block of one", 16, 65, 256, false, false, 1.f, 1.f, {65}});
    checkGemm({"last column block of one, B^T", 16, 65, 256, false, true, 1.f, 1.f, {65}});
    // tall: split by rows
    checkGemm({"300x64 * 64x20", 300, 20, 64, false, false, 1.f, 1.f, {20}});
    checkGemm({"wide", 64, 300, 129, true, false, 1.f, 1.f, {64, 300}});
}

void TestGemmKernels::gemmFusedActivationAndFloat64() {
    checkGemm({"leaky", 8, 9, 10, false, true, 1.f, 1.f, {9}, leaky(0.2f)});
    checkGemm({"float64", 8, 9, 10, true, true, 0.7f, 1.3f, {8, 9}}, true);
}

void TestGemmKernels::gemmRejectsBadInput() {
    std::mt19937 rng(1);
    const std::string k = failureOf("Gemm", {randomTensor({3, 4}, rng), randomTensor({5, 6}, rng)});
    QVERIFY2(k.find("node 'node' (Gemm)") != std::string::npos &&
                 k.find("do not multiply: 4 vs 5") != std::string::npos,
             k.c_str());
    const std::string c = failureOf(
        "Gemm", {randomTensor({3, 4}, rng), randomTensor({4, 6}, rng), randomTensor({2, 6}, rng)});
    QVERIFY2(c.find("input C 2x6 does not broadcast to the output [3,6]") != std::string::npos,
             c.c_str());
    const std::string rank =
        failureOf("Gemm", {randomTensor({2, 3, 4}, rng), randomTensor({4, 6}, rng)});
    QVERIFY2(rank.find("must be matrices") != std::string::npos, rank.c_str());
    const std::string noC =
        failureOf("Gemm", {randomTensor({3, 4}, rng), randomTensor({4, 6}, rng)}, {}, 9);
    QVERIFY2(noC.find("input C is required before opset 11") != std::string::npos, noC.c_str());
}

void TestGemmKernels::matmulShapes() {
    checkMatMul("2-D", {3, 4}, {4, 5}, {3, 5});
    checkMatMul("vector . vector", {7}, {7}, {});
    checkMatMul("vector x matrix", {4}, {4, 6}, {6});
    checkMatMul("matrix x vector", {5, 4}, {4}, {5});
    checkMatMul("batched x vector", {2, 5, 4}, {4}, {2, 5});
    checkMatMul("vector x batched", {4}, {3, 4, 6}, {3, 6});
    checkMatMul("large (split over threads)", {96, 160}, {160, 130}, {96, 130});
}

void TestGemmKernels::matmulBatchBroadcast() {
    checkMatMul("3-D x 2-D (stacked)", {4, 5, 6}, {6, 7}, {4, 5, 7});
    checkMatMul("2-D x 3-D", {5, 6}, {3, 6, 7}, {3, 5, 7});
    checkMatMul("broadcast both", {2, 1, 3, 4}, {1, 5, 4, 6}, {2, 5, 3, 6});
    checkMatMul("rank 3 x rank 4", {3, 2, 4}, {2, 1, 4, 5}, {2, 3, 2, 5});
    checkMatMul("many small (one per thread)", {64, 4, 8}, {64, 8, 3}, {64, 4, 3});
    checkMatMul("attention-like", {1, 4, 33, 16}, {1, 4, 16, 33}, {1, 4, 33, 33});
}

void TestGemmKernels::matmulFusedActivationAndFloat64() {
    checkMatMul("leaky", {6, 5}, {5, 7}, {6, 7}, leaky(0.3f));
    checkMatMul("float64", {2, 3, 5}, {5, 4}, {2, 3, 4}, {}, true);
}

void TestGemmKernels::matmulRejectsBadInput() {
    std::mt19937 rng(2);
    const std::string k =
        failureOf("MatMul", {randomTensor({3, 4}, rng), randomTensor({5, 6}, rng)});
    QVERIFY2(k.find("node 'node' (MatMul)") != std::string::npos &&
                 k.find("do not multiply: 4 vs 5") != std::string::npos,
             k.c_str());
    const std::string huge =
        failureOf("MatMul", {randomTensor({100000, 1}, rng), randomTensor({1, 100000}, rng)});
    QVERIFY2(huge.find("the output shape 100000x100000 is too large") != std::string::npos,
             huge.c_str());
    const std::string b =
        failureOf("MatMul", {randomTensor({2, 3, 4}, rng), randomTensor({3, 4, 5}, rng)});
    QVERIFY2(b.find("batch dims that do not broadcast") != std::string::npos, b.c_str());
    const std::string s = failureOf(
        "MatMul", {HostTensor::fromFloats({}, std::vector<float>{1.f}), randomTensor({1}, rng)});
    QVERIFY2(s.find("must have rank 1 or more") != std::string::npos, s.c_str());
    const std::string t =
        failureOf("MatMul", {randomTensor({2, 2}, rng),
                             HostTensor::fromInt64s({2, 2}, std::vector<int64_t>{1, 2, 3, 4})});
    QVERIFY2(t.find("does not handle inputs (float32, int64)") != std::string::npos, t.c_str());
}

QTEST_GUILESS_MAIN(TestGemmKernels)
#include "test_gemm_kernels.moc"
