#include "tests/core/deploy/raw_grpc_peer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace autosplit::testing {

namespace {

using Clock = std::chrono::steady_clock;

constexpr uint8_t kData = 0, kHeaders = 1, kRstStream = 3, kSettings = 4, kPing = 6, kGoAway = 7,
                  kWindowUpdate = 8;
constexpr uint8_t kEndStream = 1, kAck = 1, kEndHeaders = 4;

uint32_t be32(const std::string& s, size_t at) {
    return (uint32_t(uint8_t(s[at])) << 24) | (uint32_t(uint8_t(s[at + 1])) << 16) |
           (uint32_t(uint8_t(s[at + 2])) << 8) | uint32_t(uint8_t(s[at + 3]));
}

void putBe32(std::string& s, uint32_t v) {
    for (int shift : {24, 16, 8, 0})
        s.push_back(static_cast<char>((v >> shift) & 0xff));
}

// A literal header field without indexing, new name, no Huffman (RFC 7541, 6.2.2); every name and
// value here is shorter than 127 bytes, so each length fits the 7-bit prefix.
void literal(std::string& block, const std::string& name, const std::string& value) {
    block.push_back(0);
    block.push_back(static_cast<char>(name.size()));
    block += name;
    block.push_back(static_cast<char>(value.size()));
    block += value;
}

} // namespace

RawGrpcPeer::~RawGrpcPeer() {
    close();
}

void RawGrpcPeer::close() {
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    m_closed = true;
}

bool RawGrpcPeer::connect(int port) {
    m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (m_fd < 0)
        return false;
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
        return false;
    m_closed = false;
    static const char preface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    if (::send(m_fd, preface, sizeof preface - 1, MSG_NOSIGNAL) != sizeof preface - 1)
        return false;
    return sendFrame(kSettings, 0, 0, {});
}

bool RawGrpcPeer::sendFrame(uint8_t type, uint8_t flags, uint32_t stream,
                            const std::string& payload) {
    if (m_fd < 0)
        return false;
    std::string frame;
    const auto n = static_cast<uint32_t>(payload.size());
    frame.push_back(static_cast<char>(n >> 16));
    frame.push_back(static_cast<char>(n >> 8));
    frame.push_back(static_cast<char>(n));
    frame.push_back(static_cast<char>(type));
    frame.push_back(static_cast<char>(flags));
    putBe32(frame, stream & 0x7fffffffu);
    frame += payload;
    size_t sent = 0;
    while (sent < frame.size()) {
        const ssize_t k = ::send(m_fd, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
        if (k <= 0) {
            m_closed = true;
            return false;
        }
        sent += static_cast<size_t>(k);
    }
    return true;
}

bool RawGrpcPeer::readFrame(std::chrono::milliseconds timeout, uint8_t& type, uint8_t& flags,
                            uint32_t& stream, std::string& payload, bool answerPings) {
    auto readExactly = [&](char* into, size_t n, Clock::time_point until) {
        size_t got = 0;
        while (got < n) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
            pollfd p{m_fd, POLLIN, 0};
            if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0)
                return false;
            const ssize_t k = ::recv(m_fd, into + got, n - got, 0);
            if (k <= 0) {
                m_closed = true;
                return false;
            }
            got += static_cast<size_t>(k);
        }
        return true;
    };
    if (m_fd < 0 || m_closed)
        return false;
    std::string header(9, '\0');
    if (!readExactly(header.data(), 9, Clock::now() + timeout))
        return false;
    const uint32_t length = (uint32_t(uint8_t(header[0])) << 16) |
                            (uint32_t(uint8_t(header[1])) << 8) | uint32_t(uint8_t(header[2]));
    type = static_cast<uint8_t>(header[3]);
    flags = static_cast<uint8_t>(header[4]);
    stream = be32(header, 5) & 0x7fffffffu;
    payload.assign(length, '\0');
    // a frame once begun arrives whole: it gets its own time
    if (length > 0 && !readExactly(payload.data(), length, Clock::now() + std::chrono::seconds(10)))
        return false;
    switch (type) {
    case kSettings:
        if (!(flags & kAck)) {
            for (size_t at = 0; at + 6 <= payload.size(); at += 6) {
                const int id = (uint8_t(payload[at]) << 8) | uint8_t(payload[at + 1]);
                const uint32_t value = be32(payload, at + 2);
                if (id == 4) { // INITIAL_WINDOW_SIZE applies to open streams too
                    m_streamWindow += int64_t(value) - m_initialStreamWindow;
                    m_initialStreamWindow = value;
                } else if (id == 5) {
                    m_maxFrame = value;
                }
            }
            sendFrame(kSettings, kAck, 0, {});
        }
        break;
    case kPing:
        if (!(flags & kAck) && answerPings)
            sendFrame(kPing, kAck, 0, payload);
        break;
    case kWindowUpdate:
        if (payload.size() == 4) {
            const int64_t increment = be32(payload, 0) & 0x7fffffffu;
            (stream == 0 ? m_connectionWindow : m_streamWindow) += increment;
        }
        break;
    case kRstStream:
        m_ended = stream;
        m_lastEnd.how = Ending::Reset;
        m_lastEnd.resetCode = payload.size() == 4 ? be32(payload, 0) : 0;
        break;
    case kHeaders:
        if (flags & kEndStream) {
            m_ended = stream;
            m_lastEnd.how = Ending::Trailers;
            m_lastEnd.headerBlock = payload;
        }
        break;
    case kGoAway:
        m_closed = true;
        break;
    default:
        break;
    }
    return true;
}

