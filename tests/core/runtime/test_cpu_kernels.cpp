// The CPU paths' hot loops (core/runtime/cpu), every path in one process: each table entry of
// every path this CPU runs against references written here in double precision, on random data
// (fixed seed) over the shapes that reach each branch (partial register blocks and strips, both
// loop orders of the conv GEMM, vector tails, strided windows). A path the CPU lacks is reported
// by name as skipped. Also the choice of path: AUTOSPLIT_CPU's values, refusals and messages.

#include "core/runtime/cpu/cpu_kernels.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

using namespace autosplit;

namespace {

using Kind = FusedActivation::Kind;

std::vector<FusedActivation> allActivations() {
    std::vector<FusedActivation> out;
    for (Kind kind : {Kind::None, Kind::Relu, Kind::Clip, Kind::LeakyRelu, Kind::Sigmoid,
                      Kind::HardSigmoid, Kind::HardSwish, Kind::Swish}) {
        FusedActivation a;
        a.kind = kind;
        if (kind == Kind::Clip) {
            a.alpha = -0.5f;
            a.beta = 0.75f;
        } else if (kind == Kind::LeakyRelu) {
            a.alpha = 0.1f;
        } else if (kind == Kind::HardSigmoid) {
            a.alpha = 0.2f;
            a.beta = 0.5f;
        }
        out.push_back(a);
    }
    return out;
}

// The activation in double, as ONNX defines it.
double activate(double v, const FusedActivation& a) {
    switch (a.kind) {
    case Kind::None:
        return v;
    case Kind::Relu:
        return v < 0 ? 0 : v;
    case Kind::Clip:
        return std::min<double>(std::max<double>(v, a.alpha), a.beta);
    case Kind::LeakyRelu:
        return v >= 0 ? v : a.alpha * v;
    case Kind::Sigmoid:
        return 1 / (1 + std::exp(-v));
    case Kind::HardSigmoid:
        return std::clamp(double(a.alpha) * v + double(a.beta), 0.0, 1.0);
    case Kind::HardSwish:
        return v * std::clamp(v / 6 + 0.5, 0.0, 1.0);
    case Kind::Swish:
        return v / (1 + std::exp(-v));
    }
    return v;
}

template <typename T>
std::vector<T> randomValues(std::mt19937& rng, size_t n, double lo = -1, double hi = 1) {
    std::uniform_real_distribution<double> d(lo, hi);
    std::vector<T> v(n);
    for (T& x : v)
        x = static_cast<T>(d(rng));
    return v;
}

// |got - want| <= atol + rtol * |want| (the float path's rounding over `terms` summed products).
template <typename T> bool close(T got, double want, int terms = 1) {
    const double eps = std::numeric_limits<T>::epsilon();
    const double tol = 4 * eps * (terms + 4) * (1 + std::abs(want));
    return std::abs(double(got) - want) <= tol || (std::isnan(double(got)) && std::isnan(want));
}

#define REQUIRE_CLOSE(got, want, terms, what)                                                      \
    do {                                                                                           \
        if (!close((got), (want), (terms)))                                                        \
            QFAIL(qPrintable(QString("%1: got %2, expected %3")                                    \
                                 .arg(what)                                                        \
                                 .arg(double(got), 0, 'g', 10)                                     \
                                 .arg((want), 0, 'g', 10)));                                       \
    } while (0)

void addPathRows() {
    QTest::addColumn<int>("path");
    for (CpuPath p : kCpuPaths)
        QTest::newRow(std::string(cpuPathName(p)).c_str()) << static_cast<int>(p);
}

// The path of the current row, or a skip naming it when this CPU lacks it.
#define FETCH_PATH(var)                                                                            \
    QFETCH(int, path);                                                                             \
    const CpuPath var = static_cast<CpuPath>(path);                                                \
    if (!cpuSupports(var))                                                                         \
        QSKIP(qPrintable(QString("CPU path %1: NOT RUN, this CPU lacks %2")                        \
                             .arg(QString::fromStdString(std::string(cpuPathName(var))),           \
                                  QString::fromStdString(cpuMissingFeatures(var)))));

template <typename T> void checkConvGemm(CpuPath path) {
    const CpuKernelSet<T>& k = cpuKernelsFor(path).of<T>();
    const int64_t strip = k.convGemmStripWidth;
    QVERIFY(strip >= 4);
    std::mt19937 rng(7);
    const std::vector<FusedActivation> acts = allActivations();
    int variant = 0;
    // n: single column, partial vector, partial strip, whole strips, several strips with a tail;
    // the last case (k * n over 1 MB of floats) takes the strip-outer loop order
    const std::vector<std::array<int64_t, 3>> shapes = {
        {1, 1, 1},     {3, strip / 3 - 1, 7}, {4, strip - 1, 16},
        {5, strip, 9}, {8, strip + 5, 33},    {9, 3 * strip + 7, 64},
        {17, 200, 27}, {2, 5, 130},           {13, 1100, 300},
    };
    for (const auto& [rows, n, depth] : shapes) {
        const int64_t ldw = depth + 3, ldb = n + 2, ldc = n + 1;
        const std::vector<T> w = randomValues<T>(rng, size_t(rows * ldw));
        const std::vector<T> b = randomValues<T>(rng, size_t(depth * ldb));
        const std::vector<T> bias = randomValues<T>(rng, size_t(rows));
        const std::vector<T> addend = randomValues<T>(rng, size_t(rows * ldc));
        const FusedActivation& act = acts[size_t(variant % int(acts.size()))];
        const bool withBias = variant % 2 == 0, withAddend = variant % 3 != 1;
        ++variant;
        std::vector<T> c(size_t(rows * ldc), T(-7));
        k.convGemm(w.data(), ldw, b.data(), ldb, c.data(), ldc, rows, n, depth,
                   withBias ? bias.data() : nullptr, withAddend ? addend.data() : nullptr, act);
        for (int64_t i = 0; i < rows; ++i) {
            for (int64_t j = 0; j < n; ++j) {
                double s = withBias ? double(bias[size_t(i)]) : 0;
                for (int64_t p = 0; p < depth; ++p)
                    s += double(w[size_t(i * ldw + p)]) * double(b[size_t(p * ldb + j)]);
                if (withAddend)
                    s += double(addend[size_t(i * ldc + j)]);
                REQUIRE_CLOSE(c[size_t(i * ldc + j)], activate(s, act), int(depth),
                              QString("convGemm %1x%2x%3 %4 at (%5, %6)")
                                  .arg(rows)
                                  .arg(n)
                                  .arg(depth)
                                  .arg(QString::fromStdString(act.name()))
                                  .arg(i)
                                  .arg(j));
            }
            // the padding between rows is left alone
            if (ldc > n)
                QCOMPARE(c[size_t(i * ldc + n)], T(-7));
        }
    }
}

struct DepthwiseCase {
    int64_t batch, channels, multiplier, h, w, kh, kw, stride, dilation, padTop, padLeft, padBottom,
        padRight;
    int threads;
};

template <typename T> void checkDepthwise(CpuPath path) {
    const CpuKernelSet<T>& k = cpuKernelsFor(path).of<T>();
    std::mt19937 rng(11);
    const std::vector<FusedActivation> acts = allActivations();
    const std::vector<DepthwiseCase> cases = {
        {1, 1, 1, 7, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1},
        {1, 5, 1, 14, 13, 3, 3, 2, 1, 1, 1, 0, 0, 2},
        {2, 16, 1, 9, 11, 3, 3, 1, 2, 2, 2, 2, 2, 2},
        {1, 37, 1, 30, 31, 3, 3, 1, 1, 1, 1, 1, 1, 2},
        {1, 6, 2, 10, 10, 5, 5, 2, 1, 2, 2, 2, 2, 1},
        {1, 17, 1, 1, 40, 1, 3, 1, 1, 0, 1, 0, 1, 2},
        {1, 24, 1, 58, 58, 3, 3, 2, 1, 0, 0, 1, 1, 2},
        {3, 3, 3, 5, 6, 2, 3, 1, 1, 0, 2, 1, 0, 1},
    };
    int variant = 0;
    for (const DepthwiseCase& c : cases) {
        SpatialGeometry g;
        g.rank = 2;
        g.in = {1, c.h, c.w};
        g.kernel = {1, c.kh, c.kw};
        g.stride = {1, c.stride, c.stride};
        g.dilation = {1, c.dilation, c.dilation};
        g.padBegin = {0, c.padTop, c.padLeft};
        g.padEnd = {0, c.padBottom, c.padRight};
        const int64_t oh =
            (c.h + c.padTop + c.padBottom - (c.kh - 1) * c.dilation - 1) / c.stride + 1;
        const int64_t ow =
            (c.w + c.padLeft + c.padRight - (c.kw - 1) * c.dilation - 1) / c.stride + 1;
        g.out = {1, oh, ow};
        const int64_t outChannels = c.channels * c.multiplier;
        const std::vector<T> x = randomValues<T>(rng, size_t(c.batch * c.channels * c.h * c.w));
        const std::vector<T> w = randomValues<T>(rng, size_t(outChannels * c.kh * c.kw));
        const std::vector<T> bias = randomValues<T>(rng, size_t(outChannels));
        const FusedActivation& act = acts[size_t(variant++ % int(acts.size()))];
        std::vector<T> y(size_t(c.batch * outChannels * oh * ow), T(-7));
        k.depthwiseConv(x.data(), w.data(), bias.data(), y.data(), c.batch, c.channels, outChannels,
                        g, act, c.threads);
        for (int64_t n = 0; n < c.batch; ++n)
            for (int64_t m = 0; m < outChannels; ++m)
                for (int64_t i = 0; i < oh; ++i)
                    for (int64_t j = 0; j < ow; ++j) {
                        double s = bias[size_t(m)];
                        for (int64_t a = 0; a < c.kh; ++a)
                            for (int64_t b = 0; b < c.kw; ++b) {
                                const int64_t ih = i * c.stride - c.padTop + a * c.dilation;
                                const int64_t iw = j * c.stride - c.padLeft + b * c.dilation;
                                if (ih < 0 || ih >= c.h || iw < 0 || iw >= c.w)
                                    continue;
                                s += double(w[size_t((m * c.kh + a) * c.kw + b)]) *
                                     double(x[size_t(
                                         ((n * c.channels + m / c.multiplier) * c.h + ih) * c.w +
                                         iw)]);
                            }
                        REQUIRE_CLOSE(y[size_t(((n * outChannels + m) * oh + i) * ow + j)],
                                      activate(s, act), int(c.kh * c.kw),
                                      QString("depthwise %1x%2 ch %3 at (%4, %5, %6, %7)")
                                          .arg(c.h)
                                          .arg(c.w)
                                          .arg(c.channels)
                                          .arg(n)
                                          .arg(m)
                                          .arg(i)
                                          .arg(j));
                    }
    }
}

template <typename T> void checkDotRows(CpuPath path) {
    const CpuKernelSet<T>& k = cpuKernelsFor(path).of<T>();
    std::mt19937 rng(13);
    for (int64_t rows : {1, 3, 4, 5, 9})
        for (int64_t depth : {1, 7, 8, 16, 49, 1000}) {
            const int64_t ldw = depth + 1, ldy = 2;
            const std::vector<T> w = randomValues<T>(rng, size_t(rows * ldw));
            const std::vector<T> x = randomValues<T>(rng, size_t(depth));
            std::vector<T> y(size_t(rows * ldy), T(-7));
            k.dotRows(w.data(), ldw, x.data(), y.data(), ldy, rows, depth);
            for (int64_t i = 0; i < rows; ++i) {
                double s = 0;
                for (int64_t p = 0; p < depth; ++p)
                    s += double(w[size_t(i * ldw + p)]) * double(x[size_t(p)]);
                REQUIRE_CLOSE(y[size_t(i * ldy)], s, int(depth),
                              QString("dotRows %1x%2 row %3").arg(rows).arg(depth).arg(i));
                QCOMPARE(y[size_t(i * ldy + 1)], T(-7));
            }
        }
}

template <typename T> void checkElementwise(CpuPath path) {
    const CpuKernelSet<T>& k = cpuKernelsFor(path).of<T>();
    std::mt19937 rng(17);
    for (int64_t n : {0, 1, 3, 8, 17, 100}) {
        const std::vector<T> x = randomValues<T>(rng, size_t(std::max<int64_t>(n, 1)), -8, 8);
        for (const FusedActivation& act : allActivations()) {
            const T bias = T(0.25);
            std::vector<T> y(static_cast<size_t>(n)), z(x.begin(), x.begin() + n);
            k.biasActivationTo(x.data(), y.data(), n, bias, act);
            k.biasActivation(z.data(), n, bias, act);
            for (int64_t i = 0; i < n; ++i) {
                const double want = activate(double(x[size_t(i)]) + double(bias), act);
                REQUIRE_CLOSE(
                    y[size_t(i)], want, 8,
                    QString("biasActivationTo %1").arg(QString::fromStdString(act.name())));
                REQUIRE_CLOSE(z[size_t(i)], want, 8,
                              QString("biasActivation %1").arg(QString::fromStdString(act.name())));
            }
        }
        std::vector<T> a = randomValues<T>(rng, size_t(std::max<int64_t>(n, 1)), -4, 4);
        std::vector<T> b = randomValues<T>(rng, size_t(std::max<int64_t>(n, 1)), 0.5, 4);
        if (n > 2) { // NaN in either operand of Max and Min gives NaN
            a[1] = std::numeric_limits<T>::quiet_NaN();
            b[2] = std::numeric_limits<T>::quiet_NaN();
        }
        for (BinaryOp op : {BinaryOp::Add, BinaryOp::Sub, BinaryOp::Mul, BinaryOp::Div,
                            BinaryOp::Max, BinaryOp::Min})
            for (int64_t stepA : {0, 1})
                for (int64_t stepB : {0, 1}) {
                    std::vector<T> out(static_cast<size_t>(n), T(-7));
                    k.binary(op, a.data(), stepA, b.data(), stepB, out.data(), n);
                    for (int64_t i = 0; i < n; ++i) {
                        const double u = a[size_t(i * stepA)], v = b[size_t(i * stepB)];
                        double want = 0;
                        switch (op) {
                        case BinaryOp::Add:
                            want = u + v;
                            break;
                        case BinaryOp::Sub:
                            want = u - v;
                            break;
                        case BinaryOp::Mul:
                            want = u * v;
                            break;
                        case BinaryOp::Div:
                            want = u / v;
                            break;
                        case BinaryOp::Max:
                            want = std::isnan(u) || std::isnan(v) ? NAN : std::max(u, v);
                            break;
                        case BinaryOp::Min:
                            want = std::isnan(u) || std::isnan(v) ? NAN : std::min(u, v);
                            break;
                        }
                        REQUIRE_CLOSE(out[size_t(i)], want, 1,
                                      QString("binary op %1 steps %2/%3 at %4")
                                          .arg(int(op))
                                          .arg(stepA)
                                          .arg(stepB)
                                          .arg(i));
                    }
                }
        for (int64_t stride : {1, 2, 3}) {
            const std::vector<T> src =
                randomValues<T>(rng, size_t(std::max<int64_t>(n * stride, 1)));
            std::vector<T> mx = randomValues<T>(rng, size_t(n)), sm = mx;
            const std::vector<T> before = mx;
            k.windowMax(mx.data(), src.data(), stride, n);
            k.windowSum(sm.data(), src.data(), stride, n);
            for (int64_t j = 0; j < n; ++j) {
                QCOMPARE(mx[size_t(j)], std::max(before[size_t(j)], src[size_t(j * stride)]));
                REQUIRE_CLOSE(sm[size_t(j)],
                              double(before[size_t(j)]) + double(src[size_t(j * stride)]), 1,
                              "windowSum");
            }
        }
        double total = 0;
        for (int64_t i = 0; i < n; ++i)
            total += double(x[size_t(i)]) / 8; // values of magnitude up to 1
        std::vector<T> scaled(static_cast<size_t>(n));
        for (int64_t i = 0; i < n; ++i)
            scaled[size_t(i)] = x[size_t(i)] / T(8);
        REQUIRE_CLOSE(k.sum(scaled.data(), n), total, int(n), QString("sum of %1").arg(n));
    }
}

} // namespace

