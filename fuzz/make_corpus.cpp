// Writes the seed corpora of the fuzz targets (fuzz/corpus/<target>/), each seed through the
// product's own writers where it has one, so the seeds are inputs the program really meets.
// Run by fuzz/make_corpus.sh; deterministic (fixed seeds), so re-running changes nothing.
// Usage: fuzz_make_corpus OUT_DIR [ONNX_TESTDATA_DIR]
#include "core/bundle/bundle_writer.h"
#include "core/cost/profile_loader.h"
#include "core/deploy/inference_messages.h"
#include "core/io/tensor_io.h"
#include "fuzz/analyzed_model.h"
#include "session/calibration_cache.h"
#include "tests/support/manifest_crossing.h"
#include "tests/support/model_builder.h"

#include <QBuffer>
#include <QGuiApplication>
#include <QImage>
#include <QJsonDocument>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace autosplit;
using autosplit::testing::addCrossing;

namespace {

fs::path g_out;

void write(const std::string& target, const std::string& name, const std::string& bytes) {
    const fs::path dir = g_out / target;
    fs::create_directories(dir);
    std::ofstream(dir / name, std::ios::binary | std::ios::trunc) << bytes;
}

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

std::string lengthPrefixed(const std::string& model, const std::string& external) {
    const auto n = static_cast<uint32_t>(model.size());
    std::string out{char(n & 0xff), char((n >> 8) & 0xff), char((n >> 16) & 0xff),
                    char((n >> 24) & 0xff)};
    return out + model + external;
}

// A model with its first float initializer moved to the sibling file "weights.bin".
std::string withExternalData(onnx::ModelProto model) {
    std::string external = "pad!"; // data at a non-zero offset
    for (auto& t : *model.mutable_graph()->mutable_initializer()) {
        if (t.data_type() != onnx::TensorProto::FLOAT)
            continue;
        std::string raw = t.raw_data();
        if (raw.empty())
            for (float f : t.float_data())
                raw.append(reinterpret_cast<const char*>(&f), sizeof f);
        t.clear_float_data();
        t.clear_raw_data();
        t.set_data_location(onnx::TensorProto::EXTERNAL);
        auto add = [&](const char* key, const std::string& value) {
            auto* e = t.add_external_data();
            e->set_key(key);
            e->set_value(value);
        };
        add("location", "weights.bin");
        add("offset", std::to_string(external.size()));
        add("length", std::to_string(raw.size()));
        external += raw;
        break;
    }
    return lengthPrefixed(model.SerializeAsString(), external);
}

void onnxImport(const fs::path& testdata) {
    write("onnx_import", "chain",
          lengthPrefixed(testing::buildChain(2, 4, 8).SerializeAsString(), ""));
    write("onnx_import", "chain-opset9",
          lengthPrefixed(testing::buildChain(2, 4, 8, 9).SerializeAsString(), ""));
    write("onnx_import", "chain-external", withExternalData(testing::buildChain(1, 4, 8)));
    {
        testing::ModelBuilder b(13);
        std::string x = b.input("x", {1, 4, 8, 8});
        std::string p = b.maxPool(x, 2, 2);
        std::string u = b.upsample2x(p);
        std::string c = b.concat({x, u});
        std::string r = b.reduceMean(c, {2, 3});
        b.output(b.flatten(r));
        write("onnx_import", "pool-upsample-concat", lengthPrefixed(b.serialized(), ""));
    }
    {
        testing::ModelBuilder b(13);
        std::string x = b.input("x", {1, 3, 4, 4});
        std::string shape = b.node("Shape", {x}, 1, {{4}})[0];
        std::string y = b.node("Reshape", {x, shape}, 1, {{1, 3, 4, 4}})[0];
        b.output(b.relu(y));
        write("onnx_import", "shape-reshape", lengthPrefixed(b.serialized(), ""));
    }
    // A few of ONNX's own node tests (sub-graphs, dynamic shapes, many operators).
    const char* nodeTests[] = {"test_if",
                               "test_loop11",
                               "test_conv_with_strides_padding",
                               "test_resize_downsample_scales_linear",
                               "test_gather_0",
                               "test_layer_normalization_2d_axis0",
                               "test_range_float_type_positive_delta_expanded",
                               "test_batchnorm_epsilon",
                               "test_scan9_sum",
                               "test_constantofshape_int_zeros",
                               "test_slice_neg_steps"};
    for (const char* name : nodeTests) {
        const fs::path model = testdata / "node" / name / "model.onnx";
        if (fs::exists(model))
            write("onnx_import", std::string("node-") + name, lengthPrefixed(readFile(model), ""));
        const fs::path input = testdata / "node" / name / "test_data_set_0" / "input_0.pb";
        if (fs::exists(input))
            write("tensor_proto", std::string("node-") + name, readFile(input));
    }
}

void executor() {
    std::mt19937 rng(7);
    for (int i = 0; i < 48; ++i) {
        std::string bytes(static_cast<size_t>(64 + (rng() % 448)), '\0');
        for (char& c : bytes)
            c = static_cast<char>(rng() & 0xff);
        write("executor", "random-" + std::to_string(i), bytes);
    }
}

std::string imageFile(const QImage& image, const char* format, int quality = -1) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, format, quality);
    return bytes.toStdString();
}

