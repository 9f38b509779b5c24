// libFuzzer target: the CPU executor on small fuzzed models. The bytes choose a chain of up to
// three operators (from the ones the executor has kernels for), their attributes, the shapes
// and contents of their constant inputs and the graph input's shape and values; the model is
// built as an ONNX protobuf and goes through the importer (checker, shape inference), so only
// models the program would accept are run. Raw or optimized, with one thread; a run either
// fails with a message or returns the graph's output.
#include "core/runtime/executor.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"

#include <fuzzer/FuzzedDataProvider.h>
#include <onnx/onnx_pb.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace {

// A fuzz run must stay small: every tensor of an accepted model is at most this many elements.
constexpr int64_t kMaxElements = 4096;

// Kinds of extra inputs: F float tensor, S float scalar, I int64 vector, U uint8 scalar,
// X the graph input again, '-' an omitted optional input.
struct OpSpec {
    const char* op;
    const char* inputs;
    std::vector<std::pair<const char*, char>> attributes; // i int, l ints, f float, s string
};

const std::vector<OpSpec>& ops() {
    static const std::vector<OpSpec> table = {
        {"Relu", "", {}},
        {"Sigmoid", "", {}},
        {"Tanh", "", {}},
        {"Exp", "", {}},
        {"Log", "", {}},
        {"Sqrt", "", {}},
        {"Abs", "", {}},
        {"Neg", "", {}},
        {"Floor", "", {}},
        {"Erf", "", {}},
        {"Softplus", "", {}},
        {"Elu", "", {{"alpha", 'f'}}},
        {"LeakyRelu", "", {{"alpha", 'f'}}},
        {"HardSigmoid", "", {{"alpha", 'f'}, {"beta", 'f'}}},
        {"Softmax", "", {{"axis", 'i'}}},
        {"LogSoftmax", "", {{"axis", 'i'}}},
        {"Hardmax", "", {{"axis", 'i'}}},
        {"Add", "F", {}},
        {"Sub", "X", {}},
        {"Mul", "F", {}},
        {"Div", "F", {}},
        {"Pow", "F", {}},
        {"Max", "F", {}},
        {"Min", "X", {}},
        {"PRelu", "F", {}},
        {"Mod", "F", {{"fmod", 'i'}}},
        {"Greater", "F", {}},
        {"Equal", "X", {}},
        {"Where", "", {}},
        {"Clip", "SS", {}},
        {"Conv",
         "FF",
         {{"kernel_shape", 'l'},
          {"strides", 'l'},
          {"pads", 'l'},
          {"dilations", 'l'},
          {"group", 'i'},
          {"auto_pad", 's'}}},
        {"Conv", "F", {{"strides", 'l'}, {"pads", 'l'}, {"group", 'i'}}},
        {"ConvTranspose",
         "FF",
         {{"strides", 'l'},
          {"pads", 'l'},
          {"dilations", 'l'},
          {"output_padding", 'l'},
          {"group", 'i'}}},
        {"MaxPool",
         "",
         {{"kernel_shape", 'l'},
          {"strides", 'l'},
          {"pads", 'l'},
          {"dilations", 'l'},
          {"ceil_mode", 'i'},
          {"auto_pad", 's'}}},
        {"AveragePool",
         "",
         {{"kernel_shape", 'l'},
          {"strides", 'l'},
          {"pads", 'l'},
          {"ceil_mode", 'i'},
          {"count_include_pad", 'i'}}},
        {"LpPool", "", {{"kernel_shape", 'l'}, {"strides", 'l'}, {"p", 'i'}}},
        {"GlobalAveragePool", "", {}},
        {"GlobalMaxPool", "", {}},
        {"Gemm", "FF", {{"transA", 'i'}, {"transB", 'i'}, {"alpha", 'f'}, {"beta", 'f'}}},
        {"MatMul", "F", {}},
        {"BatchNormalization", "FFFF", {{"epsilon", 'f'}}},
        {"InstanceNormalization", "FF", {{"epsilon", 'f'}}},
        {"LayerNormalization", "FF", {{"axis", 'i'}, {"epsilon", 'f'}}},
        {"LRN", "", {{"size", 'i'}, {"alpha", 'f'}, {"beta", 'f'}, {"bias", 'f'}}},
        {"Reshape", "I", {{"allowzero", 'i'}}},
        {"Transpose", "", {{"perm", 'l'}}},
        {"Flatten", "", {{"axis", 'i'}}},
        {"Squeeze", "I", {}},
        {"Unsqueeze", "I", {}},
        {"Concat", "F", {{"axis", 'i'}}},
        {"Split", "I", {{"axis", 'i'}}},
        {"Slice", "IIII", {}},
        {"Slice", "II", {}},
        {"Pad", "IS", {{"mode", 's'}}},
        {"Gather", "I", {{"axis", 'i'}}},
        {"GatherElements", "I", {{"axis", 'i'}}},
        {"Tile", "I", {}},
        {"Expand", "I", {}},
        {"Resize", "-F", {{"mode", 's'}, {"coordinate_transformation_mode", 's'}}},
        {"Resize", "--I", {{"mode", 's'}, {"nearest_mode", 's'}}},
        {"DepthToSpace", "", {{"blocksize", 'i'}, {"mode", 's'}}},
        {"SpaceToDepth", "", {{"blocksize", 'i'}}},
        {"ReduceMean", "", {{"axes", 'l'}, {"keepdims", 'i'}}},
        {"ReduceMax", "", {{"axes", 'l'}, {"keepdims", 'i'}}},
        {"ReduceSum", "I", {{"keepdims", 'i'}, {"noop_with_empty_axes", 'i'}}},
        {"ReduceLogSumExp", "", {{"axes", 'l'}, {"keepdims", 'i'}}},
        {"ArgMax", "", {{"axis", 'i'}, {"keepdims", 'i'}, {"select_last_index", 'i'}}},
        {"TopK", "I", {{"axis", 'i'}, {"largest", 'i'}}},
        {"CumSum", "I", {{"exclusive", 'i'}, {"reverse", 'i'}}},
        {"Trilu", "I", {{"upper", 'i'}}},
        {"QuantizeLinear", "SU", {{"axis", 'i'}}},
        {"DequantizeLinear", "SU", {{"axis", 'i'}}},
        {"Cast", "", {{"to", 'i'}}},
        {"Identity", "", {}},
        {"Dropout", "", {}},
        {"Shape", "", {}},
        {"Size", "", {}},
    };
    return table;
}

