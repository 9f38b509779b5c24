// Integer arithmetic of quantized layers: uint8 activation codes times int8 weight codes into
// int32, then requantization to the next layer's codes. Part of isa_kernels.inc.
//
// B (the input or its im2col matrix, rows = depth k, columns = output pixels) is packed into
// panels of one strip of pixels with four consecutive depths per pixel together,
// panel[q][n][j] = B[4q + j][n], as ONNX Runtime's MLAS packs it for its U8S8 kernels: one
// 32-bit broadcast of four weights then meets a vector of pixels in one multiply-add, which is
// `vpdpbusd` with AVX-512 VNNI (four u8 x s8 products summed straight into int32) and
// `vpmaddubsw` + `vpmaddwd` with AVX2 and AVX-512 BW (pairs summed into int16 first). The int16
// pair sum saturates once both |w| > 64 and codes > 128 meet (255 * 127 * 2 > 32767): a layer
// with such weights (8-bit ones; 7 bits and fewer never reach 64) takes the "wide" form, which
// splits the codes into nibbles and multiplies each half, twice the work and exact. The baseline
// is plain scalar code on the same layout.

constexpr int kIntLanes = kVectorBytes / 4; // int32 accumulators per vector
#if AUTOSPLIT_ISA_VECTOR_BYTES == 64
// 8 x 3 accumulators, 3 panel vectors and a broadcast: within AVX-512's 32 registers.
constexpr int kIntRows = 8, kIntVectors = 3;
#elif AUTOSPLIT_ISA_VECTOR_BYTES == 32
// 4 x 2 accumulators, 2 panel vectors (4 in the wide form), a broadcast and constants: 16 ymm.
constexpr int kIntRows = 4, kIntVectors = 2;
#else
constexpr int kIntRows = 4, kIntVectors = 2;
#endif
constexpr int64_t kIntStrip = int64_t(kIntVectors) * kIntLanes;

inline int32_t loadQuad(const int8_t* p) {
    int32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

// One panel of `cols` (<= kIntStrip) columns of B over depth k, zero beyond both.
void packPanel(const uint8_t* b, int64_t ldb, int64_t k, int64_t cols, uint8_t* panel) {
    const int64_t quads = (k + 3) / 4;
    for (int64_t q = 0; q < quads; ++q) {
        const uint8_t* rows[4];
        int present = 0;
        for (int j = 0; j < 4; ++j)
            rows[j] = 4 * q + j < k ? (++present, b + (4 * q + j) * ldb) : nullptr;
        uint8_t* out = panel + q * kIntStrip * 4;
        int64_t n = 0;
        if (present == 4)
            for (; n + 16 <= cols; n += 16) {
                // four rows of 16 pixels to 16 pixels of four depths (SSE2, on every path)
                const __m128i a0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(rows[0] + n));
                const __m128i a1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(rows[1] + n));
                const __m128i a2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(rows[2] + n));
                const __m128i a3 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(rows[3] + n));
                const __m128i lo01 = _mm_unpacklo_epi8(a0, a1), hi01 = _mm_unpackhi_epi8(a0, a1);
                const __m128i lo23 = _mm_unpacklo_epi8(a2, a3), hi23 = _mm_unpackhi_epi8(a2, a3);
                __m128i* o = reinterpret_cast<__m128i*>(out + n * 4);
                _mm_storeu_si128(o, _mm_unpacklo_epi16(lo01, lo23));
                _mm_storeu_si128(o + 1, _mm_unpackhi_epi16(lo01, lo23));
                _mm_storeu_si128(o + 2, _mm_unpacklo_epi16(hi01, hi23));
                _mm_storeu_si128(o + 3, _mm_unpackhi_epi16(hi01, hi23));
            }
        for (; n < cols; ++n)
            for (int j = 0; j < 4; ++j)
                out[n * 4 + j] = rows[j] ? rows[j][n] : 0;
        std::memset(out + cols * 4, 0, static_cast<size_t>((kIntStrip - cols) * 4));
    }
}

