// Engine: loads the embedded sample and files on a worker thread, reports failures with the
// file's name, delivers only the newest request's result, cancels, and can be destroyed mid-job.

#include "tests/support/classifier_sample.h"
#include "widgets/engine/engine.h"

#include "resources/embedded_resources.h"
#include "tests/support/model_builder.h"

#include <QFile>
#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <onnx/onnx_pb.h>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

constexpr int kTimeoutMs = 60000;

QString writeModel(const QTemporaryDir& dir, const QString& name, const onnx::ModelProto& model) {
    const QString path = dir.filePath(name);
    saveModel(model, QFile::encodeName(path).toStdString());
    return path;
}

} // namespace

class TestEngine : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void loadsEmbeddedSample();
    void loadsFile();
    void badFileFailsNamingTheFile();
    void missingFileFailsNamingTheFile();
    void newerRequestSupersedesOlder();
    void newerRequestSupersedesOlderThatFinishesFirst();
    void cancelDropsTheJob();
    void destroyedMidJob();

private:
    QTemporaryDir m_dir;
    QString m_chainPath;
    QString m_bigPath;
};

void TestEngine::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_chainPath = writeModel(m_dir, QStringLiteral("chain.onnx"), buildChain(3, 8, 16));
    // Big enough (about 9 MB of weights) that its import is still running when the test acts.
    m_bigPath = writeModel(m_dir, QStringLiteral("big_chain.onnx"), buildChain(60, 64, 56));
}

