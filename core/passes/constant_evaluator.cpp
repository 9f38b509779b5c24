#include "constant_evaluator.h"

#include "pass_helpers.h"
#include "tensor_elements.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <set>

namespace autosplit {

namespace {

using Outcome = ConstantEvaluation::Outcome;
using Dims = std::vector<int64_t>;

// Constants this small are always worth folding; larger results must not outgrow the inputs, so
// a ConstantOfShape or Expand never materialises a huge tensor.
constexpr int64_t kSmallElements = int64_t{1} << 16;

ConstantEvaluation folded(Tensor t) {
    ConstantEvaluation e;
    e.outcome = Outcome::Folded;
    e.outputs.push_back(std::move(t));
    return e;
}

ConstantEvaluation unsupported() { return {}; }

ConstantEvaluation invalid(std::string problem) {
    ConstantEvaluation e;
    e.outcome = Outcome::Invalid;
    e.problem = std::move(problem);
    return e;
}

std::string dimsText(const Dims& dims) { return TensorShape::of(dims).toString(); }

size_t elementBytes(DataType t) {
    const int bits = bitsOf(t);
    return bits > 0 && bits % 8 == 0 ? static_cast<size_t>(bits / 8) : 0;
}

std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank) {
    if (axis < -rank || axis >= rank)
        return std::nullopt;
    return axis < 0 ? axis + rank : axis;
}

Dims stridesOf(const Dims& dims) {
    Dims strides(dims.size(), 1);
    for (size_t i = dims.size(); i-- > 1;)
        strides[i - 1] = strides[i] * dims[i];
    return strides;
}

int64_t product(const Dims& dims, size_t from, size_t to) {
    int64_t p = 1;
    for (size_t i = from; i < to; ++i)
        p *= dims[i];
    return p;
}

// Calls f(outIndex, inIndex[]) for every element of an output of `outDims`, where input k's
// element index is base[k] + sum(i_d * coeff[k][d]). Slice, Transpose and broadcasting are all
// such affine maps; the offsets are updated incrementally rather than recomputed per element.
template <typename F>
void forEachIndex(const Dims& outDims, const std::vector<int64_t>& base,
                  const std::vector<Dims>& coeff, F&& f) {
    const int64_t count = product(outDims, 0, outDims.size());
    if (count == 0)
        return;
    const size_t rank = outDims.size();
    const size_t inputs = coeff.size();
    std::vector<int64_t> counter(rank, 0);
    std::vector<int64_t> offset(base);
    for (int64_t n = 0; n < count; ++n) {
        f(n, offset.data());
        for (size_t d = rank; d-- > 0;) {
            if (++counter[d] < outDims[d]) {
                for (size_t k = 0; k < inputs; ++k)
                    offset[k] += coeff[k][d];
                break;
            }
            for (size_t k = 0; k < inputs; ++k)
                offset[k] -= coeff[k][d] * (outDims[d] - 1);
            counter[d] = 0;
        }
    }
}

// Copies elements of `in` chosen by an affine map (see forEachIndex) into a new tensor.
Tensor gatherAffine(const Tensor& in, const Dims& outDims, int64_t base, const Dims& coeff) {
    Tensor out;
    out.dtype = in.dtype;
    out.dims = outDims;
    const size_t bytes = elementBytes(in.dtype);
    out.raw.resize(static_cast<size_t>(product(outDims, 0, outDims.size())) * bytes);
    forEachIndex(outDims, {base}, {coeff}, [&](int64_t o, const int64_t* i) {
        std::memcpy(out.raw.data() + static_cast<size_t>(o) * bytes,
                    in.raw.data() + static_cast<size_t>(i[0]) * bytes, bytes);
    });
    return out;
}

// Numpy broadcasting of several shapes; nullopt when they do not broadcast.
std::optional<Dims> broadcastDims(const std::vector<Dims>& shapes) {
    size_t rank = 0;
    for (const auto& s : shapes)
        rank = std::max(rank, s.size());
    Dims out(rank, 1);
    for (const auto& s : shapes) {
        for (size_t i = 0; i < s.size(); ++i) {
            int64_t& o = out[rank - s.size() + i];
            const int64_t d = s[i];
            if (d == o || d == 1)
                continue;
            if (o != 1)
                return std::nullopt;
            o = d;
        }
    }
    return out;
}

// Element-index coefficients reading a tensor of `dims` broadcast to `outDims`.
Dims broadcastCoeff(const Dims& dims, const Dims& outDims) {
    Dims coeff(outDims.size(), 0);
    const Dims strides = stridesOf(dims);
    const size_t shift = outDims.size() - dims.size();
    for (size_t i = 0; i < dims.size(); ++i)
        coeff[shift + i] = dims[i] == 1 ? 0 : strides[i];
    return coeff;
}

class Evaluator {
public:
    Evaluator(const Graph& graph, const Node& node)
        : m_graph(graph), m_node(node), m_opset(graph.opsetVersion()) {
        for (size_t i = 0; i < node.inputs.size(); ++i)
            m_inputs.push_back(graph.constantInput(node, i));
    }

