#pragma once

#include <cstdint>
#include <string_view>

namespace autosplit {

// Element types, numbered as onnx::TensorProto::DataType so conversion is a cast.
enum class DataType : int32_t {
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
    UInt32 = 12,
    UInt64 = 13,
    Complex64 = 14,
    Complex128 = 15,
    BFloat16 = 16,
};

// Storage bits of one element; 0 for types without a fixed size (string, undefined).
int bitsOf(DataType type);
std::string_view nameOf(DataType type);
bool isFloatingPoint(DataType type);

} // namespace autosplit
