// BatchNormalization, InstanceNormalization, LayerNormalization and LRN against the formulas
// evaluated here in double precision on random data (fixed seed), including training-mode
// BatchNormalization, spatial = 0 (opset 7), fused activations, broadcast LayerNorm scales,
// float64 and the error paths.

#include "tests/core/runtime/compute_test_support.h"

#include <QtTest>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

using Dims = std::vector<int64_t>;

// mean and population variance of each channel over N and the spatial dims
void channelStats(const std::vector<float>& x, const Dims& dims, std::vector<double>& mean,
                  std::vector<double>& var) {
    const int64_t N = dims[0], C = dims[1], inner = product(dims) / (N * C);
    mean.assign(static_cast<size_t>(C), 0);
    var.assign(static_cast<size_t>(C), 0);
    for (int64_t c = 0; c < C; ++c) {
        double s = 0;
        for (int64_t n = 0; n < N; ++n)
            for (int64_t i = 0; i < inner; ++i)
                s += x[static_cast<size_t>((n * C + c) * inner + i)];
        const double m = s / double(N * inner);
        double q = 0;
        for (int64_t n = 0; n < N; ++n)
            for (int64_t i = 0; i < inner; ++i) {
                const double d = x[static_cast<size_t>((n * C + c) * inner + i)] - m;
                q += d * d;
            }
        mean[static_cast<size_t>(c)] = m;
        var[static_cast<size_t>(c)] = q / double(N * inner);
    }
}

std::string failure(const NodeSpec& spec) {
    auto out = runNode(spec);
    return out.ok() ? std::string("(no error)") : out.error().message;
}

} // namespace

class TestNormalizationKernels : public QObject {
    Q_OBJECT

private slots:
    void batchNormInference();
    void batchNormFusedActivationAndFloat64();
    void batchNormTrainingMode();
    void batchNormPerElementSpatial0();
    void instanceNorm();
    void layerNormAxesAndBroadcast();
    void lrn();
    void rejectsBadInput();
};

void TestNormalizationKernels::batchNormInference() {
    std::mt19937 rng(1);
    for (const Dims& dims :
         {Dims{2, 3, 4, 5}, Dims{4, 6}, Dims{1, 8, 3, 4, 5}, Dims{1, 64, 28, 28}}) {
        const int64_t C = dims[1], inner = product(dims) / (dims[0] * C);
        const auto x = randomValues(product(dims), rng), s = randomValues(C, rng),
                   b = randomValues(C, rng), m = randomValues(C, rng),
                   v = randomValues(C, rng, 0.1f, 2.f);
        const float eps = 1e-3f;
        std::vector<double> expected(x.size());
        for (size_t i = 0; i < x.size(); ++i) {
            const size_t c = (i / static_cast<size_t>(inner)) % static_cast<size_t>(C);
            expected[i] =
                (x[i] - double(m[c])) / std::sqrt(double(v[c]) + double(eps)) * s[c] + b[c];
        }
        for (int threads : {1, 2}) {
            NodeSpec spec;
            spec.op = "BatchNormalization";
            spec.inputs = {HostTensor::fromFloats(dims, x), HostTensor::fromFloats({C}, s),
                           HostTensor::fromFloats({C}, b), HostTensor::fromFloats({C}, m),
                           HostTensor::fromFloats({C}, v)};
            spec.attributes = {{"epsilon", real(eps)}};
            spec.threads = threads;
            auto out = runNode(spec);
            QVERIFY2(out.ok(), out.ok() ? "" : out.error().message.c_str());
            const std::string diff = compareClose(out->at(0), dims, expected, 1e-5, 1e-5);
            QVERIFY2(diff.empty(), diff.c_str());
        }
    }
}

void TestNormalizationKernels::batchNormFusedActivationAndFloat64() {
    std::mt19937 rng(2);
    const Dims dims{2, 4, 3, 3};
    const auto x = randomValues(product(dims), rng), s = randomValues(4, rng),
               b = randomValues(4, rng), m = randomValues(4, rng),
               v = randomValues(4, rng, 0.5f, 1.5f);
    FusedActivation leaky;
    leaky.kind = FusedActivation::Kind::LeakyRelu;
    leaky.alpha = 0.1f;
    for (bool asDouble : {false, true}) {
        std::vector<double> expected(x.size());
        for (size_t i = 0; i < x.size(); ++i) {
            const size_t c = (i / 9) % 4;
            const double y = (x[i] - double(m[c])) / std::sqrt(double(v[c]) + 1e-5) * s[c] + b[c];
            expected[i] = y >= 0 ? y : 0.1 * y;
        }
        NodeSpec spec;
        spec.op = "BatchNormalization";
        spec.inputs = {HostTensor::fromFloats(dims, x), HostTensor::fromFloats({4}, s),
                       HostTensor::fromFloats({4}, b), HostTensor::fromFloats({4}, m),
                       HostTensor::fromFloats({4}, v)};
        if (asDouble)
            for (auto& t : spec.inputs)
                t = toDouble(t);
        spec.activation = leaky; // applied once, inside the kernel
        auto out = runNode(spec);
        QVERIFY2(out.ok(), out.ok() ? "" : out.error().message.c_str());
        const std::string diff = compareClose(out->at(0), dims, expected, 1e-5, 1e-5);
        QVERIFY2(diff.empty(), diff.c_str());
    }
}