    ConstantEvaluation run() {
        const std::string& op = m_node.opType;
        if (op == "Shape")
            return shape();
        if (op == "Size")
            return size();
        // Everything else reads data: every present input must be a valid numeric constant.
        int64_t inputElements = 0;
        for (size_t i = 0; i < m_inputs.size(); ++i) {
            if (m_node.inputs[i] == kNone)
                continue;
            if (!m_inputs[i] || elementBytes(m_inputs[i]->dtype) == 0 ||
                m_inputs[i]->raw.size() !=
                    static_cast<size_t>(m_inputs[i]->elementCount()) * elementBytes(m_inputs[i]->dtype))
                return unsupported();
            inputElements += m_inputs[i]->elementCount();
        }
        m_sizeLimit = std::max(kSmallElements, inputElements);
        if (op == "Identity")
            return folded(*m_inputs.at(0));
        if (op == "Gather")
            return gather();
        if (op == "Unsqueeze")
            return unsqueeze();
        if (op == "Squeeze")
            return squeeze();
        if (op == "Concat")
            return concat();
        if (op == "Reshape")
            return reshape();
        if (op == "Flatten")
            return flatten();
        if (op == "Slice")
            return slice();
        if (op == "Transpose")
            return transpose();
        if (op == "Cast")
            return cast();
        if (op == "Range")
            return range();
        if (op == "ConstantOfShape")
            return constantOfShape();
        if (op == "Expand")
            return expand();
        if (op == "Where")
            return where();
        return elementwise();
    }

private:
    const Tensor& in(size_t slot) const { return *m_inputs.at(slot); }
    bool has(size_t slot) const { return slot < m_inputs.size() && m_node.inputs[slot] != kNone; }
    std::string label() const { return describe(m_node); }

    bool tooLarge(const Dims& dims) const {
        const auto n = checkedProduct(dims);
        return !n || *n > m_sizeLimit;
    }

    std::optional<Dims> intsInput(size_t slot) const {
        if (!has(slot))
            return std::nullopt;
        return in(slot).toInt64s();
    }

    Tensor reshaped(const Tensor& t, Dims dims) const {
        Tensor out;
        out.dtype = t.dtype;
        out.dims = std::move(dims);
        out.raw = t.raw;
        return out;
    }

    ConstantEvaluation shape() {
        if (!has(0))
            return unsupported();
        const Value& v = m_graph.value(m_node.inputs[0]);
        if (!v.shape.isFullyKnown())
            return unsupported();
        const auto rank = static_cast<int64_t>(v.shape.dims.size());
        // start and end attributes arrived in opset 15; clamp as the spec says
        int64_t start = m_opset >= 15 ? m_node.attrInt("start", 0) : 0;
        int64_t end = m_opset >= 15 ? m_node.attrInt("end", rank) : rank;
        if (start < 0)
            start += rank;
        if (end < 0)
            end += rank;
        start = std::clamp<int64_t>(start, 0, rank);
        end = std::clamp<int64_t>(end, 0, rank);
        Dims dims;
        for (int64_t i = start; i < end; ++i)
            dims.push_back(v.shape.dims[static_cast<size_t>(i)]);
        return folded(Tensor::fromInt64s({static_cast<int64_t>(dims.size())}, dims));
    }

