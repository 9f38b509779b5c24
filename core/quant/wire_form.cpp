#include "core/quant/wire_form.h"

namespace autosplit {

WireForm inputWireForm(int rawInputBits) {
    if (rawInputBits >= 2 && rawInputBits <= 8)
        return WireForm::Codes;
    return floatWireForm(rawInputBits);
}

WireForm floatWireForm(int floatBits) {
    if (floatBits == 16)
        return WireForm::Half;
    if (floatBits == 32)
        return WireForm::Float;
    return WireForm::Invalid;
}

bool wireFormLoses(WireForm form) {
    return form == WireForm::Codes || form == WireForm::Half;
}

std::string wireFormText(WireForm form, int bits) {
    switch (form) {
    case WireForm::Codes:
        return std::to_string(bits) + "-bit codes";
    case WireForm::Half:
        return "float16";
    case WireForm::Float:
        return "float32";
    case WireForm::Invalid:
        break;
    }
    return std::to_string(bits) + " bits";
}

} // namespace autosplit
