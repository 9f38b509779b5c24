// File > Save/Open Exploration in the main window, offscreen: a study on the embedded classifier
// comes back in a fresh window with its settings, its measured drops (none measured again) and
// the candidate the user picked; a model that moved on its own is asked for, one whose contents
// changed is warned about; a damaged file, a cancelled question or a model that fails to load
// leave the window as it was.

#include "tests/support/classifier_sample.h"
#include "tests/support/model_builder.h"
#include "widgets/charts/pareto_chart.h"
#include "widgets/constraints/constraint_panel.h"
#include "widgets/engine/engine.h"
#include "widgets/engine/solve_engine.h"
#include "widgets/main_window.h"

#include "core/solve/drop_cache.h"
#include "session/exploration_file.h"
#include "session/solve_session.h"

#include <QAction>
#include <QFile>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <onnx/onnx_pb.h>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

constexpr int kTimeoutMs = 60000;

QString writeModel(const QString& path, const onnx::ModelProto& model) {
    saveModel(model, QFile::encodeName(path).toStdString());
    return path;
}

// Opens and waits until the solve engine is idle with a solution (drops measured).
bool openSettled(MainWindow& window, const QString& path) {
    QSignalSpy shown(&window, &MainWindow::modelShown);
    if (path.isEmpty())
        window.openSample(test::kClassifierId);
    else
        window.openFile(path);
    if (!shown.wait(kTimeoutMs))
        return false;
    return QTest::qWaitFor(
        [&] { return window.currentSolution() && !window.engine()->solveEngine()->isBusy(); },
        10 * kTimeoutMs);
}

void closeBoxes(QWidget& window) {
    for (auto* box : window.findChildren<QMessageBox*>())
        box->close();
    QCoreApplication::processEvents();
}

} // namespace

class TestExplorationWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void menuAndShortcuts();
    void restoresStudyWithDropsAndPick();
    void movedModelIsAskedFor();
    void changedModelIsWarnedAbout();
    void damagedFileChangesNothing();
    void failedModelLoadChangesNothing();
    void unsavedChangesAreAskedForOnClose();

private:
    QTemporaryDir m_dir;
    QTemporaryDir m_settingsDir;
};

