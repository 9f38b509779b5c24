#include "calibration_setup.h"

#include "calibration_cache.h"

#include "core/data/sample_set.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"

#include <QCryptographicHash>
#include <QFile>

#include <random>

namespace autosplit::cli {

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
                                      const char* command, const std::vector<int>* defaultBits) {
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
    if (defaultBits)
        setup.settings.bits = *defaultBits;
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

} // namespace autosplit::cli
