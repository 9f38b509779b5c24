#pragma once

// What `solve` and `sweep` share: the model with its samples and calibration, the split analysis,
// the device latency model and network, the user's limits, and the evaluation of candidates on
// the sample data (measured accuracy drop, cached per assignment so a sweep measures each once).

#include "calibration_setup.h"

#include "core/analysis/split_analysis.h"
#include "core/cost/latency_model.h"
#include "core/cost/uplink.h"
#include "core/solve/solver.h"

#include <QCommandLineOption>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

namespace autosplit::cli {

struct SolveOptions {
    QCommandLineOption edge{QStringLiteral("edge"),
                            QStringLiteral("Edge device: a preset (eyeriss, jetson-tx2, raspberry-pi-4, hi3516e) or a "
                                           "profile JSON file. Default eyeriss."),
                            QStringLiteral("DEVICE")};
    QCommandLineOption cloud{QStringLiteral("cloud"),
                             QStringLiteral("Cloud device: a preset (tpu, titan-xp) or a profile JSON file. Default tpu."),
                             QStringLiteral("DEVICE")};
    QCommandLineOption network{QStringLiteral("network"),
                               QStringLiteral("Network: a preset (ble, 3g, 4g, 5g, wifi) or a profile JSON file."),
                               QStringLiteral("NETWORK")};
    QCommandLineOption uplink{QStringLiteral("uplink"),
                              QStringLiteral("Uplink rate, e.g. 3Mbps (binary: 3 x 2^20 bit/s); overrides the "
                                             "network's rate. Default: the network's, else 3Mbps."),
                              QStringLiteral("RATE")};
    QCommandLineOption rtt{QStringLiteral("rtt"),
                           QStringLiteral("Round-trip time per inference, e.g. 40ms; overrides the network's."),
                           QStringLiteral("TIME")};
    QCommandLineOption memory{QStringLiteral("memory"),
                              QStringLiteral("Edge memory limit for weights and activations, e.g. 4MB (binary). "
                                             "Default: the edge device's off-chip memory."),
                              QStringLiteral("SIZE")};
    QCommandLineOption maxDrop{QStringLiteral("max-drop"),
                               QStringLiteral("Accuracy-drop limit in percentage points, e.g. 5%; candidates are "
                                              "evaluated on the samples to judge it."),
                               QStringLiteral("PERCENT")};
    QCommandLineOption maxError{QStringLiteral("max-error"),
                                QStringLiteral("Limit on the error proxy E (sum of weight and activation MSEs) for "
                                               "candidates that are not evaluated."),
                                QStringLiteral("E")};
    QCommandLineOption bits{QStringLiteral("bits"),
                            QStringLiteral("The edge bit-width set B, e.g. 2,4,6,8. Default: the edge device's."),
                            QStringLiteral("LIST")};
    QCommandLineOption measured{QStringLiteral("measured"),
                                QStringLiteral("CSV of per-layer latencies measured on real devices (layer, edge_ms, "
                                               "cloud_ms); they override the model for those layers."),
                                QStringLiteral("CSV")};
    QCommandLineOption noEvaluate{QStringLiteral("no-evaluate"),
                                  QStringLiteral("Do not evaluate candidates on the samples (judge by --max-error).")};
    QCommandLineOption evaluateLimit{QStringLiteral("evaluate-limit"),
                                     QStringLiteral("Evaluate the N fastest front candidates one by one (default 12); "
                                                    "past them a binary search along the front."),
                                     QStringLiteral("N")};
    QCommandLineOption rawInputBits{QStringLiteral("raw-input-bits"),
                                    QStringLiteral("Bits per raw input element sent to the cloud (default 8)."),
                                    QStringLiteral("BITS")};
    QCommandLineOption outputsOnEdge{QStringLiteral("outputs-on-edge"),
                                     QStringLiteral("Graph outputs produced on the edge are used there (not sent).")};

    void addTo(QCommandLineParser& parser) const;
};

// The model and everything a solve needs, opened once.
struct SolveSession {
    Setup setup;
    CalibrationResult calibration;
    SplitAnalysis analysis;
    std::shared_ptr<const LatencyModel> latency;
    QString edgeName, cloudName, networkName;
    Uplink uplink;
    SolveConstraints constraints;
    bool evaluate = true;
    int evaluateLimit = 12;
    QString modelPath;

    // Measured drops by assignment, shared by concurrent solves of a sweep.
    std::mutex dropsMutex;
    std::map<std::string, double> drops;
};

// Parses the solve options, opens the model and samples, calibrates (cached), analyses and
// builds the latency model. Errors are one line naming the option, file or field.
std::variant<std::unique_ptr<SolveSession>, CliError> openSolveSession(QCommandLineParser& parser,
                                                                       const CommonOptions& common,
                                                                       const SolveOptions& options, QTextStream& err,
                                                                       const char* command);

// One solve, then (when a drop limit is set and evaluation is on) the measured drops of the
// fastest candidates along the (latency, error) Pareto front until the fastest one within the
// limit is found (see evaluateFront in the .cpp); the selection is then redone, and U8 is
// re-solved with B = {8} and judged the same way.
Result<SolutionSet> solveAndEvaluate(SolveSession& session, const Uplink& uplink, const SolveConstraints& constraints,
                                     const ProgressCallback& progress = {});

// Evaluates one candidate on the samples (cached); the drop in percentage points.
Result<double> measureDrop(SolveSession& session, const Candidate& candidate);

} // namespace autosplit::cli
