#include "core/quant/sample_outcome.h"

#include "core/quant/evaluation.h"

#include "core/metrics/ctc_decoder.h"
#include "core/metrics/db_postprocess.h"
#include "core/metrics/text_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace autosplit {

namespace {

const std::string& firstOutput(const Graph& graph) {
    return graph.value(graph.outputs()[0]).name;
}

int64_t argmax(const HostTensor& t) {
    const float* d = t.data<float>();
    return std::max_element(d, d + t.elementCount()) - d;
}

} // namespace

Result<SampleAnswer> answerOf(const Graph& graph, const TaskMetric& metric,
                              const OutputMap& outputs) {
    if (graph.outputs().empty())
        return Error{"the model has no outputs"};
    const std::string& first = firstOutput(graph);
    const auto it = outputs.find(first);
    if (it == outputs.end())
        return Error{"output '" + first + "' was not computed", ErrorKind::Internal};
    const HostTensor& out = it->second;
    SampleAnswer answer;
    switch (metric.kind) {
    case MetricKind::TextRecognition: {
        if (!metric.alphabet)
            return Error{"text recognition needs the recogniser's dictionary", ErrorKind::Usage};
        auto decoded = ctcGreedyDecode(out, *metric.alphabet);
        if (!decoded)
            return decoded.error().prefixed("output '" + first + "': ");
        for (auto& d : *decoded)
            answer.lines.push_back(std::move(d.text));
        break;
    }
    case MetricKind::TextDetection: {
        auto boxes = dbPostProcess(out, metric.detection);
        if (!boxes)
            return boxes.error().prefixed("output '" + first + "': ");
        for (const DetectedBox& box : *boxes)
            answer.boxes.push_back(box.quad);
        break;
    }
    case MetricKind::Sqnr:
        break; // the output energies are all it needs
    case MetricKind::Classification:
        if (out.dtype() == DataType::Float && out.elementCount() > 0)
            answer.topClass = argmax(out);
        break;
    }
    return answer;
}

Result<SampleOutcome> outcomeOf(const Graph& graph, const TaskMetric& metric, size_t sample,
                                const OutputMap& floatOutputs, const SampleAnswer& floatAnswer,
                                const OutputMap& quantizedOutputs) {
    SampleOutcome o;
    o.sample = sample;
    o.floatAnswer = floatAnswer;
    auto answer = answerOf(graph, metric, quantizedOutputs);
    if (!answer)
        return answer.error();
    o.quantizedAnswer = std::move(answer).value();
    o.signal.assign(graph.outputs().size(), 0.0);
    o.noise.assign(graph.outputs().size(), 0.0);
    for (size_t k = 0; k < graph.outputs().size(); ++k) {
        const std::string& name = graph.value(graph.outputs()[k]).name;
        const auto f = floatOutputs.find(name), q = quantizedOutputs.find(name);
        if (f == floatOutputs.end() || q == quantizedOutputs.end())
            return Error{"output '" + name + "' was not computed", ErrorKind::Internal};
        if (f->second.dtype() != DataType::Float)
            continue;
        if (q->second.dtype() != DataType::Float ||
            q->second.elementCount() != f->second.elementCount())
            return Error{"output '" + name + "' of the quantized model is " + q->second.describe() +
                             ", the float model's " + f->second.describe(),
                         ErrorKind::Internal};
        const float* a = f->second.data<float>();
        const float* b = q->second.data<float>();
        double signal = 0.0, noise = 0.0;
        for (int64_t i = 0; i < f->second.elementCount(); ++i) {
            signal += double(a[i]) * a[i];
            noise += (double(a[i]) - b[i]) * (double(a[i]) - b[i]);
        }
        o.signal[k] = signal;
        o.noise[k] = noise;
    }
    return o;
}

