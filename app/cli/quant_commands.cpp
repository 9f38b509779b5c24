#include "quant_commands.h"

#include "calibration_cache.h"
#include "cli_error.h"

#include "core/data/sample_set.h"
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
#include <QSaveFile>

#include <cmath>
#include <memory>
#include <random>

namespace autosplit::cli {

namespace {

QString qstr(const std::string& s) { return QString::fromStdString(s); }

// Options both commands share: the model, its samples and the calibration settings.
struct Setup {
    std::shared_ptr<const Graph> graph;
    std::optional<Executor> executor;
    std::vector<std::vector<HostTensor>> samples;
    std::vector<int> labels;
    CalibrationSettings settings;
    QByteArray cacheKey;
    bool useCache = true;
};

struct CommonOptions {
    QCommandLineOption help{{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("This help.")};
    QCommandLineOption samples{QStringLiteral("samples"),
                               QStringLiteral("Sample inputs: a folder of images (PNG/JPEG; class sub-folders or "
                                              "labels.csv give labels), of .npy or TensorProto .pb files, one file, "
                                              "or a labels CSV."),
                               QStringLiteral("PATH")};
    QCommandLineOption preprocess{QStringLiteral("preprocess"),
                                  QStringLiteral("Image preprocessing, e.g. resize=224x224,order=rgb,scale=1/255,"
                                                 "mean=0.485,0.456,0.406,std=0.229,0.224,0.225"),
                                  QStringLiteral("SPEC")};
    QCommandLineOption random{QStringLiteral("random"),
                              QStringLiteral("Use N random normal inputs instead of samples (only when asked)."),
                              QStringLiteral("N")};
    QCommandLineOption inputShape{QStringLiteral("input-shape"),
                                  QStringLiteral("Fix a dynamic graph input's shape, e.g. x=1x3x224x224 (repeatable)."),
                                  QStringLiteral("NAME=DIMS")};
    QCommandLineOption noOptimize{QStringLiteral("no-optimize"), QStringLiteral("Use the imported graph as it is.")};
    QCommandLineOption bits{QStringLiteral("calibration-bits"),
                            QStringLiteral("The bit-width set B to calibrate (default 2,4,6,8; each 2..8 or 16)."),
                            QStringLiteral("LIST")};
    QCommandLineOption weightRange{QStringLiteral("weight-range"),
                                   QStringLiteral("Weight range choice: minmax (default), percentile, mse."),
                                   QStringLiteral("METHOD")};
    QCommandLineOption activationRange{QStringLiteral("activation-range"),
                                       QStringLiteral("Activation range choice: minmax (default), percentile, mse."),
                                       QStringLiteral("METHOD")};
    QCommandLineOption percentile{QStringLiteral("percentile"),
                                  QStringLiteral("Share kept by the percentile range, in percent (default 99.99)."),
                                  QStringLiteral("P")};
    QCommandLineOption noCache{QStringLiteral("no-cache"), QStringLiteral("Recalibrate even when a cached result exists.")};

    void addTo(QCommandLineParser& parser) const {
        parser.addOptions({help, samples, preprocess, random, inputShape, noOptimize, bits, weightRange,
                           activationRange, percentile, noCache});
    }
};

std::optional<std::vector<int>> parseIntList(const QString& text) {
    std::vector<int> values;
    for (const QString& part : text.split(QLatin1Char(','))) {
        bool ok = false;
        const int v = part.trimmed().toInt(&ok);
        if (!ok)
            return std::nullopt;
        values.push_back(v);
    }
    return values;
}

// Prints "<stage>: NN%" lines on stderr at every 10 % step.
ProgressCallback stderrProgress(QTextStream& err, const char* command) {
    auto last = std::make_shared<int>(-1);
    return [&err, last, command](double f, std::string_view stage) {
        const int tenth = static_cast<int>(f * 10.0);
        if (tenth <= *last)
            return;
        *last = tenth;
        err << command << ": " << tenth * 10 << "% (" << qstr(std::string(stage)) << ")\n";
        err.flush();
    };
}

std::variant<Setup, CliError> prepare(QCommandLineParser& parser, const CommonOptions& o, QTextStream& err,
                                      const char* command) {
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2)
        return CliError{kExitUsage, QStringLiteral("%1 needs exactly one MODEL").arg(QLatin1String(command))};
    const QString modelPath = positional.at(1);
    if (parser.isSet(o.samples) == parser.isSet(o.random))
        return CliError{kExitUsage, QStringLiteral("give either --samples PATH or --random N")};

