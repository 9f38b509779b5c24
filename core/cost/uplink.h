#pragma once

// The network between edge and cloud as the solver sees it: an uplink rate and the fixed cost of
// one message (round-trip time, protocol overhead). DESIGN.md, "The problem": L_tx is the bytes
// of every crossing tensor over the uplink plus per-message overhead.

#include <cstdint>

namespace autosplit {

struct Uplink {
    double bitsPerSecond = 3.0 * 1048576.0; // the paper's 3 Mbps, in binary megabits
    double roundTripSeconds = 0.0;          // paid once per inference that sends anything
    int64_t overheadBytesPerMessage = 0;    // framing/protocol bytes added to each message

    // Seconds to send one message of `bytes` payload; 0 when nothing is sent (Edge-Only with its
    // outputs consumed on the edge).
    double seconds(int64_t bytes) const {
        if (bytes <= 0)
            return 0.0;
        return roundTripSeconds +
               static_cast<double>(bytes + overheadBytesPerMessage) * 8.0 / bitsPerSecond;
    }
};

} // namespace autosplit
