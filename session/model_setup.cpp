#include "session/model_setup.h"

#include "session/calibration_cache.h"

#include <QCryptographicHash>
#include <QString>

#include <string>

namespace autosplit::session {

PreprocessSpec defaultPreprocessSpec(const Graph& graph) {
    if (graph.inputs().size() == 1) {
        const TensorShape& shape = graph.value(graph.inputs()[0]).shape;
        if (shape.isFullyKnown() && shape.dims.size() == 4) {
            auto spec = parsePreprocessSpec("resize=" + std::to_string(shape.dims[2]) + "x" +
                                            std::to_string(shape.dims[3]) + ",scale=1/255");
            if (spec)
                return *spec;
        }
    }
    return {};
}

Result<SampleInputs> loadSampleInputs(const SampleSet& set, const Graph& graph,
                                      const ProgressCallback& progress,
                                      const CancellationToken& cancel) {
    if (graph.inputs().size() != 1)
        return Error{"the samples feed one input, but the model has " +
                     std::to_string(graph.inputs().size())};
    auto tensors = set.loadAll(progress, cancel);
    if (!tensors)
        return tensors.error();
    SampleInputs inputs;
    for (size_t i = 0; i < tensors->size(); ++i) {
        inputs.samples.push_back({std::move((*tensors)[i])});
        if (set.hasBoxes()) {
            auto boxes = set.inputBoxes(i);
            if (!boxes)
                return boxes.error();
            inputs.boxes.push_back(std::move(boxes).value());
        } else if (set.hasTextLabels())
            inputs.texts.push_back(set.entry(i).text);
        else if (set.hasLabels())
            inputs.labels.push_back(set.entry(i).label);
    }
    return inputs;
}

QByteArray calibrationCacheKey(QByteArrayView modelBytes, const QByteArray& optimization,
                               const Graph& graph,
                               const std::vector<InputShapeOverride>& inputShapes,
                               const std::vector<std::vector<HostTensor>>& samples,
                               const CalibrationSettings& settings) {
    QCryptographicHash key(QCryptographicHash::Sha256);
    key.addData(modelBytes);
    key.addData(optimization);
    // and the layers the tables are about: another optimizer (a new fusion) makes other layers
    for (const Node& n : graph.nodes())
        key.addData(QByteArray::fromStdString(n.name + '|' + n.opType + '|' +
                                              n.activation.displayName() + '|' +
                                              (n.residualAdd ? "+" : "") + '\n'));
    for (const auto& s : inputShapes)
        key.addData(QByteArray::fromStdString(s.name + "=" + TensorShape::of(s.dims).toString()));
    for (const auto& sample : samples)
        for (const HostTensor& t : sample)
            key.addData(QByteArrayView(reinterpret_cast<const char*>(t.bytes()),
                                       static_cast<qsizetype>(t.byteSize())));
    QString settingsText;
    for (int b : settings.bits)
        settingsText += QString::number(b) + QLatin1Char(',');
    settingsText +=
        QString::fromStdString(std::string(rangeMethodName(settings.weightRange.method))) +
        QLatin1Char(',') +
        QString::fromStdString(std::string(rangeMethodName(settings.activationRange.method))) +
        QLatin1Char(',') + QString::number(settings.activationRange.percentile, 'g', 17) +
        QLatin1Char(',') + QString::number(settings.reservoirSize);
    if (settings.equalize) // an equalized graph has other weights (the same structure)
        settingsText += QStringLiteral(",equalized") +
                        (settings.equalizeDenseAlpha
                             ? QStringLiteral(",alpha=") +
                                   QString::number(*settings.equalizeDenseAlpha, 'g', 17)
                             : QString());
    if (settings.weightRounding == WeightRounding::Adaptive)
        settingsText += QStringLiteral(",rounding=adaptive");
    // how calibration computes, for entries written by older builds: 2 = graph outputs keep their
    // min/max range under percentile and MSE clipping
    settingsText += QStringLiteral(",rules=2");
    key.addData(settingsText.toUtf8());
    return key.result();
}

SampleTruth sampleTruth(const ModelSetup& setup) {
    return SampleTruth{setup.labels, setup.texts, setup.boxes};
}

Result<std::vector<EqualizedTensor>> equalizeSetup(ModelSetup& setup,
                                                   const EqualizationOptions& options,
                                                   const ProgressCallback& progress,
                                                   const CancellationToken& cancel) {
    if (!setup.executor)
        return Error{"channel equalization: the model has no executor", ErrorKind::Internal};
    auto equalized = equalizeChannels(*setup.executor, setup.samples, options, progress, cancel);
    if (!equalized)
        return equalized.error();
    setup.settings.equalize = true;
    setup.settings.equalizeDenseAlpha = options.denseAlpha;
    if (equalized->tensors.empty())
        return std::move(equalized->tensors);
    auto executor = Executor::create(equalized->graph);
    if (!executor)
        return executor.error();
    setup.graph = equalized->graph;
    setup.executor.emplace(std::move(executor).value());
    return std::move(equalized->tensors);
}

Result<CachedCalibration> calibrateCached(const ModelSetup& setup, const ProgressCallback& progress,
                                          const CancellationToken& cancel) {
    if (!setup.executor)
        return Error{"calibration: the model has no executor", ErrorKind::Internal};
    CalibrationCache cache(setup.cacheKey);
    CachedCalibration out;
    out.cachePath = cache.filePath();
    if (setup.useCache)
        if (auto cached = cache.load()) {
            out.result = std::move(*cached);
            out.fromCache = true;
            return out;
        }
    auto result = calibrate(*setup.executor, setup.samples, setup.settings, progress, cancel);
    if (!result)
        return result.error();
    out.result = std::move(result).value();
    out.stored = cache.store(out.result);
    return out;
}

} // namespace autosplit::session
