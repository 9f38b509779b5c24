#pragma once

// Calibration (DESIGN.md, "The problem" and "Accuracy"): run sample inputs through the float
// model, observe every layer's output activation, choose its range, and measure D_a(i, b) for
// each bit-width in B next to D_w(i, b) from the weights. The result is what the solver reads.

#include "core/quant/activation_observer.h"
#include "core/quant/quant_error_table.h"
#include "core/quant/range_estimator.h"
#include "core/quant/weight_rounding.h"

#include "core/runtime/executor.h"
#include "core/runtime/host_tensor.h"
#include "core/util/progress.h"
#include "core/util/result.h"

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace autosplit {

struct CalibrationSettings {
    std::vector<int> bits = {2, 4, 6, 8}; // the device's candidate set B
    RangeOptions weightRange;             // per output channel
    RangeOptions activationRange;         // per tensor; graph outputs always min/max
    // Adaptive: each weight layer's rounding is chosen on the samples for every width in B
    // (core/quant/weight_rounding.h), and its D_w is that of the weights so rounded.
    WeightRounding weightRounding = WeightRounding::Nearest;
    size_t reservoirSize = 65536; // values kept per activation for percentile/MSE and D_a
    // Even out per-channel activation ranges first (core/quant/channel_equalization.h); done by
    // whoever prepares the graph (session::equalizeSetup), recorded here for the cache key.
    bool equalize = false;
    std::optional<double> equalizeDenseAlpha; // EqualizationOptions::denseAlpha when equalized
};

struct CalibrationResult {
    QuantErrorTable table; // D_w and D_a for every layer
    // Chosen range per layer output tensor, one per bit-width of table.bits (MSE clipping
    // depends on the bit-width; min/max and percentile give the same range for all).
    std::map<std::string, std::vector<Range>> activationRanges;
    // Chosen range per float graph input, by bit-width 2..8 (the raw-input bits the cost model
    // may charge: a graph input read on the cloud travels as codes of that width, wire_form.h).
    std::map<std::string, std::map<int, Range>> inputRanges;
    // Adaptive rounding: per weight tensor and bit-width, the weights rounded away from nearest.
    // Layers adaptive rounding does not handle, and 16 bits, are absent (nearest).
    std::map<std::string, std::map<int, RoundingMask>> weightRounding;
    size_t samples = 0;

    // The rounding of `weight` at `bits`, or nullptr for nearest rounding. The masks belong to
    // the grid of the calibration's weight ranges: for another range method, nullptr.
    const RoundingMask* roundingFor(const std::string& weight, int bits,
                                    const RangeOptions& weightRange) const;
    // The range of graph input `input` at `bits`, or nullptr when it was not calibrated.
    const Range* inputRange(const std::string& input, int bits) const;
};

// One sample = one tensor per graph input, in the graph's input order. Runs every sample through
// the float graph once; float graph inputs are observed as activations are. D_a is measured on each
// activation's reservoir: a uniform sample of all its values over all samples, so the MSE is an
// unbiased estimate of the full-data MSE (exact while a tensor has fewer values than the reservoir
// holds). Progress per sample; cancellable.
Result<CalibrationResult> calibrate(const Executor& executor,
                                    std::span<const std::vector<HostTensor>> samples,
                                    const CalibrationSettings& settings,
                                    const ProgressCallback& progress = {},
                                    const CancellationToken& cancel = {});

} // namespace autosplit
