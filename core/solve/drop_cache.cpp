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

void DropCache::insert(const Candidate& candidate, double dropPercent) {
    const std::string key = keyOf(candidate);
    std::lock_guard lock(m_mutex);
    m_drops[key] = dropPercent;
}

std::map<std::string, double> DropCache::entries() const {
    std::lock_guard lock(m_mutex);
    return m_drops;
}

void DropCache::insertKey(const std::string& key, double dropPercent) {
    std::lock_guard lock(m_mutex);
    m_drops[key] = dropPercent;
}

size_t DropCache::size() const {
    std::lock_guard lock(m_mutex);
    return m_drops.size();
}

} // namespace autosplit
