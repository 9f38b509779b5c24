// MainWindow, offscreen: opens the sample into the table and summary, keeps the shown model when
// a load fails, filters, persists recent files and limits, accepts dropped .onnx files, closes
// safely mid-load, and speaks German with the German catalogue.

#include "widgets/engine.h"
#include "widgets/layer_filter_proxy_model.h"
#include "widgets/layer_table_model.h"
#include "widgets/main_window.h"
#include "widgets/model_summary_view.h"
#include "widgets/translations.h"

#include "resources/embedded_resources.h"
#include "tests/support/model_builder.h"

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTranslator>
#include <QtTest>

#include <onnx/onnx_pb.h>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

constexpr int kTimeoutMs = 60000;

QString writeModel(const QTemporaryDir& dir, const QString& name, const onnx::ModelProto& model) {
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    const std::string bytes = model.SerializeAsString();
    file.write(bytes.data(), static_cast<qint64>(bytes.size()));
    return path;
}

ModelAnalysisPtr openAndWait(MainWindow& window, const QString& path) {
    QSignalSpy shown(&window, &MainWindow::modelShown);
    if (path.isEmpty())
        window.openSample();
    else
        window.openFile(path);
    if (!shown.wait(kTimeoutMs))
        return nullptr;
    return shown.first().first().value<ModelAnalysisPtr>();
}

void closeErrorBoxes(QWidget& window) {
    for (auto* box : window.findChildren<QMessageBox*>(QStringLiteral("loadErrorBox")))
        box->close();
    QCoreApplication::processEvents();
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void opensSampleIntoTable();
    void failedOpenKeepsShownModel();
    void filterNarrowsTable();
    void splitCriteriaFromToolbar();
    void recentFilesAndSettingsPersist();
    void dropOpensOnnxFile();
    void closingMidLoadIsSafe();
    void germanTranslation();

private:
    QTemporaryDir m_dir;
    QTemporaryDir m_settingsDir;
    QString m_chainPath;
    QString m_bigPath;
};

