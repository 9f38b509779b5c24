#include "core/solve/drop_cache.h"

namespace autosplit {

std::string DropCache::keyOf(const Candidate& c) {
    std::string key = std::to_string(c.split) + (c.floatEdge ? "f" : "");
    const auto w = c.bits.weights(), a = c.bits.activations();
    for (size_t i = 0; i < w.size(); ++i)
        key += ',' + std::to_string(w[i]) + '/' + std::to_string(i < a.size() ? a[i] : 0);
    // what crosses unquantized is simulated at these widths: another width, another drop (the
    // cost model's defaults add nothing, so keys of older explorations still name the candidate)
    if (c.rawInputBits != kDefaultRawInputBits || c.floatBits != kDefaultFloatBits)
        key += ";r" + std::to_string(c.rawInputBits) + 'f' + std::to_string(c.floatBits);
    return key;
}

std::optional<double> DropCache::find(const Candidate& candidate) const {
    const std::string key = keyOf(candidate);
    std::lock_guard lock(m_mutex);
    auto it = m_drops.find(key);
    if (it == m_drops.end())
        return std::nullopt;
    return it->second;
}

std::optional<DropCache::Known> DropCache::findAny(const Candidate& candidate) const {
    const std::string key = keyOf(candidate);
    std::lock_guard lock(m_mutex);
    if (auto it = m_drops.find(key); it != m_drops.end())
        return Known{it->second, std::nullopt};
    if (auto it = m_partial.find(key); it != m_partial.end())
        return it->second;
    return std::nullopt;
}

void DropCache::insert(const Candidate& candidate, double dropPercent,
                       std::optional<Candidate::DropEvidence> evidence) {
    const std::string key = keyOf(candidate);
    std::lock_guard lock(m_mutex);
    if (evidence && !evidence->isFinal()) {
        if (!m_drops.count(key))
            m_partial[key] = Known{dropPercent, evidence};
        return;
    }
    m_drops[key] = dropPercent;
    m_partial.erase(key);
}

std::map<std::string, double> DropCache::entries() const {
    std::lock_guard lock(m_mutex);
    return m_drops;
}

void DropCache::insertKey(const std::string& key, double dropPercent) {
    std::lock_guard lock(m_mutex);
    m_drops[key] = dropPercent;
    m_partial.erase(key);
}

size_t DropCache::size() const {
    std::lock_guard lock(m_mutex);
    return m_drops.size();
}

} // namespace autosplit
