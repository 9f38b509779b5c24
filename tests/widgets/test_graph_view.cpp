// GraphView: the items follow the graph, the colouring of every cut matches the split analysis'
// crossing sets, edge labels carry each tensor's bytes at its bit-width and its time over the
// uplink, potential splits are marked, search, click, the raw/optimized toggle (laid out once
// each), the details, zoom, PNG/SVG export, a 1,000-node graph laid out while the GUI thread
// keeps running, and a newer model superseding an older one. Also writes screenshots of the
// embedded sample model with a split to the build folder.
// Long file: one QtTest suite per class under test, as Qt's own tests are organised.

#include "tests/support/classifier_sample.h"
#include "tests/widgets/solution_fixture.h"
#include "widgets/engine/engine.h"
#include "widgets/graph/graph_edge_item.h"
#include "widgets/graph/graph_edge_label_item.h"
#include "widgets/graph/graph_node_item.h"
#include "widgets/graph/graph_overview.h"
#include "widgets/graph/graph_view.h"
#include "widgets/number_format.h"

#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "core/solve/bit_size.h"
#include "tests/support/model_builder.h"
#include "tests/support/synthetic_dag.h"

#include <QApplication>
#include <QFile>
#include <QHelpEvent>
#include <QImage>
#include <QPainter>
#include <QPainterPathStroker>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolTip>
#include <QWheelEvent>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

constexpr int kTimeoutMs = 120000;

bool waitForLayout(GraphView& view) {
    return QTest::qWaitFor([&] { return !view.isLayoutPending(); }, kTimeoutMs) &&
           view.currentLayout() != nullptr;
}

int64_t elementsOf(const Value& value) {
    int64_t n = 1;
    for (int64_t d : value.shape.dims)
        n *= d;
    return n;
}

// Which side a layout node is on when `onEdge(layer)` says which layers run on the edge.
template <typename OnEdge> CutSide expectedSide(const GraphNodeItem* item, OnEdge onEdge) {
    switch (item->kind()) {
    case LayoutNodeKind::GraphInput:
        return CutSide::Edge;
    case LayoutNodeKind::GraphOutput:
        return CutSide::Cloud;
    case LayoutNodeKind::Operation:
        break;
    }
    return onEdge(item->node() + 1) ? CutSide::Edge : CutSide::Cloud;
}

// The values the view draws as crossing.
std::set<ValueId> crossingValuesOf(const GraphView& view) {
    std::set<ValueId> values;
    for (const GraphEdgeItem* e : view.edgeItems())
        if (e->isCrossing())
            values.insert(e->value());
    return values;
}

// Pixels of exactly this colour in an image.
int countColor(const QImage& image, const QColor& color) {
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    const QRgb wanted = color.rgb();
    int count = 0;
    for (int y = 0; y < rgb.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(rgb.constScanLine(y));
        for (int x = 0; x < rgb.width(); ++x)
            count += (line[x] & 0xffffff) == (wanted & 0xffffff) ? 1 : 0;
    }
    return count;
}

} // namespace

class TestGraphView : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void itemsFollowTheGraph();
    void colouringFollowsEveryCut_data();
    void colouringFollowsEveryCut();
    void nonPrefixEdgeSet();
    void labelsCarryBitsAndUplink();
    void cutReadsAsOneTransferPerTensor();
    void labelsNeverOverlap();
    void overviewMapNavigates();
    void potentialSplitsAreMarked();
    void potentialSplitsRepaintOnlyWhatChanged();
    void searchSelectsAndCentres();
    void newCutIsScrolledIntoView();
    void clickActivatesNode();
    void rawToggleLaysOutOnce();
    void detailsOfALayer();
    void zoomAndFit();
    void exportWritesPngAndSvg();
    void largeGraphLaidOutOffGuiThread();
    void newerModelSupersedesOlder();
    void sampleScreenshot();

private:
    session::OpenedModelPtr m_residual;
    session::OpenedModelPtr m_inception;
    session::OpenedModelPtr m_yolo;
    session::OpenedModelPtr m_sample;
};

void TestGraphView::initTestCase() {
    m_residual = analyzeModel(buildResidualBlock(), "residual");
    m_inception = analyzeModel(buildInception(), "inception");
    m_yolo = analyzeModel(buildYoloV3Tiny(13, 64), "yolov3-tiny");
    Engine engine;
    QSignalSpy loaded(&engine, &Engine::modelLoaded);
    engine.openSample(test::kClassifierId);
    QVERIFY(loaded.wait(kTimeoutMs));
    m_sample = loaded.first().first().value<session::OpenedModelPtr>();
    QVERIFY(m_sample);
}

void TestGraphView::itemsFollowTheGraph() {
    GraphView view;
    view.setModel(m_residual);
    QVERIFY(waitForLayout(view));
    const Graph& graph = m_residual->graph;
    size_t ops = 0;
    for (const GraphNodeItem* item : view.nodeItems()) {
        if (item->kind() != LayoutNodeKind::Operation)
            continue;
        ++ops;
        const Node& node = graph.node(item->node());
        QVERIFY(item->title().startsWith(QString::fromStdString(node.opType)));
        if (!node.activation.isNone())
            QVERIFY(item->title().contains(QString::fromStdString(node.activation.name())));
        QCOMPARE(view.nodeItem(item->node()), item);
        // Placed where the layout says.
        const LayoutNode& ln =
            view.currentLayout()->nodes[static_cast<size_t>(item->layoutIndex())];
        QCOMPARE(item->pos(), QPointF(ln.center.x, ln.center.y));
    }
    QCOMPARE(ops, graph.nodeCount());
    QCOMPARE(view.edgeItems().size(), view.currentLayout()->edges.size());
    QVERIFY(!view.showsRawGraph());
}