class TestCpuKernels : public QObject {
    Q_OBJECT

private slots:
    void namesRoundTrip() {
        for (CpuPath p : kCpuPaths)
            QCOMPARE(parseCpuPath(cpuPathName(p)), std::optional<CpuPath>(p));
        QVERIFY(!parseCpuPath("sse9"));
        QVERIFY(!parseCpuPath("AVX2")); // the names are lower case, as documented
        QVERIFY(cpuSupports(CpuPath::Baseline));
        QVERIFY(cpuMissingFeatures(CpuPath::Baseline).empty());
        // the best path is one the CPU runs, and no better one does
        const CpuPath best = bestCpuPath();
        QVERIFY(cpuSupports(best));
        for (CpuPath p : kCpuPaths)
            if (static_cast<int>(p) > static_cast<int>(best))
                QVERIFY(!cpuSupports(p));
    }

    void choice() {
        const CpuPathChoice unset = chooseCpuPath(nullptr);
        QCOMPARE(unset.path, bestCpuPath());
        QVERIFY(!unset.forced);
        QVERIFY(unset.problem.empty());
        QVERIFY(chooseCpuPath("").problem.empty());

        const CpuPathChoice bad = chooseCpuPath("avx1024");
        QCOMPARE(bad.path, bestCpuPath());
        QCOMPARE(
            QString::fromStdString(bad.problem),
            QString("AUTOSPLIT_CPU='avx1024' is not one of baseline, avx2, avx512, avx512vnni"));

        for (CpuPath p : kCpuPaths) {
            const CpuPathChoice c = chooseCpuPath(std::string(cpuPathName(p)).c_str());
            if (cpuSupports(p)) {
                QCOMPARE(c.path, p);
                QVERIFY(c.forced);
                QVERIFY(c.problem.empty());
            } else {
                // refused, never run: the best path instead, and the message names what is missing
                QCOMPARE(c.path, bestCpuPath());
                QVERIFY(!c.forced);
                QVERIFY(QString::fromStdString(c.problem).contains(
                    "this CPU lacks " + QString::fromStdString(cpuMissingFeatures(p))));
            }
        }
        // the process's own table is the chosen path's
        QCOMPARE(cpuKernels().path, activeCpuPath());
        for (CpuPath p : kCpuPaths)
            QCOMPARE(cpuKernelsFor(p).path, p);
    }