    Setup setup;
    setup.useCache = !parser.isSet(o.noCache);
    ImportOptions importOptions;
    for (const QString& spec : parser.values(o.inputShape)) {
        auto parsed = parseInputShapeOverride(spec.toStdString());
        if (!parsed)
            return CliError{kExitUsage, qstr(parsed.error().message)};
        importOptions.inputShapes.push_back(std::move(parsed).value());
    }
    if (parser.isSet(o.bits)) {
        auto list = parseIntList(parser.value(o.bits));
        if (!list)
            return CliError{kExitUsage, QStringLiteral("--calibration-bits '%1': expected a list like 2,4,6,8")
                                            .arg(parser.value(o.bits))};
        setup.settings.bits = *list;
    }
    auto method = [&](const QCommandLineOption& option, RangeOptions& range) -> std::optional<CliError> {
        if (!parser.isSet(option))
            return std::nullopt;
        auto m = parseRangeMethod(parser.value(option).toStdString());
        if (!m)
            return CliError{kExitUsage, QStringLiteral("--%1 '%2': expected minmax, percentile or mse")
                                            .arg(option.names().first(), parser.value(option))};
        range.method = *m;
        return std::nullopt;
    };
    if (auto e = method(o.weightRange, setup.settings.weightRange))
        return *e;
    if (auto e = method(o.activationRange, setup.settings.activationRange))
        return *e;
    if (parser.isSet(o.percentile)) {
        bool ok = false;
        const double p = parser.value(o.percentile).toDouble(&ok);
        if (!ok || !(p > 0.0 && p <= 100.0))
            return CliError{kExitUsage, QStringLiteral("--percentile '%1': expected a number in (0, 100]")
                                            .arg(parser.value(o.percentile))};
        setup.settings.weightRange.percentile = p;
        setup.settings.activationRange.percentile = p;
    }

    QFile modelFile(modelPath);
    QByteArray modelBytes;
    if (modelFile.open(QIODevice::ReadOnly))
        modelBytes = modelFile.readAll();
    auto imported = importOnnxFile(QFile::encodeName(modelPath).toStdString(), importOptions);
    if (!imported)
        return CliError{kExitFailure, qstr(imported.error().message)};
    Graph graph = std::move(imported->graph);
    if (!parser.isSet(o.noOptimize)) {
        auto reports = optimizeGraph(graph, defaultPassNames());
        if (!reports)
            return CliError{kExitFailure, qstr(reports.error().message)};
    }
    setup.graph = std::make_shared<const Graph>(std::move(graph));
    auto executor = Executor::create(setup.graph);
    if (!executor)
        return CliError{kExitFailure, modelPath + QStringLiteral(": ") + qstr(executor.error().message)};
    setup.executor.emplace(std::move(executor).value());

