#pragma once

// A model ready to run on its sample inputs: the optimized graph, its executor, the samples (and
// labels), the calibration settings and the key of its calibration in the on-disk cache. What the
// command line's sample-based commands and the explorer's engine share.

#include "core/data/sample_set.h"
#include "core/graph/graph.h"
#include "core/metrics/quad.h"
#include "core/onnx/onnx_importer.h"
#include "core/quant/calibration.h"
#include "core/quant/channel_equalization.h"
#include "core/quant/evaluation.h"
#include "core/runtime/executor.h"
#include "core/runtime/host_tensor.h"
#include "core/util/progress.h"
#include "core/util/result.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace autosplit::session {

struct ModelSetup {
    std::shared_ptr<const Graph> graph;
    std::optional<Executor> executor;
    std::vector<std::vector<HostTensor>> samples; // one tensor per graph input each
    std::vector<int> labels;                      // one per sample, or empty
    std::vector<std::string> texts;               // one line text per sample, or empty
    // Text boxes per sample in input-tensor coordinates (a text detector's truth), or empty.
    std::vector<std::vector<Quad>> boxes;
    CalibrationSettings settings;
    QByteArray cacheKey;
    bool useCache = true;
};

// What setup's samples are known to show (its labels, texts or boxes), for evaluate().
SampleTruth sampleTruth(const ModelSetup& setup);

// Sample inputs read from a sample set, with their labels when the set has them.
struct SampleInputs {
    std::vector<std::vector<HostTensor>> samples;
    std::vector<int> labels;
    std::vector<std::string> texts; // when the set's labels are texts
    // When the set's labels are text boxes: each sample's, where its input tensor has them.
    std::vector<std::vector<Quad>> boxes;
};

// Images go in at the model input's own size, RGB, scaled to [0, 1], when the user gives no
// preprocessing: "resize=HxW,scale=1/255" for a fully known 4-D input, else the default spec.
PreprocessSpec defaultPreprocessSpec(const Graph& graph);

// Every sample of `set` as the single input of `graph`; fails naming the problem when the graph
// has another number of inputs or a sample cannot be read. Cancellable.
Result<SampleInputs> loadSampleInputs(const SampleSet& set, const Graph& graph,
                                      const ProgressCallback& progress = {},
                                      const CancellationToken& cancel = {});

// The calibration cache key: everything the result depends on. `modelBytes` are the file's bytes,
// `optimization` names how the graph was optimized ("raw", "optimized", or the pass list).
QByteArray calibrationCacheKey(QByteArrayView modelBytes, const QByteArray& optimization,
                               const Graph& graph,
                               const std::vector<InputShapeOverride>& inputShapes,
                               const std::vector<std::vector<HostTensor>>& samples,
                               const CalibrationSettings& settings);

// Channel equalization of setup.graph on setup.samples (before calibration): replaces the graph
// and executor with the equalized ones when a tensor was evened out, and marks the settings (the
// cache key tells equalized calibrations apart). Returns what was equalized.
Result<std::vector<EqualizedTensor>> equalizeSetup(ModelSetup& setup,
                                                   const EqualizationOptions& options = {},
                                                   const ProgressCallback& progress = {},
                                                   const CancellationToken& cancel = {});

struct CachedCalibration {
    CalibrationResult result;
    bool fromCache = false;
    bool stored = false; // written to the cache (false when the write failed or it came from it)
    QString cachePath;
};

// Calibration from the cache when an entry for the same inputs exists (and setup.useCache), else
// computed on the samples and stored. Progress and cancellation are the calibration's.
Result<CachedCalibration> calibrateCached(const ModelSetup& setup,
                                          const ProgressCallback& progress = {},
                                          const CancellationToken& cancel = {});

} // namespace autosplit::session