void TestGraphView::colouringFollowsEveryCut_data() {
    QTest::addColumn<int>("model");
    QTest::newRow("residual block") << 0;
    QTest::newRow("inception") << 1;
    QTest::newRow("yolov3-tiny") << 2;
    QTest::newRow("sample model") << 3;
}

void TestGraphView::colouringFollowsEveryCut() {
    QFETCH(int, model);
    const session::OpenedModelPtr m = model == 0   ? m_residual
                                      : model == 1 ? m_inception
                                      : model == 2 ? m_yolo
                                                   : m_sample;
    GraphView view;
    view.setModel(m);
    QVERIFY(waitForLayout(view));
    const SplitAnalysis& analysis = m->analysis;
    const Graph& graph = m->graph;
    for (int n = 0; n <= analysis.layerCount(); ++n) {
        view.setSplit(n);
        auto onEdge = [n](int layer) { return layer <= n; };
        for (const GraphNodeItem* item : view.nodeItems()) {
            const CutSide side = expectedSide(item, onEdge);
            QCOMPARE(item->side(), side);
            QCOMPARE(item->fillColor(), GraphNodeItem::fillColor(side));
        }
        // A drawn edge crosses when its tensor is made on the edge and used on the cloud.
        for (const GraphEdgeItem* e : view.edgeItems()) {
            const Value& value = graph.value(e->value());
            const int producer = value.producer == kNone ? 0 : value.producer + 1;
            const LayoutEdge& le =
                view.currentLayout()->edges[static_cast<size_t>(e->layoutIndex())];
            const LayoutNode& head = view.currentLayout()->nodes[static_cast<size_t>(le.to)];
            const bool headOnCloud = head.kind == LayoutNodeKind::GraphOutput || head.node + 1 > n;
            QCOMPARE(e->isCrossing(), producer <= n && headOnCloud);
        }
        const std::set<ValueId> expected(analysis.cuts[static_cast<size_t>(n)].crossing.begin(),
                                         analysis.cuts[static_cast<size_t>(n)].crossing.end());
        QCOMPARE(crossingValuesOf(view), expected);
        QVERIFY(view.legendHtml().contains(QString::number(expected.size())));
        // A crossing tensor's label is in the crossing colour, whichever edge carries it.
        for (const GraphEdgeItem* e : view.edgeItems())
            if (e->labelItem())
                QCOMPARE(e->labelItem()->isCrossing(), expected.count(e->value()) > 0);
    }
    view.setSplit(-1);
    for (const GraphNodeItem* item : view.nodeItems())
        QCOMPARE(item->side(), CutSide::None);
    QVERIFY(crossingValuesOf(view).empty());
}

void TestGraphView::nonPrefixEdgeSet() {
    // A min-cut partition: the stem and two of the four inception branches on the edge.
    GraphView view;
    view.setModel(m_inception);
    QVERIFY(waitForLayout(view));
    const Graph& graph = m_inception->graph;
    std::set<int> edge;
    for (size_t i = 0; i < graph.nodeCount(); ++i) {
        const std::string& name = graph.nodes()[i].name;
        if (name == "stem" || name.rfind("branch1x1", 0) == 0 || name.rfind("branch3x3", 0) == 0)
            edge.insert(static_cast<int>(i) + 1);
    }
    QVERIFY(edge.size() >= 3);
    Candidate c;
    c.edgeLayers.assign(edge.begin(), edge.end());
    c.split = c.edgeLayers.back();
    view.setSolution(&c);
    auto onEdge = [&](int layer) { return edge.count(layer) > 0; };
    for (const GraphNodeItem* item : view.nodeItems())
        QCOMPARE(item->side(), expectedSide(item, onEdge));
    std::set<ValueId> expected;
    for (size_t v = 0; v < graph.values().size(); ++v) {
        const Value& value = graph.values()[v];
        if (value.isConstant())
            continue;
        const bool madeOnEdge =
            value.producer == kNone ? value.isGraphInput : onEdge(value.producer + 1);
        bool usedOnCloud = value.isGraphOutput;
        for (NodeId c2 : value.consumers)
            usedOnCloud = usedOnCloud || !onEdge(c2 + 1);
        if (madeOnEdge && usedOnCloud)
            expected.insert(static_cast<ValueId>(v));
    }
    QCOMPARE(crossingValuesOf(view), expected);
    QVERIFY(view.legendHtml().contains(QStringLiteral("%1 layers").arg(edge.size())));
}

