// A bundle's tensors on the Open Inference Protocol (core/deploy/inference_messages.h) and the
// gRPC server and client that carry them (cloud_server.h, cloud_client.h).
// The codec part uses a manifest written here: a 4-bit [1,16,8,8] tensor packed by channels, a
// 3-bit [1,5,7] one packed height-width and a float32 [1,?] one. Round trips must give back the
// exact bytes, the packed bytes must be the wire format computed here bit by bit, and every
// malformed request must be refused with a message naming the tensor and the problem, since
// requests come from the network.
// The server part serves a real bundle (a ResNet-50-shaped model cut in the middle, 4-bit codes
// crossing) on 127.0.0.1 and checks the answers against the cloud half run in this process, and
// that every refusal carries the right gRPC status while the server goes on serving.
// Long file: the codec's refusals are many small cases, and the server's answers are checked
// against the same messages, so both live in one suite.

#include "tests/core/deploy/deploy_fixture.h"
#include "tests/support/manifest_crossing.h"

#include "core/bundle/bundle_reader.h"
#include "core/deploy/bundle_runners.h"
#include "core/deploy/cloud_client.h"
#include "core/deploy/cloud_server.h"
#include "core/deploy/inference_messages.h"
#include "core/graph/half_float.h"
#include "tests/support/model_builder.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

using Request = inference::ModelInferRequest;
using Bytes = std::vector<uint8_t>;

const char* const kA = "a.codes"; // 4 bits, channels
const char* const kB = "b.codes"; // 3 bits, height-width
const char* const kF = "f";       // float32, second dim open

bundle::Manifest codecManifest() {
    bundle::Manifest m;
    m.set_triton_model_name("toy_cloud");
    m.mutable_cloud_model()->set_sha256(std::string(64, 'c'));
    addCrossing(m, kA, "uint8", {1, 16, 8, 8}, 4, true, 0.05, 3, "channels");
    addCrossing(m, kB, "uint8", {1, 5, 7}, 3, true, 0.125, 0, "height-width");
    addCrossing(m, kF, "float32", {1, -1}, 32, false, 0.0, 0, "none");
    return m;
}

HostTensor randomCodes(std::vector<int64_t> dims, int bits, std::mt19937& rng) {
    HostTensor t(DataType::UInt8, std::move(dims));
    std::uniform_int_distribution<int> code(0, (1 << bits) - 1);
    for (uint8_t& c : t.mutableSpan<uint8_t>())
        c = static_cast<uint8_t>(code(rng));
    return t;
}

std::map<std::string, HostTensor> codecSent() {
    std::mt19937 rng(11);
    std::map<std::string, HostTensor> sent;
    sent[kA] = randomCodes({1, 16, 8, 8}, 4, rng);
    sent[kB] = randomCodes({1, 5, 7}, 3, rng);
    // bit patterns a lossy path would change: signed zero, a denormal, infinities, a NaN
    const float values[] = {1.5f,
                            -0.0f,
                            std::numeric_limits<float>::denorm_min(),
                            -std::numeric_limits<float>::infinity(),
                            std::numeric_limits<float>::quiet_NaN(),
                            3.0e38f,
                            -7.25f};
    sent[kF] = HostTensor::fromFloats({1, 7}, values);
    // an edge output that does not cross is not sent
    sent["edge.only"] = HostTensor::fromFloats({1}, std::vector<float>{2.0f});
    return sent;
}

bool sameTensor(const HostTensor& a, const HostTensor& b) {
    return a.dtype() == b.dtype() && a.dims() == b.dims() && a.byteSize() == b.byteSize() &&
           std::memcmp(a.bytes(), b.bytes(), a.byteSize()) == 0;
}

Bytes bytesOf(const HostTensor& t) {
    const auto* p = reinterpret_cast<const uint8_t*>(t.bytes());
    return Bytes(p, p + t.byteSize());
}
Bytes bytesOf(const std::string& s) {
    return Bytes(s.begin(), s.end());
}

// The Channels layout at 4 bits (k = 2 channels share a byte, one byte plane): byte i of group g
// holds channel 2g's code at pixel i in its low nibble and channel 2g+1's in its high nibble.
Bytes referenceChannels4(const HostTensor& t) {
    const int64_t c = t.dim(1), s = t.dim(2) * t.dim(3);
    const uint8_t* codes = t.data<uint8_t>();
    Bytes out(static_cast<size_t>(c * s / 2));
    for (int64_t g = 0; g < c / 2; ++g)
        for (int64_t i = 0; i < s; ++i)
            out[static_cast<size_t>(g * s + i)] =
                static_cast<uint8_t>(codes[2 * g * s + i] | (codes[(2 * g + 1) * s + i] << 4));
    return out;
}