    ConstantEvaluation size() {
        if (!has(0))
            return unsupported();
        const auto count = m_graph.value(m_node.inputs[0]).shape.elementCount();
        if (!count)
            return unsupported();
        return folded(Tensor::fromInt64s({}, {*count}));
    }

    ConstantEvaluation gather() {
        if (!has(1))
            return unsupported();
        const Tensor& data = in(0);
        const auto rank = static_cast<int64_t>(data.dims.size());
        const auto axis = normalizeAxis(m_node.attrInt("axis", 0), rank);
        if (!axis)
            return invalid(label() + ": axis " + std::to_string(m_node.attrInt("axis", 0)) +
                           " is outside rank " + std::to_string(rank));
        const auto indices = in(1).toInt64s();
        if (!indices || isFloatingPoint(in(1).dtype))
            return unsupported();
        const auto a = static_cast<size_t>(*axis);
        Dims outDims(data.dims.begin(), data.dims.begin() + static_cast<std::ptrdiff_t>(a));
        outDims.insert(outDims.end(), in(1).dims.begin(), in(1).dims.end());
        outDims.insert(outDims.end(), data.dims.begin() + static_cast<std::ptrdiff_t>(a) + 1, data.dims.end());
        if (tooLarge(outDims))
            return unsupported();
        const int64_t axisDim = data.dims[a];
        const int64_t outer = product(data.dims, 0, a);
        const size_t chunk = static_cast<size_t>(product(data.dims, a + 1, data.dims.size())) * elementBytes(data.dtype);
        Tensor out;
        out.dtype = data.dtype;
        out.dims = outDims;
        out.raw.reserve(static_cast<size_t>(outer) * indices->size() * chunk);
        for (int64_t o = 0; o < outer; ++o) {
            for (int64_t index : *indices) {
                const int64_t j = index < 0 ? index + axisDim : index;
                if (j < 0 || j >= axisDim)
                    return invalid(label() + ": index " + std::to_string(index) +
                                   " is out of range for dimension " + std::to_string(axisDim));
                out.raw.append(data.raw, static_cast<size_t>(o * axisDim + j) * chunk, chunk);
            }
        }
        return folded(std::move(out));
    }

    // Axes of Squeeze/Unsqueeze: an attribute before opset 13, the second input from 13 on.
    std::optional<Dims> squeezeAxes(bool& present) const {
        present = true;
        if (m_opset >= 13) {
            if (!has(1)) {
                present = false;
                return Dims{};
            }
            return in(1).toInt64s();
        }
        if (!m_node.attribute("axes")) {
            present = false;
            return Dims{};
        }
        return m_node.attrInts("axes");
    }

    ConstantEvaluation unsqueeze() {
        bool present = false;
        const auto axes = squeezeAxes(present);
        if (!axes || !present)
            return axes ? invalid(label() + ": no axes given") : unsupported();
        const Tensor& data = in(0);
        const auto outRank = static_cast<int64_t>(data.dims.size() + axes->size());
        std::vector<bool> inserted(static_cast<size_t>(outRank), false);
        for (int64_t axis : *axes) {
            const auto a = normalizeAxis(axis, outRank);
            if (!a || inserted[static_cast<size_t>(*a)])
                return invalid(label() + ": axis " + std::to_string(axis) + " is out of range or repeated");
            inserted[static_cast<size_t>(*a)] = true;
        }
        Dims dims;
        size_t next = 0;
        for (int64_t i = 0; i < outRank; ++i)
            dims.push_back(inserted[static_cast<size_t>(i)] ? 1 : data.dims[next++]);
        return folded(reshaped(data, std::move(dims)));
    }

