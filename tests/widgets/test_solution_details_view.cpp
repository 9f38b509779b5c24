// SolutionDetailsView, offscreen, on SolutionSets the real solver made: the crossing-tensor table
// lists exactly the tensors a reference computed from the graph says cross the cut (produced on
// the edge or a graph input, read on the cloud or a graph output), with their shapes, bit-widths
// and bytes; the bit-width table has one row per edge layer with the candidate's widths; the
// memory bar shows memory against the limit; the drop reads "not evaluated" / "evaluating…", and
// for a drop judged on part of the samples the interval, the count and where that places it
// against the limit.

#include "tests/widgets/solution_fixture.h"

#include "widgets/number_format.h"
#include "widgets/solution/solution_details_view.h"
#include "widgets/solution/solution_text.h"

#include "core/solve/assignment_cost.h"
#include "tests/support/model_builder.h"

#include <QLabel>
#include <QProgressBar>
#include <QTableWidget>
#include <QtTest>

#include <cmath>
#include <set>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

struct Crossing {
    std::string name;
    std::string shape;
    int bits = 0;
    int64_t bytes = 0;
    bool operator<(const Crossing& o) const { return name < o.name; }
    bool operator==(const Crossing& o) const {
        return name == o.name && shape == o.shape && bits == o.bits && bytes == o.bytes;
    }
};

// What crosses the cut of a candidate, from the graph alone: every activation produced by an edge
// layer (or a graph input) that a cloud layer reads or that is a graph output (sent to the cloud
// by default), at its producer's activation width (raw inputs at 8 bits, a float edge at the
// float bits).
std::set<Crossing> referenceCrossing(const Graph& g, const Candidate& c, int floatBits) {
    std::vector<bool> onEdge(g.nodeCount(), false);
    if (c.edgeLayers.empty())
        for (int i = 0; i < c.split; ++i)
            onEdge[static_cast<size_t>(i)] = true;
    for (int layer : c.edgeLayers)
        onEdge[static_cast<size_t>(layer - 1)] = true;
    std::set<Crossing> out;
    for (const Value& v : g.values()) {
        if (v.isConstant() || (v.producer == kNone && !v.isGraphInput))
            continue;
        if (v.producer != kNone && !onEdge[static_cast<size_t>(v.producer)])
            continue; // produced on the cloud
        bool sent = v.isGraphOutput;
        for (NodeId consumer : v.consumers)
            sent = sent || !onEdge[static_cast<size_t>(consumer)];
        if (!sent)
            continue;
        const int bits = v.producer == kNone ? 8
                         : c.floatEdge       ? floatBits
                                             : c.bits.activation(v.producer + 1);
        const int64_t elements = *v.shape.elementCount();
        out.insert({v.name, v.shape.toString(), bits, (elements * bits + 7) / 8});
    }
    return out;
}

std::set<Crossing> shownCrossing(const QTableWidget* table) {
    std::set<Crossing> out;
    for (int r = 0; r < table->rowCount(); ++r) {
        Crossing c;
        c.name = table->item(r, 0)->text().toStdString();
        c.shape = table->item(r, 1)->text().toStdString();
        c.bits = table->item(r, 3)->text().toInt();
        c.bytes =
            static_cast<int64_t>(std::llround(table->item(r, 4)->data(Qt::UserRole).toDouble()));
        // The text is the same number, formatted.
        if (table->item(r, 4)->text() != format::bytes(c.bytes))
            qFatal("bytes column text %s", qPrintable(table->item(r, 4)->text()));
        out.insert(c);
    }
    return out;
}

} // namespace

class TestSolutionDetailsView : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void crossingTensorsOfEveryCandidate();
    void bitWidthsPerEdgeLayer();
    void memoryAgainstTheLimit();
    void dropStates();
    void partlyJudgedDrops();
    void baselinesToo();

private:
    SolvedModel m_residual;
};

void TestSolutionDetailsView::initTestCase() {
    m_residual = solveModel(buildResidualBlock(), defaultTestConstraints(64 * 1024));
}

