#include "core/cost/systolic_array.h"

#include <algorithm>

namespace autosplit {

namespace {

int64_t ceilDiv(int64_t a, int64_t b) {
    return (a + b - 1) / b;
}

bool empty(const GemmShape& g, const ArrayShape& a) {
    return g.np <= 0 || g.wn <= 0 || g.f <= 0 || a.rows <= 0 || a.cols <= 0;
}

// Times an operand crosses the DRAM interface: once when it fits its buffer, else `refetches`.
double passes(double bytes, int64_t bufferBytes, int64_t refetches) {
    return bytes <= static_cast<double>(bufferBytes) ? 1.0 : static_cast<double>(refetches);
}

} // namespace

std::string_view dataflowName(Dataflow dataflow) {
    switch (dataflow) {
    case Dataflow::WeightStationary:
        return "ws";
    case Dataflow::OutputStationary:
        return "os";
    case Dataflow::InputStationary:
        return "is";
    }
    return "ws";
}

FoldCount foldCount(const GemmShape& g, const ArrayShape& a, Dataflow dataflow) {
    if (empty(g, a))
        return {};
    switch (dataflow) {
    case Dataflow::WeightStationary:
        return {ceilDiv(g.wn, a.rows), ceilDiv(g.f, a.cols)};
    case Dataflow::OutputStationary:
        return {ceilDiv(g.np, a.rows), ceilDiv(g.f, a.cols)};
    case Dataflow::InputStationary:
        return {ceilDiv(g.wn, a.rows), ceilDiv(g.np, a.cols)};
    }
    return {};
}

double computeCycles(const GemmShape& g, const ArrayShape& a, Dataflow dataflow) {
    if (empty(g, a))
        return 0.0;
    const double folds = static_cast<double>(foldCount(g, a, dataflow).folds());
    const double r = static_cast<double>(a.rows);
    const double c = static_cast<double>(a.cols);
    double perFold = 0.0;
    switch (dataflow) {
    case Dataflow::WeightStationary:
        perFold = 2 * r + c + static_cast<double>(g.np) - 2;
        break;
    case Dataflow::OutputStationary:
        perFold = static_cast<double>(g.wn) + r + c - 2;
        break;
    case Dataflow::InputStationary:
        perFold = 2 * r + c + static_cast<double>(g.f) - 2;
        break;
    }
    return folds * perFold - 1;
}

double utilisation(const GemmShape& g, const ArrayShape& a, Dataflow dataflow) {
    const double cycles = computeCycles(g, a, dataflow);
    if (cycles <= 0)
        return 0.0;
    const double macs =
        static_cast<double>(g.np) * static_cast<double>(g.wn) * static_cast<double>(g.f);
    return macs / (cycles * static_cast<double>(a.rows) * static_cast<double>(a.cols));
}

double dramBytes(const GemmShape& g, const ArrayShape& a, Dataflow dataflow, const GemmBytes& bytes,
                 const BufferSizes& buffers) {
    if (empty(g, a))
        return bytes.filter + bytes.ifmap + bytes.ofmap;
    const FoldCount folds = foldCount(g, a, dataflow);
    switch (dataflow) {
    case Dataflow::WeightStationary: {
        const double tile =
            bytes.ofmap * static_cast<double>(std::min(g.f, a.cols)) / static_cast<double>(g.f);
        return bytes.filter +
               bytes.ifmap * passes(bytes.ifmap, buffers.ifmapBytes, folds.colFolds) +
               bytes.ofmap * passes(tile, buffers.ofmapBytes, 2 * folds.rowFolds - 1);
    }
    case Dataflow::OutputStationary:
        return bytes.filter * passes(bytes.filter, buffers.filterBytes, folds.rowFolds) +
               bytes.ifmap * passes(bytes.ifmap, buffers.ifmapBytes, folds.colFolds) + bytes.ofmap;
    case Dataflow::InputStationary: {
        const double tile =
            bytes.ofmap * static_cast<double>(std::min(g.np, a.cols)) / static_cast<double>(g.np);
        return bytes.ifmap +
               bytes.filter * passes(bytes.filter, buffers.filterBytes, folds.colFolds) +
               bytes.ofmap * passes(tile, buffers.ofmapBytes, 2 * folds.rowFolds - 1);
    }
    }
    return bytes.filter + bytes.ifmap + bytes.ofmap;
}

} // namespace autosplit