    ConstantEvaluation squeeze() {
        bool present = false;
        const auto axes = squeezeAxes(present);
        if (!axes)
            return unsupported();
        const Tensor& data = in(0);
        const auto rank = static_cast<int64_t>(data.dims.size());
        std::vector<bool> removed(static_cast<size_t>(rank), false);
        if (!present) {
            for (int64_t i = 0; i < rank; ++i)
                removed[static_cast<size_t>(i)] = data.dims[static_cast<size_t>(i)] == 1;
        }
        for (int64_t axis : *axes) {
            const auto a = normalizeAxis(axis, rank);
            if (!a || data.dims[static_cast<size_t>(*a)] != 1)
                return invalid(label() + ": axis " + std::to_string(axis) + " of shape " +
                               dimsText(data.dims) + " is not a dimension of size 1");
            removed[static_cast<size_t>(*a)] = true;
        }
        Dims dims;
        for (int64_t i = 0; i < rank; ++i)
            if (!removed[static_cast<size_t>(i)])
                dims.push_back(data.dims[static_cast<size_t>(i)]);
        return folded(reshaped(data, std::move(dims)));
    }

    ConstantEvaluation concat() {
        if (m_inputs.empty())
            return unsupported();
        const Tensor& first = in(0);
        const auto rank = static_cast<int64_t>(first.dims.size());
        const auto axis = normalizeAxis(m_node.attrInt("axis", 0), rank);
        if (!axis)
            return invalid(label() + ": axis " + std::to_string(m_node.attrInt("axis", 0)) +
                           " is outside rank " + std::to_string(rank));
        const auto a = static_cast<size_t>(*axis);
        Dims outDims = first.dims;
        outDims[a] = 0;
        for (size_t k = 0; k < m_inputs.size(); ++k) {
            if (!has(k))
                return unsupported();
            const Tensor& t = in(k);
            bool fits = t.dtype == first.dtype && t.dims.size() == first.dims.size();
            for (size_t d = 0; fits && d < t.dims.size(); ++d)
                fits = d == a || t.dims[d] == first.dims[d];
            if (!fits)
                return invalid(label() + ": input " + std::to_string(k) + " (" + dimsText(t.dims) +
                               ") does not match input 0 (" + dimsText(first.dims) + ")");
            outDims[a] += t.dims[a];
        }
        const int64_t outer = product(first.dims, 0, a);
        const size_t inner = static_cast<size_t>(product(first.dims, a + 1, first.dims.size())) *
                             elementBytes(first.dtype);
        Tensor out;
        out.dtype = first.dtype;
        out.dims = outDims;
        for (int64_t o = 0; o < outer; ++o) {
            for (size_t k = 0; k < m_inputs.size(); ++k) {
                const Tensor& t = in(k);
                const size_t chunk = static_cast<size_t>(t.dims[a]) * inner;
                out.raw.append(t.raw, static_cast<size_t>(o) * chunk, chunk);
            }
        }
        return folded(std::move(out));
    }

    ConstantEvaluation reshape() {
        const Tensor& data = in(0);
        // The target shape is an attribute before opset 5, the second input from 5 on.
        std::optional<Dims> target;
        if (m_opset >= 5)
            target = intsInput(1);
        else if (m_node.attribute("shape"))
            target = m_node.attrInts("shape");
        if (!target)
            return unsupported();
        const bool allowZero = m_opset >= 14 && m_node.attrInt("allowzero", 0) != 0;
        Dims dims = *target;
        int inferAt = -1;
        for (size_t i = 0; i < dims.size(); ++i) {
            if (dims[i] == 0 && !allowZero) {
                if (i >= data.dims.size())
                    return invalid(label() + ": shape " + dimsText(*target) + " copies dimension " +
                                   std::to_string(i) + " that input shape " + dimsText(data.dims) + " lacks");
                dims[i] = data.dims[i];
            } else if (dims[i] == -1) {
                if (inferAt >= 0)
                    return invalid(label() + ": shape has two -1 entries");
                inferAt = static_cast<int>(i);
            } else if (dims[i] < 0) {
                return invalid(label() + ": shape has negative dimension " + std::to_string(dims[i]));
            }
        }
        const int64_t count = data.elementCount();
        if (inferAt >= 0) {
            Dims known = dims;
            known[static_cast<size_t>(inferAt)] = 1;
            const auto rest = checkedProduct(known);
            if (!rest || *rest == 0 || count % *rest != 0)
                return invalid(label() + ": cannot reshape " + dimsText(data.dims) + " to " + dimsText(*target));
            dims[static_cast<size_t>(inferAt)] = count / *rest;
        }
        const auto total = checkedProduct(dims);
        if (!total || *total != count)
            return invalid(label() + ": cannot reshape " + dimsText(data.dims) + " to " + dimsText(*target));
        return folded(reshaped(data, std::move(dims)));
    }

