// Depthwise convolution (group == channels), 1-D and 2-D. Part of isa_kernels.inc.

// Transposes L x L elements held as L vectors of L lanes (L = the path's lanes), in place:
// log2(L) butterfly stages, each swapping the off-diagonal k x k blocks of every 2k x 2k block
// with one two-source shuffle per vector. The shuffle patterns are compile-time constants, so
// the compiler picks the cheapest instructions (unpack, lane shuffles) instead of L scalar moves.
template <typename T, int L> struct SquareTranspose {
    typedef std::conditional_t<sizeof(T) == 4, int32_t, int64_t> I;
    typedef I M __attribute__((vector_size(L * sizeof(I))));

    template <int K, size_t... J> static constexpr M low(std::index_sequence<J...>) {
        return M{static_cast<I>((J & K) == 0 ? J : L + J - K)...};
    }
    template <int K, size_t... J> static constexpr M high(std::index_sequence<J...>) {
        return M{static_cast<I>((J & K) == 0 ? J + K : L + J)...};
    }
#if defined(__clang__)
    template <int K, typename V, size_t... J>
    static V shuffleLow(V a, V b, std::index_sequence<J...>) {
        return __builtin_shufflevector(a, b, ((J & K) == 0 ? J : L + J - K)...);
    }
    template <int K, typename V, size_t... J>
    static V shuffleHigh(V a, V b, std::index_sequence<J...>) {
        return __builtin_shufflevector(a, b, ((J & K) == 0 ? J + K : L + J)...);
    }
#endif
    template <int K, typename V> static void stage(V* r) {
        constexpr M lo = low<K>(std::make_index_sequence<L>{}),
                    hi = high<K>(std::make_index_sequence<L>{});
        for (int i = 0; i < L; ++i) {
            if (i & K)
                continue;
            const V a = r[i], b = r[i + K];
#if defined(__clang__)
            // clang has no __builtin_shuffle: the same patterns as constant index lists
            (void)lo;
            (void)hi;
            r[i] = shuffleLow<K>(a, b, std::make_index_sequence<L>{});
            r[i + K] = shuffleHigh<K>(a, b, std::make_index_sequence<L>{});
#else
            r[i] = __builtin_shuffle(a, b, lo);
            r[i + K] = __builtin_shuffle(a, b, hi);
#endif
        }
        if constexpr (K > 1)
            stage<K / 2>(r);
    }
    template <typename V> void operator()(V* r) const {
        stage<L / 2>(r);
    }
};

