// Element-wise binary arithmetic on float and double rows. Part of isa_kernels.inc.

template <BinaryOp Op, typename T> inline T binaryValue(T a, T b) {
    if constexpr (Op == BinaryOp::Add)
        return a + b;
    else if constexpr (Op == BinaryOp::Sub)
        return a - b;
    else if constexpr (Op == BinaryOp::Mul)
        return a * b;
    else if constexpr (Op == BinaryOp::Div)
        return a / b;
    else if constexpr (Op == BinaryOp::Max)
        // NaN in either operand gives NaN (as numpy's maximum and ONNX's reference)
        return a != a || b != b ? a + b : (a < b ? b : a);
    else
        return a != a || b != b ? a + b : (b < a ? b : a);
}

template <BinaryOp Op, typename T>
void binaryLoop(const T* __restrict a, int64_t stepA, const T* __restrict b, int64_t stepB,
                T* __restrict out, int64_t n) {
    if (stepA && stepB) {
        for (int64_t i = 0; i < n; ++i)
            out[i] = binaryValue<Op>(a[i], b[i]);
    } else if (stepA) {
        const T s = b[0];
        for (int64_t i = 0; i < n; ++i)
            out[i] = binaryValue<Op>(a[i], s);
    } else if (stepB) {
        const T s = a[0];
        for (int64_t i = 0; i < n; ++i)
            out[i] = binaryValue<Op>(s, b[i]);
    } else {
        const T v = binaryValue<Op>(a[0], b[0]);
        for (int64_t i = 0; i < n; ++i)
            out[i] = v;
    }
}

template <typename T>
void binary(BinaryOp op, const T* a, int64_t stepA, const T* b, int64_t stepB, T* out, int64_t n) {
    switch (op) {
    case BinaryOp::Add:
        return binaryLoop<BinaryOp::Add>(a, stepA, b, stepB, out, n);
    case BinaryOp::Sub:
        return binaryLoop<BinaryOp::Sub>(a, stepA, b, stepB, out, n);
    case BinaryOp::Mul:
        return binaryLoop<BinaryOp::Mul>(a, stepA, b, stepB, out, n);
    case BinaryOp::Div:
        return binaryLoop<BinaryOp::Div>(a, stepA, b, stepB, out, n);
    case BinaryOp::Max:
        return binaryLoop<BinaryOp::Max>(a, stepA, b, stepB, out, n);
    case BinaryOp::Min:
        return binaryLoop<BinaryOp::Min>(a, stepA, b, stepB, out, n);
    }
}
