#include "app/cli/analyze_report.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace autosplit::cli {

namespace {

constexpr int kSchemaVersion = 1;

QString str(const std::string& s) {
    return QString::fromStdString(s);
}
QString str(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QJsonValue integer(const std::optional<int64_t>& value) {
    return value ? QJsonValue(static_cast<qint64>(*value)) : QJsonValue(QJsonValue::Null);
}

QJsonValue integer(int64_t value) {
    return QJsonValue(static_cast<qint64>(value));
}

// [1, 3, 224, 224]; unknown dims are null, an unknown rank is null as a whole.
QJsonValue shape(const TensorShape& s) {
    if (!s.rankKnown)
        return QJsonValue(QJsonValue::Null);
    QJsonArray dims;
    for (int64_t d : s.dims)
        dims.append(d < 0 ? QJsonValue(QJsonValue::Null) : integer(d));
    return dims;
}

QJsonArray strings(const std::vector<std::string>& items) {
    QJsonArray array;
    for (const auto& s : items)
        array.append(str(s));
    return array;
}

QJsonArray ints(const std::vector<int>& items) {
    QJsonArray array;
    for (int v : items)
        array.append(v);
    return array;
}

QJsonObject tensor(const Graph& graph, const SplitAnalysis& a, ValueId id) {
    const Value& v = graph.value(id);
    const ValueFacts& f = a.values[static_cast<size_t>(id)];
    QJsonObject o;
    o[QStringLiteral("name")] = str(v.name);
    o[QStringLiteral("dtype")] = str(nameOf(v.dtype));
    o[QStringLiteral("shape")] = shape(v.shape);
    o[QStringLiteral("elements")] = integer(f.elements);
    o[QStringLiteral("producer")] = v.producer == kNone
                                        ? QJsonValue(QJsonValue::Null)
                                        : QJsonValue(str(graph.node(v.producer).name));
    o[QStringLiteral("producerLayer")] = f.producedAt;
    o[QStringLiteral("kind")] = f.rawInput        ? QStringLiteral("raw-input")
                                : f.fixedBits > 0 ? QStringLiteral("fixed")
                                                  : QStringLiteral("activation");
    o[QStringLiteral("fixedBits")] =
        f.fixedBits > 0 ? QJsonValue(f.fixedBits) : QJsonValue(QJsonValue::Null);
    return o;
}

} // namespace

QByteArray formatJsonReport(const AnalyzeReport& r) {
    const SplitAnalysis& a = r.analysis;
    const Graph& graph = *r.graph;
    const int lowest = r.lowestBits;
    const std::vector<int> splits = a.potentialSplits(r.memoryLimitBytes, lowest);
    const auto memory = a.edgeMemoryProfile(lowest);

    QJsonObject root;
    root[QStringLiteral("schemaVersion")] = kSchemaVersion;

    QJsonObject model;
    model[QStringLiteral("path")] = r.modelPath;
    model[QStringLiteral("graphName")] = str(graph.name);
    QJsonArray inputs, outputs;
    for (ValueId id : graph.inputs())
        if (!graph.value(id).isConstant())
            inputs.append(tensor(graph, a, id));
    for (ValueId id : graph.outputs())
        outputs.append(tensor(graph, a, id));
    model[QStringLiteral("inputs")] = inputs;
    model[QStringLiteral("outputs")] = outputs;
    root[QStringLiteral("model")] = model;

    QJsonObject options;
    options[QStringLiteral("rawInputBits")] = a.options.rawInputBits;
    options[QStringLiteral("outputsConsumedOnEdge")] = a.options.outputsConsumedOnEdge;
    options[QStringLiteral("memoryLimitBytes")] = integer(r.memoryLimitBytes);
    options[QStringLiteral("lowestBits")] = lowest;
    options[QStringLiteral("optimize")] = r.optimized;
    options[QStringLiteral("passes")] = strings(r.passNames);
    QJsonArray shapes;
    for (const InputShapeOverride& s : r.inputShapes) {
        QJsonObject o;
        o[QStringLiteral("name")] = str(s.name);
        QJsonArray dims;
        for (int64_t d : s.dims)
            dims.append(integer(d));
        o[QStringLiteral("dims")] = dims;
        shapes.append(o);
    }
    options[QStringLiteral("inputShapes")] = shapes;
    root[QStringLiteral("options")] = options;

    QJsonArray passes;
    for (const PassReport& p : r.passReports) {
        QJsonObject o;
        o[QStringLiteral("name")] = str(p.pass);
        o[QStringLiteral("modified")] = p.modified;
        o[QStringLiteral("changes")] = strings(p.changes);
        passes.append(o);
    }
    root[QStringLiteral("passes")] = passes;

    QJsonObject summary;
    summary[QStringLiteral("layers")] = a.layerCount();
    summary[QStringLiteral("params")] = integer(a.totalParams());
    summary[QStringLiteral("weightBytes")] =
        integer(a.prefixWeightBytes.empty() ? 0 : a.prefixWeightBytes.back());
    summary[QStringLiteral("macs")] = integer(a.totalMacs());
    summary[QStringLiteral("knownMacs")] = integer(a.knownMacs());
    summary[QStringLiteral("unknownMacLayers")] = a.unknownMacLayers();
    summary[QStringLiteral("rawInputBytes")] =
        a.rawInputSizeKnown ? integer(a.rawInputBytes) : QJsonValue(QJsonValue::Null);
    summary[QStringLiteral("potentialSplits")] = ints(splits);
    summary[QStringLiteral("liCandidates")] = ints(a.liCandidates());
    root[QStringLiteral("summary")] = summary;
    if (!r.edgeTimes.empty()) {
        QJsonObject devices;
        devices[QStringLiteral("edge")] = r.edgeDevice;
        devices[QStringLiteral("cloud")] = r.cloudDevice;
        devices[QStringLiteral("edgeBits")] = r.edgeBits;
        root[QStringLiteral("devices")] = devices;
    }

    QJsonArray layers;
    for (int i = 0; i < a.layerCount(); ++i) {
        const LayerInfo& l = a.layers[static_cast<size_t>(i)];
        QJsonObject o;
        o[QStringLiteral("index")] = i + 1;
        o[QStringLiteral("name")] = str(l.name);
        o[QStringLiteral("op")] = str(l.opType);
        o[QStringLiteral("domain")] = str(l.domain);
        o[QStringLiteral("activation")] =
            l.activation.empty() ? QJsonValue(QJsonValue::Null) : QJsonValue(str(l.activation));
        o[QStringLiteral("outputShape")] = shape(l.outputShape);
        o[QStringLiteral("outputElements")] = integer(l.outputElements);
        o[QStringLiteral("params")] = integer(l.params);
        o[QStringLiteral("weightBytes")] = integer(l.weightBytes);
        o[QStringLiteral("macs")] = integer(l.macs);
        o[QStringLiteral("parametric")] = l.parametric;
        o[QStringLiteral("knownOp")] = l.knownOp;
        if (static_cast<size_t>(i) < r.edgeTimes.size()) {
            auto time = [](const LayerTime& t) {
                QJsonObject d;
                d[QStringLiteral("cycles")] = t.cycles;
                d[QStringLiteral("utilisation")] = t.utilisation;
                d[QStringLiteral("computeSeconds")] = t.computeSeconds;
                d[QStringLiteral("memorySeconds")] = t.memorySeconds;
                d[QStringLiteral("seconds")] = t.seconds;
                d[QStringLiteral("dramBytes")] = t.dramBytes;
                return d;
            };
            o[QStringLiteral("edgeTime")] = time(r.edgeTimes[static_cast<size_t>(i)]);
            o[QStringLiteral("cloudTime")] = time(r.cloudTimes[static_cast<size_t>(i)]);
        }
        layers.append(o);
    }
    root[QStringLiteral("layers")] = layers;

    QJsonArray cuts;
    for (const CutInfo& cut : a.cuts) {
        const int n = cut.n;
        QJsonObject o;
        o[QStringLiteral("n")] = n;
        o[QStringLiteral("after")] =
            n == 0 ? QJsonValue(QJsonValue::Null)
                   : QJsonValue(str(a.layers[static_cast<size_t>(n - 1)].name));
        QJsonArray crossing;
        for (ValueId id : cut.crossing)
            crossing.append(tensor(graph, a, id));
        o[QStringLiteral("crossing")] = crossing;
        o[QStringLiteral("sizeKnown")] = cut.sizeKnown;
        o[QStringLiteral("crossingBytes8")] = integer(a.crossingBytes(n, 8));
        o[QStringLiteral("crossingBytes4")] = integer(a.crossingBytes(n, 4));
        o[QStringLiteral("crossingBytesLowest")] = integer(a.crossingBytes(n, lowest));
        o[QStringLiteral("edgeWeightBytesLowest")] = integer(a.edgeWeightBytes(n, lowest));
        // M(n) = weights + peak working set; the profile gives all cuts in O(N)
        const auto& edgeMemory = memory[static_cast<size_t>(n)];
        o[QStringLiteral("peakWorkingSetBytesLowest")] =
            edgeMemory ? integer(*edgeMemory - a.edgeWeightBytes(n, lowest))
                       : QJsonValue(QJsonValue::Null);
        o[QStringLiteral("edgeMemoryBytesLowest")] = integer(edgeMemory);
        o[QStringLiteral("potentialSplit")] = std::binary_search(splits.begin(), splits.end(), n);
        o[QStringLiteral("li")] = str(liRuleName(cut.li));
        o[QStringLiteral("liReason")] = str(cut.liReason);
        cuts.append(o);
    }
    root[QStringLiteral("cuts")] = cuts;
    root[QStringLiteral("warnings")] = strings(r.warnings);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace autosplit::cli