int64_t RawGrpcPeer::startCall(uint32_t stream, uint32_t announced, const std::string& body) {
    std::string block;
    literal(block, ":method", "POST");
    literal(block, ":scheme", "http");
    literal(block, ":path", "/inference.GRPCInferenceService/ModelInfer");
    literal(block, ":authority", "127.0.0.1");
    literal(block, "content-type", "application/grpc");
    literal(block, "te", "trailers");
    m_ended = 0;
    m_lastEnd = {};
    m_streamWindow = m_initialStreamWindow;
    if (!sendFrame(kHeaders, kEndHeaders, stream, block))
        return 0;
    std::string prefix(1, '\0');
    putBe32(prefix, announced);
    if (!sendFrame(kData, 0, stream, prefix))
        return 0;
    m_streamWindow -= 5;
    m_connectionWindow -= 5;
    return sendBody(stream, static_cast<int64_t>(body.size()), &body,
                    std::chrono::milliseconds(500));
}

int64_t RawGrpcPeer::pump(uint32_t stream, int64_t bytes, std::chrono::milliseconds patience) {
    return sendBody(stream, bytes, nullptr, patience);
}

int64_t RawGrpcPeer::sendBody(uint32_t stream, int64_t bytes, const std::string* body,
                              std::chrono::milliseconds patience) {
    int64_t sent = 0;
    const std::string zeros(m_maxFrame, '\0');
    auto lastProgress = Clock::now();
    while (sent < bytes && !m_closed && m_ended != stream) {
        const int64_t window = std::min(m_connectionWindow, m_streamWindow);
        if (window <= 0) {
            uint8_t type, flags;
            uint32_t id;
            std::string payload;
            readFrame(std::chrono::milliseconds(20), type, flags, id, payload);
            if (Clock::now() - lastProgress > patience)
                break;
            continue;
        }
        const int64_t n = std::min({window, bytes - sent, int64_t(m_maxFrame)});
        const std::string chunk = body ? body->substr(static_cast<size_t>(sent), size_t(n))
                                       : zeros.substr(0, static_cast<size_t>(n));
        if (!sendFrame(kData, 0, stream, chunk))
            break;
        sent += n;
        m_connectionWindow -= n;
        m_streamWindow -= n;
        lastProgress = Clock::now();
        // take the server's window updates as they come
        pollfd p{m_fd, POLLIN, 0};
        while (::poll(&p, 1, 0) > 0 && !m_closed) {
            uint8_t type, flags;
            uint32_t id;
            std::string payload;
            if (!readFrame(std::chrono::milliseconds(100), type, flags, id, payload))
                break;
        }
    }
    return sent;
}

RawGrpcPeer::Outcome RawGrpcPeer::waitForEnd(uint32_t stream, std::chrono::milliseconds timeout,
                                             bool answerPings) {
    const auto start = Clock::now();
    const auto until = start + timeout;
    while (m_ended != stream && !m_closed && Clock::now() < until) {
        uint8_t type, flags;
        uint32_t id;
        std::string payload;
        readFrame(std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()), type,
                  flags, id, payload, answerPings);
    }
    Outcome outcome = m_ended == stream ? m_lastEnd : Outcome{};
    if (m_ended != stream && m_closed)
        outcome.how = Ending::ConnectionClosed;
    outcome.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return outcome;
}

bool RawGrpcPeer::waitForClose(std::chrono::milliseconds timeout) {
    const auto until = Clock::now() + timeout;
    while (!m_closed && Clock::now() < until) {
        uint8_t type, flags;
        uint32_t id;
        std::string payload;
        readFrame(std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()), type,
                  flags, id, payload);
    }
    return m_closed;
}

} // namespace autosplit::testing
