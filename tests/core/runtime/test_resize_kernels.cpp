// Resize and Upsample against a transcription of ONNX's reference implementation
// (onnx/backend/test/case/node/resize.py: per output element, a recursive 1-D interpolation over
// the axes with edge-padded neighbours), on random data (fixed seed): nearest with every
// nearest_mode, linear (1-D to 4-D), cubic (coefficient, exclude_outside), every coordinate
// transformation mode, scales or sizes, tf_crop_and_resize extrapolation, opset 10 Resize and
// opset 7/9 Upsample (ONNX Runtime's rules: asymmetric, floor when upsampling, ceil when
// downsampling), float64 and the error paths.

#include "tests/core/runtime/compute_test_support.h"

#include <QtTest>

#include <algorithm>
#include <functional>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

using Dims = std::vector<int64_t>;

struct ResizeCase {
    std::string label = {};
    Dims x = {};
    std::vector<float> scales = {}; // empty: sizes
    Dims sizes = {};
    std::string mode = "nearest";
    std::string coordinates = "half_pixel";
    std::string nearestMode = "round_prefer_floor";
    float cubicA = -0.75f;
    bool excludeOutside = false;
    std::vector<float> roi = {};
    float extrapolation = 0.f;
    int64_t opset = 13;
    std::string op = "Resize";
};

// ONNX's interpolate_1d_with_x on a line of `in` values; value(i) gives element i (evaluated
// only for the neighbours used, which keeps the recursion below affordable).
double interpolate1d(const ResizeCase& c, int64_t in, const std::function<double(int64_t)>& value,
                     double scale, double x, double roiStart, double roiEnd) {
    const double outWidth = scale * double(in);
    const bool legacy = c.op == "Upsample" || c.opset < 11;
    const std::string coordinates = legacy ? "asymmetric" : c.coordinates;
    double xo = 0;
    if (coordinates == "align_corners")
        xo = outWidth == 1 ? 0 : x * double(in - 1) / (outWidth - 1);
    else if (coordinates == "asymmetric")
        xo = x / scale;
    else if (coordinates == "tf_crop_and_resize") {
        xo = outWidth == 1 ? (roiEnd - roiStart) * double(in - 1) / 2
                           : x * (roiEnd - roiStart) * double(in - 1) / (outWidth - 1);
        xo += roiStart * double(in - 1);
        if (xo < 0 || xo > double(in - 1))
            return c.extrapolation;
    } else if (coordinates == "pytorch_half_pixel")
        xo = outWidth == 1 ? -0.5 : (x + 0.5) / scale - 0.5;
    else if (coordinates == "tf_half_pixel_for_nn")
        xo = (x + 0.5) / scale; // not in the reference any more; ONNX Runtime's definition
    else
        xo = (x + 0.5) / scale - 0.5;
    const double base = std::floor(xo);
    const bool integral = xo == base;
    const double ratio = integral ? 1.0 : xo - base;
    std::vector<double> coeffs;
    if (c.mode == "nearest") {
        std::string nm = legacy ? (scale < 1 ? "ceil" : "floor") : c.nearestMode;
        if (integral || nm == "ceil")
            coeffs = {0, 1};
        else if (nm == "round_prefer_floor")
            coeffs = {double(ratio <= 0.5), double(ratio > 0.5)};
        else if (nm == "round_prefer_ceil")
            coeffs = {double(ratio < 0.5), double(ratio >= 0.5)};
        else
            coeffs = {1, 0};
    } else if (c.mode == "linear") {
        coeffs = {1 - ratio, ratio};
    } else {
        const double A = c.cubicA, r = ratio;
        coeffs = {((A * (r + 1) - 5 * A) * (r + 1) + 8 * A) * (r + 1) - 4 * A,
                  ((A + 2) * r - (A + 3)) * r * r + 1,
                  ((A + 2) * (1 - r) - (A + 3)) * (1 - r) * (1 - r) + 1,
                  ((A * ((1 - r) + 1) - 5 * A) * ((1 - r) + 1) + 8 * A) * ((1 - r) + 1) - 4 * A};
    }
    // the n nearest indexes to xo in the edge-padded data, ties to the smaller index
    const auto n = static_cast<int64_t>(coeffs.size());
    const int64_t pad = (n + 1) / 2;
    std::vector<int64_t> candidates;
    for (int64_t i = -pad; i < in + pad; ++i)
        candidates.push_back(i);
    std::stable_sort(candidates.begin(), candidates.end(), [&](int64_t a, int64_t b) {
        const double da = std::abs(xo - double(a)), db = std::abs(xo - double(b));
        return da != db ? da < db : a < b;
    });
    candidates.resize(static_cast<size_t>(n));
    std::sort(candidates.begin(), candidates.end());
    if (c.excludeOutside) {
        double sum = 0;
        for (int64_t k = 0; k < n; ++k) {
            if (candidates[static_cast<size_t>(k)] < 0 || candidates[static_cast<size_t>(k)] >= in)
                coeffs[static_cast<size_t>(k)] = 0;
            sum += coeffs[static_cast<size_t>(k)];
        }
        for (double& v : coeffs)
            v /= sum;
    }
    double result = 0;
    for (int64_t k = 0; k < n; ++k)
        if (coeffs[static_cast<size_t>(k)] != 0)
            result += coeffs[static_cast<size_t>(k)] *
                      value(std::clamp<int64_t>(candidates[static_cast<size_t>(k)], 0, in - 1));
    return result;
}