void TestGraphView::labelsCarryBitsAndUplink() {
    GraphView view;
    view.setModel(m_residual);
    QVERIFY(waitForLayout(view));
    const Graph& graph = m_residual->graph;
    const int layers = static_cast<int>(graph.nodeCount());
    const int n = layers - 2;
    std::vector<int> weightBits, activationBits;
    const int widths[] = {2, 4, 6, 8};
    for (int i = 0; i < n; ++i) {
        weightBits.push_back(widths[(i + 1) % 4]);
        activationBits.push_back(widths[i % 4]);
    }
    Candidate c;
    c.split = n;
    c.bits = EdgeBits::explicitBits(weightBits, activationBits);
    const double rate = 2.0 * 1048576.0;
    const double rtt = 0.01;
    view.setUplink(rate, rtt);
    view.setSolution(&c);

    auto check = [&](int defaultBits) {
        std::set<ValueId> labelled;
        for (const GraphEdgeItem* e : view.edgeItems()) {
            if (e->label().isEmpty())
                continue;
            QVERIFY2(labelled.insert(e->value()).second, "a tensor is labelled twice");
            const Value& value = graph.value(e->value());
            int bits = 0;
            if (value.producer == kNone)
                bits = 8; // a raw image input travels at 8 bits per element
            else if (value.producer + 1 <= n)
                bits = activationBits[static_cast<size_t>(value.producer)];
            else
                bits = defaultBits > 0 ? defaultBits : 32; // float32, unquantized
            const int64_t bytes = (elementsOf(value) * bits + 7) / 8;
            const TransmissionCost& cost =
                view.annotations().valueCosts[static_cast<size_t>(e->value())];
            QCOMPARE(cost.bits, bits);
            QVERIFY(cost.bytes.has_value());
            QCOMPARE(*cost.bytes, bytes);
            // the payload alone: the round trip is paid once per inference, not per tensor
            QVERIFY(std::abs(cost.seconds - bytes * 8.0 / rate) < 1e-12);
            QVERIFY2(e->label().startsWith(format::bytes(bytes)), qPrintable(e->label()));
            QVERIFY(e->label().endsWith(QStringLiteral(" ms")));
        }
        // Every drawn tensor has exactly one label.
        std::set<ValueId> drawn;
        for (const GraphEdgeItem* e : view.edgeItems())
            drawn.insert(e->value());
        QCOMPARE(labelled, drawn);
        // ... on its rightmost edge, so the tensor's other edges (the residual shortcut) run
        // left of it rather than through it.
        int branched = 0;
        for (const GraphEdgeItem* e : view.edgeItems()) {
            if (e->label().isEmpty())
                continue;
            for (const GraphEdgeItem* other : view.edgeItems())
                if (other != e && other->value() == e->value()) {
                    ++branched;
                    QVERIFY(other->labelAnchor().x() <= e->labelAnchor().x());
                    QVERIFY(!other->mapToScene(other->path())
                                 .intersects(e->labelItem()->sceneBoundingRect()));
                }
        }
        QVERIFY(branched > 0); // the residual block has a tensor with two edges
    };
    check(0);
    view.setDefaultActivationBits(16);
    check(16);
    // The crossing total is the sum over the crossing tensors, sent as one message.
    int64_t total = 0;
    for (ValueId v : m_residual->analysis.cuts[static_cast<size_t>(n)].crossing)
        total += *view.annotations().valueCosts[static_cast<size_t>(v)].bytes;
    QCOMPARE(*view.annotations().crossingBytes, total);
    QVERIFY(std::abs(view.annotations().crossingSeconds - (rtt + total * 8.0 / rate)) < 1e-12);
}

void TestGraphView::potentialSplitsAreMarked() {
    GraphView view;
    view.setModel(m_sample);
    QVERIFY(waitForLayout(view));
    const std::vector<int> cuts = m_sample->analysis.potentialSplits(1 << 20, 2);
    QVERIFY(!cuts.empty());
    view.setPotentialSplits(cuts);
    const std::set<int> expected(cuts.begin(), cuts.end());
    for (const GraphNodeItem* item : view.nodeItems()) {
        const bool marked =
            item->kind() == LayoutNodeKind::Operation && expected.count(item->node() + 1) > 0;
        QCOMPARE(item->isPotentialSplit(), marked);
    }
    // In the raw graph each potential split marks one node: the last one of its layer.
    view.setShowRawGraph(true);
    QVERIFY(waitForLayout(view));
    int marked = 0;
    for (const GraphNodeItem* item : view.nodeItems())
        marked += item->isPotentialSplit() ? 1 : 0;
    QCOMPARE(marked, static_cast<int>(cuts.size()));
}

