// Benchmark: the cost of sending the Auto-Split paper's example activation (36x64x256 at 4 bits,
// here NCHW 1x256x36x64: 589,824 codes, 294,912 bytes packed by channels) from the edge to the
// cloud on loopback, through the Open Inference Protocol (gRPC ModelInfer, what autosplit-edge
// and autosplit-cloud speak) and through a plain TCP socket carrying the same packed bytes, in one
// run on one machine. The paper's Table 4 reports 0.27 ms for its socket path; it is printed
// beside ours.
//
//   bench_wire [--repeats N] [--rounds R]      (defaults 1001 and 3)
//
// Paths, each a full round trip of one request:
// - raw TCP: an 8-byte length and the packed bytes, answered by a 1-byte acknowledgement from a
//   server thread that reads the whole payload (TCP_NODELAY on both ends);
// - gRPC: the request encodeInferRequest builds (the same packed bytes as raw contents, plus the
//   names, shape and quantizer parameters), answered by a service whose ModelInfer returns an
//   empty response, so only the transport is timed;
// - gRPC with HTTP/2 frames and flow-control windows of 4 MB on both ends (not the cause: it
//   times as the defaults do), and gRPC with a request without tensors, its per-call cost;
// - gRPC + decode: the same with the server's decodeInferRequest (checks and unpacking), the
//   work autosplit-cloud does before it runs its model.
// Each figure is the median and minimum over N round trips after 50 warm-up ones; the paths take
// turns for R rounds and the best round's median is kept, since other processes share the CPU.
// Building the request (packing and the message) is timed separately.

#include "core/deploy/grpc_predict_v2.grpc.pb.h"
#include "core/deploy/inference_messages.h"

#include "bench/bench_support.h"

#include <grpcpp/grpcpp.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace autosplit;
using Clock = std::chrono::steady_clock;

namespace {

constexpr double kPaperSocketMs = 0.27;

struct Timing {
    double medianMs = 0;
    double minMs = 0;
};

Timing timeIt(int repeats, const std::function<void()>& work) {
    const bench::Seconds t = bench::timeRepeats(50, repeats, work);
    return {t.median * 1e3, t.min * 1e3};
}

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "bench_wire: %s\n", what.c_str());
    std::exit(1);
}

bundle::Manifest paperManifest() {
    bundle::Manifest m;
    m.set_triton_model_name("paper_cloud");
    m.mutable_cloud_model()->set_sha256(std::string(64, '0'));
    auto* c = m.add_crossing();
    c->set_name("activation");
    c->set_wire_name("activation.codes");
    c->set_data_type("uint8");
    for (int64_t d : {1, 256, 36, 64})
        c->add_shape(d);
    c->set_bits(4);
    c->set_quantized(true);
    c->set_scale(0.05);
    c->set_zero_point(0);
    c->set_packing("channels");
    return m;
}

// ModelInfer answers an empty response; with `decode`, after checking and unpacking the request
// as the cloud runtime does.
class EchoService final : public inference::GRPCInferenceService::Service {
public:
    EchoService(bundle::Manifest manifest, bool decode)
        : m_manifest(std::move(manifest)), m_decode(decode) {}
    grpc::Status ModelInfer(grpc::ServerContext*, const inference::ModelInferRequest* request,
                            inference::ModelInferResponse*) override {
        if (m_decode) {
            auto feeds = decodeInferRequest(m_manifest, *request);
            if (!feeds)
                return {grpc::StatusCode::INVALID_ARGUMENT, feeds.error().message};
        }
        return grpc::Status::OK;
    }

private:
    bundle::Manifest m_manifest;
    bool m_decode;
};

struct GrpcPath {
    std::unique_ptr<EchoService> service;
    std::unique_ptr<grpc::Server> server;
    std::unique_ptr<inference::GRPCInferenceService::Stub> stub;

