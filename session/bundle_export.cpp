#include "session/bundle_export.h"

#include "core/bundle/bundle_writer.h"
#include "core/bundle/file_digest.h"
#include "core/bundle/split_manifest.h"
#include "core/bundle/split_models.h"
#include "core/bundle/split_plan.h"

#include <QDateTime>
#include <QFileInfo>

namespace autosplit::session {

namespace {

std::string utf8(const QString& s) {
    return s.toStdString();
}

// What the manifest says a measured drop is a drop of.
std::string accuracyMeasure(const SolveSession& session) {
    const ModelSetup& setup = session.setup;
    switch (session.metric.kind) {
    case MetricKind::TextRecognition:
        return setup.texts.empty() ? "exact lines agreeing with the float model"
                                   : "exact-line accuracy against the texts";
    case MetricKind::TextDetection:
        return setup.boxes.empty() ? "text-box hmean against the float model's boxes (IoU > 0.5)"
                                   : "text-box hmean against the truth boxes (IoU > 0.5)";
    case MetricKind::Sqnr:
        return "output noise energy in percent of the signal (SQNR)";
    case MetricKind::Classification:
        break;
    }
    return setup.labels.empty() ? "top-1 agreement with the float model"
                                : "top-1 accuracy against the labels";
}

} // namespace

Result<BundleExportResult> exportBundle(const SolveSession& session, const Candidate& candidate,
                                        const QString& dir, const BundleExportOptions& options,
                                        const ProgressCallback& progress,
                                        const CancellationToken& cancel) {
    const Graph& graph = *session.setup.graph;
    SplitRequest request;
    request.split = candidate.split;
    request.edgeLayers = candidate.edgeLayers;
    request.weightRange = session.setup.settings.weightRange;
    request.outputsConsumedOnEdge =
        options.outputsConsumedOnEdge.value_or(session.analysis.options.outputsConsumedOnEdge);
    // the crossing travels as the candidate's cost charged it
    request.rawInputBits = candidate.rawInputBits;
    request.floatBits = candidate.floatBits;
    if (candidate.floatEdge) {
        request.weightBits.assign(static_cast<size_t>(candidate.split), kFloatBits);
        request.activationBits.assign(static_cast<size_t>(candidate.split), kFloatBits);
    } else {
        for (int layer = 1; layer <= candidate.split; ++layer) {
            request.weightBits.push_back(candidate.bits.weight(layer));
            request.activationBits.push_back(candidate.bits.activation(layer));
        }
    }
    reportProgress(progress, 0.0, "planning the split");
    auto plan = makeSplitPlan(graph, session.calibration, request);
    if (!plan)
        return plan.error();
    reportProgress(progress, 0.05, "building edge.onnx");
    auto edge = edgeGraph(graph, *plan, request.weightRange);
    if (!edge)
        return edge.error();
    auto edgeModel = checkedModel(*edge, kEdgeModelFile);
    if (!edgeModel)
        return edgeModel.error();
    if (cancel.isCancelled())
        return Error{"export cancelled", ErrorKind::Cancelled};
    reportProgress(progress, 0.2, "building cloud.onnx");
    auto cloud = cloudGraph(graph, *plan);
    if (!cloud)
        return cloud.error();
    auto cloudModel = checkedModel(*cloud, kCloudModelFile);
    if (!cloudModel)
        return cloudModel.error();
    if (cancel.isCancelled())
        return Error{"export cancelled", ErrorKind::Cancelled};

    bundle::Manifest m;
    m.set_created_by(std::string("autosplit ") + AUTOSPLIT_VERSION);
    m.set_created_at(utf8(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)));
    auto* source = m.mutable_source();
    source->set_file_name(
        utf8(session.model ? session.model->displayName : QFileInfo(session.modelPath).fileName()));
    if (session.model) {
        source->set_sha256(session.model->sha256().toStdString());
        source->set_bytes(session.model->fileBytes().size());
        source->set_optimization(session.model->optimizationLabel().toStdString());
    } else if (!session.modelPath.isEmpty()) {
        auto hash = sha256OfFile(session.modelPath.toStdString());
        if (!hash)
            return hash.error();
        source->set_sha256(*hash);
        source->set_bytes(QFileInfo(session.modelPath).size());
    }
    source->set_layers(static_cast<int32_t>(graph.nodeCount()));
    m.set_method(std::string(methodName(candidate.method)));
    describeSplit(graph, *plan, m);

    auto* p = m.mutable_prediction();
    p->set_edge_seconds(candidate.edgeSeconds);
    p->set_transmission_seconds(candidate.transmissionSeconds);
    p->set_cloud_seconds(candidate.cloudSeconds);
    p->set_total_seconds(candidate.totalSeconds);
    p->set_transmitted_bytes(candidate.transmittedBytes);
    p->set_edge_weight_bytes(candidate.edgeWeightBytes);
    p->set_peak_activation_bytes(candidate.peakActivationBytes);
    p->set_edge_memory_bytes(candidate.edgeMemoryBytes);
    p->set_error(candidate.error);
    auto* d = m.mutable_deployment();
    const Uplink uplink = options.uplink.value_or(session.uplink);
    const SolveConstraints constraints = options.constraints.value_or(session.constraints);
    d->set_edge_device(utf8(options.edgeDevice.value_or(session.edgeName)));
    d->set_cloud_device(utf8(options.cloudDevice.value_or(session.cloudName)));
    d->set_network(utf8(options.network.value_or(session.networkName)));
    d->set_uplink_bits_per_second(uplink.bitsPerSecond);
    d->set_round_trip_seconds(uplink.roundTripSeconds);
    d->set_overhead_bytes_per_message(uplink.overheadBytesPerMessage);
    d->set_edge_memory_limit_bytes(constraints.edgeMemoryBytes);
    d->set_max_drop_percent(constraints.maxAccuracyDrop.value_or(-1.0));
    auto* a = m.mutable_accuracy();
    if (candidate.measuredDrop) {
        a->set_measured(true);
        a->set_drop_percent(*candidate.measuredDrop);
        a->set_measure(accuracyMeasure(session));
        a->set_samples(static_cast<int32_t>(session.setup.samples.size()));
        a->set_sample_source(utf8(session.sampleSource));
    }
    m.set_preprocessing(utf8(session.preprocessing));

    BundleWriteOptions writeOptions;
    writeOptions.replace = options.replace;
    auto written = writeBundle(
        dir.toStdString(), m, *edgeModel, *cloudModel, writeOptions,
        [&](double f, std::string_view stage) { reportProgress(progress, 0.3 + 0.7 * f, stage); },
        cancel);
    if (!written)
        return written.error();
    BundleExportResult result;
    result.dir = dir;
    result.edgeModelBytes = static_cast<int64_t>(edgeModel->ByteSizeLong());
    result.cloudModelBytes = static_cast<int64_t>(cloudModel->ByteSizeLong());
    result.crossingTensors = static_cast<int>(plan->crossing.size());
    for (const CrossingPlan& c : plan->crossing)
        result.wireBytes += c.wireBytes.value_or(0);
    return result;
}

} // namespace autosplit::session
