#pragma once

// Measured accuracy drops by assignment (the edge layers and their bit-widths), so a candidate
// that comes back in another solve — a sweep's next grid point, the explorer's next slider
// position — is measured once. Safe to use from several threads at once.

#include "core/solve/candidate.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace autosplit {

class DropCache {
public:
    // The key of a candidate's assignment: split, float edge, every edge layer's widths, and the
    // raw-input and float widths when they are not the defaults (8, 16): ";r4f32".
    static constexpr int kDefaultRawInputBits = 8;
    static constexpr int kDefaultFloatBits = 16;
    static std::string keyOf(const Candidate& candidate);

    std::optional<double> find(const Candidate& candidate) const;
    void insert(const Candidate& candidate, double dropPercent);
    size_t size() const;
    // Every entry by key, and one entry by key: for keeping the cache on disk.
    std::map<std::string, double> entries() const;
    void insertKey(const std::string& key, double dropPercent);

private:
    mutable std::mutex m_mutex;
    std::map<std::string, double> m_drops;
};

} // namespace autosplit
