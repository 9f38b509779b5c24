// "This computer (measured)" in the explorer's device pickers: choosing it measures the opened
// model in the background and the solve then uses the measured profile (the second time from the
// cache); Cancel in the status bar puts the picker back on the device before and the solve keeps
// it.

#include "widgets/constraints/constraint_panel.h"
#include "widgets/engine/engine.h"
#include "widgets/engine/solve_engine.h"
#include "widgets/main_window.h"

#include "session/measured_device.h"
#include "tests/support/model_builder.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

constexpr int kTimeoutMs = 120000;

int thisItem(QComboBox* box) {
    return box->findData(QString::fromLatin1(session::kThisComputer));
}

session::OpenedModelPtr openAndWait(MainWindow& window, const QString& path) {
    QSignalSpy shown(&window, &MainWindow::modelShown);
    window.openFile(path);
    if (!shown.wait(kTimeoutMs))
        return nullptr;
    return shown.first().first().value<session::OpenedModelPtr>();
}

} // namespace

class TestMeasuredDevicePicker : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void measuresAndSolvesWithIt();
    void cancelRestoresThePreviousDevice();

private:
    QTemporaryDir m_dir;
    QString m_model;
};

void TestMeasuredDevicePicker::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_model = m_dir.filePath(QStringLiteral("residual.onnx"));
    saveModel(buildResidualBlock(), QFile::encodeName(m_model).toStdString());
}

void TestMeasuredDevicePicker::measuresAndSolvesWithIt() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, m_model));
    QComboBox* edge = window.constraintPanel()->edgeDeviceBox();
    QVERIFY(thisItem(edge) >= 0);
    QVERIFY(thisItem(window.constraintPanel()->cloudDeviceBox()) >= 0);
    Engine* engine = window.engine();
    QSignalSpy measured(engine, &Engine::deviceMeasured);
    QSignalSpy progress(engine, &Engine::measureProgress);
    QSignalSpy solved(engine->solveEngine(), &SolveEngine::solutionReady);
    edge->setCurrentIndex(thisItem(edge));
    QVERIFY(engine->isMeasuring());
    QVERIFY(measured.wait(kTimeoutMs));
    QVERIFY(!progress.isEmpty());
    QCOMPARE(measured.first().at(0).toBool(), true);
    const QString path = measured.first().at(1).toString();
    QVERIFY(QFile::exists(path));
    QVERIFY(session::isMeasuredProfileCache(path));
    // the picker shows the measured device, and the solve runs on it
    QCOMPARE(edge->currentData().toString(), path);
    QVERIFY2(edge->currentText().contains(QStringLiteral("This computer")),
             qPrintable(edge->currentText()));
    QTRY_COMPARE_WITH_TIMEOUT(engine->solveEngine()->constraints().edgeDevice, path, kTimeoutMs);
    QVERIFY(solved.wait(kTimeoutMs) || !solved.isEmpty());
    QCOMPARE(window.constraintPanel()->constraints().edgeDevice, path);

    // back to a preset, then this computer again: read from the cache, the same file
    const QDir cache = QFileInfo(path).absoluteDir();
    const QStringList before = cache.entryList({QStringLiteral("*.json")});
    const QDateTime written = QFileInfo(path).lastModified();
    edge->setCurrentIndex(edge->findData(QStringLiteral("eyeriss")));
    QSignalSpy again(engine, &Engine::deviceMeasured);
    edge->setCurrentIndex(thisItem(edge));
    QVERIFY(again.wait(kTimeoutMs));
    QCOMPARE(again.first().at(1).toString(), path);
    QCOMPARE(cache.entryList({QStringLiteral("*.json")}), before);
    QCOMPARE(QFileInfo(path).lastModified(), written);
}

void TestMeasuredDevicePicker::cancelRestoresThePreviousDevice() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, m_model));
    QComboBox* cloud = window.constraintPanel()->cloudDeviceBox();
    const QString before = cloud->currentData().toString();
    QVERIFY(!session::isThisComputer(before));
    Engine* engine = window.engine();
    QSignalSpy cancelled(engine, &Engine::deviceMeasureCancelled);
    QSignalSpy measured(engine, &Engine::deviceMeasured);
    cloud->setCurrentIndex(thisItem(cloud));
    QVERIFY(engine->isMeasuring());
    auto* cancel = window.findChild<QToolButton*>(QStringLiteral("cancelButton"));
    QVERIFY(cancel);
    QVERIFY(cancel->isVisible());
    cancel->click();
    QCOMPARE(cancelled.count(), 1);
    QCOMPARE(cancelled.first().first().toBool(), false);
    QVERIFY(!engine->isMeasuring());
    QCOMPARE(cloud->currentData().toString(), before);
    QCOMPARE(window.constraintPanel()->constraints().cloudDevice, before);
    // the superseded measurement never arrives
    QTest::qWait(500);
    QVERIFY(measured.isEmpty());
    QCOMPARE(cloud->currentData().toString(), before);
    QCOMPARE(engine->solveEngine()->constraints().cloudDevice, before);
}

QTEST_MAIN(TestMeasuredDevicePicker)
#include "test_measured_device_picker.moc"
