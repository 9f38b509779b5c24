#include "app/cli/quant_commands.h"

#include "app/cli/calibration_setup.h"
#include "app/cli/cli_error.h"
#include "session/calibration_cache.h"

#include "core/data/sample_set.h"
#include "core/metrics/task_metric.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "core/quant/calibration.h"
#include "core/quant/evaluation.h"
#include "core/runtime/executor.h"

#include <QCommandLineParser>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cmath>
#include <memory>
#include <random>

namespace autosplit::cli {

int runCalibrate(const QStringList& arguments, QTextStream& out, QTextStream& err) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Run sample inputs through the model and write, per layer and bit-width, the weight and "
        "activation "
        "quantization errors (D_w, D_a) and the activation ranges the solver uses, as JSON."));
    parser.addPositionalArgument(QStringLiteral("calibrate"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("MODEL"), QStringLiteral("The ONNX model file."));
    CommonOptions o;
    o.addTo(parser);
    const QCommandLineOption outFile(QStringLiteral("out"),
                                     QStringLiteral("Write the JSON here instead of stdout."),
                                     QStringLiteral("FILE"));
    parser.addOption(outFile);
    if (!parser.parse(arguments))
        return fail(out, err, usageError(parser.errorText()));
    if (parser.isSet(o.help)) {
        out << parser.helpText();
        return 0;
    }
    auto setup = prepare(parser, o, err, "calibrate");
    if (!setup)
        return fail(out, err, setup.error());
    auto result = calibrateCached((*setup).setup, err, "calibrate");
    if (!result)
        return fail(out, err, result.error());
    const QByteArray json = QJsonDocument(session::calibrationToJson((*result))).toJson();
    if (parser.isSet(outFile)) {
        QSaveFile file(parser.value(outFile));
        if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit())
            return fail(out, err,
                        failure(parser.value(outFile) + QStringLiteral(": cannot be written")));
        err << "calibrate: wrote " << parser.value(outFile) << '\n';
    } else {
        out << json;
    }
    return 0;
}