void TestSolutionDetailsView::crossingTensorsOfEveryCandidate() {
    // The solver keeps only the cuts of eq. (6); every other cut is added as a user's assignment
    // costed by the core's reference cost (mixed widths), so that the cut inside the residual
    // block, where the shortcut crosses too, is shown as well.
    const Graph& graph = m_residual.model->graph;
    const SplitAnalysis& analysis = m_residual.model->analysis;
    auto cost = AssignmentCost::create(graph, analysis, m_residual.errors, *m_residual.latency,
                                       m_residual.uplink, m_residual.constraints.edgeMemoryBytes);
    QVERIFY(cost.ok());
    auto set = std::make_shared<SolutionSet>(*m_residual.set);
    for (int n = 1; n <= analysis.layerCount(); ++n) {
        std::vector<int> weights, activations;
        for (int i = 1; i <= n; ++i) {
            weights.push_back(i % 2 ? 4 : 8);
            activations.push_back(i % 3 ? 6 : 8);
        }
        auto c = cost->evaluate(n, EdgeBits::explicitBits(weights, activations));
        QVERIFY(c.ok());
        c->method = Method::Assignment;
        set->candidates.push_back(std::move(*c));
    }
    SolutionDetailsView view;
    view.setModel(m_residual.model);
    view.setSolutionSet(set);
    bool sawShortcut = false;
    for (size_t i = 0; i < set->candidates.size(); ++i) {
        const Candidate& c = set->candidates[i];
        view.setSelected(static_cast<int>(i));
        QCOMPARE(view.candidate(), &c);
        const auto expected = referenceCrossing(graph, c, set->constraints.floatBits);
        QCOMPARE(shownCrossing(view.crossingTable()), expected);
        QCOMPARE(static_cast<size_t>(view.crossingTable()->rowCount()), c.crossing.size());
        sawShortcut = sawShortcut || expected.size() > 1;
    }
    for (const Baseline& b : set->baselines) {
        view.showBaseline(QString::fromStdString(b.name));
        QCOMPARE(view.candidate(), &b.candidate);
        if (!b.candidate.feasible && !(b.candidate.totalSeconds > 0.0))
            continue; // no answer, nothing sent
        QCOMPARE(shownCrossing(view.crossingTable()),
                 referenceCrossing(graph, b.candidate, set->constraints.floatBits));
    }
    // The residual block's shortcut makes some cut send two tensors.
    QVERIFY(sawShortcut);
}

void TestSolutionDetailsView::bitWidthsPerEdgeLayer() {
    const SolutionSet& set = *m_residual.set;
    const SplitAnalysis& analysis = m_residual.model->analysis;
    SolutionDetailsView view;
    view.setModel(m_residual.model);
    view.setSolutionSet(m_residual.set);
    int checked = 0;
    for (size_t i = 0; i < set.candidates.size(); ++i) {
        const Candidate& c = set.candidates[i];
        if (!c.isPrefix() || c.floatEdge || c.method == Method::CloudOnly)
            continue;
        view.setSelected(static_cast<int>(i));
        const QTableWidget* table = view.bitsTable();
        QCOMPARE(table->rowCount(), c.split);
        const std::vector<int> weights = c.bits.weights(), activations = c.bits.activations();
        for (int r = 0; r < c.split; ++r) {
            const auto& layer = analysis.layers[static_cast<size_t>(r)];
            QCOMPARE(table->item(r, 0)->text().toInt(), r + 1);
            QCOMPARE(table->item(r, 1)->text(), QString::fromStdString(layer.name));
            QCOMPARE(table->item(r, 2)->text(), QString::fromStdString(layer.opType));
            if (layer.params > 0)
                QCOMPARE(table->item(r, 3)->text().toInt(), weights[static_cast<size_t>(r)]);
            else
                QCOMPARE(table->item(r, 3)->text(), QStringLiteral("–"));
            QCOMPARE(table->item(r, 4)->text().toInt(), activations[static_cast<size_t>(r)]);
        }
        ++checked;
    }
    QVERIFY(checked > 0);
    // Cloud-Only has no edge layers.
    view.setSelected(0);
    QCOMPARE(set.candidates[0].method, Method::CloudOnly);
    QCOMPARE(view.bitsTable()->rowCount(), 0);
}

void TestSolutionDetailsView::memoryAgainstTheLimit() {
    const SolutionSet& set = *m_residual.set;
    SolutionDetailsView view;
    view.setModel(m_residual.model);
    view.setSolutionSet(m_residual.set);
    for (size_t i = 0; i < set.candidates.size(); ++i) {
        const Candidate& c = set.candidates[i];
        view.setSelected(static_cast<int>(i));
        const QProgressBar* bar = view.memoryBar();
        const double fraction = double(c.edgeMemoryBytes) / double(set.constraints.edgeMemoryBytes);
        QCOMPARE(bar->value(),
                 std::min(bar->maximum(), int(std::lround(fraction * bar->maximum()))));
        QVERIFY(bar->text().contains(format::bytes(c.edgeMemoryBytes)));
        QVERIFY(bar->text().contains(format::bytes(set.constraints.edgeMemoryBytes)));
        const QString parts = view.memoryPartsLabel()->text();
        QVERIFY2(parts.contains(format::bytes(c.edgeWeightBytes)), qPrintable(parts));
        QVERIFY2(parts.contains(format::bytes(c.peakActivationBytes)), qPrintable(parts));
    }
}