    ConstantEvaluation flatten() {
        const Tensor& data = in(0);
        const auto rank = static_cast<int64_t>(data.dims.size());
        int64_t axis = m_node.attrInt("axis", 1);
        if (axis < 0)
            axis += rank;
        if (axis < 0 || axis > rank)
            return invalid(label() + ": axis " + std::to_string(m_node.attrInt("axis", 1)) +
                           " is outside rank " + std::to_string(rank));
        const auto a = static_cast<size_t>(axis);
        return folded(reshaped(data, {product(data.dims, 0, a), product(data.dims, a, data.dims.size())}));
    }

    ConstantEvaluation slice() {
        const Tensor& data = in(0);
        const auto rank = static_cast<int64_t>(data.dims.size());
        // starts/ends/axes are attributes before opset 10; inputs (with steps) from 10 on.
        Dims starts, ends, axes, steps;
        if (m_opset >= 10) {
            auto s = intsInput(1), e = intsInput(2);
            if (!s || !e)
                return unsupported();
            starts = *s;
            ends = *e;
            if (has(3)) {
                auto a = intsInput(3);
                if (!a)
                    return unsupported();
                axes = *a;
            }
            if (has(4)) {
                auto st = intsInput(4);
                if (!st)
                    return unsupported();
                steps = *st;
            }
        } else {
            starts = m_node.attrInts("starts");
            ends = m_node.attrInts("ends");
            axes = m_node.attrInts("axes");
        }
        if (axes.empty())
            for (size_t i = 0; i < starts.size(); ++i)
                axes.push_back(static_cast<int64_t>(i));
        if (steps.empty())
            steps.assign(starts.size(), 1);
        if (starts.size() != ends.size() || axes.size() != starts.size() || steps.size() != starts.size())
            return invalid(label() + ": starts, ends, axes and steps differ in length");
        Dims outDims = data.dims;
        const Dims strides = stridesOf(data.dims);
        Dims coeff = strides;
        int64_t base = 0;
        std::vector<bool> seen(static_cast<size_t>(rank), false);
        for (size_t i = 0; i < starts.size(); ++i) {
            const auto a = normalizeAxis(axes[i], rank);
            if (!a || seen[static_cast<size_t>(*a)])
                return invalid(label() + ": axis " + std::to_string(axes[i]) + " is out of range or repeated");
            seen[static_cast<size_t>(*a)] = true;
            const int64_t step = steps[i];
            if (step == 0 || step == std::numeric_limits<int64_t>::min())
                return invalid(label() + ": step " + std::to_string(step));
            const int64_t dim = data.dims[static_cast<size_t>(*a)];
            int64_t start = starts[i], end = ends[i];
            if (start < 0)
                start += dim;
            if (end < 0)
                end += dim;
            int64_t count = 0;
            if (step > 0) {
                start = std::clamp<int64_t>(start, 0, dim);
                end = std::clamp<int64_t>(end, 0, dim);
                count = end > start ? (end - start - 1) / step + 1 : 0;
            } else {
                start = std::clamp<int64_t>(start, 0, dim - 1);
                end = std::clamp<int64_t>(end, -1, dim - 1);
                count = start > end ? (start - end - 1) / -step + 1 : 0;
            }
            outDims[static_cast<size_t>(*a)] = count;
            base += start * strides[static_cast<size_t>(*a)];
            coeff[static_cast<size_t>(*a)] = step * strides[static_cast<size_t>(*a)];
        }
        return folded(gatherAffine(data, outDims, base, coeff));
    }

