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

    // A drop and, when it rests on part of the samples, how much it says of the whole set.
    struct Known {
        double drop = 0.0;
        std::optional<Candidate::DropEvidence> evidence;
    };

    // The drop on every sample.
    std::optional<double> find(const Candidate& candidate) const;
    // That, or what part of the samples showed.
    std::optional<Known> findAny(const Candidate& candidate) const;
    // A drop on part of the samples (evidence set) never replaces one on every sample.
    void insert(const Candidate& candidate, double dropPercent,
                std::optional<Candidate::DropEvidence> evidence = {});
    size_t size() const;
    // Every drop on every sample by key, and one entry by key: for keeping the cache on disk.
    std::map<std::string, double> entries() const;
    void insertKey(const std::string& key, double dropPercent);

private:
    mutable std::mutex m_mutex;
    std::map<std::string, double> m_drops;
    std::map<std::string, Known> m_partial; // keys not in m_drops
};

} // namespace autosplit