namespace {

// Counts the paint events a widget receives.
class PaintCounter : public QObject {
public:
    int count = 0;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::Paint)
            ++count;
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

// Every new solution hands the view its potential splits again, mostly the same ones: when
// none changes the view must not repaint, and a narrower set must unmark the others.
void TestGraphView::potentialSplitsRepaintOnlyWhatChanged() {
    GraphView view;
    view.resize(800, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setModel(m_sample);
    QVERIFY(waitForLayout(view));
    view.fitToWindow(); // every node in sight, so a changed mark must repaint
    const std::vector<int> cuts = m_sample->analysis.potentialSplits(1 << 20, 2);
    QVERIFY(cuts.size() >= 2);
    PaintCounter paints;
    view.viewport()->installEventFilter(&paints);
    view.setPotentialSplits(cuts);
    QTRY_VERIFY(paints.count > 0); // the marks appear
    QTest::qWait(50);
    paints.count = 0;
    view.setPotentialSplits(cuts);
    QTest::qWait(100);
    QCOMPARE(paints.count, 0);

    const std::vector<int> fewer(cuts.begin(), cuts.begin() + static_cast<long>(cuts.size() / 2));
    view.setPotentialSplits(fewer);
    QTRY_VERIFY(paints.count > 0);
    const std::set<int> expected(fewer.begin(), fewer.end());
    for (const GraphNodeItem* item : view.nodeItems()) {
        const bool marked =
            item->kind() == LayoutNodeKind::Operation && expected.count(item->node() + 1) > 0;
        QCOMPARE(item->isPotentialSplit(), marked);
    }
}

void TestGraphView::searchSelectsAndCentres() {
    GraphView view;
    view.resize(800, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setModel(m_sample);
    QVERIFY(waitForLayout(view));
    const Graph& graph = m_sample->graph;
    const QString text = QStringLiteral("conv");
    // Matches in drawing order: operations by NodeId (inputs come first, outputs last; their
    // names contain no "conv").
    std::vector<NodeId> expected;
    for (size_t i = 0; i < graph.nodeCount(); ++i) {
        const Node& node = graph.nodes()[i];
        if (QString::fromStdString(node.name).contains(text, Qt::CaseInsensitive) ||
            QString::fromStdString(node.opType).contains(text, Qt::CaseInsensitive))
            expected.push_back(static_cast<NodeId>(i));
    }
    QVERIFY(expected.size() > 3);
    QCOMPARE(view.matchCount(text), static_cast<int>(expected.size()));
    QCOMPARE(view.matchCount(QStringLiteral("CONV")), static_cast<int>(expected.size()));
    QSignalSpy activated(&view, &GraphView::nodeActivated);
    for (size_t k = 0; k < expected.size() + 2; ++k) {
        QVERIFY(view.findNext(text));
        const NodeId want = expected[k % expected.size()]; // wraps around
        QCOMPARE(view.selectedNode(), want);
        QCOMPARE(activated.count(), static_cast<int>(k) + 1);
        QCOMPARE(activated.last().first().value<NodeId>(), want);
        const QRectF visible = view.mapToScene(view.viewport()->rect()).boundingRect();
        QVERIFY(visible.contains(view.nodeItem(want)->scenePos()));
    }
    // By op type, case-insensitive.
    QVERIFY(view.findNext(QStringLiteral("globalaveragepool")));
    QCOMPARE(QString::fromStdString(graph.node(view.selectedNode()).opType),
             QStringLiteral("GlobalAveragePool"));
    const NodeId before = view.selectedNode();
    QVERIFY(!view.findNext(QStringLiteral("no such node")));
    QCOMPARE(view.selectedNode(), before);
    QCOMPARE(view.matchCount(QStringLiteral("no such node")), 0);
}

// A selection whose cut lies out of sight scrolls it into the view; the same split with other
// figures leaves the view where the user put it; showCut() goes back to it.
void TestGraphView::newCutIsScrolledIntoView() {
    GraphView view;
    view.resize(500, 300); // a few layers high: most cuts are out of sight
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setModel(m_yolo);
    QVERIFY(waitForLayout(view));
    view.resetZoom();
    const int layers = static_cast<int>(m_yolo->graph.nodeCount());
    QVERIFY(layers > 20);
    auto inSight = [&](NodeId node) {
        const QRectF visible = view.mapToScene(view.viewport()->rect()).boundingRect();
        return visible.contains(view.nodeItem(node)->sceneBoundingRect().center());
    };
    for (int split : {layers - 2, 2, layers / 2, layers}) {
        view.setSplit(split);
        QVERIFY2(inSight(static_cast<NodeId>(split - 1)),
                 qPrintable(QStringLiteral("split %1 out of sight").arg(split)));
    }
    // Cloud-Only: the first layer
    view.setSplit(0);
    QVERIFY(inSight(0));
    // the user scrolls away; a solution with the same split does not pull the view back
    Candidate c;
    c.method = Method::Assignment;
    c.split = 0;
    view.centerOnNode(static_cast<NodeId>(layers - 1));
    QVERIFY(!inSight(0));
    c.totalSeconds = 1.0;
    view.setSolution(&c);
    QVERIFY(!inSight(0));
    QVERIFY(view.showCut());
    QVERIFY(inSight(0));
}

void TestGraphView::clickActivatesNode() {
    GraphView view;
    view.resize(800, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setModel(m_residual);
    QVERIFY(waitForLayout(view));
    view.resetZoom();
    const NodeId target = 2;
    GraphNodeItem* item = view.nodeItem(target);
    QVERIFY(item);
    view.centerOn(item);
    QSignalSpy activated(&view, &GraphView::nodeActivated);
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.mapFromScene(item->scenePos()));
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.first().first().value<NodeId>(), target);
    QVERIFY(item->isSelected());
    QCOMPARE(view.selectedNode(), target);
    // Hovering shows the node's details as a tooltip.
    const QPoint at = view.mapFromScene(item->scenePos());
    QHelpEvent help(QEvent::ToolTip, at, view.viewport()->mapToGlobal(at));
    QApplication::sendEvent(view.viewport(), &help);
    QVERIFY(QToolTip::isVisible());
    QCOMPARE(QToolTip::text(), view.nodeDetailsHtml(target));
    QVERIFY(QToolTip::text().contains(QString::fromStdString(m_residual->graph.node(target).name)));
    QToolTip::hideText();
    // Beside the graph: nothing is activated and the selection clears.
    const QPointF outside = view.sceneRect().topLeft() + QPointF(2, 2);
    view.centerOn(outside + QPointF(300, 200));
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.mapFromScene(outside));
    QCOMPARE(activated.count(), 1);
    QCOMPARE(view.selectedNode(), kNone);
}

void TestGraphView::rawToggleLaysOutOnce() {
    GraphView view;
    QSignalSpy ready(&view, &GraphView::layoutReady);
    QSignalSpy toggled(&view, &GraphView::showRawGraphChanged);
    view.setModel(m_residual);
    QVERIFY(waitForLayout(view));
    const auto optimizedLayout = view.currentLayout();
    const int n = 2;
    view.setSplit(n);

    view.setShowRawGraph(true);
    QVERIFY(view.showsRawGraph());
    QCOMPARE(toggled.count(), 1);
    QVERIFY(waitForLayout(view));
    QCOMPARE(ready.count(), 2);
    QCOMPARE(ready.last().first().toBool(), true);
    const Graph& raw = m_residual->rawGraph;
    size_t ops = 0;
    // Raw nodes by name: a raw node is on the edge when the optimized layer that has its name
    // (or folded it in) is within the cut.
    std::map<std::string, int> layerByName;
    for (size_t i = 0; i < m_residual->graph.nodeCount(); ++i) {
        const Node& node = m_residual->graph.nodes()[i];
        layerByName[node.name] = static_cast<int>(i) + 1;
        for (const std::string& f : node.folded)
            layerByName[f] = static_cast<int>(i) + 1;
    }
    for (const GraphNodeItem* item : view.nodeItems()) {
        if (item->kind() != LayoutNodeKind::Operation)
            continue;
        ++ops;
        const Node& node = raw.node(item->node());
        QVERIFY(item->title().startsWith(QString::fromStdString(node.opType)));
        QVERIFY2(layerByName.count(node.name), node.name.c_str());
        const int layer = layerByName[node.name];
        QCOMPARE(item->side(), layer <= n ? CutSide::Edge : CutSide::Cloud);
    }
    QCOMPARE(ops, raw.nodeCount());
    QVERIFY(raw.nodeCount() > m_residual->graph.nodeCount()); // BN and Relu nodes are back
    QVERIFY(!crossingValuesOf(view).empty());

    // Back to the optimized graph: the cached layout, no new layout.
    view.setShowRawGraph(false);
    QCOMPARE(toggled.count(), 2);
    QVERIFY(!view.isLayoutPending());
    QCOMPARE(view.currentLayout(), optimizedLayout);
    QTest::qWait(50);
    QCOMPARE(ready.count(), 2);
    view.setShowRawGraph(true);
    QVERIFY(!view.isLayoutPending());
    QCOMPARE(ready.count(), 2);
}

void TestGraphView::detailsOfALayer() {
    GraphView view;
    view.setModel(m_residual);
    QVERIFY(waitForLayout(view));
    const Graph& graph = m_residual->graph;
    NodeId conv = kNone;
    for (size_t i = 0; i < graph.nodeCount(); ++i)
        if (graph.nodes()[i].name == "block_conv1")
            conv = static_cast<NodeId>(i);
    QVERIFY(conv != kNone);
    const Node& node = graph.node(conv);
    // Parameters: the elements of the constant inputs (BN folded in: weight and bias).
    int64_t params = 0;
    for (ValueId in : node.inputs)
        if (in != kNone && graph.value(in).isConstant())
            params += elementsOf(graph.value(in));
    QCOMPARE(params, int64_t(16 * 16 * 3 * 3 + 16));
    const int64_t macs = 16 * 32 * 32 * (16 * 3 * 3); // Cout*H*W * Cin*k*k

    const int layer = conv + 1;
    Candidate c;
    c.split = layer;
    std::vector<int> w(static_cast<size_t>(layer), 8), a(static_cast<size_t>(layer), 8);
    w.back() = 4;
    a.back() = 6;
    c.bits = EdgeBits::explicitBits(w, a);
    view.setSolution(&c);
    QuantErrorTable table;
    table.bits = {2, 4, 6, 8};
    table.layers.resize(graph.nodeCount());
    for (size_t i = 0; i < graph.nodeCount(); ++i) {
        table.layers[i].layer = static_cast<int>(i) + 1;
        table.layers[i].weightMse = {0.5 + i, 0.25 + i, 0.125 + i, 0.0625 + i};
        table.layers[i].activationMse = {1.5 + i, 1.25 + i, 1.125 + i, 1.0625 + i};
    }
    view.setQuantErrorTable(&table);

    const NodeDetails d = view.nodeDetails(conv);
    QCOMPARE(d.name, QStringLiteral("block_conv1"));
    QCOMPARE(d.opType, QStringLiteral("Conv"));
    QCOMPARE(d.activation, QStringLiteral("Relu"));
    QCOMPARE(d.layer, layer);
    QCOMPARE(d.params, params);
    QVERIFY(d.macs.has_value());
    QCOMPARE(*d.macs, macs);
    QCOMPARE(d.side, CutSide::Edge);
    QCOMPARE(d.weightBits, 4);
    QCOMPARE(d.activationBits, 6);
    QCOMPARE(*d.weightError, 0.25 + conv);      // D_w at 4 bits
    QCOMPARE(*d.activationError, 1.125 + conv); // D_a at 6 bits
    QCOMPARE(d.errors.size(), size_t(4));
    QVERIFY(d.folded.size() >= 1); // its BatchNormalization and Relu
    QCOMPARE(d.inputs.size(), static_cast<qsizetype>(node.inputs.size()));
    const QString html = view.nodeDetailsHtml(conv);
    QVERIFY(html.contains(QStringLiteral("block_conv1")));
    QVERIFY(html.contains(format::macs(macs)));
    QVERIFY(html.contains(QStringLiteral("D_w")));

    // A cloud layer: no bit-widths, no errors at them.
    const NodeDetails cloud = view.nodeDetails(conv + 1);
    QCOMPARE(cloud.side, CutSide::Cloud);
    QCOMPARE(cloud.weightBits, 0);
    QVERIFY(!cloud.weightError.has_value());
    // No such node.
    QCOMPARE(view.nodeDetails(static_cast<NodeId>(graph.nodeCount())).layer, 0);
}

void TestGraphView::zoomAndFit() {
    GraphView view;
    view.resize(640, 480);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setModel(m_sample);
    QVERIFY(waitForLayout(view));
    view.resetZoom();
    QCOMPARE(view.zoom(), 1.0);
    view.zoomIn();
    QVERIFY(std::abs(view.zoom() - 1.25) < 1e-9);
    view.zoomOut();
    QVERIFY(std::abs(view.zoom() - 1.0) < 1e-9);

    // Ctrl + wheel zooms; the wheel alone scrolls.
    const QPointF at(320, 240);
    QWheelEvent zoomWheel(at, view.viewport()->mapToGlobal(at), QPoint(), QPoint(0, 120),
                          Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view.viewport(), &zoomWheel);
    QVERIFY(view.zoom() > 1.1);
    const double zoomed = view.zoom();
    const int scroll = view.verticalScrollBar()->value();
    QWheelEvent scrollWheel(at, view.viewport()->mapToGlobal(at), QPoint(), QPoint(0, -120),
                            Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view.viewport(), &scrollWheel);
    QCOMPARE(view.zoom(), zoomed);
    QVERIFY(view.verticalScrollBar()->value() > scroll);

    view.fitToWindow();
    const QRectF visible = view.mapToScene(view.viewport()->rect()).boundingRect();
    QVERIFY(visible.adjusted(-1, -1, 1, 1).contains(view.sceneRect()));
    QVERIFY(view.zoom() < 1.0);
}

void TestGraphView::exportWritesPngAndSvg() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    GraphView view;
    view.setModel(m_residual);
    QVERIFY(waitForLayout(view));
    view.setSplit(3);
    const QString png = dir.filePath(QStringLiteral("graph.png"));
    const QString svg = dir.filePath(QStringLiteral("graph.svg"));
    Status s = view.exportPng(png, 2.0);
    QVERIFY2(s.ok(), s.error().message.c_str());
    s = view.exportSvg(svg);
    QVERIFY2(s.ok(), s.error().message.c_str());

