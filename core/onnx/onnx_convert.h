#pragma once

// Conversions between ONNX protobuf types and the graph IR, shared by import and export.

#include "core/graph/attribute.h"
#include "core/graph/tensor.h"
#include "core/graph/tensor_shape.h"
#include "core/util/result.h"

#include <onnx/onnx_pb.h>

namespace autosplit {

// Checks dims (no negatives, no overflow) and that the data held matches them; external data
// is not read here.
Status checkTensorProto(const onnx::TensorProto& proto);

// Converts an in-file tensor (external data must already be resolved). With `consume`, raw_data
// is moved out of the proto instead of copied. Checks dims and that the data matches them.
Result<Tensor> tensorFromProto(onnx::TensorProto& proto, bool consume);
void tensorToProto(const Tensor& tensor, const std::string& name, onnx::TensorProto* proto,
                   bool withData = true);

Result<Attribute> attributeFromProto(const onnx::AttributeProto& proto);
void attributeToProto(const std::string& name, const Attribute& attribute,
                      onnx::AttributeProto* proto);

// Shape of a tensor type; negative dim_value is reported as an error.
Result<TensorShape> shapeFromType(const onnx::TypeProto& type, const std::string& valueName);
void setTensorType(onnx::TypeProto* type, DataType dtype, const TensorShape& shape);

} // namespace autosplit
