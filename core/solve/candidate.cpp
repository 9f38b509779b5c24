#include "core/solve/candidate.h"

#include <algorithm>

namespace autosplit {

std::string_view methodName(Method method) {
    switch (method) {
    case Method::CloudOnly:
        return "cloud-only";
    case Method::EdgeOnlyU8:
        return "edge-only-u8";
    case Method::AutoSplit:
        return "auto-split";
    case Method::AutoSplitUniform:
        return "auto-split-uniform";
    case Method::U8:
        return "u8";
    case Method::Neurosurgeon:
        return "neurosurgeon";
    case Method::Qdmp:
        return "qdmp";
    case Method::QdmpE:
        return "qdmp-e";
    case Method::QdmpEU4:
        return "qdmp-e-u4";
    case Method::LiFastest:
        return "li-fastest";
    case Method::LiPrivate:
        return "li-private";
    case Method::Assignment:
        return "assignment";
    }
    return "unknown";
}

bool Candidate::onEdge(int layer) const {
    if (isPrefix())
        return layer >= 1 && layer <= split;
    return std::binary_search(edgeLayers.begin(), edgeLayers.end(), layer);
}

} // namespace autosplit
