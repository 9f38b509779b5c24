#include "core/graph/tensor_elements.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

namespace autosplit {

namespace {

// A C++ cast of an out-of-range double to an integer is undefined: saturate instead.
int64_t saturatingInt64(double v) {
    if (std::isnan(v))
        return 0;
    if (v >= 9223372036854775808.0)
        return std::numeric_limits<int64_t>::max();
    if (v < -9223372036854775808.0)
        return std::numeric_limits<int64_t>::min();
    return static_cast<int64_t>(v);
}

template <typename T> void store(Tensor& t, const Elements& values) {
    t.raw.resize(values.size() * sizeof(T));
    char* p = t.raw.data();
    for (size_t i = 0; i < values.size(); ++i) {
        T v;
        if constexpr (std::is_floating_point_v<T>)
            v = static_cast<T>(values.asReal(i));
        else if (values.real)
            v = static_cast<T>(saturatingInt64(values.reals[i])); // truncates toward zero
        else
            v = static_cast<T>(values.ints[i]);
        std::memcpy(p + i * sizeof(T), &v, sizeof(T));
    }
}

template <uint16_t (*Convert)(float)> void storeHalf(Tensor& t, const Elements& values) {
    t.raw.resize(values.size() * 2);
    char* p = t.raw.data();
    for (size_t i = 0; i < values.size(); ++i) {
        const uint16_t v = Convert(static_cast<float>(values.asReal(i)));
        std::memcpy(p + i * 2, &v, 2);
    }
}

} // namespace

bool isIntegral(DataType type) {
    switch (type) {
    case DataType::Bool:
    case DataType::Int8:
    case DataType::UInt8:
    case DataType::Int16:
    case DataType::UInt16:
    case DataType::Int32:
    case DataType::UInt32:
    case DataType::Int64:
    case DataType::UInt64:
        return true;
    default:
        return false;
    }
}

bool isNumeric(DataType type) {
    return isIntegral(type) || isFloatingPoint(type);
}

std::optional<Elements> readElements(const Tensor& tensor) {
    const auto count = static_cast<size_t>(tensor.elementCount());
    if (!isNumeric(tensor.dtype) ||
        tensor.raw.size() != count * static_cast<size_t>(bitsOf(tensor.dtype) / 8))
        return std::nullopt;
    Elements e;
    if (isIntegral(tensor.dtype)) {
        auto ints = tensor.toInt64s();
        if (!ints)
            return std::nullopt;
        e.ints = std::move(*ints);
        return e;
    }
    e.real = true;
    e.reals.resize(count);
    if (tensor.dtype == DataType::Double) {
        std::memcpy(e.reals.data(), tensor.raw.data(), count * sizeof(double));
    } else if (tensor.dtype == DataType::Float) {
        const char* p = tensor.raw.data();
        for (size_t i = 0; i < count; ++i) {
            float v;
            std::memcpy(&v, p + i * sizeof(float), sizeof(float));
            e.reals[i] = v;
        }
    } else {
        auto floats = tensor.toFloats();
        if (!floats)
            return std::nullopt;
        for (size_t i = 0; i < count; ++i)
            e.reals[i] = (*floats)[i];
    }
    return e;
}

std::optional<Tensor> makeTensor(DataType dtype, std::vector<int64_t> dims,
                                 const Elements& values) {
    Tensor t;
    t.dtype = dtype;
    t.dims = std::move(dims);
    switch (dtype) {
    case DataType::Float:
        store<float>(t, values);
        break;
    case DataType::Double:
        store<double>(t, values);
        break;
    case DataType::Float16:
        storeHalf<floatToHalf>(t, values);
        break;
    case DataType::BFloat16:
        storeHalf<floatToBFloat16>(t, values);
        break;
    case DataType::Int8:
        store<int8_t>(t, values);
        break;
    case DataType::UInt8:
        store<uint8_t>(t, values);
        break;
    case DataType::Int16:
        store<int16_t>(t, values);
        break;
    case DataType::UInt16:
        store<uint16_t>(t, values);
        break;
    case DataType::Int32:
        store<int32_t>(t, values);
        break;
    case DataType::UInt32:
        store<uint32_t>(t, values);
        break;
    case DataType::Int64:
        store<int64_t>(t, values);
        break;
    case DataType::UInt64:
        store<uint64_t>(t, values);
        break;
    case DataType::Bool: {
        t.raw.resize(values.size());
        for (size_t i = 0; i < values.size(); ++i)
            t.raw[i] = values.asReal(i) != 0.0 ? 1 : 0;
        break;
    }
    default:
        return std::nullopt;
    }
    return t;
}

} // namespace autosplit
