#pragma once

// Data a kernel derives from a graph constant (conv weights packed for the GEMM micro-kernel),
// computed on the first run and kept as long as the constant exists, so later runs skip the work,
// as ONNX Runtime's pre-packing does at session creation. Only graph constants qualify: they
// are immutable and shared by the graph; a constant override (fake-quantized weights) is a
// different tensor and is never cached. Thread-safe; bounded in total size.

#include "../../graph/tensor.h"

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

namespace autosplit {

class ConstantCache {
public:
    static ConstantCache& instance();

    // The value stored for (constant, kind), or null.
    std::shared_ptr<const void> find(const std::shared_ptr<const Tensor>& constant, const std::string& kind);
    // Stores a value of about `bytes` bytes; entries of constants that no longer exist go first,
    // and everything goes when the total would pass the bound.
    void insert(const std::shared_ptr<const Tensor>& constant, const std::string& kind,
                std::shared_ptr<const void> value, size_t bytes);
    size_t bytes() const;

    static constexpr size_t kMaxBytes = size_t(1) << 30;

private:
    struct Entry {
        std::weak_ptr<const Tensor> constant;
        std::shared_ptr<const void> value;
        size_t bytes = 0;
    };
    mutable std::mutex m_mutex;
    std::map<std::pair<const Tensor*, std::string>, Entry> m_entries;
    size_t m_bytes = 0;
};

} // namespace autosplit
