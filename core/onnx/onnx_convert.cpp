#include "core/onnx/onnx_convert.h"

#include <cstring>

namespace autosplit {

namespace {

template <typename Out, typename In> void appendAs(std::string& raw, const In& values) {
    const size_t offset = raw.size();
    raw.resize(offset + static_cast<size_t>(values.size()) * sizeof(Out));
    char* p = raw.data() + offset;
    for (const auto& v : values) {
        const Out converted = static_cast<Out>(v);
        std::memcpy(p, &converted, sizeof(Out));
        p += sizeof(Out);
    }
}

std::string dimsText(const std::vector<int64_t>& dims) {
    return dims.empty() ? std::string("scalar") : TensorShape::of(dims).toString();
}

} // namespace

namespace {

// Bytes a tensor's typed value field holds, in raw_data layout.
size_t typedDataBytes(const onnx::TensorProto& proto, DataType dtype) {
    const size_t width = static_cast<size_t>(bitsOf(dtype) / 8);
    switch (dtype) {
    case DataType::Float:
        return static_cast<size_t>(proto.float_data_size()) * width;
    case DataType::Complex64:
        return static_cast<size_t>(proto.float_data_size()) * 4;
    case DataType::Double:
        return static_cast<size_t>(proto.double_data_size()) * width;
    case DataType::Complex128:
        return static_cast<size_t>(proto.double_data_size()) * 8;
    case DataType::Int64:
        return static_cast<size_t>(proto.int64_data_size()) * width;
    case DataType::UInt32:
    case DataType::UInt64:
        return static_cast<size_t>(proto.uint64_data_size()) * width;
    default:
        return static_cast<size_t>(proto.int32_data_size()) * width;
    }
}

} // namespace

Status checkTensorProto(const onnx::TensorProto& proto) {
    const std::string label = "initializer '" + proto.name() + "'";
    if (proto.data_type() < 1 || proto.data_type() > 16)
        return Error{label + " has unknown data type " + std::to_string(proto.data_type())};
    const auto dtype = static_cast<DataType>(proto.data_type());
    std::vector<int64_t> dims(proto.dims().begin(), proto.dims().end());
    for (int64_t d : dims)
        if (d < 0)
            return Error{label + " has a negative dimension in " + dimsText(dims)};
    std::vector<int64_t> withBits = dims;
    withBits.push_back(128); // elements must be countable in bits, not only in elements
    if (!checkedProduct(withBits))
        return Error{label + ": dims " + dimsText(dims) + " overflow a 64-bit element count"};
    if (proto.data_location() == onnx::TensorProto::EXTERNAL || dtype == DataType::String)
        return Status::success();
    const size_t expected =
        static_cast<size_t>(*checkedProduct(dims)) * static_cast<size_t>(bitsOf(dtype) / 8);
    const size_t held =
        proto.has_raw_data() ? proto.raw_data().size() : typedDataBytes(proto, dtype);
    if (held != expected)
        return Error{label + " holds " + std::to_string(held) + " bytes but its dims " +
                     dimsText(dims) + " of " + std::string(nameOf(dtype)) + " need " +
                     std::to_string(expected) + " (truncated or corrupt)"};
    return Status::success();
}

Result<Tensor> tensorFromProto(onnx::TensorProto& proto, bool consume) {
    if (auto s = checkTensorProto(proto); !s)
        return s.error();
    if (proto.data_location() == onnx::TensorProto::EXTERNAL)
        return Error{"initializer '" + proto.name() + "' still refers to external data"};
    Tensor t;
    t.dtype = static_cast<DataType>(proto.data_type());
    t.dims.assign(proto.dims().begin(), proto.dims().end());
    if (t.dtype == DataType::String)
        return t; // strings are never weights; the dims are all analysis needs
    if (proto.has_raw_data()) {
        if (consume)
            t.raw.swap(*proto.mutable_raw_data());
        else
            t.raw = proto.raw_data();
        return t;
    }
    switch (t.dtype) {
    case DataType::Float:
    case DataType::Complex64:
        appendAs<float>(t.raw, proto.float_data());
        break;
    case DataType::Double:
    case DataType::Complex128:
        appendAs<double>(t.raw, proto.double_data());
        break;
    case DataType::Int64:
        appendAs<int64_t>(t.raw, proto.int64_data());
        break;
    case DataType::UInt32:
        appendAs<uint32_t>(t.raw, proto.uint64_data());
        break;
    case DataType::UInt64:
        appendAs<uint64_t>(t.raw, proto.uint64_data());
        break;
    case DataType::Int32:
        appendAs<int32_t>(t.raw, proto.int32_data());
        break;
    case DataType::Int16:
        appendAs<int16_t>(t.raw, proto.int32_data());
        break;
    case DataType::UInt16:
    case DataType::Float16:
    case DataType::BFloat16:
        appendAs<uint16_t>(t.raw, proto.int32_data());
        break;
    case DataType::Int8:
        appendAs<int8_t>(t.raw, proto.int32_data());
        break;
    case DataType::UInt8:
    case DataType::Bool:
        appendAs<uint8_t>(t.raw, proto.int32_data());
        break;
    default:
        break;
    }
    return t;
}

void tensorToProto(const Tensor& tensor, const std::string& name, onnx::TensorProto* proto,
                   bool withData) {
    proto->set_name(name);
    proto->set_data_type(static_cast<int32_t>(tensor.dtype));
    for (int64_t d : tensor.dims)
        proto->add_dims(d);
    if (withData)
        proto->set_raw_data(tensor.raw);
}

Result<Attribute> attributeFromProto(const onnx::AttributeProto& proto) {
    Attribute a;
    switch (proto.type()) {
    case onnx::AttributeProto::FLOAT:
        a.kind = Attribute::Kind::Float;
        a.f = proto.f();
        break;
    case onnx::AttributeProto::INT:
        a.kind = Attribute::Kind::Int;
        a.i = proto.i();
        break;
    case onnx::AttributeProto::STRING:
        a.kind = Attribute::Kind::String;
        a.s = proto.s();
        break;
    case onnx::AttributeProto::FLOATS:
        a.kind = Attribute::Kind::Floats;
        a.floats.assign(proto.floats().begin(), proto.floats().end());
        break;
    case onnx::AttributeProto::INTS:
        a.kind = Attribute::Kind::Ints;
        a.ints.assign(proto.ints().begin(), proto.ints().end());
        break;
    case onnx::AttributeProto::STRINGS:
        a.kind = Attribute::Kind::Strings;
        a.strings.assign(proto.strings().begin(), proto.strings().end());
        break;
    case onnx::AttributeProto::TENSOR: {
        onnx::TensorProto copy = proto.t();
        auto tensor = tensorFromProto(copy, true);
        if (!tensor)
            return tensor.error().prefixed("attribute '" + proto.name() + "': ");
        a.kind = Attribute::Kind::Tensor;
        a.tensor = std::make_shared<const Tensor>(std::move(tensor).value());
        break;
    }
    default:
        a.kind = Attribute::Kind::Opaque;
        a.opaque = proto.SerializeAsString();
        break;
    }
    return a;
}

void attributeToProto(const std::string& name, const Attribute& a, onnx::AttributeProto* proto) {
    if (a.kind == Attribute::Kind::Opaque) {
        proto->ParseFromString(a.opaque);
        return;
    }
    proto->set_name(name);
    switch (a.kind) {
    case Attribute::Kind::Float:
        proto->set_type(onnx::AttributeProto::FLOAT);
        proto->set_f(a.f);
        break;
    case Attribute::Kind::Int:
        proto->set_type(onnx::AttributeProto::INT);
        proto->set_i(a.i);
        break;
    case Attribute::Kind::String:
        proto->set_type(onnx::AttributeProto::STRING);
        proto->set_s(a.s);
        break;
    case Attribute::Kind::Floats:
        proto->set_type(onnx::AttributeProto::FLOATS);
        for (float v : a.floats)
            proto->add_floats(v);
        break;
    case Attribute::Kind::Ints:
        proto->set_type(onnx::AttributeProto::INTS);
        for (int64_t v : a.ints)
            proto->add_ints(v);
        break;
    case Attribute::Kind::Strings:
        proto->set_type(onnx::AttributeProto::STRINGS);
        for (const auto& v : a.strings)
            proto->add_strings(v);
        break;
    case Attribute::Kind::Tensor:
        proto->set_type(onnx::AttributeProto::TENSOR);
        if (a.tensor)
            tensorToProto(*a.tensor, "", proto->mutable_t());
        break;
    case Attribute::Kind::Opaque:
        break;
    }
}

Result<TensorShape> shapeFromType(const onnx::TypeProto& type, const std::string& valueName) {
    if (!type.has_tensor_type() || !type.tensor_type().has_shape())
        return TensorShape::unknown();
    TensorShape shape;
    shape.rankKnown = true;
    for (const auto& dim : type.tensor_type().shape().dim()) {
        if (dim.has_dim_value()) {
            if (dim.dim_value() < 0)
                return Error{"tensor '" + valueName + "' has a negative dimension " +
                             std::to_string(dim.dim_value())};
            shape.dims.push_back(dim.dim_value());
        } else {
            shape.dims.push_back(-1);
        }
    }
    return shape;
}

void setTensorType(onnx::TypeProto* type, DataType dtype, const TensorShape& shape) {
    auto* tensorType = type->mutable_tensor_type();
    tensorType->set_elem_type(static_cast<int32_t>(dtype));
    if (!shape.rankKnown)
        return;
    auto* protoShape = tensorType->mutable_shape();
    protoShape->clear_dim();
    for (int64_t d : shape.dims) {
        auto* dim = protoShape->add_dim();
        if (d >= 0)
            dim->set_dim_value(d);
    }
}

} // namespace autosplit
