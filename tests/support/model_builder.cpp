// Builders of ONNX test models in code: the small graphs the tests need and the torchvision and
// YOLO architectures of the study (random weights).
// Long file: one builder per architecture, each independent; they share the node helpers.

#include "tests/support/model_builder.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace autosplit::testing {

ModelBuilder::ModelBuilder(int64_t opset, uint32_t seed) : m_opset(opset), m_rng(seed) {
    // IR version the opset needs: opset 7..8 -> 3, 9 -> 4, 10 -> 5, 11 -> 6, 12..14 -> 7, 15+ -> 8
    int64_t ir = opset <= 8    ? 3
                 : opset == 9  ? 4
                 : opset == 10 ? 5
                 : opset == 11 ? 6
                 : opset <= 14 ? 7
                               : 8;
    m_model.set_ir_version(ir);
    m_model.set_producer_name("autosplit-tests");
    auto* op = m_model.add_opset_import();
    op->set_domain("");
    op->set_version(opset);
    graph()->set_name("test");
}

std::string ModelBuilder::unique(const std::string& base) {
    int& n = m_nameCount[base];
    ++n;
    return n == 1 ? base : base + "_" + std::to_string(n);
}

static void setType(onnx::ValueInfoProto* info, const Dims& dims, bool symbolic) {
    auto* t = info->mutable_type()->mutable_tensor_type();
    t->set_elem_type(onnx::TensorProto::FLOAT);
    auto* shape = t->mutable_shape();
    for (size_t i = 0; i < dims.size(); ++i) {
        auto* d = shape->add_dim();
        if (symbolic && dims[i] < 0)
            d->set_dim_param("d" + std::to_string(i));
        else
            d->set_dim_value(dims[i]);
    }
}

// IR version 3 (opsets 7 and 8) requires every initializer to be listed as a graph input too.
void ModelBuilder::declareInitializerAsInput(const std::string& name, int32_t dtype,
                                             const Dims& dims) {
    if (m_model.ir_version() >= 4)
        return;
    auto* in = graph()->add_input();
    in->set_name(name);
    auto* t = in->mutable_type()->mutable_tensor_type();
    t->set_elem_type(dtype);
    auto* shape = t->mutable_shape();
    for (auto d : dims)
        shape->add_dim()->set_dim_value(d);
}

std::string ModelBuilder::input(const std::string& name, const Dims& dims) {
    auto* in = graph()->add_input();
    in->set_name(name);
    setType(in, dims, false);
    m_dims[name] = dims;
    return name;
}

std::string ModelBuilder::dynamicInput(const std::string& name, const Dims& dims) {
    auto* in = graph()->add_input();
    in->set_name(name);
    setType(in, dims, true);
    m_dims[name] = dims;
    return name;
}

void ModelBuilder::output(const std::string& name) {
    auto* out = graph()->add_output();
    out->set_name(name);
    // the ONNX 1.12 checker requires a shape on graph outputs
    if (auto it = m_dims.find(name); it != m_dims.end())
        setType(out, it->second, false);
    else
        out->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
}

std::string ModelBuilder::floats(const std::string& name, const Dims& dims,
                                 const std::vector<float>& values) {
    auto* t = graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    for (auto d : dims)
        t->add_dims(d);
    t->set_raw_data(std::string(reinterpret_cast<const char*>(values.data()), values.size() * 4));
    declareInitializerAsInput(name, onnx::TensorProto::FLOAT, dims);
    m_dims[name] = dims;
    return name;
}

std::string ModelBuilder::int64s(const std::string& name, const Dims& dims,
                                 const std::vector<int64_t>& values) {
    auto* t = graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::INT64);
    for (auto d : dims)
        t->add_dims(d);
    for (auto v : values)
        t->add_int64_data(v);
    declareInitializerAsInput(name, onnx::TensorProto::INT64, dims);
    m_dims[name] = dims;
    return name;
}

std::string ModelBuilder::weight(const std::string& name, const Dims& dims, float scale) {
    int64_t n = 1;
    for (auto d : dims)
        n *= d;
    std::normal_distribution<float> normal(0.f, scale);
    std::vector<float> values(static_cast<size_t>(n));
    for (auto& v : values)
        v = normal(m_rng);
    return floats(unique(name), dims, values);
}

