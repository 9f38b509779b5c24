// Benchmark of the explorer: time from a slider change to the Pareto chart and the graph
// view showing the new solution (goal < 100 ms), on a ResNet-50-shaped model opened as a user
// would open it: written to a temporary .onnx file and loaded through MainWindow::openFile, in
// the real main window (1280x800, shown; offscreen platform unless QT_QPA_PLATFORM says otherwise).
//
//   bench_explorer [--moves N]
//
// A user file comes without sample data, so the solve engine solves on the weight errors D_w
// only. Once the model is open, laid out, solved and the engine idle, each slider of the
// constraint panel is moved N times (setValue, as a drag does: valueChanged), one move at a time
// and each from a settled window: memory across 256 KiB .. 512 MiB and back (log steps),
// uplink across 64 kbit/s .. 1 Gbit/s and back, drop tolerance across 0 .. 10 pp and back.
// Per move, with timestamps on the GUI thread (a QApplication::notify override sees when each
// event's handling ends):
//   total    setValue -> both the chart view's viewport and the graph view's viewport have
//            finished painting: the end of the last paint of each that started after the main
//            window took the new solution (paints are watched for 500 ms from then);
//   emit->painted  from the panel's constraintsChanged (on the next event-loop turn for a move
//            from a settled window; drags fold into one per kCoalesceMs) to both painted;
//   solve    constraintsChanged -> the GUI thread starts handling the worker's solve result
//            (queueing, the solve on the worker, the hand-back);
//   views    that handling: SolveEngine::solutionReady and every view taking the new set
//            (Pareto chart, latency breakdown, details, graph annotations);
//   paint    views updated -> both viewports painted.
// A view whose picture does not change (the same cut, the same labels) need not repaint: one
// that does not, counts as showing the new solution as soon as the views were updated, and the
// table says how often each view repainted. Moves are grouped by whether the selected split
// changed.
// With no samples, drops cannot be measured, so the drop limit does not apply (the solve engine
// leaves it out): the memory and uplink moves move the cut, the drop moves only re-solve. The
// supplementary row measures a click on a Pareto point (ParetoChart::candidateClicked, no solve)
// of a candidate with another split, which the graph has to recolour.
// Last, MainWindow::showSolution's calls are replayed widget by widget on the memory moves'
// solutions and timed, to show where the "views" time goes.

#include "widgets/charts/latency_breakdown_chart.h"
#include "widgets/charts/pareto_chart.h"
#include "widgets/constraints/constraint_panel.h"
#include "widgets/engine/engine.h"
#include "widgets/engine/solve_engine.h"
#include "widgets/graph/graph_view.h"
#include "widgets/main_window.h"
#include "widgets/solution/solution_details_view.h"

#include "core/solve/candidate.h"
#include "tests/support/model_builder.h"

#include <QApplication>
#include <QChartView>
#include <QEventLoop>
#include <QFile>
#include <QSettings>
#include <QSlider>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

using namespace autosplit;
using Clock = std::chrono::steady_clock;