// The HeightWidth layout: element e's bit q is stream bit e*b+q, stream bit s is bit s%8 of byte
// s/8.
Bytes referenceStream(const HostTensor& t, int bits) {
    const uint8_t* codes = t.data<uint8_t>();
    Bytes out(static_cast<size_t>((t.elementCount() * bits + 7) / 8), 0);
    for (int64_t e = 0; e < t.elementCount(); ++e)
        for (int q = 0; q < bits; ++q)
            if ((codes[e] >> q) & 1) {
                const int64_t s = e * bits + q;
                out[static_cast<size_t>(s / 8)] |= static_cast<uint8_t>(1 << (s % 8));
            }
    return out;
}

int inputIndex(const Request& r, const std::string& name) {
    for (int i = 0; i < r.inputs_size(); ++i)
        if (r.inputs(i).name() == name)
            return i;
    return -1;
}

inference::ModelInferRequest_InferInputTensor& input(Request& r, const std::string& name) {
    return *r.mutable_inputs(inputIndex(r, name));
}
std::string& raw(Request& r, const std::string& name) {
    return *r.mutable_raw_input_contents(inputIndex(r, name));
}
inference::InferParameter& param(Request& r, const std::string& name, const char* key) {
    return (*input(r, name).mutable_parameters())[key];
}

Request goodRequest(WireMode mode) {
    RequestOptions options;
    options.mode = mode;
    options.frame = 42;
    return encodeInferRequest(codecManifest(), codecSent(), options).value();
}

// The refusal's message, or nullopt when the request was accepted.
std::optional<std::string> refusal(const Request& r, int64_t maxElements = int64_t(1) << 28) {
    auto decoded = decodeInferRequest(codecManifest(), r, maxElements);
    if (decoded)
        return std::nullopt;
    return decoded.error().message;
}

bool mentionsAll(const std::string& message, const std::vector<std::string>& words) {
    for (const auto& w : words)
        if (message.find(w) == std::string::npos)
            return false;
    return true;
}

#define VERIFY_REFUSED(request, ...)                                                               \
    do {                                                                                           \
        const auto message = refusal(request);                                                     \
        QVERIFY2(message.has_value(), "accepted");                                                 \
        QVERIFY2(mentionsAll(*message, {__VA_ARGS__}), message->c_str());                          \
    } while (false)

// A quote-wrapped tensor name as the messages name it.
std::string q(const char* name) {
    return "'" + std::string(name) + "'";
}

// The bundle the server part serves, built once.
struct Served {
    QTemporaryDir tmp;
    std::optional<OpenedBundle> bundle;
    std::optional<BundleHalf> edge, cloud;
    std::vector<HostTensor> sample; // the edge's inputs, in graph order
    TensorMap edgeFeeds;
    std::string problem;
};

} // namespace

class TestInferenceMessages : public QObject {
    Q_OBJECT

    std::unique_ptr<Served> m_served;

    // What the edge sends for the sample, and the request carrying it.
    TensorMap edgeSent() const { return m_served->edge->run(m_served->edgeFeeds).value(); }
    Request servedRequest(WireMode mode) const {
        RequestOptions options;
        options.mode = mode;
        return encodeInferRequest(m_served->bundle->manifest, edgeSent(), options).value();
    }
    std::string address(int port) const { return "127.0.0.1:" + std::to_string(port); }

private slots:
    // --- the codec -------------------------------------------------------------------------

    void packedRoundTripIsExact() {
        const auto sent = codecSent();
        const Request r = goodRequest(WireMode::Packed);
        QCOMPARE(r.model_name(), std::string("toy_cloud"));
        QCOMPARE(r.parameters().at(kParamBundle).string_param(), std::string(64, 'c'));
        QCOMPARE(r.parameters().at(kParamFrame).int64_param(), int64_t(42));
        QCOMPARE(r.inputs_size(), 3); // the edge-only output is not sent
        QCOMPARE(r.raw_input_contents_size(), 3);

        // the wire bytes are the layouts of activation_packing.h, computed independently
        QCOMPARE(r.raw_input_contents(inputIndex(r, kA)).size(), size_t(16 * 64 / 2));
        QCOMPARE(bytesOf(r.raw_input_contents(inputIndex(r, kA))), referenceChannels4(sent.at(kA)));
        QCOMPARE(r.raw_input_contents(inputIndex(r, kB)).size(), size_t((35 * 3 + 7) / 8));
        QCOMPARE(bytesOf(r.raw_input_contents(inputIndex(r, kB))), referenceStream(sent.at(kB), 3));
        QCOMPARE(bytesOf(r.raw_input_contents(inputIndex(r, kF))), bytesOf(sent.at(kF)));

        const auto& a = r.inputs(inputIndex(r, kA));
        QCOMPARE(a.datatype(), std::string("UINT8"));
        QCOMPARE(std::vector<int64_t>(a.shape().begin(), a.shape().end()),
                 (std::vector<int64_t>{1, 16, 8, 8}));
        QCOMPARE(a.parameters().at(kParamBits).int64_param(), int64_t(4));
        QCOMPARE(a.parameters().at(kParamScale).double_param(), 0.05);
        QCOMPARE(a.parameters().at(kParamZeroPoint).int64_param(), int64_t(3));
        QCOMPARE(a.parameters().at(kParamPacking).string_param(), std::string("channels"));
        QCOMPARE(r.inputs(inputIndex(r, kB)).parameters().at(kParamPacking).string_param(),
                 std::string("height-width"));
        QCOMPARE(r.inputs(inputIndex(r, kF)).datatype(), std::string("FP32"));
        QVERIFY(r.inputs(inputIndex(r, kF)).parameters().empty());

        // through the protobuf wire format, as the network carries it
        Request parsed;
        QVERIFY(parsed.ParseFromString(r.SerializeAsString()));
        auto decoded = decodeInferRequest(codecManifest(), parsed);
        QVERIFY2(decoded, decoded ? "" : decoded.error().message.c_str());
        QCOMPARE(decoded->size(), size_t(3));
        for (const char* name : {kA, kB, kF})
            QVERIFY2(sameTensor(decoded->at(name), sent.at(name)), name);
    }