struct Reference {
    Dims dims;
    std::vector<double> values;
};

Reference referenceResize(const ResizeCase& c, const std::vector<float>& x) {
    const size_t rank = c.x.size();
    std::vector<double> scales;
    Reference ref;
    if (!c.scales.empty()) {
        for (size_t i = 0; i < rank; ++i) {
            scales.push_back(c.scales[i]);
            ref.dims.push_back(static_cast<int64_t>(std::floor(float(c.x[i]) * c.scales[i])));
        }
    } else {
        for (size_t i = 0; i < rank; ++i)
            scales.push_back(double(c.sizes[i]) / double(c.x[i]));
        ref.dims = c.sizes;
    }
    // interpolate_nd_with_x: the first axis is interpolated over the recursively interpolated rest
    std::function<double(size_t, int64_t, const Dims&)> nd = [&](size_t axis, int64_t offset,
                                                                 const Dims& coordinate) {
        int64_t stride = 1;
        for (size_t i = axis + 1; i < rank; ++i)
            stride *= c.x[i];
        auto value = [&](int64_t i) {
            return axis + 1 == rank ? double(x[static_cast<size_t>(offset + i)])
                                    : nd(axis + 1, offset + i * stride, coordinate);
        };
        const double roiStart = c.roi.empty() ? 0 : c.roi[axis],
                     roiEnd = c.roi.empty() ? 1 : c.roi[axis + rank];
        return interpolate1d(c, c.x[axis], value, scales[axis], double(coordinate[axis]), roiStart,
                             roiEnd);
    };
    const int64_t count = product(ref.dims);
    for (int64_t e = 0; e < count; ++e) {
        Dims coordinate(rank);
        int64_t rest = e;
        for (size_t i = rank; i-- > 0;) {
            coordinate[i] = rest % ref.dims[i];
            rest /= ref.dims[i];
        }
        ref.values.push_back(nd(0, 0, coordinate));
    }
    return ref;
}

NodeSpec specOf(const ResizeCase& c, const HostTensor& x) {
    NodeSpec spec;
    spec.op = c.op;
    spec.opset = c.opset;
    const auto rank = static_cast<int64_t>(c.x.size());
    const HostTensor scales =
        HostTensor::fromFloats({static_cast<int64_t>(c.scales.size())}, c.scales);
    if (c.op == "Upsample" && c.opset < 9) {
        Attribute a;
        a.kind = Attribute::Kind::Floats;
        a.floats = c.scales;
        spec.attributes["scales"] = a;
        spec.inputs = {x};
    } else if (c.op == "Upsample" || c.opset < 11) {
        spec.inputs = {x, scales};
    } else {
        const HostTensor roi =
            c.roi.empty() ? (c.opset >= 13 ? HostTensor() : HostTensor::fromFloats({0}, {}))
                          : HostTensor::fromFloats({2 * rank}, c.roi);
        if (c.scales.empty())
            spec.inputs = {x, roi, c.opset >= 13 ? HostTensor() : HostTensor::fromFloats({0}, {}),
                           HostTensor::fromInt64s({rank}, c.sizes)};
        else
            spec.inputs = {x, roi, scales};
        spec.attributes["coordinate_transformation_mode"] = text(c.coordinates);
        spec.attributes["nearest_mode"] = text(c.nearestMode);
        spec.attributes["cubic_coeff_a"] = real(c.cubicA);
        spec.attributes["exclude_outside"] = integer(c.excludeOutside);
        spec.attributes["extrapolation_value"] = real(c.extrapolation);
    }
    spec.attributes["mode"] = text(c.mode);
    return spec;
}

void check(const ResizeCase& c, bool asDouble = false) {
    std::mt19937 rng(21);
    const auto x = randomValues(product(c.x), rng);
    const Reference ref = referenceResize(c, x);
    for (int threads : {1, 2}) {
        HostTensor tx = HostTensor::fromFloats(c.x, x);
        NodeSpec spec = specOf(c, asDouble ? toDouble(tx) : tx);
        spec.threads = threads;
        auto out = runNode(spec);
        const std::string where = c.label + " (" + std::to_string(threads) + " threads)";
        QVERIFY2(out.ok(), (where + ": " + (out.ok() ? "" : out.error().message)).c_str());
        QCOMPARE(out->at(0).dtype(), asDouble ? DataType::Double : DataType::Float);
        const std::string diff = compareClose(out->at(0), ref.dims, ref.values, 1e-5, 1e-5);
        QVERIFY2(diff.empty(), (where + ": " + diff).c_str());
    }
}

