// The matrix product at the heart of Conv: C = W * B with W the weights (rows = output channels,
// row-major, as ONNX stores them) and B the input (pointwise) or im2col matrix (rows = input
// channel x kernel tap, columns = output pixels, row-major), written straight into the NCHW
// output with bias and fused activation. Part of isa_kernels.inc.
//
// A register-blocked kernel (kRows output channels x kVectors vectors of output pixels) reads W
// and B where they are: no packing of either operand, so no per-call packing cost and no packed
// copy of the weights to keep. On the conv shapes of ResNet-50 and MobileNetV2 it runs at 1.4x to
// 2x the throughput of Eigen's general product (which packs both operands on every call).

// The register block is sized so the accumulators, the B vectors of one step and a broadcast
// weight fit the register file: 32 vector registers with AVX-512 (8 x 3 accumulators), 16 with
// SSE2 and AVX2. AVX2 takes 6 rows x 2 vectors, not 4 x 3: each B vector then serves 6 output
// channels, a third less B traffic from L2 for the same 12 accumulators (ResNet-50's conv trunk
// about 10 % faster on an AMD EPYC); SSE2 keeps 4 x 3 for strips of 12 rather than 8 pixels.
constexpr int kRows = kVectorBytes == 64 ? 8 : kVectorBytes == 32 ? 6 : 4;
constexpr int kVectors = kVectorBytes == 32 ? 2 : 3;

// The activations a block applies in registers before its store (the piecewise ones); Sigmoid
// and Swish (exp) are applied by the caller on the stored rows.
bool inRegister(const FusedActivation& act) {
    using Kind = FusedActivation::Kind;
    return act.kind != Kind::Sigmoid && act.kind != Kind::Swish;
}

template <typename V, typename T>
inline V activate(V v, const FusedActivation& act, T alpha, T beta) {
    using Kind = FusedActivation::Kind;
    const V zero = V{}, one = zero + T(1);
    switch (act.kind) {
    case Kind::Relu:
        return v < zero ? zero : v;
    case Kind::Clip: {
        const V lo = zero + alpha, hi = zero + beta;
        v = v < lo ? lo : v;
        return hi < v ? hi : v;
    }
    case Kind::LeakyRelu:
        return v >= zero ? v : v * alpha;
    case Kind::HardSigmoid: {
        V s = v * alpha + beta;
        s = s < zero ? zero : s;
        return one < s ? one : s;
    }
    case Kind::HardSwish: {
        V s = v * T(1.0 / 6.0) + T(0.5); // as ONNX defines it (FusedActivation::apply)
        s = s < zero ? zero : s;
        return v * (one < s ? one : s);
    }
    default:
        return v;
    }
}

// One register block: Rows x (Vectors * lanes) of C over the whole depth k, plus bias, plus (when
// given) the addend block (rows `ldo` apart, like `out`) and (when `activation`) the activation,
// stored to `out` (rows `ldo` apart).
template <typename T, int Rows, int Vectors>
inline void block(const T* w, int64_t ldw, const T* b, int64_t ldb, T* out, int64_t ldo, int64_t k,
                  const T* bias, const T* addend, const FusedActivation* activation) {
    using V = Vec<T>;
    constexpr int L = kLanes<T>;
    V acc[Rows][Vectors];
    for (int i = 0; i < Rows; ++i)
        for (int j = 0; j < Vectors; ++j)
            acc[i][j] = V{};
    for (int64_t p = 0; p < k; ++p) {
        V bv[Vectors];
        for (int j = 0; j < Vectors; ++j)
            bv[j] = *reinterpret_cast<const V*>(b + p * ldb + j * L);
        for (int i = 0; i < Rows; ++i) {
            const T s = w[i * ldw + p];
            for (int j = 0; j < Vectors; ++j)
                acc[i][j] += s * bv[j];
        }
    }
    if (bias)
        for (int i = 0; i < Rows; ++i)
            for (int j = 0; j < Vectors; ++j)
                acc[i][j] += bias[i];
    if (addend)
        for (int i = 0; i < Rows; ++i)
            for (int j = 0; j < Vectors; ++j)
                acc[i][j] += *reinterpret_cast<const V*>(addend + i * ldo + j * L);
    if (activation && !activation->isNone()) {
        const T alpha = static_cast<T>(activation->alpha), beta = static_cast<T>(activation->beta);
        for (int i = 0; i < Rows; ++i)
            for (int j = 0; j < Vectors; ++j)
                acc[i][j] = activate(acc[i][j], *activation, alpha, beta);
    }
    if (activation && activation->hasOutputAffine()) {
        const T scale = static_cast<T>(activation->outScale);
        const T shift = static_cast<T>(activation->outShift);
        for (int i = 0; i < Rows; ++i)
            for (int j = 0; j < Vectors; ++j)
                acc[i][j] = acc[i][j] * scale + shift;
    }
    for (int i = 0; i < Rows; ++i)
        for (int j = 0; j < Vectors; ++j)
            *reinterpret_cast<V*>(out + i * ldo + j * L) = acc[i][j];
}