    void codesRoundTripIsExact() {
        const auto sent = codecSent();
        const Request r = goodRequest(WireMode::Codes);
        for (const char* name : {kA, kB}) {
            // one code per byte, as a stock server takes them
            QCOMPARE(bytesOf(r.raw_input_contents(inputIndex(r, name))), bytesOf(sent.at(name)));
            QCOMPARE(r.inputs(inputIndex(r, name)).parameters().at(kParamPacking).string_param(),
                     std::string("none"));
        }
        auto decoded = decodeInferRequest(codecManifest(), r);
        QVERIFY2(decoded, decoded ? "" : decoded.error().message.c_str());
        for (const char* name : {kA, kB, kF})
            QVERIFY2(sameTensor(decoded->at(name), sent.at(name)), name);
    }

    void inputOrderDoesNotMatter() {
        Request r = goodRequest(WireMode::Packed);
        r.mutable_inputs()->SwapElements(0, 2);
        r.mutable_raw_input_contents()->SwapElements(0, 2);
        auto decoded = decodeInferRequest(codecManifest(), r);
        QVERIFY2(decoded, decoded ? "" : decoded.error().message.c_str());
        QVERIFY(sameTensor(decoded->at(kA), codecSent().at(kA)));
    }

    void encodeRefusesWhatTheEdgeDidNotProduce() {
        auto sent = codecSent();
        sent.erase(kB);
        auto r = encodeInferRequest(codecManifest(), sent, {});
        QVERIFY(!r);
        QVERIFY2(mentionsAll(r.error().message, {q(kB)}), r.error().message.c_str());
        // a code that does not fit its bits cannot be packed
        sent = codecSent();
        sent[kA].mutableData<uint8_t>()[5] = 16;
        r = encodeInferRequest(codecManifest(), sent, {});
        QVERIFY(!r);
    }