// Depthwise conv for small and middle-sized planes (56x56 down to 7x7, where rows are short to
// vectorize along): planes are processed in blocks of one vector's worth (the path's lanes),
// interleaved into a zero-padded [row][column][lane] buffer by register transposes, so every kernel
// tap is one vector multiply-add over a vector of planes at once. `load` turns a run of one input
// plane (of S, the stored type) into a vector of T (vec) or one element (one), so integer codes
// are converted on their way into the buffer; `sink(out, p0, lanes, first, count)` takes the
// interleaved sums of planes [p0, p0 + lanes), outputs [first, first + count) of each.
template <typename T, typename S, typename Load, typename Sink>
void depthwiseInterleaved(const S* x, const T* w, int64_t batch, int64_t channels,
                          int64_t outChannels, const SpatialGeometry& g, int threads,
                          const Load& load, const Sink& sink) {
    constexpr int64_t L = kLanes<T>;
    using V = Vec<T>;
    const int64_t multiplier = outChannels / channels;
    const int64_t H = g.in[1], W = g.in[2], OH = g.out[1], OW = g.out[2], KH = g.kernel[1],
                  KW = g.kernel[2];
    const int64_t sh = g.stride[1], sw = g.stride[2], dh = g.dilation[1], dw = g.dilation[2];
    const int64_t ph = g.padBegin[1], pw = g.padBegin[2];
    const int64_t Wp = (OW - 1) * sw + (KW - 1) * dw + 1;
    const int64_t planes = batch * outChannels, blocks = ceilDiv(planes, L), outputs = OH * OW;
    // input columns inside the padded window: [iw0, iw1)
    const int64_t iw0 = std::max<int64_t>(0, -pw), iw1 = std::min(W, Wp - pw);
    // Output rows go in bands whose interleaved input and output fit in about 256 KB (of L2).
    auto bandInputRows = [&](int64_t rows) { return (rows - 1) * sh + (KH - 1) * dh + 1; };
    int64_t band = OH;
    while (band > 1 &&
           (bandInputRows(band) * Wp + band * OW) * int64_t(sizeof(V)) > (int64_t(256) << 10))
        band = (band + 1) / 2;
    const bool parallel =
        threads > 1 && blocks > 1 && planes * outputs * KH * KW > (int64_t(1) << 14);
    static const SquareTranspose<T, L> transpose;
    parallelFor(
        blocks, parallel ? threads : 1,
        [&](int64_t begin, int64_t end) {
            T* scratch = threadScratch<T, 2>(
                static_cast<size_t>((bandInputRows(band) * Wp + band * OW + KH * KW) * L));
            V* in = reinterpret_cast<V*>(scratch);
            V* out = in + bandInputRows(band) * Wp;
            V* weights = out + band * OW;
            for (int64_t block = begin; block < end; ++block) {
                const int64_t p0 = block * L, lanes = std::min(L, planes - p0);
                const S* src[L];
                for (int64_t l = 0; l < L; ++l) {
                    // a partial last block repeats its last plane in the unused lanes
                    const int64_t p = p0 + std::min(l, lanes - 1), n = p / outChannels,
                                  m = p % outChannels;
                    src[l] = x + (n * channels + m / multiplier) * H * W;
                    for (int64_t k = 0; k < KH * KW; ++k)
                        reinterpret_cast<T*>(weights)[k * L + l] = w[m * KH * KW + k];
                }
                for (int64_t oh0 = 0; oh0 < OH; oh0 += band) {
                    const int64_t oh1 = std::min(OH, oh0 + band);
                    // padded rows [r0, r0 + rows) of this band; input row ih sits at padded row ih
                    // + ph
                    const int64_t r0 = oh0 * sh, rows = bandInputRows(oh1 - oh0);
                    const int64_t ih0 = std::clamp<int64_t>(r0 - ph, 0, H),
                                  ih1 = std::clamp<int64_t>(r0 + rows - ph, 0, H);
                    // zero what the input does not cover: rows outside it, columns beside it
                    for (int64_t r = 0; r < rows; ++r) {
                        V* row = in + r * Wp;
                        const int64_t ih = r0 + r - ph;
                        if (ih < ih0 || ih >= ih1 || iw1 <= iw0) {
                            std::fill_n(row, Wp, V{});
                            continue;
                        }
                        std::fill_n(row, iw0 + pw, V{});
                        std::fill(row + iw1 + pw, row + Wp, V{});
                    }
                    // interleave: one vector (L planes) per input pixel. The band's input rows are
                    // one flat run of each plane: L pixels at a time by a register transpose, each
                    // then put at its padded place; the rest one by one.
                    const int64_t last = ih1 * W;
                    int64_t f = ih0 * W, ih = ih0, iw = 0;
                    auto place = [&](const V& v) {
                        if (iw >= iw0 && iw < iw1)
                            in[(ih + ph - r0) * Wp + iw + pw] = v;
                        if (++iw == W) {
                            iw = 0;
                            ++ih;
                        }
                    };
                    for (; f + L <= last; f += L) {
                        V vectors[L];
                        for (int64_t l = 0; l < L; ++l)
                            vectors[l] = load.vec(src[l] + f);
                        transpose(vectors);
                        for (int64_t k = 0; k < L; ++k)
                            place(vectors[k]);
                    }
                    for (; f < last; ++f) {
                        V v;
                        for (int64_t l = 0; l < L; ++l)
                            v[l] = load.one(src[l][f]);
                        place(v);
                    }
                    if (KH == 3 && KW == 3) {
                        const V w0 = weights[0], w1 = weights[1], w2 = weights[2], w3 = weights[3],
                                w4 = weights[4], w5 = weights[5], w6 = weights[6], w7 = weights[7],
                                w8 = weights[8];
                        for (int64_t oh = oh0; oh < oh1; ++oh) {
                            const V* a = in + (oh * sh - r0) * Wp;
                            const V* b = a + dh * Wp;
                            const V* c = b + dh * Wp;
                            V* o = out + (oh - oh0) * OW;
                            for (int64_t ow = 0; ow < OW; ++ow) {
                                const int64_t q = ow * sw;
                                const V s0 = w0 * a[q] + w1 * a[q + dw] + w2 * a[q + 2 * dw];
                                const V s1 = w3 * b[q] + w4 * b[q + dw] + w5 * b[q + 2 * dw];
                                const V s2 = w6 * c[q] + w7 * c[q + dw] + w8 * c[q + 2 * dw];
                                o[ow] = s0 + s1 + s2;
                            }
                        }
                    } else {
                        for (int64_t oh = oh0; oh < oh1; ++oh)
                            for (int64_t ow = 0; ow < OW; ++ow) {
                                V acc = V{};
                                for (int64_t kh = 0; kh < KH; ++kh) {
                                    const V* row = in + (oh * sh - r0 + kh * dh) * Wp + ow * sw;
                                    for (int64_t kw = 0; kw < KW; ++kw)
                                        acc += weights[kh * KW + kw] * row[kw * dw];
                                }
                                out[(oh - oh0) * OW + ow] = acc;
                            }
                    }
                    sink(static_cast<const V*>(out), p0, lanes, oh0 * OW, (oh1 - oh0) * OW);
                }
            }
        },
        1);
}