void TestExplorationWindow::initTestCase() {
    QVERIFY(m_dir.isValid() && m_settingsDir.isValid());
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QCoreApplication::setOrganizationName(QStringLiteral("autosplit-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_exploration_window"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestExplorationWindow::init() {
    QSettings().clear();
}

void TestExplorationWindow::menuAndShortcuts() {
    MainWindow window;
    QAction* save = window.action(QStringLiteral("saveExplorationAction"));
    QAction* saveAs = window.action(QStringLiteral("saveExplorationAsAction"));
    QAction* open = window.action(QStringLiteral("openExplorationAction"));
    QAction* report = window.action(QStringLiteral("exportReportAction"));
    QVERIFY(save && saveAs && open && report);
    QCOMPARE(save->shortcut(), QKeySequence(QKeySequence::Save));
    QCOMPARE(open->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    // no model: nothing to save or report; opening always works
    QVERIFY(!save->isEnabled() && !saveAs->isEnabled() && !report->isEnabled());
    QVERIFY(open->isEnabled());
    // every shortcut of the window is used once
    QSet<QKeySequence> seen;
    for (QAction* a : window.findChildren<QAction*>())
        for (const QKeySequence& k : a->shortcuts()) {
            QVERIFY2(!seen.contains(k), qPrintable(k.toString()));
            seen.insert(k);
        }
}

void TestExplorationWindow::restoresStudyWithDropsAndPick() {
    const QString path = m_dir.filePath(QStringLiteral("classifier.autosplit"));
    session::SolveSettings savedSettings;
    std::string pickedKey;
    size_t savedDrops = 0;
    {
        MainWindow window;
        window.show();
        QVERIFY(openSettled(window, {}));
        // settings of the user's own: another uplink and edge memory
        session::SolveSettings c = window.constraintPanel()->constraints();
        c.uplinkBitsPerSecond = 20.0 * 1048576.0;
        c.edgeMemoryBytes = 2 << 20;
        window.constraintPanel()->apply(c);
        QVERIFY(QTest::qWaitFor(
            [&] {
                return window.engine()->solveSettings() ==
                           window.constraintPanel()->constraints() &&
                       !window.engine()->solveEngine()->isBusy() && window.currentSolution() &&
                       window.currentSolution()->constraints.edgeMemoryBytes == (2 << 20);
            },
            10 * kTimeoutMs));
        savedSettings = window.engine()->solveSettings();
        // pick a measured candidate other than the solver's selection
        const SolutionSetPtr set = window.currentSolution();
        int picked = -1;
        for (int i = 0; i < static_cast<int>(set->candidates.size()); ++i)
            if (i != set->selected && set->candidates[static_cast<size_t>(i)].measuredDrop)
                picked = i;
        QVERIFY2(picked >= 0, "no measured candidate besides the selection");
        emit window.paretoChart()->candidateClicked(picked);
        QCOMPARE(window.shownCandidate(), picked);
        pickedKey = DropCache::keyOf(set->candidates[static_cast<size_t>(picked)]);
        savedDrops = window.engine()->solveEngine()->session()->drops.size();
        QVERIFY(savedDrops > 0);

        const Status saved = window.saveExplorationTo(path);
        QVERIFY2(saved, saved ? "" : saved.error().message.c_str());
        QCOMPARE(window.explorationPath(), QFileInfo(path).absoluteFilePath());
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("classifier.autosplit[*] — ")));
        QVERIFY(!window.isWindowModified());
        QCOMPARE(window.recentExplorations().value(0), QFileInfo(path).absoluteFilePath());
        // a change marks the exploration unsaved
        c.maxAccuracyDrop = 3.0;
        window.constraintPanel()->apply(c);
        QTRY_VERIFY(window.isWindowModified());
    }
    auto read = session::readExploration(path);
    QVERIFY(read);
    QCOMPARE(read->selection.candidateKey, pickedKey);
    QCOMPARE(read->drops.size(), savedDrops);
    QCOMPARE(read->model.sampleId, test::kClassifierId);

    // a fresh window, with settings of its own that the exploration replaces
    MainWindow window;
    window.show();
    SolveEngine* solver = window.engine()->solveEngine();
    QSignalSpy restored(&window, &MainWindow::explorationRestored);
    QSignalSpy dropsRestored(solver, &SolveEngine::dropsRestored);
    QVERIFY(window.openExploration(path));
    QVERIFY(restored.wait(kTimeoutMs));
    QCOMPARE(window.currentModel()->sampleId, test::kClassifierId);
    QVERIFY(window.constraintPanel()->constraints() == savedSettings);
    QVERIFY(window.engine()->solveSettings() == savedSettings);
    QVERIFY(QTest::qWaitFor([&] { return window.currentSolution() && !solver->isBusy(); },
                            10 * kTimeoutMs));
    // the saved drops were added before the first solve, so the evaluation found them measured
    QCOMPARE(dropsRestored.count(), 1);
    QCOMPARE(dropsRestored.first().first().toInt(), static_cast<int>(savedDrops));
    QVERIFY(solver->session()->drops.size() >= savedDrops);
    // the pick, found by its assignment, not by its position
    const SolutionSetPtr set = window.currentSolution();
    QVERIFY(window.shownCandidate() >= 0);
    QCOMPARE(DropCache::keyOf(set->candidates[static_cast<size_t>(window.shownCandidate())]),
             pickedKey);
    QVERIFY(window.windowTitle().startsWith(QStringLiteral("classifier.autosplit[*] — ")));
    QVERIFY(!window.isWindowModified());
}

void TestExplorationWindow::movedModelIsAskedFor() {
    QTemporaryDir dir;
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("study"))));
    const QString model =
        writeModel(dir.filePath(QStringLiteral("study/chain.onnx")), buildChain(3, 8, 16));
    const QString path = dir.filePath(QStringLiteral("study/chain.autosplit"));
    {
        MainWindow window;
        QVERIFY(openSettled(window, model));
        QVERIFY(window.saveExplorationTo(path));
    }
    // the model alone moves away
    const QString moved = dir.filePath(QStringLiteral("elsewhere.onnx"));
    QVERIFY(QFile::rename(model, moved));

    MainWindow window;
    QStringList asked;
    window.locateModelPrompt = [&](const QString& saved) {
        asked << saved;
        return QString(); // cancelled
    };
    QVERIFY(!window.openExploration(path));
    QCOMPARE(asked, QStringList{model});
    QVERIFY(!window.currentModel());
    QVERIFY(window.explorationPath().isEmpty());

    window.locateModelPrompt = [&](const QString& saved) {
        asked << saved;
        return moved;
    };
    QSignalSpy restored(&window, &MainWindow::explorationRestored);
    QVERIFY(window.openExploration(path));
    QVERIFY(restored.wait(kTimeoutMs));
    QCOMPARE(window.currentModel()->filePath, QFileInfo(moved).absoluteFilePath());
    QCOMPARE(window.explorationPath(), QFileInfo(path).absoluteFilePath());

    // moved together with its exploration: found without asking
    QVERIFY(QFile::rename(moved, model));
    QVERIFY(QDir(dir.path()).rename(QStringLiteral("study"), QStringLiteral("moved")));
    asked.clear();
    MainWindow other;
    other.locateModelPrompt = [&](const QString& saved) {
        asked << saved;
        return QString();
    };
    QSignalSpy otherRestored(&other, &MainWindow::explorationRestored);
    QVERIFY(other.openExploration(dir.filePath(QStringLiteral("moved/chain.autosplit"))));
    QVERIFY(otherRestored.wait(kTimeoutMs));
    QVERIFY(asked.isEmpty());
    QCOMPARE(other.currentModel()->filePath,
             QFileInfo(dir.filePath(QStringLiteral("moved/chain.onnx"))).absoluteFilePath());
}

