// The path's vector types (GCC generic vectors, kVectorBytes wide). Part of isa_kernels.inc:
// inside the path's namespace and target region.

template <typename T> struct VectorOf {
    // aligned(sizeof(T)): loads and stores through these may be unaligned
    typedef T type __attribute__((vector_size(kVectorBytes), aligned(sizeof(T))));
};
template <typename T> using Vec = typename VectorOf<T>::type;
template <typename T> constexpr int kLanes = kVectorBytes / static_cast<int>(sizeof(T));

template <typename T> inline Vec<T> loadVec(const T* p) {
    return *reinterpret_cast<const Vec<T>*>(p);
}
