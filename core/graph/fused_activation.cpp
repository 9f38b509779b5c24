#include "core/graph/fused_activation.h"

#include <algorithm>
#include <cmath>

namespace autosplit {

std::string FusedActivation::name() const {
    switch (kind) {
    case Kind::None:
        return "";
    case Kind::Relu:
        return "Relu";
    case Kind::Clip:
        return "Clip";
    case Kind::LeakyRelu:
        return "LeakyRelu";
    case Kind::Sigmoid:
        return "Sigmoid";
    case Kind::HardSigmoid:
        return "HardSigmoid";
    case Kind::HardSwish:
        return "HardSwish";
    case Kind::Swish:
        return "Swish";
    }
    return "";
}

std::string FusedActivation::displayName() const {
    return name() + (hasOutputAffine() ? "+Affine" : "") + (hasChannelScale() ? "+Scale" : "");
}

float FusedActivation::apply(float x) const {
    const float y = applyActivation(x);
    return hasOutputAffine() ? y * outScale + outShift : y;
}

float FusedActivation::applyActivation(float x) const {
    switch (kind) {
    case Kind::None:
        return x;
    case Kind::Relu:
        return std::max(x, 0.f);
    case Kind::Clip:
        return std::clamp(x, alpha, beta);
    case Kind::LeakyRelu:
        return x >= 0.f ? x : alpha * x;
    case Kind::Sigmoid:
        return 1.f / (1.f + std::exp(-x));
    case Kind::HardSigmoid:
        return std::clamp(alpha * x + beta, 0.f, 1.f);
    case Kind::HardSwish:
        // ONNX's definition (x * max(0, min(1, alpha * x + beta)), alpha = 1/6 as a float), as
        // the export below opset 14 spells it (HardSigmoid(alpha = 1/6) * x); x / 6 rounds
        // differently now and then, and a quantized layer can turn that into another code
        return x * std::clamp(x * (1.f / 6.f) + 0.5f, 0.f, 1.f);
    case Kind::Swish:
        return x / (1.f + std::exp(-x));
    }
    return x;
}

} // namespace autosplit