void TestExplorationWindow::changedModelIsWarnedAbout() {
    QTemporaryDir dir;
    const QString model =
        writeModel(dir.filePath(QStringLiteral("chain.onnx")), buildChain(3, 8, 16));
    const QString path = dir.filePath(QStringLiteral("chain.autosplit"));
    {
        MainWindow window;
        QVERIFY(openSettled(window, model));
        QVERIFY(window.saveExplorationTo(path));
    }
    // same name, other contents
    writeModel(model, buildChain(4, 8, 16));
    MainWindow window;
    QStringList questions;
    window.confirmChangedModelPrompt = [&](const QString& question) {
        questions << question;
        return false;
    };
    QVERIFY(!window.openExploration(path));
    QCOMPARE(questions.size(), 1);
    QVERIFY2(questions[0].contains(QStringLiteral("chain.onnx")) &&
                 questions[0].contains(QStringLiteral("changed")),
             qPrintable(questions[0]));
    QVERIFY(!window.currentModel());

    window.confirmChangedModelPrompt = [&](const QString& question) {
        questions << question;
        return true;
    };
    QSignalSpy restored(&window, &MainWindow::explorationRestored);
    QVERIFY(window.openExploration(path));
    QVERIFY(restored.wait(kTimeoutMs));
    QCOMPARE(window.currentModel()->analysis.layerCount(), 4);
}