// The same from a source with one row of k codes per pixel: panel[q][n][j] = a[n * lda + 4q + j].
void packPanelTransposed(const uint8_t* a, int64_t lda, int64_t k, int64_t cols, uint8_t* panel) {
    const int64_t quads = (k + 3) / 4;
    for (int64_t q = 0; q < quads; ++q) {
        uint8_t* out = panel + q * kIntStrip * 4;
        const int64_t depth = std::min<int64_t>(4, k - 4 * q);
        for (int64_t n = 0; n < cols; ++n) {
            const uint8_t* src = a + n * lda + 4 * q;
            for (int j = 0; j < 4; ++j)
                out[n * 4 + j] = j < depth ? src[j] : 0;
        }
        std::memset(out + cols * 4, 0, static_cast<size_t>((kIntStrip - cols) * 4));
    }
}

#if AUTOSPLIT_ISA_VECTOR_BYTES == 16

// The scalar baseline.
void gemmPanel(const int8_t* w, int64_t ldw, const uint8_t* panel, int64_t k, int32_t* c,
               int64_t ldc, int64_t rows, bool /*wide*/) {
    const int64_t quads = (k + 3) / 4;
    for (int64_t r0 = 0; r0 < rows; r0 += kIntRows) {
        const int64_t rs = std::min<int64_t>(kIntRows, rows - r0);
        int32_t acc[kIntRows][kIntStrip] = {};
        for (int64_t q = 0; q < quads; ++q) {
            const uint8_t* p = panel + q * kIntStrip * 4;
            for (int64_t r = 0; r < rs; ++r) {
                const int8_t* wq = w + (r0 + r) * ldw + 4 * q;
                const int32_t w0 = wq[0], w1 = wq[1], w2 = wq[2], w3 = wq[3];
                for (int64_t n = 0; n < kIntStrip; ++n)
                    acc[r][n] +=
                        p[4 * n] * w0 + p[4 * n + 1] * w1 + p[4 * n + 2] * w2 + p[4 * n + 3] * w3;
            }
        }
        for (int64_t r = 0; r < rs; ++r)
            std::memcpy(c + (r0 + r) * ldc, acc[r], sizeof(acc[r]));
    }
}

#else

#if AUTOSPLIT_ISA_VECTOR_BYTES == 64
using IVec = __m512i;
inline IVec loadI(const void* p) {
    return _mm512_loadu_si512(p);
}
inline void storeI(void* p, IVec v) {
    _mm512_storeu_si512(p, v);
}
inline IVec broadcastI(int32_t v) {
    return _mm512_set1_epi32(v);
}
inline IVec broadcastI16(int16_t v) {
    return _mm512_set1_epi16(v);
}
inline IVec addI(IVec a, IVec b) {
    return _mm512_add_epi32(a, b);
}
inline IVec zeroI() {
    return _mm512_setzero_si512();
}
inline IVec maddubs(IVec a, IVec b) {
    return _mm512_maddubs_epi16(a, b);
}
inline IVec madd(IVec a, IVec b) {
    return _mm512_madd_epi16(a, b);
}
inline IVec lowNibbles(IVec v) {
    return _mm512_and_si512(v, _mm512_set1_epi8(0x0f));
}
inline IVec highNibbles(IVec v) {
    return _mm512_and_si512(_mm512_srli_epi16(v, 4), _mm512_set1_epi8(0x0f));
}
#else
using IVec = __m256i;
inline IVec loadI(const void* p) {
    return _mm256_loadu_si256(static_cast<const __m256i*>(p));
}
inline void storeI(void* p, IVec v) {
    _mm256_storeu_si256(static_cast<__m256i*>(p), v);
}
inline IVec broadcastI(int32_t v) {
    return _mm256_set1_epi32(v);
}
inline IVec broadcastI16(int16_t v) {
    return _mm256_set1_epi16(v);
}
inline IVec addI(IVec a, IVec b) {
    return _mm256_add_epi32(a, b);
}
inline IVec zeroI() {
    return _mm256_setzero_si256();
}
inline IVec maddubs(IVec a, IVec b) {
    return _mm256_maddubs_epi16(a, b);
}
inline IVec madd(IVec a, IVec b) {
    return _mm256_madd_epi16(a, b);
}
inline IVec lowNibbles(IVec v) {
    return _mm256_and_si256(v, _mm256_set1_epi8(0x0f));
}
inline IVec highNibbles(IVec v) {
    return _mm256_and_si256(_mm256_srli_epi16(v, 4), _mm256_set1_epi8(0x0f));
}
#endif

