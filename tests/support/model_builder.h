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
    std::string int64s(const std::string& name, const Dims& dims,
                       const std::vector<int64_t>& values);

    // Layers; each returns its output name. Names are made unique from `name`.
    std::string conv(const std::string& x, int64_t outChannels, int64_t kernel, int64_t stride = 1,
                     int64_t pad = -1, int64_t group = 1, bool bias = true, int64_t dilation = 1,
                     const std::string& name = "conv");
    std::string batchNorm(const std::string& x, const std::string& name = "bn");
    std::string relu(const std::string& x, const std::string& name = "relu");
    std::string leakyRelu(const std::string& x, float alpha = 0.1f,
                          const std::string& name = "leaky");
    std::string unary(const std::string& op, const std::string& x, const std::string& name = "");
    // Clip to [lo, hi]: attributes before opset 11, constant inputs from 11 (ReLU6 = clip 0..6).
    std::string clip(const std::string& x, float lo, float hi, const std::string& name = "clip");
    std::string add(const std::string& a, const std::string& b, const std::string& name = "add");
    std::string mul(const std::string& a, const std::string& b, const std::string& name = "mul");
    std::string concat(const std::vector<std::string>& xs, int64_t axis = 1,
                       const std::string& name = "concat");
    // ceilMode rounds the output size up as PyTorch does (a last window must start inside the
    // input or its begin padding); before opset 10, which has no ceil_mode, by padding the end.
    std::string maxPool(const std::string& x, int64_t kernel, int64_t stride, int64_t pad = 0,
                        const std::string& name = "maxpool", bool ceilMode = false);
    std::string globalAveragePool(const std::string& x, const std::string& name = "gap");
    std::string flatten(const std::string& x, const std::string& name = "flatten");
    // Mean over `axes` (axes an attribute before opset 18, an input from 18).
    std::string reduceMean(const std::string& x, const Dims& axes, bool keepDims = true,
                           const std::string& name = "reducemean");
    std::string gemm(const std::string& x, int64_t outFeatures, const std::string& name = "fc");
    // Nearest-neighbour 2x upsampling by Resize (opset >= 10) or Upsample (older).
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

// Writes `model` to `path`; throws std::runtime_error naming the path when it cannot.
void saveModel(const onnx::ModelProto& model, const std::string& path);

// Architectures with random weights, shaped like the real ones.
onnx::ModelProto buildChain(int layers, int64_t channels = 8, int64_t size = 16,
                            int64_t opset = 13);
// Conv-BN-ReLU stem, then one basic residual block (identity shortcut) and a classifier.
onnx::ModelProto buildResidualBlock(int64_t opset = 13);
// Inception-style module: four parallel branches from one tensor, concatenated.
onnx::ModelProto buildInception(int64_t opset = 13);
// ResNet-50 (torchvision layout, with BatchNormalization nodes, 224x224 input, 1000 classes).
onnx::ModelProto buildResNet50(int64_t opset = 13, int64_t imageSize = 224);
// MobileNetV2 (torchvision layout: inverted residuals with depthwise 3x3, BatchNormalization,
// ReLU6 as Clip, width 1.0, 224x224 input, 1000 classes).
onnx::ModelProto buildMobileNetV2(int64_t opset = 13, int64_t imageSize = 224);
// YOLOv3-tiny (Darknet layout of yolov3-tiny.cfg: conv-bn-leaky, maxpools, two detection heads,
// one upsample+concat).
onnx::ModelProto buildYoloV3Tiny(int64_t opset = 13, int64_t imageSize = 416);

// The classification networks of the Auto-Split study, laid out as torchvision builds them
// (BatchNormalization after every bias-free conv, 1000 classes, eval mode: no dropout, no
// auxiliary heads). imageSize should be a multiple of 32.
// ResNet-18: basic blocks of two 3x3 convs in stages of {2, 2, 2, 2}.
onnx::ModelProto buildResNet18(int64_t opset = 13, int64_t imageSize = 224);
// ResNeXt-50 32x4d: ResNet-50's bottlenecks with a grouped 3x3 conv (32 groups, 4 channels per
// group at the first stage, so the bottleneck is twice as wide as ResNet-50's).
onnx::ModelProto buildResNeXt50_32x4d(int64_t opset = 13, int64_t imageSize = 224);
// GoogLeNet (Inception v1) as torchvision has it: conv-BN-ReLU everywhere, ceil-mode maxpools,
// nine inception modules whose "5x5" branch is a 3x3 conv, auxiliary heads off, no
// transform_input.
onnx::ModelProto buildGoogLeNet(int64_t opset = 13, int64_t imageSize = 224);
// MNASNet 1.0 (the B1 variant): inverted residuals of 3x3 and 5x5 depthwise convs with ReLU, the
// spatial mean as ReduceMean, as torchvision exports it.
onnx::ModelProto buildMnasNet1_0(int64_t opset = 13, int64_t imageSize = 224);
// YOLOv3 (Darknet layout of yolov3.cfg: Darknet-53 with residual shortcuts, conv-bn-leaky(0.1),
// three detection heads joined by nearest 2x upsampling and Concat). The outputs are
// the raw 255-channel head convs at strides 32, 16 and 8; no box decoding, no NMS. Conv nodes
// are named after their Darknet layer index ("conv_81" is the first head).
onnx::ModelProto buildYoloV3(int64_t opset = 13, int64_t imageSize = 416);

} // namespace autosplit::testing