void TestEngine::loadsEmbeddedSample() {
    Engine engine;
    QSignalSpy loaded(&engine, &Engine::modelLoaded);
    QSignalSpy failed(&engine, &Engine::loadFailed);
    QSignalSpy progress(&engine, &Engine::progress);
    QSignalSpy busy(&engine, &Engine::busyChanged);
    engine.openSample(test::kClassifierId);
    QVERIFY(engine.isBusy());
    QVERIFY(loaded.wait(kTimeoutMs));
    QVERIFY2(failed.isEmpty(),
             failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    QVERIFY(!engine.isBusy());
    QCOMPARE(busy.count(), 2);
    QCOMPARE(busy.at(0).at(0).toBool(), true);
    QCOMPARE(busy.at(1).at(0).toBool(), false);

    const auto model = loaded.first().first().value<session::OpenedModelPtr>();
    QVERIFY(model);
    QVERIFY(model->isSample);
    QCOMPARE(model->displayName, test::classifierSample().fileName);

    // Checked against the file itself, parsed here with the ONNX protobuf types: every node
    // except the Constant ones (weights, which import turns into constants) is a graph node.
    QFile file(test::classifierSample().modelPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QCOMPARE(model->fileSize(), bytes.size());
    onnx::ModelProto proto;
    QVERIFY(proto.ParseFromArray(bytes.constData(), static_cast<int>(bytes.size())));
    int operators = 0;
    for (const auto& node : proto.graph().node())
        operators += node.op_type() != "Constant";
    QCOMPARE(int(model->rawGraph.nodeCount()), operators);
    QCOMPARE(model->analysis.layerCount(), int(model->graph.nodeCount()));
    QVERIFY(model->analysis.layerCount() > 0);

    // The sample's dynamic input gets PaddleOCR's 1x3x48x192, so the raw input is 27,648 bytes.
    QCOMPARE(model->graph.inputs().size(), size_t(1));
    QCOMPARE(model->graph.value(model->graph.inputs()[0]).shape.toString(),
             std::string("1x3x48x192"));
    QCOMPARE(model->analysis.rawInputBytes, int64_t(1 * 3 * 48 * 192));

    // Progress: permille within range, never backwards.
    QVERIFY(!progress.isEmpty());
    int last = -1;
    for (const auto& args : progress) {
        const int permille = args.at(0).toInt();
        QVERIFY(permille >= 0 && permille <= 1000);
        QVERIFY(permille >= last);
        QVERIFY(!args.at(1).toString().isEmpty());
        last = permille;
    }
}

void TestEngine::loadsFile() {
    Engine engine;
    QSignalSpy loaded(&engine, &Engine::modelLoaded);
    engine.openFile(m_chainPath);
    QVERIFY(loaded.wait(kTimeoutMs));
    const auto model = loaded.first().first().value<session::OpenedModelPtr>();
    QCOMPARE(model->filePath, QFileInfo(m_chainPath).absoluteFilePath());
    QCOMPARE(model->displayName, QStringLiteral("chain.onnx"));
    QVERIFY(!model->isSample);
    QCOMPARE(model->fileSize(), QFileInfo(m_chainPath).size());
    QCOMPARE(model->rawGraph.nodeCount(), size_t(6)); // 3 x (Conv, Relu) as built
    QCOMPARE(model->passNames, engine.passNames());
    QCOMPARE(model->passReports.size(), engine.passNames().size());
    QCOMPARE(model->analysis.rawInputBytes, int64_t(3 * 16 * 16));
}

void TestEngine::badFileFailsNamingTheFile() {
    const QString path = m_dir.filePath(QStringLiteral("not_a_model.onnx"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("this is not a protobuf \xff\xff\xff\xff\xff");
    file.close();
    Engine engine;
    QSignalSpy loaded(&engine, &Engine::modelLoaded);
    QSignalSpy failed(&engine, &Engine::loadFailed);
    engine.openFile(path);
    QVERIFY(failed.wait(kTimeoutMs));
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(QStringLiteral("not_a_model.onnx")), qPrintable(message));
    QVERIFY2(!message.contains(QLatin1Char('\n')), "one line");
    QVERIFY(loaded.isEmpty());
    QVERIFY(!engine.isBusy());
}

void TestEngine::missingFileFailsNamingTheFile() {
    Engine engine;
    QSignalSpy failed(&engine, &Engine::loadFailed);
    engine.openFile(m_dir.filePath(QStringLiteral("nowhere.onnx")));
    QVERIFY(failed.wait(kTimeoutMs));
    QVERIFY2(failed.first().first().toString().contains(QStringLiteral("nowhere.onnx")),
             qPrintable(failed.first().first().toString()));
}

// The older request is still running when the newer one starts; only the newer one arrives.
void TestEngine::newerRequestSupersedesOlder() {
    Engine engine;
    QSignalSpy loaded(&engine, &Engine::modelLoaded);
    QSignalSpy failed(&engine, &Engine::loadFailed);
    engine.openFile(m_bigPath);
    const quint64 first = engine.generation();
    engine.openSample(test::kClassifierId);
    QVERIFY(engine.generation() > first);
    QVERIFY(loaded.wait(kTimeoutMs));
    QVERIFY(engine.waitForWorkers(kTimeoutMs));
    QCoreApplication::processEvents(); // anything the old worker posted is handled now
    QCOMPARE(loaded.count(), 1);
    QVERIFY(failed.isEmpty());
    QCOMPARE(loaded.first().first().value<session::OpenedModelPtr>()->displayName,
             test::classifierSample().fileName);
}

// The older (small) request finishes first, but its result arrives after a newer (big) request
// was made, so it is stale and dropped: only the big model is delivered.
void TestEngine::newerRequestSupersedesOlderThatFinishesFirst() {
    Engine engine;
    QSignalSpy loaded(&engine, &Engine::modelLoaded);
    engine.openFile(m_chainPath);
    QVERIFY(engine.waitForWorkers(kTimeoutMs)); // the small job is done; its result is queued
    engine.openFile(m_bigPath);
    QVERIFY(loaded.wait(kTimeoutMs));
    QVERIFY(engine.waitForWorkers(kTimeoutMs));
    QCoreApplication::processEvents();
    QCOMPARE(loaded.count(), 1);
    QCOMPARE(loaded.first().first().value<session::OpenedModelPtr>()->displayName,
             QStringLiteral("big_chain.onnx"));
}

void TestEngine::cancelDropsTheJob() {
    Engine engine;
    QSignalSpy loaded(&engine, &Engine::modelLoaded);
    QSignalSpy failed(&engine, &Engine::loadFailed);
    QSignalSpy cancelled(&engine, &Engine::cancelled);
    engine.openFile(m_bigPath);
    QVERIFY(engine.isBusy());
    engine.cancel();
    QVERIFY(!engine.isBusy());
    QCOMPARE(cancelled.count(), 1);
    QVERIFY(engine.waitForWorkers(kTimeoutMs));
    QTest::qWait(50);
    QCOMPARE(loaded.count(), 0);
    QCOMPARE(failed.count(), 0);
    engine.cancel(); // nothing running: no second signal
    QCOMPARE(cancelled.count(), 1);
    // The engine is usable again.
    engine.openFile(m_chainPath);
    QVERIFY(loaded.wait(kTimeoutMs));
    QCOMPARE(loaded.count(), 1);
}

void TestEngine::destroyedMidJob() {
    auto* engine = new Engine;
    QPointer<Engine> guard(engine);
    QSignalSpy loaded(engine, &Engine::modelLoaded);
    engine->openFile(m_bigPath);
    engine->openSample(test::kClassifierId);
    delete engine; // cancels and waits for both workers
    QVERIFY(guard.isNull());
    QTest::qWait(50); // nothing queued for the dead engine runs
    QCOMPARE(loaded.count(), 0);
}

QTEST_MAIN(TestEngine)
#include "test_engine.moc"
