// The solver against the true optimum of the split problem on small graphs (up to 12 layers,
// B = {2, 4, 8}): min latency over every cut n and every per-layer weight and activation
// bit-width, subject to the edge memory and the error limit, found by an exact branch and bound
// over the reference cost of solve_test_support.h. It prunes only subtrees that cannot beat the
// best assignment found so far (started at the solver's answer): the latency and memory of a
// partial assignment completed at the lowest widths are lower bounds (TestLatency, the uplink
// and memory never fall when a width grows), and so is its error completed at each layer's least
// error. The test reports the solver's gap and asserts what the algorithm guarantees.

#include "tests/core/solve/solve_test_support.h"

#include "core/solve/solver.h"
#include "tests/support/model_builder.h"

#include <QElapsedTimer>
#include <QtTest>

#include <limits>

using namespace autosplit;
using namespace autosplit::testing;
using namespace solvetest;

namespace {

struct Variable {
    int layer; // 1-based
    bool weight;
};

class BranchAndBound {
public:
    BranchAndBound(const RefSetup& ref, const std::vector<int>& bits, int64_t memory,
                   double maxError)
        : m_ref(ref), m_bits(bits), m_memory(memory), m_maxError(maxError),
          m_layers(ref.analysis->layerCount()) {}

    // Least latency over every cut and assignment within the limits, at most `incumbent`.
    double solve(double incumbent) {
        m_best = incumbent;
        for (int n = 0; n <= m_layers; ++n) {
            m_n = n;
            m_vars.clear();
            m_minRest.assign(1, 0.0);
            for (int i = 1; i <= n; ++i) {
                if (m_ref.analysis->layers[static_cast<size_t>(i) - 1].params > 0)
                    m_vars.push_back({i, true});
                m_vars.push_back({i, false});
            }
            // least error of variables k.. (suffix sums)
            m_minRest.assign(m_vars.size() + 1, 0.0);
            for (size_t k = m_vars.size(); k-- > 0;) {
                double least = std::numeric_limits<double>::infinity();
                for (int b : m_bits)
                    least = std::min(least, d(m_vars[k], b));
                m_minRest[k] = m_minRest[k + 1] + least;
            }
            m_bw.assign(static_cast<size_t>(m_layers), m_bits.front());
            m_ba.assign(static_cast<size_t>(m_layers), m_bits.front());
            visit(0, 0.0);
        }
        return m_best;
    }
    long long nodes() const { return m_nodes; }

private:
    double d(const Variable& v, int b) const {
        const auto& row = m_ref.errors->layers[static_cast<size_t>(v.layer) - 1];
        return refD(v.weight ? row.weightMse : row.activationMse, *m_ref.errors, b);
    }

    void visit(size_t k, double error) {
        ++m_nodes;
        if (error + m_minRest[k] > m_maxError)
            return;
        // unassigned variables sit at the lowest width: a lower bound on latency and memory
        const RefCost c = referenceCost(m_ref, prefixSet(m_layers, m_n), m_bw, m_ba);
        if (c.memory > m_memory || c.total >= m_best)
            return;
        if (k == m_vars.size()) {
            m_best = c.total; // complete, within both limits
            return;
        }
        const Variable& v = m_vars[k];
        auto& slot = (v.weight ? m_bw : m_ba)[static_cast<size_t>(v.layer) - 1];
        for (int b : m_bits) {
            slot = b;
            visit(k + 1, error + d(v, b));
        }
        slot = m_bits.front();
    }

    const RefSetup& m_ref;
    std::vector<int> m_bits;
    int64_t m_memory;
    double m_maxError;
    int m_layers;
    int m_n = 0;
    std::vector<Variable> m_vars;
    std::vector<double> m_minRest;
    std::vector<int> m_bw, m_ba;
    double m_best = 0;
    long long m_nodes = 0;
};

onnx::ModelProto bottleneckDag() {
    // 12 layers: a stem, a residual block around a 1x1 bottleneck, two branches joined by a
    // concat, a downsampling conv, pooling and a classifier.
    ModelBuilder b;
    std::string x = b.input("image", {1, 3, 16, 16});
    std::string s = b.relu(b.conv(x, 8, 3, 1, -1, 1, true, 1, "stem"));
    std::string t = b.relu(b.conv(s, 2, 1, 1, -1, 1, true, 1, "squeeze"));
    std::string u = b.conv(t, 8, 3, 1, -1, 1, true, 1, "expand");
    std::string r = b.relu(b.add(s, u, "residual"));
    std::string p = b.relu(b.conv(r, 4, 1, 1, -1, 1, true, 1, "branch_a"));
    std::string q = b.relu(b.conv(r, 4, 3, 1, -1, 1, true, 1, "branch_b"));
    std::string c = b.concat({p, q});
    std::string d = b.relu(b.conv(c, 4, 3, 2, -1, 1, true, 1, "down"));
    std::string e = b.relu(b.conv(d, 4, 3, 1, -1, 1, true, 1, "tail"));
    b.output(b.gemm(b.flatten(b.globalAveragePool(e)), 5));
    return b.model();
}

} // namespace