void TestSolutionDetailsView::dropStates() {
    const SolutionSet& set = *m_residual.set;
    SolutionDetailsView view;
    view.setModel(m_residual.model);
    view.setSolutionSet(m_residual.set);
    int quantized = -1;
    for (size_t i = 0; i < set.candidates.size(); ++i)
        if (set.candidates[i].edgeLayerCount() > 0 && !set.candidates[i].floatEdge)
            quantized = static_cast<int>(i);
    QVERIFY(quantized >= 0);
    view.setSelected(quantized);
    QCOMPARE(view.dropLabel()->text(), QStringLiteral("not evaluated"));
    view.setEvaluating(true);
    QCOMPARE(view.dropLabel()->text(), QStringLiteral("evaluating…"));
    view.setSelected(0); // Cloud-Only runs the float model
    QVERIFY(view.dropLabel()->text().startsWith(QStringLiteral("none")));

    // Measured for real: the label shows the drop.
    const auto evaluated = evaluateFront(m_residual, 8, 50.0);
    view.setSolutionSet(evaluated);
    int measured = -1;
    for (size_t i = 0; i < evaluated->candidates.size(); ++i)
        if (evaluated->candidates[i].measuredDrop)
            measured = static_cast<int>(i);
    QVERIFY(measured >= 0);
    view.setSelected(measured);
    QVERIFY2(view.dropLabel()->text().startsWith(
                 QLocale().toString(
                     *evaluated->candidates[static_cast<size_t>(measured)].measuredDrop, 'f', 2) +
                 QStringLiteral(" pp")),
             qPrintable(view.dropLabel()->text()));
}

void TestSolutionDetailsView::partlyJudgedDrops() {
    // Judged by the evaluation engine as the explorer judges: some on part of the samples.
    const int samples = 16;
    const double limit = 50.0;
    const auto judged = judgeFront(m_residual, samples, limit);
    SolutionDetailsView view;
    view.setModel(m_residual.model);
    view.setSampleCount(samples);
    view.setSolutionSet(judged);
    int within = 0, beyond = 0, final = 0;
    for (size_t i = 0; i < judged->candidates.size(); ++i) {
        const Candidate& c = judged->candidates[i];
        if (!c.measuredDrop || c.edgeLayerCount() == 0)
            continue;
        view.setSelected(static_cast<int>(i));
        const QString text = view.dropLabel()->text();
        if (!c.dropEvidence || c.dropEvidence->isFinal()) {
            ++final;
            QCOMPARE(text, QStringLiteral("%1 pp on all %2 samples")
                               .arg(QLocale().toString(*c.measuredDrop, 'f', 2))
                               .arg(samples));
            QVERIFY(view.dropLabel()->toolTip().isEmpty());
            continue;
        }
        const Candidate::DropEvidence& e = *c.dropEvidence;
        // the interval of the whole set's drop, how many samples it rests on, the drop on those
        // (where the chart draws the point) and what that says against the limit
        QVERIFY2(text.startsWith(QStringLiteral("%1–%2 pp (%3 of %4 samples; %5 pp on those)")
                                     .arg(QLocale().toString(std::max(0.0, e.low), 'f', 1),
                                          QLocale().toString(e.high, 'f', 1))
                                     .arg(e.samples)
                                     .arg(samples)
                                     .arg(QLocale().toString(*c.measuredDrop, 'f', 2))),
                 qPrintable(text));
        QVERIFY(text.startsWith(format::candidateDropInFull(c, samples)));
        if (e.high <= limit) {
            ++within;
            QVERIFY2(text.endsWith(QStringLiteral("within the 50.00 pp limit")), qPrintable(text));
        } else if (e.low > limit) {
            ++beyond;
            QVERIFY2(text.endsWith(QStringLiteral("beyond the 50.00 pp limit")), qPrintable(text));
        }
        QVERIFY(view.dropLabel()->toolTip().contains(QStringLiteral("part of the samples")));
    }
    QVERIFY(within + beyond > 0);
    QVERIFY(final + within + beyond > 1);
    // Without a sample count a drop on every sample reads as before.
    view.setSampleCount(0);
    for (size_t i = 0; i < judged->candidates.size(); ++i) {
        const Candidate& c = judged->candidates[i];
        if (c.measuredDrop && !format::isPartlyJudged(c) && c.edgeLayerCount() > 0) {
            view.setSelected(static_cast<int>(i));
            QCOMPARE(view.dropLabel()->text(),
                     format::accuracyDrop(c.measuredDrop) +
                         QStringLiteral(" (measured on the sample data)"));
        }
    }
}

void TestSolutionDetailsView::baselinesToo() {
    const SolutionSet& set = *m_residual.set;
    SolutionDetailsView view;
    view.setModel(m_residual.model);
    view.setSolutionSet(m_residual.set);
    view.showBaseline(QStringLiteral("Cloud-Only"));
    QVERIFY(view.candidate() == &set.baseline("Cloud-Only")->candidate);
    // Cloud-Only sends the raw graph input.
    QCOMPARE(view.crossingTable()->rowCount(), 1);
    const Value& input =
        m_residual.model->graph.value(set.baseline("Cloud-Only")->candidate.crossing.front());
    QVERIFY(input.isGraphInput);
    QCOMPARE(view.crossingTable()->item(0, 0)->text(), QString::fromStdString(input.name));
    QCOMPARE(view.crossingTable()->item(0, 3)->text(), QStringLiteral("8"));
    view.showBaseline(QStringLiteral("no such baseline"));
    QVERIFY(view.candidate() == nullptr);
}

QTEST_MAIN(TestSolutionDetailsView)
#include "test_solution_details_view.moc"