const std::vector<const char*>& stringChoices(const std::string& attribute) {
    static const std::vector<const char*> autoPad = {"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"};
    static const std::vector<const char*> mode = {"constant", "reflect", "edge", "nearest",
                                                  "linear",   "cubic",   "DCR",  "CRD"};
    static const std::vector<const char*> coordinates = {
        "half_pixel", "asymmetric", "align_corners", "pytorch_half_pixel", "tf_crop_and_resize"};
    static const std::vector<const char*> nearest = {"round_prefer_floor", "round_prefer_ceil",
                                                     "floor", "ceil"};
    if (attribute == "auto_pad")
        return autoPad;
    if (attribute == "coordinate_transformation_mode")
        return coordinates;
    if (attribute == "nearest_mode")
        return nearest;
    return mode;
}

float fuzzFloat(FuzzedDataProvider& in) {
    const uint8_t b = in.ConsumeIntegral<uint8_t>();
    if (b < 240)
        return static_cast<float>(static_cast<int>(b) - 120) / 16.0f;
    const float special[] = {std::numeric_limits<float>::quiet_NaN(),
                             std::numeric_limits<float>::infinity(),
                             -std::numeric_limits<float>::infinity(),
                             std::numeric_limits<float>::max(),
                             -std::numeric_limits<float>::max(),
                             std::numeric_limits<float>::denorm_min(),
                             -0.0f,
                             1e-30f,
                             1e30f,
                             65504.0f,
                             0.0f,
                             1.0f,
                             255.0f,
                             -1.0f,
                             0.5f,
                             2.0f};
    return special[b - 240];
}