Result<EvaluationResult> scoreOutcomes(std::span<const SampleOutcome> outcomes, const Graph& graph,
                                       const TaskMetric& metric, const SampleTruth& truth) {
    if (outcomes.empty())
        return Error{"evaluation needs at least one sample"};
    const std::span<const int> labels = truth.classes;
    EvaluationResult result;
    result.samples = outcomes.size();
    result.labelled = !labels.empty();
    result.metric = metric.kind;
    const size_t outputs = graph.outputs().size();
    std::vector<double> signal(outputs, 0.0), noise(outputs, 0.0);
    for (const SampleOutcome& o : outcomes)
        for (size_t k = 0; k < outputs && k < o.signal.size(); ++k) {
            signal[k] += o.signal[k];
            noise[k] += o.noise[k];
        }
    const double n = static_cast<double>(outcomes.size());
    switch (metric.kind) {
    case MetricKind::TextRecognition: {
        std::vector<std::string> floatLines, quantizedLines, texts;
        for (const SampleOutcome& o : outcomes) {
            floatLines.insert(floatLines.end(), o.floatAnswer.lines.begin(),
                              o.floatAnswer.lines.end());
            quantizedLines.insert(quantizedLines.end(), o.quantizedAnswer.lines.begin(),
                                  o.quantizedAnswer.lines.end());
            if (!truth.texts.empty())
                texts.push_back(truth.texts.at(o.sample));
        }
        // one line per batch item: a batch of lines counts each of them
        if (floatLines.size() != quantizedLines.size() || floatLines.empty())
            return Error{"the recogniser's output decoded to no lines", ErrorKind::Internal};
        const bool labelled = !truth.texts.empty();
        if (labelled && floatLines.size() != texts.size())
            return Error{"the recogniser read " + std::to_string(floatLines.size()) +
                         " lines from " + std::to_string(texts.size()) +
                         " samples; text labels need one line per sample"};
        const std::vector<std::string>& reference = labelled ? texts : floatLines;
        auto fs = scoreTextRecognition(floatLines, reference, metric.lines);
        auto qs = scoreTextRecognition(quantizedLines, reference, metric.lines);
        if (!fs || !qs)
            return !fs ? fs.error() : qs.error();
        result.labelled = labelled;
        result.floatScore = 100.0 * fs->lineAccuracy();
        result.quantizedScore = 100.0 * qs->lineAccuracy();
        result.floatCharacterErrorRate = 100.0 * fs->characterErrorRate();
        result.quantizedCharacterErrorRate = 100.0 * qs->characterErrorRate();
        result.accuracyDropPercent = result.floatScore - result.quantizedScore;
        break;
    }
    case MetricKind::TextDetection: {
        const bool labelled = !truth.boxes.empty();
        std::vector<std::vector<Quad>> floatBoxes, quantizedBoxes, truthBoxes;
        for (const SampleOutcome& o : outcomes) {
            floatBoxes.push_back(o.floatAnswer.boxes);
            quantizedBoxes.push_back(o.quantizedAnswer.boxes);
            if (labelled)
                truthBoxes.push_back(truth.boxes.at(o.sample));
        }
        const auto& reference = labelled ? truthBoxes : floatBoxes;
        auto fs = scoreTextDetection(floatBoxes, reference);
        auto qs = scoreTextDetection(quantizedBoxes, reference);
        if (!fs || !qs)
            return !fs ? fs.error() : qs.error();
        result.labelled = labelled;
        result.floatScore = 100.0 * fs->hmean();
        result.quantizedScore = 100.0 * qs->hmean();
        result.floatDetection = *fs;
        result.quantizedDetection = *qs;
        result.accuracyDropPercent = result.floatScore - result.quantizedScore;
        break;
    }
    case MetricKind::Sqnr: {
        double totalSignal = 0.0, totalNoise = 0.0;
        for (size_t k = 0; k < outputs; ++k) {
            totalSignal += signal[k];
            totalNoise += noise[k];
        }
        if (!(totalSignal > 0.0))
            return Error{"the sqnr metric needs float outputs that are not all zero",
                         ErrorKind::Usage};
        result.labelled = false;
        result.sqnrDb = totalNoise == 0.0 ? std::numeric_limits<double>::infinity()
                                          : 10.0 * std::log10(totalSignal / totalNoise);
        result.accuracyDropPercent = 100.0 * totalNoise / totalSignal;
        result.floatScore = 100.0;
        result.quantizedScore = 100.0 - result.accuracyDropPercent;
        break;
    }
    case MetricKind::Classification: {
        size_t floatCorrect = 0, quantizedCorrect = 0, agree = 0;
        for (const SampleOutcome& o : outcomes) {
            if (o.floatAnswer.topClass < 0)
                continue;
            agree += o.floatAnswer.topClass == o.quantizedAnswer.topClass;
            if (result.labelled) {
                floatCorrect += o.floatAnswer.topClass == labels[o.sample];
                quantizedCorrect += o.quantizedAnswer.topClass == labels[o.sample];
            }
        }
        result.top1Agreement = static_cast<double>(agree) / n;
        if (result.labelled) {
            result.floatTop1 = static_cast<double>(floatCorrect) / n;
            result.quantizedTop1 = static_cast<double>(quantizedCorrect) / n;
            result.accuracyDropPercent = 100.0 * (result.floatTop1 - result.quantizedTop1);
            result.floatScore = 100.0 * result.floatTop1;
            result.quantizedScore = 100.0 * result.quantizedTop1;
        } else {
            result.accuracyDropPercent = 100.0 * (1.0 - result.top1Agreement);
            result.floatScore = 100.0;
            result.quantizedScore = 100.0 * result.top1Agreement;
        }
        break;
    }
    }
    for (size_t k = 0; k < outputs; ++k) {
        const double sqnr = noise[k] == 0.0 ? std::numeric_limits<double>::infinity()
                                            : 10.0 * std::log10(signal[k] / noise[k]);
        result.outputSqnrDb.emplace_back(graph.value(graph.outputs()[k]).name, sqnr);
    }
    return result;
}

