// session::openModel, the one way every front end opens a model: the file is read once (the
// bytes kept are the file's, their SHA-256 is what coreutils' sha256sum says), the graph is the
// optimized one with the pipeline that ran, options are honoured (no passes, no analysis, no raw
// graph), errors name the file, and a cancelled open fails.

#include "session/opened_model.h"

#include "tests/support/model_builder.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace autosplit;
using namespace autosplit::testing;

class TestOpenedModel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void fileReadOnceAndHashed();
    void optionsAreHonoured();
    void fromMemory();
    void errorsNameTheFile();
    void cancelledOpenFails();

private:
    QTemporaryDir m_dir;
    QString m_chain;
};

void TestOpenedModel::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_chain = m_dir.filePath(QStringLiteral("chain.onnx"));
    saveModel(buildChain(4, 8, 16), QFile::encodeName(m_chain).toStdString());
}

void TestOpenedModel::fileReadOnceAndHashed() {
    std::vector<std::string> stages;
    auto model = session::openModel(session::ModelSource::file(m_chain), {},
                                    [&](double, std::string_view stage) {
                                        if (stages.empty() || stages.back() != stage)
                                            stages.emplace_back(stage);
                                    });
    QVERIFY2(model, model ? "" : model.error().message.c_str());
    const session::OpenedModel& m = **model;
    QFile file(m_chain);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(m.bytes == file.readAll().toStdString());
    QCOMPARE(m.fileSize(), QFileInfo(m_chain).size());
    QProcess sum;
    sum.start(QStringLiteral("sha256sum"), {m_chain});
    QVERIFY(sum.waitForFinished());
    QCOMPARE(m.sha256(), sum.readAllStandardOutput().left(64));
    QCOMPARE(m.displayName, QStringLiteral("chain.onnx"));
    QCOMPARE(m.filePath, QFileInfo(m_chain).absoluteFilePath());
    QCOMPARE(m.passNames, defaultPassNames());
    QCOMPARE(m.optimizationLabel(), QByteArray("optimized"));
    QCOMPARE(int(m.analysis.layers.size()), 4);
    QVERIFY(m.rawGraph.nodes().size() >= m.graph.nodes().size());
    QCOMPARE(stages, (std::vector<std::string>{"importing", "optimizing", "analyzing"}));
    // the shared graph keeps the model alive
    std::shared_ptr<const Graph> graph = session::sharedGraph(*model);
    QCOMPARE(graph.get(), &m.graph);
    QCOMPARE(graph.use_count(), model->use_count());
}

void TestOpenedModel::optionsAreHonoured() {
    session::OpenOptions options;
    options.passNames.clear();
    options.keepRawGraph = false;
    options.analyze = false;
    auto model = session::openModel(session::ModelSource::file(m_chain), options);
    QVERIFY(model);
    QVERIFY((*model)->passReports.empty());
    QCOMPARE((*model)->optimizationLabel(), QByteArray("raw"));
    QVERIFY((*model)->rawGraph.nodes().empty());
    QVERIFY((*model)->analysis.layers.empty());
    QVERIFY(!(*model)->graph.nodes().empty());

    session::OpenOptions outputs;
    outputs.analysis.rawInputBits = 16;
    auto analysed = session::openModel(session::ModelSource::file(m_chain), outputs);
    QVERIFY(analysed);
    QCOMPARE((*analysed)->analysisOptions.rawInputBits, 16);
}

void TestOpenedModel::fromMemory() {
    const std::string bytes = buildChain(2, 4, 8).SerializeAsString();
    auto model = session::openModel(session::ModelSource::memory(
        QByteArray(bytes.data(), qsizetype(bytes.size())), QStringLiteral("in memory")));
    QVERIFY(model);
    QCOMPARE((*model)->displayName, QStringLiteral("in memory"));
    QVERIFY((*model)->filePath.isEmpty());
    QCOMPARE((*model)->fileSize(), qint64(bytes.size()));
    QCOMPARE(int((*model)->analysis.layers.size()), 2);
}

void TestOpenedModel::errorsNameTheFile() {
    const QString missing = m_dir.filePath(QStringLiteral("missing.onnx"));
    auto model = session::openModel(session::ModelSource::file(missing));
    QVERIFY(!model);
    QVERIFY2(QString::fromStdString(model.error().message).startsWith(missing),
             model.error().message.c_str());
    QCOMPARE(model.error().kind, ErrorKind::Io);
    const QString junk = m_dir.filePath(QStringLiteral("junk.onnx"));
    QFile file(junk);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("this is not a model");
    file.close();
    auto bad = session::openModel(session::ModelSource::file(junk));
    QVERIFY(!bad);
    QVERIFY2(QString::fromStdString(bad.error().message).contains(QStringLiteral("junk.onnx")),
             bad.error().message.c_str());
    QCOMPARE(bad.error().kind, ErrorKind::InvalidInput);
    session::OpenOptions options;
    options.passNames = {"no-such-pass"};
    auto pass = session::openModel(session::ModelSource::file(m_chain), options);
    QVERIFY(!pass);
    QVERIFY2(QString::fromStdString(pass.error().message).contains(QStringLiteral("no-such-pass")),
             pass.error().message.c_str());
    QVERIFY2(QString::fromStdString(pass.error().message).contains(QStringLiteral("chain.onnx")),
             pass.error().message.c_str());
}

void TestOpenedModel::cancelledOpenFails() {
    CancellationToken cancel;
    cancel.cancel();
    auto model = session::openModel(session::ModelSource::file(m_chain), {}, {}, cancel);
    QVERIFY(!model);
    QVERIFY(model.error().isCancelled()); // told by its kind, not its text
    // cancelled during the optimization: the pass manager's error keeps its kind through the
    // context openModel adds
    CancellationToken later;
    auto optimizing = session::openModel(
        session::ModelSource::file(m_chain), {},
        [&](double, std::string_view stage) {
            if (stage == "optimizing")
                later.cancel();
        },
        later);
    QVERIFY(!optimizing);
    QVERIFY2(optimizing.error().isCancelled(), optimizing.error().message.c_str());
    QVERIFY(
        QString::fromStdString(optimizing.error().message).contains(QStringLiteral("chain.onnx")));
}

QTEST_GUILESS_MAIN(TestOpenedModel)
#include "test_opened_model.moc"