void TestNormalizationKernels::batchNormTrainingMode() {
    std::mt19937 rng(3);
    const Dims dims{3, 2, 4, 5};
    const auto x = randomValues(product(dims), rng), s = randomValues(2, rng),
               b = randomValues(2, rng), m = randomValues(2, rng),
               v = randomValues(2, rng, 0.5f, 1.5f);
    std::vector<double> batchMean, batchVar;
    channelStats(x, dims, batchMean, batchVar);
    const double momentum = 0.8, eps = 1e-4;
    std::vector<double> expected(x.size()), runningMean(2), runningVar(2);
    for (size_t i = 0; i < x.size(); ++i) {
        const size_t c = (i / 20) % 2;
        expected[i] = (x[i] - batchMean[c]) / std::sqrt(batchVar[c] + eps) * s[c] + b[c];
    }
    for (size_t c = 0; c < 2; ++c) {
        runningMean[c] = m[c] * momentum + batchMean[c] * (1 - momentum);
        runningVar[c] = v[c] * momentum + batchVar[c] * (1 - momentum);
    }
    NodeSpec spec;
    spec.op = "BatchNormalization";
    spec.opset = 15;
    spec.outputs = 3;
    spec.inputs = {HostTensor::fromFloats(dims, x), HostTensor::fromFloats({2}, s),
                   HostTensor::fromFloats({2}, b), HostTensor::fromFloats({2}, m),
                   HostTensor::fromFloats({2}, v)};
    spec.attributes = {
        {"training_mode", integer(1)}, {"momentum", real(0.8f)}, {"epsilon", real(1e-4f)}};
    auto out = runNode(spec);
    QVERIFY2(out.ok(), out.ok() ? "" : out.error().message.c_str());
    QVERIFY(compareClose(out->at(0), dims, expected, 1e-5, 1e-5).empty());
    QVERIFY(compareClose(out->at(1), {2}, runningMean, 1e-5, 1e-6).empty());
    QVERIFY(compareClose(out->at(2), {2}, runningVar, 1e-5, 1e-6).empty());
    // outside training mode, asking for the statistics outputs is declined up front
    spec.attributes = {};
    const std::string declined = failure(spec);
    QVERIFY2(
        declined.find(
            "the executor's kernel for op 'BatchNormalization' (node 'node') does not handle") !=
            std::string::npos,
        declined.c_str());
}

void TestNormalizationKernels::batchNormPerElementSpatial0() {
    std::mt19937 rng(4);
    const Dims dims{2, 3, 4};
    const int64_t params = 3 * 4;
    const auto x = randomValues(product(dims), rng), s = randomValues(params, rng),
               b = randomValues(params, rng), m = randomValues(params, rng),
               v = randomValues(params, rng, 0.5f, 1.5f);
    std::vector<double> expected(x.size());
    for (size_t i = 0; i < x.size(); ++i) {
        const size_t p = i % static_cast<size_t>(params);
        expected[i] = (x[i] - double(m[p])) / std::sqrt(double(v[p]) + 1e-5) * s[p] + b[p];
    }
    NodeSpec spec;
    spec.op = "BatchNormalization";
    spec.opset = 7;
    spec.inputs = {HostTensor::fromFloats(dims, x), HostTensor::fromFloats({3, 4}, s),
                   HostTensor::fromFloats({3, 4}, b), HostTensor::fromFloats({3, 4}, m),
                   HostTensor::fromFloats({3, 4}, v)};
    spec.attributes = {{"spatial", integer(0)}};
    auto out = runNode(spec);
    QVERIFY2(out.ok(), out.ok() ? "" : out.error().message.c_str());
    const std::string diff = compareClose(out->at(0), dims, expected, 1e-5, 1e-5);
    QVERIFY2(diff.empty(), diff.c_str());
}