Result<DropInterval> dropIntervalOf(const Graph& graph, std::span<const SampleOutcome> judged,
                                    std::span<const SampleAnswer> floatAnswers,
                                    const TaskMetric& metric, const SampleTruth& truth,
                                    double confidence) {
    const int total = static_cast<int>(floatAnswers.size());
    if (judged.empty())
        return Error{"no sample judged yet", ErrorKind::Internal};
    if (static_cast<int>(judged.size()) >= total) {
        auto all = scoreOutcomes(judged, graph, metric, truth);
        if (!all)
            return all.error();
        return DropInterval{all->accuracyDropPercent, all->accuracyDropPercent, true};
    }
    std::vector<bool> seen(floatAnswers.size(), false);
    for (const SampleOutcome& o : judged)
        seen.at(o.sample) = true;
    switch (metric.kind) {
    case MetricKind::Classification: {
        const bool labelled = !truth.classes.empty();
        const double share = 100.0 / total;
        auto right = [&](size_t s, int64_t c) { return c == truth.classes[s]; };
        std::vector<AnswerEffect> effects;
        for (const SampleOutcome& o : judged) {
            const bool changed = o.floatAnswer.topClass != o.quantizedAnswer.topClass;
            const double points = labelled
                                      ? share * (int(right(o.sample, o.floatAnswer.topClass)) -
                                                 int(right(o.sample, o.quantizedAnswer.topClass)))
                                      : (changed ? share : 0.0);
            effects.push_back({changed, points});
        }
        AnswerBounds bounds{share, share, !labelled};
        if (labelled) {
            // an unjudged sample the float model gets right can only lose, one it gets wrong
            // only win
            bool canLose = false, canWin = false;
            for (size_t s = 0; s < floatAnswers.size(); ++s)
                if (!seen[s])
                    (right(s, floatAnswers[s].topClass) ? canLose : canWin) = true;
            bounds.mostAdded = canLose ? share : 0.0;
            bounds.mostTaken = canWin ? share : 0.0;
        }
        return answerDropInterval(effects, total, bounds, confidence);
    }
    case MetricKind::TextRecognition: {
        const bool labelled = !truth.texts.empty();
        double lines = 0.0;
        size_t mostLines = 0;
        for (size_t s = 0; s < floatAnswers.size(); ++s) {
            lines += static_cast<double>(floatAnswers[s].lines.size());
            if (!seen[s])
                mostLines = std::max(mostLines, floatAnswers[s].lines.size());
        }
        if (!(lines > 0.0))
            return Error{"the recogniser's output decoded to no lines", ErrorKind::Internal};
        std::vector<AnswerEffect> effects;
        for (const SampleOutcome& o : judged) {
            const auto& f = o.floatAnswer.lines;
            const auto& q = o.quantizedAnswer.lines;
            auto same = scoreTextRecognition(q, f, metric.lines);
            if (!same)
                return same.error();
            const bool changed = same->exact < same->lines;
            double points = 0.0;
            if (labelled) {
                const std::vector<std::string> reference(f.size(), truth.texts.at(o.sample));
                auto fs = scoreTextRecognition(f, reference, metric.lines);
                auto qs = scoreTextRecognition(q, reference, metric.lines);
                if (!fs || !qs)
                    return !fs ? fs.error() : qs.error();
                points = 100.0 * (double(fs->exact) - double(qs->exact)) / lines;
            } else {
                points = 100.0 * double(same->lines - same->exact) / lines;
            }
            effects.push_back({changed, points});
        }
        const double most = 100.0 * double(mostLines) / lines;
        return answerDropInterval(effects, total, {most, labelled ? most : 0.0, false}, confidence);
    }
    case MetricKind::TextDetection: {
        const bool labelled = !truth.boxes.empty();
        std::vector<RatioTerms> terms;
        double offset = 0.0, sign = 1.0;
        if (labelled) {
            std::vector<std::vector<Quad>> floatBoxes;
            for (const SampleAnswer& a : floatAnswers)
                floatBoxes.push_back(a.boxes);
            auto fs = scoreTextDetection(floatBoxes, truth.boxes);
            if (!fs)
                return fs.error();
            offset = 100.0 * fs->hmean();
            sign = -1.0;
        }
        // pooled over the samples, hmean = 2 matched / (detections + truth boxes)
        for (const SampleOutcome& o : judged) {
            const TextDetectionScore s = scoreImage(
                o.quantizedAnswer.boxes, labelled ? truth.boxes.at(o.sample) : o.floatAnswer.boxes);
            const double both = double(s.detections + s.groundTruth);
            terms.push_back(labelled ? RatioTerms{2.0 * double(s.matched), both}
                                     : RatioTerms{both - 2.0 * double(s.matched), both});
        }
        return ratioDropInterval(terms, total, offset, sign, confidence);
    }
    case MetricKind::Sqnr: {
        std::vector<RatioTerms> terms;
        for (const SampleOutcome& o : judged) {
            RatioTerms t;
            for (size_t k = 0; k < o.signal.size(); ++k) {
                t.numerator += o.noise[k];
                t.denominator += o.signal[k];
            }
            terms.push_back(t);
        }
        return ratioDropInterval(terms, total, 0.0, 1.0, confidence);
    }
    }
    return Error{"unknown metric", ErrorKind::Internal};
}

} // namespace autosplit