void images() {
    QImage rgb(8, 6, QImage::Format_RGB888);
    for (int y = 0; y < rgb.height(); ++y)
        for (int x = 0; x < rgb.width(); ++x)
            rgb.setPixel(x, y, qRgb(x * 30, y * 40, (x + y) * 10));
    const QImage rgba = rgb.convertToFormat(QImage::Format_ARGB32);
    const QImage grey = rgb.convertToFormat(QImage::Format_Grayscale8);
    const QImage grey16 = rgb.convertToFormat(QImage::Format_Grayscale16);
    const QImage rgb16 = rgb.convertToFormat(QImage::Format_RGBX64);
    const QImage palette = rgb.convertToFormat(QImage::Format_Indexed8);
    const std::string imagenet =
        "resize=16x16,scale=1/255,mean=0.485,0.456,0.406,std=0.229,0.224,0.225\n";
    const std::string ocr = "resize=8x24,keep-aspect,pad,order=bgr,scale=1/255,mean=0.5,std=0.5\n";
    write("image_decode", "png-rgb", imagenet + imageFile(rgb, "PNG"));
    write("image_decode", "png-rgba", ocr + imageFile(rgba, "PNG"));
    write("image_decode", "png-grey", "channels=1,layout=nhwc\n" + imageFile(grey, "PNG"));
    write("image_decode", "png-grey16", "\n" + imageFile(grey16, "PNG"));
    write("image_decode", "png-rgb16", "scale=2\n" + imageFile(rgb16, "PNG"));
    write("image_decode", "png-palette", imagenet + imageFile(palette, "PNG"));
    write("image_decode", "jpeg-rgb", ocr + imageFile(rgb, "JPEG", 50));
    write("image_decode", "jpeg-grey", "resize=3x5\n" + imageFile(grey, "JPEG", 90));
}

std::string npy(const std::string& descr, const std::string& shape, const std::string& payload,
                int version = 1) {
    std::string header =
        "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    const size_t prefix = version == 1 ? 10 : 12;
    while ((prefix + header.size() + 1) % 64 != 0)
        header += ' ';
    header += '\n';
    std::string out = "\x93NUMPY";
    out += char(version);
    out += '\0';
    const auto n = static_cast<uint32_t>(header.size());
    out += char(n & 0xff);
    out += char((n >> 8) & 0xff);
    if (version != 1) {
        out += char((n >> 16) & 0xff);
        out += char((n >> 24) & 0xff);
    }
    return out + header + payload;
}

void npyFiles() {
    std::string f4;
    for (float v : {0.5f, -1.0f, 2.0f, 3.5f, -0.0f, 1e30f})
        f4.append(reinterpret_cast<const char*>(&v), 4);
    write("npy", "f4-2x3", npy("<f4", "(2, 3)", f4));
    write("npy", "f4-v2", npy("<f4", "(6,)", f4, 2));
    write("npy", "f4-v3", npy("<f4", "(1, 2, 3)", f4, 3));
    write("npy", "u1", npy("|u1", "(2, 2)", "\x01\x02\x03\xff"));
    write("npy", "b1", npy("|b1", "(3,)", std::string("\x01\x00\x01", 3)));
    write("npy", "i8-scalar", npy("<i8", "()", std::string("\x07\0\0\0\0\0\0\0", 8)));
    write("npy", "f2", npy("<f2", "(2,)", std::string("\x00\x3c\x00\xc0", 4)));
    write("npy", "f8", npy("<f8", "(1,)", std::string("\0\0\0\0\0\0\xf0\x3f", 8)));
    write("npy", "big-endian", npy(">f4", "(1,)", std::string("\x3f\x80\0\0", 4)));
    write("npy", "i2-empty", npy("<i2", "(0, 4)", ""));
}

