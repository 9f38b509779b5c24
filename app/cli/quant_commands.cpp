#include "app/cli/quant_commands.h"

#include "app/cli/calibration_setup.h"
#include "app/cli/cli_error.h"
#include "app/cli/command_help.h"
#include "app/cli/solution_report.h"
#include "app/cli/text_table.h"
#include "session/calibration_cache.h"

#include "core/data/sample_set.h"
#include "core/metrics/task_metric.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "core/quant/calibration.h"
#include "core/quant/evaluation.h"
#include "core/quant/layer_sensitivity.h"
#include "core/quant/wire_form.h"
#include "core/runtime/executor.h"

#include <QCommandLineParser>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <random>

namespace autosplit::cli {

namespace {

// "1-40", "2,7,13" or both mixed ("1-3,7"): the layers in the order given.
std::optional<std::vector<int>> parseLayerList(const QString& text) {
    std::vector<int> layers;
    for (const QString& part : text.split(QLatin1Char(','))) {
        const QStringList ends = part.trimmed().split(QLatin1Char('-'));
        bool ok1 = false, ok2 = true;
        const int first = ends.value(0).toInt(&ok1);
        const int last = ends.size() == 2 ? ends[1].toInt(&ok2) : first;
        if (!ok1 || !ok2 || ends.size() > 2 || first < 1 || last < first)
            return std::nullopt;
        for (int k = first; k <= last; ++k)
            layers.push_back(k);
    }
    return layers;
}

double secondsSince(const QElapsedTimer& clock) {
    return double(clock.nsecsElapsed()) * 1e-9;
}

QString dbText(double db) {
    return std::isinf(db) ? QStringLiteral("inf") : QString::number(db, 'f', 1);
}

QJsonObject sensitivityToJson(const Graph& graph, const SensitivityResult& result,
                              const LayerSensitivityRequest& request) {
    QJsonObject root;
    root[QStringLiteral("metric")] = QString::fromLatin1(metricName(result.metric).data());
    root[QStringLiteral("bits")] = request.bits;
    root[QStringLiteral("weights")] = request.weights;
    root[QStringLiteral("activations")] = request.activations;
    root[QStringLiteral("floatScore")] = result.floatScore;
    QJsonArray layers;
    for (const LayerSensitivity& l : result.layers) {
        const Node& node = graph.node(static_cast<NodeId>(l.layer - 1));
        QJsonObject o;
        o[QStringLiteral("layer")] = l.layer;
        o[QStringLiteral("name")] = qstr(node.name);
        o[QStringLiteral("quantized")] = l.quantized;
        o[QStringLiteral("drop")] = l.drop;
        o[QStringLiteral("quantizedScore")] = l.quantizedScore;
        o[QStringLiteral("outputSqnrDb")] = std::isinf(l.outputSqnrDb)
                                                ? QJsonValue(QStringLiteral("inf"))
                                                : QJsonValue(l.outputSqnrDb);
        layers.append(o);
    }
    root[QStringLiteral("layers")] = layers;
    return root;
}

// Most sensitive first (then by layer), so the layers that cost a split lead the table.
QString sensitivityTable(const Graph& graph, const SensitivityResult& result,
                         const LayerSensitivityRequest& request) {
    std::vector<LayerSensitivity> rows = result.layers;
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        return a.drop > b.drop || (a.drop == b.drop && a.outputSqnrDb < b.outputSqnrDb);
    });
    TextTable table;
    table.addColumn(QStringLiteral("#"), TextTable::Align::Right);
    table.addColumn(QStringLiteral("layer"), TextTable::Align::Left);
    table.addColumn(QStringLiteral("op"), TextTable::Align::Left);
    table.addColumn(QStringLiteral("drop"), TextTable::Align::Right);
    table.addColumn(QStringLiteral("score"), TextTable::Align::Right);
    table.addColumn(QStringLiteral("SQNR dB"), TextTable::Align::Right);
    for (const LayerSensitivity& l : rows) {
        const Node& node = graph.node(static_cast<NodeId>(l.layer - 1));
        QString op = qstr(node.opType);
        if (!node.activation.isNone())
            op += QLatin1Char('+') + qstr(node.activation.displayName());
        table.addRow({QString::number(l.layer), qstr(node.name), op,
                      l.quantized ? QString::number(l.drop, 'f', 2) : QStringLiteral("-"),
                      QString::number(l.quantizedScore, 'f', 2), dbText(l.outputSqnrDb)});
    }
    const QString what = request.weights && request.activations
                             ? QStringLiteral("weights and output activation")
                         : request.weights ? QStringLiteral("weights")
                                           : QStringLiteral("output activation");
    return wrapText(QStringLiteral("Sensitivity: each layer's %1 alone at %2 bits, the rest in "
                                   "float; drop and score in %3 (float %4)")
                        .arg(what)
                        .arg(request.bits)
                        .arg(QString::fromLatin1(metricName(result.metric).data()))
                        .arg(QString::number(result.floatScore, 'f', 2))) +
           QLatin1Char('\n') + table.toString();
}

} // namespace