    const Graph& g = *setup.graph;
    if (parser.isSet(o.samples)) {
        if (g.inputs().size() != 1)
            return CliError{kExitFailure, QStringLiteral("--samples feeds one input, but the model has %1")
                                              .arg(g.inputs().size())};
        SampleSetOptions sampleOptions;
        if (parser.isSet(o.preprocess)) {
            auto spec = parsePreprocessSpec(parser.value(o.preprocess).toStdString());
            if (!spec)
                return CliError{kExitUsage, QStringLiteral("--preprocess: ") + qstr(spec.error().message)};
            sampleOptions.preprocess = *spec;
        } else {
            // Without a spec, images go in at the model input's own size, RGB, scaled to [0, 1].
            const TensorShape& shape = g.value(g.inputs()[0]).shape;
            if (shape.isFullyKnown() && shape.dims.size() == 4) {
                auto spec = parsePreprocessSpec("resize=" + std::to_string(shape.dims[2]) + "x" +
                                                std::to_string(shape.dims[3]) + ",scale=1/255");
                if (spec)
                    sampleOptions.preprocess = *spec;
            }
        }
        auto set = SampleSet::open(QFile::encodeName(parser.value(o.samples)).toStdString(), sampleOptions);
        if (!set)
            return CliError{kExitFailure, qstr(set.error().message)};
        auto tensors = set->loadAll();
        if (!tensors)
            return CliError{kExitFailure, qstr(tensors.error().message)};
        for (size_t i = 0; i < tensors->size(); ++i) {
            setup.samples.push_back({(*tensors)[i]});
            if (set->hasLabels())
                setup.labels.push_back(set->entry(i).label);
        }
    } else {
        bool ok = false;
        const int n = parser.value(o.random).toInt(&ok);
        if (!ok || n < 1)
            return CliError{kExitUsage, QStringLiteral("--random '%1': expected a positive count").arg(parser.value(o.random))};
        std::mt19937 rng(1);
        std::normal_distribution<float> normal(0.f, 1.f);
        for (int s = 0; s < n; ++s) {
            std::vector<HostTensor> sample;
            for (ValueId in : g.inputs()) {
                const Value& v = g.value(in);
                if (!v.shape.isFullyKnown() || v.dtype != DataType::Float)
                    return CliError{kExitFailure, QStringLiteral("--random: input '%1' is %2 %3; random inputs need a "
                                                                 "float input of fixed shape (give --input-shape)")
                                                      .arg(qstr(v.name), qstr(std::string(nameOf(v.dtype))),
                                                           qstr(v.shape.toString()))};
                HostTensor t(DataType::Float, v.shape.dims);
                for (float& x : t.mutableSpan<float>())
                    x = normal(rng);
                sample.push_back(std::move(t));
            }
            setup.samples.push_back(std::move(sample));
        }
    }

