#pragma once

// Measured drops in seconds rather than minutes: an evaluation engine for one model and sample
// set that does each piece of work once and stops when the answer is clear.
// - The float model runs on each sample once; its answers are kept, and its outputs within a
//   memory budget and in a folder of the cache on disk (reference_store.h), where a later
//   engine for the same model and samples finds them.
// - A candidate is judged on a growing number of samples, in an order fixed per engine (a
//   shuffle, so a folder sorted by class is not judged one class first), until its drop on the
//   whole set is known to be within or beyond the limit at the stated confidence
//   (drop_interval.h), or every sample is judged. What was judged is kept: asking again (to
//   confirm a selection on every sample) goes on from there.
// - The quantized run of a sample starts from the deepest state kept for the same first layers
//   at the same widths (another candidate's), and keeps states where the candidates it is told
//   to expect part from this one, within a memory budget.
// - Samples run in parallel, one per core.
// The judgement on every sample equals evaluate()'s, figure for figure.

#include "core/quant/drop_interval.h"
#include "core/quant/evaluation.h"
#include "core/quant/sample_outcome.h"

#include "core/runtime/executor.h"
#include "core/util/progress.h"
#include "core/util/result.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

namespace autosplit {

struct EvaluationEngineOptions {
    double confidence = 0.99;
    int threads = 0;                             // 0: every core
    int64_t stateBudgetBytes = int64_t(1) << 30; // prefix states kept in memory
    uint32_t orderSeed = 1;                      // the order samples are judged in
    // the float outputs: on disk (empty: memory only) and what of them stays in memory
    std::filesystem::path referenceDirectory;
    int64_t referenceBudgetBytes = int64_t(512) << 20;
};

struct EvaluationEngineStats {
    int64_t referenceRuns = 0;    // float runs (one per sample, unless its outputs were dropped)
    int64_t referencesLoaded = 0; // float outputs read back from disk instead
    int64_t sampleRuns = 0;       // quantized runs of a sample, whole or from a kept state
    int64_t layersRun = 0;        // nodes the quantized runs executed
    int64_t layersReused = 0;     // nodes they skipped by starting from a kept state
    int64_t samplesJudged = 0;    // over every request judged
    int64_t samplesOfAll = 0;     // what judging each of those requests on every sample takes
};

class EvaluationEngine {
public:
    static Result<std::shared_ptr<EvaluationEngine>>
    create(std::shared_ptr<const Graph> graph, CalibrationResult calibration,
           std::vector<std::vector<HostTensor>> samples, TaskMetric metric, SampleTruth truth,
           EvaluationEngineOptions options = {});
    ~EvaluationEngine();

    // Judges the request on more samples until its drop on the whole set is known to be within or
    // beyond `limit`, or every sample is judged (always, without a limit). Thread-safe; calls are
    // served one at a time. A cancelled judgement keeps what it judged, including samples that
    // finished while it stopped: judging again (after the queue changed) goes on from there.
    Result<DropJudgement> judge(const EvaluationRequest& request, std::optional<double> limit,
                                const CancellationToken& cancel = {});
    // evaluate()'s figures on every sample.
    Result<EvaluationResult> evaluateAll(const EvaluationRequest& request,
                                         const CancellationToken& cancel = {});
    // Requests about to be judged: states where they part from the ones judged before them are
    // kept. Replaces the previous list.
    void expect(std::vector<EvaluationRequest> upcoming);

    int sampleCount() const;
    EvaluationEngineStats stats() const;

private:
    struct Impl;
    explicit EvaluationEngine(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace autosplit
