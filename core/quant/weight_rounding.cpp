#include "core/quant/weight_rounding.h"

#include "core/runtime/kernel.h"
#include "core/runtime/kernels/spatial_geometry.h"

#include <Eigen/Core>

#include <algorithm>
#include <bit>
#include <cmath>
#include <string>

namespace autosplit {

namespace {

// Rows of P: input vectors gathered before each H += P^T P, so that the product is one GEMM.
constexpr int64_t kChunkRows = 512;
// Passes of the coordinate descent; it stops earlier when a pass flips nothing (two or three
// passes on the layers seen).
constexpr int kMaxPasses = 16;
// Up to this many weights per output channel (a 3x3 depthwise kernel has 9) every choice is
// tried: single flips alone cannot leave nearest rounding when H is nearly rank one (smooth
// input: every flip moves the kernel's sum by a whole step), but flips in pairs can.
constexpr int64_t kExhaustiveDimension = 12;

// Input vectors are float32 and a chunk's sum of outer products is formed in float (SSE2 does
// twice as many floats as doubles per instruction, and a chunk has at most kChunkRows terms);
// the sums over chunks and samples are kept in double.
using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Element (o, j) of a weight seen as [output channels, input vector]: Conv [M, Cg, k...] and
// Gemm's B with transB (axis 0) are row-major that way; Gemm's B without transB and MatMul's B,
// [K, N] (axis 1), are column-major.
struct ChannelView {
    int64_t channels = 0;
    int64_t dimension = 0;
    bool columnMajor = false;
    int64_t index(int64_t o, int64_t j) const {
        return columnMajor ? j * channels + o : o * dimension + j;
    }
};

ChannelView viewOf(const Graph& graph, const LayerWeight& weight) {
    const std::vector<int64_t>& dims = graph.value(weight.value).initializer->dims;
    ChannelView v;
    if (weight.axis == 0) {
        v.channels = dims[0];
        v.dimension = dims[0] == 0 ? 0 : weight.elements / dims[0];
    } else {
        v.channels = dims[1];
        v.dimension = dims[0];
        v.columnMajor = true;
    }
    return v;
}

// H += P^T P for the first `rows` rows of P; only the lower triangle is formed (a symmetric rank
// update does half a GEMM's work), the upper one is mirrored at the end of add().
void accumulate(std::vector<double>& h, int64_t d, const RowMatrix& p, int64_t rows,
                Eigen::MatrixXf& scratch) {
    scratch.setZero(d, d);
    scratch.selfadjointView<Eigen::Lower>().rankUpdate(p.topRows(rows).transpose());
    Eigen::Map<Eigen::MatrixXd> target(h.data(), d, d);
    target.triangularView<Eigen::Lower>() += scratch.cast<double>();
}

void mirrorLower(std::vector<double>& h, int64_t d) {
    Eigen::Map<Eigen::MatrixXd> target(h.data(), d, d);
    target.triangularView<Eigen::StrictlyUpper>() = target.transpose();
}

} // namespace

std::string_view weightRoundingName(WeightRounding rounding) {
    return rounding == WeightRounding::Adaptive ? "adaptive" : "nearest";
}

std::optional<WeightRounding> parseWeightRounding(std::string_view name) {
    if (name == "nearest")
        return WeightRounding::Nearest;
    if (name == "adaptive")
        return WeightRounding::Adaptive;
    return std::nullopt;
}

RoundingMask::RoundingMask(int64_t count)
    : elements(count), bits(static_cast<size_t>((count + 7) / 8), 0) {}

int64_t RoundingMask::flippedCount() const {
    int64_t n = 0;
    for (uint8_t b : bits)
        n += std::popcount(b);
    return n;
}

std::optional<LayerInputMoments> LayerInputMoments::of(const Graph& graph,
                                                       const LayerWeight& weight) {
    const Node& node = graph.node(weight.node);
    const std::vector<int64_t>& dims = graph.value(weight.value).initializer->dims;
    LayerInputMoments m;
    m.m_node = weight.node;
    if (node.opType == "Conv" && weight.slot == 1 && weight.axis == 0 && dims.size() >= 3) {
        m.m_groups = node.attrInt("group", 1);
        if (m.m_groups < 1 || dims[0] % m.m_groups != 0)
            return std::nullopt;
        m.m_dimension = dims[0] == 0 ? 0 : weight.elements / dims[0];
    } else if ((node.opType == "Gemm" || node.opType == "MatMul") && weight.slot == 1 &&
               dims.size() == 2 && node.attrInt("transA", 0) == 0) {
        m.m_dimension = weight.axis == 0 ? dims[1] : dims[0];
    } else {
        return std::nullopt;
    }
    if (m.m_dimension < 1 || m.m_dimension > kMaxDimension || node.inputs.empty() ||
        node.inputs[0] == kNone)
        return std::nullopt;
    m.m_input = node.inputs[0];
    m.m_moments.assign(static_cast<size_t>(m.m_groups),
                       std::vector<double>(static_cast<size_t>(m.m_dimension * m.m_dimension)));
    return m;
}

Status LayerInputMoments::add(const Graph& graph, const HostTensor& input) {
    const Node& node = graph.node(m_node);
    const std::string label = "input '" + graph.value(m_input).name + "' of '" + node.name + "'";
    if (input.dtype() != DataType::Float)
        return Error{label + " is not float32"};
    if (node.opType == "Conv")
        return addConvPatches(graph, input);
    if (input.rank() < 1 || input.dims().back() != m_dimension)
        return Error{label + " does not end in " + std::to_string(m_dimension) + " values"};
    const int64_t rows = input.elementCount() / m_dimension;
    const float* x = input.data<float>();
    RowMatrix p(std::min(rows, kChunkRows), m_dimension);
    Eigen::MatrixXf scratch;
    for (int64_t r0 = 0; r0 < rows; r0 += kChunkRows) {
        const int64_t n = std::min(kChunkRows, rows - r0);
        for (int64_t r = 0; r < n; ++r)
            for (int64_t j = 0; j < m_dimension; ++j)
                p(r, j) = x[(r0 + r) * m_dimension + j];
        accumulate(m_moments[0], m_dimension, p, n, scratch);
    }
    mirrorLower(m_moments[0], m_dimension);
    m_vectors += rows;
    return Status::success();
}

Status LayerInputMoments::addConvPatches(const Graph& graph, const HostTensor& input) {
    const Node& node = graph.node(m_node);
    const std::vector<int64_t>& wdims = graph.value(node.inputs[1]).initializer->dims;
    const int64_t cg = wdims[1];
    if (input.rank() != static_cast<int64_t>(wdims.size()) || input.dim(1) != cg * m_groups)
        return Error{"input '" + graph.value(m_input).name + "' of '" + node.name +
                     "' does not have " + std::to_string(cg * m_groups) + " channels"};
    const std::vector<int64_t> inSpatial(input.dims().begin() + 2, input.dims().end());
    const std::vector<int64_t> kernel(wdims.begin() + 2, wdims.end());
    std::vector<HostTensor> noOutputs;
    KernelContext ctx{graph, node, graph.opsetVersion(node.domain), {}, noOutputs, 1};
    auto geometry = windowGeometry(ctx, inSpatial, kernel, false);
    if (!geometry)
        return geometry.error();
    const SpatialGeometry& g = *geometry;
    const int64_t images = input.dim(0);
    const int64_t plane = g.inSize();
    const int64_t positions = g.outSize();
    const float* x = input.data<float>();
    RowMatrix p(std::min(positions, kChunkRows), m_dimension);
    Eigen::MatrixXf scratch;
    for (int64_t n = 0; n < images; ++n)
        for (int64_t gi = 0; gi < m_groups; ++gi) {
            const float* xg = x + (n * m_groups + gi) * cg * plane;
            for (int64_t s0 = 0; s0 < positions; s0 += kChunkRows) {
                const int64_t rows = std::min(kChunkRows, positions - s0);
                for (int64_t r = 0; r < rows; ++r) {
                    const int64_t s = s0 + r;
                    const int64_t od = s / (g.out[1] * g.out[2]);
                    const int64_t oh = (s / g.out[2]) % g.out[1];
                    const int64_t ow = s % g.out[2];
                    int64_t j = 0;
                    for (int64_t c = 0; c < cg; ++c)
                        for (int64_t kd = 0; kd < g.kernel[0]; ++kd)
                            for (int64_t kh = 0; kh < g.kernel[1]; ++kh)
                                for (int64_t kw = 0; kw < g.kernel[2]; ++kw, ++j) {
                                    const int64_t id =
                                        od * g.stride[0] - g.padBegin[0] + kd * g.dilation[0];
                                    const int64_t ih =
                                        oh * g.stride[1] - g.padBegin[1] + kh * g.dilation[1];
                                    const int64_t iw =
                                        ow * g.stride[2] - g.padBegin[2] + kw * g.dilation[2];
                                    const bool inside = id >= 0 && id < g.in[0] && ih >= 0 &&
                                                        ih < g.in[1] && iw >= 0 && iw < g.in[2];
                                    p(r, j) =
                                        inside ? xg[c * plane + (id * g.in[1] + ih) * g.in[2] + iw]
                                               : 0.0f;
                                }
                }
                accumulate(m_moments[static_cast<size_t>(gi)], m_dimension, p, rows, scratch);
            }
        }
    for (auto& h : m_moments)
        mirrorLower(h, m_dimension);
    m_vectors += images * positions;
    return Status::success();
}

Result<RoundingMask> adaptiveRounding(const Graph& graph, const LayerWeight& weight,
                                      const QuantParams& params, const LayerInputMoments& moments) {
    const Value& value = graph.value(weight.value);
    const HostTensor w = HostTensor::fromConstant(value.initializer);
    const ChannelView view = viewOf(graph, weight);
    if (view.dimension != moments.dimension() || params.axis != weight.axis ||
        static_cast<int64_t>(params.channels()) != view.channels)
        return Error{"weight '" + value.name + "' does not fit its input statistics",
                     ErrorKind::Internal};
    const int64_t d = view.dimension;
    const int64_t perGroup = view.channels / moments.groups();
    const float* wv = w.data<float>();
    RoundingMask mask(w.elementCount());
    Eigen::VectorXd code(d), delta(d), gradient(d);
    for (int64_t o = 0; o < view.channels; ++o) {
        const auto c = static_cast<size_t>(o);
        const double scale = params.scale[c];
        const auto fscale = static_cast<float>(scale);
        const Eigen::Map<const Eigen::MatrixXd> h(moments.moments(o / perGroup).data(), d, d);
        for (int64_t j = 0; j < d; ++j) {
            const float x = wv[view.index(o, j)];
            code[j] = quantizeValue(x, scale, params.zeroPoint[c], params.qmin, params.qmax);
            // in code units, as quantizeValue divides: the error is (code - x / scale) steps
            delta[j] = code[j] - params.zeroPoint[c] - static_cast<double>(x / fscale);
        }
        gradient.noalias() = h * delta;
        if (d <= kExhaustiveDimension) {
            // Gray code over the weights that have two grid points to choose from: each step
            // changes one choice, so the error and its gradient update in O(d).
            std::vector<int64_t> free;
            std::vector<double> away; // the step from nearest to the other point
            for (int64_t j = 0; j < d; ++j) {
                const double step = delta[j] > 0.0 ? -1.0 : 1.0;
                if (delta[j] != 0.0 && code[j] + step >= params.qmin &&
                    code[j] + step <= params.qmax) {
                    free.push_back(j);
                    away.push_back(step);
                }
            }
            double error = delta.dot(gradient), best = error;
            uint32_t state = 0, bestState = 0;
            for (uint32_t k = 1; k < (1u << free.size()); ++k) {
                const int bit = std::countr_zero(k);
                const int64_t j = free[static_cast<size_t>(bit)];
                const double step = (state >> bit) & 1u ? -away[static_cast<size_t>(bit)]
                                                        : away[static_cast<size_t>(bit)];
                error += 2.0 * step * gradient[j] + h(j, j);
                gradient.noalias() += step * h.col(j);
                state ^= 1u << bit;
                if (error < best - 1e-12 * std::abs(best)) {
                    best = error;
                    bestState = state;
                }
            }
            for (size_t b = 0; b < free.size(); ++b)
                if ((bestState >> b) & 1u)
                    mask.flip(view.index(o, free[b]));
            continue;
        }
        for (int pass = 0; pass < kMaxPasses; ++pass) {
            bool changed = false;
            for (int64_t j = 0; j < d; ++j) {
                if (delta[j] == 0.0)
                    continue; // on the grid: nothing to choose
                const double step = delta[j] > 0.0 ? -1.0 : 1.0;
                const double other = code[j] + step;
                if (other < params.qmin || other > params.qmax)
                    continue;
                // (delta + step e_j)^T H (delta + step e_j) - delta^T H delta
                const double change = 2.0 * step * gradient[j] + h(j, j);
                if (change >= -1e-12 * h(j, j))
                    continue;
                code[j] = other;
                delta[j] += step;
                gradient.noalias() += step * h.col(j);
                mask.flip(view.index(o, j));
                changed = true;
            }
            if (!changed)
                break;
        }
    }
    return mask;
}

Status applyRounding(HostTensor& codes, const HostTensor& weight, const QuantParams& params,
                     const RoundingMask& mask) {
    if (codes.elementCount() != weight.elementCount() || mask.elements != weight.elementCount())
        return Error{"the rounding mask does not fit the weight", ErrorKind::Internal};
    auto layout = channelLayout(weight.dims(), params.axis);
    if (!layout)
        return layout.error();
    const float* w = weight.data<float>();
    int32_t* q = codes.mutableData<int32_t>();
    for (int64_t i = 0; i < weight.elementCount(); ++i) {
        if (!mask.flipped(i))
            continue;
        const auto c = params.perTensor()
                           ? size_t(0)
                           : static_cast<size_t>((i / layout->inner) % layout->channels);
        const double exact =
            static_cast<double>(w[i] / static_cast<float>(params.scale[c])) + params.zeroPoint[c];
        const int32_t other = static_cast<double>(q[i]) > exact ? q[i] - 1 : q[i] + 1;
        if (other >= params.qmin && other <= params.qmax)
            q[i] = other;
    }
    return Status::success();
}

Result<HostTensor> roundedWeight(const HostTensor& weight, const QuantParams& params,
                                 const RoundingMask& mask, std::string_view label) {
    auto codes = quantize(weight, params, label);
    if (!codes)
        return codes.error();
    if (auto s = applyRounding(*codes, weight, params, mask); !s)
        return s.error().prefixed("weight '" + std::string(label) + "': ");
    return dequantize(*codes, params, label);
}

double outputError(const Graph& graph, const LayerWeight& weight, const HostTensor& quantized,
                   const LayerInputMoments& moments) {
    const HostTensor w = HostTensor::fromConstant(graph.value(weight.value).initializer);
    const ChannelView view = viewOf(graph, weight);
    const int64_t d = view.dimension;
    const int64_t perGroup = view.channels / moments.groups();
    Eigen::VectorXd delta(d);
    double total = 0.0;
    for (int64_t o = 0; o < view.channels; ++o) {
        for (int64_t j = 0; j < d; ++j) {
            const int64_t i = view.index(o, j);
            delta[j] = static_cast<double>(quantized.data<float>()[i]) - w.data<float>()[i];
        }
        const Eigen::Map<const Eigen::MatrixXd> h(moments.moments(o / perGroup).data(), d, d);
        total += delta.dot(h * delta);
    }
    return total;
}

} // namespace autosplit