    // The cache key: everything the result depends on.
    QCryptographicHash key(QCryptographicHash::Sha256);
    key.addData(modelBytes);
    key.addData(parser.isSet(o.noOptimize) ? QByteArray("raw") : QByteArray("optimized"));
    // and the layers the tables are about: another optimizer (a new fusion) makes other layers
    for (const Node& n : setup.graph->nodes())
        key.addData(QByteArray::fromStdString(n.name + '|' + n.opType + '|' + n.activation.name() + '|' +
                                              (n.residualAdd ? "+" : "") + '\n'));
    for (const auto& s : importOptions.inputShapes)
        key.addData(QByteArray::fromStdString(s.name + "=" + TensorShape::of(s.dims).toString()));
    for (const auto& sample : setup.samples)
        for (const HostTensor& t : sample)
            key.addData(QByteArrayView(reinterpret_cast<const char*>(t.bytes()), static_cast<qsizetype>(t.byteSize())));
    QString settingsText;
    for (int b : setup.settings.bits)
        settingsText += QString::number(b) + QLatin1Char(',');
    settingsText += qstr(std::string(rangeMethodName(setup.settings.weightRange.method))) + QLatin1Char(',') +
                    qstr(std::string(rangeMethodName(setup.settings.activationRange.method))) + QLatin1Char(',') +
                    QString::number(setup.settings.activationRange.percentile, 'g', 17) + QLatin1Char(',') +
                    QString::number(setup.settings.reservoirSize);
    key.addData(settingsText.toUtf8());
    setup.cacheKey = key.result();
    (void)err;
    return setup;
}

std::variant<CalibrationResult, CliError> calibrateCached(Setup& setup, QTextStream& err, const char* command) {
    CalibrationCache cache(setup.cacheKey);
    if (setup.useCache)
        if (auto cached = cache.load()) {
            err << command << ": calibration from cache (" << cache.filePath() << ")\n";
            return std::move(*cached);
        }
    auto result = calibrate(*setup.executor, setup.samples, setup.settings, stderrProgress(err, command));
    if (!result)
        return CliError{kExitFailure, qstr(result.error().message)};
    if (!cache.store(*result))
        err << command << ": note: could not write the calibration cache " << cache.filePath() << '\n';
    return std::move(result).value();
}

int fail(QTextStream& out, QTextStream& err, const CliError& e) {
    out.flush();
    err << "autosplit: " << e.message << '\n';
    return e.exitCode;
}

} // namespace

int runCalibrate(const QStringList& arguments, QTextStream& out, QTextStream& err) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Run sample inputs through the model and write, per layer and bit-width, the weight and activation "
        "quantization errors (D_w, D_a) and the activation ranges the solver uses, as JSON."));
    parser.addPositionalArgument(QStringLiteral("calibrate"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("MODEL"), QStringLiteral("The ONNX model file."));
    CommonOptions o;
    o.addTo(parser);
    const QCommandLineOption outFile(QStringLiteral("out"), QStringLiteral("Write the JSON here instead of stdout."),
                                     QStringLiteral("FILE"));
    parser.addOption(outFile);
    if (!parser.parse(arguments))
        return fail(out, err, {kExitUsage, parser.errorText()});
    if (parser.isSet(o.help)) {
        out << parser.helpText();
        return 0;
    }
    auto setup = prepare(parser, o, err, "calibrate");
    if (auto* e = std::get_if<CliError>(&setup))
        return fail(out, err, *e);
    auto result = calibrateCached(std::get<Setup>(setup), err, "calibrate");
    if (auto* e = std::get_if<CliError>(&result))
        return fail(out, err, *e);
    const QByteArray json = QJsonDocument(calibrationToJson(std::get<CalibrationResult>(result))).toJson();
    if (parser.isSet(outFile)) {
        QSaveFile file(parser.value(outFile));
        if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit())
            return fail(out, err, {kExitFailure, parser.value(outFile) + QStringLiteral(": cannot be written")});
        err << "calibrate: wrote " << parser.value(outFile) << '\n';
    } else {
        out << json;
    }
    return 0;
}

