#include "app/cli/analyze_command.h"

#include "app/cli/analyze_report.h"
#include "app/cli/cli_error.h"
#include "app/cli/command_help.h"

#include "session/opened_model.h"

#include "core/analysis/split_analysis.h"
#include "core/cost/analytical_latency_model.h"
#include "core/cost/layer_geometry.h"
#include "core/cost/profile_loader.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <tuple>
#include <variant>

namespace autosplit::cli {

namespace {

constexpr int64_t kDefaultMemoryLimit = int64_t(4) << 20; // 4 MB: the paper's ResNet-50 budget

struct AnalyzeRequest {
    QString modelPath;
    bool json = false;
    bool optimize = true;
    std::vector<std::string> passNames;
    std::vector<InputShapeOverride> inputShapes;
    int64_t memoryLimitBytes = kDefaultMemoryLimit;
    int lowestBits = 2;
    AnalysisOptions analysis;
    QString edgeDevice; // empty: no device model (unless --cloud is given)
    QString cloudDevice;
    int edgeBits = 8;
};

QString qstr(const std::string& s) {
    return QString::fromStdString(s);
}

Error usage(const QString& message) {
    return usageError(message);
}

std::optional<int> parseInt(const QString& text, int low, int high) {
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < low || value > high)
        return std::nullopt;
    return value;
}

Result<AnalyzeRequest> parseRequest(QCommandLineParser& parser, const QStringList& arguments,
                                    bool& helpShown, QTextStream& out) {
    parser.addPositionalArgument(QStringLiteral("MODEL"), QStringLiteral("The ONNX model file."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("This help."));
    const QCommandLineOption json(
        QStringLiteral("json"),
        QStringLiteral("Print JSON (schema: docs/analyze-json.md) instead of a table."));
    const QCommandLineOption inputShape(
        QStringLiteral("input-shape"),
        QStringLiteral("Fix a dynamic graph input's shape, e.g. x=1x3x224x224 (repeatable)."),
        QStringLiteral("NAME=DIMS"));
    const QCommandLineOption passes(
        QStringLiteral("passes"),
        QStringLiteral("Comma-separated optimization passes to run, in order (default: %1).")
            .arg(qstr([] {
                std::string all;
                for (const auto& n : defaultPassNames())
                    all += (all.empty() ? "" : ",") + n;
                return all;
            }())),
        QStringLiteral("a,b,c"));
    const QCommandLineOption noOptimize(QStringLiteral("no-optimize"),
                                        QStringLiteral("Analyze the imported graph as it is."));
    const QCommandLineOption memory(
        QStringLiteral("memory"),
        QStringLiteral("Edge memory limit for the potential splits, e.g. 4MB, 512KB (binary units; "
                       "default 4MB)."),
        QStringLiteral("SIZE"), QStringLiteral("4MB"));
    const QCommandLineOption lowestBits(
        QStringLiteral("lowest-bits"),
        QStringLiteral("Lowest edge bit-width for eq. (6), 1..32 (default 2)."),
        QStringLiteral("BITS"), QStringLiteral("2"));
    const QCommandLineOption rawInputBits(
        QStringLiteral("raw-input-bits"),
        QStringLiteral(
            "Bits per element of a floating raw input sent to the cloud, 1..64 (default 8)."),
        QStringLiteral("BITS"), QStringLiteral("8"));
    const QCommandLineOption edge(
        QStringLiteral("edge"),
        QStringLiteral("Also model each layer on this edge device (a preset or a profile JSON): "
                       "cycles, utilisation, compute and memory time (default with --cloud: "
                       "eyeriss)."),
        QStringLiteral("DEVICE"));
    const QCommandLineOption cloud(
        QStringLiteral("cloud"),
        QStringLiteral("Also model each layer on this cloud device (default with --edge: tpu)."),
        QStringLiteral("DEVICE"));
    const QCommandLineOption bits(
        QStringLiteral("bits"),
        QStringLiteral("Weight and activation bit-width of the edge in the device model, 1..16 "
                       "(default 8)."),
        QStringLiteral("BITS"), QStringLiteral("8"));
    const QCommandLineOption outputsOnEdge(
        QStringLiteral("outputs-on-edge"),
        QStringLiteral(
            "Graph outputs produced on the edge are consumed there (not sent to the cloud)."));
    parser.addOptions({help, json, inputShape, passes, noOptimize, memory, lowestBits, rawInputBits,
                       outputsOnEdge, edge, cloud, bits});

    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.isSet(help)) {
        out << commandHelp(parser, "analyze",
                           QStringLiteral("Per layer: its parameters and MACs, the tensors "
                                          "crossing the cut after it and their sizes, the edge "
                                          "memory of the layers up to it, whether eq. (6) makes "
                                          "the cut a potential split and Li et al.'s candidate "
                                          "rule. No samples needed."));
        helpShown = true;
        return AnalyzeRequest{};
    }

    AnalyzeRequest request;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() < 2)
        return usage(QStringLiteral("analyze: missing MODEL; try 'autosplit analyze --help'"));
    if (positional.size() > 2)
        return usage(QStringLiteral("analyze: unexpected argument '%1'").arg(positional.at(2)));
    request.modelPath = positional.at(1);
    request.json = parser.isSet(json);

