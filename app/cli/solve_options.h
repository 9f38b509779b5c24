#pragma once

// The options `solve` and `sweep` share, and opening a solve session from them: the model with
// its samples and calibration, the split analysis, the device latency model and network, and
// the user's limits (app/common/solve_session.h).

#include "app/cli/calibration_setup.h"

#include "session/solve_session.h"
#include "session/solve_settings.h"

#include <QCommandLineOption>

#include <memory>
#include <variant>

namespace autosplit::cli {

struct SolveOptions {
    QCommandLineOption edge{
        QStringLiteral("edge"),
        QStringLiteral("Edge device: a preset (eyeriss, jetson-tx2, raspberry-pi-4, hi3516e) or a "
                       "profile JSON file. Default eyeriss."),
        QStringLiteral("DEVICE")};
    QCommandLineOption cloud{
        QStringLiteral("cloud"),
        QStringLiteral(
            "Cloud device: a preset (tpu, titan-xp) or a profile JSON file. Default tpu."),
        QStringLiteral("DEVICE")};
    QCommandLineOption network{
        QStringLiteral("network"),
        QStringLiteral("Network: a preset (paper, ble, 3g, 4g, 5g, wifi) or a profile JSON "
                       "file; it sets the uplink, round trip and per-message overhead. Default: "
                       "none, the paper's set-up (3Mbps, no round trip, no overhead). The "
                       "explorer starts on 3g (3Mbps, 100ms round trip, 40 bytes per message)."),
        QStringLiteral("NETWORK")};
    QCommandLineOption uplink{
        QStringLiteral("uplink"),
        QStringLiteral("Uplink rate, e.g. 3Mbps (binary: 3 x 2^20 bit/s); overrides the "
                       "network's rate. Default: the network's, else 3Mbps."),
        QStringLiteral("RATE")};
    QCommandLineOption rtt{
        QStringLiteral("rtt"),
        QStringLiteral("Round-trip time per inference that sends anything, e.g. 100ms; "
                       "overrides the network's. Default: the network's, else none."),
        QStringLiteral("TIME")};
    QCommandLineOption overhead{
        QStringLiteral("overhead"),
        QStringLiteral("Protocol bytes added to each message, e.g. 40; overrides the "
                       "network's."),
        QStringLiteral("BYTES")};
    QCommandLineOption memory{
        QStringLiteral("memory"),
        QStringLiteral("Edge memory limit for weights and activations, e.g. 4MB (binary). "
                       "Default: the edge device's off-chip memory."),
        QStringLiteral("SIZE")};
    QCommandLineOption maxDrop{
        QStringLiteral("max-drop"),
        QStringLiteral("Accuracy-drop limit in percentage points, e.g. 5%; candidates are "
                       "evaluated on the samples to judge it. With --metric sqnr also a least "
                       "output SQNR, e.g. 30dB."),
        QStringLiteral("PERCENT")};
    QCommandLineOption maxError{
        QStringLiteral("max-error"),
        QStringLiteral("Limit on the error proxy E (sum of weight and activation MSEs) for "
                       "candidates that are not evaluated."),
        QStringLiteral("E")};
    QCommandLineOption bits{
        QStringLiteral("bits"),
        QStringLiteral("The edge bit-width set B, e.g. 2,4,6,8. Default: the edge device's."),
        QStringLiteral("LIST")};
    QCommandLineOption measured{
        QStringLiteral("measured"),
        QStringLiteral("CSV of per-layer latencies measured on real devices (layer, edge_ms, "
                       "cloud_ms); they override the model for those layers."),
        QStringLiteral("CSV")};
    QCommandLineOption noEvaluate{
        QStringLiteral("no-evaluate"),
        QStringLiteral("Do not evaluate candidates on the samples (judge by --max-error).")};
    QCommandLineOption evaluateLimit{
        QStringLiteral("evaluate-limit"),
        QStringLiteral("Evaluate the N fastest front candidates one by one (default 12); "
                       "past them a binary search along the front."),
        QStringLiteral("N")};
    QCommandLineOption evaluation{
        QStringLiteral("evaluation"),
        QStringLiteral("How drops are measured: engine (default; each candidate judged on as many "
                       "samples as it takes to place it against --max-drop, the selection on "
                       "every sample, float runs and shared layers run once, samples in "
                       "parallel) or full (every candidate from scratch on every sample)."),
        QStringLiteral("MODE")};
    QCommandLineOption confidence{
        QStringLiteral("confidence"),
        QStringLiteral("Confidence of a decision on part of the samples (default 99%)."),
        QStringLiteral("PERCENT")};
    QCommandLineOption rawInputBits{
        QStringLiteral("raw-input-bits"),
        QStringLiteral("Bits per raw input element sent to the cloud (default 8)."),
        QStringLiteral("BITS")};
    QCommandLineOption outputsOnEdge{
        QStringLiteral("outputs-on-edge"),
        QStringLiteral("Graph outputs produced on the edge are used there (not sent).")};

    void addTo(QCommandLineParser& parser) const;
};

using session::measureDrop;
using session::solveAndEvaluate;
using session::SolveSession;

// The solve options as settings (the explorer's constraint panel emits the same type); a value
// that does not parse is a usage error naming the option.
Result<session::SolveSettings> parseSolveSettings(QCommandLineParser& parser,
                                                  const SolveOptions& options);

// Parses the solve options, opens the model and samples, calibrates (cached), analyses and
// builds the latency model. Errors are one line naming the option, file or field.
Result<std::unique_ptr<SolveSession>> openSolveSession(QCommandLineParser& parser,
                                                       const CommonOptions& common,
                                                       const SolveOptions& options,
                                                       QTextStream& err, const char* command);

} // namespace autosplit::cli