    QImage image;
    QVERIFY(image.load(png, "PNG"));
    QVERIFY(image.width() >= static_cast<int>(view.sceneRect().width() * 2.0) - 1);
    QVERIFY(image.height() > static_cast<int>(view.sceneRect().height() * 2.0));
    // Both sides' fills and the crossing colour are in the picture.
    QVERIFY(countColor(image, GraphNodeItem::fillColor(CutSide::Edge)) > 500);
    QVERIFY(countColor(image, GraphNodeItem::fillColor(CutSide::Cloud)) > 500);
    QVERIFY(countColor(image, GraphEdgeItem::crossingColor()) > 50);

    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray xml = file.readAll();
    QVERIFY(xml.contains("<svg"));
    QSvgRenderer renderer(xml);
    QVERIFY(renderer.isValid());
    QImage rendered(renderer.defaultSize(), QImage::Format_ARGB32);
    rendered.fill(Qt::white);
    QPainter painter(&rendered);
    renderer.render(&painter);
    painter.end();
    QVERIFY(countColor(rendered, GraphNodeItem::fillColor(CutSide::Edge)) > 200);
    QVERIFY(countColor(rendered, GraphNodeItem::fillColor(CutSide::Cloud)) > 200);

    // Errors name the file.
    const QString bad = dir.filePath(QStringLiteral("missing/graph.png"));
    s = view.exportPng(bad);
    QVERIFY(!s.ok());
    QVERIFY(QString::fromStdString(s.error().message).contains(bad));
    GraphView empty;
    QVERIFY(!empty.exportSvg(svg).ok());
}

