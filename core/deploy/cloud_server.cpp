#include "core/deploy/cloud_server.h"

#include "core/bundle/bundle_writer.h"
#include "core/deploy/call_watchdog.h"
#include "core/deploy/grpc_predict_v2.grpc.pb.h"
#include "core/deploy/inference_messages.h"
#include "core/deploy/work_queue.h"

#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

namespace autosplit {

namespace {

const char* const kModelInferPath = "/inference.GRPCInferenceService/ModelInfer";

// Every method but ModelInfer is answered by gRPC's synchronous server: they are small and arrive
// in one piece. ModelInfer goes through the generic callback service (InferCall) so that the
// call exists, and can be timed, while its request is still arriving.
class InferenceService final : public inference::GRPCInferenceService::WithGenericMethod_ModelInfer<
                                   inference::GRPCInferenceService::Service> {
public:
    InferenceService(bundle::Manifest manifest, BundleHalf cloud)
        : m_manifest(std::move(manifest)), m_cloud(std::move(cloud)) {}

    std::atomic<int64_t> served{0};
    std::atomic<int64_t> refused{0};
    std::atomic<int64_t> timedOut{0};

    grpc::Status ServerLive(grpc::ServerContext*, const inference::ServerLiveRequest*,
                            inference::ServerLiveResponse* response) override {
        response->set_live(true);
        return grpc::Status::OK;
    }
    grpc::Status ServerReady(grpc::ServerContext*, const inference::ServerReadyRequest*,
                             inference::ServerReadyResponse* response) override {
        response->set_ready(true);
        return grpc::Status::OK;
    }
    grpc::Status ModelReady(grpc::ServerContext*, const inference::ModelReadyRequest* request,
                            inference::ModelReadyResponse* response) override {
        response->set_ready(request->name() == m_manifest.triton_model_name());
        return grpc::Status::OK;
    }
    grpc::Status ServerMetadata(grpc::ServerContext*, const inference::ServerMetadataRequest*,
                                inference::ServerMetadataResponse* response) override {
        response->set_name("autosplit-cloud");
        response->set_version(m_manifest.created_by());
        return grpc::Status::OK;
    }
    grpc::Status ModelMetadata(grpc::ServerContext*, const inference::ModelMetadataRequest* request,
                               inference::ModelMetadataResponse* response) override {
        if (request->name() != m_manifest.triton_model_name())
            return {grpc::StatusCode::NOT_FOUND, "unknown model '" + request->name() + "'"};
        response->set_name(m_manifest.triton_model_name());
        response->add_versions("1");
        response->set_platform("onnxruntime_onnx");
        for (const auto& c : m_manifest.crossing()) {
            auto* t = response->add_inputs();
            t->set_name(c.wire_name());
            t->set_datatype(c.quantized() ? "UINT8" : c.data_type());
            for (int64_t d : c.shape())
                t->add_shape(d);
        }
        for (const auto& o : m_manifest.cloud_outputs()) {
            auto* t = response->add_outputs();
            t->set_name(o.name());
            t->set_datatype(o.data_type());
            for (int64_t d : o.shape())
                t->add_shape(d);
        }
        return grpc::Status::OK;
    }

    grpc::Status infer(grpc::CallbackServerContext* context,
                       const inference::ModelInferRequest* request,
                       inference::ModelInferResponse* response) {
        if (!request->model_name().empty() &&
            request->model_name() != m_manifest.triton_model_name())
            return refuse(grpc::StatusCode::NOT_FOUND, "unknown model '" + request->model_name() +
                                                           "'; this server serves '" +
                                                           m_manifest.triton_model_name() + "'");
        if (auto it = request->parameters().find(kParamBundle);
            it != request->parameters().end() &&
            it->second.string_param() != m_manifest.cloud_model().sha256())
            return refuse(grpc::StatusCode::FAILED_PRECONDITION,
                          "the request was made for another bundle (cloud model " +
                              it->second.string_param().substr(0, 12) + "..., this server has " +
                              m_manifest.cloud_model().sha256().substr(0, 12) + "...)");
        auto feeds = decodeInferRequest(m_manifest, *request);
        if (!feeds)
            return refuse(grpc::StatusCode::INVALID_ARGUMENT, feeds.error().message);
        if (context->IsCancelled())
            return refuse(grpc::StatusCode::CANCELLED, "the client gave up");
        const auto start = std::chrono::steady_clock::now();
        auto outputs = m_cloud.run(*feeds);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!outputs)
            return refuse(grpc::StatusCode::INTERNAL, outputs.error().message);
        *response =
            encodeInferResponse(*outputs, m_manifest.triton_model_name(), request->id(), seconds);
        ++served;
        return grpc::Status::OK;
    }