std::string failure(const ResizeCase& c, std::map<std::string, Attribute> extra = {}) {
    std::mt19937 rng(22);
    NodeSpec spec = specOf(c, randomTensor(c.x, rng));
    for (auto& [k, v] : extra)
        spec.attributes[k] = v;
    auto out = runNode(spec);
    return out.ok() ? std::string("(no error)") : out.error().message;
}

} // namespace

class TestResizeKernels : public QObject {
    Q_OBJECT

private slots:
    void nearestModesAndCoordinates();
    void linear();
    void cubic();
    void sizesAndOpset11();
    void tfCropAndResize();
    void legacyResizeAndUpsample();
    void float64AndLarge();
    void rejectsBadInput();
};

void TestResizeKernels::nearestModesAndCoordinates() {
    for (const char* nearest : {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"})
        for (const char* coordinates : {"half_pixel", "asymmetric", "align_corners",
                                        "pytorch_half_pixel", "tf_half_pixel_for_nn"}) {
            const std::string label = std::string(nearest) + " " + coordinates;
            check({label + " up",
                   {1, 2, 3, 4},
                   {1, 1, 2.5f, 1.5f},
                   {},
                   "nearest",
                   coordinates,
                   nearest});
            check({label + " down",
                   {1, 2, 7, 9},
                   {1, 1, 0.5f, 0.7f},
                   {},
                   "nearest",
                   coordinates,
                   nearest});
        }
    check(
        {"2x (YOLO upsample)", {1, 8, 13, 13}, {1, 1, 2, 2}, {}, "nearest", "asymmetric", "floor"});
}

void TestResizeKernels::linear() {
    for (const char* coordinates :
         {"half_pixel", "asymmetric", "align_corners", "pytorch_half_pixel"}) {
        check({std::string("bilinear up ") + coordinates,
               {1, 2, 4, 5},
               {1, 1, 1.75f, 2.5f},
               {},
               "linear",
               coordinates});
        check({std::string("bilinear down ") + coordinates,
               {2, 1, 8, 9},
               {1, 1, 0.6f, 0.45f},
               {},
               "linear",
               coordinates});
    }
    check({"1-D linear", {10}, {1.7f}, {}, "linear"});
    check({"trilinear", {1, 1, 3, 4, 5}, {1, 1, 2, 1.5f, 0.8f}, {}, "linear"});
    check({"linear on all four axes", {2, 3, 4, 5}, {1.5f, 2, 0.5f, 1.25f}, {}, "linear"});
}

void TestResizeKernels::cubic() {
    check({"bicubic up", {1, 2, 5, 6}, {1, 1, 2, 1.5f}, {}, "cubic"});
    check({"bicubic down align_corners",
           {1, 1, 9, 8},
           {1, 1, 0.5f, 0.75f},
           {},
           "cubic",
           "align_corners"});
    check({"bicubic A=-0.5 exclude_outside",
           {1, 2, 6, 6},
           {1, 1, 1.6f, 0.6f},
           {},
           "cubic",
           "half_pixel",
           "round_prefer_floor",
           -0.5f,
           true});
    check({"bicubic asymmetric", {1, 1, 4, 4}, {1, 1, 2, 2}, {}, "cubic", "asymmetric"});
}

void TestResizeKernels::sizesAndOpset11() {
    check({"sizes nearest", {1, 2, 5, 7}, {}, {1, 2, 8, 3}, "nearest"});
    check({"sizes linear pytorch_half_pixel to 1",
           {1, 1, 6, 4},
           {},
           {1, 1, 1, 3},
           "linear",
           "pytorch_half_pixel"});
    check({"sizes cubic", {1, 1, 5, 5}, {}, {1, 1, 7, 3}, "cubic"});
    ResizeCase opset11{
        "opset 11 sizes with empty roi and scales", {1, 2, 4, 6}, {}, {1, 2, 7, 4}, "linear"};
    opset11.opset = 11;
    check(opset11);
    ResizeCase opset11Scales{"opset 11 scales", {1, 2, 4, 6}, {1, 1, 1.5f, 0.5f}, {}, "nearest",
                             "asymmetric",      "floor"};
    opset11Scales.opset = 11;
    check(opset11Scales);
}

void TestResizeKernels::tfCropAndResize() {
    ResizeCase c{"crop linear", {1, 2, 6, 7}, {}, {1, 2, 4, 5}, "linear", "tf_crop_and_resize"};
    c.roi = {0, 0, 0.2f, 0.1f, 1, 1, 0.9f, 1.2f}; // the last axis runs past the input: extrapolated
    c.extrapolation = 10.f;
    check(c);
    c.label = "crop nearest";
    c.mode = "nearest";
    c.roi = {0, 0, -0.2f, 0.3f, 1, 1, 0.7f, 0.8f};
    check(c);
}

void TestResizeKernels::legacyResizeAndUpsample() {
    ResizeCase r10{"Resize-10 nearest up", {1, 2, 3, 4}, {1, 1, 2, 3}, {}, "nearest"};
    r10.opset = 10;
    check(r10);
    r10.label = "Resize-10 nearest down (ceil)";
    r10.scales = {1, 1, 0.6f, 0.5f};
    r10.x = {1, 2, 7, 8};
    check(r10);
    r10.label = "Resize-10 linear";
    r10.mode = "linear";
    r10.scales = {1, 1, 1.5f, 2};
    check(r10);
    ResizeCase up9{"Upsample-9 nearest", {1, 3, 4, 4}, {1, 1, 2, 2}, {}, "nearest"};
    up9.op = "Upsample";
    up9.opset = 9;
    check(up9);
    up9.label = "Upsample-9 linear";
    up9.mode = "linear";
    up9.scales = {1, 1, 2, 1.5f};
    check(up9);
    ResizeCase up7{"Upsample-7 attribute scales", {1, 2, 3, 5}, {1, 1, 3, 2}, {}, "nearest"};
    up7.op = "Upsample";
    up7.opset = 7;
    check(up7);
}

void TestResizeKernels::float64AndLarge() {
    check({"float64 linear", {1, 2, 5, 6}, {1, 1, 1.5f, 2}, {}, "linear"}, true);
    check({"large bilinear (parallel)", {1, 32, 40, 40}, {1, 1, 2, 2}, {}, "linear", "half_pixel"});
    check({"unchanged", {1, 2, 3, 3}, {1, 1, 1, 1}, {}, "linear"});
}

void TestResizeKernels::rejectsBadInput() {
    auto expect = [](const std::string& message, const std::string& part) {
        QVERIFY2(message.find(part) != std::string::npos, (message + " lacks: " + part).c_str());
    };
    ResizeCase both{"", {1, 1, 4, 4}, {1, 1, 2, 2}, {1, 1, 8, 8}};
    {
        std::mt19937 rng(1);
        NodeSpec spec = specOf(both, randomTensor(both.x, rng));
        spec.inputs.push_back(HostTensor::fromInt64s({4}, both.sizes));
        auto out = runNode(spec);
        QVERIFY(!out.ok());
        expect(out.error().message,
               "node 'node' (Resize): exactly one of the inputs 'scales' and 'sizes'");
    }
    expect(failure({"", {1, 1, 4, 4}, {2, 2}}), "scales has 2 values for input X of rank 4");
    expect(failure({"", {1, 1, 4, 4}, {1, 1, -2, 2}}), "is not positive");
    expect(failure({"", {1, 1, 4, 4}, {1, 1, 2, 2}, {}, "nearest", "half_pixel_symmetric"}),
           "coordinate_transformation_mode 'half_pixel_symmetric' is not supported");
    expect(failure({"", {1, 1, 4, 4}, {1, 1, 2, 2}, {}, "nearest", "half_pixel", "nearest_even"}),
           "nearest_mode 'nearest_even'");
    expect(failure({"", {1, 1, 4, 4}, {1, 1, 2, 2}, {}, "area"}), "mode 'area' is not supported");
    expect(failure({"", {1, 1, 4, 4}, {}, {1, 1, 4, 4}, "linear", "tf_crop_and_resize"}),
           "needs input 'roi' with 8");
    expect(failure({"", {1, 1, 4, 4}, {1, 1, 2, 2}}, {{"antialias", integer(1)}}),
           "'antialias' (opset 18)");
    expect(failure({"", {1, 1, 4, 4}, {}, {1, 1, 1000000000, 1000000000}}), "is too large");
    expect(failure({"", {1, 1, 4, 4}, {1, 1, 1e30f, 1}}), "gives a too large output");
    ResizeCase cubicUpsample{"", {1, 1, 4, 4}, {1, 1, 2, 2}, {}, "cubic"};
    cubicUpsample.op = "Upsample";
    cubicUpsample.opset = 9;
    expect(failure(cubicUpsample), "mode 'cubic' is not supported (nearest, linear)");
    cubicUpsample.mode = "nearest";
    cubicUpsample.scales = {1, 1, 0.5f, 1};
    expect(failure(cubicUpsample), "Upsample scale 0.500000 is below 1");
}

QTEST_GUILESS_MAIN(TestResizeKernels)
#include "test_resize_kernels.moc"
