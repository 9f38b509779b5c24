#include "tests/widgets/solution_fixture.h"
#include "tests/support/classifier_sample.h"

#include "core/analysis/split_analysis.h"
#include "core/cost/analytical_latency_model.h"
#include "core/cost/profile_loader.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "core/quant/calibration.h"
#include "core/quant/evaluation.h"
#include "core/quant/evaluation_engine.h"
#include "core/runtime/executor.h"
#include "core/solve/measured_selection.h"
#include "core/solve/solver.h"
#include "resources/embedded_resources.h"
#include "session/opened_model.h"

#include <QFile>
#include <QtGlobal>

#include <optional>
#include <random>
#include <string>
#include <vector>

namespace autosplit::testing {

namespace {

session::OpenedModelPtr open(const QByteArray& bytes, const QString& name,
                             const std::vector<InputShapeOverride>& shapes = {}) {
    session::OpenOptions options;
    options.inputShapes = shapes;
    auto model = session::openModel(session::ModelSource::memory(bytes, name), options);
    if (!model)
        qFatal("open %s: %s", qPrintable(name), model.error().message.c_str());
    return *model;
}

QByteArray serialized(const onnx::ModelProto& proto) {
    const std::string bytes = proto.SerializeAsString();
    return QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size()));
}

SolvedModel build(session::OpenedModelPtr model, const SolveConstraints& constraints,
                  const Uplink& uplink) {
    SolvedModel solved;
    const std::vector<int> bits = {2, 4, 6, 8};
    auto errors = computeWeightErrors(model->graph, bits);
    if (!errors)
        qFatal("weight errors %s: %s", qPrintable(model->displayName),
               errors.error().message.c_str());
    solved.errors = std::move(*errors);
    auto edge = loadDevicePreset("eyeriss");
    auto cloud = loadDevicePreset("tpu");
    if (!edge || !cloud)
        qFatal("device presets eyeriss/tpu missing");
    auto latency = makeLatencyModel(model->graph, model->analysis, *edge, *cloud);
    if (!latency)
        qFatal("latency model %s: %s", qPrintable(model->displayName),
               latency.error().message.c_str());
    solved.latency = std::move(*latency);
    solved.model = std::move(model);
    solved.set = resolve(solved, constraints, uplink);
    solved.constraints = constraints;
    solved.uplink = uplink;
    return solved;
}

} // namespace

session::OpenedModelPtr analyzeModel(const onnx::ModelProto& proto, const std::string& name) {
    return open(serialized(proto), QString::fromStdString(name));
}

SolveConstraints defaultTestConstraints(int64_t edgeMemoryBytes) {
    SolveConstraints c;
    c.edgeMemoryBytes = edgeMemoryBytes;
    c.bits = {2, 4, 6, 8};
    return c;
}

std::shared_ptr<const SolutionSet>
resolve(const SolvedModel& solved, const SolveConstraints& constraints, const Uplink& uplink) {
    const SolveProblem problem{solved.model->graph, solved.model->analysis, solved.errors,
                               *solved.latency, uplink};
    auto set = solve(problem, constraints);
    if (!set)
        qFatal("solve: %s", set.error().message.c_str());
    return std::make_shared<const SolutionSet>(std::move(*set));
}

SolvedModel solveModel(const onnx::ModelProto& proto, const SolveConstraints& constraints,
                       const Uplink& uplink) {
    return build(open(serialized(proto), QStringLiteral("test model")), constraints, uplink);
}

SolvedModel solveSampleModel(const SolveConstraints& constraints, const Uplink& uplink) {
    QFile file(test::classifierSample().modelPath);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read the sample model %s", qPrintable(test::classifierSample().modelPath));
    const QByteArray bytes = file.readAll();
    auto shape = parseInputShapeOverride(test::classifierSample().inputShape.toStdString());
    if (!shape)
        qFatal("sample input shape: %s", shape.error().message.c_str());
    return build(open(bytes, test::classifierSample().fileName, {*shape}), constraints, uplink);
}