// acc += the four-depth dot products of codes (u8) and a broadcast of four weights (s8).
inline IVec dotQuads(IVec acc, IVec codes, IVec weights, IVec ones) {
#if defined(AUTOSPLIT_ISA_VNNI)
    (void)ones;
    return _mm512_dpbusd_epi32(acc, codes, weights);
#else
    return addI(acc, madd(maddubs(codes, weights), ones));
#endif
}

template <int Rows, int Vectors, bool Wide>
inline void intBlock(const int8_t* w, int64_t ldw, const uint8_t* panel, int64_t quads, int32_t* c,
                     int64_t ldc) {
    // GCC's generic vectors, not the intrinsics' type: an array of those stays in registers, an
    // array of __m512i taken in and out of vpdpbusd was kept in memory as well (a store per
    // multiply-add)
    using Acc = Vec<int32_t>;
    Acc acc[Rows][Vectors];
    for (int i = 0; i < Rows; ++i)
        for (int j = 0; j < Vectors; ++j)
            acc[i][j] = Acc{};
    const IVec ones = broadcastI16(1);
    if constexpr (!Wide) {
        for (int64_t q = 0; q < quads; ++q) {
            IVec b[Vectors];
            for (int j = 0; j < Vectors; ++j)
                b[j] = loadI(panel + (q * kIntStrip + j * kIntLanes) * 4);
            for (int i = 0; i < Rows; ++i) {
                const IVec wq = broadcastI(loadQuad(w + i * ldw + 4 * q));
                for (int j = 0; j < Vectors; ++j)
                    acc[i][j] = (Acc)dotQuads((IVec)acc[i][j], b[j], wq, ones);
            }
        }
    } else {
        // codes = 16 * high + low, each half below 16: its pair sums stay within int16
        const IVec sixteen = broadcastI16(16);
        for (int64_t q = 0; q < quads; ++q) {
            IVec lo[Vectors], hi[Vectors];
            for (int j = 0; j < Vectors; ++j) {
                const IVec b = loadI(panel + (q * kIntStrip + j * kIntLanes) * 4);
                lo[j] = lowNibbles(b);
                hi[j] = highNibbles(b);
            }
            for (int i = 0; i < Rows; ++i) {
                const IVec wq = broadcastI(loadQuad(w + i * ldw + 4 * q));
                for (int j = 0; j < Vectors; ++j)
                    acc[i][j] = (Acc)addI(addI((IVec)acc[i][j], madd(maddubs(lo[j], wq), ones)),
                                          madd(maddubs(hi[j], wq), sixteen));
            }
        }
    }
    for (int i = 0; i < Rows; ++i)
        for (int j = 0; j < Vectors; ++j)
            storeI(c + i * ldc + j * kIntLanes, (IVec)acc[i][j]);
}

template <bool Wide, int... R>
void intRows(std::integer_sequence<int, R...>, const int8_t* w, int64_t ldw, const uint8_t* panel,
             int64_t quads, int32_t* c, int64_t ldc, int64_t rows) {
    ((rows == R + 1 ? (intBlock<R + 1, kIntVectors, Wide>(w, ldw, panel, quads, c, ldc), true)
                    : false) ||
     ...);
}