int runCalibrate(const QStringList& arguments, QTextStream& out, QTextStream& err) {
    QElapsedTimer clock;
    clock.start();
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("MODEL"), QStringLiteral("The ONNX model file."));
    CommonOptions o;
    o.addTo(parser);
    const QCommandLineOption outFile(QStringLiteral("out"),
                                     QStringLiteral("Write the JSON here instead of stdout."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption sensitivity(
        QStringLiteral("sensitivity"),
        QStringLiteral("Also measure each layer's sensitivity: the accuracy drop (in the "
                       "metric's unit) when only that layer is quantized, the rest in float; "
                       "prints a table, most sensitive first (the JSON goes to --out)."));
    const QCommandLineOption sensitivityBits(
        QStringLiteral("sensitivity-bits"),
        QStringLiteral("The width of the one quantized layer (default 8)."), QStringLiteral("B"));
    const QCommandLineOption sensitivityOf(
        QStringLiteral("sensitivity-of"),
        QStringLiteral("What the one layer quantizes: both (default), weights or activations."),
        QStringLiteral("WHAT"));
    const QCommandLineOption layers(
        QStringLiteral("layers"),
        QStringLiteral("Layers to measure, e.g. 1-40 or 2,7,13 (default: all)."),
        QStringLiteral("LIST"));
    parser.addOptions({outFile, sensitivity, sensitivityBits, sensitivityOf, layers});
    if (!parser.parse(arguments))
        return fail(out, err, usageError(parser.errorText()));
    if (parser.isSet(o.help)) {
        out << commandHelp(parser, "calibrate",
                           QStringLiteral("Runs the sample inputs through the model and writes, "
                                          "per layer and bit-width, the weight and activation "
                                          "quantization errors (D_w, D_a) and the activation "
                                          "ranges the solver uses. --sensitivity adds each "
                                          "layer's measured accuracy drop when quantized alone."));
        return 0;
    }
    LayerSensitivityRequest sensitivityRequest;
    if (parser.isSet(sensitivityBits) || parser.isSet(sensitivityOf) || parser.isSet(layers)) {
        if (!parser.isSet(sensitivity))
            return fail(out, err,
                        usageError(QStringLiteral("--sensitivity-bits, --sensitivity-of and "
                                                  "--layers go with --sensitivity")));
    }
    if (parser.isSet(sensitivityBits)) {
        bool ok = false;
        sensitivityRequest.bits = parser.value(sensitivityBits).toInt(&ok);
        if (!ok || sensitivityRequest.bits < 2 || sensitivityRequest.bits > 16)
            return fail(out, err,
                        usageError(QStringLiteral("--sensitivity-bits '%1': expected 2..16")
                                       .arg(parser.value(sensitivityBits))));
    }
    if (parser.isSet(sensitivityOf)) {
        const QString what = parser.value(sensitivityOf);
        if (what == QLatin1String("weights"))
            sensitivityRequest.activations = false;
        else if (what == QLatin1String("activations"))
            sensitivityRequest.weights = false;
        else if (what != QLatin1String("both"))
            return fail(out, err,
                        usageError(QStringLiteral("--sensitivity-of '%1': expected both, weights "
                                                  "or activations")
                                       .arg(what)));
    }
    if (parser.isSet(layers)) {
        auto list = parseLayerList(parser.value(layers));
        if (!list)
            return fail(out, err,
                        usageError(QStringLiteral("--layers '%1': expected layers like 1-40 or "
                                                  "2,7,13")
                                       .arg(parser.value(layers))));
        sensitivityRequest.layers = *list;
    }
    auto setup = prepare(parser, o, err, "calibrate");
    if (!setup)
        return fail(out, err, setup.error());
    ModelSetup& s = (*setup).setup;
    if (parser.isSet(sensitivity)) // its activations need ranges
        requireCalibratedBits(*setup, {sensitivityRequest.bits});
    auto result = calibrateCached(s, err, "calibrate");
    if (!result)
        return fail(out, err, result.error());
    QJsonObject report = session::calibrationToJson(*result);
    if (parser.isSet(sensitivity)) {
        auto metric = taskMetricOf(parser, o, *s.graph);
        if (!metric)
            return fail(out, err, metric.error());
        sensitivityRequest.weightRange = s.settings.weightRange;
        auto measured =
            layerSensitivity(*s.executor, *result, s.samples, *metric, session::sampleTruth(s),
                             sensitivityRequest, stderrProgress(err, "sensitivity"));
        if (!measured)
            return fail(out, err, measured.error());
        report[QStringLiteral("sensitivity")] =
            sensitivityToJson(*s.graph, *measured, sensitivityRequest);
        out << sensitivityTable(*s.graph, *measured, sensitivityRequest);
        if (parser.isSet(o.random))
            out << '\n' << randomInputsWarning(s.samples.size());
        if (!parser.isSet(outFile)) {
            out << runTimeLine(secondsSince(clock));
            return 0;
        }
    }
    const QByteArray json = QJsonDocument(report).toJson();
    if (parser.isSet(outFile)) {
        QSaveFile file(parser.value(outFile));
        if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit())
            return fail(out, err,
                        failure(parser.value(outFile) + QStringLiteral(": cannot be written")));
        err << "calibrate: wrote " << parser.value(outFile) << '\n';
        if (parser.isSet(sensitivity))
            out << runTimeLine(secondsSince(clock));
        else
            err << "calibrate: " << runTimeLine(secondsSince(clock));
    } else {
        out << json;
        err << "calibrate: " << runTimeLine(secondsSince(clock));
    }
    return 0;
}

