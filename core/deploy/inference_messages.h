#pragma once

// A bundle's tensors on the Open Inference Protocol (grpc_predict_v2.proto): the edge's request
// (every crossing tensor as raw contents, packed codes below 8 bits, with its bits, scale, zero
// point, packing and the frame id as parameters, the paper's Table 5) and the cloud's response
// (the model's outputs as raw contents). Decoding checks every field against the manifest, since
// a request comes from the network: a wrong model, bundle, tensor name, type, shape, bit-width,
// quantizer or byte count is one clear error and nothing is run.

#include "core/bundle/bundle_manifest.pb.h"
#include "core/deploy/grpc_predict_v2.pb.h"

#include "core/runtime/host_tensor.h"
#include "core/util/result.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace autosplit {

// How codes travel: packed below 8 bits (the bundled cloud runtime unpacks them), or one uint8
// code per element, which a stock server (Triton, KServe) running cloud.onnx accepts as it is.
enum class WireMode { Packed, Codes };

// Parameter names (InferParameter map keys).
inline constexpr const char* kParamBits = "bits";
inline constexpr const char* kParamScale = "scale";
inline constexpr const char* kParamZeroPoint = "zero_point";
inline constexpr const char* kParamPacking = "packing";
inline constexpr const char* kParamFrame = "frame";
inline constexpr const char* kParamBundle = "bundle";              // the cloud model's SHA-256
inline constexpr const char* kParamCloudSeconds = "cloud_seconds"; // in the response

// "FP32", "UINT8", ... (the protocol's names); empty for a type it has none for.
std::string protocolDatatype(DataType type);
std::optional<DataType> dataTypeOfProtocol(const std::string& name);

struct RequestOptions {
    WireMode mode = WireMode::Packed;
    int64_t frame = 0;
};

// `sent`: the edge model's outputs by wire name (at least every crossing tensor).
Result<inference::ModelInferRequest>
encodeInferRequest(const bundle::Manifest& manifest, const std::map<std::string, HostTensor>& sent,
                   const RequestOptions& options);

// The cloud model's feeds (by wire name; codes unpacked) from a request. Errors are one line
// naming the tensor and the problem. `maxElements` bounds any tensor a request may declare.
Result<std::map<std::string, HostTensor>>
decodeInferRequest(const bundle::Manifest& manifest, const inference::ModelInferRequest& request,
                   int64_t maxElements = int64_t(1) << 28);

inference::ModelInferResponse encodeInferResponse(const std::map<std::string, HostTensor>& outputs,
                                                  const std::string& modelName,
                                                  const std::string& id, double cloudSeconds);

struct DecodedResponse {
    std::map<std::string, HostTensor> outputs;
    std::optional<double> cloudSeconds;
};
Result<DecodedResponse> decodeInferResponse(const inference::ModelInferResponse& response);

} // namespace autosplit