int runEvaluate(const QStringList& arguments, QTextStream& out, QTextStream& err) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Measure a split candidate's accuracy drop: layers 1..N on the edge with fake-quantized weights and "
        "activations, the rest in float, on sample inputs, against the float model."));
    parser.addPositionalArgument(QStringLiteral("evaluate"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("MODEL"), QStringLiteral("The ONNX model file."));
    CommonOptions o;
    o.addTo(parser);
    const QCommandLineOption split(QStringLiteral("split"), QStringLiteral("Layers 1..N run on the edge."),
                                   QStringLiteral("N"));
    const QCommandLineOption bits(QStringLiteral("bits"),
                                  QStringLiteral("One bit-width for every edge weight and activation."),
                                  QStringLiteral("B"));
    const QCommandLineOption weightBits(QStringLiteral("weight-bits"),
                                        QStringLiteral("Per edge layer weight bit-widths (N values; 32 = float)."),
                                        QStringLiteral("LIST"));
    const QCommandLineOption activationBits(
        QStringLiteral("activation-bits"), QStringLiteral("Per edge layer activation bit-widths (N values; 32 = float)."),
        QStringLiteral("LIST"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOptions({split, bits, weightBits, activationBits, json});
    if (!parser.parse(arguments))
        return fail(out, err, {kExitUsage, parser.errorText()});
    if (parser.isSet(o.help)) {
        out << parser.helpText();
        return 0;
    }
    if (!parser.isSet(split))
        return fail(out, err, {kExitUsage, QStringLiteral("evaluate needs --split N")});
    bool ok = false;
    const int n = parser.value(split).toInt(&ok);
    if (!ok || n < 0)
        return fail(out, err, {kExitUsage, QStringLiteral("--split '%1': expected a layer count").arg(parser.value(split))});
    EvaluationRequest request;
    if (parser.isSet(bits)) {
        const int b = parser.value(bits).toInt(&ok);
        if (!ok)
            return fail(out, err, {kExitUsage, QStringLiteral("--bits '%1': expected a number").arg(parser.value(bits))});
        request = uniformRequest(n, b);
    } else if (parser.isSet(weightBits) && parser.isSet(activationBits)) {
        auto w = parseIntList(parser.value(weightBits));
        auto a = parseIntList(parser.value(activationBits));
        if (!w || !a)
            return fail(out, err, {kExitUsage, QStringLiteral("--weight-bits/--activation-bits: expected lists like 8,4,4")});
        request.split = n;
        request.weightBits = *w;
        request.activationBits = *a;
    } else {
        return fail(out, err, {kExitUsage, QStringLiteral("give --bits B, or --weight-bits and --activation-bits")});
    }

    auto setup = prepare(parser, o, err, "evaluate");
    if (auto* e = std::get_if<CliError>(&setup))
        return fail(out, err, *e);
    Setup& s = std::get<Setup>(setup);
    // the requested widths must have been calibrated: add them to B
    for (int b : request.activationBits)
        if (b != 32 && std::find(s.settings.bits.begin(), s.settings.bits.end(), b) == s.settings.bits.end())
            s.settings.bits.push_back(b);
    auto calibration = calibrateCached(s, err, "evaluate");
    if (auto* e = std::get_if<CliError>(&calibration))
        return fail(out, err, *e);
    request.weightRange = s.settings.weightRange;
    auto result = evaluate(*s.executor, std::get<CalibrationResult>(calibration), s.samples, s.labels, request,
                           stderrProgress(err, "evaluate"));
    if (!result)
        return fail(out, err, {kExitFailure, qstr(result.error().message)});
    const int layers = static_cast<int>(s.graph->nodeCount());
    if (parser.isSet(json)) {
        QJsonObject root;
        root[QStringLiteral("split")] = n;
        root[QStringLiteral("layers")] = layers;
        root[QStringLiteral("samples")] = static_cast<qint64>(result->samples);
        root[QStringLiteral("labelled")] = result->labelled;
        if (result->labelled) {
            root[QStringLiteral("floatTop1")] = result->floatTop1;
            root[QStringLiteral("quantizedTop1")] = result->quantizedTop1;
        }
        root[QStringLiteral("top1Agreement")] = result->top1Agreement;
        root[QStringLiteral("accuracyDropPercent")] = result->accuracyDropPercent;
        QJsonObject sqnr;
        for (const auto& [name, db] : result->outputSqnrDb)
            sqnr[qstr(name)] = std::isinf(db) ? QJsonValue(QStringLiteral("inf")) : QJsonValue(db);
        root[QStringLiteral("outputSqnrDb")] = sqnr;
        out << QJsonDocument(root).toJson();
        return 0;
    }
    out << "split:            " << n << " of " << layers << " layers on the edge\n";
    out << "samples:          " << result->samples << (result->labelled ? " (labelled)" : " (no labels)") << '\n';
    if (result->labelled)
        out << "top-1:            float " << QString::number(100 * result->floatTop1, 'f', 1) << " %, split "
            << QString::number(100 * result->quantizedTop1, 'f', 1) << " %\n";
    out << "top-1 agreement:  " << QString::number(100 * result->top1Agreement, 'f', 1) << " % with the float model\n";
    out << "accuracy drop:    " << QString::number(result->accuracyDropPercent, 'f', 2) << " points"
        << (result->labelled ? " (labelled top-1)" : " (top-1 disagreement)") << '\n';
    for (const auto& [name, db] : result->outputSqnrDb)
        out << "output SQNR:      " << qstr(name) << ' '
            << (std::isinf(db) ? QStringLiteral("inf") : QString::number(db, 'f', 1)) << " dB\n";
    return 0;
}

} // namespace autosplit::cli