    grpc::Status refuse(grpc::StatusCode code, const std::string& message) {
        ++refused;
        return {code, message};
    }

private:
    bundle::Manifest m_manifest;
    BundleHalf m_cloud;
};

struct Serving {
    InferenceService* service = nullptr;
    CallWatchdog* watchdog = nullptr;
    WorkQueue* workers = nullptr;
    std::chrono::milliseconds receiveTimeout{};
    int maxWaiting = 0;
};

// One ModelInfer call: waits for its request under the watchdog, then runs on the work queue.
// Owned by itself from begin() to OnDone(), and by whoever is acting on it (the watchdog, a
// worker), so none of them can outlive it. m_state makes exactly one of "the request arrived"
// and "the time is up" win.
class InferCall final : public grpc::ServerGenericBidiReactor,
                        public Expirable,
                        public std::enable_shared_from_this<InferCall> {
public:
    InferCall(const Serving& serving, grpc::CallbackServerContext* context)
        : m_serving(serving), m_context(context) {}

    void begin() {
        m_self = shared_from_this();
        m_ticket = m_serving.watchdog->add(CallWatchdog::Clock::now() + m_serving.receiveTimeout,
                                           weak_from_this());
        StartRead(&m_request);
    }

    void expire() override {
        if (!claim())
            return;
        ++m_serving.service->timedOut;
        const double seconds = std::chrono::duration<double>(m_serving.receiveTimeout).count();
        // Finish cancels the pending read: gRPC frees what arrived and resets the stream
        Finish({grpc::StatusCode::DEADLINE_EXCEEDED, "the request did not arrive whole within " +
                                                         std::to_string(seconds).substr(0, 5) +
                                                         " s (the server's receive timeout)"});
    }

    void OnReadDone(bool ok) override {
        if (!claim())
            return; // the time was up first and the call is already answered
        m_serving.watchdog->remove(m_ticket);
        if (!ok) {
            // no message: the client half-closed or went away, or gRPC refused the message (too
            // large), in which case the call already carries that status
            Finish(m_serving.service->refuse(grpc::StatusCode::CANCELLED,
                                             "the call ended before a request arrived"));
            return;
        }
        auto self = shared_from_this();
        if (!m_serving.workers->post([self] { self->answer(); }))
            Finish(m_serving.service->refuse(
                grpc::StatusCode::RESOURCE_EXHAUSTED,
                "the server is busy: " + std::to_string(m_serving.maxWaiting) +
                    " requests are already waiting; try again later"));
    }

    void OnDone() override {
        m_serving.watchdog->remove(m_ticket);
        auto last = std::move(m_self); // may delete this on leaving
    }

private:
    bool claim() {
        bool waiting = false;
        return m_answered.compare_exchange_strong(waiting, true);
    }

    void answer() {
        inference::ModelInferRequest request;
        grpc::Status status = grpc::SerializationTraits<inference::ModelInferRequest>::Deserialize(
            &m_request, &request);
        m_request.Clear();
        if (!status.ok()) {
            Finish(m_serving.service->refuse(grpc::StatusCode::INVALID_ARGUMENT,
                                             "the request is not a ModelInferRequest message"));
            return;
        }
        inference::ModelInferResponse response;
        status = m_serving.service->infer(m_context, &request, &response);
        if (!status.ok()) {
            Finish(status);
            return;
        }
        bool own = false;
        status = grpc::SerializationTraits<inference::ModelInferResponse>::Serialize(
            response, &m_response, &own);
        if (!status.ok()) {
            Finish({grpc::StatusCode::INTERNAL, "the answer could not be serialized"});
            return;
        }
        StartWriteAndFinish(&m_response, grpc::WriteOptions(), grpc::Status::OK);
    }

    const Serving& m_serving;
    grpc::CallbackServerContext* m_context;
    std::shared_ptr<InferCall> m_self;
    CallWatchdog::Ticket m_ticket;
    std::atomic<bool> m_answered{false};
    grpc::ByteBuffer m_request, m_response;
};

class ModelInferService final : public grpc::CallbackGenericService {
public:
    explicit ModelInferService(const Serving& serving) : m_serving(serving) {}