std::vector<std::string> ModelBuilder::node(const std::string& op,
                                            const std::vector<std::string>& inputs, int outputs,
                                            const std::vector<Dims>& outputDims,
                                            const std::string& name, const std::string& domain) {
    auto* n = graph()->add_node();
    const std::string nodeName = unique(name.empty() ? op : name);
    n->set_name(nodeName);
    n->set_op_type(op);
    if (!domain.empty())
        n->set_domain(domain);
    for (const auto& in : inputs)
        n->add_input(in);
    std::vector<std::string> outs;
    for (int i = 0; i < outputs; ++i) {
        std::string out = outputs == 1 ? nodeName : nodeName + ":" + std::to_string(i);
        n->add_output(out);
        if (static_cast<size_t>(i) < outputDims.size() &&
            !outputDims[static_cast<size_t>(i)].empty())
            m_dims[out] = outputDims[static_cast<size_t>(i)];
        outs.push_back(out);
    }
    return outs;
}

onnx::NodeProto& ModelBuilder::lastNode() {
    return *graph()->mutable_node(graph()->node_size() - 1);
}

void ModelBuilder::setAttr(onnx::NodeProto& n, const std::string& key, int64_t v) {
    auto* a = n.add_attribute();
    a->set_name(key);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(v);
}
void ModelBuilder::setAttr(onnx::NodeProto& n, const std::string& key, float v) {
    auto* a = n.add_attribute();
    a->set_name(key);
    a->set_type(onnx::AttributeProto::FLOAT);
    a->set_f(v);
}
void ModelBuilder::setAttr(onnx::NodeProto& n, const std::string& key,
                           const std::vector<int64_t>& v) {
    auto* a = n.add_attribute();
    a->set_name(key);
    a->set_type(onnx::AttributeProto::INTS);
    for (auto x : v)
        a->add_ints(x);
}
void ModelBuilder::setAttr(onnx::NodeProto& n, const std::string& key, const std::string& v) {
    auto* a = n.add_attribute();
    a->set_name(key);
    a->set_type(onnx::AttributeProto::STRING);
    a->set_s(v);
}