    void tableWidths_data() { addPathRows(); }
    void tableWidths() {
        FETCH_PATH(p);
        // whole vectors of the path's width per strip (4, 8 or 16 floats a vector): 3, 2 and 3
        const int64_t floats = p == CpuPath::Baseline ? 4 : p == CpuPath::Avx2 ? 8 : 16;
        const int64_t vectors = p == CpuPath::Avx2 ? 2 : 3;
        QCOMPARE(cpuKernelsFor(p).f32.convGemmStripWidth, vectors * floats);
        QCOMPARE(cpuKernelsFor(p).f64.convGemmStripWidth, vectors * floats / 2);
    }

    void convGemm_data() { addPathRows(); }
    void convGemm() {
        FETCH_PATH(p);
        checkConvGemm<float>(p);
        checkConvGemm<double>(p);
    }

    void depthwiseConv_data() { addPathRows(); }
    void depthwiseConv() {
        FETCH_PATH(p);
        checkDepthwise<float>(p);
        checkDepthwise<double>(p);
    }

    void dotRows_data() { addPathRows(); }
    void dotRows() {
        FETCH_PATH(p);
        checkDotRows<float>(p);
        checkDotRows<double>(p);
    }

    void elementwise_data() { addPathRows(); }
    void elementwise() {
        FETCH_PATH(p);
        checkElementwise<float>(p);
        checkElementwise<double>(p);
    }
};

QTEST_APPLESS_MAIN(TestCpuKernels)
#include "test_cpu_kernels.moc"