    grpc::ServerGenericBidiReactor*
    CreateReactor(grpc::GenericCallbackServerContext* context) override {
        if (context->method() != kModelInferPath) {
            // what gRPC answers for any method it does not know
            class Unimplemented final : public grpc::ServerGenericBidiReactor {
            public:
                explicit Unimplemented(const std::string& method) {
                    Finish({grpc::StatusCode::UNIMPLEMENTED, "unknown method " + method});
                }
                void OnDone() override { delete this; }
            };
            return new Unimplemented(context->method());
        }
        auto call = std::make_shared<InferCall>(m_serving, context);
        call->begin();
        return call.get();
    }

private:
    const Serving& m_serving;
};

} // namespace

// Destroyed in reverse: the gRPC server first (its Shutdown waits for every call to end, which
// needs the workers and the watchdog), then the workers, the watchdog and the service.
struct CloudServer::Impl {
    std::unique_ptr<InferenceService> service;
    CallWatchdog watchdog;
    Serving serving;
    std::unique_ptr<WorkQueue> workers;
    std::unique_ptr<ModelInferService> generic;
    std::unique_ptr<grpc::Server> server;
    int port = 0;
};

Result<std::unique_ptr<CloudServer>> CloudServer::start(const OpenedBundle& bundle,
                                                        const std::string& address,
                                                        const CloudServerOptions& options) {
    auto cloud = BundleHalf::open(bundle, kCloudModelFile, options.executorThreads);
    if (!cloud)
        return cloud.error();
    auto server = std::unique_ptr<CloudServer>(new CloudServer);
    server->m_impl = std::make_unique<Impl>();
    Impl& impl = *server->m_impl;
    impl.service = std::make_unique<InferenceService>(bundle.manifest, std::move(cloud).value());
    const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    impl.workers =
        std::make_unique<WorkQueue>(options.inferenceThreads > 0 ? options.inferenceThreads : cores,
                                    static_cast<size_t>(std::max(1, options.maxWaitingRequests)));
    impl.serving = {impl.service.get(), &impl.watchdog, impl.workers.get(), options.receiveTimeout,
                    std::max(1, options.maxWaitingRequests)};
    impl.generic = std::make_unique<ModelInferService>(impl.serving);
    grpc::ServerBuilder builder;
    // gRPC sets SO_REUSEPORT by default on Linux: a second server on a port in use would start
    // and silently take a share of the connections instead of failing
    builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
    builder.AddListeningPort(address, grpc::InsecureServerCredentials(), &impl.port);
    builder.SetMaxReceiveMessageSize(static_cast<int>(options.maxMessageBytes));
    builder.SetMaxSendMessageSize(static_cast<int>(options.maxMessageBytes));
    const auto ms = [](std::chrono::milliseconds t) {
        return static_cast<int>(std::clamp<int64_t>(t.count(), 1, INT32_MAX));
    };
    builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS, ms(options.idleTimeout));
    builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, ms(options.keepaliveTime));
    builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, ms(options.keepaliveTimeout));
    // the server's pings probe the peer whether or not calls are open
    builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
    builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
    // a TCP connection that never completes the HTTP/2 greeting holds a slot no longer than a
    // request may take to arrive
    builder.AddChannelArgument(GRPC_ARG_SERVER_HANDSHAKE_TIMEOUT_MS, ms(options.receiveTimeout));
    builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                               std::max(1, options.maxStreamsPerConnection));
    builder.RegisterService(impl.service.get());
    builder.RegisterCallbackGenericService(impl.generic.get());
    impl.server = builder.BuildAndStart();
    if (!impl.server || impl.port == 0)
        return Error{"cannot listen on " + address +
                         " (the port is in use, or the host is not an address of this machine)",
                     ErrorKind::Io};
    return server;
}

CloudServer::~CloudServer() {
    if (m_impl && m_impl->server)
        shutdown();
}

int CloudServer::port() const {
    return m_impl->port;
}
int64_t CloudServer::requestsServed() const {
    return m_impl->service->served;
}
int64_t CloudServer::requestsRefused() const {
    return m_impl->service->refused;
}
int64_t CloudServer::requestsTimedOut() const {
    return m_impl->service->timedOut;
}
void CloudServer::wait() {
    m_impl->server->Wait();
}
void CloudServer::shutdown() {
    m_impl->server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
}

} // namespace autosplit