    void refusesUnknownTensor() {
        Request r = goodRequest(WireMode::Packed);
        input(r, kB).set_name("b.code");
        VERIFY_REFUSED(r, "'b.code'", "unknown");
    }
    void refusesTensorTwice() {
        Request r = goodRequest(WireMode::Packed);
        *r.add_inputs() = r.inputs(inputIndex(r, kA));
        *r.add_raw_input_contents() = r.raw_input_contents(inputIndex(r, kA));
        VERIFY_REFUSED(r, q(kA), "twice");
    }
    void refusesMissingTensor() {
        Request r = goodRequest(WireMode::Packed);
        const int i = inputIndex(r, kB);
        r.mutable_inputs()->DeleteSubrange(i, 1);
        r.mutable_raw_input_contents()->DeleteSubrange(i, 1);
        VERIFY_REFUSED(r, q(kB), "lacks");
    }
    void refusesWrongDatatype() {
        Request r = goodRequest(WireMode::Packed);
        input(r, kA).set_datatype("FP32");
        VERIFY_REFUSED(r, q(kA), "datatype", "FP32", "UINT8");
        r = goodRequest(WireMode::Packed);
        input(r, kF).set_datatype("FP64");
        VERIFY_REFUSED(r, q(kF), "datatype", "FP64");
        r = goodRequest(WireMode::Packed);
        input(r, kF).set_datatype("NOT_A_TYPE");
        VERIFY_REFUSED(r, q(kF), "datatype");
    }
    void refusesWrongShape() {
        Request r = goodRequest(WireMode::Packed);
        input(r, kA).mutable_shape()->RemoveLast(); // rank 3
        VERIFY_REFUSED(r, q(kA), "shape", "1x16x8", "expected 1x16x8x8");
        r = goodRequest(WireMode::Packed);
        input(r, kA).set_shape(3, 9); // one dim
        VERIFY_REFUSED(r, q(kA), "shape", "1x16x8x9");
        r = goodRequest(WireMode::Packed);
        input(r, kF).set_shape(0, 2); // a fixed dim of a tensor with an open one
        VERIFY_REFUSED(r, q(kF), "shape");
    }
    void refusesNegativeDim() {
        // the open dim takes any size, but not a negative one
        Request r = goodRequest(WireMode::Packed);
        input(r, kF).set_shape(1, -7);
        VERIFY_REFUSED(r, q(kF), "shape");
        r = goodRequest(WireMode::Packed);
        input(r, kB).set_shape(1, -5);
        VERIFY_REFUSED(r, q(kB), "shape");
    }
    void acceptsAnyOpenDim() {
        Request r = goodRequest(WireMode::Packed);
        input(r, kF).set_shape(1, 2);
        raw(r, kF).resize(2 * sizeof(float));
        auto decoded = decodeInferRequest(codecManifest(), r);
        QVERIFY2(decoded, decoded ? "" : decoded.error().message.c_str());
        QCOMPARE(decoded->at(kF).dims(), (std::vector<int64_t>{1, 2}));
    }
    void refusesOtherQuantizers() {
        Request r = goodRequest(WireMode::Packed);
        param(r, kA, kParamBits).set_int64_param(5);
        VERIFY_REFUSED(r, q(kA), "5 bits", "expects 4");
        r = goodRequest(WireMode::Packed);
        param(r, kB, kParamBits).set_string_param("3");
        VERIFY_REFUSED(r, q(kB), "bits");
        r = goodRequest(WireMode::Packed);
        param(r, kA, kParamScale).set_double_param(0.05 * 1.001);
        VERIFY_REFUSED(r, q(kA), "scale");
        r = goodRequest(WireMode::Packed);
        param(r, kA, kParamScale).set_double_param(std::nan(""));
        VERIFY_REFUSED(r, q(kA), "scale");
        r = goodRequest(WireMode::Packed);
        param(r, kA, kParamZeroPoint).set_int64_param(4);
        VERIFY_REFUSED(r, q(kA), "zero point 4");
        // the same zero point as a double parameter is the same zero point
        r = goodRequest(WireMode::Packed);
        param(r, kA, kParamZeroPoint).set_double_param(3.0);
        QVERIFY(!refusal(r));
    }
    void refusesWrongByteCount() {
        Request r = goodRequest(WireMode::Packed);
        raw(r, kA).pop_back();
        VERIFY_REFUSED(r, q(kA), "511 bytes", "512");
        r = goodRequest(WireMode::Packed);
        raw(r, kB).push_back('\0');
        VERIFY_REFUSED(r, q(kB), "15 bytes", "14");
        r = goodRequest(WireMode::Codes);
        raw(r, kB).push_back('\0');
        VERIFY_REFUSED(r, q(kB), "36 bytes", "35");
        r = goodRequest(WireMode::Codes);
        raw(r, kA).resize(512); // packed size, declared unpacked
        VERIFY_REFUSED(r, q(kA), "512 bytes", "1024");
        r = goodRequest(WireMode::Packed);
        raw(r, kF).resize(6 * sizeof(float));
        VERIFY_REFUSED(r, q(kF), "24 bytes", "28");
    }
    // A float tensor charged 16 bits travels as the protocol's FP16: two bytes an element, bit
    // for bit; a frame of another size or datatype is refused, naming the tensor.
    void float16CrossingIsCheckedLikeAnyOther() {
        bundle::Manifest m = codecManifest();
        addCrossing(m, "h", "float16", {1, 3, 4}, 16, false, 0.0, 0, "none");
        auto sent = codecSent();
        HostTensor h(DataType::Float16, {1, 3, 4});
        for (int64_t i = 0; i < h.elementCount(); ++i)
            h.mutableData<uint16_t>()[i] = floatToHalf(0.37f * float(i) - 1.1f);
        h.mutableData<uint16_t>()[0] = 0x8000; // -0
        h.mutableData<uint16_t>()[1] = 0x7c00; // infinity
        sent["h"] = h;
        auto r = encodeInferRequest(m, sent, {});
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        QCOMPARE(input(*r, "h").datatype(), std::string("FP16"));
        QCOMPARE(raw(*r, "h").size(), size_t(24));
        auto decoded = decodeInferRequest(m, *r);
        QVERIFY2(decoded, decoded ? "" : decoded.error().message.c_str());
        QVERIFY(sameTensor(decoded->at("h"), h));
        auto refused = [&](const Request& bad) {
            auto d = decodeInferRequest(m, bad);
            return d ? std::string() : d.error().message;
        };
        Request shortFrame = *r;
        raw(shortFrame, "h").pop_back();
        QVERIFY2(mentionsAll(refused(shortFrame), {"'h'", "23 bytes", "24"}),
                 refused(shortFrame).c_str());
        Request longFrame = *r;
        raw(longFrame, "h").append(2, '\0');
        QVERIFY2(mentionsAll(refused(longFrame), {"'h'", "26 bytes", "24"}),
                 refused(longFrame).c_str());
        // the float32 the edge computed, sent unconverted: refused by its datatype
        Request asFloat = *r;
        input(asFloat, "h").set_datatype("FP32");
        raw(asFloat, "h").resize(48);
        QVERIFY2(mentionsAll(refused(asFloat), {"'h'", "datatype", "FP32", "FP16"}),
                 refused(asFloat).c_str());
    }