namespace {

constexpr double kGoalMs = 100.0;
// After the views took the new solution, paints are watched this long; the last one ending in
// that window is when the view shows the new solution.
constexpr int kPaintWindowMs = 500;
constexpr int kMoveTimeoutMs = 30000;

double msBetween(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

// The paints of one viewport after the main window took the new solution.
struct PaintLog {
    QWidget* viewport = nullptr;
    int count = 0;
    Clock::time_point lastEnd;
};

// What one move is waiting for, filled in by the application's notify() and the signal hooks.
struct Probe {
    PaintLog chart, graph;
    QObject* solver = nullptr;
    bool armed = false;                // the views show the new solution: paints from now on count
    Clock::time_point solverCallStart; // start of the solver's newest queued call

    void reset() {
        armed = false;
        chart.count = graph.count = 0;
    }
};

Probe g_probe;

// Times the end of event handling, which an event filter (called before it) cannot see.
class BenchApplication : public QApplication {
public:
    using QApplication::QApplication;

    bool notify(QObject* receiver, QEvent* event) override {
        const QEvent::Type type = event->type();
        if (type == QEvent::MetaCall && receiver == g_probe.solver)
            g_probe.solverCallStart = Clock::now();
        const bool result = QApplication::notify(receiver, event);
        if (type == QEvent::Paint && g_probe.armed)
            for (PaintLog* log : {&g_probe.chart, &g_probe.graph})
                if (receiver == log->viewport) {
                    ++log->count;
                    log->lastEnd = Clock::now();
                }
        return result;
    }
};

struct Sample {
    double total = 0;
    double fromEmit = 0;
    double solve = 0;
    double views = 0;
    double paint = 0;
    bool splitChanged = false;
    int chartPaints = 0;
    int graphPaints = 0;
};

// Runs the event loop for `ms` milliseconds.
void spin(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// Runs the event loop until `ready()` holds (checked every 20 ms) or `timeoutMs` passes.
template <typename Ready> bool waitFor(Ready ready, int timeoutMs) {
    const auto start = Clock::now();
    while (!ready()) {
        if (msBetween(start, Clock::now()) > timeoutMs)
            return false;
        spin(20);
    }
    return true;
}

// When each view shows what it was given at `viewsDone`: its last paint, or then already when
// it did not repaint (nothing new to show).
Clock::time_point shownAt(const PaintLog& log, Clock::time_point viewsDone) {
    return log.count > 0 ? log.lastEnd : viewsDone;
}

class Bench {
public:
    explicit Bench(MainWindow& window) : m_window(window) {
        SolveEngine* solver = window.engine()->solveEngine();
        g_probe.solver = solver;
        g_probe.chart.viewport = window.paretoChart()->chartView()->viewport();
        g_probe.graph.viewport = window.graphView()->viewport();
        // Connected after the main window's own slots, so these run once it has done its part.
        QObject::connect(window.constraintPanel(), &ConstraintPanel::constraintsChanged, &window,
                         [this] {
                             m_emitted = Clock::now();
                             m_gotEmit = true;
                         });
        QObject::connect(solver, &SolveEngine::solutionReady, &window,
                         [this](const SolutionSetPtr& set) {
                             if (!m_loop || set != m_window.currentSolution())
                                 return;
                             m_seen.push_back(set);
                             m_solutionStart = g_probe.solverCallStart;
                             m_viewsDone = Clock::now();
                             m_gotSolution = true;
                             g_probe.armed = true;
                             QTimer::singleShot(kPaintWindowMs, m_loop, &QEventLoop::quit);
                         });
        QObject::connect(solver, &SolveEngine::solveFailed, &window, [this](const QString& m) {
            m_failure = m.toStdString();
            if (m_loop)
                m_loop->quit();
        });
    }

    // One slider move, timed; false on a failure (printed).
    bool move(QSlider* slider, int position, Sample& out) {
        const int before = m_window.currentSolution()->selectedCandidate().split;
        QEventLoop loop;
        g_probe.reset();
        m_gotEmit = m_gotSolution = false;
        m_loop = &loop;
        QTimer::singleShot(kMoveTimeoutMs, &loop, &QEventLoop::quit);
        const auto start = Clock::now();
        slider->setValue(position);
        // Quits kPaintWindowMs after the views took the new solution, or on a failure or the
        // timeout.
        loop.exec();
        m_loop = nullptr;
        g_probe.armed = false;
        if (!m_failure.empty()) {
            std::cerr << "bench_explorer: solve failed: " << m_failure << "\n";
            return false;
        }
        if (!m_gotEmit || !m_gotSolution || g_probe.chart.count + g_probe.graph.count == 0) {
            std::cerr << "bench_explorer: no "
                      << (!m_gotEmit       ? "constraintsChanged"
                          : !m_gotSolution ? "solution"
                                           : "repaint")
                      << " after moving a slider to " << position << "\n";
            return false;
        }
        const auto shown =
            std::max(shownAt(g_probe.chart, m_viewsDone), shownAt(g_probe.graph, m_viewsDone));
        out.total = msBetween(start, shown);
        out.fromEmit = msBetween(m_emitted, shown);
        out.solve = msBetween(m_emitted, m_solutionStart);
        out.views = msBetween(m_solutionStart, m_viewsDone);
        out.paint = msBetween(m_viewsDone, shown);
        out.chartPaints = g_probe.chart.count;
        out.graphPaints = g_probe.graph.count;
        out.splitChanged = m_window.currentSolution()->selectedCandidate().split != before;
        return true;
    }

    // A click on the Pareto point of candidate `index`: no solve, the views follow.
    bool click(int index, Sample& out) {
        const GraphView* graph = m_window.graphView();
        const int before = graph->solution() ? graph->solution()->split : -1;
        QEventLoop loop;
        g_probe.reset();
        const auto start = Clock::now();
        emit m_window.paretoChart()->candidateClicked(index);
        const auto viewsDone = Clock::now();
        g_probe.armed = true;
        QTimer::singleShot(kPaintWindowMs, &loop, &QEventLoop::quit);
        loop.exec();
        g_probe.armed = false;
        if (g_probe.chart.count + g_probe.graph.count == 0) {
            std::cerr << "bench_explorer: no repaint after clicking candidate " << index << "\n";
            return false;
        }
        const auto shown =
            std::max(shownAt(g_probe.chart, viewsDone), shownAt(g_probe.graph, viewsDone));
        out.total = msBetween(start, shown);
        out.fromEmit = out.total;
        out.views = msBetween(start, viewsDone);
        out.paint = msBetween(viewsDone, shown);
        out.chartPaints = g_probe.chart.count;
        out.graphPaints = g_probe.graph.count;
        out.splitChanged = graph->solution() && graph->solution()->split != before;
        return true;
    }

    // Every solution the moves produced, in order.
    const std::vector<SolutionSetPtr>& seen() const { return m_seen; }

private:
    MainWindow& m_window;
    QEventLoop* m_loop = nullptr; // set while a move is measured
    std::vector<SolutionSetPtr> m_seen;
    bool m_gotEmit = false;
    bool m_gotSolution = false;
    Clock::time_point m_emitted, m_solutionStart, m_viewsDone;
    std::string m_failure;
};

struct Stats {
    double median = 0, p90 = 0, max = 0;
};

Stats stats(std::vector<double> v) {
    if (v.empty())
        return {};
    std::sort(v.begin(), v.end());
    const auto at = [&](double q) {
        return v[std::min(v.size() - 1, static_cast<size_t>(std::ceil(q * v.size())) - 1)];
    };
    return {at(0.5), at(0.9), v.back()};
}

template <typename Field>
std::vector<double> column(const std::vector<Sample>& samples, Field field) {
    std::vector<double> out;
    for (const Sample& s : samples)
        out.push_back(s.*field);
    return out;
}

void printRow(const std::string& label, const std::vector<Sample>& samples, bool solves) {
    if (samples.empty()) {
        std::printf("| %-26s | %5d | %26s | %26s | %6s | %6s | %6s | %-9s |\n", label.c_str(), 0,
                    "-", "-", "-", "-", "-", "-");
        return;
    }
    const Stats total = stats(column(samples, &Sample::total));
    const Stats emitted = stats(column(samples, &Sample::fromEmit));
    const Stats solve = stats(column(samples, &Sample::solve));
    const Stats views = stats(column(samples, &Sample::views));
    const Stats paint = stats(column(samples, &Sample::paint));
    int chart = 0, graph = 0;
    for (const Sample& s : samples) {
        chart += s.chartPaints > 0;
        graph += s.graphPaints > 0;
    }
    char totals[64], emits[64], solveCell[16], repainted[32];
    std::snprintf(totals, sizeof totals, "%8.1f %8.1f %8.1f", total.median, total.p90, total.max);
    if (solves) {
        std::snprintf(emits, sizeof emits, "%8.1f %8.1f %8.1f", emitted.median, emitted.p90,
                      emitted.max);
        std::snprintf(solveCell, sizeof solveCell, "%6.1f", solve.median);
    } else {
        std::snprintf(emits, sizeof emits, "%26s", "(no solve)");
        std::snprintf(solveCell, sizeof solveCell, "%6s", "-");
    }
    std::snprintf(repainted, sizeof repainted, "%d/%d", chart, graph);
    std::printf("| %-26s | %5zu | %s | %s | %s | %6.1f | %6.1f | %-9s |\n", label.c_str(),
                samples.size(), totals, emits, solveCell, views.median, paint.median, repainted);
}

void printGroups(const std::string& kind, const std::vector<Sample>& samples, bool solves) {
    std::vector<Sample> moved, same;
    for (const Sample& s : samples)
        (s.splitChanged ? moved : same).push_back(s);
    printRow(kind + ", all", samples, solves);
    printRow(kind + ", split moved", moved, solves);
    printRow(kind + ", same split", same, solves);
}

// `count` slider positions from `from` to `to` and back, evenly spread, none repeated in a row.
std::vector<int> sweep(int from, int to, int count) {
    std::vector<int> out;
    const int up = (count + 1) / 2;
    for (int i = 0; i < up; ++i)
        out.push_back(from + static_cast<int>(std::lround((to - from) * (i + 1.0) / up)));
    for (int i = 0; i < count - up; ++i)
        out.push_back(from + static_cast<int>(std::lround((to - from) * (count - up - 1.0 - i) /
                                                          std::max(1, count - up))));
    return out;
}

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Calibration cache and settings in scratch folders: the user's stay untouched, and every
    // run starts from the same (empty) state.
    QTemporaryDir scratch;
    if (!scratch.isValid()) {
        std::cerr << "bench_explorer: cannot create a temporary folder\n";
        return 1;
    }
    qputenv("XDG_CACHE_HOME", QFile::encodeName(scratch.filePath(QStringLiteral("cache"))));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(scratch.filePath(QStringLiteral("config"))));
    std::string command = argv[0];
    for (int i = 1; i < argc; ++i)
        command += std::string(" ") + argv[i];
    BenchApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("autosplit-bench"));
    QApplication::setApplicationName(QStringLiteral("bench_explorer"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       scratch.filePath(QStringLiteral("settings")));

    int moves = 32;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--moves" && i + 1 < argc) {
            moves = std::max(2, std::stoi(argv[++i]));
        } else {
            std::cerr << "usage: bench_explorer [--moves N]\n";
            return 2;
        }
    }

    const QString modelPath = scratch.filePath(QStringLiteral("resnet-50.onnx"));
    {
        QFile file(modelPath);
        const std::string bytes = autosplit::testing::buildResNet50().SerializeAsString();
        if (!file.open(QIODevice::WriteOnly) ||
            file.write(bytes.data(), static_cast<qint64>(bytes.size())) !=
                static_cast<qint64>(bytes.size())) {
            std::cerr << "bench_explorer: cannot write " << modelPath.toStdString() << "\n";
            return 1;
        }
    }

    MainWindow window;
    window.resize(1280, 800);
    window.show();
    Bench bench(window);
    SolveEngine* solver = window.engine()->solveEngine();
    GraphView* graph = window.graphView();

    const auto openStart = Clock::now();
    window.openFile(modelPath);
    const bool ready = waitFor(
        [&] {
            return window.currentModel() && window.currentSolution() && graph->currentLayout() &&
                   !graph->isLayoutPending() && !solver->isBusy() && !window.engine()->isBusy();
        },
        600000);
    if (!ready) {
        std::cerr
            << "bench_explorer: the model was not open, laid out and solved within 10 minutes\n";
        return 1;
    }
    const double openMs = msBetween(openStart, Clock::now());
    spin(500); // the first paints

    const session::OpenedModelPtr model = window.currentModel();
    const SolutionSetPtr first = window.currentSolution();
    std::printf("%s\n", command.c_str());
    std::printf(
        "Explorer: slider change to the Pareto chart and the graph view painted with the new "
        "solution, ResNet-50-shaped model (%d layers, %zu graph nodes laid out, %zu "
        "candidates) opened through MainWindow::openFile in a 1280x800 window (%s), no "
        "samples: solved on weight errors, the drop limit does not apply. Opened, laid out and "
        "solved in %.1f s. Times in "
        "ms; a move from a settled window leaves the panel on the next event-loop turn (drags fold "
        "into one emission per %d ms).\n\n",
        model->analysis.layerCount(), graph->currentLayout()->nodes.size(),
        first->candidates.size(), qgetenv("QT_QPA_PLATFORM").constData(), openMs / 1000.0,
        ConstraintPanel::kCoalesceMs);
    std::fflush(stdout);

    ConstraintPanel* panel = window.constraintPanel();
    struct Kind {
        std::string name;
        QSlider* slider;
        std::vector<int> positions;
    };
    const LogScale memory = panel->memoryScale();
    const LogScale uplink = panel->uplinkScale();
    std::vector<Kind> kinds = {
        // down and back up, so that the clicks below find a roomy limit and many candidates
        {"memory", panel->memorySlider(),
         sweep(memory.position(512.0 * 1048576), memory.position(256.0 * 1024), moves)},
        {"uplink", panel->uplinkSlider(),
         sweep(uplink.position(64.0 * 1024), uplink.position(1024.0 * 1048576), moves)},
        {"drop", panel->dropSlider(),
         sweep(ConstraintPanel::dropPosition(0.0), ConstraintPanel::dropPosition(10.0), moves)},
    };
    std::vector<Sample> all;
    std::vector<std::vector<Sample>> byKind;
    size_t memorySolutions = 0;
    for (Kind& kind : kinds) {
        std::vector<Sample> samples;
        for (int position : kind.positions) {
            if (position == kind.slider->value())
                continue; // no change, no signal
            Sample s;
            if (!bench.move(kind.slider, position, s))
                return 1;
            samples.push_back(s);
            all.push_back(s);
        }
        byKind.push_back(std::move(samples));
        if (byKind.size() == 1)
            memorySolutions = bench.seen().size();
    }

    // Where the "views" time goes: MainWindow::showSolution's calls replayed widget by widget on
    // the memory moves' solutions (same uplink), each timed alone; no paint.
    std::vector<double> chartMs, breakdownMs, detailsMs, graphMs;
    {
        const double cloudOnly = window.paretoChart()->referenceSeconds();
        for (size_t i = 0; i < memorySolutions; ++i) {
            const SolutionSetPtr& set = bench.seen()[i];
            auto t = Clock::now();
            window.paretoChart()->setSolutionSet(set, cloudOnly);
            window.paretoChart()->setSelected(set->selected);
            auto u = Clock::now();
            chartMs.push_back(msBetween(t, u));
            window.breakdownChart()->setSolutionSet(set);
            window.breakdownChart()->setSelected(set->selected);
            t = Clock::now();
            breakdownMs.push_back(msBetween(u, t));
            window.solutionDetails()->setEvaluating(true);
            window.solutionDetails()->setSolutionSet(set);
            window.solutionDetails()->setSelected(set->selected);
            u = Clock::now();
            detailsMs.push_back(msBetween(t, u));
            graph->setUplink(solver->uplink());
            graph->setPotentialSplits(set->potentialSplits);
            graph->setSolution(&set->selectedCandidate());
            t = Clock::now();
            graphMs.push_back(msBetween(u, t));
            spin(10);
        }
        // back to what the window had
        const SolutionSetPtr current = window.currentSolution();
        window.paretoChart()->setSolutionSet(current, cloudOnly);
        window.breakdownChart()->setSolutionSet(current);
        window.solutionDetails()->setSolutionSet(current);
        graph->setUplink(solver->uplink());
        graph->setPotentialSplits(current->potentialSplits);
        graph->setSolution(&current->selectedCandidate());
        spin(100);
    }

    // Clicks on front candidates in an order that moves the cut every time.
    std::vector<Sample> clicks;
    size_t clickSplits = 0;
    {
        const SolutionSetPtr set = window.currentSolution();
        std::vector<int> bySplit; // one front candidate per split
        for (int i : set->paretoFront)
            if (std::none_of(bySplit.begin(), bySplit.end(), [&](int j) {
                    return set->candidates[static_cast<size_t>(j)].split ==
                           set->candidates[static_cast<size_t>(i)].split;
                }))
                bySplit.push_back(i);
        clickSplits = bySplit.size();
        std::sort(bySplit.begin(), bySplit.end(), [&](int a, int b) {
            return set->candidates[static_cast<size_t>(a)].split <
                   set->candidates[static_cast<size_t>(b)].split;
        });
        if (bySplit.size() >= 2) {
            std::vector<int> order; // lowest, highest, second lowest, ...
            for (size_t lo = 0, hi = bySplit.size() - 1; lo <= hi && hi < bySplit.size();
                 ++lo, --hi) {
                order.push_back(bySplit[lo]);
                if (hi != lo)
                    order.push_back(bySplit[hi]);
            }
            for (size_t k = 0; clicks.size() < static_cast<size_t>(moves); ++k) {
                const int index = order[k % order.size()];
                const auto& shown = graph->solution();
                if (shown && shown->split == set->candidates[static_cast<size_t>(index)].split)
                    continue; // already shown: a click would change nothing
                Sample s;
                if (!bench.click(index, s))
                    return 1;
                clicks.push_back(s);
            }
        }
    }

    std::printf("| step                       | moves | total: median, p90, max    | "
                "emit->painted: med p90 max | solve  | views  | paint  | repainted |\n");
    std::printf("|----------------------------|-------|----------------------------|-"
                "---------------------------|--------|--------|--------|-----------|\n");
    for (size_t k = 0; k < kinds.size(); ++k)
        printGroups(kinds[k].name, byKind[k], true);
    printGroups("chart click", clicks, false);
    int repaintedTwice = 0;
    for (const auto* group : {&all, &clicks})
        for (const Sample& s : *group)
            repaintedTwice += s.chartPaints > 1 || s.graphPaints > 1;
    std::printf("\n(emit->painted: median, p90 and max. solve, views, paint: medians. repainted: "
                "moves after which the chart view / the graph view repainted; after the others "
                "it had nothing new to show. A view painted more than once after %d of the "
                "moves and clicks. Chart clicks cycle over the %zu distinct splits of the Pareto "
                "front, lowest and highest alternating.)\n",
                repaintedTwice, clickSplits);

    std::printf("\nViews, by widget (showSolution's calls replayed on the %zu memory moves' "
                "solutions, median ms): Pareto chart %.2f, latency breakdown %.2f, solution "
                "details %.2f, graph view %.2f.\n",
                memorySolutions, stats(chartMs).median, stats(breakdownMs).median,
                stats(detailsMs).median, stats(graphMs).median);

    int changed = 0;
    for (const Sample& s : all)
        changed += s.splitChanged;
    const Stats overall = stats(column(all, &Sample::total));
    const SolutionSetPtr last = window.currentSolution();
    std::printf("\nSelected split changed on %d of %zu slider moves (selected now: %s, split %d; "
                "the solver says: %s).\n",
                changed, all.size(), methodName(last->selectedCandidate().method).data(),
                last->selectedCandidate().split, last->selectionReason.c_str());
    std::printf("Goal: slider change to chart and graph painted < %.0f ms. Measured over all %zu "
                "slider moves: median %.1f ms, p90 %.1f ms, max %.1f ms: %s.\n",
                kGoalMs, all.size(), overall.median, overall.p90, overall.max,
                overall.p90 < kGoalMs ? (overall.max < kGoalMs ? "met (every move)" : "met (p90)")
                                      : "NOT met");
    return 0;
}
