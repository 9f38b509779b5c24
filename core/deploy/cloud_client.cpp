#include "core/deploy/cloud_client.h"

#include "core/deploy/grpc_predict_v2.grpc.pb.h"

#include <grpcpp/grpcpp.h>

namespace autosplit {

namespace {

const char* codeName(grpc::StatusCode code) {
    switch (code) {
    case grpc::StatusCode::CANCELLED:
        return "cancelled";
    case grpc::StatusCode::INVALID_ARGUMENT:
        return "invalid argument";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
        return "deadline exceeded";
    case grpc::StatusCode::NOT_FOUND:
        return "not found";
    case grpc::StatusCode::FAILED_PRECONDITION:
        return "failed precondition";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
        return "resource exhausted";
    case grpc::StatusCode::INTERNAL:
        return "internal";
    case grpc::StatusCode::UNAVAILABLE:
        return "unavailable";
    default:
        return "error";
    }
}

} // namespace

struct CloudClient::Impl {
    std::string address;
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<inference::GRPCInferenceService::Stub> stub;
};

std::unique_ptr<CloudClient> CloudClient::connect(const std::string& address,
                                                  int64_t maxMessageBytes) {
    auto client = std::unique_ptr<CloudClient>(new CloudClient);
    client->m_impl = std::make_unique<Impl>();
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(static_cast<int>(maxMessageBytes));
    args.SetMaxSendMessageSize(static_cast<int>(maxMessageBytes));
    client->m_impl->address = address;
    client->m_impl->channel =
        grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
    client->m_impl->stub = inference::GRPCInferenceService::NewStub(client->m_impl->channel);
    return client;
}

CloudClient::~CloudClient() = default;

Status CloudClient::waitLive(std::chrono::milliseconds timeout) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + timeout);
    context.set_wait_for_ready(true);
    inference::ServerLiveRequest request;
    inference::ServerLiveResponse response;
    const grpc::Status status = m_impl->stub->ServerLive(&context, request, &response);
    if (!status.ok() || !response.live())
        return Error{"the cloud at " + m_impl->address + " is not reachable (" +
                         codeName(status.error_code()) + ": " + status.error_message() + ")",
                     ErrorKind::Io};
    return Status::success();
}

Result<inference::ModelInferResponse>
CloudClient::infer(const inference::ModelInferRequest& request,
                   std::chrono::milliseconds deadline) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + deadline);
    inference::ModelInferResponse response;
    const grpc::Status status = m_impl->stub->ModelInfer(&context, request, &response);
    if (!status.ok())
        return Error{"the cloud at " + m_impl->address + " answered " +
                         codeName(status.error_code()) + ": " + status.error_message(),
                     status.error_code() == grpc::StatusCode::INVALID_ARGUMENT
                         ? ErrorKind::InvalidInput
                         : ErrorKind::Io};
    return response;
}

} // namespace autosplit
