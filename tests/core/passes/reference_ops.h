#pragma once

// A naive reference implementation of the ops the pass tests use, in double precision and
// written from the ONNX operator specification, independent of the passes: NCHW Conv (pads,
// strides, dilations, groups), ConvTranspose, Gemm, MatMul, BatchNormalization, Pad, pooling,
// element-wise ops with broadcasting and the activations. RefRunner evaluates a whole Graph with
// it, applying a node's fused activation by the formula of the op it replaced, so a graph can
// be run before and after the passes and the outputs compared.

#include "core/graph/graph.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace autosplit::testing {

struct Array {
    std::vector<int64_t> dims;
    std::vector<double> data;

    int64_t count() const {
        int64_t n = 1;
        for (auto d : dims)
            n *= d;
        return n;
    }
    static Array zeros(std::vector<int64_t> dims) {
        Array a;
        a.dims = std::move(dims);
        a.data.assign(static_cast<size_t>(a.count()), 0.0);
        return a;
    }
    double& at4(int64_t n, int64_t c, int64_t h, int64_t w) {
        return data[static_cast<size_t>(((n * dims[1] + c) * dims[2] + h) * dims[3] + w)];
    }
    double at4(int64_t n, int64_t c, int64_t h, int64_t w) const {
        return data[static_cast<size_t>(((n * dims[1] + c) * dims[2] + h) * dims[3] + w)];
    }
};

inline Array randomArray(std::vector<int64_t> dims, std::mt19937& rng, double scale = 1.0) {
    Array a = Array::zeros(std::move(dims));
    std::normal_distribution<double> normal(0.0, scale);
    for (double& v : a.data)
        v = normal(rng);
    return a;
}

inline Array fromTensor(const Tensor& t) {
    Array a;
    a.dims = t.dims;
    auto values = t.toFloats();
    if (!values)
        throw std::runtime_error("reference: tensor of unsupported type");
    a.data.assign(values->begin(), values->end());
    return a;
}

// ---- activations, straight from the ONNX operator definitions ----
inline double refRelu(double x) {
    return x > 0 ? x : 0;
}
inline double refClip(double x, double lo, double hi) {
    return std::min(std::max(x, lo), hi);
}
inline double refLeakyRelu(double x, double alpha) {
    return x < 0 ? alpha * x : x;
}
inline double refSigmoid(double x) {
    return 1.0 / (1.0 + std::exp(-x));
}
inline double refHardSigmoid(double x, double alpha, double beta) {
    return std::max(0.0, std::min(1.0, alpha * x + beta));
}
inline double refHardSwish(double x) {
    return x * std::max(0.0, std::min(1.0, x / 6.0 + 0.5));
}
inline double refSwish(double x) {
    return x * refSigmoid(x);
}

inline double refActivation(const FusedActivation& a, double x);

// The activation, then its output affine map.
inline double refFused(const FusedActivation& a, double x) {
    return refActivation(a, x) * a.outScale + a.outShift;
}

inline double refActivation(const FusedActivation& a, double x) {
    switch (a.kind) {
    case FusedActivation::Kind::None:
        return x;
    case FusedActivation::Kind::Relu:
        return refRelu(x);
    case FusedActivation::Kind::Clip:
        return refClip(x, a.alpha, a.beta);
    case FusedActivation::Kind::LeakyRelu:
        return refLeakyRelu(x, a.alpha);
    case FusedActivation::Kind::Sigmoid:
        return refSigmoid(x);
    case FusedActivation::Kind::HardSigmoid:
        return refHardSigmoid(x, a.alpha, a.beta);
    case FusedActivation::Kind::HardSwish:
        return refHardSwish(x);
    case FusedActivation::Kind::Swish:
        return refSwish(x);
    }
    return x;
}

// ---- layers ----
struct ConvParams {
    std::vector<int64_t> strides{1, 1}, pads{0, 0, 0, 0}, dilations{1, 1}, outputPadding{0, 0};
    int64_t group = 1;
};

