#pragma once

// Exporting a solution of a solve session as a deployment bundle (core/bundle): the edge and
// cloud models cut along the candidate, and the manifest filled from the session (source model,
// devices, network, limits, predicted costs, measured drop and the samples behind it). The
// command line's `export` and the explorer's File > Export Deployment Bundle both come here.

#include "session/solve_session.h"

#include "core/solve/candidate.h"
#include "core/util/progress.h"
#include "core/util/result.h"

#include <QString>

#include <optional>

namespace autosplit::session {

struct BundleExportOptions {
    bool replace = false; // replace an existing bundle at the destination
    // What the candidate was solved under when it differs from what the session was opened with
    // (the explorer shares one session across its what-if settings); unset: the session's.
    std::optional<QString> edgeDevice, cloudDevice, network;
    std::optional<Uplink> uplink;
    std::optional<SolveConstraints> constraints;
    std::optional<bool> outputsConsumedOnEdge;
};

struct BundleExportResult {
    QString dir;
    int64_t edgeModelBytes = 0;
    int64_t cloudModelBytes = 0;
    int crossingTensors = 0;
    int64_t wireBytes = 0; // the crossing tensors' payload, packed
};

Result<BundleExportResult> exportBundle(const SolveSession& session, const Candidate& candidate,
                                        const QString& dir, const BundleExportOptions& options = {},
                                        const ProgressCallback& progress = {},
                                        const CancellationToken& cancel = {});

} // namespace autosplit::session