    for (const QString& spec : parser.values(inputShape)) {
        auto parsed = parseInputShapeOverride(spec.toStdString());
        if (!parsed)
            return usage(qstr(parsed.error().message));
        request.inputShapes.push_back(std::move(parsed).value());
    }

    if (parser.isSet(passes) && parser.isSet(noOptimize))
        return usage(QStringLiteral("--passes and --no-optimize exclude each other"));
    request.optimize = !parser.isSet(noOptimize);
    request.passNames = defaultPassNames();
    if (parser.isSet(passes)) {
        request.passNames.clear();
        const std::vector<std::string> available = availablePassNames();
        for (const QString& name :
             parser.value(passes).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const std::string pass = name.trimmed().toStdString();
            if (std::find(available.begin(), available.end(), pass) == available.end()) {
                QString list;
                for (const auto& a : available)
                    list += (list.isEmpty() ? QString() : QStringLiteral(", ")) + qstr(a);
                return usage(
                    QStringLiteral("--passes: unknown optimization pass '%1' (available: %2)")
                        .arg(qstr(pass), list));
            }
            request.passNames.push_back(pass);
        }
    }
    if (!request.optimize)
        request.passNames.clear();

    const auto limit = parseByteSize(parser.value(memory));
    if (!limit)
        return usage(QStringLiteral("--memory '%1': expected a size such as 4MB, 512KB or 1048576")
                         .arg(parser.value(memory)));
    request.memoryLimitBytes = *limit;
    const auto lowest = parseInt(parser.value(lowestBits), 1, 32);
    if (!lowest)
        return usage(QStringLiteral("--lowest-bits '%1': expected a bit-width from 1 to 32")
                         .arg(parser.value(lowestBits)));
    request.lowestBits = *lowest;
    const auto raw = parseInt(parser.value(rawInputBits), 1, 64);
    if (!raw)
        return usage(QStringLiteral("--raw-input-bits '%1': expected a bit-width from 1 to 64")
                         .arg(parser.value(rawInputBits)));
    request.analysis.rawInputBits = *raw;
    request.analysis.outputsConsumedOnEdge = parser.isSet(outputsOnEdge);
    if (parser.isSet(edge) || parser.isSet(cloud)) {
        request.edgeDevice = parser.isSet(edge) ? parser.value(edge) : QStringLiteral("eyeriss");
        request.cloudDevice = parser.isSet(cloud) ? parser.value(cloud) : QStringLiteral("tpu");
    }
    const auto edgeBits = parseInt(parser.value(bits), 1, 16);
    if (!edgeBits)
        return usage(QStringLiteral("--bits '%1': expected a bit-width from 1 to 16")
                         .arg(parser.value(bits)));
    if (parser.isSet(bits) && request.edgeDevice.isEmpty())
        return usage(QStringLiteral("--bits needs --edge or --cloud (it sets the device model's "
                                    "edge bit-width)"));
    request.edgeBits = *edgeBits;
    return request;
}