inline ConvParams convParams(const Node& node) {
    ConvParams p;
    if (auto v = node.attrInts("strides"); !v.empty())
        p.strides = v;
    if (auto v = node.attrInts("pads"); !v.empty())
        p.pads = v;
    if (auto v = node.attrInts("dilations"); !v.empty())
        p.dilations = v;
    if (auto v = node.attrInts("output_padding"); !v.empty())
        p.outputPadding = v;
    p.group = node.attrInt("group", 1);
    return p;
}

// y[n, m, oh, ow] = b[m] + sum_{c in group, kh, kw} x[n, c, oh*s - pad + kh*d, ...] * w[m, c', kh,
// kw]
inline Array refConv(const Array& x, const Array& w, const Array* b, const ConvParams& p) {
    const int64_t n = x.dims[0], cin = x.dims[1], h = x.dims[2], wd = x.dims[3];
    const int64_t m = w.dims[0], cg = w.dims[1], kh = w.dims[2], kw = w.dims[3];
    const int64_t mg = m / p.group;
    const int64_t oh =
        (h + p.pads[0] + p.pads[2] - p.dilations[0] * (kh - 1) - 1) / p.strides[0] + 1;
    const int64_t ow =
        (wd + p.pads[1] + p.pads[3] - p.dilations[1] * (kw - 1) - 1) / p.strides[1] + 1;
    if (cg * p.group != cin)
        throw std::runtime_error("reference conv: channel mismatch");
    Array y = Array::zeros({n, m, oh, ow});
    for (int64_t in = 0; in < n; ++in)
        for (int64_t om = 0; om < m; ++om) {
            const int64_t g = om / mg;
            for (int64_t y0 = 0; y0 < oh; ++y0)
                for (int64_t x0 = 0; x0 < ow; ++x0) {
                    double acc = b ? b->data[static_cast<size_t>(om)] : 0.0;
                    for (int64_t c = 0; c < cg; ++c)
                        for (int64_t ky = 0; ky < kh; ++ky)
                            for (int64_t kx = 0; kx < kw; ++kx) {
                                const int64_t iy =
                                    y0 * p.strides[0] - p.pads[0] + ky * p.dilations[0];
                                const int64_t ix =
                                    x0 * p.strides[1] - p.pads[1] + kx * p.dilations[1];
                                if (iy < 0 || iy >= h || ix < 0 || ix >= wd)
                                    continue;
                                acc += x.at4(in, g * cg + c, iy, ix) * w.at4(om, c, ky, kx);
                            }
                    y.at4(in, om, y0, x0) = acc;
                }
        }
    return y;
}

// Scatter form: every input pixel adds w[c, j] into output window at ih*s - pad + k*d.
inline Array refConvTranspose(const Array& x, const Array& w, const Array* b, const ConvParams& p) {
    const int64_t n = x.dims[0], cin = x.dims[1], h = x.dims[2], wd = x.dims[3];
    const int64_t mg = w.dims[1], kh = w.dims[2], kw = w.dims[3];
    const int64_t m = mg * p.group, cg = cin / p.group;
    const int64_t oh = p.strides[0] * (h - 1) + p.outputPadding[0] + (kh - 1) * p.dilations[0] + 1 -
                       p.pads[0] - p.pads[2];
    const int64_t ow = p.strides[1] * (wd - 1) + p.outputPadding[1] + (kw - 1) * p.dilations[1] +
                       1 - p.pads[1] - p.pads[3];
    Array y = Array::zeros({n, m, oh, ow});
    for (int64_t in = 0; in < n; ++in)
        for (int64_t c = 0; c < cin; ++c) {
            const int64_t g = c / cg;
            for (int64_t iy = 0; iy < h; ++iy)
                for (int64_t ix = 0; ix < wd; ++ix)
                    for (int64_t j = 0; j < mg; ++j)
                        for (int64_t ky = 0; ky < kh; ++ky)
                            for (int64_t kx = 0; kx < kw; ++kx) {
                                const int64_t oy =
                                    iy * p.strides[0] - p.pads[0] + ky * p.dilations[0];
                                const int64_t ox =
                                    ix * p.strides[1] - p.pads[1] + kx * p.dilations[1];
                                if (oy < 0 || oy >= oh || ox < 0 || ox >= ow)
                                    continue;
                                y.at4(in, g * mg + j, oy, ox) +=
                                    x.at4(in, c, iy, ix) * w.at4(c, j, ky, kx);
                            }
        }
    if (b)
        for (int64_t in = 0; in < n; ++in)
            for (int64_t om = 0; om < m; ++om)
                for (int64_t y0 = 0; y0 < oh; ++y0)
                    for (int64_t x0 = 0; x0 < ow; ++x0)
                        y.at4(in, om, y0, x0) += b->data[static_cast<size_t>(om)];
    return y;
}

