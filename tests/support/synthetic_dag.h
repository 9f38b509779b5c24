#pragma once

// A CNN-shaped ONNX model of about `layers` layers after optimization (Conv and its ReLU fuse
// into one layer), for solver tests and benchmarks at sizes no real model has: a strided stem,
// four stages of falling resolution (32, 16, 8, 4 px, 8-16 channels), built from residual blocks,
// two-branch blocks joined by Concat and long skips that Add a tensor from many layers back, then
// global pooling and a classifier. Deterministic for a seed.

#include <onnx/onnx_pb.h>

#include <cstdint>

namespace autosplit::testing {

onnx::ModelProto buildSyntheticDag(int layers, uint32_t seed = 1);

} // namespace autosplit::testing