void TestMainWindow::initTestCase() {
    QVERIFY(m_dir.isValid() && m_settingsDir.isValid());
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    // Settings go to a scratch folder, never to the user's.
    QCoreApplication::setOrganizationName(QStringLiteral("autosplit-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_main_window"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    m_chainPath = writeModel(m_dir, QStringLiteral("chain.onnx"), buildChain(3, 8, 16));
    m_bigPath = writeModel(m_dir, QStringLiteral("big_chain.onnx"), buildChain(60, 64, 56));
}

void TestMainWindow::init() {
    QSettings().clear();
}

void TestMainWindow::opensSampleIntoTable() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const ModelAnalysisPtr model = openAndWait(window, {});
    QVERIFY(model);
    QCOMPARE(window.currentModel(), model);
    QCOMPARE(window.layerTable()->model()->rowCount(), model->analysis.layerCount());
    QCOMPARE(window.layerTable()->model()->rowCount(), int(model->graph.nodeCount()));
    QCOMPARE(window.windowTitle(), resources::sampleModelName());
    const QString summary = window.summaryView()->toPlainText();
    QVERIFY2(summary.contains(resources::sampleModelName()), qPrintable(summary));
    QVERIFY(summary.contains(QStringLiteral("1x3x48x192")));
    for (const auto& report : model->passReports)
        QVERIFY(summary.contains(QString::fromStdString(report.pass)));
    auto* count = window.findChild<QLabel*>(QStringLiteral("layerCount"));
    QVERIFY(count);
    QCOMPARE(count->text(),
             QStringLiteral("%1 layers").arg(QLocale().toString(model->analysis.layerCount())));
    auto* state = window.findChild<QLabel*>(QStringLiteral("engineState"));
    QVERIFY(state->text().contains(resources::sampleModelName()));
    // The sample is not a file: it stays out of the recent list.
    QVERIFY(window.recentFiles().isEmpty());
}

void TestMainWindow::failedOpenKeepsShownModel() {
    MainWindow window;
    window.show();
    const ModelAnalysisPtr model = openAndWait(window, m_chainPath);
    QVERIFY(model);
    const int rows = window.layerTable()->model()->rowCount();
    const QString bad = m_dir.filePath(QStringLiteral("truncated.onnx"));
    {
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const std::string bytes = buildChain(3, 8, 16).SerializeAsString();
        file.write(bytes.data(), static_cast<qint64>(bytes.size() / 2));
    }
    QSignalSpy errors(&window, &MainWindow::loadErrorShown);
    window.openFile(bad);
    QVERIFY(errors.wait(kTimeoutMs));
    QVERIFY2(errors.first().first().toString().contains(QStringLiteral("truncated.onnx")),
             qPrintable(errors.first().first().toString()));
    auto* box = window.findChild<QMessageBox*>(QStringLiteral("loadErrorBox"));
    QVERIFY(box);
    QVERIFY(box->isVisible());
    QVERIFY(box->text().contains(QStringLiteral("truncated.onnx")));
    // Nothing the user had is lost.
    QCOMPARE(window.currentModel(), model);
    QCOMPARE(window.layerTable()->model()->rowCount(), rows);
    QVERIFY(window.summaryView()->toPlainText().contains(QStringLiteral("chain.onnx")));
    QCOMPARE(window.windowTitle(), QStringLiteral("chain.onnx"));
    QCOMPARE(window.recentFiles(), QStringList{QFileInfo(m_chainPath).absoluteFilePath()});
    closeErrorBoxes(window);
}

void TestMainWindow::filterNarrowsTable() {
    MainWindow window;
    window.show();
    const ModelAnalysisPtr model = openAndWait(window, {});
    QVERIFY(model);
    QTest::keyClicks(window.filterEdit(), QStringLiteral("conv"));
    int expected = 0;
    for (const auto& layer : model->analysis.layers)
        expected += QString::fromStdString(layer.name + " " + layer.opType)
                        .contains(QStringLiteral("conv"), Qt::CaseInsensitive);
    QVERIFY(expected > 0 && expected < model->analysis.layerCount());
    QCOMPARE(window.layerTable()->model()->rowCount(), expected);
    auto* count = window.findChild<QLabel*>(QStringLiteral("layerCount"));
    QCOMPARE(count->text(),
             QStringLiteral("%1 of %2 layers").arg(expected).arg(model->analysis.layerCount()));
    window.filterEdit()->clear();
    QCOMPARE(window.layerTable()->model()->rowCount(), model->analysis.layerCount());
}

void TestMainWindow::splitCriteriaFromToolbar() {
    MainWindow window;
    window.show();
    const ModelAnalysisPtr model = openAndWait(window, m_chainPath);
    QVERIFY(model);
    auto* memory = window.findChild<QSpinBox*>(QStringLiteral("memoryLimit"));
    auto* bits = window.findChild<QSpinBox*>(QStringLiteral("lowestBits"));
    QVERIFY(memory && bits);
    for (auto [kib, b] : {std::pair{1, 8}, {4, 4}, {64, 2}, {100000, 8}}) {
        memory->setValue(kib);
        bits->setValue(b);
        const auto expected = model->analysis.potentialSplits(qint64(kib) * 1024, b);
        QCOMPARE(window.layerModel()->potentialSplitCount(), int(expected.size()));
        QCOMPARE(window.layerModel()->memoryLimitBytes(), qint64(kib) * 1024);
        QCOMPARE(window.layerModel()->lowestBits(), b);
    }
}

void TestMainWindow::recentFilesAndSettingsPersist() {
    const QString chain = QFileInfo(m_chainPath).absoluteFilePath();
    {
        MainWindow window;
        window.show();
        QVERIFY(openAndWait(window, m_chainPath));
        QCOMPARE(window.recentFiles(), QStringList{chain});
        window.findChild<QSpinBox*>(QStringLiteral("memoryLimit"))->setValue(333);
        window.resize(900, 650);
        window.close(); // writes settings
    }
    QCOMPARE(QSettings().value(QStringLiteral("recentFiles")).toStringList(), QStringList{chain});
    MainWindow again;
    QCOMPARE(again.recentFiles(), QStringList{chain});
    QCOMPARE(again.findChild<QSpinBox*>(QStringLiteral("memoryLimit"))->value(), 333);
    QCOMPARE(again.size(), QSize(900, 650));
    QCOMPARE(again.layerModel()->memoryLimitBytes(), qint64(333) * 1024);
}

void TestMainWindow::dropOpensOnnxFile() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QMimeData text;
    text.setUrls({QUrl::fromLocalFile(m_dir.filePath(QStringLiteral("notes.txt")))});
    QDragEnterEvent rejected(QPoint(10, 10), Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &rejected);
    QVERIFY(!rejected.isAccepted());

    QMimeData onnx;
    onnx.setUrls({QUrl::fromLocalFile(m_chainPath)});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &onnx, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QSignalSpy shown(&window, &MainWindow::modelShown);
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &onnx, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &drop);
    QVERIFY(shown.wait(kTimeoutMs));
    QCOMPARE(shown.first().first().value<ModelAnalysisPtr>()->filePath,
             QFileInfo(m_chainPath).absoluteFilePath());
}

void TestMainWindow::closingMidLoadIsSafe() {
    auto* window = new MainWindow;
    window->show();
    QSignalSpy shown(window, &MainWindow::modelShown);
    window->openFile(m_bigPath);
    QVERIFY(window->engine()->isBusy());
    window->close();
    delete window; // the engine cancels and waits for its worker
    QTest::qWait(50);
    QCOMPARE(shown.count(), 0);
}

void TestMainWindow::germanTranslation() {
    const QStringList loaded =
        installTranslations(*qApp, QLocale(QLocale::German, QLocale::Germany));
    QVERIFY2(loaded.contains(QStringLiteral(":/i18n/autosplit_de.qm")),
             qPrintable(loaded.join(u',')));
    {
        MainWindow window;
        QStringList menus;
        for (QAction* action : window.menuBar()->actions())
            menus << action->text();
        QCOMPARE(menus, (QStringList{QStringLiteral("&Datei"), QStringLiteral("&Hilfe")}));
        QCOMPARE(window.filterEdit()->placeholderText(),
                 QStringLiteral("Schichten nach Name oder Operator filtern"));
        QCOMPARE(window.layerModel()
                     ->headerData(LayerTableModel::ParamsColumn, Qt::Horizontal)
                     .toString(),
                 QStringLiteral("Parameter"));
    }
    for (QTranslator* translator : qApp->findChildren<QTranslator*>()) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
    // English again without the catalogue.
    MainWindow window;
    QCOMPARE(window.menuBar()->actions().first()->text(), QStringLiteral("&File"));
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