// Numpy broadcasting of an element-wise binary op.
template <typename F> Array refBroadcast(const Array& a, const Array& b, F f) {
    const size_t rank = std::max(a.dims.size(), b.dims.size());
    auto padded = [rank](const std::vector<int64_t>& d) {
        std::vector<int64_t> p(rank - d.size(), 1);
        p.insert(p.end(), d.begin(), d.end());
        return p;
    };
    const auto da = padded(a.dims), db = padded(b.dims);
    std::vector<int64_t> out(rank);
    for (size_t i = 0; i < rank; ++i) {
        if (da[i] != db[i] && da[i] != 1 && db[i] != 1)
            throw std::runtime_error("reference: shapes do not broadcast");
        out[i] = std::max(da[i], db[i]);
    }
    Array y = Array::zeros(out);
    std::vector<int64_t> idx(rank, 0);
    for (int64_t k = 0; k < y.count(); ++k) {
        int64_t rem = k, ia = 0, ib = 0, sa = 1, sb = 1;
        for (size_t d = rank; d-- > 0;) {
            const int64_t i = rem % out[d];
            rem /= out[d];
            ia += (da[d] == 1 ? 0 : i) * sa;
            ib += (db[d] == 1 ? 0 : i) * sb;
            sa *= da[d];
            sb *= db[d];
        }
        y.data[static_cast<size_t>(k)] =
            f(a.data[static_cast<size_t>(ia)], b.data[static_cast<size_t>(ib)]);
    }
    return y;
}

inline Array refMatMul2d(const Array& a, const Array& b) {
    const int64_t n = a.dims[0], k = a.dims[1], m = b.dims[1];
    Array y = Array::zeros({n, m});
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < m; ++j) {
            double acc = 0;
            for (int64_t t = 0; t < k; ++t)
                acc +=
                    a.data[static_cast<size_t>(i * k + t)] * b.data[static_cast<size_t>(t * m + j)];
            y.data[static_cast<size_t>(i * m + j)] = acc;
        }
    return y;
}

inline Array refTranspose2d(const Array& a) {
    Array t = Array::zeros({a.dims[1], a.dims[0]});
    for (int64_t i = 0; i < a.dims[0]; ++i)
        for (int64_t j = 0; j < a.dims[1]; ++j)
            t.data[static_cast<size_t>(j * a.dims[0] + i)] =
                a.data[static_cast<size_t>(i * a.dims[1] + j)];
    return t;
}

// Y = alpha * A' * B' + beta * C
inline Array refGemm(const Array& a, const Array& b, const Array* c, double alpha, double beta,
                     bool transA, bool transB) {
    Array y = refMatMul2d(transA ? refTranspose2d(a) : a, transB ? refTranspose2d(b) : b);
    for (double& v : y.data)
        v *= alpha;
    if (c)
        y = refBroadcast(y, *c, [beta](double u, double v) { return u + beta * v; });
    return y;
}

// Channel axis 1, any rank >= 2.
inline Array refBatchNorm(const Array& x, const Array& gamma, const Array& beta, const Array& mean,
                          const Array& var, double eps) {
    Array y = x;
    const int64_t c = x.dims[1];
    int64_t inner = 1;
    for (size_t i = 2; i < x.dims.size(); ++i)
        inner *= x.dims[i];
    for (int64_t k = 0; k < x.count(); ++k) {
        const auto ch = static_cast<size_t>((k / inner) % c);
        y.data[static_cast<size_t>(k)] = (x.data[static_cast<size_t>(k)] - mean.data[ch]) /
                                             std::sqrt(var.data[ch] + eps) * gamma.data[ch] +
                                         beta.data[ch];
    }
    return y;
}