// A column strip of `vectors` vectors (1..kVectors) for `rows` rows (1..kRows): the block of
// that shape, chosen from the instantiations for every shape up to the path's.
template <typename T, int Vectors, int... R>
void stripRows(std::integer_sequence<int, R...>, const T* w, int64_t ldw, const T* b, int64_t ldb,
               T* out, int64_t ldo, int64_t k, int64_t rows, const T* bias, const T* addend,
               const FusedActivation* act) {
    ((rows == R + 1
          ? (block<T, R + 1, Vectors>(w, ldw, b, ldb, out, ldo, k, bias, addend, act), true)
          : false) ||
     ...);
}

template <typename T, int... V>
void strip(std::integer_sequence<int, V...>, const T* w, int64_t ldw, const T* b, int64_t ldb,
           T* out, int64_t ldo, int64_t k, int64_t rows, int vectors, const T* bias,
           const T* addend, const FusedActivation* act) {
    ((vectors == V + 1 ? (stripRows<T, V + 1>(std::make_integer_sequence<int, kRows>{}, w, ldw, b,
                                              ldb, out, ldo, k, rows, bias, addend, act),
                          true)
                       : false) ||
     ...);
}

template <typename T>
void strip(const T* w, int64_t ldw, const T* b, int64_t ldb, T* out, int64_t ldo, int64_t k,
           int64_t rows, int vectors, const T* bias, const T* addend, const FusedActivation* act) {
    strip<T>(std::make_integer_sequence<int, kVectors>{}, w, ldw, b, ldb, out, ldo, k, rows,
             vectors, bias, addend, act);
}

template <typename T> constexpr int64_t convGemmStripWidth() {
    return kVectors * kLanes<T>;
}

template <typename T>
void convGemm(const T* w, int64_t ldw, const T* b, int64_t ldb, T* c, int64_t ldc, int64_t rows,
              int64_t n, int64_t k, const T* bias, const T* addend, const FusedActivation& act) {
    constexpr int64_t L = kLanes<T>, stripWidth = kVectors * L;
    if (rows <= 0 || n <= 0)
        return;
    const int64_t strips = (n + stripWidth - 1) / stripWidth;
    const int64_t lastWidth = n - (strips - 1) * stripWidth;
    const int lastVectors = static_cast<int>((lastWidth + L - 1) / L);
    // A last strip narrower than whole vectors is copied, zero-padded, to a buffer (so no load
    // reads past B's columns) and computed into `partial`, of which the valid columns are kept.
    const bool lastWhole = lastWidth == lastVectors * L;
    T* padded = nullptr;
    if (!lastWhole) {
        const int64_t j0 = (strips - 1) * stripWidth, ld = lastVectors * L;
        padded = threadScratch<T, 5>(static_cast<size_t>(k * ld));
        for (int64_t p = 0; p < k; ++p) {
            std::memcpy(padded + p * ld, b + p * ldb + j0,
                        static_cast<size_t>(lastWidth) * sizeof(T));
            std::fill(padded + p * ld + lastWidth, padded + (p + 1) * ld, T(0));
        }
    }
    const bool registers = inRegister(act);
    alignas(64) T partial[kRows * stripWidth];
    auto run = [&](int64_t s, int64_t i0) {
        const int64_t j0 = s * stripWidth;
        const bool last = s == strips - 1;
        const int64_t width = last ? lastWidth : stripWidth;
        const int vectors = last ? lastVectors : static_cast<int>(kVectors);
        const bool whole = !last || lastWhole;
        const int64_t blockRows = std::min<int64_t>(kRows, rows - i0);
        T* out = whole ? c + i0 * ldc + j0 : partial;
        const int64_t ldo = whole ? ldc : stripWidth;
        // a partial strip's addend is added on the stored rows, with the activation after it
        const bool inBlock = registers && (whole || !addend);
        strip(w + i0 * ldw, ldw, whole ? b + j0 : padded, whole ? ldb : vectors * L, out, ldo, k,
              blockRows, vectors, bias ? bias + i0 : nullptr,
              whole && addend ? addend + i0 * ldc + j0 : nullptr, inBlock ? &act : nullptr);
        for (int64_t i = 0; i < blockRows; ++i) {
            T* row = c + (i0 + i) * ldc + j0;
            if (!whole)
                std::memcpy(row, partial + i * stripWidth, static_cast<size_t>(width) * sizeof(T));
            if (!whole && addend) {
                const T* z = addend + (i0 + i) * ldc + j0;
                for (int64_t j = 0; j < width; ++j)
                    row[j] += z[j];
            }
            if (!inBlock)
                biasActivation(row, width, T(0), act);
        }
    };
    // Loop order by what fits in cache: when all of B fits in L2 (few output pixels, as in deep
    // layers), each block of W rows is read once and used for every strip; otherwise a strip of B
    // stays in cache while all rows of W pass over it.
    constexpr int64_t kCacheBytes = int64_t(1) << 20;
    if (k * n * static_cast<int64_t>(sizeof(T)) <= kCacheBytes) {
        for (int64_t i0 = 0; i0 < rows; i0 += kRows)
            for (int64_t s = 0; s < strips; ++s)
                run(s, i0);
    } else {
        for (int64_t s = 0; s < strips; ++s)
            for (int64_t i0 = 0; i0 < rows; i0 += kRows)
                run(s, i0);
    }
}
