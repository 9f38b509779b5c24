#pragma once

// The limits every reader of user files enforces before it allocates, so a hostile or broken
// file is one clear error instead of an out-of-memory kill. README "Limits" lists them with
// their reasons; a message that refuses an input names the limit it hit.

#include <cstdint>

namespace autosplit::limits {

// Nodes of a model, sub-graphs included. Large real models have about 10^4 (a ResNet-50 has
// 120 after import, a 7B-parameter decoder exported to ONNX a few 10^4); a chain of 10^6
// nodes takes `autosplit analyze` 29 s and 2.9 GB, and the graph view and solver more, so a
// file far beyond real models is refused at once instead of being worked on for minutes.
inline constexpr int64_t kMaxGraphNodes = 200'000;

// How deep If/Loop/Scan sub-graphs may nest. Real models nest two or three levels; protobuf's
// own recursion limit (100 messages, three per level) stops parsing at about 32, and the ONNX
// checker and shape inference recurse once per level, so 16 keeps every walk well inside both
// and gives a message that names the nesting instead of "does not parse".
inline constexpr int kMaxSubgraphDepth = 16;

// Text inputs: measured-latency and label CSVs, text boxes, dictionaries, device and network
// profiles, manifests, caches. The largest real ones (boxes of a few thousand images, a
// 6,623-character dictionary, the latencies of 10^4 layers) are a few MB; 64 MiB is the
// exploration file's limit too.
inline constexpr int64_t kMaxTextFileBytes = int64_t(64) << 20;

// Rows of one CSV: twice ImageNet's 50,000 validation labels, and ten times the layers of the
// largest real model for measured latencies. Every row becomes a map entry and a string; a
// million-row file is refused before any is kept.
inline constexpr int64_t kMaxCsvRows = 100'000;

// Files in one sample folder, for the same reason: each becomes a sample the evaluation runs.
inline constexpr int64_t kMaxSampleFiles = 100'000;

// One sample file (an image, .npy or TensorProto). A 4096 x 4096 RGB float tensor is 192 MiB.
inline constexpr int64_t kMaxSampleFileBytes = int64_t(256) << 20;

// Caches this program writes (calibration, measured drops): only a damaged or planted file is
// near this; a real one is a few MB.
inline constexpr int64_t kMaxCacheFileBytes = int64_t(1) << 30;

// Share of the machine's physical memory one model's declared initializers, or one tensor,
// may need: the rest is for the activations, the optimized copy and the program itself.
inline constexpr double kModelMemoryShare = 0.5;

} // namespace autosplit::limits