void TestExplorationWindow::damagedFileChangesNothing() {
    QTemporaryDir dir;
    const QString model =
        writeModel(dir.filePath(QStringLiteral("chain.onnx")), buildChain(3, 8, 16));
    MainWindow window;
    QVERIFY(openSettled(window, model));
    const session::SolveSettings before = window.constraintPanel()->constraints();
    const session::OpenedModelPtr shown = window.currentModel();

    const QString path = dir.filePath(QStringLiteral("damaged.autosplit"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"format\": \"autosplit-exploration\", \"formatVersion\": 1, \"model\": {");
    file.close();
    QSignalSpy errors(&window, &MainWindow::explorationErrorShown);
    QVERIFY(!window.openExploration(path));
    QCOMPARE(errors.count(), 1);
    const QString message = errors.first().first().toString();
    QVERIFY2(message.contains(QStringLiteral("damaged.autosplit")) && !message.contains(u'\n'),
             qPrintable(message));
    auto* box = window.findChild<QMessageBox*>(QStringLiteral("explorationErrorBox"));
    QVERIFY(box);
    QVERIFY(box->informativeText().contains(QStringLiteral("chain.onnx")));
    closeBoxes(window);
    QCOMPARE(window.currentModel(), shown);
    QVERIFY(window.constraintPanel()->constraints() == before);
    QVERIFY(window.explorationPath().isEmpty());
}

void TestExplorationWindow::failedModelLoadChangesNothing() {
    QTemporaryDir dir;
    const QString model =
        writeModel(dir.filePath(QStringLiteral("chain.onnx")), buildChain(3, 8, 16));
    const QString studyPath = dir.filePath(QStringLiteral("study.autosplit"));
    MainWindow window;
    QVERIFY(openSettled(window, model));
    QVERIFY(window.saveExplorationTo(studyPath));
    const session::SolveSettings before = window.constraintPanel()->constraints();
    const session::OpenedModelPtr shown = window.currentModel();

    // an exploration of a file that is no model (its hash matches: the load itself fails)
    const QString broken = dir.filePath(QStringLiteral("broken.onnx"));
    QFile file(broken);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not a model");
    file.close();
    session::Exploration e;
    e.model.path = broken;
    e.model.sha256 = *session::fileSha256(broken);
    e.settings = before;
    e.settings.bits = {2};
    e.settings.edgeMemoryBytes = 12345;
    const QString path = dir.filePath(QStringLiteral("broken.autosplit"));
    QVERIFY(session::writeExploration(e, path));
    QSignalSpy failed(&window, &MainWindow::loadErrorShown);
    QVERIFY(window.openExploration(path));
    QVERIFY(failed.wait(kTimeoutMs));
    closeBoxes(window);
    QCOMPARE(window.currentModel(), shown);
    QVERIFY(window.constraintPanel()->constraints() == before);
    QVERIFY(window.engine()->solveSettings() == before);
    QCOMPARE(window.explorationPath(), QFileInfo(studyPath).absoluteFilePath());
}

// Closing a window whose named exploration has unsaved changes asks first: Cancel keeps the
// window open, Discard closes and leaves the file as it was, Save writes the changes.
void TestExplorationWindow::unsavedChangesAreAskedForOnClose() {
    const QString path = m_dir.filePath(QStringLiteral("close.autosplit"));
    for (const auto choice : {MainWindow::UnsavedChoice::Cancel, MainWindow::UnsavedChoice::Discard,
                              MainWindow::UnsavedChoice::Save}) {
        MainWindow window;
        window.show();
        QVERIFY(openSettled(window, {}));
        QVERIFY(window.saveExplorationTo(path));
        const QByteArray saved = [&] {
            QFile f(path);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        QVERIFY(!saved.isEmpty());
        // nothing changed: no question
        int asked = 0;
        window.unsavedChangesPrompt = [&](const QString& question) {
            ++asked;
            if (!question.contains(QStringLiteral("close.autosplit")))
                qWarning("the question does not name the file: %s", qPrintable(question));
            return choice;
        };
        session::SolveSettings c = window.constraintPanel()->constraints();
        c.edgeMemoryBytes = 3 << 20;
        window.constraintPanel()->apply(c);
        QTRY_VERIFY(window.isWindowModified());
        const bool closed = window.close();
        QCOMPARE(asked, 1);
        QCOMPARE(closed, choice != MainWindow::UnsavedChoice::Cancel);
        QCOMPARE(window.isVisible(), choice == MainWindow::UnsavedChoice::Cancel);
        auto reread = session::readExploration(path);
        QVERIFY2(reread, reread ? "" : reread.error().message.c_str());
        if (choice == MainWindow::UnsavedChoice::Save) {
            QCOMPARE(reread->settings.edgeMemoryBytes, std::optional<int64_t>(3 << 20));
        } else {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.readAll(), saved);
        }
        window.unsavedChangesPrompt = [](const QString&) {
            return MainWindow::UnsavedChoice::Discard;
        };
    }
}

QTEST_MAIN(TestExplorationWindow)
#include "test_exploration_window.moc"