void TestGraphView::largeGraphLaidOutOffGuiThread() {
    // About 1,000 layers once Conv+Relu and residual Adds are fused.
    const session::OpenedModelPtr big = analyzeModel(buildSyntheticDag(1240), "synthetic-1240");
    QVERIFY(big->graph.nodeCount() >= 1000);
    GraphView view;
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    // The GUI thread keeps handling events while the layout runs: count timer ticks that see
    // the layout still pending.
    int ticksWhilePending = 0;
    QTimer timer;
    QObject::connect(&timer, &QTimer::timeout, [&] {
        if (view.isLayoutPending())
            ++ticksWhilePending;
    });
    timer.start(2);
    view.setModel(big);
    QVERIFY(view.isLayoutPending()); // setModel returned before the layout was done
    QVERIFY(waitForLayout(view));
    timer.stop();
    QVERIFY2(ticksWhilePending >= 3, qPrintable(QString::number(ticksWhilePending)));

    const GraphLayout& layout = *view.currentLayout();
    QCOMPARE(view.nodeItems().size(), layout.nodes.size());
    size_t ops = 0;
    for (const LayoutNode& n : layout.nodes)
        ops += n.kind == LayoutNodeKind::Operation ? 1 : 0;
    QCOMPARE(ops, big->graph.nodeCount());
    // Each item where the layout put it, none overlapping another.
    std::vector<QRectF> boxes;
    for (const GraphNodeItem* item : view.nodeItems()) {
        const LayoutNode& n = layout.nodes[static_cast<size_t>(item->layoutIndex())];
        QCOMPARE(item->scenePos(), QPointF(n.center.x, n.center.y));
        boxes.emplace_back(n.left(), n.top(), n.width, n.height);
    }
    std::sort(boxes.begin(), boxes.end(),
              [](const QRectF& a, const QRectF& b) { return a.left() < b.left(); });
    for (size_t a = 0; a < boxes.size(); ++a)
        for (size_t b = a + 1; b < boxes.size() && boxes[b].left() < boxes[a].right() - 1; ++b)
            QVERIFY(!boxes[a].adjusted(1, 1, -1, -1).intersects(boxes[b].adjusted(1, 1, -1, -1)));
    for (const LayoutEdge& e : layout.edges)
        QVERIFY(layout.nodes[static_cast<size_t>(e.from)].rank <
                layout.nodes[static_cast<size_t>(e.to)].rank);
    QCOMPARE(layout.engine, LayoutEngine::Dot); // 1,003 drawn nodes: within dotNodeLimit
    // Painting it zoomed out (labels hidden) and in works.
    view.fitToWindow();
    QVERIFY(!view.grab().isNull());
    view.resetZoom();
    QVERIFY(!view.grab().isNull());

    // Twice the size: beyond dot's limit, the layered layout takes over.
    const session::OpenedModelPtr bigger = analyzeModel(buildSyntheticDag(2500), "synthetic-2500");
    QVERIFY(bigger->graph.nodeCount() >= 2000);
    view.setModel(bigger);
    QVERIFY(view.isLayoutPending());
    QVERIFY(waitForLayout(view));
    QCOMPARE(view.currentLayout()->engine, LayoutEngine::Layered);
    QCOMPARE(view.nodeItems().size(), bigger->graph.nodeCount() + 2);
    QVERIFY(!view.grab().isNull());
}

