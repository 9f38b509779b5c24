#pragma once

#include "core/graph/tensor.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace autosplit {

// A node attribute. Kinds the passes and analysis read are typed; anything else (sub-graphs,
// type protos) is kept as the serialized onnx::AttributeProto so export can write it back
// unchanged.
struct Attribute {
    enum class Kind { Float, Int, String, Tensor, Floats, Ints, Strings, Opaque };

    Kind kind = Kind::Int;
    float f = 0.f;
    int64_t i = 0;
    std::string s;
    std::vector<float> floats;
    std::vector<int64_t> ints;
    std::vector<std::string> strings;
    std::shared_ptr<const Tensor> tensor;
    std::string opaque;

    static Attribute ofInt(int64_t v) {
        Attribute a;
        a.kind = Kind::Int;
        a.i = v;
        return a;
    }
    static Attribute ofFloat(float v) {
        Attribute a;
        a.kind = Kind::Float;
        a.f = v;
        return a;
    }
    static Attribute ofInts(std::vector<int64_t> v) {
        Attribute a;
        a.kind = Kind::Ints;
        a.ints = std::move(v);
        return a;
    }
    static Attribute ofString(std::string v) {
        Attribute a;
        a.kind = Kind::String;
        a.s = std::move(v);
        return a;
    }
};

} // namespace autosplit
