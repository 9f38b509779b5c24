#include "core/cost/device_timing.h"

#include <algorithm>

namespace autosplit {

namespace {

double total(const LayerBytes& b) {
    return b.weights + b.filterInputs + b.ifmap + b.output;
}

LayerTime finish(LayerTime t) {
    t.seconds = std::max(t.computeSeconds, t.memorySeconds);
    return t;
}

} // namespace

LayerTime systolicLayerTime(const LayerGeometry& layer, const LayerBytes& bytes,
                            const DeviceParams& device) {
    LayerTime t;
    if (layer.work == LayerWork::View || !device.systolic)
        return t;
    const SystolicParams& s = *device.systolic;
    const double bandwidth = device.bandwidthBytesPerSecond;
    if (layer.work == LayerWork::Elementwise) {
        t.computeSeconds =
            static_cast<double>(layer.elementwiseOps) / device.elementwiseOpsPerSecond;
        t.dramBytes = total(bytes);
        t.memorySeconds = t.dramBytes / bandwidth;
        return finish(t);
    }
    const double units = static_cast<double>(s.array.rows) * static_cast<double>(s.array.cols);
    if (!layer.mapped || layer.repeats <= 0) {
        t.cycles = static_cast<double>(layer.macs) / units;
        t.utilisation = layer.macs > 0 ? 1.0 : 0.0;
        t.dramBytes = total(bytes);
    } else {
        const double repeats = static_cast<double>(layer.repeats);
        const double filterSets = static_cast<double>(std::max<int64_t>(1, layer.filterSets));
        // The streamed operand moves at most its im2col size: a strided 1x1 convolution reads only
        // the pixels it uses (with overlapping windows the tensor itself is the smaller).
        int64_t ifmapElements = 0;
        for (const OperandSize& o : layer.ifmapInputs)
            ifmapElements += o.elements;
        const double windows =
            static_cast<double>(layer.gemm.np) * static_cast<double>(layer.gemm.wn) * repeats;
        const double ifmap =
            ifmapElements > 0
                ? bytes.ifmap * std::min(1.0, windows / static_cast<double>(ifmapElements))
                : bytes.ifmap;
        GemmBytes per;
        per.filter = (bytes.weights + bytes.filterInputs) / filterSets;
        per.ifmap = ifmap / repeats;
        per.ofmap = bytes.output / repeats;
        t.cycles = repeats * computeCycles(layer.gemm, s.array, s.dataflow);
        t.dramBytes = repeats * dramBytes(layer.gemm, s.array, s.dataflow, per, s.buffers);
        // A weight set shared by several repeats (an RNN's time steps) is loaded by each of them
        // above; when all sets fit the filter buffer together they are loaded once instead.
        if (filterSets < repeats &&
            per.filter * filterSets <= static_cast<double>(s.buffers.filterBytes))
            t.dramBytes -= (repeats - filterSets) * per.filter;
        t.utilisation = t.cycles > 0 ? static_cast<double>(layer.macs) / (t.cycles * units) : 0.0;
    }
    t.computeSeconds = t.cycles / device.clockHz;
    t.memorySeconds = t.dramBytes / bandwidth;
    return finish(t);
}

LayerTime rooflineLayerTime(const LayerGeometry& layer, const LayerBytes& bytes,
                            const DeviceParams& device) {
    LayerTime t;
    if (layer.work == LayerWork::View)
        return t;
    const double compute = device.roofline.computeEfficiency;
    if (layer.work == LayerWork::Gemm)
        t.computeSeconds = static_cast<double>(layer.macs) / (device.macRatePerSecond * compute);
    else
        t.computeSeconds =
            static_cast<double>(layer.elementwiseOps) / (device.elementwiseOpsPerSecond * compute);
    t.dramBytes = total(bytes);
    t.memorySeconds =
        t.dramBytes / (device.bandwidthBytesPerSecond * device.roofline.memoryEfficiency);
    return finish(t);
}

LayerTime layerTime(const LayerGeometry& layer, const LayerBytes& bytes,
                    const DeviceParams& device) {
    return device.systolic ? systolicLayerTime(layer, bytes, device)
                           : rooflineLayerTime(layer, bytes, device);
}

} // namespace autosplit