void gemmPanel(const int8_t* w, int64_t ldw, const uint8_t* panel, int64_t k, int32_t* c,
               int64_t ldc, int64_t rows, bool wide) {
    const int64_t quads = (k + 3) / 4;
#if defined(AUTOSPLIT_ISA_VNNI)
    wide = false; // vpdpbusd sums the products in int32: nothing saturates
#endif
    for (int64_t r0 = 0; r0 < rows; r0 += kIntRows) {
        const int64_t rs = std::min<int64_t>(kIntRows, rows - r0);
        if (wide)
            intRows<true>(std::make_integer_sequence<int, kIntRows>{}, w + r0 * ldw, ldw, panel,
                          quads, c + r0 * ldc, ldc, rs);
        else
            intRows<false>(std::make_integer_sequence<int, kIntRows>{}, w + r0 * ldw, ldw, panel,
                           quads, c + r0 * ldc, ldc, rs);
    }
}

#endif

// y[r] = sum over p < k of w[r * ldw + p] * a[p]: a layer with one output pixel (a Gemm at
// batch 1), where a panel would be mostly padding. Scalar on every path; the compiler
// vectorizes the inner loop for the path.
void dotRowsInt(const uint8_t* a, const int8_t* w, int64_t ldw, int32_t* y, int64_t rows,
                int64_t k) {
    for (int64_t r = 0; r < rows; ++r) {
        const int8_t* wr = w + r * ldw;
        int32_t sum = 0;
        for (int64_t p = 0; p < k; ++p)
            sum += static_cast<int32_t>(a[p]) * static_cast<int32_t>(wr[p]);
        y[r] = sum;
    }
}

// The depthwise conv of one channel plane: acc[oh * outW + ow] = sum over taps of
// w[kh * kw + kx] * x[...], x already padded (with the zero point's code) so no tap is out of
// range. Stride-1 rows vectorize.
void depthwisePlaneInt(const uint8_t* x, int64_t ldx, const int8_t* w, int64_t kh, int64_t kw,
                       int64_t strideH, int64_t strideW, int64_t dilationH, int64_t dilationW,
                       int64_t outH, int64_t outW, int32_t* acc) {
    for (int64_t oh = 0; oh < outH; ++oh) {
        int32_t* __restrict out = acc + oh * outW;
        std::fill_n(out, outW, 0);
        for (int64_t i = 0; i < kh; ++i) {
            const uint8_t* row = x + (oh * strideH + i * dilationH) * ldx;
            for (int64_t j = 0; j < kw; ++j) {
                const int32_t tap = w[i * kw + j];
                const uint8_t* __restrict src = row + j * dilationW;
                if (strideW == 1)
                    for (int64_t ow = 0; ow < outW; ++ow)
                        out[ow] += static_cast<int32_t>(src[ow]) * tap;
                else
                    for (int64_t ow = 0; ow < outW; ++ow)
                        out[ow] += static_cast<int32_t>(src[ow * strideW]) * tap;
            }
        }
    }
}

// Round half to even of floats already within +-2^22 (adding and removing 1.5 * 2^23 leaves no
// fraction bits), as QuantizeLinear rounds; vectorizes on every path.
inline float roundHalfEven(float v) {
    constexpr float kMagic = 12582912.f;
    return (v + kMagic) - kMagic;
}

// The real value of each accumulator through activation and clamp, then its code or itself: one
// loop (vectorized for the path) per combination of addend and output.
enum class AddendKind { None, Floats, Codes };