    void refusesCodeThatDoesNotFit() {
        Request r = goodRequest(WireMode::Codes);
        raw(r, kA)[17] = static_cast<char>(16);
        VERIFY_REFUSED(r, q(kA), "code 16", "element 17", "4 bits");
        r = goodRequest(WireMode::Codes);
        raw(r, kB)[34] = static_cast<char>(8);
        VERIFY_REFUSED(r, q(kB), "code 8", "element 34", "3 bits");
        r = goodRequest(WireMode::Codes);
        raw(r, kB)[0] = static_cast<char>(7); // the largest 3-bit code fits
        QVERIFY(!refusal(r));
    }
    void refusesUnknownPacking() {
        Request r = goodRequest(WireMode::Packed);
        param(r, kA, kParamPacking).set_string_param("zigzag");
        VERIFY_REFUSED(r, q(kA), "packing", "zigzag");
        r = goodRequest(WireMode::Packed);
        param(r, kA, kParamPacking).set_int64_param(1);
        VERIFY_REFUSED(r, q(kA), "packing");
        // channels needs C % k == 0 and rank >= 2; 5 channels at 3 bits (k = 8) do not qualify
        r = goodRequest(WireMode::Packed);
        param(r, kB, kParamPacking).set_string_param("channels");
        VERIFY_REFUSED(r, q(kB), "channels", "3 bits");
    }
    void acceptsTheOtherApplicableLayout() {
        // the request says how it is packed: a-codes packed height-width decode to the same codes
        const auto sent = codecSent();
        Request r = goodRequest(WireMode::Packed);
        param(r, kA, kParamPacking).set_string_param("height-width");
        const Bytes stream = referenceStream(sent.at(kA), 4);
        raw(r, kA).assign(stream.begin(), stream.end());
        auto decoded = decodeInferRequest(codecManifest(), r);
        QVERIFY2(decoded, decoded ? "" : decoded.error().message.c_str());
        QVERIFY(sameTensor(decoded->at(kA), sent.at(kA)));
    }
    void refusesRawContentsCountMismatch() {
        Request r = goodRequest(WireMode::Packed);
        r.mutable_raw_input_contents()->RemoveLast();
        VERIFY_REFUSED(r, "3 inputs", "2 raw contents");
        r = goodRequest(WireMode::Packed);
        r.add_raw_input_contents("extra");
        VERIFY_REFUSED(r, "3 inputs", "4 raw contents");
    }
    void refusesHugeDeclaredShapeWithoutAllocating() {
        Request r = goodRequest(WireMode::Packed);
        input(r, kF).set_shape(1, int64_t(1) << 40);
        QElapsedTimer timer;
        timer.start();
        VERIFY_REFUSED(r, q(kF), "1x1099511627776");
        // 4 TiB could not be allocated, let alone zero-filled, in this time
        QVERIFY2(timer.elapsed() < 200, std::to_string(timer.elapsed()).c_str());
        // products that overflow int64 too
        r = goodRequest(WireMode::Packed);
        input(r, kF).set_shape(1, std::numeric_limits<int64_t>::max());
        VERIFY_REFUSED(r, q(kF));
        // the server's bound, not only the address space: a-codes have 1024 elements
        r = goodRequest(WireMode::Packed);
        const auto message = refusal(r, 1023);
        QVERIFY(message);
        QVERIFY2(mentionsAll(*message, {q(kA), "1x16x8x8"}), message->c_str());
        QVERIFY(!refusal(r, 1024));
    }

