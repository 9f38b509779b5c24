#include "core/deploy/bundle_timing.h"

#include "core/bundle/bundle_writer.h"
#include "core/deploy/cloud_client.h"
#include "core/deploy/cloud_server.h"
#include "core/deploy/inference_messages.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>
#include <vector>

namespace autosplit {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

double median(std::vector<double> v) {
    if (v.empty())
        return 0.0;
    std::sort(v.begin(), v.end());
    const size_t h = v.size() / 2;
    return v.size() % 2 ? v[h] : 0.5 * (v[h - 1] + v[h]);
}

Error cancelled() {
    return Error{"validation cancelled", ErrorKind::Cancelled};
}

} // namespace

Status validateBundleTimingOptions(const BundleTimingOptions& options) {
    if (!(options.uplink.bitsPerSecond > 0.0) || !std::isfinite(options.uplink.bitsPerSecond))
        return Error{"uplink: the rate must be a positive number of bits per second"};
    if (options.uplink.roundTripSeconds < 0.0)
        return Error{"round trip: must not be negative"};
    if (options.uplink.overheadBytesPerMessage < 0)
        return Error{"overhead: must not be negative"};
    if (options.repeats < 1)
        return Error{"repeats: at least one timed inference is needed"};
    if (options.warmupRuns < 0)
        return Error{"warm-up runs: must not be negative"};
    if (!(options.deadlineSeconds > 0.0))
        return Error{"deadline: must be positive"};
    return Status::success();
}

Result<MeasuredBreakdown> timeBundle(const OpenedBundle& bundle, const TensorMap& inputs,
                                     const BundleTimingOptions& options,
                                     const ProgressCallback& progress,
                                     const CancellationToken& cancel) {
    if (auto valid = validateBundleTimingOptions(options); !valid)
        return valid.error();
    const bundle::Manifest& manifest = bundle.manifest;
    auto edge = BundleHalf::open(bundle, kEdgeModelFile, options.threads);
    if (!edge)
        return edge.error();
    const bool sends = manifest.crossing_size() > 0;
    std::unique_ptr<CloudServer> server;
    std::unique_ptr<CloudClient> client;
    if (sends) {
        CloudServerOptions serverOptions;
        serverOptions.executorThreads = options.threads;
        auto started = CloudServer::start(bundle, "127.0.0.1:0", serverOptions);
        if (!started)
            return started.error();
        server = std::move(started).value();
        client = CloudClient::connect("127.0.0.1:" + std::to_string(server->port()));
        if (auto live = client->waitLive(std::chrono::milliseconds(10000)); !live)
            return live.error();
    }
    const auto deadline =
        std::chrono::milliseconds(static_cast<int64_t>(options.deadlineSeconds * 1000.0));

    std::vector<double> edgeTimes, sendTimes, cloudTimes, totals, paced;
    MeasuredBreakdown result;
    const int runs = options.warmupRuns + options.repeats;
    for (int r = 0; r < runs; ++r) {
        if (cancel.isCancelled())
            return cancelled();
        const auto start = Clock::now();
        auto sent = edge->run(inputs, cancel);
        if (!sent)
            return sent.error();
        const double edgeSeconds = secondsSince(start);
        double sendSeconds = 0.0, cloudSeconds = 0.0, pace = 0.0;
        if (sends) {
            const auto sendStart = Clock::now();
            RequestOptions requestOptions;
            requestOptions.frame = r + 1;
            auto message = encodeInferRequest(manifest, *sent, requestOptions);
            if (!message)
                return message.error();
            result.requestBytes = static_cast<int64_t>(message->ByteSizeLong());
            // the bytes leave the device at the uplink's rate: the request is held back as long
            // as its transfer (and the round trip) would take, counted from when sending began
            pace = options.uplink.seconds(result.requestBytes);
            std::this_thread::sleep_until(sendStart + std::chrono::duration_cast<Clock::duration>(
                                                          std::chrono::duration<double>(pace)));
            const auto callStart = Clock::now();
            auto response = client->infer(*message, deadline);
            if (!response)
                return response.error();
            const double call = secondsSince(callStart);
            auto decoded = decodeInferResponse(*response);
            if (!decoded)
                return decoded.error().prefixed("the cloud's answer: ");
            cloudSeconds = decoded->cloudSeconds.value_or(0.0);
            sendSeconds = secondsSince(sendStart) - std::min(call, cloudSeconds);
        }
        const double total = secondsSince(start);
        if (r < options.warmupRuns)
            continue;
        edgeTimes.push_back(edgeSeconds);
        sendTimes.push_back(sendSeconds);
        cloudTimes.push_back(cloudSeconds);
        totals.push_back(total);
        paced.push_back(pace);
        reportProgress(progress, double(r + 1) / runs, "timing");
    }
    result.edgeSeconds = median(edgeTimes);
    result.transmissionSeconds = median(sendTimes);
    result.cloudSeconds = median(cloudTimes);
    result.totalSeconds = median(totals);
    result.pacedSeconds = median(paced);
    result.repeats = options.repeats;
    if (server)
        server->shutdown();
    return result;
}

} // namespace autosplit
