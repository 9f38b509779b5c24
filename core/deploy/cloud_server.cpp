#include "core/deploy/cloud_server.h"

#include "core/bundle/bundle_writer.h"
#include "core/deploy/grpc_predict_v2.grpc.pb.h"
#include "core/deploy/inference_messages.h"

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>

namespace autosplit {

namespace {

class InferenceService final : public inference::GRPCInferenceService::Service {
public:
    InferenceService(bundle::Manifest manifest, BundleHalf cloud)
        : m_manifest(std::move(manifest)), m_cloud(std::move(cloud)) {}

    std::atomic<int64_t> served{0};
    std::atomic<int64_t> refused{0};

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

    grpc::Status ModelInfer(grpc::ServerContext* context,
                            const inference::ModelInferRequest* request,
                            inference::ModelInferResponse* response) override {
        auto refuse = [&](grpc::StatusCode code, const std::string& message) {
            ++refused;
            return grpc::Status(code, message);
        };
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

private:
    bundle::Manifest m_manifest;
    BundleHalf m_cloud;
};

} // namespace

struct CloudServer::Impl {
    std::unique_ptr<InferenceService> service;
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
    grpc::ServerBuilder builder;
    // gRPC sets SO_REUSEPORT by default on Linux: a second server on a port in use would start
    // and silently take a share of the connections instead of failing
    builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
    builder.AddListeningPort(address, grpc::InsecureServerCredentials(), &impl.port);
    builder.SetMaxReceiveMessageSize(static_cast<int>(options.maxMessageBytes));
    builder.SetMaxSendMessageSize(static_cast<int>(options.maxMessageBytes));
    builder.RegisterService(impl.service.get());
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
void CloudServer::wait() {
    m_impl->server->Wait();
}
void CloudServer::shutdown() {
    m_impl->server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
}

} // namespace autosplit
