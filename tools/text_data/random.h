#pragma once

// The generator's only source of randomness: xoshiro256** seeded through splitmix64, with the
// mapping from random bits to ranges written out here. std::uniform_*_distribution is avoided on
// purpose: each standard library maps bits to a range its own way, and the rendered data must not
// change with the library the tool is built against.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace autosplit::textdata {

class Random {
public:
    explicit Random(uint64_t seed) {
        for (uint64_t& word : m_state)
            word = splitmix64(seed);
    }

    // The stream of one image: image i is the same whatever --count is, so a shorter run renders
    // a prefix of a longer one. `kind` keeps the lines and the scenes of one seed unrelated.
    static Random forItem(uint64_t seed, uint64_t kind, uint64_t index) {
        uint64_t s = seed;
        s = mix(s + (kind + 1) * 0x9e3779b97f4a7c15ull);
        s = mix(s + (index + 1) * 0xd1b54a32d192ed03ull);
        return Random(s);
    }

    uint64_t next() {
        const uint64_t result = rotl(m_state[1] * 5, 7) * 9;
        const uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    // Uniform in [lo, hi] (both included), by rejection so that no value is favoured.
    int between(int lo, int hi) {
        const uint64_t span = static_cast<uint64_t>(static_cast<int64_t>(hi) - lo) + 1;
        const uint64_t limit = span * (UINT64_MAX / span);
        uint64_t x = next();
        while (x >= limit)
            x = next();
        return static_cast<int>(lo + static_cast<int64_t>(x % span));
    }

    // Uniform in [0, 1) from the top 53 bits.
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    double real(double lo, double hi) { return lo + (hi - lo) * unit(); }
    bool chance(double p) { return unit() < p; }

    // About standard normal: the Irwin-Hall sum of 12 uniforms, which needs no libm call whose
    // last bit could differ between C libraries.
    double normal() {
        double sum = 0.0;
        for (int i = 0; i < 12; ++i)
            sum += unit();
        return sum - 6.0;
    }

    template <class T> const T& pick(std::span<const T> items) {
        return items[static_cast<size_t>(between(0, static_cast<int>(items.size()) - 1))];
    }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static uint64_t mix(uint64_t z) {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    static uint64_t splitmix64(uint64_t& state) {
        state += 0x9e3779b97f4a7c15ull;
        return mix(state);
    }

    std::array<uint64_t, 4> m_state{};
};

} // namespace autosplit::textdata
