// The deployment runtimes end to end on loopback, as a user runs them: `autosplit export`, then
// `autosplit-cloud` serving the bundle on a free port, then `autosplit-edge` on inputs. The
// outputs equal the single-process run of the same bundle; the cloud serves 8 concurrent clients
// x 200 requests with nothing lost and flat memory; bad bundles, inputs, ports and peers give one
// clear message and never a crash.

#include "tests/app/cli_process.h"
#include "tests/core/bundle/bundle_fixture.h"

#include "core/bundle/bundle_reader.h"
#include "core/bundle/bundle_writer.h"
#include "core/data/image_decoder.h"
#include "core/data/preprocess_spec.h"
#include "core/data/sample_set.h"
#include "core/deploy/bundle_runners.h"
#include "core/deploy/cloud_client.h"
#include "core/deploy/inference_messages.h"
#include "core/io/tensor_io.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "tests/support/model_builder.h"

#include <QDir>
#include <QFile>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <random>
#include <thread>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

const QString kSample =
    QStringLiteral(AUTOSPLIT_SOURCE_DIR "/resources/models/ch_ppocr_mobile_v2.0_cls_infer.onnx");
const QString kSamples =
    QStringLiteral(AUTOSPLIT_SOURCE_DIR "/resources/sample-data/text-direction");
const QString kPreprocess =
    QStringLiteral("resize=48x192,keep-aspect,pad,order=bgr,scale=1/255,mean=0.5,std=0.5");

// A running autosplit-cloud; stopped (SIGTERM) when destroyed.
struct CloudProcess {
    QProcess process;
    int port = 0;
    QString output;

    bool start(const QString& bundle, const QString& listen = QStringLiteral("127.0.0.1:0")) {
        process.start(QStringLiteral(AUTOSPLIT_CLOUD_PATH),
                      {QStringLiteral("--bundle"), bundle, QStringLiteral("--listen"), listen});
        if (!process.waitForStarted(10000))
            return false;
        while (process.waitForReadyRead(20000)) {
            output += QString::fromUtf8(process.readAllStandardOutput());
            const int at = output.indexOf(QStringLiteral("listening on 127.0.0.1:"));
            if (at >= 0) {
                port = output.mid(at + 23).section(QLatin1Char('\n'), 0, 0).trimmed().toInt();
                return port > 0;
            }
        }
        output += QString::fromUtf8(process.readAllStandardError());
        return false;
    }
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(port); }
    // Resident memory of the server, from /proc.
    int64_t residentKiB() const {
        QFile status(QStringLiteral("/proc/%1/status").arg(process.processId()));
        if (!status.open(QIODevice::ReadOnly))
            return -1;
        for (const QByteArray& line : status.readAll().split('\n'))
            if (line.startsWith("VmRSS:"))
                return line.mid(6).trimmed().split(' ').first().toLongLong();
        return -1;
    }
    ~CloudProcess() {
        if (process.state() != QProcess::NotRunning) {
            process.terminate();
            if (!process.waitForFinished(10000))
                process.kill();
            process.waitForFinished();
        }
    }
};

// The bundle run in this process on `inputs`: the reference the runtimes must reproduce.
TensorMap localRun(const QString& bundleDir, const TensorMap& inputs) {
    auto bundle = readBundle(bundleDir.toStdString());
    if (!bundle)
        return {};
    auto edge = BundleHalf::open(*bundle, kEdgeModelFile);
    auto cloud = BundleHalf::open(*bundle, kCloudModelFile);
    if (!edge || !cloud)
        return {};
    auto out = runBundleLocally(*edge, *cloud, bundle->manifest, inputs);
    return out ? *out : TensorMap{};
}

TensorMap readOutputs(const QString& dir) {
    TensorMap outputs;
    for (const QString& file : QDir(dir).entryList({QStringLiteral("*.pb")})) {
        auto t = readTensorProtoFile((dir + QLatin1Char('/') + file).toStdString());
        if (t)
            outputs[t->name] = t->tensor;
    }
    return outputs;
}

} // namespace

