#include "core/runtime/host_tensor.h"

#include "core/graph/tensor_shape.h"

#include <cstring>
#include <iterator>
#include <map>
#include <mutex>
#include <new>
#include <stdexcept>

namespace autosplit {

namespace {

// Freed buffers of 64 KB and more are kept for reuse, by size. A model run again and again (the
// executor allocates every activation afresh) then takes its buffers from here instead of having
// the allocator map, and the kernel fault in and zero, new pages each time. Bounded in total.
class BufferPool {
public:
    static constexpr size_t kMinBytes = size_t(64) << 10;
    static constexpr size_t kMaxPooledBytes = size_t(512) << 20;

    static BufferPool& instance() {
        static BufferPool* pool = new BufferPool; // never destroyed: tensors may outlive statics
        return *pool;
    }

    // A buffer of at least `bytes` (its real size in `bytes` on return): the most recently freed
    // one of the smallest size up to twice the request, which is likely still in cache.
    std::byte* take(size_t& bytes) {
        if (bytes >= kMinBytes) {
            std::lock_guard lock(m_mutex);
            auto it = m_free.lower_bound(bytes);
            if (it != m_free.end() && it->first <= 2 * bytes) {
                it = std::prev(m_free.upper_bound(it->first));
                std::byte* p = it->second;
                bytes = it->first;
                m_free.erase(it);
                m_pooledBytes -= bytes;
                return p;
            }
        }
        return static_cast<std::byte*>(::operator new[](bytes, std::align_val_t(64)));
    }

    void give(std::byte* p, size_t bytes) {
        if (bytes >= kMinBytes) {
            std::lock_guard lock(m_mutex);
            if (m_pooledBytes + bytes <= kMaxPooledBytes) {
                m_free.emplace(bytes, p);
                m_pooledBytes += bytes;
                return;
            }
        }
        ::operator delete[](p, std::align_val_t(64));
    }

private:
    std::mutex m_mutex;
    std::multimap<size_t, std::byte*> m_free;
    size_t m_pooledBytes = 0;
};

} // namespace

HostTensor::HostTensor(DataType dtype, std::vector<int64_t> dims)
    : HostTensor(dtype, std::move(dims), true) {}

HostTensor HostTensor::uninitialized(DataType dtype, std::vector<int64_t> dims) {
    return HostTensor(dtype, std::move(dims), false);
}

HostTensor::HostTensor(DataType dtype, std::vector<int64_t> dims, bool zeroFill)
    : m_dtype(dtype), m_dims(std::move(dims)) {
    m_elements = checkedProduct(m_dims).value_or(0);
    m_bytes = static_cast<size_t>(m_elements) * static_cast<size_t>(bitsOf(dtype) / 8);
    // at least one cache line so data() is never null, even for empty tensors; large buffers
    // round up to whole pages so buffers of nearly the same size are shared by the pool
    size_t allocation = std::max<size_t>(m_bytes, 64);
    if (allocation >= BufferPool::kMinBytes)
        allocation = (allocation + 4095) / 4096 * 4096;
    std::byte* p = BufferPool::instance().take(allocation);
    if (zeroFill)
        std::memset(p, 0, std::max<size_t>(m_bytes, 64));
    m_owner = std::shared_ptr<std::byte>(
        p, [allocation](std::byte* q) { BufferPool::instance().give(q, allocation); });
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
    HostTensor t(DataType::Float, std::move(dims), false);
    if (static_cast<int64_t>(values.size()) != t.m_elements)
        throw std::invalid_argument("HostTensor::fromFloats: value count does not match dims");
    std::memcpy(t.m_data, values.data(), t.m_bytes);
    return t;
}

HostTensor HostTensor::fromInt64s(std::vector<int64_t> dims, std::span<const int64_t> values) {
    HostTensor t(DataType::Int64, std::move(dims), false);
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
    HostTensor t(m_dtype, m_dims, false);
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