void tensorProtos() {
    const std::vector<float> f = {1.0f, -2.5f, 0.0f, 3.25f, 1e-3f, -7.0f};
    write("tensor_proto", "raw-float",
          serializeTensorProto("x", HostTensor::fromFloats({2, 3}, f)));
    write("tensor_proto", "raw-int64",
          serializeTensorProto("i", HostTensor::fromInt64s({3}, std::vector<int64_t>{1, -2, 3})));
    HostTensor u8(DataType::UInt8, {2, 2});
    write("tensor_proto", "raw-uint8", serializeTensorProto("u", u8));
    onnx::TensorProto t;
    t.set_name("typed-float");
    t.set_data_type(onnx::TensorProto::FLOAT);
    t.add_dims(2);
    t.add_dims(2);
    for (float v : {1.0f, 2.0f, 3.0f, 4.0f})
        t.add_float_data(v);
    write("tensor_proto", "typed-float", t.SerializeAsString());
    onnx::TensorProto i;
    i.set_name("typed-int32");
    i.set_data_type(onnx::TensorProto::INT32);
    i.add_dims(3);
    for (int v : {5, -6, 7})
        i.add_int32_data(v);
    write("tensor_proto", "typed-int32", i.SerializeAsString());
    onnx::TensorProto h;
    h.set_name("half");
    h.set_data_type(onnx::TensorProto::FLOAT16);
    h.add_dims(2);
    h.add_int32_data(0x3c00);
    h.add_int32_data(0xc000);
    write("tensor_proto", "typed-float16", h.SerializeAsString());
    onnx::TensorProto d;
    d.set_name("double");
    d.set_data_type(onnx::TensorProto::DOUBLE);
    d.add_dims(1);
    d.add_double_data(0.125);
    write("tensor_proto", "typed-double", d.SerializeAsString());
}

void profileSeeds() {
    for (const auto& name : devicePresetNames())
        if (auto p = loadDevicePreset(name))
            write("profile_json", "device-" + name, std::string(1, '\0') + deviceProfileJson(*p));
    const fs::path presets = fs::path(AUTOSPLIT_SOURCE_DIR) / "resources/presets/networks";
    for (const auto& e : fs::directory_iterator(presets))
        write("profile_json", "network-" + e.path().stem().string(),
              std::string(1, '\1') + readFile(e.path()));
}

void measuredLatencies() {
    const auto& analysis = fuzz::analyzedModel().analysis;
    std::string all = "layer,edge_ms,cloud_ms\n";
    std::string quoted = "cloud_ms,\"layer\",edge_ms\n";
    for (const auto& layer : analysis.layers) {
        all += layer.name + ",1.5,0.02\n";
        quoted += ",\"" + layer.name + "\",3\n";
    }
    write("measured_latency_csv", "all-layers", all);
    write("measured_latency_csv", "quoted-reordered", quoted);
    write("measured_latency_csv", "edge-only",
          "layer,edge_ms\n" + analysis.layers.front().name + ",0.25\r\n");
}

void calibration() {
    CalibrationResult r;
    r.samples = 4;
    r.table.bits = {2, 4, 8};
    r.table.weightRangeMethod = "minmax";
    r.table.activationRangeMethod = "mse";
    LayerQuantErrors row;
    row.layer = 1;
    row.name = "conv";
    row.opType = "Conv";
    row.weight = "conv.w";
    row.weightAxis = 0;
    row.weightElements = 20;
    row.weightMse = {0.5, 0.1, 0.01};
    row.activation = "conv.out";
    row.activationMse = {0.4, 0.05, 0.001};
    r.table.layers.push_back(row);
    r.activationRanges["conv.out"] = {{-1.0f, 2.0f}, {-1.5f, 3.0f}, {-2.0f, 4.0f}};
    r.inputRanges["x"][8] = Range{0.0f, 1.0f};
    r.inputRanges["x"][4] = Range{0.0f, 0.9f};
    RoundingMask mask(20);
    mask.flip(3);
    mask.flip(17);
    r.weightRounding["conv.w"].emplace(4, mask);
    write(
        "calibration_cache", "entry",
        QJsonDocument(session::calibrationToJson(r)).toJson(QJsonDocument::Compact).toStdString());
    r.weightRounding.clear();
    write("calibration_cache", "entry-indented",
          QJsonDocument(session::calibrationToJson(r)).toJson().toStdString());
}