void TestGraphView::newerModelSupersedesOlder() {
    const session::OpenedModelPtr big = analyzeModel(buildSyntheticDag(600), "synthetic-600");
    GraphView view;
    QSignalSpy ready(&view, &GraphView::layoutReady);
    view.setModel(big);
    view.setModel(m_residual); // while the big one is laid out
    QVERIFY(waitForLayout(view));
    QVERIFY(view.waitForLayouts(kTimeoutMs));
    QCoreApplication::processEvents(); // deliver whatever the superseded job posted
    QTest::qWait(20);
    QCOMPARE(ready.count(), 1);
    size_t ops = 0;
    for (const LayoutNode& n : view.currentLayout()->nodes)
        ops += n.kind == LayoutNodeKind::Operation ? 1 : 0;
    QCOMPARE(ops, m_residual->graph.nodeCount());
    QCOMPARE(view.model(), m_residual);
    // A model change drops the previous model's split.
    view.setSplit(2);
    view.setModel(m_inception);
    QVERIFY(!view.solution().has_value());
    QVERIFY(waitForLayout(view));
    for (const GraphNodeItem* item : view.nodeItems())
        QCOMPARE(item->side(), CutSide::None);
}

void TestGraphView::sampleScreenshot() {
    // Screenshots of the embedded sample with a split, for the README and for looking at.
    GraphView view;
    view.resize(1200, 900);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setModel(m_sample);
    QVERIFY(waitForLayout(view));
    const SplitAnalysis& analysis = m_sample->analysis;
    // 40 KiB of edge memory: only the cuts of the first part qualify.
    const std::vector<int> potential = analysis.potentialSplits(40 << 10, 2);
    qInfo("sample: %d layers, %zu potential splits at 40 KiB, 2 bits", analysis.layerCount(),
          potential.size());
    QVERIFY(!potential.empty());
    const int n = potential[potential.size() / 2];
    Candidate c;
    c.split = n;
    c.bits = EdgeBits::uniform(n, 8, 4);
    view.setUplink(3.0 * 1048576.0, 0.02);
    view.setPotentialSplits(potential);
    view.setSolution(&c);
    view.resetZoom();
    view.centerOnNode(static_cast<NodeId>(n - 1));
    QCoreApplication::processEvents();
    const QString folder = QCoreApplication::applicationDirPath();
    const QPixmap shot = view.grab();
    QVERIFY(!shot.isNull());
    QVERIFY(shot.save(folder + QStringLiteral("/graph_view_sample.png")));
    view.fitToWindow();
    QVERIFY(view.grab().save(folder + QStringLiteral("/graph_view_sample_fit.png")));
    QVERIFY(view.exportPng(folder + QStringLiteral("/graph_view_sample_export.png"), 1.0).ok());
    QVERIFY(view.exportSvg(folder + QStringLiteral("/graph_view_sample_export.svg")).ok());
    view.setShowRawGraph(true);
    QVERIFY(waitForLayout(view));
    view.resetZoom();
    view.centerOn(view.sceneRect().center().x(), view.sceneRect().top() + 400);
    QVERIFY(view.grab().save(folder + QStringLiteral("/graph_view_sample_raw.png")));
}

