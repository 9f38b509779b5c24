#pragma once

// A network peer that speaks just enough HTTP/2 to open a gRPC ModelInfer call and then misbehave
// in ways a gRPC library never would: announce a message and send only part of it, stop sending,
// hang up mid-message, announce far more than the server accepts. Plain blocking POSIX sockets,
// no HPACK compression (literal header fields only), flow control honoured as the server grants it.

#include <chrono>
#include <cstdint>
#include <string>

namespace autosplit::testing {

class RawGrpcPeer {
public:
    RawGrpcPeer() = default;
    ~RawGrpcPeer();
    RawGrpcPeer(const RawGrpcPeer&) = delete;
    RawGrpcPeer& operator=(const RawGrpcPeer&) = delete;

    // TCP to 127.0.0.1:port, the client preface and an empty SETTINGS frame.
    bool connect(int port);
    // HEADERS for a ModelInfer call on `stream` (odd, increasing), then the gRPC length prefix
    // announcing `announced` bytes and as much of `body` as the flow-control windows allow now.
    // Returns the body bytes sent.
    int64_t startCall(uint32_t stream, uint32_t announced, const std::string& body);
    // Sends up to `bytes` more zero bytes of the message on `stream`, reading the server's
    // frames in between; stops when they are sent, when the windows stay closed for `patience`,
    // or when the stream or connection ends. Returns the bytes sent.
    int64_t pump(uint32_t stream, int64_t bytes, std::chrono::milliseconds patience);

    enum class Ending { StillOpen, Reset, Trailers, ConnectionClosed };
    struct Outcome {
        Ending how = Ending::StillOpen;
        uint32_t resetCode = 0;  // RST_STREAM's error code
        std::string headerBlock; // the trailers as sent (HPACK, as the server encoded them)
        double seconds = 0.0;    // from the call to the ending
    };
    // Reads the server's frames (answering SETTINGS, and PINGs unless told not to) until
    // `stream` ends or the connection closes, or `timeout` passes (StillOpen).
    Outcome waitForEnd(uint32_t stream, std::chrono::milliseconds timeout, bool answerPings = true);
    // Like waitForEnd for the whole connection: GOAWAY or EOF.
    bool waitForClose(std::chrono::milliseconds timeout);
    void close();

private:
    bool sendFrame(uint8_t type, uint8_t flags, uint32_t stream, const std::string& payload);
    // One frame within `timeout`; false on timeout or a closed connection (then m_closed).
    bool readFrame(std::chrono::milliseconds timeout, uint8_t& type, uint8_t& flags,
                   uint32_t& stream, std::string& payload, bool answerPings = true);
    int64_t sendBody(uint32_t stream, int64_t bytes, const std::string* body,
                     std::chrono::milliseconds patience);

    int m_fd = -1;
    bool m_closed = false;
    int64_t m_connectionWindow = 65535;
    int64_t m_streamWindow = 65535;        // of the one call this peer feeds
    int64_t m_initialStreamWindow = 65535; // from the server's SETTINGS
    uint32_t m_maxFrame = 16384;
    uint32_t m_ended = 0; // a stream the server reset or finished
    Outcome m_lastEnd;
};

} // namespace autosplit::testing