void TestNormalizationKernels::instanceNorm() {
    std::mt19937 rng(5);
    for (const Dims& dims : {Dims{2, 3, 4, 5}, Dims{1, 4, 9}, Dims{1, 32, 20, 20}}) {
        const int64_t C = dims[1], inner = product(dims) / (dims[0] * C);
        const auto x = randomValues(product(dims), rng, -3.f, 5.f), s = randomValues(C, rng),
                   b = randomValues(C, rng);
        std::vector<double> expected(x.size());
        for (int64_t p = 0; p < dims[0] * C; ++p) {
            double sum = 0, q = 0;
            for (int64_t i = 0; i < inner; ++i)
                sum += x[static_cast<size_t>(p * inner + i)];
            const double mean = sum / double(inner);
            for (int64_t i = 0; i < inner; ++i)
                q += std::pow(x[static_cast<size_t>(p * inner + i)] - mean, 2);
            const double var = q / double(inner);
            const size_t c = static_cast<size_t>(p % C);
            for (int64_t i = 0; i < inner; ++i)
                expected[static_cast<size_t>(p * inner + i)] =
                    (x[static_cast<size_t>(p * inner + i)] - mean) / std::sqrt(var + 1e-2) * s[c] +
                    b[c];
        }
        NodeSpec spec;
        spec.op = "InstanceNormalization";
        spec.inputs = {HostTensor::fromFloats(dims, x), HostTensor::fromFloats({C}, s),
                       HostTensor::fromFloats({C}, b)};
        spec.attributes = {{"epsilon", real(1e-2f)}};
        auto out = runNode(spec);
        QVERIFY2(out.ok(), out.ok() ? "" : out.error().message.c_str());
        const std::string diff = compareClose(out->at(0), dims, expected, 1e-4, 1e-5);
        QVERIFY2(diff.empty(), diff.c_str());
    }
}

void TestNormalizationKernels::layerNormAxesAndBroadcast() {
    std::mt19937 rng(6);
    const Dims dims{2, 3, 4, 5};
    const auto x = randomValues(product(dims), rng, -2.f, 3.f);
    struct Case {
        int64_t axis;
        Dims scale, bias; // bias {} = absent
    };
    for (const Case& c : {Case{-1, {5}, {5}}, Case{1, {3, 4, 5}, {3, 4, 5}},
                          Case{2, {1, 5}, {4, 1}}, Case{0, {5}, {}}, Case{-3, {4, 5}, {1}}}) {
        const int64_t axis = c.axis < 0 ? c.axis + 4 : c.axis;
        const Dims normalized(dims.begin() + axis, dims.end());
        const int64_t inner = product(normalized), outer = product(dims) / inner;
        const auto s = randomValues(product(c.scale), rng),
                   b = randomValues(c.bias.empty() ? 0 : product(c.bias), rng);
        // element i of the normalized block -> index into a parameter of dims p (broadcast from the
        // right)
        auto param = [&](const std::vector<float>& values, const Dims& p, int64_t i) -> double {
            int64_t index = 0, stride = 1;
            for (size_t k = 0; k < p.size(); ++k) {
                const int64_t d = normalized[normalized.size() - 1 - k];
                const int64_t coordinate = i % d;
                i /= d;
                const int64_t pd = p[p.size() - 1 - k];
                index += (pd == 1 ? 0 : coordinate) * stride;
                stride *= pd;
            }
            return values[static_cast<size_t>(index)];
        };
        std::vector<double> expected(x.size()), means, invStds;
        for (int64_t o = 0; o < outer; ++o) {
            double sum = 0, q = 0;
            for (int64_t i = 0; i < inner; ++i)
                sum += x[static_cast<size_t>(o * inner + i)];
            const double mean = sum / double(inner);
            for (int64_t i = 0; i < inner; ++i)
                q += std::pow(x[static_cast<size_t>(o * inner + i)] - mean, 2);
            const double inv = 1 / std::sqrt(q / double(inner) + 1e-5);
            means.push_back(mean);
            invStds.push_back(inv);
            for (int64_t i = 0; i < inner; ++i)
                expected[static_cast<size_t>(o * inner + i)] =
                    (x[static_cast<size_t>(o * inner + i)] - mean) * inv * param(s, c.scale, i) +
                    (c.bias.empty() ? 0.0 : param(b, c.bias, i));
        }
        NodeSpec spec;
        spec.op = "LayerNormalization";
        spec.outputs = 3;
        spec.inputs = {HostTensor::fromFloats(dims, x), HostTensor::fromFloats(c.scale, s),
                       c.bias.empty() ? HostTensor() : HostTensor::fromFloats(c.bias, b)};
        spec.attributes = {{"axis", integer(c.axis)}};
        auto out = runNode(spec);
        const std::string where = "axis " + std::to_string(c.axis);
        QVERIFY2(out.ok(), (where + ": " + (out.ok() ? "" : out.error().message)).c_str());
        std::string diff = compareClose(out->at(0), dims, expected, 1e-4, 1e-5);
        QVERIFY2(diff.empty(), (where + ": " + diff).c_str());
        Dims statDims(dims.begin(), dims.begin() + axis);
        statDims.resize(4, 1);
        diff = compareClose(out->at(1), statDims, means, 1e-5, 1e-6);
        QVERIFY2(diff.empty(), (where + " mean: " + diff).c_str());
        diff = compareClose(out->at(2), statDims, invStds, 1e-5, 1e-6);
        QVERIFY2(diff.empty(), (where + " inv std: " + diff).c_str());
    }
}

