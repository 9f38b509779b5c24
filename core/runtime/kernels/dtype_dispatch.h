#pragma once

// Calls a generic lambda with the C++ element type of a runtime DataType, so one template body
// serves every dtype a kernel supports. Each visit function covers a named set of dtypes and
// returns false (without calling) for any other; kernels' `supports` use the matching
// `is...` predicate so the two never disagree.

#include "core/graph/data_type.h"

#include <cstdint>
#include <type_traits>

namespace autosplit::kernels {

template <typename T> struct TypeTag { using type = T; };

// Bool is stored as one byte holding 0 or 1.
using BoolByte = uint8_t;

inline bool isFloatType(DataType t) {
    return t == DataType::Float || t == DataType::Double;
}

inline bool isIntegerType(DataType t) {
    switch (t) {
    case DataType::Int8:
    case DataType::Int16:
    case DataType::Int32:
    case DataType::Int64:
    case DataType::UInt8:
    case DataType::UInt16:
    case DataType::UInt32:
    case DataType::UInt64:
        return true;
    default:
        return false;
    }
}

inline bool isSignedType(DataType t) {
    return isFloatType(t) || t == DataType::Int8 || t == DataType::Int16 || t == DataType::Int32 ||
           t == DataType::Int64;
}

// Float, double and the eight integer types: what arithmetic kernels compute on.
inline bool isNumericType(DataType t) {
    return isFloatType(t) || isIntegerType(t);
}

// Fixed-size element types that data-movement kernels copy byte-wise (everything but string and
// undefined).
inline bool isCopyableType(DataType t) {
    const int bits = bitsOf(t);
    return t != DataType::String &&
           (bits == 8 || bits == 16 || bits == 32 || bits == 64 || bits == 128);
}

template <typename F> bool visitFloat(DataType t, F&& f) {
    switch (t) {
    case DataType::Float:
        f(TypeTag<float>{});
        return true;
    case DataType::Double:
        f(TypeTag<double>{});
        return true;
    default:
        return false;
    }
}

template <typename F> bool visitInteger(DataType t, F&& f) {
    switch (t) {
    case DataType::Int8:
        f(TypeTag<int8_t>{});
        return true;
    case DataType::Int16:
        f(TypeTag<int16_t>{});
        return true;
    case DataType::Int32:
        f(TypeTag<int32_t>{});
        return true;
    case DataType::Int64:
        f(TypeTag<int64_t>{});
        return true;
    case DataType::UInt8:
        f(TypeTag<uint8_t>{});
        return true;
    case DataType::UInt16:
        f(TypeTag<uint16_t>{});
        return true;
    case DataType::UInt32:
        f(TypeTag<uint32_t>{});
        return true;
    case DataType::UInt64:
        f(TypeTag<uint64_t>{});
        return true;
    default:
        return false;
    }
}

template <typename F> bool visitNumeric(DataType t, F&& f) {
    return visitFloat(t, f) || visitInteger(t, f);
}

// Signed numeric types (float, double, int8..int64): what Neg and friends accept.
template <typename F> bool visitSigned(DataType t, F&& f) {
    switch (t) {
    case DataType::Float:
        f(TypeTag<float>{});
        return true;
    case DataType::Double:
        f(TypeTag<double>{});
        return true;
    case DataType::Int8:
        f(TypeTag<int8_t>{});
        return true;
    case DataType::Int16:
        f(TypeTag<int16_t>{});
        return true;
    case DataType::Int32:
        f(TypeTag<int32_t>{});
        return true;
    case DataType::Int64:
        f(TypeTag<int64_t>{});
        return true;
    default:
        return false;
    }
}

// Numeric types and bool (as BoolByte).
template <typename F> bool visitNumericOrBool(DataType t, F&& f) {
    if (t == DataType::Bool) {
        f(TypeTag<BoolByte>{});
        return true;
    }
    return visitNumeric(t, f);
}

// A 16-byte element (complex128) moved as a unit.
struct Bytes16 {
    uint64_t lo, hi;
};

// Element-size types for kernels that only move data.
template <typename F> bool visitBySize(DataType t, F&& f) {
    if (!isCopyableType(t))
        return false;
    switch (bitsOf(t)) {
    case 8:
        f(TypeTag<uint8_t>{});
        return true;
    case 16:
        f(TypeTag<uint16_t>{});
        return true;
    case 32:
        f(TypeTag<uint32_t>{});
        return true;
    case 64:
        f(TypeTag<uint64_t>{});
        return true;
    case 128:
        f(TypeTag<Bytes16>{});
        return true;
    default:
        return false;
    }
}

} // namespace autosplit::kernels
