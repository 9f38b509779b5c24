#pragma once

// SolutionSets for the solution-view suites, made by the real pipeline: import, the default
// optimization passes, split analysis, D_w from the model's own weights (computeWeightErrors),
// the Eyeriss/TPU latency model from the device presets, and solve(). No numbers are made up.

#include "session/opened_model.h"

#include "core/cost/latency_model.h"
#include "core/cost/uplink.h"
#include "core/quant/quant_error_table.h"
#include "core/solve/solution_set.h"
#include "core/solve/solve_constraints.h"

#include <onnx/onnx_pb.h>

#include <memory>
#include <string>

namespace autosplit::testing {

struct SolvedModel {
    session::OpenedModelPtr model;
    QuantErrorTable errors;
    std::shared_ptr<const LatencyModel> latency;
    Uplink uplink;
    SolveConstraints constraints;
    std::shared_ptr<const SolutionSet> set;
};

// `proto` imported, optimized by the default passes and analysed, as the engine does it.
session::OpenedModelPtr analyzeModel(const onnx::ModelProto& proto, const std::string& name);

// The edge bit-widths the fixtures use (Eyeriss' supported set).
SolveConstraints defaultTestConstraints(int64_t edgeMemoryBytes = 4 * 1024 * 1024);

// Fails the process (qFatal) on any error: a fixture that cannot be built is a broken test.
SolvedModel solveModel(const onnx::ModelProto& proto, const SolveConstraints& constraints,
                       const Uplink& uplink = {});
// The embedded sample model at PaddleOCR's input shape.
SolvedModel solveSampleModel(const SolveConstraints& constraints, const Uplink& uplink = {});
// Solves an already built model again under other constraints (same errors, latency model).
std::shared_ptr<const SolutionSet>
resolve(const SolvedModel& solved, const SolveConstraints& constraints, const Uplink& uplink);

// Measures the accuracy drop of every candidate on the set's (latency, E) front for real:
// calibrates on `samples` random inputs (fixed seed), evaluates each candidate's split with its
// bit-widths against the float model (top-1 agreement), stores the drops and redoes the
// selection under `maxDrop` percentage points.
std::shared_ptr<const SolutionSet> evaluateFront(const SolvedModel& solved, int samples,
                                                 double maxDrop);
// The set judged against `maxDrop` as the explorer judges it (evaluateSolution with the
// evaluation engine, on `samples` random inputs): a candidate clearly within or beyond the limit
// on part of the samples only (Candidate::dropEvidence), the others and the selection on every
// sample.
std::shared_ptr<const SolutionSet> judgeFront(const SolvedModel& solved, int samples,
                                              double maxDrop);

} // namespace autosplit::testing
