#pragma once

#include <string>
#include <vector>

namespace autosplit {

// An activation folded into the layer that produces its input (Auto-Split §4.1 "activation
// fusion"). The layer then stands for both ops: one output tensor, one quantization point.
struct FusedActivation {
    enum class Kind { None, Relu, Clip, LeakyRelu, Sigmoid, HardSigmoid, HardSwish, Swish };

    Kind kind = Kind::None;
    float alpha = 0.f; // Clip: min; LeakyRelu: slope; HardSigmoid: alpha
    float beta = 0.f;  // Clip: max; HardSigmoid: beta
    // y = act(x) * outScale + outShift: a constant scalar Mul/Add after the activation
    // (PP-LCNetV3's learnable affine blocks) folded into the layer, so one tensor leaves it. A
    // per-tensor affine map keeps a per-tensor quantization grid uniform, and an integer kernel
    // does it for free in its requantization; only with an activation (without one, the map folds
    // into the weights).
    float outScale = 1.f;
    float outShift = 0.f;
    // y_c *= channelScale[c] last, along axis 1 (the layer's output channels); empty = none. Set by
    // channel equalization (core/quant/channel_equalization.h), which moves a per-channel scale
    // from this layer's output into the weights of the layers reading it.
    std::vector<float> channelScale;

    bool isNone() const { return kind == Kind::None; }
    bool hasOutputAffine() const { return outScale != 1.f || outShift != 0.f; }
    bool hasChannelScale() const { return !channelScale.empty(); }
    // The ONNX op it replaces ("Relu", "Clip", ...; "Swish" for x*sigmoid(x)).
    std::string name() const;
    // What a person reads: name(), with "+Affine" when an output affine map follows and "+Scale"
    // when a channel scale does.
    std::string displayName() const;
    // Applies the activation (and the output affine map) to one value; not the channel scale.
    float apply(float x) const;

private:
    float applyActivation(float x) const;
};

} // namespace autosplit