// The interleaved sums of planes [p0, p0 + lanes) back to planes: L outputs at a time by a
// register transpose, into y[plane * ldy + first ...] (planes at a time: lanes of them).
template <typename T>
void deinterleave(const Vec<T>* out, int64_t lanes, int64_t count, T* y, int64_t ldy) {
    constexpr int64_t L = kLanes<T>;
    using V = Vec<T>;
    static const SquareTranspose<T, L> transpose;
    const int64_t whole = count / L * L;
    for (int64_t i = 0; i < whole; i += L) {
        V vectors[L];
        for (int64_t k = 0; k < L; ++k)
            vectors[k] = out[i + k];
        transpose(vectors);
        for (int64_t l = 0; l < lanes; ++l)
            *reinterpret_cast<V*>(y + l * ldy + i) = vectors[l];
    }
    for (int64_t l = 0; l < lanes; ++l) {
        const T* o = reinterpret_cast<const T*>(out) + l;
        for (int64_t i = whole; i < count; ++i)
            y[l * ldy + i] = o[i * L];
    }
}

template <typename T>
void depthwiseConv(const T* x, const T* w, const T* bias, T* y, int64_t batch, int64_t channels,
                   int64_t outChannels, const SpatialGeometry& g, const FusedActivation& act,
                   int threads) {
    using V = Vec<T>;
    struct Load {
        V vec(const T* p) const { return *reinterpret_cast<const V*>(p); }
        T one(T v) const { return v; }
    };
    const int64_t outputs = g.outSize();
    depthwiseInterleaved<T, T>(
        x, w, batch, channels, outChannels, g, threads, Load{},
        [&](const V* out, int64_t p0, int64_t lanes, int64_t first, int64_t count) {
            deinterleave<T>(out, lanes, count, y + p0 * outputs + first, outputs);
            for (int64_t l = 0; l < lanes; ++l) {
                const int64_t p = p0 + l;
                biasActivation(y + p * outputs + first, count, bias ? bias[p % outChannels] : T(0),
                               act);
            }
        });
}
