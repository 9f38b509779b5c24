#pragma once

// The float model's outputs on each sample of a set, which every candidate's judgement compares
// with: computed once, kept in memory within a budget, and written to a folder of the cache on
// disk, so that what does not fit stays at hand and a later session on the same model and
// samples (the folder's name says which) starts without running the float model at all.
// What is neither in memory nor on disk is computed again when it is needed; a missing, damaged
// or foreign file on disk is only a miss.

#include "core/runtime/host_tensor.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace autosplit {

struct ReferenceStoreOptions {
    std::filesystem::path directory;                // empty: memory only
    int64_t memoryBudgetBytes = int64_t(512) << 20; // outputs kept in memory
    int64_t diskBudgetBytes = int64_t(4) << 30;     // outputs written to the folder
};

struct ReferenceStoreStats {
    int64_t memoryBytes = 0;
    int64_t diskBytes = 0; // written by this store
    int64_t diskLoads = 0; // samples read back from the folder
    int64_t dropped = 0;   // samples kept nowhere (computed again when needed)
};

class ReferenceStore {
public:
    // `outputs`: the graph outputs' names, in order; each sample's file holds exactly those.
    ReferenceStore(std::vector<std::string> outputs, ReferenceStoreOptions options);

    // Sample s's outputs from memory, else from the folder; nothing when neither has them whole.
    // Thread-safe.
    std::optional<std::map<std::string, HostTensor>> find(size_t sample);
    // Keeps sample s's outputs: in the folder (within its budget), and in memory while within
    // budget. Thread-safe.
    void keep(size_t sample, const std::map<std::string, HostTensor>& outputs);

    ReferenceStoreStats stats() const;

private:
    std::filesystem::path fileOf(size_t sample, size_t output) const;
    bool onDisk(size_t sample) const;

    std::vector<std::string> m_outputs;
    ReferenceStoreOptions m_options;
    mutable std::mutex m_mutex;
    std::map<size_t, std::map<std::string, HostTensor>> m_memory;
    std::vector<bool> m_written; // by sample: its files are complete on disk
    ReferenceStoreStats m_stats;
};

} // namespace autosplit
