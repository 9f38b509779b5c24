#include "core/passes/pass_manager.h"

#include "core/onnx/onnx_exporter.h"
#include "core/passes/activation_fusion.h"
#include "core/passes/batchnorm_folding.h"
#include "core/passes/constant_folding.h"
#include "core/passes/dead_code_elimination.h"
#include "core/passes/identity_elimination.h"
#include "core/passes/mul_add_folding.h"
#include "core/passes/pad_folding.h"
#include "core/passes/residual_add_fusion.h"

#include <functional>
#include <map>

namespace autosplit {

namespace {

using Factory = std::function<std::unique_ptr<GraphPass>()>;

// The registry, in default pipeline order: constants first so Pad, Reshape and Resize see
// constant shape inputs; Pad, BN and constant Mul/Add folding, then residual Adds into the convs
// that produce them, before activation fusion, so the activation lands on the layer that finally
// produces the tensor.
const std::vector<std::pair<std::string, Factory>>& registry() {
    static const std::vector<std::pair<std::string, Factory>> passes = {
        {"constant-folding", [] { return std::make_unique<ConstantFolding>(); }},
        {"identity-elimination", [] { return std::make_unique<IdentityElimination>(); }},
        {"pad-folding", [] { return std::make_unique<PadFolding>(); }},
        {"batchnorm-folding", [] { return std::make_unique<BatchNormFolding>(); }},
        {"mul-add-folding", [] { return std::make_unique<MulAddFolding>(); }},
        {"residual-add-fusion", [] { return std::make_unique<ResidualAddFusion>(); }},
        {"activation-fusion", [] { return std::make_unique<ActivationFusion>(); }},
        {"dead-code-elimination", [] { return std::make_unique<DeadCodeElimination>(); }},
    };
    return passes;
}

} // namespace

std::vector<std::string> availablePassNames() {
    std::vector<std::string> names;
    for (const auto& [name, factory] : registry())
        names.push_back(name);
    return names;
}

std::vector<std::string> defaultPassNames() {
    return availablePassNames();
}

std::unique_ptr<GraphPass> createPass(const std::string& name) {
    for (const auto& [passName, factory] : registry())
        if (passName == name)
            return factory();
    return nullptr;
}

Result<std::vector<PassReport>> optimizeGraph(Graph& graph,
                                              const std::vector<std::string>& passNames,
                                              const ProgressCallback& progress,
                                              const CancellationToken& cancel) {
    std::vector<std::unique_ptr<GraphPass>> passes;
    for (const auto& name : passNames) {
        auto pass = createPass(name);
        if (!pass) {
            std::string valid;
            for (const auto& n : availablePassNames())
                valid += (valid.empty() ? "" : ", ") + n;
            return Error{"unknown optimization pass '" + name + "' (available: " + valid + ")"};
        }
        passes.push_back(std::move(pass));
    }
    std::vector<PassReport> reports;
    bool structureChanged = false;
    for (size_t i = 0; i < passes.size(); ++i) {
        if (cancel.isCancelled())
            return Error{"optimization cancelled", ErrorKind::Cancelled};
        reportProgress(progress, static_cast<double>(i) / static_cast<double>(passes.size() + 1),
                       passes[i]->name());
        PassReport report;
        report.pass = passes[i]->name();
        if (auto s = passes[i]->run(graph, report); !s)
            return s.error().prefixed("pass " + report.pass + ": ");
        if (auto s = graph.finalize(); !s)
            return s.error().prefixed("pass " + report.pass + " left an invalid graph: ");
        structureChanged = structureChanged || report.modified;
        reports.push_back(std::move(report));
    }
    if (structureChanged) {
        reportProgress(progress,
                       static_cast<double>(passes.size()) / static_cast<double>(passes.size() + 1),
                       "shape inference");
        if (auto s = inferShapes(graph); !s)
            return s.error();
    }
    reportProgress(progress, 1.0, "optimized");
    return reports;
}

} // namespace autosplit