// Zero (constant) padding of a 4-D tensor; pads = [n0, c0, h0, w0, n1, c1, h1, w1].
inline Array refPad4d(const Array& x, const std::vector<int64_t>& pads, double value) {
    std::vector<int64_t> out(4);
    for (size_t i = 0; i < 4; ++i)
        out[i] = x.dims[i] + pads[i] + pads[i + 4];
    Array y = Array::zeros(out);
    for (double& v : y.data)
        v = value;
    for (int64_t n = 0; n < x.dims[0]; ++n)
        for (int64_t c = 0; c < x.dims[1]; ++c)
            for (int64_t h = 0; h < x.dims[2]; ++h)
                for (int64_t w = 0; w < x.dims[3]; ++w)
                    y.at4(n + pads[0], c + pads[1], h + pads[2], w + pads[3]) = x.at4(n, c, h, w);
    return y;
}

inline Array refMaxPool(const Array& x, const std::vector<int64_t>& kernel,
                        const std::vector<int64_t>& strides, const std::vector<int64_t>& pads) {
    const int64_t oh = (x.dims[2] + pads[0] + pads[2] - kernel[0]) / strides[0] + 1;
    const int64_t ow = (x.dims[3] + pads[1] + pads[3] - kernel[1]) / strides[1] + 1;
    Array y = Array::zeros({x.dims[0], x.dims[1], oh, ow});
    for (int64_t n = 0; n < x.dims[0]; ++n)
        for (int64_t c = 0; c < x.dims[1]; ++c)
            for (int64_t i = 0; i < oh; ++i)
                for (int64_t j = 0; j < ow; ++j) {
                    double best = -INFINITY;
                    for (int64_t a = 0; a < kernel[0]; ++a)
                        for (int64_t b = 0; b < kernel[1]; ++b) {
                            const int64_t h = i * strides[0] - pads[0] + a,
                                          w = j * strides[1] - pads[1] + b;
                            if (h >= 0 && h < x.dims[2] && w >= 0 && w < x.dims[3])
                                best = std::max(best, x.at4(n, c, h, w));
                        }
                    y.at4(n, c, i, j) = best;
                }
    return y;
}

// Runs a Graph on the reference ops. Supports what the pass tests and test models use.
class RefRunner {
public:
    explicit RefRunner(const Graph& graph) : m_graph(graph) {}

    // Values of every graph output, by name, for the given graph inputs (by name).
    // Only nodes the outputs depend on are evaluated (dead code may use ops it lacks).
    std::map<std::string, Array> run(const std::map<std::string, Array>& inputs) {
        m_values.clear();
        for (ValueId id : m_graph.inputs())
            m_values[id] = inputs.at(m_graph.value(id).name);
        std::map<std::string, Array> outputs;
        for (ValueId id : m_graph.outputs())
            outputs[m_graph.value(id).name] = get(id);
        return outputs;
    }

private:
    Array get(ValueId id) {
        const Value& v = m_graph.value(id);
        if (v.isConstant())
            return fromTensor(*v.initializer);
        auto it = m_values.find(id);
        if (it != m_values.end())
            return it->second;
        if (v.producer == kNone)
            throw std::runtime_error("reference: value '" + v.name + "' has no producer");
        const Node& node = m_graph.node(v.producer);
        Array y = evaluate(node);
        for (double& e : y.data)
            e = refFused(node.activation, e);
        if (node.activation.hasChannelScale()) { // along axis 1
            const auto& scale = node.activation.channelScale;
            size_t inner = 1;
            for (size_t i = 2; i < y.dims.size(); ++i)
                inner *= static_cast<size_t>(y.dims[i]);
            for (size_t i = 0; i < y.data.size(); ++i)
                y.data[i] *= scale[(i / inner) % scale.size()];
        }
        if (node.outputs.at(0) != id)
            throw std::runtime_error("reference: only first outputs are supported ('" + v.name +
                                     "')");
        m_values[id] = y;
        return y;
    }
    Array in(const Node& node, size_t slot) { return get(node.inputs.at(slot)); }
    bool has(const Node& node, size_t slot) const {
        return slot < node.inputs.size() && node.inputs[slot] != kNone;
    }
    std::vector<int64_t> ints(const Node& node, size_t slot) const {
        return *m_graph.value(node.inputs.at(slot)).initializer->toInt64s();
    }

