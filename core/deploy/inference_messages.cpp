#include "core/deploy/inference_messages.h"

#include "core/graph/data_type.h"
#include "core/graph/tensor_shape.h"
#include "core/wire/activation_packing.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <set>

namespace autosplit {

namespace {

const std::map<DataType, std::string>& protocolNames() {
    static const std::map<DataType, std::string> kNames = {
        {DataType::Bool, "BOOL"},     {DataType::UInt8, "UINT8"},   {DataType::UInt16, "UINT16"},
        {DataType::UInt32, "UINT32"}, {DataType::UInt64, "UINT64"}, {DataType::Int8, "INT8"},
        {DataType::Int16, "INT16"},   {DataType::Int32, "INT32"},   {DataType::Int64, "INT64"},
        {DataType::Float16, "FP16"},  {DataType::Float, "FP32"},    {DataType::Double, "FP64"},
        {DataType::BFloat16, "BF16"}};
    return kNames;
}

DataType manifestType(const std::string& onnxName) {
    for (int t = 0; t <= static_cast<int>(DataType::BFloat16); ++t)
        if (nameOf(static_cast<DataType>(t)) == onnxName)
            return static_cast<DataType>(t);
    return DataType::Undefined;
}

std::string dimsText(const std::vector<int64_t>& dims) {
    return TensorShape::of(dims).toString();
}

template <typename Map>
const inference::InferParameter* parameter(const Map& parameters, const char* key) {
    auto it = parameters.find(key);
    return it == parameters.end() ? nullptr : &it->second;
}

inference::InferParameter intParameter(int64_t v) {
    inference::InferParameter p;
    p.set_int64_param(v);
    return p;
}
inference::InferParameter doubleParameter(double v) {
    inference::InferParameter p;
    p.set_double_param(v);
    return p;
}
inference::InferParameter stringParameter(std::string v) {
    inference::InferParameter p;
    p.set_string_param(std::move(v));
    return p;
}

std::optional<double> numberOf(const inference::InferParameter& p) {
    switch (p.parameter_choice_case()) {
    case inference::InferParameter::kDoubleParam:
        return p.double_param();
    case inference::InferParameter::kInt64Param:
        return static_cast<double>(p.int64_param());
    case inference::InferParameter::kUint64Param:
        return static_cast<double>(p.uint64_param());
    default:
        return std::nullopt;
    }
}

// "5", "0.0123", "nan": std::to_string would print "5.000000" for a bit-width and round a small
// scale to a few digits.
std::string numberText(std::optional<double> v) {
    if (!v)
        return "a non-number";
    char text[32];
    std::snprintf(text, sizeof text, "%.9g", *v);
    return text;
}

} // namespace

std::string protocolDatatype(DataType type) {
    auto it = protocolNames().find(type);
    return it == protocolNames().end() ? std::string() : it->second;
}

std::optional<DataType> dataTypeOfProtocol(const std::string& name) {
    for (const auto& [type, n] : protocolNames())
        if (n == name)
            return type;
    return std::nullopt;
}

Result<inference::ModelInferRequest>
encodeInferRequest(const bundle::Manifest& manifest, const std::map<std::string, HostTensor>& sent,
                   const RequestOptions& options) {
    inference::ModelInferRequest request;
    request.set_model_name(manifest.triton_model_name());
    request.set_id(std::to_string(options.frame));
    (*request.mutable_parameters())[kParamFrame] = intParameter(options.frame);
    (*request.mutable_parameters())[kParamBundle] =
        stringParameter(manifest.cloud_model().sha256());
    for (const auto& c : manifest.crossing()) {
        auto it = sent.find(c.wire_name());
        if (it == sent.end())
            return Error{"the edge model did not produce '" + c.wire_name() + "'",
                         ErrorKind::Internal};
        const HostTensor& t = it->second;
        auto* input = request.add_inputs();
        input->set_name(c.wire_name());
        input->set_datatype(protocolDatatype(t.dtype()));
        for (int64_t d : t.dims())
            input->add_shape(d);
        std::string* raw = request.add_raw_input_contents();
        const bool pack = c.quantized() && c.bits() < 8 && options.mode == WireMode::Packed;
        if (c.quantized()) {
            auto& p = *input->mutable_parameters();
            p[kParamBits] = intParameter(c.bits());
            p[kParamScale] = doubleParameter(c.scale());
            p[kParamZeroPoint] = intParameter(c.zero_point());
            p[kParamPacking] = stringParameter(pack ? c.packing() : "none");
        }
        if (!pack) {
            raw->assign(reinterpret_cast<const char*>(t.bytes()), t.byteSize());
            continue;
        }
        auto layout = parsePackingLayout(c.packing());
        if (!layout)
            return Error{"the manifest's packing '" + c.packing() + "' of '" + c.wire_name() +
                         "' is unknown"};
        auto bytes = packedBytes(*layout, t.dims(), c.bits());
        if (!bytes)
            return Error{"'" + c.wire_name() + "' (" + dimsText(t.dims()) + ") cannot be packed " +
                         c.packing() + " at " + std::to_string(c.bits()) + " bits"};
        raw->resize(static_cast<size_t>(*bytes));
        auto st = packCodes(*layout, t.dims(), c.bits(),
                            {reinterpret_cast<const uint8_t*>(t.bytes()), t.byteSize()},
                            {reinterpret_cast<uint8_t*>(raw->data()), raw->size()});
        if (!st)
            return st.error();
    }
    return request;
}

Result<std::map<std::string, HostTensor>>
decodeInferRequest(const bundle::Manifest& manifest, const inference::ModelInferRequest& request,
                   int64_t maxElements) {
    std::map<std::string, const bundle::CrossingTensor*> expected;
    for (const auto& c : manifest.crossing())
        expected[c.wire_name()] = &c;
    if (request.raw_input_contents_size() != request.inputs_size())
        return Error{"the request has " + std::to_string(request.inputs_size()) + " inputs and " +
                     std::to_string(request.raw_input_contents_size()) +
                     " raw contents; every input must come as raw contents"};
    std::map<std::string, HostTensor> feeds;
    for (int i = 0; i < request.inputs_size(); ++i) {
        const auto& input = request.inputs(i);
        const std::string& name = input.name();
        auto e = expected.find(name);
        if (e == expected.end())
            return Error{"unknown input tensor '" + name + "'"};
        if (feeds.count(name))
            return Error{"input tensor '" + name + "' comes twice"};
        const bundle::CrossingTensor& c = *e->second;
        const auto type = dataTypeOfProtocol(input.datatype());
        const DataType want = manifestType(c.data_type());
        if (!type || *type != want)
            return Error{"input '" + name + "' has datatype '" + input.datatype() + "', expected " +
                         protocolDatatype(want)};
        std::vector<int64_t> dims(input.shape().begin(), input.shape().end());
        bool shapeOk = static_cast<int>(dims.size()) == c.shape_size();
        for (size_t d = 0; shapeOk && d < dims.size(); ++d)
            shapeOk = dims[d] >= 0 &&
                      (c.shape(static_cast<int>(d)) < 0 || c.shape(static_cast<int>(d)) == dims[d]);
        if (!shapeOk) {
            std::vector<int64_t> m(c.shape().begin(), c.shape().end());
            return Error{"input '" + name + "' has shape " + dimsText(dims) + ", expected " +
                         dimsText(m)};
        }
        const auto elements = checkedProduct(dims);
        if (!elements || *elements > maxElements)
            return Error{"input '" + name + "' declares " + dimsText(dims) +
                         " elements, more than this server accepts"};
        const std::string& raw = request.raw_input_contents(i);
        std::string packing = "none";
        if (c.quantized()) {
            const auto& p = input.parameters();
            if (const auto* bits = parameter(p, kParamBits); bits && numberOf(*bits) != c.bits())
                return Error{"input '" + name + "' is sent at " + numberText(numberOf(*bits)) +
                             " bits; the bundle's cloud model expects " + std::to_string(c.bits())};
            if (const auto* s = parameter(p, kParamScale)) {
                const auto scale = numberOf(*s);
                // written so that a NaN scale, which compares false with everything, is refused
                if (!scale || !(std::abs(*scale - c.scale()) <= 1e-6 * std::abs(c.scale())))
                    return Error{"input '" + name + "' has scale " + numberText(scale) +
                                 "; the bundle's is " + numberText(c.scale()) +
                                 " (another bundle's edge?)"};
            }
            if (const auto* z = parameter(p, kParamZeroPoint); z && numberOf(*z) != c.zero_point())
                return Error{"input '" + name + "' has zero point " + numberText(numberOf(*z)) +
                             "; the bundle's is " + std::to_string(c.zero_point())};
            if (const auto* k = parameter(p, kParamPacking)) {
                if (k->parameter_choice_case() != inference::InferParameter::kStringParam)
                    return Error{"input '" + name + "': the packing parameter must be a string"};
                packing = k->string_param();
            }
        }
        // sizes are checked before anything is allocated for the tensor
        if (packing == "none") {
            const auto needed = *elements * (bitsOf(want) / 8);
            if (static_cast<int64_t>(raw.size()) != needed)
                return Error{"input '" + name + "' carries " + std::to_string(raw.size()) +
                             " bytes; " + dimsText(dims) + " " + input.datatype() + " needs " +
                             std::to_string(needed)};
            HostTensor tensor(want, dims);
            std::memcpy(tensor.mutableBytes(), raw.data(), raw.size());
            if (c.quantized()) {
                const auto* codes = reinterpret_cast<const uint8_t*>(raw.data());
                const int limit = (1 << c.bits()) - 1;
                for (size_t k = 0; k < raw.size(); ++k)
                    if (codes[k] > limit)
                        return Error{"input '" + name + "': code " + std::to_string(codes[k]) +
                                     " at element " + std::to_string(k) + " does not fit " +
                                     std::to_string(c.bits()) + " bits"};
            }
            feeds.emplace(name, std::move(tensor));
        } else {
            const auto layout = parsePackingLayout(packing);
            if (!layout)
                return Error{"input '" + name + "' has unknown packing '" + packing + "'"};
            const auto bytes = packedBytes(*layout, dims, c.bits());
            if (!bytes)
                return Error{"input '" + name + "' cannot be packed " + packing + " at " +
                             std::to_string(c.bits()) + " bits with shape " + dimsText(dims)};
            if (static_cast<int64_t>(raw.size()) != *bytes)
                return Error{"input '" + name + "' carries " + std::to_string(raw.size()) +
                             " bytes; " + dimsText(dims) + " packed " + packing + " at " +
                             std::to_string(c.bits()) + " bits needs " + std::to_string(*bytes)};
            HostTensor tensor(want, dims);
            auto st = unpackCodes(
                *layout, dims, c.bits(), {reinterpret_cast<const uint8_t*>(raw.data()), raw.size()},
                {reinterpret_cast<uint8_t*>(tensor.mutableBytes()), tensor.byteSize()});
            if (!st)
                return st.error().prefixed("input '" + name + "': ");
            feeds.emplace(name, std::move(tensor));
        }
    }
    for (const auto& [name, c] : expected)
        if (!feeds.count(name))
            return Error{"the request lacks input tensor '" + name + "'"};
    return feeds;
}

inference::ModelInferResponse encodeInferResponse(const std::map<std::string, HostTensor>& outputs,
                                                  const std::string& modelName,
                                                  const std::string& id, double cloudSeconds) {
    inference::ModelInferResponse response;
    response.set_model_name(modelName);
    response.set_id(id);
    (*response.mutable_parameters())[kParamCloudSeconds] = doubleParameter(cloudSeconds);
    for (const auto& [name, t] : outputs) {
        auto* out = response.add_outputs();
        out->set_name(name);
        out->set_datatype(protocolDatatype(t.dtype()));
        for (int64_t d : t.dims())
            out->add_shape(d);
        response.add_raw_output_contents()->assign(reinterpret_cast<const char*>(t.bytes()),
                                                   t.byteSize());
    }
    return response;
}

Result<DecodedResponse> decodeInferResponse(const inference::ModelInferResponse& response) {
    DecodedResponse r;
    if (response.raw_output_contents_size() != response.outputs_size())
        return Error{"the response has " + std::to_string(response.outputs_size()) +
                     " outputs and " + std::to_string(response.raw_output_contents_size()) +
                     " raw contents"};
    for (int i = 0; i < response.outputs_size(); ++i) {
        const auto& out = response.outputs(i);
        const auto type = dataTypeOfProtocol(out.datatype());
        if (!type)
            return Error{"output '" + out.name() + "' has unknown datatype '" + out.datatype() +
                         "'"};
        std::vector<int64_t> dims(out.shape().begin(), out.shape().end());
        const auto elements = checkedProduct(dims);
        if (!elements)
            return Error{"output '" + out.name() + "' has an invalid shape"};
        // the size is checked before allocating: a response declaring a huge shape must not
        // exhaust the edge's memory
        const std::string& raw = response.raw_output_contents(i);
        const auto elementBytes = static_cast<size_t>(bitsOf(*type) / 8);
        if (raw.size() % elementBytes != 0 ||
            static_cast<uint64_t>(raw.size() / elementBytes) != static_cast<uint64_t>(*elements))
            return Error{"output '" + out.name() + "' carries " + std::to_string(raw.size()) +
                         " bytes for " + dimsText(dims) + " " + out.datatype()};
        HostTensor t(*type, dims);
        std::memcpy(t.mutableBytes(), raw.data(), raw.size());
        r.outputs.emplace(out.name(), std::move(t));
    }
    if (const auto* p = parameter(response.parameters(), kParamCloudSeconds))
        r.cloudSeconds = numberOf(*p);
    return r;
}

} // namespace autosplit
