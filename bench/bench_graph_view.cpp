// Benchmark of the graph view: layout plus first paint of a 1,000-node graph (goal
// < 1 s), on synthetic CNN-shaped DAGs (tests/support/synthetic_dag.h: residual blocks,
// two-branch concats, long skips) and a ResNet-50-shaped model, optimized as the explorer does.
//
//   bench_graph_view [--runs N] [--layers 250,1000,...] [--dot-max NODES]
//   (layers after optimization)
//
// Per model, best (median) of N runs, milliseconds:
//   dot      layoutGraph() with Graphviz dot alone, on this thread (skipped above --dot-max
//            drawn nodes: Graphviz 2.42 takes half a minute at 5,000);
//   layered  layoutGraph() with the hand-written layered layout alone;
//   total    GraphView::setModel -> layout on the worker thread (the default engine choice:
//            dot up to 1,200 drawn nodes, layered beyond) -> items built -> the first complete
//            paint of a 1280x800 view (QWidget::grab), with a split drawn;
//   repaint  a repaint of the same view once the layout is there (at the first view's zoom),
//            and of the whole graph fitted to the view (text hidden at that zoom);
//   new split  setSplit() to another cut (every side, crossing and label recomputed) and a
//            repaint of the fitted view.
// Runs on the offscreen platform unless QT_QPA_PLATFORM says otherwise.

#include "widgets/graph/graph_view.h"

#include "core/analysis/split_analysis.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "tests/support/model_builder.h"
#include "tests/support/synthetic_dag.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QPixmap>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace autosplit;

namespace {

session::OpenedModelPtr prepare(const onnx::ModelProto& proto, const std::string& name) {
    const std::string bytes = proto.SerializeAsString();
    auto model = session::openModel(session::ModelSource::memory(
        QByteArray(bytes.data(), qsizetype(bytes.size())), QString::fromStdString(name)));
    if (!model) {
        std::cerr << model.error().message << "\n";
        return nullptr;
    }
    return *model;
}

struct Stat {
    double best = 0;
    double median = 0;
};

Stat stat(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return {v.front(), v[v.size() / 2]};
}

std::string cell(const Stat& s) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%7.1f (%7.1f)", s.best, s.median);
    return buffer;
}

std::vector<double> timeLayouts(const Graph& graph, LayoutEngine engine, int runs) {
    LayoutOptions options;
    options.engine = engine;
    std::vector<double> ms;
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer timer;
        timer.start();
        auto layout = layoutGraph(graph, options);
        ms.push_back(timer.nsecsElapsed() / 1e6);
        if (!layout) {
            std::cerr << layout.error().message << "\n";
            return {};
        }
    }
    return ms;
}

bool benchModel(const session::OpenedModelPtr& model, const std::string& name, int runs,
                int dotMax) {
    const GraphLayout skeleton = layoutSkeleton(model->graph, {});
    const bool withDot = static_cast<int>(skeleton.nodes.size()) <= dotMax;
    const std::vector<double> dot =
        withDot ? timeLayouts(model->graph, LayoutEngine::Dot, runs) : std::vector<double>{};
    const std::vector<double> layered = timeLayouts(model->graph, LayoutEngine::Layered, runs);
    if ((withDot && dot.empty()) || layered.empty())
        return false;

    std::vector<double> total, paint, fitted, recut;
    LayoutEngine used = LayoutEngine::Auto;
    for (int run = 0; run < runs; ++run) {
        GraphView view;
        view.resize(1280, 800);
        view.show();
        QCoreApplication::processEvents();
        QEventLoop loop;
        bool failed = false;
        QObject::connect(&view, &GraphView::layoutReady, &loop, &QEventLoop::quit);
        QObject::connect(&view, &GraphView::layoutFailed, &loop, [&] {
            failed = true;
            loop.quit();
        });
        QElapsedTimer timer;
        timer.start();
        view.setModel(model);
        view.setSplit(model->analysis.layerCount() / 2);
        loop.exec();
        if (failed)
            return false;
        QPixmap first = view.grab();
        total.push_back(timer.nsecsElapsed() / 1e6);
        timer.restart();
        QPixmap again = view.grab();
        paint.push_back(timer.nsecsElapsed() / 1e6);
        view.fitToWindow();
        timer.restart();
        QPixmap whole = view.grab();
        fitted.push_back(timer.nsecsElapsed() / 1e6);
        timer.restart();
        view.setSplit(model->analysis.layerCount() / 3);
        QPixmap recolored = view.grab();
        recut.push_back(timer.nsecsElapsed() / 1e6);
        if (first.isNull() || again.isNull() || whole.isNull() || recolored.isNull())
            return false;
        used = view.currentLayout()->engine;
    }
    std::printf("| %-14s | %6zu | %6zu | %s | %s | %s %-7s | %s | %s | %s |\n", name.c_str(),
                skeleton.nodes.size(), skeleton.edges.size(),
                withDot ? cell(stat(dot)).c_str() : "      (skipped)  ",
                cell(stat(layered)).c_str(), cell(stat(total)).c_str(),
                used == LayoutEngine::Dot ? "dot" : "layered", cell(stat(paint)).c_str(),
                cell(stat(fitted)).c_str(), cell(stat(recut)).c_str());
    std::fflush(stdout);
    return true;
}

std::vector<int> parseList(const std::string& text) {
    std::vector<int> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        out.push_back(std::stoi(item));
    return out;
}

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    std::string command = argv[0];
    for (int i = 1; i < argc; ++i)
        command += std::string(" ") + argv[i];
    QApplication app(argc, argv);

    int runs = 5;
    int dotMax = 2500;
    std::vector<int> layers = {250, 1000, 2000, 5000};
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--runs" && i + 1 < argc) {
            runs = std::max(1, std::stoi(argv[++i]));
        } else if (arg == "--layers" && i + 1 < argc) {
            layers = parseList(argv[++i]);
        } else if (arg == "--dot-max" && i + 1 < argc) {
            dotMax = std::stoi(argv[++i]);
        } else {
            std::cerr << "usage: bench_graph_view [--runs N] [--layers 250,1000,...] "
                         "[--dot-max NODES]\n";
            return 2;
        }
    }

    std::printf("%s\n", command.c_str());
    std::printf("Graph view: layout alone by each engine, and setModel to the first paint of a "
                "1280x800 view with a split drawn (default engine choice). Best (median) of %d "
                "runs, ms. Goal for 1,000 nodes: total < 1,000.\n\n",
                runs);
    std::printf("| model          |  nodes |  edges | dot               | layered           | "
                "total (layout + first paint)  | repaint           | repaint, fitted   | "
                "new split, fitted |\n");
    std::printf("|----------------|--------|--------|-------------------|-------------------|-"
                "------------------------------|-------------------|-------------------|-"
                "------------------|\n");
    std::fflush(stdout);

    if (auto m = prepare(autosplit::testing::buildResNet50(), "resnet-50");
        !m || !benchModel(m, "ResNet-50", runs, dotMax))
        return 1;
    for (int target : layers) {
        // Fusion removes about a fifth of the builder's layers: grow the request until the
        // optimized graph has the wanted size.
        int n = target * 124 / 100;
        session::OpenedModelPtr m;
        for (;; n += 10) {
            m = prepare(autosplit::testing::buildSyntheticDag(n), "synthetic");
            if (!m || m->analysis.layerCount() >= target)
                break;
        }
        if (!m || !benchModel(m, "synthetic DAG", runs, dotMax))
            return 1;
    }
    return 0;
}