    ConstantEvaluation transpose() {
        const Tensor& data = in(0);
        const size_t rank = data.dims.size();
        Dims perm = m_node.attrInts("perm");
        if (!m_node.attribute("perm"))
            for (size_t i = 0; i < rank; ++i)
                perm.push_back(static_cast<int64_t>(rank - 1 - i));
        Dims sorted = perm;
        std::sort(sorted.begin(), sorted.end());
        bool permutation = sorted.size() == rank;
        for (size_t i = 0; permutation && i < rank; ++i)
            permutation = sorted[i] == static_cast<int64_t>(i);
        if (!permutation)
            return invalid(label() + ": perm does not reorder the " + std::to_string(rank) + " axes");
        const Dims strides = stridesOf(data.dims);
        Dims outDims(rank), coeff(rank);
        for (size_t i = 0; i < rank; ++i) {
            outDims[i] = data.dims[static_cast<size_t>(perm[i])];
            coeff[i] = strides[static_cast<size_t>(perm[i])];
        }
        return folded(gatherAffine(data, outDims, 0, coeff));
    }

    ConstantEvaluation cast() {
        const Attribute* to = m_node.attribute("to");
        if (!to || to->kind != Attribute::Kind::Int) // opset < 6 names the type as a string
            return unsupported();
        const auto target = static_cast<DataType>(to->i);
        const Tensor& data = in(0);
        if (target == data.dtype)
            return folded(data);
        auto values = readElements(data);
        if (!values)
            return unsupported();
        auto out = makeTensor(target, data.dims, *values);
        if (!out)
            return unsupported();
        return folded(std::move(*out));
    }

    ConstantEvaluation range() {
        if (!has(0) || !has(1) || !has(2) || in(0).elementCount() != 1 || in(1).elementCount() != 1 ||
            in(2).elementCount() != 1)
            return unsupported();
        const DataType type = in(0).dtype;
        Elements out;
        if (isIntegral(type)) {
            const int64_t start = in(0).toInt64s()->at(0), limit = in(1).toInt64s()->at(0),
                          delta = in(2).toInt64s()->at(0);
            if (delta == 0)
                return invalid(label() + ": delta is 0");
            // computed in double first so an absurd range is rejected before any allocation
            const double n = std::ceil((static_cast<double>(limit) - static_cast<double>(start)) /
                                       static_cast<double>(delta));
            if (n > static_cast<double>(m_sizeLimit))
                return unsupported();
            for (int64_t i = 0; i < static_cast<int64_t>(std::max(n, 0.0)); ++i)
                out.ints.push_back(static_cast<int64_t>(static_cast<uint64_t>(start) +
                                                       static_cast<uint64_t>(i) * static_cast<uint64_t>(delta)));
        } else {
            auto s = readElements(in(0)), l = readElements(in(1)), d = readElements(in(2));
            if (!s || !l || !d)
                return unsupported();
            const double start = s->asReal(0), limit = l->asReal(0), delta = d->asReal(0);
            if (delta == 0.0)
                return invalid(label() + ": delta is 0");
            const double n = std::ceil((limit - start) / delta);
            if (!(n <= static_cast<double>(m_sizeLimit)))
                return unsupported();
            out.real = true;
            for (int64_t i = 0; i < static_cast<int64_t>(std::max(n, 0.0)); ++i)
                out.reals.push_back(start + static_cast<double>(i) * delta);
        }
        auto t = makeTensor(type, {static_cast<int64_t>(out.size())}, out);
        if (!t)
            return unsupported();
        return folded(std::move(*t));
    }

    ConstantEvaluation constantOfShape() {
        const auto dims = in(0).toInt64s();
        if (!dims || in(0).dims.size() != 1)
            return unsupported();
        for (int64_t d : *dims)
            if (d < 0)
                return invalid(label() + ": negative dimension " + std::to_string(d));
        if (tooLarge(*dims))
            return unsupported();
        Tensor fill = Tensor::fromFloats({}, {0.f});
        if (const Attribute* a = m_node.attribute("value"); a && a->tensor) {
            if (a->tensor->elementCount() != 1 || elementBytes(a->tensor->dtype) == 0 ||
                a->tensor->raw.size() != elementBytes(a->tensor->dtype))
                return unsupported();
            fill = *a->tensor;
        }
        Tensor out;
        out.dtype = fill.dtype;
        out.dims = *dims;
        const auto count = static_cast<size_t>(product(*dims, 0, dims->size()));
        out.raw.reserve(count * fill.raw.size());
        for (size_t i = 0; i < count; ++i)
            out.raw.append(fill.raw);
        return folded(std::move(out));
    }