std::vector<int64_t> fuzzDims(FuzzedDataProvider& in, int minRank, int maxRank) {
    std::vector<int64_t> dims(in.ConsumeIntegralInRange<size_t>(minRank, maxRank));
    for (auto& d : dims)
        d = in.ConsumeIntegralInRange<int64_t>(1, 6);
    return dims;
}

int64_t elementsOf(const std::vector<int64_t>& dims) {
    int64_t n = 1;
    for (int64_t d : dims)
        n *= d;
    return n;
}

void addInitializer(onnx::GraphProto& g, const std::string& name, char kind,
                    FuzzedDataProvider& in) {
    auto* t = g.add_initializer();
    t->set_name(name);
    if (kind == 'I') {
        t->set_data_type(onnx::TensorProto::INT64);
        const auto n = in.ConsumeIntegralInRange<int64_t>(0, 6);
        t->add_dims(n);
        for (int64_t i = 0; i < n; ++i)
            t->add_int64_data(in.ConsumeIntegralInRange<int64_t>(-4, 8));
        return;
    }
    if (kind == 'U') {
        t->set_data_type(onnx::TensorProto::UINT8);
        t->add_int32_data(in.ConsumeIntegral<uint8_t>());
        return;
    }
    t->set_data_type(onnx::TensorProto::FLOAT);
    const std::vector<int64_t> dims = kind == 'S' ? std::vector<int64_t>{} : fuzzDims(in, 0, 4);
    for (int64_t d : dims)
        t->add_dims(d);
    for (int64_t i = 0, n = elementsOf(dims); i < n; ++i)
        t->add_float_data(fuzzFloat(in));
}

void addAttribute(onnx::NodeProto& node, const char* name, char kind, FuzzedDataProvider& in) {
    auto* a = node.add_attribute();
    a->set_name(name);
    switch (kind) {
    case 'i':
        a->set_type(onnx::AttributeProto::INT);
        a->set_i(in.ConsumeIntegralInRange<int64_t>(-3, 6));
        break;
    case 'l': {
        a->set_type(onnx::AttributeProto::INTS);
        const auto n = in.ConsumeIntegralInRange<int>(0, 6);
        for (int i = 0; i < n; ++i)
            a->add_ints(in.ConsumeIntegralInRange<int64_t>(-1, 4));
        break;
    }
    case 'f':
        a->set_type(onnx::AttributeProto::FLOAT);
        a->set_f(fuzzFloat(in));
        break;
    default: {
        a->set_type(onnx::AttributeProto::STRING);
        const auto& choices = stringChoices(name);
        a->set_s(choices[in.ConsumeIntegralInRange<size_t>(0, choices.size() - 1)]);
        break;
    }
    }
}