template <AddendKind Addend, bool Codes, typename F, typename Acc>
inline void requantizeLoop(const Acc* __restrict acc, int64_t n, const IntegerRow& row, F f,
                           uint8_t* __restrict codes, float* __restrict values) {
    const int32_t offset = row.offset;
    const float scale = row.scale, bias = row.bias, lo = row.clampLow, hi = row.clampHigh;
    // times the reciprocal, not divided (a division per code cost a third of the requantization):
    // at most one rounding of difference from QuantizeLinear's y / scale, which moves a code only
    // where y / scale is within a rounding of a half step
    const float inverseScale = 1.f / row.outScale, zero = static_cast<float>(row.outZero);
    const float* __restrict z = row.addend;
    const uint8_t* __restrict zc = row.addendCodes;
    const int32_t addendZero = row.addendZero;
    const float addendScale = row.addendScale;
    for (int64_t i = 0; i < n; ++i) {
        float y = static_cast<float>(acc[i] + static_cast<Acc>(offset)) * scale + bias;
        if constexpr (Addend == AddendKind::Floats)
            y += z[i];
        else if constexpr (Addend == AddendKind::Codes) // as DequantizeLinear computes it
            y += static_cast<float>(static_cast<int32_t>(zc[i]) - addendZero) * addendScale;
        y = f(y);
        y = y < lo ? lo : y;
        y = hi < y ? hi : y;
        if constexpr (Codes) {
            float q = y * inverseScale;
            // beyond +-1024 every code saturates alike; the bound keeps roundHalfEven exact (and
            // is written so that NaN takes the lower bound)
            q = q >= -1024.f ? q : -1024.f;
            q = q <= 1024.f ? q : 1024.f;
            float c = roundHalfEven(q) + zero;
            c = c < 0.f ? 0.f : (c > 255.f ? 255.f : c);
            codes[i] = static_cast<uint8_t>(static_cast<int32_t>(c));
        } else {
            values[i] = y;
        }
    }
}

template <bool Codes, typename F, typename Acc>
inline void requantizeWith(const Acc* acc, int64_t n, const IntegerRow& row, F f, uint8_t* codes,
                           float* values) {
    if (row.addendCodes)
        requantizeLoop<AddendKind::Codes, Codes>(acc, n, row, f, codes, values);
    else if (row.addend)
        requantizeLoop<AddendKind::Floats, Codes>(acc, n, row, f, codes, values);
    else
        requantizeLoop<AddendKind::None, Codes>(acc, n, row, f, codes, values);
}

// The code of a real value, as the loops above compute it.
inline int32_t codeOf(float y, float inverseScale, int32_t zero) {
    float q = y * inverseScale;
    q = q >= -1024.f ? q : -1024.f;
    q = q <= 1024.f ? q : 1024.f;
    const int32_t c = static_cast<int32_t>(roundHalfEven(q)) + zero;
    return c < 0 ? 0 : (c > 255 ? 255 : c);
}

// Codes of a row whose activation is a clamp (none, Relu, Clip): quantization is monotone, so
// clamping the value and then quantizing gives the codes that clamping the codes to the bounds'
// codes gives, and the output scale folds into the accumulator's (as ONNX Runtime requantizes):
// one multiply-add, one rounding and one integer clamp per code. The folded product rounds
// differently from y / scale by an ulp or two: a code moves only where y / scale is that close to
// a half step.
template <AddendKind Addend, typename Acc>
inline void requantizeClamped(const Acc* __restrict acc, int64_t n, const IntegerRow& row,
                              int32_t low, int32_t high, uint8_t* __restrict codes) {
    const float inverse = 1.f / row.outScale;
    const float a = row.scale * inverse, b = row.bias * inverse;
    const float zero = static_cast<float>(row.outZero);
    const int32_t offset = row.offset;
    const float* __restrict z = row.addend;
    const uint8_t* __restrict zc = row.addendCodes;
    const float c = row.addendScale * inverse;
    const int32_t addendZero = row.addendZero;
    // beyond the code range every value saturates alike; the bound keeps roundHalfEven exact
    const float below = static_cast<float>(low) - zero - 1.f;
    const float above = static_cast<float>(high) - zero + 1.f;
    for (int64_t i = 0; i < n; ++i) {
        float q = static_cast<float>(acc[i] + static_cast<Acc>(offset)) * a + b;
        if constexpr (Addend == AddendKind::Floats)
            q += z[i] * inverse;
        else if constexpr (Addend == AddendKind::Codes)
            q += static_cast<float>(static_cast<int32_t>(zc[i]) - addendZero) * c;
        q = q >= below ? q : below; // (NaN takes the lower bound)
        q = q <= above ? q : above;
        int32_t code = static_cast<int32_t>(roundHalfEven(q) + zero);
        code = code < low ? low : code;
        code = code > high ? high : code;
        codes[i] = static_cast<uint8_t>(code);
    }
}