    ConstantEvaluation expand() {
        const auto shape = intsInput(1);
        if (!shape)
            return unsupported();
        const Tensor& data = in(0);
        const auto outDims = broadcastDims({data.dims, *shape});
        if (!outDims)
            return invalid(label() + ": " + dimsText(data.dims) + " does not broadcast to " + dimsText(*shape));
        if (tooLarge(*outDims))
            return unsupported();
        return folded(gatherAffine(data, *outDims, 0, broadcastCoeff(data.dims, *outDims)));
    }

    ConstantEvaluation where() {
        if (!has(0) || !has(1) || !has(2) || in(1).dtype != in(2).dtype)
            return unsupported();
        const auto outDims = broadcastDims({in(0).dims, in(1).dims, in(2).dims});
        if (!outDims)
            return invalid(label() + ": input shapes do not broadcast");
        if (tooLarge(*outDims))
            return unsupported();
        auto c = readElements(in(0));
        auto x = readElements(in(1));
        auto y = readElements(in(2));
        if (!c || !x || !y)
            return unsupported();
        Elements out;
        out.real = x->real;
        forEachIndex(*outDims, {0, 0, 0},
                     {broadcastCoeff(in(0).dims, *outDims), broadcastCoeff(in(1).dims, *outDims),
                      broadcastCoeff(in(2).dims, *outDims)},
                     [&](int64_t, const int64_t* i) {
                         const bool takeX = c->asReal(static_cast<size_t>(i[0])) != 0.0;
                         const Elements& pick = takeX ? *x : *y;
                         const auto at = static_cast<size_t>(takeX ? i[1] : i[2]);
                         if (out.real)
                             out.reals.push_back(pick.reals[at]);
                         else
                             out.ints.push_back(pick.ints[at]);
                     });
        auto t = makeTensor(in(1).dtype, *outDims, out);
        if (!t)
            return unsupported();
        return folded(std::move(*t));
    }