    void responseRoundTrip() {
        TensorMap outputs;
        outputs["logits"] = HostTensor::fromFloats({1, 3}, std::vector<float>{1.f, -2.f, 0.5f});
        outputs["ids"] = HostTensor::fromInt64s({2}, std::vector<int64_t>{7, -1});
        const auto response = encodeInferResponse(outputs, "toy_cloud", "9", 0.0125);
        inference::ModelInferResponse parsed;
        QVERIFY(parsed.ParseFromString(response.SerializeAsString()));
        QCOMPARE(parsed.id(), std::string("9"));
        auto decoded = decodeInferResponse(parsed);
        QVERIFY2(decoded, decoded ? "" : decoded.error().message.c_str());
        QCOMPARE(decoded->cloudSeconds.value_or(-1), 0.0125);
        QVERIFY(sameTensor(decoded->outputs.at("logits"), outputs.at("logits")));
        QVERIFY(sameTensor(decoded->outputs.at("ids"), outputs.at("ids")));
        auto bad = parsed;
        bad.mutable_raw_output_contents(0)->pop_back();
        QVERIFY(!decodeInferResponse(bad));
        bad = parsed;
        bad.mutable_outputs(0)->set_datatype("WHAT");
        QVERIFY(!decodeInferResponse(bad));
    }

    void responseRefusesHugeShapeWithoutAllocating() {
        // the answer comes from the network too: its declared shape must not size an allocation
        TensorMap outputs;
        outputs["logits"] = HostTensor::fromFloats({1, 3}, std::vector<float>{1.f, -2.f, 0.5f});
        auto response = encodeInferResponse(outputs, "toy_cloud", "1", 0.0);
        response.mutable_outputs(0)->set_shape(1, int64_t(1) << 40);
        QElapsedTimer timer;
        timer.start();
        auto decoded = decodeInferResponse(response);
        QVERIFY(!decoded);
        QVERIFY2(mentionsAll(decoded.error().message, {"'logits'", "12 bytes"}),
                 decoded.error().message.c_str());
        QVERIFY2(timer.elapsed() < 200, std::to_string(timer.elapsed()).c_str());
    }

    // --- the server ------------------------------------------------------------------------

    void initTestCase() {
        m_served = std::make_unique<Served>();
        Served& s = *m_served;
        QVERIFY(s.tmp.isValid());
        const Opened o = openForSplit(buildResNet50(13, 64), 2);
        QVERIFY(o.executor);
        QVERIFY(!o.calibration.activationRanges.empty());
        const int split = static_cast<int>(o.graph->nodeCount()) / 2;
        // 8-bit weights, 4-bit activations: the cut travels as packed 4-bit codes
        const auto dir = std::filesystem::path(s.tmp.path().toStdString()) / "bundle";
        auto written = exportSplit(*o.graph, o.calibration, cyclingRequest(split, {8}, {4}), dir,
                                   "resnet50.onnx");
        QVERIFY2(written, written ? "" : written.error().message.c_str());
        bool packed = false;
        for (const CrossingPlan& c : written->plan.crossing)
            packed = packed || (c.packed() && c.bits == 4);
        QVERIFY2(packed, "the cut sends no packed codes");
        auto bundle = readBundle(dir);
        QVERIFY2(bundle, bundle ? "" : bundle.error().message.c_str());
        s.bundle = std::move(bundle).value();
        auto edge = BundleHalf::open(*s.bundle, kEdgeModelFile, 1);
        auto cloud = BundleHalf::open(*s.bundle, kCloudModelFile, 1);
        QVERIFY2(edge, edge ? "" : edge.error().message.c_str());
        QVERIFY2(cloud, cloud ? "" : cloud.error().message.c_str());
        s.edge = std::move(edge).value();
        s.cloud = std::move(cloud).value();
        s.sample = o.samples.front();
        for (size_t i = 0; i < o.graph->inputs().size(); ++i)
            s.edgeFeeds[o.graph->value(o.graph->inputs()[i]).name] = s.sample[i];
    }

    void serverAnswersTheCloudHalf() {
        CloudServerOptions options;
        options.executorThreads = 1;
        auto server = CloudServer::start(*m_served->bundle, "127.0.0.1:0", options);
        QVERIFY2(server, server ? "" : server.error().message.c_str());
        QVERIFY((*server)->port() > 0);
        auto client = CloudClient::connect(address((*server)->port()));
        auto live = client->waitLive(std::chrono::seconds(10));
        QVERIFY2(live, live ? "" : live.error().message.c_str());

        // the reference: the cloud half run here on what the edge sends
        const TensorMap sent = edgeSent();
        TensorMap feeds;
        for (const auto& c : m_served->bundle->manifest.crossing())
            feeds[c.wire_name()] = sent.at(c.wire_name());
        const TensorMap expected = m_served->cloud->run(feeds).value();
        const TensorMap local = runBundleLocally(*m_served->edge, *m_served->cloud,
                                                 m_served->bundle->manifest, m_served->edgeFeeds)
                                    .value();
        QVERIFY(!expected.empty());

        for (WireMode mode : {WireMode::Packed, WireMode::Codes}) {
            const Request request = servedRequest(mode);
            auto response = client->infer(request, std::chrono::seconds(60));
            QVERIFY2(response, response ? "" : response.error().message.c_str());
            QCOMPARE(response->model_name(), m_served->bundle->manifest.triton_model_name());
            auto decoded = decodeInferResponse(*response);
            QVERIFY2(decoded, decoded ? "" : decoded.error().message.c_str());
            QVERIFY(decoded->cloudSeconds && *decoded->cloudSeconds > 0.0);
            QCOMPARE(decoded->outputs.size(), expected.size());
            for (const auto& [name, tensor] : expected) {
                QVERIFY2(decoded->outputs.count(name), name.c_str());
                QVERIFY2(sameTensor(decoded->outputs.at(name), tensor), name.c_str());
                QVERIFY2(sameTensor(local.at(name), tensor), name.c_str());
            }
        }
        QCOMPARE((*server)->requestsServed(), int64_t(2));
        QCOMPARE((*server)->requestsRefused(), int64_t(0));
    }