class TestRuntimes : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_sampleBundle, m_resnetBundle;

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_sampleBundle = m_dir.path() + QStringLiteral("/sample-bundle");
        CliRun e = runCli({QStringLiteral("export"), kSample, QStringLiteral("--input-shape"),
                           QStringLiteral("x=1x3x48x192"), QStringLiteral("--samples"), kSamples,
                           QStringLiteral("--preprocess"), kPreprocess, QStringLiteral("--split"),
                           QStringLiteral("20"), QStringLiteral("--weight-bits"),
                           QStringLiteral("4"), QStringLiteral("--activation-bits"),
                           QStringLiteral("4"), QStringLiteral("--out"), m_sampleBundle});
        QVERIFY2(e.exitCode == 0, qPrintable(e.err));
        const QString model = m_dir.path() + QStringLiteral("/resnet50-64.onnx");
        saveModel(buildResNet50(13, 64), model.toStdString());
        m_resnetBundle = m_dir.path() + QStringLiteral("/resnet-bundle");
        e = runCli({QStringLiteral("export"), model, QStringLiteral("--random"),
                    QStringLiteral("4"), QStringLiteral("--split"), QStringLiteral("25"),
                    QStringLiteral("--weight-bits"), QStringLiteral("6"),
                    QStringLiteral("--activation-bits"), QStringLiteral("4"),
                    QStringLiteral("--out"), m_resnetBundle});
        QVERIFY2(e.exitCode == 0, qPrintable(e.err));
    }

    // The sample model on its own images: the runtimes' outputs equal the local run, packed and
    // as plain codes.
    void sampleImagesEndToEnd() {
        CloudProcess cloud;
        QVERIFY2(cloud.start(m_sampleBundle), qPrintable(cloud.output));
        auto spec = parsePreprocessSpec(kPreprocess.toStdString());
        QVERIFY(spec);
        int checked = 0;
        for (const QString& image :
             {QStringLiteral("/0/line01.png"), QStringLiteral("/180/line01.png")}) {
            const QString path = kSamples + image;
            if (!QFile::exists(path))
                continue;
            auto decoded = decodeImageFile(path.toStdString());
            QVERIFY(decoded);
            const TensorMap inputs{{"x", preprocessImage(*decoded, *spec).value()}};
            const TensorMap reference = localRun(m_sampleBundle, inputs);
            QVERIFY(!reference.empty());
            for (const QString& wire : {QStringLiteral("packed"), QStringLiteral("codes")}) {
                const QString out =
                    m_dir.path() + QStringLiteral("/out-%1-%2").arg(checked).arg(wire);
                const CliRun r = runProgram(
                    QStringLiteral(AUTOSPLIT_EDGE_PATH),
                    {QStringLiteral("--bundle"), m_sampleBundle, QStringLiteral("--connect"),
                     cloud.address(), QStringLiteral("--input"), path, QStringLiteral("--wire"),
                     wire, QStringLiteral("--out"), out});
                QVERIFY2(r.exitCode == 0, qPrintable(r.err));
                QVERIFY(r.out.contains(QStringLiteral("predicted")));
                const TensorMap got = readOutputs(out);
                QCOMPARE(got.size(), reference.size());
                for (const auto& [name, t] : reference)
                    QVERIFY2(relativeDifference(t, got.at(name)) <= 1e-6, name.c_str());
            }
            ++checked;
        }
        QVERIFY(checked > 0);
    }

    // The pretrained sample on its 16 labelled images: the bundle's top-1 accuracy falls from
    // the float model's by exactly the drop `autosplit export` measured and wrote.
    void sampleBundleDropIsTheReportedDrop() {
        auto bundle = readBundle(m_sampleBundle.toStdString());
        QVERIFY(bundle);
        QVERIFY(bundle->manifest.accuracy().measured());
        auto spec = parsePreprocessSpec(kPreprocess.toStdString());
        QVERIFY(spec);
        SampleSetOptions options;
        options.preprocess = *spec;
        auto set = SampleSet::open(kSamples.toStdString(), options);
        QVERIFY(set && set->hasLabels());
        QCOMPARE(static_cast<int>(set->size()), bundle->manifest.accuracy().samples());
        // the float model as the exporter opened it: imported and optimized
        auto imported = importOnnxFile(kSample.toStdString(), [] {
            ImportOptions o;
            o.inputShapes = {parseInputShapeOverride("x=1x3x48x192").value()};
            return o;
        }());
        QVERIFY(imported);
        Graph g = std::move(imported->graph);
        QVERIFY(optimizeGraph(g, defaultPassNames()));
        auto floatModel = Executor::create(std::make_shared<const Graph>(std::move(g)));
        QVERIFY(floatModel);
        auto edge = BundleHalf::open(*bundle, kEdgeModelFile);
        auto cloud = BundleHalf::open(*bundle, kCloudModelFile);
        QVERIFY(edge && cloud);
        const std::string output = bundle->manifest.cloud_outputs(0).name();
        auto argmax = [](const HostTensor& t) {
            const auto v = t.span<float>();
            return std::max_element(v.begin(), v.end()) - v.begin();
        };
        int floatCorrect = 0, bundleCorrect = 0;
        for (size_t i = 0; i < set->size(); ++i) {
            auto input = set->load(i);
            QVERIFY(input);
            RunRequest run;
            run.feeds["x"] = *input;
            auto reference = floatModel->run(run);
            QVERIFY(reference);
            auto outputs = runBundleLocally(*edge, *cloud, bundle->manifest, {{"x", *input}});
            QVERIFY(outputs);
            floatCorrect += argmax(reference->at(output)) == set->entry(i).label;
            bundleCorrect += argmax(outputs->at(output)) == set->entry(i).label;
        }
        const double drop = 100.0 * (floatCorrect - bundleCorrect) / double(set->size());
        qInfo("float top-1 %d/%zu, bundle %d/%zu: drop %.2f pp, manifest %.2f pp", floatCorrect,
              set->size(), bundleCorrect, set->size(), drop,
              bundle->manifest.accuracy().drop_percent());
        QCOMPARE(drop, bundle->manifest.accuracy().drop_percent());
    }

    // A ResNet-50-shaped model (a 4-bit residual cut) with a TensorProto input.
    void resnetShapedEndToEnd() {
        CloudProcess cloud;
        QVERIFY2(cloud.start(m_resnetBundle), qPrintable(cloud.output));
        const HostTensor input = randomNormal({1, 3, 64, 64}, 3);
        const QString file = m_dir.path() + QStringLiteral("/input.pb");
        QVERIFY(writeTensorProtoFile(file.toStdString(), "input", input));
        const TensorMap reference = localRun(m_resnetBundle, {{"input", input}});
        QVERIFY(!reference.empty());
        const QString out = m_dir.path() + QStringLiteral("/resnet-out");
        const CliRun r = runProgram(
            QStringLiteral(AUTOSPLIT_EDGE_PATH),
            {QStringLiteral("--bundle"), m_resnetBundle, QStringLiteral("--connect"),
             cloud.address(), QStringLiteral("--input"), QStringLiteral("input=") + file,
             QStringLiteral("--out"), out, QStringLiteral("--repeat"), QStringLiteral("3")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const TensorMap got = readOutputs(out);
        QCOMPARE(got.size(), reference.size());
        for (const auto& [name, t] : reference)
            QVERIFY2(relativeDifference(t, got.at(name)) <= 1e-6, name.c_str());
    }

    // 8 edge clients x 200 requests at once: every answer arrives and is right; the server's
    // memory does not grow with the number of requests.
    void eightClientsUnderLoad() {
        CloudProcess cloud;
        QVERIFY2(cloud.start(m_resnetBundle), qPrintable(cloud.output));
        auto bundle = readBundle(m_resnetBundle.toStdString());
        QVERIFY(bundle);
        auto edge = BundleHalf::open(*bundle, kEdgeModelFile);
        QVERIFY(edge);
        const HostTensor input = randomNormal({1, 3, 64, 64}, 4);
        auto sent = edge->run({{"input", input}});
        QVERIFY(sent);
        const TensorMap reference = localRun(m_resnetBundle, {{"input", input}});
        const std::string output = bundle->manifest.cloud_outputs(0).name();
        constexpr int kClients = 8, kRequests = 200;
        std::atomic<int> answered{0}, wrong{0}, failed{0};
        std::atomic<int64_t> afterWarmup{-1};
        std::string firstProblem;
        std::mutex problemMutex;
        auto client = [&](int id) {
            auto c = CloudClient::connect(cloud.address().toStdString());
            for (int k = 0; k < kRequests; ++k) {
                RequestOptions options;
                options.frame = id * kRequests + k;
                auto request = encodeInferRequest(bundle->manifest, *sent, options);
                auto response = request ? c->infer(*request, std::chrono::seconds(60))
                                        : Result<inference::ModelInferResponse>(request.error());
                auto decoded = response ? decodeInferResponse(*response)
                                        : Result<DecodedResponse>(response.error());
                if (!decoded) {
                    ++failed;
                    std::lock_guard lock(problemMutex);
                    if (firstProblem.empty())
                        firstProblem = decoded.error().message;
                    continue;
                }
                if (relativeDifference(reference.at(output), decoded->outputs.at(output)) > 1e-6 ||
                    response->id() != std::to_string(options.frame))
                    ++wrong;
                if (++answered == kClients * 25)
                    afterWarmup = cloud.residentKiB();
            }
        };
        std::vector<std::thread> threads;
        for (int i = 0; i < kClients; ++i)
            threads.emplace_back(client, i);
        for (auto& t : threads)
            t.join();
        const int64_t atEnd = cloud.residentKiB();
        qInfo("%d answers, %d wrong, %d failed; server RSS %lld KiB after %d requests, %lld KiB "
              "after %d",
              answered.load(), wrong.load(), failed.load(), (long long)afterWarmup.load(),
              kClients * 25, (long long)atEnd, kClients * kRequests);
        QVERIFY2(failed == 0, firstProblem.c_str());
        QCOMPARE(answered.load(), kClients * kRequests);
        QCOMPARE(wrong.load(), 0);
        QVERIFY(afterWarmup > 0 && atEnd > 0);
        // flat: what 1,400 more requests may add is noise of the allocator, not per request
        QVERIFY2(atEnd <= afterWarmup + afterWarmup / 10 + 8192, "the server's memory grew");
    }

    void badInputsAreClearErrors() {
        CloudProcess cloud;
        QVERIFY2(cloud.start(m_resnetBundle), qPrintable(cloud.output));
        auto edgeRun = [&](QStringList args) {
            return runProgram(QStringLiteral(AUTOSPLIT_EDGE_PATH),
                              QStringList{QStringLiteral("--bundle"), m_resnetBundle,
                                          QStringLiteral("--connect"), cloud.address()} +
                                  args);
        };
        // an input of the wrong shape
        const QString wrong = m_dir.path() + QStringLiteral("/wrong.pb");
        QVERIFY(
            writeTensorProtoFile(wrong.toStdString(), "input", randomNormal({1, 3, 32, 32}, 1)));
        CliRun r = edgeRun({QStringLiteral("--input"), QStringLiteral("input=") + wrong});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("input 'input' has shape 1x3x32x32")),
                 qPrintable(r.err));
        QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
        // an input the model does not have, a missing file
        r = edgeRun({QStringLiteral("--input"), QStringLiteral("nope=") + wrong});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("no input 'nope'")), qPrintable(r.err));
        r = edgeRun({QStringLiteral("--input"), QStringLiteral("input=/no/such.pb")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("/no/such.pb")), qPrintable(r.err));
        // nothing listening
        r = runProgram(QStringLiteral(AUTOSPLIT_EDGE_PATH),
                       {QStringLiteral("--bundle"), m_resnetBundle, QStringLiteral("--connect"),
                        QStringLiteral("127.0.0.1:1"), QStringLiteral("--input"),
                        QStringLiteral("input=") + wrong});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("not reachable")), qPrintable(r.err));
        // the port in use
        r = runProgram(QStringLiteral(AUTOSPLIT_CLOUD_PATH),
                       {QStringLiteral("--bundle"), m_resnetBundle, QStringLiteral("--listen"),
                        cloud.address()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("cannot listen on ") + cloud.address()),
                 qPrintable(r.err));
        // a timeout that is not a time
        r = runProgram(QStringLiteral(AUTOSPLIT_CLOUD_PATH),
                       {QStringLiteral("--bundle"), m_resnetBundle, QStringLiteral("--listen"),
                        QStringLiteral("127.0.0.1:0"), QStringLiteral("--receive-timeout"),
                        QStringLiteral("soon")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--receive-timeout 'soon'")), qPrintable(r.err));
        // a missing bundle, a missing option
        r = runProgram(QStringLiteral(AUTOSPLIT_CLOUD_PATH),
                       {QStringLiteral("--bundle"), m_dir.path() + QStringLiteral("/none")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("not a bundle folder")), qPrintable(r.err));
        r = runProgram(QStringLiteral(AUTOSPLIT_EDGE_PATH),
                       {QStringLiteral("--bundle"), m_resnetBundle});
        QCOMPARE(r.exitCode, 2);
        // an altered edge model: refused before it runs
        const QString altered = m_dir.path() + QStringLiteral("/altered");
        QVERIFY(runProgram(QStringLiteral("cp"), {QStringLiteral("-r"), m_resnetBundle, altered})
                    .exitCode == 0);
        {
            QFile f(altered + QStringLiteral("/edge.onnx"));
            QVERIFY(f.open(QIODevice::ReadWrite));
            f.seek(f.size() / 2);
            char c = 0;
            f.getChar(&c);
            f.seek(f.size() / 2);
            f.putChar(static_cast<char>(c ^ 0x5a));
        }
        r = runProgram(QStringLiteral(AUTOSPLIT_EDGE_PATH),
                       {QStringLiteral("--bundle"), altered, QStringLiteral("--connect"),
                        cloud.address(), QStringLiteral("--input"),
                        QStringLiteral("input=") + wrong});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("does not match the manifest")), qPrintable(r.err));
        // a peer that sends half a request and hangs up, another that sends garbage: the server
        // keeps serving
        for (const QByteArray& junk :
             {QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x12\x04", 29),
              QByteArray(4096, '\x7f')}) {
            QTcpSocket peer;
            peer.connectToHost(QStringLiteral("127.0.0.1"), static_cast<quint16>(cloud.port));
            QVERIFY(peer.waitForConnected(5000));
            peer.write(junk);
            peer.waitForBytesWritten(5000);
            peer.abort();
        }
        const QString good = m_dir.path() + QStringLiteral("/good.pb");
        QVERIFY(writeTensorProtoFile(good.toStdString(), "input", randomNormal({1, 3, 64, 64}, 9)));
        r = edgeRun({QStringLiteral("--input"), QStringLiteral("input=") + good});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(cloud.process.state(), QProcess::Running);
    }
};

QTEST_GUILESS_MAIN(TestRuntimes)
#include "test_runtimes.moc"
