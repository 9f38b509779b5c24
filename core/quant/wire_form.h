#pragma once

// The form a crossing tensor travels in, from the bits per element the cost model charges for it
// (DESIGN.md, "Deployment bundle": the bundle sends what the model charges). A float graph input
// read on the cloud is charged the raw-input bits, a float tensor an edge layer leaves unquantized
// the float bits; both the bundle (core/bundle/split_plan.h) and the accuracy evaluation
// (evaluation.h) take the form from here, so that the drop a bundle shows is the drop evaluated.

#include <string>

namespace autosplit {

enum class WireForm {
    Codes,  // b-bit uint8 codes of a per-tensor affine quantizer (2..8 bits)
    Half,   // float16, rounded to nearest even (16 bits)
    Float,  // float32 as computed (32 bits)
    Invalid // no deployable form: the export refuses it, the evaluation leaves the tensor as is
};

// A float graph input crossing at `rawInputBits` per element.
WireForm inputWireForm(int rawInputBits);
// An unquantized float tensor produced on the edge crossing at `floatBits` per element.
WireForm floatWireForm(int floatBits);

// Whether the form changes the values (codes and float16 do; float32 and invalid ones do not).
bool wireFormLoses(WireForm form);

// "8-bit codes", "float16", "float32": for messages.
std::string wireFormText(WireForm form, int bits);

} // namespace autosplit