// The manifest fuzz/infer_request.cpp decodes against, with every section filled.
bundle::Manifest manifest() {
    bundle::Manifest m;
    m.set_format(kBundleFormat);
    m.set_format_version(kBundleFormatVersion);
    m.set_created_by("autosplit 0.1.0");
    m.set_created_at("2024-01-01T00:00:00Z");
    m.mutable_source()->set_file_name("model.onnx");
    m.mutable_source()->set_layers(5);
    m.set_method("auto-split");
    m.set_split(2);
    auto* layer = m.add_layers();
    layer->set_index(1);
    layer->set_name("conv");
    layer->set_op_type("Conv");
    layer->set_on_edge(true);
    layer->set_weight_bits(4);
    layer->set_activation_bits(4);
    auto* in = m.add_edge_inputs();
    in->set_name("x");
    in->set_data_type("float32");
    for (int64_t d : {1, 3, 8, 8})
        in->add_shape(d);
    m.set_triton_model_name("toy_cloud");
    m.mutable_edge_model()->set_path("edge.onnx");
    m.mutable_cloud_model()->set_path("cloud.onnx");
    m.mutable_cloud_model()->set_sha256(std::string(64, 'c'));
    addCrossing(m, "a.codes", "uint8", {1, 16, 8, 8}, 4, true, 0.05, 3, "channels");
    addCrossing(m, "b.codes", "uint8", {1, 5, 7}, 3, true, 0.125, 0, "height-width");
    addCrossing(m, "f", "float32", {1, -1}, 32, false, 0.0, 0, "none");
    m.mutable_prediction()->set_total_seconds(0.01);
    m.mutable_deployment()->set_network("4g");
    m.mutable_accuracy()->set_drop_percent(0.5);
    m.set_preprocessing("resize=8x8,scale=1/255");
    return m;
}

void bundleAndWire() {
    const bundle::Manifest m = manifest();
    write("bundle_manifest", "manifest", manifestJson(m));
    bundle::Manifest minimal;
    minimal.set_format(kBundleFormat);
    minimal.set_format_version(1);
    write("bundle_manifest", "minimal", manifestJson(minimal));

    std::mt19937 rng(11);
    auto codes = [&](std::vector<int64_t> dims, int bits) {
        HostTensor t(DataType::UInt8, std::move(dims));
        for (uint8_t& c : t.mutableSpan<uint8_t>())
            c = static_cast<uint8_t>(rng() % (1u << bits));
        return t;
    };
    std::map<std::string, HostTensor> sent;
    sent["a.codes"] = codes({1, 16, 8, 8}, 4);
    sent["b.codes"] = codes({1, 5, 7}, 3);
    sent["f"] = HostTensor::fromFloats({1, 3}, std::vector<float>{1.5f, -0.0f, 7.25f});
    for (auto mode : {WireMode::Packed, WireMode::Codes}) {
        RequestOptions options;
        options.mode = mode;
        options.frame = 42;
        auto request = encodeInferRequest(m, sent, options);
        if (request)
            write("infer_request", mode == WireMode::Packed ? "packed" : "codes",
                  request->SerializeAsString());
    }
    write("infer_request", "response",
          encodeInferResponse({{"y", HostTensor::fromFloats({1, 2}, std::vector<float>{1, 2})}},
                              "toy_cloud", "7", 0.003)
              .SerializeAsString());
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: fuzz_make_corpus OUT_DIR [ONNX_TESTDATA_DIR]\n");
        return 2;
    }
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv); // QImage's PNG and JPEG writers are Qt Gui plugins
    g_out = argv[1];
    onnxImport(argc > 2 ? fs::path(argv[2]) : fs::path("/usr/share/libonnx-testdata/data"));
    executor();
    images();
    npyFiles();
    tensorProtos();
    profileSeeds();
    measuredLatencies();
    calibration();
    bundleAndWire();
    return 0;
}