// Whether requantizeClamped applies, and its code bounds.
inline bool clampedCodes(const IntegerRow& row, int32_t& low, int32_t& high) {
    using Kind = FusedActivation::Kind;
    const FusedActivation* act = row.activation;
    if (act && (act->hasOutputAffine() ||
                (act->kind != Kind::None && act->kind != Kind::Relu && act->kind != Kind::Clip)))
        return false;
    const float inverse = 1.f / row.outScale;
    float lo = row.clampLow, hi = row.clampHigh;
    if (act && act->kind == Kind::Relu)
        lo = std::max(lo, 0.f);
    if (act && act->kind == Kind::Clip) {
        lo = std::max(lo, act->alpha);
        hi = std::min(hi, act->beta);
    }
    if (!(lo <= hi))
        return false;
    low = lo > -std::numeric_limits<float>::infinity() ? codeOf(lo, inverse, row.outZero) : 0;
    high = hi < std::numeric_limits<float>::infinity() ? codeOf(hi, inverse, row.outZero) : 255;
    return true;
}

// One row of accumulators (int32, or floats holding exact integers) to real values and on to
// codes or floats (IntegerRow).
template <typename Acc>
void requantizeRun(const Acc* acc, int64_t n, const IntegerRow& row, uint8_t* codes,
                   float* values) {
    int32_t low = 0, high = 255;
    if (codes && !values && clampedCodes(row, low, high)) {
        if (row.addendCodes)
            requantizeClamped<AddendKind::Codes>(acc, n, row, low, high, codes);
        else if (row.addend)
            requantizeClamped<AddendKind::Floats>(acc, n, row, low, high, codes);
        else
            requantizeClamped<AddendKind::None>(acc, n, row, low, high, codes);
        return;
    }
    const FusedActivation none;
    withActivation<float>(row.activation ? *row.activation : none, [&](auto f) {
        if (values)
            requantizeWith<false>(acc, n, row, f, nullptr, values);
        if (codes)
            requantizeWith<true>(acc, n, row, f, codes, nullptr);
    });
}

// The loops above vectorize by a vector of codes (64 on AVX-512), and their scalar remainder
// took a quarter of the time of rows as long as a GEMM tile: the remainder goes through one more
// whole vector's worth, in a zero-padded copy.
template <typename Acc>
void requantizeAny(const Acc* acc, int64_t n, const IntegerRow& row, uint8_t* codes,
                   float* values) {
    constexpr int64_t kChunk = kVectorBytes;
    const int64_t whole = n / kChunk * kChunk, rest = n - whole;
    if (whole > 0)
        requantizeRun(acc, whole, row, codes, values);
    if (rest == 0)
        return;
    alignas(64) Acc a[kChunk] = {};
    alignas(64) float z[kChunk] = {};
    alignas(64) uint8_t zc[kChunk] = {};
    alignas(64) uint8_t c[kChunk];
    alignas(64) float v[kChunk];
    std::copy_n(acc + whole, rest, a);
    IntegerRow r = row;
    if (row.addend) {
        std::copy_n(row.addend + whole, rest, z);
        r.addend = z;
    }
    if (row.addendCodes) {
        std::copy_n(row.addendCodes + whole, rest, zc);
        r.addendCodes = zc;
    }
    requantizeRun(a, kChunk, r, codes ? c : nullptr, values ? v : nullptr);
    if (codes)
        std::copy_n(c, rest, codes + whole);
    if (values)
        std::copy_n(v, rest, values + whole);
}