// Opens the model (import, optimize, analyze); `model` keeps the report's graph alive.
Result<AnalyzeReport> analyze(const AnalyzeRequest& request, session::OpenedModelPtr& model) {
    session::OpenOptions options;
    options.inputShapes = request.inputShapes;
    options.passNames = request.passNames; // empty without --no-optimize too
    options.analysis = request.analysis;
    options.keepRawGraph = false;
    auto opened = session::openModel(session::ModelSource::file(request.modelPath), options);
    if (!opened)
        return opened.error();
    model = std::move(opened).value();

    AnalyzeReport report;
    report.modelPath = request.modelPath;
    report.modelFileName = QFileInfo(request.modelPath).fileName();
    report.optimized = request.optimize;
    report.passNames = request.passNames;
    report.inputShapes = request.inputShapes;
    report.memoryLimitBytes = request.memoryLimitBytes;
    report.lowestBits = request.lowestBits;
    report.warnings = model->warnings; // import warnings, then analysis warnings
    report.passReports = model->passReports;
    report.analysis = model->analysis;
    report.graph = &model->graph;
    if (!request.edgeDevice.isEmpty()) {
        auto edge = loadDeviceProfile(request.edgeDevice.toStdString());
        if (!edge)
            return Error{"--edge: " + edge.error().message, edge.error().kind};
        auto cloud = loadDeviceProfile(request.cloudDevice.toStdString());
        if (!cloud)
            return Error{"--cloud: " + cloud.error().message, cloud.error().kind};
        // A measured profile has times, not the array and rates these columns come from.
        for (const auto& [flag, profile, name] :
             {std::tuple{"--edge", &*edge, &request.edgeDevice},
              std::tuple{"--cloud", &*cloud, &request.cloudDevice}})
            if (profile->has_measured())
                return usageError(
                    QStringLiteral("%1 '%2': a measured profile has no cycles or utilisation to "
                                   "analyze; solve and sweep use its times")
                        .arg(QLatin1String(flag), *name));
        auto latency = makeLatencyModel(model->graph, model->analysis, *edge, *cloud);
        if (!latency)
            return latency.error();
        report.edgeDevice = qstr(edge->name());
        report.cloudDevice = qstr(cloud->name());
        report.edgeBits = request.edgeBits;
        for (int i = 1; i <= (*latency)->layerCount(); ++i) {
            report.edgeTimes.push_back((*latency)->edgeLayerTime(
                i, uniformTraffic((*latency)->geometry(i), request.edgeBits)));
            report.cloudTimes.push_back((*latency)->cloudLayerTime(i));
        }
    }
    return report;
}

} // namespace

std::optional<int64_t> parseByteSize(const QString& text) {
    static const QRegularExpression pattern(
        QStringLiteral("^\\s*(\\d+(?:\\.\\d+)?)\\s*([kmg]?)(i?b)?\\s*$"),
        QRegularExpression::CaseInsensitiveOption);
    const auto match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const QString unit = match.captured(2).toLower();
    if (unit.isEmpty() && !match.captured(3).isEmpty() && match.captured(3).size() > 1)
        return std::nullopt; // "iB" alone
    const double scale = unit == QLatin1String("k")   ? 1024.0
                         : unit == QLatin1String("m") ? 1024.0 * 1024.0
                         : unit == QLatin1String("g") ? 1024.0 * 1024.0 * 1024.0
                                                      : 1.0;
    const double bytes = std::floor(match.captured(1).toDouble() * scale);
    if (!(bytes >= 1.0) || bytes > 4.0e18)
        return std::nullopt;
    return static_cast<int64_t>(bytes);
}

int runAnalyze(const QStringList& arguments, QTextStream& out, QTextStream& err) {
    QCommandLineParser parser;
    bool helpShown = false;
    auto parsed = parseRequest(parser, arguments, helpShown, out);
    if (!parsed)
        return fail(err, parsed.error());
    if (helpShown)
        return 0;
    const AnalyzeRequest& request = (*parsed);

    session::OpenedModelPtr model;
    auto result = analyze(request, model);
    if (!result)
        return fail(err, result.error());
    const AnalyzeReport& report = (*result);
    if (request.json)
        out << QString::fromUtf8(formatJsonReport(report));
    else
        out << formatTextReport(report);
    out.flush();
    return 0;
}

} // namespace autosplit::cli