void TestNormalizationKernels::lrn() {
    std::mt19937 rng(7);
    const Dims dims{2, 7, 5, 4};
    const auto x = randomValues(product(dims), rng, -2.f, 2.f);
    for (int64_t size : {1, 2, 3, 5}) {
        const double alpha = 2e-2, beta = 0.75, bias = 1.5;
        std::vector<double> expected(x.size());
        const int64_t C = 7, inner = 20;
        for (int64_t n = 0; n < 2; ++n)
            for (int64_t c = 0; c < C; ++c)
                for (int64_t i = 0; i < inner; ++i) {
                    double squares = 0;
                    // channels c - floor((size-1)/2) .. c + ceil((size-1)/2), clipped
                    for (int64_t k = c - (size - 1) / 2; k <= c + size / 2; ++k)
                        if (k >= 0 && k < C)
                            squares += std::pow(x[static_cast<size_t>((n * C + k) * inner + i)], 2);
                    const size_t at = static_cast<size_t>((n * C + c) * inner + i);
                    expected[at] = x[at] / std::pow(bias + alpha / double(size) * squares, beta);
                }
        NodeSpec spec;
        spec.op = "LRN";
        spec.inputs = {HostTensor::fromFloats(dims, x)};
        spec.attributes = {{"size", integer(size)},
                           {"alpha", real(float(alpha))},
                           {"beta", real(float(beta))},
                           {"bias", real(float(bias))}};
        auto out = runNode(spec);
        QVERIFY2(out.ok(), out.ok() ? "" : out.error().message.c_str());
        const std::string diff = compareClose(out->at(0), dims, expected, 1e-5, 1e-6);
        QVERIFY2(diff.empty(), ("size " + std::to_string(size) + ": " + diff).c_str());
    }
}

void TestNormalizationKernels::rejectsBadInput() {
    std::mt19937 rng(8);
    NodeSpec bn;
    bn.op = "BatchNormalization";
    bn.inputs = {randomTensor({1, 3, 2, 2}, rng), randomTensor({3}, rng), randomTensor({3}, rng),
                 randomTensor({4}, rng), randomTensor({3}, rng)};
    std::string m = failure(bn);
    QVERIFY2(m.find("node 'node' (BatchNormalization): input 3 has shape 4, expected 3 values") !=
                 std::string::npos,
             m.c_str());
    NodeSpec in;
    in.op = "InstanceNormalization";
    in.inputs = {randomTensor({1, 3, 4}, rng), randomTensor({2}, rng), randomTensor({3}, rng)};
    m = failure(in);
    QVERIFY2(m.find("input 1 (scale, B) must have 3 values") != std::string::npos, m.c_str());
    NodeSpec ln;
    ln.op = "LayerNormalization";
    ln.inputs = {randomTensor({2, 3, 4}, rng), randomTensor({3}, rng)};
    m = failure(ln);
    QVERIFY2(m.find("input Scale 3 does not broadcast to the normalized dims 4") !=
                 std::string::npos,
             m.c_str());
    ln.inputs = {randomTensor({2, 3, 4}, rng), randomTensor({4}, rng)};
    ln.attributes = {{"axis", integer(3)}};
    m = failure(ln);
    QVERIFY2(m.find("axis 3 is out of range") != std::string::npos, m.c_str());
    NodeSpec lrn;
    lrn.op = "LRN";
    lrn.inputs = {randomTensor({1, 3, 4, 4}, rng)};
    m = failure(lrn);
    QVERIFY2(m.find("attribute 'size' is 0") != std::string::npos, m.c_str());
}

QTEST_GUILESS_MAIN(TestNormalizationKernels)
#include "test_normalization_kernels.moc"