class TestExhaustive : public QObject {
    Q_OBJECT

private slots:
    void solverAgainstTrueOptimum_data() {
        QTest::addColumn<int>("graph");
        QTest::addColumn<double>("memoryFraction");
        QTest::addColumn<double>(
            "errorFraction"); // of the whole model's error at 2 bits; < 0: none
        const char* graphs[] = {"chain6", "residual", "inception", "dag12"};
        for (int g = 0; g < 4; ++g)
            for (double mem : {1.0, 0.3})
                for (double err : {-1.0, 0.0, 0.002, 0.02, 0.2}) {
                    const std::string name =
                        std::string(graphs[g]) + " mem " + std::to_string(mem).substr(0, 3) +
                        " err " +
                        (err < 0 ? std::string("none") : std::to_string(err).substr(0, 5));
                    QTest::newRow(name.c_str()) << g << mem << err;
                }
    }

    void solverAgainstTrueOptimum() {
        QFETCH(int, graph);
        QFETCH(double, memoryFraction);
        QFETCH(double, errorFraction);
        const onnx::ModelProto protos[] = {buildChain(6, 4), buildResidualBlock(), buildInception(),
                                           bottleneckDag()};
        TestModel m = loadModel(protos[graph]);
        const int layers = m.analysis.layerCount();
        QVERIFY(layers <= 12);
        const std::vector<int> bits = {2, 4, 8};
        const QuantErrorTable errors =
            syntheticErrors(m.analysis, bits, 31 + static_cast<uint32_t>(graph));
        TestLatency latency(m.analysis);
        const Uplink uplink{1e6, 0.005, 0};
        RefSetup ref{&m.graph, &m.analysis, &errors, &latency, uplink, 8, false};

        const std::vector<int> all2(static_cast<size_t>(layers), 2),
            all8(static_cast<size_t>(layers), 8);
        const RefCost whole8 = referenceCost(ref, prefixSet(layers, layers), all8, all8);
        const RefCost whole2 = referenceCost(ref, prefixSet(layers, layers), all2, all2);
        const int64_t memory =
            static_cast<int64_t>(memoryFraction * static_cast<double>(whole8.memory));
        const double maxError = errorFraction < 0 ? std::numeric_limits<double>::infinity()
                                                  : errorFraction * whole2.error;

        SolveConstraints constraints;
        constraints.edgeMemoryBytes = memory;
        constraints.bits = bits;
        if (errorFraction >= 0)
            constraints.maxError = maxError;
        auto set = solve({m.graph, m.analysis, errors, latency, uplink}, constraints);
        QVERIFY2(set.ok(), set.ok() ? "" : set.error().message.c_str());
        const Candidate& s = set->selectedCandidate();
        // the answer is real: its reference cost, within both limits
        const RefCost mine =
            referenceCost(ref, prefixSet(layers, s.split), s.bits.weights(), s.bits.activations());
        QVERIFY(near(mine.total, s.totalSeconds));
        QVERIFY(mine.memory <= memory);
        QVERIFY(mine.error <= maxError * (1 + 1e-12));

        QElapsedTimer timer;
        timer.start();
        BranchAndBound bb(ref, bits, memory, maxError);
        const double optimum = bb.solve(s.totalSeconds * (1 + 1e-9));
        QVERIFY(optimum <= s.totalSeconds * (1 + 1e-9));

        // never worse than a uniform assignment at any cut, nor than Cloud-Only: the grid holds the
        // uniform assignments of the potential splits, and at any other cut a uniform assignment
        // either does not fit or sends no less than the raw input while every layer is no faster
        // on the edge (TestLatency), so Cloud-Only beats it
        double bestUniform = referenceCost(ref, prefixSet(layers, 0), all2, all2).total;
        for (int n = 1; n <= layers; ++n)
            for (int bw : bits)
                for (int ba : bits) {
                    const std::vector<int> w(static_cast<size_t>(layers), bw),
                        a(static_cast<size_t>(layers), ba);
                    const RefCost u = referenceCost(ref, prefixSet(layers, n), w, a);
                    if (u.memory <= memory && u.error <= maxError)
                        bestUniform = std::min(bestUniform, u.total);
                }
        QVERIFY(s.totalSeconds <= bestUniform * (1 + 1e-9));

        const double gap = (s.totalSeconds - optimum) / optimum;
        qInfo("%d layers: solver %.6g s (cut %d, %s), optimum %.6g s, gap %.3g%%, best uniform "
              "%.6g s; "
              "branch and bound %lld nodes, %lld ms",
              layers, s.totalSeconds, s.split, std::string(methodName(s.method)).c_str(), optimum,
              100 * gap, bestUniform, bb.nodes(), static_cast<long long>(timer.elapsed()));
        // where the theory guarantees the optimum: no error limit (every layer at the lowest
        // width is a grid point of the best cut) and a zero limit (only unquantized Cloud-Only)
        if (errorFraction < 0 || errorFraction == 0)
            QVERIFY(near(s.totalSeconds, optimum));
        if (errorFraction == 0)
            QCOMPARE(s.split, 0);
    }
};

QTEST_GUILESS_MAIN(TestExhaustive)
#include "test_exhaustive.moc"