namespace {

// `samples` random inputs (fixed seed) and the calibration on them.
struct Calibrated {
    std::shared_ptr<const Graph> graph;
    std::vector<std::vector<HostTensor>> inputs;
    CalibrationResult calibration;
};

Calibrated calibrateOnRandomInputs(const SolvedModel& solved, int samples) {
    const Graph& graph = solved.model->graph;
    auto shared = std::make_shared<const Graph>(graph);
    auto executor = Executor::create(shared);
    if (!executor)
        qFatal("executor: %s", executor.error().message.c_str());
    std::mt19937 rng(11);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::vector<std::vector<HostTensor>> inputs;
    for (int s = 0; s < samples; ++s) {
        std::vector<HostTensor> sample;
        for (ValueId id : graph.inputs()) {
            const Value& v = graph.value(id);
            if (v.isConstant())
                continue;
            const std::vector<int64_t> dims = v.shape.dims;
            const auto elements = v.shape.elementCount();
            if (!elements)
                qFatal("input %s has no static shape", v.name.c_str());
            std::vector<float> values(static_cast<size_t>(*elements));
            for (float& x : values)
                x = normal(rng);
            sample.push_back(HostTensor::fromFloats(dims, values));
        }
        inputs.push_back(std::move(sample));
    }
    CalibrationSettings settings;
    settings.bits = solved.errors.bits;
    auto calibration = calibrate(*executor, inputs, settings);
    if (!calibration)
        qFatal("calibrate: %s", calibration.error().message.c_str());
    return {shared, std::move(inputs), std::move(calibration).value()};
}

} // namespace

std::shared_ptr<const SolutionSet> evaluateFront(const SolvedModel& solved, int samples,
                                                 double maxDrop) {
    const Calibrated calibrated = calibrateOnRandomInputs(solved, samples);
    auto executor = Executor::create(calibrated.graph);
    if (!executor)
        qFatal("executor: %s", executor.error().message.c_str());
    const auto& inputs = calibrated.inputs;
    const auto* calibration = &calibrated.calibration;

    SolutionSet set = *solved.set;
    for (int i : set.paretoFront) {
        Candidate& c = set.candidates[static_cast<size_t>(i)];
        if (!c.isPrefix() || c.edgeLayerCount() == 0 || c.floatEdge)
            continue;
        EvaluationRequest request;
        request.split = c.split;
        request.weightBits = c.bits.weights();
        request.activationBits = c.bits.activations();
        auto result = evaluate(*executor, *calibration, inputs, {}, request);
        if (!result)
            qFatal("evaluate split %d: %s", c.split, result.error().message.c_str());
        c.measuredDrop = result->accuracyDropPercent;
    }
    set.constraints.maxAccuracyDrop = maxDrop;
    updateSelection(set);
    return std::make_shared<const SolutionSet>(std::move(set));
}

std::shared_ptr<const SolutionSet> judgeFront(const SolvedModel& solved, int samples,
                                              double maxDrop) {
    Calibrated calibrated = calibrateOnRandomInputs(solved, samples);
    auto engine = EvaluationEngine::create(calibrated.graph, std::move(calibrated.calibration),
                                           std::move(calibrated.inputs), {}, {});
    if (!engine)
        qFatal("evaluation engine: %s", engine.error().message.c_str());
    MeasuredSelection how;
    how.measure = [&](const Candidate& c, std::optional<double> limit,
                      const CancellationToken& cancel) -> Result<DropJudgement> {
        const EvaluationRequest request = evaluationRequestOf(c, RangeOptions{});
        return (*engine)->judge(request, limit, cancel);
    };
    SolutionSet set = *solved.set;
    set.constraints.maxAccuracyDrop = maxDrop;
    const SolveProblem problem{solved.model->graph, solved.model->analysis, solved.errors,
                               *solved.latency, solved.uplink};
    const Status judged = evaluateSolution(problem, set, how);
    if (!judged)
        qFatal("evaluate solution: %s", judged.error().message.c_str());
    return std::make_shared<const SolutionSet>(std::move(set));
}

} // namespace autosplit::testing
