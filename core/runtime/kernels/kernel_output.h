#pragma once

// Output tensors and scratch sizes of the compute kernels. Attributes (output_shape, sizes,
// pads) can ask for absurd sizes; such a node gets an error that names it, not an allocation
// failure or an overflowed size.

#include "core/runtime/kernel.h"

#include "core/graph/tensor_shape.h"
#include "core/util/machine_memory.h"

#include <algorithm>
#include <cstdint>
#include <new>
#include <string>
#include <vector>

namespace autosplit {

// 2^32 elements: 16 GiB of float32, far beyond any model this tool handles.
inline constexpr int64_t kMaxKernelElements = int64_t(1) << 32;
// Outputs from 64 MiB are checked against the memory available before they are allocated.
inline constexpr int64_t kMemoryCheckedOutputBytes = int64_t(64) << 20;

// An uninitialized output tensor (the kernel writes every element).
inline Result<HostTensor> newOutput(const KernelContext& ctx, DataType dtype,
                                    std::vector<int64_t> dims) {
    const std::string shape = TensorShape::of(dims).toString();
    for (int64_t d : dims)
        if (d < 0)
            return ctx.fail("the output shape " + shape + " has a negative dim");
    const auto count = checkedProduct(dims);
    if (!count || *count > kMaxKernelElements)
        return ctx.fail("the output shape " + shape + " is too large");
    // the allocation is lazy: without this check it succeeds and the writes are killed later;
    // small outputs skip it (it reads /proc/meminfo)
    const int64_t bytes = *count * std::max(1, bitsOf(dtype) / 8);
    if (bytes >= kMemoryCheckedOutputBytes)
        if (auto s = checkAvailableMemory(bytes, "the output " + shape); !s)
            return ctx.fail(s.error().message);
    try {
        return HostTensor::uninitialized(dtype, std::move(dims));
    } catch (const std::bad_alloc&) {
        return ctx.fail("cannot allocate the output " + shape);
    }
}

// Fails when an intermediate buffer of `elements` would be absurdly large (or overflowed).
inline Status checkScratch(const KernelContext& ctx, int64_t elements, const std::string& what) {
    if (elements < 0 || elements > kMaxKernelElements)
        return ctx.fail(what + " would need " + std::to_string(elements) + " elements");
    return Status::success();
}

} // namespace autosplit