int runEvaluate(const QStringList& arguments, QTextStream& out, QTextStream& err) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Measure a split candidate's accuracy drop: layers 1..N on the edge with fake-quantized "
        "weights and "
        "activations, the rest in float, on sample inputs, against the float model."));
    parser.addPositionalArgument(QStringLiteral("evaluate"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("MODEL"), QStringLiteral("The ONNX model file."));
    CommonOptions o;
    o.addTo(parser);
    const QCommandLineOption split(QStringLiteral("split"),
                                   QStringLiteral("Layers 1..N run on the edge."),
                                   QStringLiteral("N"));
    const QCommandLineOption bits(
        QStringLiteral("bits"),
        QStringLiteral("One bit-width for every edge weight and activation."), QStringLiteral("B"));
    const QCommandLineOption weightBits(
        QStringLiteral("weight-bits"),
        QStringLiteral("Per edge layer weight bit-widths (N values; 32 = float)."),
        QStringLiteral("LIST"));
    const QCommandLineOption activationBits(
        QStringLiteral("activation-bits"),
        QStringLiteral("Per edge layer activation bit-widths (N values; 32 = float)."),
        QStringLiteral("LIST"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOptions({split, bits, weightBits, activationBits, json});
    if (!parser.parse(arguments))
        return fail(out, err, usageError(parser.errorText()));
    if (parser.isSet(o.help)) {
        out << parser.helpText();
        return 0;
    }
    if (!parser.isSet(split))
        return fail(out, err, usageError(QStringLiteral("evaluate needs --split N")));
    bool ok = false;
    const int n = parser.value(split).toInt(&ok);
    if (!ok || n < 0)
        return fail(
            out, err,
            usageError(
                QStringLiteral("--split '%1': expected a layer count").arg(parser.value(split))));
    EvaluationRequest request;
    if (parser.isSet(bits)) {
        const int b = parser.value(bits).toInt(&ok);
        if (!ok)
            return fail(
                out, err,
                usageError(
                    QStringLiteral("--bits '%1': expected a number").arg(parser.value(bits))));
        request = uniformRequest(n, b);
    } else if (parser.isSet(weightBits) && parser.isSet(activationBits)) {
        auto w = parseIntList(parser.value(weightBits));
        auto a = parseIntList(parser.value(activationBits));
        if (!w || !a)
            return fail(out, err,
                        usageError(QStringLiteral(
                            "--weight-bits/--activation-bits: expected lists like 8,4,4")));
        request.split = n;
        request.weightBits = *w;
        request.activationBits = *a;
    } else {
        return fail(
            out, err,
            usageError(QStringLiteral("give --bits B, or --weight-bits and --activation-bits")));
    }

    auto setup = prepare(parser, o, err, "evaluate");
    if (!setup)
        return fail(out, err, setup.error());
    ModelSetup& s = (*setup).setup;
    // the requested widths must have been calibrated: add them to B
    for (int b : request.activationBits)
        if (b != 32 &&
            std::find(s.settings.bits.begin(), s.settings.bits.end(), b) == s.settings.bits.end())
            s.settings.bits.push_back(b);
    auto calibration = calibrateCached(s, err, "evaluate");
    if (!calibration)
        return fail(out, err, calibration.error());
    request.weightRange = s.settings.weightRange;
    auto taskMetric = taskMetricOf(parser, o, *s.graph);
    if (!taskMetric)
        return fail(out, err, taskMetric.error());
    const TaskMetric& metric = *taskMetric;
    SampleTruth truth{s.labels, s.texts, s.boxes};
    auto result = evaluate(*s.executor, (*calibration), s.samples, metric, truth, request,
                           stderrProgress(err, "evaluate"));
    if (!result)
        return fail(out, err, result.error());
    const bool text = metric.kind == MetricKind::TextRecognition;
    const bool detection = metric.kind == MetricKind::TextDetection;
    const int layers = static_cast<int>(s.graph->nodeCount());
    if (parser.isSet(json)) {
        QJsonObject root;
        root[QStringLiteral("split")] = n;
        root[QStringLiteral("layers")] = layers;
        root[QStringLiteral("samples")] = static_cast<qint64>(result->samples);
        root[QStringLiteral("labelled")] = result->labelled;
        if (result->labelled && !detection) {
            root[QStringLiteral("floatTop1")] = result->floatTop1;
            root[QStringLiteral("quantizedTop1")] = result->quantizedTop1;
        }
        if (!text && !detection)
            root[QStringLiteral("top1Agreement")] = result->top1Agreement;
        root[QStringLiteral("metric")] = QString::fromLatin1(metricName(metric.kind).data());
        root[QStringLiteral("floatScore")] = result->floatScore;
        root[QStringLiteral("quantizedScore")] = result->quantizedScore;
        if (text) {
            root[QStringLiteral("floatCharacterErrorRate")] =
                result->floatCharacterErrorRate.value_or(0.0);
            root[QStringLiteral("quantizedCharacterErrorRate")] =
                result->quantizedCharacterErrorRate.value_or(0.0);
        }
        if (detection && result->floatDetection && result->quantizedDetection) {
            // figures in percent, as the scores; the counts behind them
            const TextDetectionScore& f = *result->floatDetection;
            const TextDetectionScore& q = *result->quantizedDetection;
            root[QStringLiteral("floatPrecision")] = 100.0 * f.precision();
            root[QStringLiteral("floatRecall")] = 100.0 * f.recall();
            root[QStringLiteral("floatHmean")] = 100.0 * f.hmean();
            root[QStringLiteral("quantizedPrecision")] = 100.0 * q.precision();
            root[QStringLiteral("quantizedRecall")] = 100.0 * q.recall();
            root[QStringLiteral("quantizedHmean")] = 100.0 * q.hmean();
            root[QStringLiteral("groundTruthBoxes")] = static_cast<qint64>(q.groundTruth);
            root[QStringLiteral("floatDetections")] = static_cast<qint64>(f.detections);
            root[QStringLiteral("floatMatched")] = static_cast<qint64>(f.matched);
            root[QStringLiteral("quantizedDetections")] = static_cast<qint64>(q.detections);
            root[QStringLiteral("quantizedMatched")] = static_cast<qint64>(q.matched);
        }
        root[QStringLiteral("accuracyDropPercent")] = result->accuracyDropPercent;
        QJsonObject sqnr;
        for (const auto& [name, db] : result->outputSqnrDb)
            sqnr[qstr(name)] = std::isinf(db) ? QJsonValue(QStringLiteral("inf")) : QJsonValue(db);
        root[QStringLiteral("outputSqnrDb")] = sqnr;
        out << QJsonDocument(root).toJson();
        return 0;
    }
    out << "split:            " << n << " of " << layers << " layers on the edge\n";
    out << "samples:          " << result->samples
        << (result->labelled ? " (labelled)" : " (no labels)") << '\n';
    if (text) {
        out << "line accuracy:    float " << QString::number(result->floatScore, 'f', 1)
            << " %, split " << QString::number(result->quantizedScore, 'f', 1) << " %"
            << (result->labelled ? "" : " (of the float model's lines)") << '\n';
        out << "char error rate:  float "
            << QString::number(result->floatCharacterErrorRate.value_or(0), 'f', 2) << " %, split "
            << QString::number(result->quantizedCharacterErrorRate.value_or(0), 'f', 2) << " %\n";
        out << "accuracy drop:    " << QString::number(result->accuracyDropPercent, 'f', 2)
            << " points (exact lines)\n";
    } else if (detection && result->floatDetection && result->quantizedDetection) {
        const TextDetectionScore& f = *result->floatDetection;
        const TextDetectionScore& q = *result->quantizedDetection;
        auto pair = [](double a, double b) {
            return QStringLiteral("float %1 %, split %2 %")
                .arg(QString::number(100 * a, 'f', 1), QString::number(100 * b, 'f', 1));
        };
        out << "hmean:            " << pair(f.hmean(), q.hmean())
            << (result->labelled ? "" : " (of the float model's boxes)") << '\n';
        out << "precision:        " << pair(f.precision(), q.precision()) << '\n';
        out << "recall:           " << pair(f.recall(), q.recall()) << '\n';
        out << "boxes:            " << q.groundTruth
            << (result->labelled ? " truth" : " of the float model") << ", float found "
            << f.detections << " (" << f.matched << " matched), split found " << q.detections
            << " (" << q.matched << " matched)\n";
        out << "accuracy drop:    " << QString::number(result->accuracyDropPercent, 'f', 2)
            << " points (hmean, IoU > 0.5)\n";
    } else if (result->labelled)
        out << "top-1:            float " << QString::number(100 * result->floatTop1, 'f', 1)
            << " %, split " << QString::number(100 * result->quantizedTop1, 'f', 1) << " %\n";
    if (!text && !detection) {
        out << "top-1 agreement:  " << QString::number(100 * result->top1Agreement, 'f', 1)
            << " % with the float model\n";
        out << "accuracy drop:    " << QString::number(result->accuracyDropPercent, 'f', 2)
            << " points" << (result->labelled ? " (labelled top-1)" : " (top-1 disagreement)")
            << '\n';
    }
    for (const auto& [name, db] : result->outputSqnrDb)
        out << "output SQNR:      " << qstr(name) << ' '
            << (std::isinf(db) ? QStringLiteral("inf") : QString::number(db, 'f', 1)) << " dB\n";
    return 0;
}

} // namespace autosplit::cli