int runEvaluate(const QStringList& arguments, QTextStream& out, QTextStream& err) {
    QElapsedTimer clock;
    clock.start();
    QCommandLineParser parser;
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
    const QCommandLineOption rawInputBits(
        QStringLiteral("raw-input-bits"),
        QStringLiteral("A float graph input read on the cloud travels as codes of this width "
                       "(2..8), float16 (16) or float32 (32), as the bundle sends it. Default 8."),
        QStringLiteral("B"), QStringLiteral("8"));
    const QCommandLineOption floatBits(
        QStringLiteral("float-bits"),
        QStringLiteral("A float tensor an edge layer kept in float sends travels as float16 (16) "
                       "or float32 (32). Default 16."),
        QStringLiteral("B"), QStringLiteral("16"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOptions({split, bits, weightBits, activationBits, rawInputBits, floatBits, json});
    if (!parser.parse(arguments))
        return fail(out, err, usageError(parser.errorText()));
    if (parser.isSet(o.help)) {
        out << commandHelp(parser, "evaluate",
                           QStringLiteral("Layers 1..N run on the edge with fake-quantized weights "
                                          "and activations, the rest in float; the drop is the "
                                          "metric's loss against the float model on the sample "
                                          "inputs."));
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

    const int raw = parser.value(rawInputBits).toInt(&ok);
    if (!ok || inputWireForm(raw) == WireForm::Invalid)
        return fail(out, err,
                    usageError(QStringLiteral("--raw-input-bits '%1': expected 2..8, 16 or 32")
                                   .arg(parser.value(rawInputBits))));
    const int fb = parser.value(floatBits).toInt(&ok);
    if (!ok || floatWireForm(fb) == WireForm::Invalid)
        return fail(out, err,
                    usageError(QStringLiteral("--float-bits '%1': expected 16 or 32")
                                   .arg(parser.value(floatBits))));
    request.rawInputBits = raw;
    request.floatBits = fb;

    auto setup = prepare(parser, o, err, "evaluate");
    if (!setup)
        return fail(out, err, setup.error());
    ModelSetup& s = (*setup).setup;
    // the requested widths must have been calibrated: add them to B
    requireCalibratedBits(*setup, request.activationBits);
    auto calibration = calibrateCached(s, err, "evaluate");
    if (!calibration)
        return fail(out, err, calibration.error());
    request.weightRange = s.settings.weightRange;
    auto taskMetric = taskMetricOf(parser, o, *s.graph);
    if (!taskMetric)
        return fail(out, err, taskMetric.error());
    const TaskMetric& metric = *taskMetric;
    const SampleTruth truth = session::sampleTruth(s);
    auto result = evaluate(*s.executor, (*calibration), s.samples, metric, truth, request,
                           stderrProgress(err, "evaluate"));
    if (!result)
        return fail(out, err, result.error());
    const bool text = metric.kind == MetricKind::TextRecognition;
    const bool detection = metric.kind == MetricKind::TextDetection;
    const bool sqnrMetric = metric.kind == MetricKind::Sqnr;
    const int layers = static_cast<int>(s.graph->nodeCount());
    auto dbValue = [](double db) {
        return std::isinf(db) ? QJsonValue(QStringLiteral("inf")) : QJsonValue(db);
    };
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
        if (!text && !detection && !sqnrMetric)
            root[QStringLiteral("top1Agreement")] = result->top1Agreement;
        if (sqnrMetric && result->sqnrDb)
            root[QStringLiteral("sqnrDb")] = dbValue(*result->sqnrDb);
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
            sqnr[qstr(name)] = dbValue(db);
        root[QStringLiteral("outputSqnrDb")] = sqnr;
        out << QJsonDocument(root).toJson();
        if (parser.isSet(o.random))
            err << "evaluate: " << randomInputsWarning(s.samples.size());
        err << "evaluate: " << runTimeLine(secondsSince(clock));
        return 0;
    }
    out << "split:            " << n << " of " << countOf(layers, "layer", "layers")
        << " on the edge\n";
    out << "samples:          " << result->samples
        << (parser.isSet(o.random) ? " random inputs"
                                   : (result->labelled ? " (labelled)" : " (no labels)"))
        << '\n';
    if (text) {
        out << "line accuracy:    float " << QString::number(result->floatScore, 'f', 1)
            << " %, split " << QString::number(result->quantizedScore, 'f', 1) << " %"
            << (result->labelled ? "" : " (of the float model's lines)") << '\n';
        out << "char error rate:  float "
            << QString::number(result->floatCharacterErrorRate.value_or(0), 'f', 2) << " %, split "
            << QString::number(result->quantizedCharacterErrorRate.value_or(0), 'f', 2) << " %\n";
        out << "accuracy drop:    " << QString::number(result->accuracyDropPercent, 'f', 2)
            << " pp (exact lines)\n";
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
            << " pp (hmean, IoU > 0.5)\n";
    } else if (sqnrMetric && result->sqnrDb) {
        out << "output SQNR:      "
            << (std::isinf(*result->sqnrDb) ? QStringLiteral("inf")
                                            : QString::number(*result->sqnrDb, 'f', 2))
            << " dB over all outputs\n";
        out << "accuracy drop:    " << QString::number(result->accuracyDropPercent, 'g', 4)
            << " % (noise energy in percent of the signal)\n";
    } else if (result->labelled)
        out << "top-1:            float " << QString::number(100 * result->floatTop1, 'f', 1)
            << " %, split " << QString::number(100 * result->quantizedTop1, 'f', 1) << " %\n";
    if (!text && !detection && !sqnrMetric) {
        out << "top-1 agreement:  " << QString::number(100 * result->top1Agreement, 'f', 1)
            << " % with the float model\n";
        out << "accuracy drop:    " << QString::number(result->accuracyDropPercent, 'f', 2) << " pp"
            << (result->labelled ? " (labelled top-1)" : " (top-1 disagreement)") << '\n';
    }
    for (const auto& [name, db] : result->outputSqnrDb)
        out << "output SQNR:      " << qstr(name) << ' '
            << (std::isinf(db) ? QStringLiteral("inf") : QString::number(db, 'f', 1)) << " dB\n";
    if (parser.isSet(o.random))
        out << '\n' << randomInputsWarning(s.samples.size());
    out << runTimeLine(secondsSince(clock));
    return 0;
}

} // namespace autosplit::cli
