#pragma once

// A crossing tensor added to a bundle manifest by hand, for tests and fuzz seeds that check the
// wire decoder against a manifest without exporting a model.

#include "core/bundle/bundle_manifest.pb.h"

#include <cstdint>
#include <string>
#include <vector>

namespace autosplit::testing {

inline void addCrossing(bundle::Manifest& m, const std::string& wireName, const std::string& type,
                        const std::vector<int64_t>& shape, int bits, bool quantized, double scale,
                        int zeroPoint, const std::string& packing) {
    auto* c = m.add_crossing();
    c->set_name(wireName + ".source");
    c->set_wire_name(wireName);
    c->set_data_type(type);
    for (int64_t d : shape)
        c->add_shape(d);
    c->set_bits(bits);
    c->set_quantized(quantized);
    c->set_scale(scale);
    c->set_zero_point(zeroPoint);
    c->set_packing(packing);
}

} // namespace autosplit::testing
