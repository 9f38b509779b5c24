#include "core/graph/tensor.h"

#include "core/graph/half_float.h"
#include "core/graph/tensor_shape.h"

#include <cstring>

namespace autosplit {

namespace {

template <typename T> T load(const char* p) {
    T value;
    std::memcpy(&value, p, sizeof(T));
    return value;
}

} // namespace

int64_t Tensor::elementCount() const {
    return checkedProduct(dims).value_or(0);
}

std::optional<std::vector<float>> Tensor::toFloats() const {
    const int64_t n = elementCount();
    const int bits = bitsOf(dtype);
    if (bits == 0 || raw.size() != static_cast<size_t>(n) * static_cast<size_t>(bits / 8))
        return std::nullopt;
    std::vector<float> out(static_cast<size_t>(n));
    const char* p = raw.data();
    for (int64_t i = 0; i < n; ++i) {
        float v;
        switch (dtype) {
        case DataType::Float:
            v = load<float>(p + 4 * i);
            break;
        case DataType::Double:
            v = static_cast<float>(load<double>(p + 8 * i));
            break;
        case DataType::Float16:
            v = halfToFloat(load<uint16_t>(p + 2 * i));
            break;
        case DataType::BFloat16:
            v = bfloat16ToFloat(load<uint16_t>(p + 2 * i));
            break;
        case DataType::Int8:
            v = load<int8_t>(p + i);
            break;
        case DataType::UInt8:
            v = load<uint8_t>(p + i);
            break;
        case DataType::Bool:
            v = load<uint8_t>(p + i) ? 1.f : 0.f;
            break;
        case DataType::Int16:
            v = load<int16_t>(p + 2 * i);
            break;
        case DataType::UInt16:
            v = load<uint16_t>(p + 2 * i);
            break;
        case DataType::Int32:
            v = static_cast<float>(load<int32_t>(p + 4 * i));
            break;
        case DataType::UInt32:
            v = static_cast<float>(load<uint32_t>(p + 4 * i));
            break;
        case DataType::Int64:
            v = static_cast<float>(load<int64_t>(p + 8 * i));
            break;
        case DataType::UInt64:
            v = static_cast<float>(load<uint64_t>(p + 8 * i));
            break;
        default:
            return std::nullopt;
        }
        out[static_cast<size_t>(i)] = v;
    }
    return out;
}

std::optional<std::vector<int64_t>> Tensor::toInt64s() const {
    const int64_t n = elementCount();
    const int bits = bitsOf(dtype);
    if (bits == 0 || raw.size() != static_cast<size_t>(n) * static_cast<size_t>(bits / 8))
        return std::nullopt;
    std::vector<int64_t> out(static_cast<size_t>(n));
    const char* p = raw.data();
    for (int64_t i = 0; i < n; ++i) {
        int64_t v;
        switch (dtype) {
        case DataType::Int64:
            v = load<int64_t>(p + 8 * i);
            break;
        case DataType::Int32:
            v = load<int32_t>(p + 4 * i);
            break;
        case DataType::UInt32:
            v = load<uint32_t>(p + 4 * i);
            break;
        case DataType::Int16:
            v = load<int16_t>(p + 2 * i);
            break;
        case DataType::UInt16:
            v = load<uint16_t>(p + 2 * i);
            break;
        case DataType::Int8:
            v = load<int8_t>(p + i);
            break;
        case DataType::UInt8:
            v = load<uint8_t>(p + i);
            break;
        case DataType::Bool:
            v = load<uint8_t>(p + i) ? 1 : 0;
            break;
        case DataType::UInt64:
            v = static_cast<int64_t>(load<uint64_t>(p + 8 * i));
            break;
        case DataType::Float:
            v = static_cast<int64_t>(load<float>(p + 4 * i));
            break;
        case DataType::Double:
            v = static_cast<int64_t>(load<double>(p + 8 * i));
            break;
        default:
            return std::nullopt;
        }
        out[static_cast<size_t>(i)] = v;
    }
    return out;
}

Tensor Tensor::fromFloats(std::vector<int64_t> dims, const std::vector<float>& values) {
    Tensor t;
    t.dtype = DataType::Float;
    t.dims = std::move(dims);
    t.raw.resize(values.size() * sizeof(float));
    std::memcpy(t.raw.data(), values.data(), t.raw.size());
    return t;
}

Tensor Tensor::fromInt64s(std::vector<int64_t> dims, const std::vector<int64_t>& values) {
    Tensor t;
    t.dtype = DataType::Int64;
    t.dims = std::move(dims);
    t.raw.resize(values.size() * sizeof(int64_t));
    std::memcpy(t.raw.data(), values.data(), t.raw.size());
    return t;
}

} // namespace autosplit
