#include "host_tensor.h"

#include "../graph/tensor_shape.h"

#include <cstring>
#include <new>
#include <stdexcept>

namespace autosplit {

namespace {

struct AlignedDelete {
    void operator()(std::byte* p) const { ::operator delete[](p, std::align_val_t(64)); }
};

} // namespace

HostTensor::HostTensor(DataType dtype, std::vector<int64_t> dims)
    : m_dtype(dtype), m_dims(std::move(dims)) {
    m_elements = checkedProduct(m_dims).value_or(0);
    m_bytes = static_cast<size_t>(m_elements) * static_cast<size_t>(bitsOf(dtype) / 8);
    // at least one cache line so data() is never null, even for empty tensors
    const size_t allocation = std::max<size_t>(m_bytes, 64);
    std::byte* p = static_cast<std::byte*>(::operator new[](allocation, std::align_val_t(64)));
    std::memset(p, 0, allocation);
    m_owner = std::shared_ptr<std::byte>(p, AlignedDelete());
    m_data = p;
}

HostTensor HostTensor::fromConstant(std::shared_ptr<const Tensor> tensor) {
    HostTensor t;
    t.m_dtype = tensor->dtype;
    t.m_dims = tensor->dims;
    t.m_elements = tensor->elementCount();
    t.m_bytes = tensor->raw.size();
    // The executor never writes to a constant; the const_cast only lets both kinds share a type.
    t.m_data = const_cast<std::byte*>(reinterpret_cast<const std::byte*>(tensor->raw.data()));
    t.m_owner = std::move(tensor);
    return t;
}

HostTensor HostTensor::fromFloats(std::vector<int64_t> dims, std::span<const float> values) {
    HostTensor t(DataType::Float, std::move(dims));
    if (static_cast<int64_t>(values.size()) != t.m_elements)
        throw std::invalid_argument("HostTensor::fromFloats: value count does not match dims");
    std::memcpy(t.m_data, values.data(), t.m_bytes);
    return t;
}

HostTensor HostTensor::fromInt64s(std::vector<int64_t> dims, std::span<const int64_t> values) {
    HostTensor t(DataType::Int64, std::move(dims));
    if (static_cast<int64_t>(values.size()) != t.m_elements)
        throw std::invalid_argument("HostTensor::fromInt64s: value count does not match dims");
    std::memcpy(t.m_data, values.data(), t.m_bytes);
    return t;
}

HostTensor HostTensor::reshaped(std::vector<int64_t> dims) const {
    HostTensor t = *this;
    if (checkedProduct(dims).value_or(-1) != m_elements)
        throw std::invalid_argument("HostTensor::reshaped: element count changes");
    t.m_dims = std::move(dims);
    return t;
}

HostTensor HostTensor::clone() const {
    HostTensor t(m_dtype, m_dims);
    if (m_bytes)
        std::memcpy(t.m_data, m_data, m_bytes);
    return t;
}

std::vector<float> HostTensor::toFloats() const {
    Tensor t = toTensor();
    return t.toFloats().value_or(std::vector<float>{});
}

std::vector<int64_t> HostTensor::toInt64s() const {
    Tensor t = toTensor();
    return t.toInt64s().value_or(std::vector<int64_t>{});
}

Tensor HostTensor::toTensor() const {
    Tensor t;
    t.dtype = m_dtype;
    t.dims = m_dims;
    t.raw.assign(reinterpret_cast<const char*>(m_data), m_bytes);
    return t;
}

std::string HostTensor::describe() const {
    return std::string(nameOf(m_dtype)) + " " + TensorShape::of(m_dims).toString();
}

} // namespace autosplit