    // `tuned`: HTTP/2 frames and flow-control windows larger than the 288 KB message on both
    // ends, so that it goes out in one write without waiting for window updates.
    GrpcPath(const bundle::Manifest& manifest, bool decode, bool tuned) {
        service = std::make_unique<EchoService>(manifest, decode);
        int port = 0;
        grpc::ServerBuilder builder;
        grpc::ChannelArguments args;
        if (tuned) {
            for (const char* key :
                 {GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, GRPC_ARG_HTTP2_MAX_FRAME_SIZE,
                  GRPC_ARG_HTTP2_WRITE_BUFFER_SIZE}) {
                builder.AddChannelArgument(key, 4 << 20);
                args.SetInt(key, 4 << 20);
            }
        }
        builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
        builder.SetMaxReceiveMessageSize(64 << 20);
        builder.RegisterService(service.get());
        server = builder.BuildAndStart();
        if (!server || port == 0)
            fail("cannot start the gRPC server on 127.0.0.1");
        args.SetMaxSendMessageSize(64 << 20);
        stub = inference::GRPCInferenceService::NewStub(grpc::CreateCustomChannel(
            "127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials(), args));
    }
    ~GrpcPath() { server->Shutdown(); }

    void roundTrip(const inference::ModelInferRequest& request) const {
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
        inference::ModelInferResponse response;
        const grpc::Status status = stub->ModelInfer(&context, request, &response);
        if (!status.ok())
            fail("gRPC ModelInfer: " + status.error_message());
    }
};

bool readFull(int fd, void* buffer, size_t n) {
    auto* p = static_cast<char*>(buffer);
    while (n > 0) {
        const ssize_t got = ::read(fd, p, n);
        if (got <= 0)
            return false;
        p += got;
        n -= static_cast<size_t>(got);
    }
    return true;
}

// One connection on 127.0.0.1: length-prefixed payloads in, a 1-byte acknowledgement out.
struct SocketPath {
    int listener = -1;
    int client = -1;
    std::thread server;

    SocketPath() {
        listener = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (listener < 0 || ::bind(listener, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
            ::listen(listener, 1) != 0 ||
            ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
            fail(std::string("cannot listen on 127.0.0.1: ") + std::strerror(errno));
        server = std::thread([this] {
            const int fd = ::accept(listener, nullptr, nullptr);
            if (fd < 0)
                return;
            int one = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            std::vector<char> payload;
            uint64_t size = 0;
            while (readFull(fd, &size, sizeof size) && size > 0) {
                payload.resize(size);
                if (!readFull(fd, payload.data(), size))
                    break;
                const char ack = 1;
                if (::write(fd, &ack, 1) != 1)
                    break;
            }
            ::close(fd);
        });
        client = ::socket(AF_INET, SOCK_STREAM, 0);
        int one = 1;
        ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (::connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
            fail(std::string("cannot connect on 127.0.0.1: ") + std::strerror(errno));
    }
    ~SocketPath() {
        const uint64_t end = 0;
        (void)::write(client, &end, sizeof end);
        server.join();
        ::close(client);
        ::close(listener);
    }

    void roundTrip(const std::string& payload) const {
        uint64_t size = payload.size();
        iovec parts[2] = {{&size, sizeof size},
                          {const_cast<char*>(payload.data()), payload.size()}};
        size_t left = sizeof size + payload.size();
        int first = 0;
        while (left > 0) {
            const ssize_t sent = ::writev(client, parts + first, 2 - first);
            if (sent <= 0)
                fail(std::string("socket write: ") + std::strerror(errno));
            left -= static_cast<size_t>(sent);
            size_t s = static_cast<size_t>(sent);
            while (first < 2 && s >= parts[first].iov_len)
                s -= parts[first++].iov_len;
            if (first < 2) {
                parts[first].iov_base = static_cast<char*>(parts[first].iov_base) + s;
                parts[first].iov_len -= s;
            }
        }
        char ack = 0;
        if (!readFull(client, &ack, 1) || ack != 1)
            fail("socket: no acknowledgement");
    }
};

std::string withCommas(int64_t n) {
    std::string digits = std::to_string(n), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return out;
}

} // namespace

int main(int argc, char** argv) {
    int repeats = 1001, rounds = 3;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--repeats" && i + 1 < argc)
            repeats = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--rounds" && i + 1 < argc)
            rounds = std::max(1, std::atoi(argv[++i]));
        else
            fail("usage: bench_wire [--repeats N] [--rounds R]");
    }

    const bundle::Manifest manifest = paperManifest();
    std::map<std::string, HostTensor> sent;
    {
        HostTensor codes(DataType::UInt8, {1, 256, 36, 64});
        std::mt19937 rng(3);
        std::uniform_int_distribution<int> code(0, 15);
        for (uint8_t& c : codes.mutableSpan<uint8_t>())
            c = static_cast<uint8_t>(code(rng));
        sent["activation.codes"] = codes;
    }
    RequestOptions options;
    options.mode = WireMode::Packed;
    auto encoded = encodeInferRequest(manifest, sent, options);
    if (!encoded)
        fail(encoded.error().message);
    const inference::ModelInferRequest request = std::move(encoded).value();
    const std::string& payload = request.raw_input_contents(0);
    if (payload.size() != 294912)
        fail("the packed activation has " + std::to_string(payload.size()) + " bytes");
    // the request must decode to the codes, or the timings would be of something else
    auto decoded = decodeInferRequest(manifest, request);
    if (!decoded || std::memcmp(decoded->at("activation.codes").bytes(),
                                sent.at("activation.codes").bytes(), 589824) != 0)
        fail("the request does not decode to the codes");

    const Timing encode =
        timeIt(repeats, [&] { (void)encodeInferRequest(manifest, sent, options).value(); });
    std::string serialized;
    const Timing serialize = timeIt(repeats, [&] { request.SerializeToString(&serialized); });
    const Timing decode =
        timeIt(repeats, [&] { (void)decodeInferRequest(manifest, request).value(); });

    SocketPath socketPath;
    GrpcPath grpcPath(manifest, false, false);
    GrpcPath grpcTunedPath(manifest, false, true);
    GrpcPath grpcDecodePath(manifest, true, false);
    Timing socketBest{1e30, 1e30}, grpcBest{1e30, 1e30}, grpcTunedBest{1e30, 1e30},
        grpcDecodeBest{1e30, 1e30}, grpcEmptyBest{1e30, 1e30};
    // the per-call cost of gRPC apart from the bytes: a request without tensors
    inference::ModelInferRequest empty;
    empty.set_model_name(manifest.triton_model_name());
    auto keep = [](Timing& best, const Timing& t) {
        best.medianMs = std::min(best.medianMs, t.medianMs);
        best.minMs = std::min(best.minMs, t.minMs);
    };
    for (int round = 0; round < rounds; ++round) {
        keep(socketBest, timeIt(repeats, [&] { socketPath.roundTrip(payload); }));
        keep(grpcBest, timeIt(repeats, [&] { grpcPath.roundTrip(request); }));
        keep(grpcEmptyBest, timeIt(repeats, [&] { grpcPath.roundTrip(empty); }));
        keep(grpcTunedBest, timeIt(repeats, [&] { grpcTunedPath.roundTrip(request); }));
        keep(grpcDecodeBest, timeIt(repeats, [&] { grpcDecodePath.roundTrip(request); }));
    }

    std::printf("Sending the paper's activation (1x256x36x64, 4 bits, 294,912 bytes packed by "
                "channels) on loopback, one request and its answer; %d round trips per path and "
                "round, best median of %d rounds; %s, %u hardware threads\n\n",
                repeats, rounds, bench::cpuModel().c_str(), std::thread::hardware_concurrency());
    std::printf("| path | bytes sent | median ms | min ms | median / raw socket |\n");
    std::printf("|---|---:|---:|---:|---:|\n");
    std::printf(
        "| raw TCP socket (length + packed bytes, 1-byte ack) | %s | %.3f | %.3f | 1.00 |\n",
        withCommas(static_cast<int64_t>(payload.size() + 8)).c_str(), socketBest.medianMs,
        socketBest.minMs);
    std::printf("| gRPC ModelInfer, empty response | %s | %.3f | %.3f | %.2f |\n",
                withCommas(static_cast<int64_t>(request.ByteSizeLong())).c_str(), grpcBest.medianMs,
                grpcBest.minMs, grpcBest.medianMs / socketBest.medianMs);
    std::printf("| gRPC ModelInfer, empty response, 4 MB frames and windows | %s | %.3f | %.3f | "
                "%.2f |\n",
                withCommas(static_cast<int64_t>(request.ByteSizeLong())).c_str(),
                grpcTunedBest.medianMs, grpcTunedBest.minMs,
                grpcTunedBest.medianMs / socketBest.medianMs);
    std::printf(
        "| gRPC ModelInfer + decodeInferRequest on the server | %s | %.3f | %.3f | %.2f |\n",
        withCommas(static_cast<int64_t>(request.ByteSizeLong())).c_str(), grpcDecodeBest.medianMs,
        grpcDecodeBest.minMs, grpcDecodeBest.medianMs / socketBest.medianMs);
    std::printf("| gRPC ModelInfer without tensors (the per-call cost) | %s | %.3f | %.3f | - |\n",
                withCommas(static_cast<int64_t>(empty.ByteSizeLong())).c_str(),
                grpcEmptyBest.medianMs, grpcEmptyBest.minMs);
    std::printf("| the paper's socket path (Table 4) | 294,912 | %.2f | - | - |\n\n",
                kPaperSocketMs);

    std::printf("Building and reading the request (%d repeats after 50 warm-up)\n\n", repeats);
    std::printf("| step | median ms | min ms |\n|---|---:|---:|\n");
    std::printf("| encodeInferRequest from uint8 codes (pack + message) | %.3f | %.3f |\n",
                encode.medianMs, encode.minMs);
    std::printf("| serializing the request (what gRPC does before sending) | %.3f | %.3f |\n",
                serialize.medianMs, serialize.minMs);
    std::printf("| decodeInferRequest (checks + unpack) | %.3f | %.3f |\n", decode.medianMs,
                decode.minMs);
    return 0;
}
