#include "session/task_metric_setup.h"

#include "core/util/input_limits.h"
#include "core/util/size_text.h"

#include <QFile>

namespace autosplit::session {

Status checkMetricFits(MetricKind kind, const Graph& graph) {
    if (graph.outputs().empty())
        return Error{"the model has no outputs", ErrorKind::InvalidInput};
    const Value& output = graph.value(graph.outputs().front());
    const auto& d = output.shape.dims;
    switch (kind) {
    case MetricKind::TextDetection:
        // a DB detector's first output is one probability map per image
        if (output.shape.rankKnown &&
            (d.size() != 4 || d[0] > 1 || d[1] > 1 || d[0] == 0 || d[1] == 0))
            return Error{"the model's first output is " + output.shape.toString() +
                             ", not a [1, 1, H, W] text probability map",
                         ErrorKind::InvalidInput};
        return Status::success();
    case MetricKind::TextRecognition:
        if (!output.shape.rankKnown || d.empty() || d.back() <= 0)
            return Error{"the model's output has no known class dimension",
                         ErrorKind::InvalidInput};
        return Status::success();
    case MetricKind::Classification:
    case MetricKind::Sqnr:
        return Status::success();
    }
    return Status::success();
}

Result<std::shared_ptr<const CtcAlphabet>> loadDictionary(const QString& path, const Graph& graph) {
    if (auto fits = checkMetricFits(MetricKind::TextRecognition, graph); !fits)
        return fits.error();
    if (path.isEmpty())
        return Error{"a text recogniser needs its dictionary file", ErrorKind::InvalidInput};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{path.toStdString() + ": cannot be read (" + file.errorString().toStdString() +
                         ")",
                     ErrorKind::Io};
    const QByteArray text = file.read(limits::kMaxTextFileBytes + 1);
    if (text.size() > limits::kMaxTextFileBytes)
        return Error{path.toStdString() + ": larger than " +
                     sizeText(double(limits::kMaxTextFileBytes)) +
                     ", the limit for a dictionary file"};
    const int classes = static_cast<int>(graph.value(graph.outputs().front()).shape.dims.back());
    auto alphabet = ctcAlphabet(std::string_view(text.constData(), size_t(text.size())), classes,
                                path.toStdString());
    if (!alphabet)
        return alphabet.error();
    return std::make_shared<const CtcAlphabet>(std::move(alphabet).value());
}

Result<TaskMetric> taskMetricFor(MetricKind kind, const Graph& graph,
                                 const QString& dictionaryPath) {
    if (auto fits = checkMetricFits(kind, graph); !fits)
        return fits.error();
    TaskMetric metric;
    metric.kind = kind;
    if (kind == MetricKind::TextRecognition) {
        auto alphabet = loadDictionary(dictionaryPath, graph);
        if (!alphabet)
            return alphabet.error();
        metric.alphabet = std::move(alphabet).value();
    }
    return metric;
}

} // namespace autosplit::session
