#include "core/deploy/bundle_runners.h"

#include "core/bundle/bundle_writer.h"
#include "core/onnx/onnx_importer.h"

namespace autosplit {

Result<BundleHalf> BundleHalf::open(const OpenedBundle& bundle, const std::string& which,
                                    int threads) {
    const std::string& model = which == kEdgeModelFile ? bundle.edge : bundle.cloud;
    const std::string label = (bundle.dir / which).string();
    ImportOptions options;
    options.assumeBatchOne = false;
    auto imported = importOnnxData(model, label, bundle.dir, options);
    if (!imported)
        return imported.error();
    BundleHalf half;
    half.m_label = label;
    half.m_graph = std::make_shared<const Graph>(std::move(imported.value().graph));
    ExecutorOptions executorOptions;
    executorOptions.threads = threads;
    auto executor = Executor::create(half.m_graph, executorOptions);
    if (!executor)
        return executor.error().prefixed(label + ": ");
    half.m_executor = std::make_shared<const Executor>(std::move(executor).value());
    return half;
}

Result<TensorMap> BundleHalf::run(const TensorMap& feeds, const CancellationToken& cancel) const {
    RunRequest request;
    for (ValueId id : m_graph->inputs()) {
        const Value& v = m_graph->value(id);
        auto it = feeds.find(v.name);
        if (it == feeds.end())
            return Error{m_label + ": input '" + v.name + "' is missing"};
        const HostTensor& t = it->second;
        if (t.dtype() != v.dtype)
            return Error{"input '" + v.name + "' is " + std::string(nameOf(t.dtype())) + "; " +
                         m_label + " takes " + std::string(nameOf(v.dtype))};
        bool shapeOk = !v.shape.rankKnown || v.shape.dims.size() == t.dims().size();
        for (size_t d = 0; shapeOk && v.shape.rankKnown && d < t.dims().size(); ++d)
            shapeOk = v.shape.dims[d] < 0 || v.shape.dims[d] == t.dims()[d];
        if (!shapeOk)
            return Error{"input '" + v.name + "' has shape " +
                         TensorShape::of(t.dims()).toString() + "; " + m_label + " takes " +
                         v.shape.toString()};
        request.feeds[v.name] = t;
    }
    return m_executor->run(request, cancel);
}

Result<TensorMap> runBundleLocally(const BundleHalf& edge, const BundleHalf& cloud,
                                   const bundle::Manifest& manifest, const TensorMap& inputs) {
    auto sent = edge.run(inputs);
    if (!sent)
        return sent.error();
    TensorMap feeds;
    for (const auto& c : manifest.crossing())
        feeds[c.wire_name()] = sent->at(c.wire_name());
    auto outputs = cloud.run(feeds);
    if (!outputs)
        return outputs.error();
    for (const auto& t : manifest.edge_outputs())
        (*outputs)[t.name()] = sent->at(t.name());
    return outputs;
}

} // namespace autosplit