    // Arithmetic element-wise ops with numpy broadcasting.
    ConstantEvaluation elementwise() {
        const std::string& op = m_node.opType;
        static const std::set<std::string> unary = {"Neg", "Abs", "Floor", "Ceil", "Sqrt", "Reciprocal"};
        static const std::set<std::string> binary = {"Add", "Sub", "Mul", "Div", "Equal"};
        static const std::set<std::string> variadic = {"Min", "Max"};
        const bool isUnary = unary.count(op) > 0;
        if (!isUnary && !binary.count(op) && !variadic.count(op))
            return unsupported();
        const size_t arity = isUnary ? 1 : binary.count(op) ? 2 : m_inputs.size();
        if (arity == 0 || m_inputs.size() != arity)
            return unsupported();
        std::vector<Dims> shapes;
        std::vector<Elements> values;
        for (size_t k = 0; k < arity; ++k) {
            if (!has(k) || in(k).dtype != in(0).dtype)
                return unsupported();
            auto e = readElements(in(k));
            if (!e)
                return unsupported();
            shapes.push_back(in(k).dims);
            values.push_back(std::move(*e));
        }
        const DataType type = in(0).dtype;
        const bool real = values[0].real;
        if (!real && (op == "Floor" || op == "Ceil" || op == "Sqrt" || op == "Reciprocal"))
            return unsupported(); // float-only ops
        if (op == "Div" && type == DataType::UInt64)
            return unsupported(); // values above 2^63 do not survive the int64 widening
        const auto outDims = broadcastDims(shapes);
        if (!outDims)
            return invalid(label() + ": input shapes do not broadcast");
        if (tooLarge(*outDims))
            return unsupported();
        std::vector<Dims> coeff;
        for (const auto& s : shapes)
            coeff.push_back(broadcastCoeff(s, *outDims));
        Elements out;
        out.real = real && op != "Equal";
        std::string problem;
        forEachIndex(*outDims, std::vector<int64_t>(arity, 0), coeff, [&](int64_t, const int64_t* i) {
            if (real) {
                const double a = values[0].reals[static_cast<size_t>(i[0])];
                const double b = arity > 1 ? values[1].reals[static_cast<size_t>(i[1])] : 0.0;
                double r = 0.0;
                if (op == "Add") r = a + b;
                else if (op == "Sub") r = a - b;
                else if (op == "Mul") r = a * b;
                else if (op == "Div") r = a / b;
                else if (op == "Neg") r = -a;
                else if (op == "Abs") r = std::fabs(a);
                else if (op == "Floor") r = std::floor(a);
                else if (op == "Ceil") r = std::ceil(a);
                else if (op == "Sqrt") r = std::sqrt(a);
                else if (op == "Reciprocal") r = 1.0 / a;
                else if (op == "Equal") {
                    out.ints.push_back(a == b ? 1 : 0);
                    return;
                } else { // Min / Max over every input
                    r = a;
                    for (size_t k = 1; k < arity; ++k) {
                        const double v = values[k].reals[static_cast<size_t>(i[k])];
                        r = op == "Min" ? std::min(r, v) : std::max(r, v);
                    }
                }
                // float32 results are rounded per op, as a float32 runtime would
                if (type == DataType::Float)
                    r = static_cast<float>(r);
                out.reals.push_back(r);
                return;
            }
            // integers wrap like the fixed-width types they stand for (unsigned arithmetic)
            const int64_t a = values[0].ints[static_cast<size_t>(i[0])];
            const int64_t b = arity > 1 ? values[1].ints[static_cast<size_t>(i[1])] : 0;
            const auto ua = static_cast<uint64_t>(a), ub = static_cast<uint64_t>(b);
            int64_t r = 0;
            if (op == "Add") r = static_cast<int64_t>(ua + ub);
            else if (op == "Sub") r = static_cast<int64_t>(ua - ub);
            else if (op == "Mul") r = static_cast<int64_t>(ua * ub);
            else if (op == "Div") {
                if (b == 0 || (a == std::numeric_limits<int64_t>::min() && b == -1)) {
                    problem = label() + ": integer division by zero or overflow";
                    r = 0;
                } else {
                    r = a / b; // truncates toward zero, as the ONNX runtimes do for integers
                }
            } else if (op == "Neg") r = static_cast<int64_t>(0 - ua);
            else if (op == "Abs") r = a < 0 ? static_cast<int64_t>(0 - ua) : a;
            else if (op == "Equal") r = a == b ? 1 : 0;
            else {
                r = a;
                for (size_t k = 1; k < arity; ++k) {
                    const int64_t v = values[k].ints[static_cast<size_t>(i[k])];
                    r = op == "Min" ? std::min(r, v) : std::max(r, v);
                }
            }
            out.ints.push_back(r);
        });
        if (!problem.empty())
            return invalid(problem);
        auto t = makeTensor(op == "Equal" ? DataType::Bool : type, *outDims, out);
        if (!t)
            return unsupported();
        return folded(std::move(*t));
    }

    const Graph& m_graph;
    const Node& m_node;
    int64_t m_opset;
    std::vector<const Tensor*> m_inputs;
    int64_t m_sizeLimit = kSmallElements;
};

} // namespace

bool isFoldableOp(const Node& node) {
    static const std::set<std::string> ops = {
        "Shape", "Size", "Identity", "Gather", "Unsqueeze", "Squeeze", "Concat", "Reshape", "Flatten",
        "Slice", "Transpose", "Cast", "Range", "ConstantOfShape", "Expand", "Where", "Add", "Sub", "Mul",
        "Div", "Equal", "Neg", "Abs", "Floor", "Ceil", "Sqrt", "Reciprocal", "Min", "Max"};
    return node.domain.empty() && node.outputs.size() == 1 && ops.count(node.opType) > 0;
}

bool readsOnlyInputShape(const Node& node) {
    return node.domain.empty() && (node.opType == "Shape" || node.opType == "Size");
}

ConstantEvaluation evaluateConstantNode(const Graph& graph, const Node& node) {
    if (!isFoldableOp(node))
        return unsupported();
    return Evaluator(graph, node).run();
}

} // namespace autosplit