std::string ModelBuilder::conv(const std::string& x, int64_t outChannels, int64_t kernel,
                               int64_t stride, int64_t pad, int64_t group, bool bias,
                               int64_t dilation, const std::string& name) {
    const Dims& in = m_dims.at(x);
    if (pad < 0)
        pad = dilation * (kernel - 1) / 2;
    const int64_t cin = in[1];
    const float scale = 1.f / std::sqrt(static_cast<float>(cin / group * kernel * kernel));
    std::vector<std::string> inputs = {
        x, weight(name + ".weight", {outChannels, cin / group, kernel, kernel}, scale)};
    if (bias)
        inputs.push_back(weight(name + ".bias", {outChannels}, 0.1f));
    auto outDim = [&](int64_t h) {
        return (h + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1;
    };
    auto out =
        node("Conv", inputs, 1, {{in[0], outChannels, outDim(in[2]), outDim(in[3])}}, name)[0];
    auto& n = lastNode();
    setAttr(n, "kernel_shape", Dims{kernel, kernel});
    setAttr(n, "strides", Dims{stride, stride});
    setAttr(n, "pads", Dims{pad, pad, pad, pad});
    setAttr(n, "dilations", Dims{dilation, dilation});
    if (group != 1)
        setAttr(n, "group", group);
    return out;
}

std::string ModelBuilder::batchNorm(const std::string& x, const std::string& name) {
    const int64_t c = m_dims.at(x)[1];
    std::uniform_real_distribution<float> positive(0.5f, 1.5f);
    std::normal_distribution<float> normal(0.f, 0.2f);
    std::vector<float> gamma(c), beta(c), mean(c), var(c);
    for (int64_t i = 0; i < c; ++i) {
        gamma[i] = positive(m_rng);
        beta[i] = normal(m_rng);
        mean[i] = normal(m_rng);
        var[i] = positive(m_rng);
    }
    const std::string base = unique(name);
    std::vector<std::string> inputs = {
        x, floats(base + ".gamma", {c}, gamma), floats(base + ".beta", {c}, beta),
        floats(base + ".mean", {c}, mean), floats(base + ".var", {c}, var)};
    auto out = node("BatchNormalization", inputs, 1, {m_dims.at(x)}, base)[0];
    setAttr(lastNode(), "epsilon", 1e-5f);
    return out;
}

std::string ModelBuilder::relu(const std::string& x, const std::string& name) {
    return node("Relu", {x}, 1, {m_dims.at(x)}, name)[0];
}

std::string ModelBuilder::leakyRelu(const std::string& x, float alpha, const std::string& name) {
    auto out = node("LeakyRelu", {x}, 1, {m_dims.at(x)}, name)[0];
    setAttr(lastNode(), "alpha", alpha);
    return out;
}

std::string ModelBuilder::unary(const std::string& op, const std::string& x,
                                const std::string& name) {
    return node(op, {x}, 1, {m_dims.at(x)}, name)[0];
}

std::string ModelBuilder::clip(const std::string& x, float lo, float hi, const std::string& name) {
    if (m_opset < 11) {
        auto out = node("Clip", {x}, 1, {m_dims.at(x)}, name)[0];
        setAttr(lastNode(), "min", lo);
        setAttr(lastNode(), "max", hi);
        return out;
    }
    const std::string base = unique(name);
    const std::string min = floats(base + ".min", {}, {lo});
    const std::string max = floats(base + ".max", {}, {hi});
    return node("Clip", {x, min, max}, 1, {m_dims.at(x)}, base)[0];
}

std::string ModelBuilder::add(const std::string& a, const std::string& b, const std::string& name) {
    return node("Add", {a, b}, 1, {m_dims.at(a)}, name)[0];
}

std::string ModelBuilder::mul(const std::string& a, const std::string& b, const std::string& name) {
    return node("Mul", {a, b}, 1, {m_dims.at(a)}, name)[0];
}

std::string ModelBuilder::concat(const std::vector<std::string>& xs, int64_t axis,
                                 const std::string& name) {
    Dims out = m_dims.at(xs.front());
    out[static_cast<size_t>(axis)] = 0;
    for (const auto& x : xs)
        out[static_cast<size_t>(axis)] += m_dims.at(x)[static_cast<size_t>(axis)];
    auto result = node("Concat", xs, 1, {out}, name)[0];
    setAttr(lastNode(), "axis", axis);
    return result;
}

std::string ModelBuilder::maxPool(const std::string& x, int64_t kernel, int64_t stride, int64_t pad,
                                  const std::string& name, bool ceilMode) {
    const Dims& in = m_dims.at(x);
    auto outDim = [&](int64_t h) {
        const int64_t span = h + 2 * pad - kernel;
        int64_t out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
        if (ceilMode && (out - 1) * stride >= h + pad)
            --out;
        return out;
    };
    const int64_t oh = outDim(in[2]), ow = outDim(in[3]);
    auto out = node("MaxPool", {x}, 1, {{in[0], in[1], oh, ow}}, name)[0];
    auto& n = lastNode();
    setAttr(n, "kernel_shape", Dims{kernel, kernel});
    setAttr(n, "strides", Dims{stride, stride});
    if (ceilMode && m_opset < 10) {
        // the floor of a window count over an end-padded input gives the same windows; max
        // pooling ignores padding, so the values match too
        auto endPad = [&](int64_t h, int64_t o) {
            return std::max(pad, (o - 1) * stride + kernel - h - pad);
        };
        setAttr(n, "pads", Dims{pad, pad, endPad(in[2], oh), endPad(in[3], ow)});
    } else {
        setAttr(n, "pads", Dims{pad, pad, pad, pad});
        if (ceilMode)
            setAttr(n, "ceil_mode", int64_t{1});
    }
    return out;
}

std::string ModelBuilder::globalAveragePool(const std::string& x, const std::string& name) {
    const Dims& in = m_dims.at(x);
    return node("GlobalAveragePool", {x}, 1, {{in[0], in[1], 1, 1}}, name)[0];
}

std::string ModelBuilder::flatten(const std::string& x, const std::string& name) {
    const Dims& in = m_dims.at(x);
    int64_t rest = 1;
    for (size_t i = 1; i < in.size(); ++i)
        rest *= in[i];
    return node("Flatten", {x}, 1, {{in[0], rest}}, name)[0];
}

std::string ModelBuilder::reduceMean(const std::string& x, const Dims& axes, bool keepDims,
                                     const std::string& name) {
    Dims out;
    const Dims& in = m_dims.at(x);
    for (size_t i = 0; i < in.size(); ++i) {
        const bool reduced =
            std::find(axes.begin(), axes.end(), static_cast<int64_t>(i)) != axes.end();
        if (!reduced)
            out.push_back(in[i]);
        else if (keepDims)
            out.push_back(1);
    }
    const std::string base = unique(name);
    std::vector<std::string> inputs = {x};
    if (m_opset >= 18)
        inputs.push_back(int64s(base + ".axes", {static_cast<int64_t>(axes.size())}, axes));
    auto result = node("ReduceMean", inputs, 1, {out}, base)[0];
    if (m_opset < 18)
        setAttr(lastNode(), "axes", axes);
    setAttr(lastNode(), "keepdims", int64_t{keepDims ? 1 : 0});
    return result;
}

std::string ModelBuilder::gemm(const std::string& x, int64_t outFeatures, const std::string& name) {
    const Dims& in = m_dims.at(x);
    const float scale = 1.f / std::sqrt(static_cast<float>(in[1]));
    auto w = weight(name + ".weight", {outFeatures, in[1]}, scale);
    auto b = weight(name + ".bias", {outFeatures}, 0.1f);
    auto out = node("Gemm", {x, w, b}, 1, {{in[0], outFeatures}}, name)[0];
    setAttr(lastNode(), "transB", int64_t{1});
    return out;
}

std::string ModelBuilder::upsample2x(const std::string& x, const std::string& name) {
    Dims out = m_dims.at(x);
    out[2] *= 2;
    out[3] *= 2;
    const std::string scales = floats(unique(name + ".scales"), {4}, {1.f, 1.f, 2.f, 2.f});
    if (m_opset < 9) {
        auto r = node("Upsample", {x}, 1, {out}, name)[0];
        auto* a = lastNode().add_attribute();
        a->set_name("scales");
        a->set_type(onnx::AttributeProto::FLOATS);
        for (float s : {1.f, 1.f, 2.f, 2.f})
            a->add_floats(s);
        return r;
    }
    if (m_opset == 9)
        return node("Upsample", {x, scales}, 1, {out}, name)[0];
    if (m_opset == 10)
        return node("Resize", {x, scales}, 1, {out}, name)[0];
    std::string roi = m_opset >= 13 ? std::string() : floats(unique(name + ".roi"), {0}, {});
    auto r = node("Resize", {x, roi, scales}, 1, {out}, name)[0];
    setAttr(lastNode(), "mode", std::string("nearest"));
    return r;
}

std::string ModelBuilder::serialized() const {
    return m_model.SerializeAsString();
}

void ModelBuilder::save(const std::string& path) const {
    saveModel(m_model, path);
}

void saveModel(const onnx::ModelProto& model, const std::string& path) {
    std::ofstream out(path, std::ios::binary);
    out << model.SerializeAsString();
    if (!out)
        throw std::runtime_error("cannot write " + path);
}

onnx::ModelProto buildChain(int layers, int64_t channels, int64_t size, int64_t opset) {
    ModelBuilder b(opset);
    std::string x = b.input("input", {1, 3, size, size});
    for (int i = 0; i < layers; ++i)
        x = b.relu(b.conv(x, channels, 3));
    b.output(x);
    return b.model();
}

onnx::ModelProto buildResidualBlock(int64_t opset) {
    ModelBuilder b(opset);
    std::string x = b.input("input", {1, 3, 32, 32});
    x = b.relu(b.batchNorm(b.conv(x, 16, 3, 1, -1, 1, false, 1, "stem")), "stem_relu");
    std::string y = b.relu(b.batchNorm(b.conv(x, 16, 3, 1, -1, 1, false, 1, "block_conv1")));
    y = b.batchNorm(b.conv(y, 16, 3, 1, -1, 1, false, 1, "block_conv2"));
    x = b.relu(b.add(y, x, "residual_add"), "block_relu");
    x = b.gemm(b.flatten(b.globalAveragePool(x)), 10);
    b.output(x);
    return b.model();
}

onnx::ModelProto buildInception(int64_t opset) {
    ModelBuilder b(opset);
    std::string x = b.input("input", {1, 3, 32, 32});
    x = b.relu(b.conv(x, 32, 3, 1, -1, 1, true, 1, "stem"));
    std::string b1 = b.relu(b.conv(x, 8, 1, 1, -1, 1, true, 1, "branch1x1"));
    std::string b2 = b.relu(b.conv(b.relu(b.conv(x, 8, 1, 1, -1, 1, true, 1, "branch3x3_reduce")),
                                   12, 3, 1, -1, 1, true, 1, "branch3x3"));
    std::string b3 = b.relu(b.conv(b.relu(b.conv(x, 4, 1, 1, -1, 1, true, 1, "branch5x5_reduce")),
                                   6, 5, 1, -1, 1, true, 1, "branch5x5"));
    std::string b4 =
        b.relu(b.conv(b.maxPool(x, 3, 1, 1, "branch_pool"), 6, 1, 1, -1, 1, true, 1, "pool_proj"));
    x = b.concat({b1, b2, b3, b4}, 1, "inception_concat");
    x = b.relu(b.conv(x, 16, 3, 2, -1, 1, true, 1, "tail"));
    b.output(x);
    return b.model();
}

// torchvision's ResNet stem: 7x7/2 conv, BN, ReLU, 3x3/2 maxpool.
static std::string resNetStem(ModelBuilder& b, int64_t imageSize) {
    std::string x = b.input("input", {1, 3, imageSize, imageSize});
    x = b.relu(b.batchNorm(b.conv(x, 64, 7, 2, 3, 1, false, 1, "conv1")));
    return b.maxPool(x, 3, 2, 1);
}

// torchvision's bottleneck ResNets (v1.5: the stride sits on the 3x3 conv). The 3x3 conv has
// `groups` groups of planes * widthPerGroup / 64 channels each: 1 x 64 for ResNet-50, 32 x 4 for
// ResNeXt-50 32x4d.
static onnx::ModelProto buildBottleneckResNet(int64_t opset, int64_t imageSize, int64_t groups,
                                              int64_t widthPerGroup) {
    ModelBuilder b(opset);
    std::string x = resNetStem(b, imageSize);
    const int blocks[4] = {3, 4, 6, 3};
    const int64_t planes[4] = {64, 128, 256, 512};
    for (int stage = 0; stage < 4; ++stage) {
        for (int block = 0; block < blocks[stage]; ++block) {
            const std::string prefix =
                "layer" + std::to_string(stage + 1) + "." + std::to_string(block);
            const int64_t width = planes[stage] * widthPerGroup / 64 * groups;
            const int64_t outChannels = planes[stage] * 4;
            const int64_t stride = (block == 0 && stage > 0) ? 2 : 1;
            std::string y =
                b.relu(b.batchNorm(b.conv(x, width, 1, 1, 0, 1, false, 1, prefix + ".conv1")));
            y = b.relu(
                b.batchNorm(b.conv(y, width, 3, stride, 1, groups, false, 1, prefix + ".conv2")));
            y = b.batchNorm(b.conv(y, outChannels, 1, 1, 0, 1, false, 1, prefix + ".conv3"));
            std::string shortcut = x;
            if (block == 0)
                shortcut = b.batchNorm(
                    b.conv(x, outChannels, 1, stride, 0, 1, false, 1, prefix + ".downsample"));
            x = b.relu(b.add(y, shortcut, prefix + ".add"));
        }
    }
    x = b.gemm(b.flatten(b.globalAveragePool(x)), 1000);
    b.output(x);
    return b.model();
}

onnx::ModelProto buildResNet50(int64_t opset, int64_t imageSize) {
    return buildBottleneckResNet(opset, imageSize, 1, 64);
}

onnx::ModelProto buildResNeXt50_32x4d(int64_t opset, int64_t imageSize) {
    return buildBottleneckResNet(opset, imageSize, 32, 4);
}

onnx::ModelProto buildResNet18(int64_t opset, int64_t imageSize) {
    ModelBuilder b(opset);
    std::string x = resNetStem(b, imageSize);
    const int64_t planes[4] = {64, 128, 256, 512};
    for (int stage = 0; stage < 4; ++stage) {
        for (int block = 0; block < 2; ++block) {
            const std::string prefix =
                "layer" + std::to_string(stage + 1) + "." + std::to_string(block);
            const int64_t width = planes[stage];
            const int64_t stride = (block == 0 && stage > 0) ? 2 : 1;
            std::string y =
                b.relu(b.batchNorm(b.conv(x, width, 3, stride, 1, 1, false, 1, prefix + ".conv1"),
                                   prefix + ".bn1"),
                       prefix + ".relu1");
            y = b.batchNorm(b.conv(y, width, 3, 1, 1, 1, false, 1, prefix + ".conv2"),
                            prefix + ".bn2");
            std::string shortcut = x;
            if (stride != 1 || b.dims(x)[1] != width)
                shortcut =
                    b.batchNorm(b.conv(x, width, 1, stride, 0, 1, false, 1, prefix + ".downsample"),
                                prefix + ".downsample.bn");
            x = b.relu(b.add(y, shortcut, prefix + ".add"), prefix + ".relu");
        }
    }
    x = b.gemm(b.flatten(b.globalAveragePool(x)), 1000);
    b.output(x);
    return b.model();
}

onnx::ModelProto buildMobileNetV2(int64_t opset, int64_t imageSize) {
    ModelBuilder b(opset);
    auto convBn = [&](const std::string& x, int64_t out, int64_t kernel, int64_t stride,
                      int64_t group, const std::string& name, bool relu6) {
        std::string y =
            b.batchNorm(b.conv(x, out, kernel, stride, -1, group, false, 1, name), name + ".bn");
        return relu6 ? b.clip(y, 0.f, 6.f, name + ".relu6") : y;
    };
    std::string x = b.input("input", {1, 3, imageSize, imageSize});
    x = convBn(x, 32, 3, 2, 1, "features.0", true);
    // (expansion t, output channels c, repeats n, first stride s), as in torchvision
    const int64_t settings[7][4] = {{1, 16, 1, 1}, {6, 24, 2, 2},  {6, 32, 3, 2}, {6, 64, 4, 2},
                                    {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
    int block = 1;
    for (const auto& [t, c, n, s] : settings) {
        for (int64_t i = 0; i < n; ++i, ++block) {
            const std::string prefix = "features." + std::to_string(block);
            const int64_t in = b.dims(x)[1], hidden = in * t, stride = i == 0 ? s : 1;
            std::string y = x;
            if (t != 1)
                y = convBn(y, hidden, 1, 1, 1, prefix + ".expand", true);
            y = convBn(y, hidden, 3, stride, hidden, prefix + ".depthwise", true);
            y = convBn(y, c, 1, 1, 1, prefix + ".project", false);
            x = stride == 1 && in == c ? b.add(x, y, prefix + ".add") : y;
        }
    }
    x = convBn(x, 1280, 1, 1, 1, "features.18", true);
    x = b.gemm(b.flatten(b.globalAveragePool(x)), 1000, "classifier");
    b.output(x);
    return b.model();
}

onnx::ModelProto buildYoloV3Tiny(int64_t opset, int64_t imageSize) {
    ModelBuilder b(opset);
    auto cbl = [&](const std::string& x, int64_t c, int64_t k) {
        return b.leakyRelu(b.batchNorm(b.conv(x, c, k, 1, -1, 1, false)), 0.1f);
    };
    std::string x = b.input("input", {1, 3, imageSize, imageSize});
    x = cbl(x, 16, 3);
    x = b.maxPool(x, 2, 2);
    x = cbl(x, 32, 3);
    x = b.maxPool(x, 2, 2);
    x = cbl(x, 64, 3);
    x = b.maxPool(x, 2, 2);
    x = cbl(x, 128, 3);
    x = b.maxPool(x, 2, 2);
    const std::string route8 = cbl(x, 256, 3);
    x = b.maxPool(route8, 2, 2);
    x = cbl(x, 512, 3);
    // Darknet's size-2 stride-1 maxpool keeps 13x13 through a one-sided pad
    {
        Dims d = b.dims(x);
        x = b.node("MaxPool", {x}, 1, {d}, "maxpool_s1")[0];
        auto& n = b.lastNode();
        b.setAttr(n, "kernel_shape", Dims{2, 2});
        b.setAttr(n, "strides", Dims{1, 1});
        b.setAttr(n, "pads", Dims{0, 0, 1, 1});
    }
    x = cbl(x, 1024, 3);
    const std::string route13 = cbl(x, 256, 1);
    std::string head1 = cbl(route13, 512, 3);
    head1 = b.conv(head1, 255, 1, 1, 0, 1, true, 1, "head1");
    std::string y = cbl(route13, 128, 1);
    y = b.upsample2x(y);
    y = b.concat({y, route8}, 1, "route_concat");
    y = cbl(y, 256, 3);
    std::string head2 = b.conv(y, 255, 1, 1, 0, 1, true, 1, "head2");
    b.output(head1);
    b.output(head2);
    return b.model();
}

onnx::ModelProto buildGoogLeNet(int64_t opset, int64_t imageSize) {
    ModelBuilder b(opset);
    // torchvision's BasicConv2d: bias-free conv, BN, ReLU
    auto basic = [&](const std::string& x, int64_t out, int64_t kernel, int64_t stride, int64_t pad,
                     const std::string& name) {
        return b.relu(b.batchNorm(b.conv(x, out, kernel, stride, pad, 1, false, 1, name + ".conv"),
                                  name + ".bn"),
                      name + ".relu");
    };
    // Inception(in, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, pool_proj); torchvision's "5x5"
    // branch is a 3x3 conv (kept for compatibility with its trained weights)
    auto inception = [&](const std::string& x, const std::string& name, int64_t c1, int64_t c3r,
                         int64_t c3, int64_t c5r, int64_t c5, int64_t poolProj) {
        const std::string b1 = basic(x, c1, 1, 1, 0, name + ".branch1");
        const std::string b2 =
            basic(basic(x, c3r, 1, 1, 0, name + ".branch2.0"), c3, 3, 1, 1, name + ".branch2.1");
        const std::string b3 =
            basic(basic(x, c5r, 1, 1, 0, name + ".branch3.0"), c5, 3, 1, 1, name + ".branch3.1");
        const std::string b4 = basic(b.maxPool(x, 3, 1, 1, name + ".branch4.0", true), poolProj, 1,
                                     1, 0, name + ".branch4.1");
        return b.concat({b1, b2, b3, b4}, 1, name + ".concat");
    };
    std::string x = b.input("input", {1, 3, imageSize, imageSize});
    x = basic(x, 64, 7, 2, 3, "conv1");
    x = b.maxPool(x, 3, 2, 0, "maxpool1", true);
    x = basic(x, 64, 1, 1, 0, "conv2");
    x = basic(x, 192, 3, 1, 1, "conv3");
    x = b.maxPool(x, 3, 2, 0, "maxpool2", true);
    x = inception(x, "inception3a", 64, 96, 128, 16, 32, 32);
    x = inception(x, "inception3b", 128, 128, 192, 32, 96, 64);
    x = b.maxPool(x, 3, 2, 0, "maxpool3", true);
    x = inception(x, "inception4a", 192, 96, 208, 16, 48, 64);
    x = inception(x, "inception4b", 160, 112, 224, 24, 64, 64);
    x = inception(x, "inception4c", 128, 128, 256, 24, 64, 64);
    x = inception(x, "inception4d", 112, 144, 288, 32, 64, 64);
    x = inception(x, "inception4e", 256, 160, 320, 32, 128, 128);
    x = b.maxPool(x, 2, 2, 0, "maxpool4", true);
    x = inception(x, "inception5a", 256, 160, 320, 32, 128, 128);
    x = inception(x, "inception5b", 384, 192, 384, 48, 128, 128);
    x = b.gemm(b.flatten(b.globalAveragePool(x, "avgpool")), 1000, "fc");
    b.output(x);
    return b.model();
}

onnx::ModelProto buildMnasNet1_0(int64_t opset, int64_t imageSize) {
    ModelBuilder b(opset);
    auto convBn = [&](const std::string& x, int64_t out, int64_t kernel, int64_t stride,
                      int64_t group, const std::string& name, bool relu) {
        std::string y = b.batchNorm(
            b.conv(x, out, kernel, stride, kernel / 2, group, false, 1, name), name + ".bn");
        return relu ? b.relu(y, name + ".relu") : y;
    };
    std::string x = b.input("input", {1, 3, imageSize, imageSize});
    x = convBn(x, 32, 3, 2, 1, "layers.0", true);
    x = convBn(x, 32, 3, 1, 32, "layers.3", true); // depthwise separable, no skip
    x = convBn(x, 16, 1, 1, 1, "layers.6", false);
    // _stack(out channels, kernel, first stride, expansion, repeats) for alpha 1.0, as in
    // torchvision
    const int64_t stacks[6][5] = {{24, 3, 2, 3, 3}, {40, 5, 2, 3, 3},  {80, 5, 2, 6, 3},
                                  {96, 3, 1, 6, 2}, {192, 5, 2, 6, 4}, {320, 3, 1, 6, 1}};
    int stackIndex = 8;
    for (const auto& [out, kernel, firstStride, expansion, repeats] : stacks) {
        for (int64_t i = 0; i < repeats; ++i) {
            const std::string prefix =
                "layers." + std::to_string(stackIndex) + "." + std::to_string(i);
            const int64_t in = b.dims(x)[1], mid = in * expansion,
                          stride = i == 0 ? firstStride : 1;
            std::string y = convBn(x, mid, 1, 1, 1, prefix + ".expand", true);
            y = convBn(y, mid, kernel, stride, mid, prefix + ".depthwise", true);
            y = convBn(y, out, 1, 1, 1, prefix + ".project", false);
            x = in == out && stride == 1 ? b.add(y, x, prefix + ".add") : y;
        }
        ++stackIndex;
    }
    x = convBn(x, 1280, 1, 1, 1, "layers.14", true);
    x = b.reduceMean(x, {2, 3}, false, "mean");
    x = b.gemm(x, 1000, "classifier.1");
    b.output(x);
    return b.model();
}

onnx::ModelProto buildYoloV3(int64_t opset, int64_t imageSize) {
    ModelBuilder b(opset);
    // Darknet numbers every [section] of the cfg from 0; conv nodes carry that index so they can
    // be matched with yolov3.cfg and darknet's layer printout.
    int layer = 0;
    auto cbl = [&](const std::string& x, int64_t c, int64_t k, int64_t stride = 1) {
        const std::string name = "conv_" + std::to_string(layer++);
        return b.leakyRelu(
            b.batchNorm(b.conv(x, c, k, stride, -1, 1, false, 1, name), name + ".bn"), 0.1f,
            name + ".leaky");
    };
    auto head = [&](const std::string& x) {
        const std::string name = "conv_" + std::to_string(layer++);
        std::string out = b.conv(x, 255, 1, 1, 0, 1, true, 1, name); // 3 anchors x (80 classes + 5)
        ++layer;                                                     // the [yolo] layer
        return out;
    };
    // The five alternating 1x1 / 3x3 convs before each head; the last 1x1 output feeds both the
    // head and the next scale.
    auto neck = [&](std::string x, int64_t c) {
        for (int i = 0; i < 2; ++i)
            x = cbl(cbl(x, c, 1), 2 * c, 3);
        return cbl(x, c, 1);
    };
    std::string x = b.input("input", {1, 3, imageSize, imageSize});
    x = cbl(x, 32, 3);
    // Darknet-53: a stride-2 3x3 conv, then residual blocks (1x1 halving, 3x3 restoring, shortcut)
    const int residuals[5] = {1, 2, 8, 8, 4};
    std::string stride8, stride16;
    for (int stage = 0; stage < 5; ++stage) {
        const int64_t c = int64_t{64} << stage;
        x = cbl(x, c, 3, 2);
        for (int r = 0; r < residuals[stage]; ++r) {
            std::string y = cbl(cbl(x, c / 2, 1), c, 3);
            x = b.add(y, x, "shortcut_" + std::to_string(layer++));
        }
        if (stage == 2)
            stride8 = x; // layer 36
        if (stage == 3)
            stride16 = x; // layer 61
    }
    std::string branch = neck(x, 512);
    const std::string head1 = head(cbl(branch, 1024, 3));
    ++layer; // [route] -4
    std::string y = cbl(branch, 256, 1);
    y = b.upsample2x(y, "upsample_" + std::to_string(layer++));
    y = b.concat({y, stride16}, 1, "route_" + std::to_string(layer++));
    branch = neck(y, 256);
    const std::string head2 = head(cbl(branch, 512, 3));
    ++layer; // [route] -4
    y = cbl(branch, 128, 1);
    y = b.upsample2x(y, "upsample_" + std::to_string(layer++));
    y = b.concat({y, stride8}, 1, "route_" + std::to_string(layer++));
    branch = neck(y, 128);
    const std::string head3 = head(cbl(branch, 256, 3));
    b.output(head1);
    b.output(head2);
    b.output(head3);
    return b.model();
}

} // namespace autosplit::testing
