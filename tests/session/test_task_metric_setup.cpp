// session::taskMetricFor, the one place the command line and the explorer turn a metric choice
// into a TaskMetric: a text detector's first output must be one probability map, a recogniser's
// dictionary must name its classes (lines + blank, or + blank + space, as PaddleOCR counts them),
// errors name the file or say what the output is, and the embedded dictionary loads from its Qt
// resource for the embedded recogniser's 6,625 classes.

#include "session/task_metric_setup.h"

#include "core/onnx/onnx_importer.h"
#include "resources/embedded_resources.h"
#include "tests/support/model_builder.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

// x -> Sigmoid -> output, of shape `dims`.
Graph sigmoidModel(const Dims& dims) {
    ModelBuilder b;
    auto x = b.input("x", dims);
    b.output(b.unary("Sigmoid", x));
    auto imported = importOnnxBytes(b.serialized(), "metric model", {});
    if (!imported)
        qFatal("%s", imported.error().message.c_str());
    return std::move(imported->graph);
}

QString writeText(const QTemporaryDir& dir, const QString& name, const QByteArray& text) {
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
        qFatal("cannot write %s", qPrintable(name));
    return file.fileName();
}

} // namespace

class TestTaskMetricSetup : public QObject {
    Q_OBJECT

private slots:
    void detectorNeedsOneProbabilityMap();
    void recogniserDictionaryFitsItsClasses();
    void embeddedDictionaryFitsTheEmbeddedRecogniser();
    void classificationAndSqnrFitAnyModel();
};

void TestTaskMetricSetup::detectorNeedsOneProbabilityMap() {
    auto metric = session::taskMetricFor(MetricKind::TextDetection, sigmoidModel({1, 1, 8, 8}));
    QVERIFY(metric.ok());
    QCOMPARE(metric->kind, MetricKind::TextDetection);
    const auto twoMaps =
        session::taskMetricFor(MetricKind::TextDetection, sigmoidModel({1, 2, 8, 8}));
    QVERIFY(!twoMaps.ok());
    QCOMPARE(QString::fromStdString(twoMaps.error().message),
             QStringLiteral("the model's first output is 1x2x8x8, not a [1, 1, H, W] text "
                            "probability map"));
    QVERIFY(!session::checkMetricFits(MetricKind::TextDetection, sigmoidModel({1, 16})).ok());
}

void TestTaskMetricSetup::recogniserDictionaryFitsItsClasses() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Graph model = sigmoidModel({1, 4, 5}); // 4 steps, 5 classes
    // three characters + blank + space = 5 classes
    const QString three = writeText(dir, QStringLiteral("three.txt"), "a\nb\nc\n");
    auto metric = session::taskMetricFor(MetricKind::TextRecognition, model, three);
    QVERIFY2(metric.ok(), metric.ok() ? "" : metric.error().message.c_str());
    QVERIFY(metric->alphabet);
    QCOMPARE(metric->alphabet->classes(), 5);
    QCOMPARE(metric->alphabet->symbols[1], std::string("a"));
    QCOMPARE(metric->alphabet->symbols[4], std::string(" "));
    // five characters cannot be five classes with the blank
    const QString five = writeText(dir, QStringLiteral("five.txt"), "a\nb\nc\nd\ne\n");
    const auto tooMany = session::taskMetricFor(MetricKind::TextRecognition, model, five);
    QVERIFY(!tooMany.ok());
    QVERIFY2(QString::fromStdString(tooMany.error().message).startsWith(five),
             tooMany.error().message.c_str());
    // a missing file and no file at all are errors that say so
    const QString missing = dir.filePath(QStringLiteral("missing.txt"));
    const auto absent = session::taskMetricFor(MetricKind::TextRecognition, model, missing);
    QVERIFY(!absent.ok());
    QVERIFY(QString::fromStdString(absent.error().message)
                .startsWith(missing + QStringLiteral(": cannot be read")));
    const auto none = session::taskMetricFor(MetricKind::TextRecognition, model);
    QVERIFY(!none.ok());
    QCOMPARE(QString::fromStdString(none.error().message),
             QStringLiteral("a text recogniser needs its dictionary file"));
}

void TestTaskMetricSetup::embeddedDictionaryFitsTheEmbeddedRecogniser() {
    const resources::EmbeddedSample* recogniser =
        resources::embeddedSample(QStringLiteral("text-recognizer"));
    QVERIFY(recogniser);
    QCOMPARE(recogniser->metric, QStringLiteral("text-recognition"));
    // PP-OCRv4's recogniser has 6,625 classes: 6,623 characters, the blank and a space
    auto metric = session::taskMetricFor(MetricKind::TextRecognition, sigmoidModel({1, 2, 6625}),
                                         recogniser->dictionaryPath);
    QVERIFY2(metric.ok(), metric.ok() ? "" : metric.error().message.c_str());
    QCOMPARE(metric->alphabet->classes(), 6625);
    QFile file(recogniser->dictionaryPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromStdString(metric->alphabet->symbols[1]),
             QString::fromUtf8(file.readLine()).trimmed());
}

void TestTaskMetricSetup::classificationAndSqnrFitAnyModel() {
    for (MetricKind kind : {MetricKind::Classification, MetricKind::Sqnr}) {
        auto metric = session::taskMetricFor(kind, sigmoidModel({1, 3, 7}));
        QVERIFY(metric.ok());
        QCOMPARE(metric->kind, kind);
        QVERIFY(!metric->alphabet);
    }
}

QTEST_GUILESS_MAIN(TestTaskMetricSetup)
#include "test_task_metric_setup.moc"