    template <typename F> static Array map(Array x, F f) {
        for (double& v : x.data)
            v = f(v);
        return x;
    }

    Array evaluate(const Node& node) {
        const std::string& op = node.opType;
        const int64_t opset = m_graph.opsetVersion();
        if (op == "Conv" || op == "ConvTranspose") {
            Array x = in(node, 0), w = in(node, 1);
            Array b;
            if (has(node, 2))
                b = in(node, 2);
            const ConvParams p = convParams(node);
            Array y = op == "Conv" ? refConv(x, w, has(node, 2) ? &b : nullptr, p)
                                   : refConvTranspose(x, w, has(node, 2) ? &b : nullptr, p);
            if (node.residualAdd) { // a fused residual Add: input 3, same shape, before the
                                    // activation
                const Array z = in(node, 3);
                if (z.dims != y.dims)
                    throw std::runtime_error("reference: residual of '" + node.name +
                                             "' has another shape");
                for (size_t i = 0; i < y.data.size(); ++i)
                    y.data[i] += z.data[i];
            }
            return y;
        }
        if (op == "Gemm") {
            Array c;
            if (has(node, 2))
                c = in(node, 2);
            return refGemm(in(node, 0), in(node, 1), has(node, 2) ? &c : nullptr,
                           node.attrFloat("alpha", 1.f), node.attrFloat("beta", 1.f),
                           node.attrInt("transA", 0) != 0, node.attrInt("transB", 0) != 0);
        }
        if (op == "MatMul")
            return refMatMul2d(in(node, 0), in(node, 1));
        if (op == "BatchNormalization")
            return refBatchNorm(in(node, 0), in(node, 1), in(node, 2), in(node, 3), in(node, 4),
                                node.attrFloat("epsilon", 1e-5f));
        if (op == "Add")
            return refBroadcast(in(node, 0), in(node, 1), [](double a, double b) { return a + b; });
        if (op == "Mul")
            return refBroadcast(in(node, 0), in(node, 1), [](double a, double b) { return a * b; });
        if (op == "Div")
            return refBroadcast(in(node, 0), in(node, 1), [](double a, double b) { return a / b; });
        if (op == "Sub")
            return refBroadcast(in(node, 0), in(node, 1), [](double a, double b) { return a - b; });
        if (op == "Relu")
            return map(in(node, 0), refRelu);
        if (op == "Sigmoid")
            return map(in(node, 0), refSigmoid);
        if (op == "HardSwish")
            return map(in(node, 0), refHardSwish);
        if (op == "LeakyRelu") {
            const double alpha = node.attrFloat("alpha", 0.01f);
            return map(in(node, 0), [alpha](double x) { return refLeakyRelu(x, alpha); });
        }
        if (op == "HardSigmoid") {
            const double alpha = node.attrFloat("alpha", 0.2f), beta = node.attrFloat("beta", 0.5f);
            return map(in(node, 0), [=](double x) { return refHardSigmoid(x, alpha, beta); });
        }
        if (op == "Clip") {
            double lo = -INFINITY, hi = INFINITY;
            if (opset < 11) {
                lo = node.attrFloat("min", -INFINITY);
                hi = node.attrFloat("max", INFINITY);
            } else {
                if (has(node, 1))
                    lo = in(node, 1).data.at(0);
                if (has(node, 2))
                    hi = in(node, 2).data.at(0);
            }
            return map(in(node, 0), [=](double x) { return refClip(x, lo, hi); });
        }
        if (op == "Identity" || op == "Dropout")
            return in(node, 0);
        if (op == "Pad") {
            const auto pads = opset >= 11 ? ints(node, 1) : node.attrInts("pads");
            double value = opset >= 11 ? (has(node, 2) ? in(node, 2).data.at(0) : 0.0)
                                       : node.attrFloat("value", 0.f);
            return refPad4d(in(node, 0), pads, value);
        }
        if (op == "MaxPool") {
            auto pads = node.attrInts("pads");
            if (pads.empty())
                pads = {0, 0, 0, 0};
            auto strides = node.attrInts("strides");
            if (strides.empty())
                strides = {1, 1};
            return refMaxPool(in(node, 0), node.attrInts("kernel_shape"), strides, pads);
        }
        if (op == "GlobalAveragePool") {
            Array x = in(node, 0);
            Array y = Array::zeros({x.dims[0], x.dims[1], 1, 1});
            const int64_t hw = x.dims[2] * x.dims[3];
            for (int64_t k = 0; k < x.count(); ++k)
                y.data[static_cast<size_t>(k / hw)] +=
                    x.data[static_cast<size_t>(k)] / static_cast<double>(hw);
            return y;
        }
        if (op == "Flatten") {
            Array x = in(node, 0);
            x.dims = {x.dims[0], x.count() / x.dims[0]};
            return x;
        }
        if (op == "Reshape") {
            Array x = in(node, 0);
            auto shape = ints(node, 1);
            int64_t known = 1;
            for (size_t i = 0; i < shape.size(); ++i) {
                if (shape[i] == 0)
                    shape[i] = x.dims[i];
                if (shape[i] > 0)
                    known *= shape[i];
            }
            for (auto& d : shape)
                if (d < 0)
                    d = x.count() / known;
            x.dims = shape;
            return x;
        }
        if (op == "Concat") { // along channels of 4-D tensors, as the test models use it
            std::vector<Array> xs;
            int64_t channels = 0;
            for (size_t i = 0; i < node.inputs.size(); ++i) {
                xs.push_back(in(node, i));
                channels += xs.back().dims[1];
            }
            if (node.attrInt("axis", 0) != 1)
                throw std::runtime_error("reference: Concat only along axis 1");
            Array y = Array::zeros({xs[0].dims[0], channels, xs[0].dims[2], xs[0].dims[3]});
            int64_t offset = 0;
            for (const Array& x : xs) {
                for (int64_t n = 0; n < x.dims[0]; ++n)
                    for (int64_t c = 0; c < x.dims[1]; ++c)
                        for (int64_t h = 0; h < x.dims[2]; ++h)
                            for (int64_t w = 0; w < x.dims[3]; ++w)
                                y.at4(n, offset + c, h, w) = x.at4(n, c, h, w);
                offset += x.dims[1];
            }
            return y;
        }
        if (op == "Resize" || op == "Upsample") { // nearest, integer scales
            Array x = in(node, 0);
            std::vector<double> scales;
            if (const Attribute* a = node.attribute("scales"))
                scales.assign(a->floats.begin(), a->floats.end());
            else
                scales = in(node, node.inputs.size() - 1).data;
            const auto sh = static_cast<int64_t>(scales[2]), sw = static_cast<int64_t>(scales[3]);
            Array y = Array::zeros({x.dims[0], x.dims[1], x.dims[2] * sh, x.dims[3] * sw});
            for (int64_t n = 0; n < y.dims[0]; ++n)
                for (int64_t c = 0; c < y.dims[1]; ++c)
                    for (int64_t h = 0; h < y.dims[2]; ++h)
                        for (int64_t w = 0; w < y.dims[3]; ++w)
                            y.at4(n, c, h, w) = x.at4(n, c, h / sh, w / sw);
            return y;
        }
        throw std::runtime_error("reference: op " + op + " not implemented");
    }

    const Graph& m_graph;
    std::map<ValueId, Array> m_values;
};

// max |a - b| / max(1e-3, max |reference|): a relative error against the output's magnitude.
inline double relativeError(const Array& reference, const Array& other) {
    if (reference.dims != other.dims)
        return INFINITY;
    double maxRef = 1e-3, maxDiff = 0;
    for (size_t i = 0; i < reference.data.size(); ++i) {
        maxRef = std::max(maxRef, std::fabs(reference.data[i]));
        maxDiff = std::max(maxDiff, std::fabs(reference.data[i] - other.data[i]));
    }
    return maxDiff / maxRef;
}

} // namespace autosplit::testing