// A tensor read by several cloud layers is sent once: one of its crossing edges is drawn as the
// transfer, the others as reuse; and the labels of the crossing tensors plus the round trip and
// the per-message overhead (paid once) add up to the cut's transmission time in the legend.
void TestGraphView::cutReadsAsOneTransferPerTensor() {
    GraphView view;
    view.setModel(m_residual);
    QVERIFY(waitForLayout(view));
    const double rate = 3.0 * 1048576.0;
    Uplink uplink{rate, 0.1, 40};
    view.setUplink(uplink);
    // the cut right after the producer of a tensor that two layers read (the shortcut)
    const Graph& graph = m_residual->graph;
    Candidate cut;
    for (size_t v = 0; v < graph.values().size() && cut.split == 0; ++v) {
        const Value& value = graph.value(static_cast<ValueId>(v));
        if (value.producer != kNone && value.consumers.size() >= 2)
            cut.split = static_cast<int>(value.producer) + 1;
    }
    QVERIFY(cut.split > 0);
    cut.bits = EdgeBits::uniform(cut.split, 8, 8);
    view.setSolution(&cut);
    const GraphAnnotations& a = view.annotations();
    QVERIFY(!a.crossingValues.empty());
    std::map<ValueId, int> crossing, transfers;
    for (const GraphEdgeItem* e : view.edgeItems()) {
        const size_t i = static_cast<size_t>(e->layoutIndex());
        QCOMPARE(e->isCrossing(), bool(a.crossingEdges[i]));
        QCOMPARE(e->isTransfer(), a.crossingEdges[i] && a.transferEdges[i]);
        if (a.crossingEdges[i])
            ++crossing[e->value()];
        if (e->isTransfer())
            ++transfers[e->value()];
    }
    int reused = 0;
    for (ValueId v : a.crossingValues) {
        QCOMPARE(transfers[v], 1);
        reused += crossing[v] - 1;
    }
    QVERIFY(reused > 0); // the residual input crosses on two edges, as one transfer
    QCOMPARE(transfers.size(), a.crossingValues.size());

    double sum = 0.0;
    int64_t bytes = 0;
    for (ValueId v : a.crossingValues) {
        sum += a.valueCosts[static_cast<size_t>(v)].seconds;
        bytes += *a.valueCosts[static_cast<size_t>(v)].bytes;
    }
    QVERIFY(std::abs(sum + 0.1 + 40 * 8.0 / rate - a.crossingSeconds) < 1e-9);
    QVERIFY(std::abs(a.crossingSeconds - uplink.seconds(bytes)) < 1e-12);
    QVERIFY2(view.legendHtml().contains(QStringLiteral("once per inference")),
             qPrintable(view.legendHtml()));
}

// Edge labels are placed where they cover no node and no other label (at a Concat, four
// producers side by side used to put four labels into one line of text).
void TestGraphView::labelsNeverOverlap() {
    for (const auto& model : {m_inception, m_yolo, m_sample}) {
        GraphView view;
        view.setModel(model);
        QVERIFY(waitForLayout(view));
        Candidate c;
        c.split = model->analysis.layerCount() / 2;
        c.bits = EdgeBits::uniform(c.split, 8, 8);
        view.setSolution(&c);
        std::vector<QRectF> labels;
        int crossing = 0;
        // an edge as the line it is drawn as (a path's intersects() takes the enclosed area)
        auto stroke = [](const GraphEdgeItem* edge) {
            QPainterPathStroker stroker;
            stroker.setWidth(1.0);
            return edge->mapToScene(stroker.createStroke(edge->path()));
        };
        for (const GraphEdgeItem* e : view.edgeItems())
            if (const GraphEdgeLabelItem* label = e->labelItem();
                label && !label->text().isEmpty()) {
                labels.push_back(label->sceneBoundingRect());
                for (const GraphEdgeItem* other : view.edgeItems())
                    if (other != e && stroke(other).intersects(labels.back()))
                        ++crossing;
            }
        QVERIFY(labels.size() > 5);
        // and no other tensor's edge runs through a label
        QVERIFY2(crossing == 0, qPrintable(QStringLiteral("%1: %2 labels cross an edge")
                                               .arg(model->displayName)
                                               .arg(crossing)));
        for (size_t i = 0; i < labels.size(); ++i) {
            for (size_t j = i + 1; j < labels.size(); ++j)
                QVERIFY2(!labels[i].intersects(labels[j]),
                         qPrintable(QStringLiteral("%1: labels %2 and %3 overlap")
                                        .arg(model->displayName)
                                        .arg(i)
                                        .arg(j)));
            for (const GraphNodeItem* node : view.nodeItems())
                QVERIFY2(!labels[i].intersects(node->sceneBoundingRect()),
                         qPrintable(QStringLiteral("%1: label %2 covers a node")
                                        .arg(model->displayName)
                                        .arg(i)));
        }
    }
}

// The map of the whole graph: shown while only part of it is in sight, its frame where the view
// is, a click on it moves the view there; hidden when the whole graph shows or the user says so.
void TestGraphView::overviewMapNavigates() {
    GraphView view;
    view.resize(500, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setModel(m_yolo);
    QVERIFY(waitForLayout(view));
    view.resetZoom();
    GraphOverview* map = view.overview();
    QTRY_VERIFY(map->isVisible());
    QVERIFY(map->width() <= GraphOverview::kMaxSide + 2 &&
            map->height() <= GraphOverview::kMaxSide + 2);
    QVERIFY(view.viewport()->geometry().contains(map->geometry()));
    const QRectF frame = map->frameRect();
    QVERIFY(!frame.isEmpty());
    QVERIFY(frame.width() < map->width() || frame.height() < map->height());
    // a click near the map's bottom brings the graph's bottom into the middle of the view
    const QPoint target(map->width() / 2, map->height() - 6);
    const QPointF scenePoint = map->scenePointAt(target);
    QTest::mouseClick(map, Qt::LeftButton, {}, target);
    const QPointF centre = view.mapToScene(view.viewport()->rect().center());
    const QRectF visible = view.mapToScene(view.viewport()->rect()).boundingRect();
    QVERIFY2(visible.contains(scenePoint), "the clicked place is in sight");
    QVERIFY(centre.y() > view.sceneRect().center().y());
    QVERIFY(map->frameRect().center().y() > frame.center().y()); // the frame followed
    // the whole graph in sight: no map; the user can switch it off
    view.fitToWindow();
    QTRY_VERIFY(!map->isVisible());
    view.resetZoom();
    QTRY_VERIFY(map->isVisible());
    map->setEnabledByUser(false);
    QVERIFY(!map->isVisible());
}

QTEST_MAIN(TestGraphView)
#include "test_graph_view.moc"
