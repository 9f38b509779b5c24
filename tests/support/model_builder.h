#pragma once

// Builds ONNX models as protobufs in C++ for tests and benchmarks, so no binary model is
// committed. Tracks shapes of what it builds so callers only give channel counts and kernels.

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace autosplit::testing {

using Dims = std::vector<int64_t>;

class ModelBuilder {
public:
    explicit ModelBuilder(int64_t opset = 13, uint32_t seed = 42);

    // Graph input of float32 elements.
    std::string input(const std::string& name, const Dims& dims);
    // Graph input with symbolic dims where dims[i] < 0 (named "d<i>").
    std::string dynamicInput(const std::string& name, const Dims& dims);
    void output(const std::string& name);

    // Random-normal float initializer (std-dev `scale`).
    std::string weight(const std::string& name, const Dims& dims, float scale = 0.1f);
    std::string floats(const std::string& name, const Dims& dims, const std::vector<float>& values);
    std::string int64s(const std::string& name, const Dims& dims, const std::vector<int64_t>& values);

    // Layers; each returns its output name. Names are made unique from `name`.
    std::string conv(const std::string& x, int64_t outChannels, int64_t kernel, int64_t stride = 1,
                     int64_t pad = -1, int64_t group = 1, bool bias = true, int64_t dilation = 1,
                     const std::string& name = "conv");
    std::string batchNorm(const std::string& x, const std::string& name = "bn");
    std::string relu(const std::string& x, const std::string& name = "relu");
    std::string leakyRelu(const std::string& x, float alpha = 0.1f, const std::string& name = "leaky");
    std::string unary(const std::string& op, const std::string& x, const std::string& name = "");
    // Clip to [lo, hi]: attributes before opset 11, constant inputs from 11 (ReLU6 = clip 0..6).
    std::string clip(const std::string& x, float lo, float hi, const std::string& name = "clip");
    std::string add(const std::string& a, const std::string& b, const std::string& name = "add");
    std::string mul(const std::string& a, const std::string& b, const std::string& name = "mul");
    std::string concat(const std::vector<std::string>& xs, int64_t axis = 1,
                       const std::string& name = "concat");
    std::string maxPool(const std::string& x, int64_t kernel, int64_t stride, int64_t pad = 0,
                        const std::string& name = "maxpool");
    std::string globalAveragePool(const std::string& x, const std::string& name = "gap");
    std::string flatten(const std::string& x, const std::string& name = "flatten");
    std::string gemm(const std::string& x, int64_t outFeatures, const std::string& name = "fc");
    // Nearest-neighbour 2x upsampling by Resize (opset >= 11) or Upsample (older).
    std::string upsample2x(const std::string& x, const std::string& name = "upsample");

    // Generic node; outputs get the given dims (empty vector = unknown shape to the builder).
    std::vector<std::string> node(const std::string& op, const std::vector<std::string>& inputs,
                                  int outputs = 1, const std::vector<Dims>& outputDims = {},
                                  const std::string& name = "", const std::string& domain = "");
    onnx::NodeProto& lastNode();

    void setAttr(onnx::NodeProto& n, const std::string& key, int64_t v);
    void setAttr(onnx::NodeProto& n, const std::string& key, float v);
    void setAttr(onnx::NodeProto& n, const std::string& key, const std::vector<int64_t>& v);
    void setAttr(onnx::NodeProto& n, const std::string& key, const std::string& v);

    const Dims& dims(const std::string& tensor) const { return m_dims.at(tensor); }
    int64_t opset() const { return m_opset; }
    std::mt19937& rng() { return m_rng; }
    onnx::ModelProto& model() { return m_model; }
    std::string serialized() const;
    void save(const std::string& path) const;

private:
    std::string unique(const std::string& base);
    void declareInitializerAsInput(const std::string& name, int32_t dtype, const Dims& dims);
    onnx::GraphProto* graph() { return m_model.mutable_graph(); }

    int64_t m_opset;
    std::mt19937 m_rng;
    onnx::ModelProto m_model;
    std::map<std::string, Dims> m_dims;
    std::map<std::string, int> m_nameCount;
};

// Architectures with random weights, shaped like the real ones.
onnx::ModelProto buildChain(int layers, int64_t channels = 8, int64_t size = 16, int64_t opset = 13);
// Conv-BN-ReLU stem, then one basic residual block (identity shortcut) and a classifier.
onnx::ModelProto buildResidualBlock(int64_t opset = 13);
// Inception-style module: four parallel branches from one tensor, concatenated.
onnx::ModelProto buildInception(int64_t opset = 13);
// ResNet-50 (torchvision layout, with BatchNormalization nodes, 224x224 input, 1000 classes).
onnx::ModelProto buildResNet50(int64_t opset = 13, int64_t imageSize = 224);
// MobileNetV2 (torchvision layout: inverted residuals with depthwise 3x3, BatchNormalization,
// ReLU6 as Clip, width 1.0, 224x224 input, 1000 classes).
onnx::ModelProto buildMobileNetV2(int64_t opset = 13, int64_t imageSize = 224);
// YOLOv3-tiny (Darknet layout: conv-bn-leaky, maxpools, two detection heads, one upsample+concat).
onnx::ModelProto buildYoloV3Tiny(int64_t opset = 13, int64_t imageSize = 416);

} // namespace autosplit::testing
