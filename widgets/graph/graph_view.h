#pragma once

#include "session/job_tracker.h"
#include "session/opened_model.h"
#include "widgets/graph/graph_annotations.h"
#include "widgets/graph/graph_node_details.h"
#include "widgets/graph/layout/graph_layout.h"

#include "core/cost/uplink.h"
#include "core/quant/quant_error_table.h"
#include "core/solve/candidate.h"
#include "core/util/progress.h"
#include "core/util/result.h"

#include <QGraphicsView>
#include <QImage>

#include <array>
#include <memory>
#include <optional>
#include <vector>

class QGraphicsScene;
class QLabel;
class QTextDocument;

namespace autosplit {

class GraphEdgeItem;
class GraphNodeItem;
class GraphOverview;

// The model's graph, laid out top to bottom off the GUI thread (layoutGraph: Graphviz dot, or the
// layered layout for thousands of nodes), with the current split drawn as a cut: edge-side and
// cloud-side nodes in their colours, crossing edges thick and red, potential split points marked
// with a green dashed line under their last layer. Nodes show the operation, the output shape
// and the layer number; the first edge of each tensor shows what it costs to send at its
// bit-width (bytes) and over the current uplink (ms). Ctrl + wheel zooms, dragging pans; text is
// hidden when zoomed out and node boxes are cached, so thousands of nodes stay fluid.
//
// Shows the optimized graph (the one the analysis and the solution are about) or the raw graph
// as imported; each is laid out once per model, when first shown, and kept. A newer model (or
// new layout options) supersedes the layouts still running: they are cancelled and their
// results dropped by generation number.
class GraphView : public QGraphicsView {
    Q_OBJECT

public:
    explicit GraphView(QWidget* parent = nullptr);
    // Cancels running layouts and waits for them (Graphviz cannot be interrupted mid-layout).
    ~GraphView() override;

    // Shows another model (null: none). Clears what belonged to the previous one: the solution,
    // the potential splits and the error table.
    void setModel(session::OpenedModelPtr model);
    session::OpenedModelPtr model() const { return m_model; }
    // Layout options for the next layouts; relays out what is shown.
    void setLayoutOptions(const LayoutOptions& options);
    const LayoutOptions& layoutOptions() const { return m_options; }

    void setShowRawGraph(bool raw);
    bool showsRawGraph() const { return m_current == RawPage; }

    // The split shown, with its per-layer activation bit-widths (copied; nullptr: no split).
    void setSolution(const Candidate* solution);
    // A prefix split n without bit-widths (tensors at the default bits); n < 0: no split.
    void setSplit(int n);
    const std::optional<Candidate>& solution() const { return m_solution; }
    // Cuts that qualify (SolutionSet::potentialSplits, SplitAnalysis::potentialSplits).
    void setPotentialSplits(std::vector<int> cuts);
    void setUplink(double bitsPerSecond, double roundTripSeconds);
    void setUplink(const Uplink& uplink);
    // Bits of floating tensors not produced by a quantized edge layer; 0: stored precision.
    void setDefaultActivationBits(int bits);
    // Quantization errors for the details (copied; nullptr: none).
    void setQuantErrorTable(const QuantErrorTable* table);

    // Blocks until no layout job runs any more (superseded ones included); for tests and
    // benchmarks. Results still arrive through the event loop.
    bool waitForLayouts(int msecs = -1) { return m_layoutJobs.waitForDone(msecs); }
    // True while the shown graph's layout runs.
    bool isLayoutPending() const;
    // The shown graph's layout and annotations (null / empty until laid out).
    std::shared_ptr<const GraphLayout> currentLayout() const;
    const GraphAnnotations& annotations() const;
    // The shown graph's items, by layout index; empty until laid out.
    const std::vector<GraphNodeItem*>& nodeItems() const;
    const std::vector<GraphEdgeItem*>& edgeItems() const;
    GraphNodeItem* nodeItem(NodeId node) const;
    // The graph node of the selected item, or kNone.
    NodeId selectedNode() const;

    // Selects the next node (after the selected one, wrapping) whose name or op type contains
    // `text` (case-insensitive), or a graph input/output of that name; centres on it and emits
    // nodeActivated for an operation. False when nothing matches.
    bool findNext(const QString& text);
    int matchCount(const QString& text) const;
    void centerOnNode(NodeId node);
    // Scrolls the cut of the shown solution into the middle of the view (the last edge layer;
    // the inputs for Cloud-Only); false when there is no solution or no layout yet. setSolution()
    // does it whenever the split changes, so a new selection is never out of sight.
    bool showCut();
    // Selects an operation node of the shown graph, centres on it (zooming in to a readable size)
    // and emits nodeActivated. False when it is not shown.
    bool selectNode(NodeId node);

