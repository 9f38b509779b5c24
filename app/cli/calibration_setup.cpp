#include "app/cli/calibration_setup.h"

#include "core/data/sample_set.h"
#include "core/metrics/task_metric.h"
#include "core/onnx/onnx_importer.h"
#include "session/task_metric_setup.h"

#include <QFile>

#include <algorithm>
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

Result<TaskMetric> taskMetricOf(const QCommandLineParser& parser, const CommonOptions& o,
                                const Graph& graph) {
    const MetricKind kind =
        parseMetric(parser.value(o.metric).toStdString()).value_or(MetricKind::Classification);
    if (auto fits = session::checkMetricFits(kind, graph); !fits)
        return fits.error().prefixed(QStringLiteral("--metric %1: ")
                                         .arg(QLatin1String(metricName(kind).data()))
                                         .toStdString());
    auto metric = session::taskMetricFor(kind, graph, parser.value(o.dictionary));
    if (!metric)
        return metric.error().prefixed("--dictionary: ");
    metric->lines.ignoreSpaces = !parser.isSet(o.countSpaces);
    return metric;
}

Result<PreparedModel> prepare(QCommandLineParser& parser, const CommonOptions& o, QTextStream& err,
                              const char* command, const std::vector<int>* defaultBits,
                              const AnalysisOptions& analysis) {
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2)
        return usageError(QStringLiteral("%1 needs exactly one MODEL").arg(QLatin1String(command)));
    const QString modelPath = positional.at(1);
    if (parser.isSet(o.samples) == parser.isSet(o.random))
        return usageError(QStringLiteral("give either --samples PATH or --random N"));
    if (parser.isSet(o.metric)) {
        const auto metric = parseMetric(parser.value(o.metric).toStdString());
        if (!metric)
            return usageError(
                QStringLiteral("--metric '%1': expected classification, text-recognition or "
                               "text-detection")
                    .arg(parser.value(o.metric)));
        if (*metric == MetricKind::TextRecognition && !parser.isSet(o.dictionary))
            return usageError(QStringLiteral("--metric text-recognition needs --dictionary FILE"));
    }

    ModelSetup setup;
    setup.useCache = !parser.isSet(o.noCache);
    session::OpenOptions openOptions;
    for (const QString& spec : parser.values(o.inputShape)) {
        auto parsed = parseInputShapeOverride(spec.toStdString());
        if (!parsed)
            return usageError(qstr(parsed.error().message));
        openOptions.inputShapes.push_back(std::move(parsed).value());
    }
    if (parser.isSet(o.noOptimize))
        openOptions.passNames.clear();
    openOptions.analysis = analysis;
    openOptions.keepRawGraph = false;
    if (defaultBits)
        setup.settings.bits = *defaultBits;
    if (parser.isSet(o.bits)) {
        auto list = parseIntList(parser.value(o.bits));
        if (!list)
            return usageError(
                QStringLiteral("--calibration-bits '%1': expected a list like 2,4,6,8")
                    .arg(parser.value(o.bits)));
        setup.settings.bits = *list;
    }
    auto method = [&](const QCommandLineOption& option, RangeOptions& range) -> Status {
        if (!parser.isSet(option))
            return Status::success();
        auto m = parseRangeMethod(parser.value(option).toStdString());
        if (!m)
            return usageError(QStringLiteral("--%1 '%2': expected minmax, percentile or mse")
                                  .arg(option.names().first(), parser.value(option)));
        range.method = *m;
        return Status::success();
    };
    if (auto e = method(o.weightRange, setup.settings.weightRange); !e)
        return e.error();
    if (auto e = method(o.activationRange, setup.settings.activationRange); !e)
        return e.error();
    if (parser.isSet(o.weightRounding)) {
        auto rounding = parseWeightRounding(parser.value(o.weightRounding).toStdString());
        if (!rounding)
            return usageError(QStringLiteral("--weight-rounding '%1': expected nearest or adaptive")
                                  .arg(parser.value(o.weightRounding)));
        setup.settings.weightRounding = *rounding;
    }
    if (parser.isSet(o.percentile)) {
        bool ok = false;
        const double p = parser.value(o.percentile).toDouble(&ok);
        if (!ok || !(p > 0.0 && p <= 100.0))
            return usageError(QStringLiteral("--percentile '%1': expected a number in (0, 100]")
                                  .arg(parser.value(o.percentile)));
        setup.settings.weightRange.percentile = p;
        setup.settings.activationRange.percentile = p;
    }

    auto model = session::openModel(session::ModelSource::file(modelPath), openOptions);
    if (!model)
        return model.error();
    setup.graph = session::sharedGraph(*model);
    auto executor = Executor::create(setup.graph);
    if (!executor)
        return failure(modelPath + QStringLiteral(": ") + qstr(executor.error().message));
    setup.executor.emplace(std::move(executor).value());

    const Graph& g = *setup.graph;
    if (parser.isSet(o.samples)) {
        if (g.inputs().size() != 1)
            return failure(QStringLiteral("--samples feeds one input, but the model has %1")
                               .arg(g.inputs().size()));
        SampleSetOptions sampleOptions;
        // a recogniser's labels are the lines' texts, a detector's the lines' boxes
        sampleOptions.textLabels = parser.value(o.metric) == QLatin1String("text-recognition");
        sampleOptions.textBoxes = parser.value(o.metric) == QLatin1String("text-detection");
        if (parser.isSet(o.preprocess)) {
            auto spec = parsePreprocessSpec(parser.value(o.preprocess).toStdString());
            if (!spec)
                return usageError(QStringLiteral("--preprocess: ") + qstr(spec.error().message));
            sampleOptions.preprocess = *spec;
        } else {
            sampleOptions.preprocess = session::defaultPreprocessSpec(g);
        }
        auto set = SampleSet::open(QFile::encodeName(parser.value(o.samples)).toStdString(),
                                   sampleOptions);
        if (!set)
            return set.error();
        auto inputs = session::loadSampleInputs(*set, g);
        if (!inputs)
            return inputs.error();
        setup.samples = std::move(inputs->samples);
        setup.labels = std::move(inputs->labels);
        setup.texts = std::move(inputs->texts);
        setup.boxes = std::move(inputs->boxes);
    } else {
        bool ok = false;
        const int n = parser.value(o.random).toInt(&ok);
        if (!ok || n < 1)
            return usageError(QStringLiteral("--random '%1': expected a positive count")
                                  .arg(parser.value(o.random)));
        std::mt19937 rng(1);
        std::normal_distribution<float> normal(0.f, 1.f);
        for (int s = 0; s < n; ++s) {
            std::vector<HostTensor> sample;
            for (ValueId in : g.inputs()) {
                const Value& v = g.value(in);
                if (!v.shape.isFullyKnown() || v.dtype != DataType::Float)
                    return failure(
                        QStringLiteral("--random: input '%1' is %2 %3; random inputs need a "
                                       "float input of fixed shape (give --input-shape)")
                            .arg(qstr(v.name), qstr(std::string(nameOf(v.dtype))),
                                 qstr(v.shape.toString())));
                HostTensor t(DataType::Float, v.shape.dims);
                for (float& x : t.mutableSpan<float>())
                    x = normal(rng);
                sample.push_back(std::move(t));
            }
            setup.samples.push_back(std::move(sample));
        }
    }

    if (parser.isSet(o.equalizeAlpha) && !parser.isSet(o.equalize))
        return usageError(QStringLiteral("--equalize-alpha goes with --equalize"));
    if (parser.isSet(o.equalize)) {
        EqualizationOptions equalization;
        if (parser.isSet(o.equalizeAlpha)) {
            bool ok = false;
            const double a = parser.value(o.equalizeAlpha).toDouble(&ok);
            if (!ok || !(a >= 0.0 && a <= 1.0))
                return usageError(QStringLiteral("--equalize-alpha '%1': expected a number in "
                                                 "[0, 1]")
                                      .arg(parser.value(o.equalizeAlpha)));
            equalization.denseAlpha = a;
        }
        auto equalized = session::equalizeSetup(setup, equalization, stderrProgress(err, command));
        if (!equalized)
            return equalized.error();
        for (const EqualizedTensor& t : *equalized)
            err << command << ": equalized " << qstr(t.tensor) << " (layer " << t.layer
                << "): channel ranges " << QString::number(t.rangeRatioBefore, 'g', 3) << ":1 -> "
                << QString::number(t.rangeRatioAfter, 'g', 3) << ":1\n";
    }
    setup.cacheKey = session::calibrationCacheKey(
        (*model)->fileBytes(), (*model)->optimizationLabel(), *setup.graph, openOptions.inputShapes,
        setup.samples, setup.settings);
    return PreparedModel{std::move(model).value(), std::move(setup)};
}

void requireCalibratedBits(PreparedModel& prepared, const std::vector<int>& bits) {
    ModelSetup& s = prepared.setup;
    bool added = false;
    for (int b : bits)
        if (b != 32 &&
            std::find(s.settings.bits.begin(), s.settings.bits.end(), b) == s.settings.bits.end()) {
            s.settings.bits.push_back(b);
            added = true;
        }
    if (added)
        s.cacheKey = session::calibrationCacheKey(
            prepared.model->fileBytes(), prepared.model->optimizationLabel(), *s.graph,
            prepared.model->inputShapes, s.samples, s.settings);
}

Result<CalibrationResult> calibrateCached(const ModelSetup& setup, QTextStream& err,
                                          const char* command) {
    auto result = session::calibrateCached(setup, stderrProgress(err, command));
    if (!result)
        return result.error();
    if (result->fromCache)
        err << command << ": calibration from cache (" << result->cachePath << ")\n";
    else if (!result->stored)
        err << command << ": note: could not write the calibration cache " << result->cachePath
            << '\n';
    return std::move(result->result);
}

} // namespace autosplit::cli