    // Cloud-Only (the raw input as 8-bit codes) and a float edge (float16 crossings), served over
    // loopback: the request carries UINT8 and FP16 tensors of the sizes the plan charges, and the
    // answer is the bundle's own outputs run in one process.
    void serverAnswersRawInputCodesAndFloat16() {
        const Opened o = openForSplit(buildResNet50(13, 64), 2);
        QVERIFY(o.executor);
        const int n = static_cast<int>(o.graph->nodeCount());
        for (int split : {0, n / 2}) {
            SplitRequest request = cyclingRequest(split, {32}, {32});
            request.rawInputBits = 8;
            request.floatBits = 16;
            const auto dir = std::filesystem::path(m_served->tmp.path().toStdString()) /
                             ("wire" + std::to_string(split));
            auto written = exportSplit(*o.graph, o.calibration, request, dir, "resnet50.onnx");
            QVERIFY2(written, written ? "" : written.error().message.c_str());
            auto bundle = readBundle(dir);
            QVERIFY2(bundle, bundle ? "" : bundle.error().message.c_str());
            auto edge = BundleHalf::open(*bundle, kEdgeModelFile, 1);
            auto cloud = BundleHalf::open(*bundle, kCloudModelFile, 1);
            QVERIFY(edge && cloud);
            TensorMap feeds;
            feeds[o.graph->value(o.graph->inputs()[0]).name] = o.samples[0][0];
            const TensorMap local =
                runBundleLocally(*edge, *cloud, bundle->manifest, feeds).value();
            CloudServerOptions options;
            options.executorThreads = 1;
            auto server = CloudServer::start(*bundle, "127.0.0.1:0", options);
            QVERIFY2(server, server ? "" : server.error().message.c_str());
            auto client = CloudClient::connect(address((*server)->port()));
            QVERIFY(client->waitLive(std::chrono::seconds(10)));
            auto sent = edge->run(feeds);
            QVERIFY(sent);
            auto message = encodeInferRequest(bundle->manifest, *sent, {});
            QVERIFY2(message, message ? "" : message.error().message.c_str());
            int lossy = 0;
            for (const CrossingPlan& c : written->plan.crossing) {
                const auto& in = input(*message, c.wireName);
                QCOMPARE(in.datatype(), std::string(split == 0 ? "UINT8" : "FP16"));
                QCOMPARE(static_cast<int64_t>(raw(*message, c.wireName).size()),
                         c.wireBytes.value());
                lossy += c.quant.has_value() || c.halved();
            }
            QVERIFY(lossy > 0);
            auto response = client->infer(*message, std::chrono::seconds(60));
            QVERIFY2(response, response ? "" : response.error().message.c_str());
            auto decoded = decodeInferResponse(*response);
            QVERIFY2(decoded, decoded ? "" : decoded.error().message.c_str());
            for (const auto& [name, tensor] : local)
                QVERIFY2(sameTensor(decoded->outputs.at(name), tensor), name.c_str());
            (*server)->shutdown();
        }
    }