    // The details of a node of the shown graph (tooltip and details panel).
    NodeDetails nodeDetails(NodeId node) const;
    QString nodeDetailsHtml(NodeId node) const;

    double zoom() const;
    void zoomBy(double factor);
    void zoomIn();
    void zoomOut();
    void resetZoom();
    void fitToWindow();
    // The map of the whole graph in the view's corner (shown while not all of it is in sight).
    GraphOverview* overview() const { return m_overview; }

    // The whole shown graph with its legend. PNG at `scale` pixels per point (reduced for graphs
    // too big for one image), SVG as vector graphics.
    Status exportPng(const QString& path, double scale = 2.0);
    Status exportSvg(const QString& path);
    // The optimized graph around the shown solution's cut — `layersEachSide` layers before and
    // after it — with the legend above, at most `maxWidth` pixels wide (a report's picture).
    // Null before the layout is done or without a solution.
    QImage cutImage(int layersEachSide = 4, double maxWidth = 1400.0) const;
    // The legend's HTML (what the corner label and the exports show).
    QString legendHtml() const;
    // While drops are measured the cut may still move: the legend says so.
    void setProvisional(bool provisional);
    bool isProvisional() const { return m_provisional; }

signals:
    // The user picked a node of the shown graph (a click or a search hit).
    void nodeActivated(autosplit::NodeId node);
    // A graph finished laying out and is ready to show.
    void layoutReady(bool rawGraph);
    void layoutFailed(const QString& message);
    void showRawGraphChanged(bool raw);
    void zoomChanged(double zoom);

protected:
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    enum PageKind { OptimizedPage = 0, RawPage = 1 };
    struct Page {
        QGraphicsScene* scene = nullptr;
        std::shared_ptr<const GraphLayout> layout;
        std::vector<GraphNodeItem*> nodes;
        std::vector<GraphEdgeItem*> edges;
        std::vector<int> layerOfNode;       // empty: the identity (optimized graph)
        std::vector<ValueId> analysisValue; // empty: the identity
        GraphAnnotations annotations;
        bool requested = false;
        QString error;
        std::vector<double> labelWidths; // of the labels when last separated
        bool viewSaved = false;          // zoom and centre of this page when last shown
        QTransform transform;
        QPointF centre;
    };

    const Graph* graphOf(PageKind kind) const;
    // Selects the item alone, zooms in to a readable size, centres on it and, for an operation,
    // emits nodeActivated (a search hit and selectNode both end here).
    void selectItem(GraphNodeItem* item);
    void requestLayout(PageKind kind);
    // A time as the edge labels and the legend show it (both sources of the view use it).
    static QString timeText(double seconds);
    void onLayoutDone(int kind, std::shared_ptr<const GraphLayout> layout, const QString& error);
    void buildPage(PageKind kind);
    void fitSceneRect(PageKind kind);
    void showPage(PageKind kind);
    void resetPages();
    void annotate(PageKind kind);
    // Moves labels that would cover a node or another label along their own edge (or just
    // above or below) to where they do not; redone only when a label's width changed.
    void separateLabels(PageKind kind);
    void annotateAll();
    void markPotentialSplits(PageKind kind);
    void updateOverlay();
    void placeOverlay();
    void initialZoom();
    QString edgeLabel(const TransmissionCost& cost) const;
    bool matches(const Page& page, int index, const QString& text) const;
    int layerOfNode(const Page& page, NodeId node) const;
    std::unique_ptr<QTextDocument> legendDocument() const;
    QSizeF exportSize() const;
    bool renderExport(QPaintDevice* device, double scale);

    session::OpenedModelPtr m_model;
    LayoutOptions m_options;
    std::array<Page, 2> m_pages;
    PageKind m_current = OptimizedPage;
    std::optional<Candidate> m_solution;
    std::vector<int> m_potentialSplits;
    Uplink m_uplink;
    int m_defaultBits = 0;
    std::optional<QuantErrorTable> m_errors;

    session::JobTracker m_layoutJobs;
    bool m_provisional = false;
    QLabel* m_legend = nullptr;
    GraphOverview* m_overview = nullptr;
    QLabel* m_status = nullptr;
    QGraphicsScene* m_emptyScene = nullptr;
};

} // namespace autosplit
