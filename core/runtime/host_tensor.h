#pragma once

#include "core/graph/data_type.h"
#include "core/graph/tensor.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace autosplit {

// A tensor the executor computes with: dtype, dims and a 64-byte aligned buffer. Copies share
// the buffer (reshape and identity cost nothing); write through mutableData() only on a tensor
// you just allocated. Constants alias their graph Tensor's bytes without a copy.
class HostTensor {
public:
    HostTensor() = default;
    // Allocates dims' element count of dtype, zero-filled.
    HostTensor(DataType dtype, std::vector<int64_t> dims);
    // The same without the zero fill, for kernels that write every element.
    static HostTensor uninitialized(DataType dtype, std::vector<int64_t> dims);
    static HostTensor fromConstant(std::shared_ptr<const Tensor> tensor);
    static HostTensor fromFloats(std::vector<int64_t> dims, std::span<const float> values);
    static HostTensor fromInt64s(std::vector<int64_t> dims, std::span<const int64_t> values);

    bool isValid() const { return m_dtype != DataType::Undefined; }
    DataType dtype() const { return m_dtype; }
    const std::vector<int64_t>& dims() const { return m_dims; }
    int64_t rank() const { return static_cast<int64_t>(m_dims.size()); }
    int64_t dim(int64_t axis) const { return m_dims.at(static_cast<size_t>(axis)); }
    int64_t elementCount() const { return m_elements; }
    size_t byteSize() const { return m_bytes; }

    const std::byte* bytes() const { return m_data; }
    std::byte* mutableBytes() { return m_data; }
    template <typename T> const T* data() const { return reinterpret_cast<const T*>(m_data); }
    template <typename T> T* mutableData() { return reinterpret_cast<T*>(m_data); }
    template <typename T> std::span<const T> span() const {
        return {data<T>(), static_cast<size_t>(m_elements)};
    }
    template <typename T> std::span<T> mutableSpan() {
        return {mutableData<T>(), static_cast<size_t>(m_elements)};
    }

    // Same buffer, new dims (element count must match).
    HostTensor reshaped(std::vector<int64_t> dims) const;
    // A deep copy (own buffer).
    HostTensor clone() const;
    // Values converted to float / int64 (any numeric dtype), for tests and shape-like inputs.
    std::vector<float> toFloats() const;
    std::vector<int64_t> toInt64s() const;
    // As a graph constant (for writing .pb files and for export).
    Tensor toTensor() const;

    std::string describe() const; // "float32 1x3x224x224"

private:
    HostTensor(DataType dtype, std::vector<int64_t> dims, bool zeroFill);

    DataType m_dtype = DataType::Undefined;
    std::vector<int64_t> m_dims;
    int64_t m_elements = 0;
    size_t m_bytes = 0;
    std::shared_ptr<const void> m_owner;
    std::byte* m_data = nullptr;
};

} // namespace autosplit