// The model the bytes describe, serialized; the graph input is "x", the output "y" (float).
std::string buildModel(FuzzedDataProvider& in, std::vector<int64_t>& inputDims) {
    onnx::ModelProto model;
    const int64_t opsets[] = {11, 13, 17};
    const int64_t opset = opsets[in.ConsumeIntegralInRange<int>(0, 2)];
    model.set_ir_version(opset == 17 ? 8 : opset == 11 ? 6 : 7);
    auto* opsetImport = model.add_opset_import();
    opsetImport->set_domain("");
    opsetImport->set_version(opset);
    onnx::GraphProto& g = *model.mutable_graph();
    g.set_name("fuzz");

    inputDims = fuzzDims(in, 1, 4);
    auto* x = g.add_input();
    x->set_name("x");
    auto* xt = x->mutable_type()->mutable_tensor_type();
    xt->set_elem_type(onnx::TensorProto::FLOAT);
    for (int64_t d : inputDims)
        xt->mutable_shape()->add_dim()->set_dim_value(d);

    std::string previous = "x";
    const int nodes = in.ConsumeIntegralInRange<int>(1, 3);
    for (int k = 0; k < nodes; ++k) {
        const OpSpec& spec = ops()[in.ConsumeIntegralInRange<size_t>(0, ops().size() - 1)];
        auto* node = g.add_node();
        node->set_op_type(spec.op);
        node->set_name("n" + std::to_string(k));
        node->add_input(previous);
        if (std::strcmp(spec.op, "Where") == 0) { // a condition of its own, then two floats
            node->set_input(0, "c" + std::to_string(k));
            auto* t = g.add_initializer();
            t->set_name(node->input(0));
            t->set_data_type(onnx::TensorProto::BOOL);
            for (int64_t d : inputDims)
                t->add_dims(d);
            for (int64_t i = 0, n = elementsOf(inputDims); i < n; ++i)
                t->add_int32_data(in.ConsumeBool());
            node->add_input(previous);
            node->add_input("x");
        }
        for (int i = 0; spec.inputs[i]; ++i) {
            const char kind = spec.inputs[i];
            if (kind == '-') {
                node->add_input("");
            } else if (kind == 'X') {
                node->add_input("x");
            } else {
                const std::string name = "w" + std::to_string(k) + "_" + std::to_string(i);
                addInitializer(g, name, kind, in);
                node->add_input(name);
            }
        }
        for (const auto& [name, kind] : spec.attributes)
            if (in.ConsumeBool())
                addAttribute(*node, name, kind, in);
        const std::string out = "t" + std::to_string(k);
        node->add_output(out);
        previous = out;
    }
    // The output is always float, whatever the last operator makes.
    auto* cast = g.add_node();
    cast->set_op_type("Cast");
    cast->set_name("to_float");
    cast->add_input(previous);
    cast->add_output("y");
    auto* to = cast->add_attribute();
    to->set_name("to");
    to->set_type(onnx::AttributeProto::INT);
    to->set_i(onnx::TensorProto::FLOAT);
    auto* y = g.add_output();
    y->set_name("y");
    y->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
    return model.SerializeAsString();
}

bool small(const autosplit::Graph& graph) {
    for (const auto& v : graph.values()) {
        const auto elements = v.shape.isFullyKnown() ? v.shape.elementCount() : std::nullopt;
        if (!elements || *elements > kMaxElements)
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    std::vector<int64_t> inputDims;
    const std::string bytes = buildModel(in, inputDims);
    const bool optimize = in.ConsumeBool();

    auto imported = autosplit::importOnnxData(bytes, "fuzz.onnx", {});
    if (!imported || !small(imported->graph))
        return 0;
    auto graph = std::make_shared<autosplit::Graph>(std::move(imported->graph));
    if (optimize &&
        (!autosplit::optimizeGraph(*graph, autosplit::defaultPassNames()) || !small(*graph)))
        return 0;
    autosplit::ExecutorOptions options;
    options.threads = 1;
    auto executor = autosplit::Executor::create(graph, options);
    if (!executor)
        return 0;

    std::vector<float> values(static_cast<size_t>(elementsOf(inputDims)));
    for (float& v : values)
        v = fuzzFloat(in);
    autosplit::RunRequest request;
    request.feeds["x"] = autosplit::HostTensor::fromFloats(inputDims, values);
    auto outputs = executor->run(request);
    if (!outputs) {
        if (outputs.error().message.empty())
            std::abort();
        return 0;
    }
    auto y = outputs->find("y");
    if (y == outputs->end() || y->second.dtype() != autosplit::DataType::Float)
        std::abort();
    return 0;
}