    void serverRefusesAndKeepsServing() {
        CloudServerOptions options;
        options.executorThreads = 1;
        auto server = CloudServer::start(*m_served->bundle, "127.0.0.1:0", options);
        QVERIFY2(server, server ? "" : server.error().message.c_str());
        auto client = CloudClient::connect(address((*server)->port()));
        QVERIFY(client->waitLive(std::chrono::seconds(10)));
        const Request good = servedRequest(WireMode::Packed);
        const std::string wire = m_served->bundle->manifest.crossing(0).wire_name();
        const auto deadline = std::chrono::seconds(60);

        Request malformed = good;
        (*malformed.mutable_inputs(0)->mutable_parameters())[kParamBits].set_int64_param(6);
        auto r = client->infer(malformed, deadline);
        QVERIFY(!r);
        QCOMPARE(r.error().kind, ErrorKind::InvalidInput);
        QVERIFY2(mentionsAll(r.error().message, {"invalid argument", "'" + wire + "'", "6 bits"}),
                 r.error().message.c_str());
        QVERIFY(client->infer(good, deadline));

        malformed = good;
        malformed.mutable_raw_input_contents(0)->pop_back();
        r = client->infer(malformed, deadline);
        QVERIFY(!r);
        QVERIFY2(mentionsAll(r.error().message, {"invalid argument", "'" + wire + "'", "bytes"}),
                 r.error().message.c_str());

        Request otherModel = good;
        otherModel.set_model_name("resnet18_cloud");
        r = client->infer(otherModel, deadline);
        QVERIFY(!r);
        QVERIFY2(mentionsAll(r.error().message, {"not found", "resnet18_cloud"}),
                 r.error().message.c_str());

        Request otherBundle = good;
        (*otherBundle.mutable_parameters())[kParamBundle].set_string_param(std::string(64, 'e'));
        r = client->infer(otherBundle, deadline);
        QVERIFY(!r);
        QVERIFY2(mentionsAll(r.error().message, {"failed precondition", "another bundle"}),
                 r.error().message.c_str());

        QVERIFY(client->infer(good, deadline));
        QCOMPARE((*server)->requestsRefused(), int64_t(4));
        QCOMPARE((*server)->requestsServed(), int64_t(2));
    }

    void serverRefusesMessagesOverItsLimit() {
        const Request good = servedRequest(WireMode::Packed);
        CloudServerOptions options;
        options.executorThreads = 1;
        options.maxMessageBytes = static_cast<int64_t>(good.ByteSizeLong()) - 1;
        auto server = CloudServer::start(*m_served->bundle, "127.0.0.1:0", options);
        QVERIFY2(server, server ? "" : server.error().message.c_str());
        auto client = CloudClient::connect(address((*server)->port()));
        QVERIFY(client->waitLive(std::chrono::seconds(10)));
        auto r = client->infer(good, std::chrono::seconds(60));
        QVERIFY(!r);
        QVERIFY2(mentionsAll(r.error().message, {"resource exhausted"}), r.error().message.c_str());
        // refused by gRPC before the handler; the server still answers
        QVERIFY(client->waitLive(std::chrono::seconds(10)));
        QCOMPARE((*server)->requestsServed(), int64_t(0));
    }

    void deadlineExpiresOnTheClientAndTheServerGoesOn() {
        CloudServerOptions options;
        options.executorThreads = 1;
        auto server = CloudServer::start(*m_served->bundle, "127.0.0.1:0", options);
        QVERIFY2(server, server ? "" : server.error().message.c_str());
        auto client = CloudClient::connect(address((*server)->port()));
        QVERIFY(client->waitLive(std::chrono::seconds(10)));
        const Request good = servedRequest(WireMode::Packed);
        // the request is slow: the cloud half alone takes well over a millisecond
        QElapsedTimer timer;
        timer.start();
        QVERIFY(client->infer(good, std::chrono::seconds(60)));
        QVERIFY2(timer.elapsed() >= 3, std::to_string(timer.elapsed()).c_str());

        auto r = client->infer(good, std::chrono::milliseconds(1));
        QVERIFY(!r);
        QCOMPARE(r.error().kind, ErrorKind::Io);
        QVERIFY2(mentionsAll(r.error().message, {"deadline exceeded"}), r.error().message.c_str());
        auto next = client->infer(good, std::chrono::seconds(60));
        QVERIFY2(next, next ? "" : next.error().message.c_str());
        QVERIFY(decodeInferResponse(*next));
    }

    void secondServerOnTheSamePortIsAClearError() {
        CloudServerOptions options;
        options.executorThreads = 1;
        auto first = CloudServer::start(*m_served->bundle, "127.0.0.1:0", options);
        QVERIFY2(first, first ? "" : first.error().message.c_str());
        const std::string taken = address((*first)->port());
        auto second = CloudServer::start(*m_served->bundle, taken, options);
        QVERIFY2(!second, "a second server listens on a port already served");
        QCOMPARE(second.error().kind, ErrorKind::Io);
        QVERIFY2(mentionsAll(second.error().message, {"cannot listen on " + taken}),
                 second.error().message.c_str());
        // the first one still answers
        auto client = CloudClient::connect(taken);
        QVERIFY(client->waitLive(std::chrono::seconds(10)));
        QVERIFY(client->infer(servedRequest(WireMode::Packed), std::chrono::seconds(60)));
    }

    void cleanupTestCase() { m_served.reset(); }
};

QTEST_GUILESS_MAIN(TestInferenceMessages)
#include "test_inference_messages.moc"