void requantizeRow(const int32_t* acc, int64_t n, const IntegerRow& row, uint8_t* codes,
                   float* values) {
    requantizeAny(acc, n, row, codes, values);
}

void requantizeRowFloat(const float* acc, int64_t n, const IntegerRow& row, uint8_t* codes,
                        float* values) {
    requantizeAny(acc, n, row, codes, values);
}

// QuantizeLinear to uint8 of a float run: clamp(round_half_even(x / scale) + zero, 0, 255), NaN
// to the zero point, exactly as the op defines it (divided, not multiplied by the reciprocal).
void quantizeToCodes(const float* __restrict x, int64_t n, float scale, int32_t zero,
                     uint8_t* __restrict codes) {
    const float z = static_cast<float>(zero), below = -z - 1.f, above = 256.f - z;
    for (int64_t i = 0; i < n; ++i) {
        float v = x[i] / scale;
        v = v == v ? v : 0.f;
        v = v < below ? below : (v > above ? above : v);
        v = roundHalfEven(v) + z;
        v = v < 0.f ? 0.f : (v > 255.f ? 255.f : v);
        codes[i] = static_cast<uint8_t>(static_cast<int32_t>(v));
    }
}

// Depthwise conv of codes (group == channels, one output plane per input plane) in the float
// depthwise kernel's interleaved loops: the codes minus the zero point become floats on their way
// into the interleaved buffer and every band of sums is requantized from there, so neither the
// input's floats nor the output's sums ever go through memory as whole planes. Exact while each
// window's sum stays below 2^24 (the caller checks).
void depthwiseCodes(const uint8_t* x, uint8_t zero, const float* w, int64_t batch, int64_t channels,
                    const SpatialGeometry& g, const IntegerRow* rows, uint8_t* codes, float* values,
                    int threads) {
    using V = Vec<float>;
    constexpr int64_t L = kLanes<float>;
    struct Load {
        float zero;
        // L codes to floats, zero-extended with the path's own instruction (GCC's generic
        // conversion from uint8 vectors goes lane by lane)
        V vec(const uint8_t* p) const {
#if AUTOSPLIT_ISA_VECTOR_BYTES == 64
            // (the zero-masked forms: GCC 12 warns that the plain ones' undefined source may be
            // used uninitialized)
            const __m512 f = _mm512_maskz_cvtepi32_ps(
                0xffff, _mm512_maskz_cvtepu8_epi32(
                            0xffff, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
#elif AUTOSPLIT_ISA_VECTOR_BYTES == 32
            const __m256 f = _mm256_cvtepi32_ps(
                _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))));
#else
            int32_t four;
            std::memcpy(&four, p, sizeof four);
            const __m128i z = _mm_setzero_si128();
            const __m128 f = _mm_cvtepi32_ps(
                _mm_unpacklo_epi16(_mm_unpacklo_epi8(_mm_cvtsi32_si128(four), z), z));
#endif
            V v;
            std::memcpy(&v, &f, sizeof v);
            return v - zero;
        }
        float one(uint8_t v) const {
            return static_cast<float>(v) - zero;
        }
    };
    const int64_t outputs = g.outSize();
    depthwiseInterleaved<float, uint8_t>(
        x, w, batch, channels, channels, g, threads, Load{static_cast<float>(zero)},
        [&](const V* out, int64_t p0, int64_t lanes, int64_t first, int64_t count) {
            float* sums = threadScratch<float, 6>(static_cast<size_t>(L * count));
            deinterleave<float>(out, lanes, count, sums, count);
            for (int64_t l = 0; l < lanes; ++l) {
                const int64_t p = p0 + l, at = p * outputs + first;
                IntegerRow row = rows[p];
                if (row.addend)
                    row.addend += first;
                if (row.addendCodes)
                    row.addendCodes += first;
                requantizeRowFloat(sums + l * count, count, row, codes ? codes + at : nullptr,
                                   values ? values + at : nullptr);
            }
        });
}
