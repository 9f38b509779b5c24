#include "app/cli/profile_command.h"

#include "app/cli/calibration_setup.h"
#include "app/cli/cli_error.h"
#include "app/cli/command_help.h"
#include "app/cli/text_table.h"
#include "app/cli/units.h"

#include "session/measured_device.h"
#include "session/opened_model.h"

#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "core/profile/device_profiler.h"

#include <QCommandLineParser>
#include <QFileInfo>

namespace autosplit::cli {

namespace {

struct ProfileRequest {
    QString modelPath;
    QString outPath;
    std::vector<InputShapeOverride> inputShapes;
    bool optimize = true;
    ProfileOptions options;
};

Result<ProfileRequest> parseRequest(QCommandLineParser& parser, const QStringList& arguments,
                                    bool& helpShown, QTextStream& out) {
    parser.addPositionalArgument(QStringLiteral("MODEL"), QStringLiteral("The ONNX model file."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("This help."));
    const QCommandLineOption bits(
        QStringLiteral("bits"),
        QStringLiteral("Integer widths to time the edge model at, each 2..8 (default 2,4,6,8)."),
        QStringLiteral("LIST"));
    const QCommandLineOption threads(
        QStringLiteral("threads"),
        QStringLiteral("Threads the executor runs with (default: every core)."),
        QStringLiteral("N"));
    const QCommandLineOption repeats(
        QStringLiteral("repeats"),
        QStringLiteral("Timed runs per precision after one warm-up run (default 7)."),
        QStringLiteral("N"));
    const QCommandLineOption outFile(
        QStringLiteral("out"),
        QStringLiteral("Write the measured device profile (JSON, docs/device-profile.md) here; "
                       "solve, sweep and analyze take it as --edge FILE or --cloud FILE."),
        QStringLiteral("FILE"));
    const QCommandLineOption kind(
        QStringLiteral("kind"),
        QStringLiteral("What the profile is meant for: edge (default) or cloud."),
        QStringLiteral("KIND"));
    const QCommandLineOption inputShape(
        QStringLiteral("input-shape"),
        QStringLiteral("Fix a dynamic graph input's shape, e.g. x=1x3x224x224 (repeatable)."),
        QStringLiteral("NAME=DIMS"));
    const QCommandLineOption noOptimize(QStringLiteral("no-optimize"),
                                        QStringLiteral("Profile the imported graph as it is."));
    parser.addOptions({help, bits, threads, repeats, outFile, kind, inputShape, noOptimize});
    if (!parser.parse(arguments))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        out << commandHelp(
            parser, "profile",
            QStringLiteral("Each layer of the optimized graph is timed in float (the graph "
                           "itself) and at each width (the whole model as the deployment's QDQ "
                           "edge model at that width, run as autosplit-edge runs it): one warm-up "
                           "run, then the repeats; the median and the 10th-90th percentile "
                           "spread per layer. The profile fits only this model (its layers are "
                           "checked when it is used). Inputs are random: the time does not "
                           "depend on their values."));
        helpShown = true;
        return ProfileRequest{};
    }
    ProfileRequest request;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() < 2)
        return usageError(QStringLiteral("profile: missing MODEL; try 'autosplit profile --help'"));
    if (positional.size() > 2)
        return usageError(
            QStringLiteral("profile: unexpected argument '%1'").arg(positional.at(2)));
    request.modelPath = positional.at(1);
    for (const QString& spec : parser.values(inputShape)) {
        auto parsed = parseInputShapeOverride(spec.toStdString());
        if (!parsed)
            return usageError(qstr(parsed.error().message));
        request.inputShapes.push_back(std::move(parsed).value());
    }
    request.optimize = !parser.isSet(noOptimize);
    if (parser.isSet(bits)) {
        auto list = parseIntList(parser.value(bits));
        if (!list || list->empty())
            return usageError(QStringLiteral("--bits '%1': expected widths such as 2,4,6,8")
                                  .arg(parser.value(bits)));
        request.options.bits = *list;
    }
    auto count = [&](const QCommandLineOption& option, int low) -> std::optional<int> {
        bool ok = false;
        const int v = parser.value(option).toInt(&ok);
        return ok && v >= low ? std::optional<int>(v) : std::nullopt;
    };
    if (parser.isSet(threads)) {
        const auto n = count(threads, 1);
        if (!n)
            return usageError(QStringLiteral("--threads '%1': expected a count of 1 or more")
                                  .arg(parser.value(threads)));
        request.options.threads = *n;
    }
    if (parser.isSet(repeats)) {
        const auto n = count(repeats, 1);
        if (!n)
            return usageError(QStringLiteral("--repeats '%1': expected a count of 1 or more")
                                  .arg(parser.value(repeats)));
        request.options.repeats = *n;
    }
    if (parser.isSet(kind))
        request.options.kind = parser.value(kind).toStdString();
    if (auto s = validateProfileOptions(request.options); !s)
        return s.error();
    if (parser.isSet(outFile)) {
        request.outPath = parser.value(outFile);
        const QFileInfo info(request.outPath);
        if (info.isDir())
            return usageError(QStringLiteral("--out '%1': is a folder").arg(request.outPath));
        const QFileInfo dir(info.absolutePath());
        if (!dir.isDir() || !dir.isWritable())
            return usageError(QStringLiteral("--out '%1': its folder '%2' is not a writable folder")
                                  .arg(request.outPath, info.absolutePath()));
    }
    request.options.modelName = QFileInfo(request.modelPath).fileName().toStdString();
    return request;
}

QString spreadText(const profiles::LayerTiming& t) {
    return msText(t.p10_s()) + QStringLiteral("-") + msText(t.p90_s());
}

QString report(const profiles::DeviceProfile& profile) {
    const profiles::MeasuredDevice& m = profile.measured();
    QString text = QStringLiteral("%1 layers of %2 on %3 (%4), %5 threads; median of %6 runs "
                                  "after %7 warm-up, ms\n\n")
                       .arg(m.layer_count())
                       .arg(qstr(m.model_name()), qstr(m.cpu_model()), qstr(m.cpu_path()))
                       .arg(m.threads())
                       .arg(m.repeats())
                       .arg(m.warmup_runs());
    TextTable table;
    table.addColumn(QStringLiteral("#"), TextTable::Align::Right);
    table.addColumn(QStringLiteral("layer"), TextTable::Align::Left, true, 12);
    table.addColumn(QStringLiteral("op"), TextTable::Align::Left);
    table.addColumn(QStringLiteral("float"), TextTable::Align::Right);
    table.addColumn(QStringLiteral("spread"), TextTable::Align::Right);
    for (int b : m.bits())
        table.addColumn(QStringLiteral("%1-bit").arg(b), TextTable::Align::Right);
    std::vector<double> totals(size_t(m.bits_size()) + 1, 0.0);
    for (int i = 0; i < m.layers_size(); ++i) {
        const profiles::MeasuredLayer& l = m.layers(i);
        QStringList row{QString::number(i + 1), qstr(l.name()), qstr(l.op_type()),
                        msText(l.float_time().median_s()), spreadText(l.float_time())};
        totals[0] += l.float_time().median_s();
        for (int j = 0; j < l.integer_times_size(); ++j) {
            row << msText(l.integer_times(j).median_s());
            totals[size_t(j) + 1] += l.integer_times(j).median_s();
        }
        table.addRow(row);
    }
    QStringList total{QString(), QStringLiteral("total"), QString(), msText(totals[0]), QString()};
    for (size_t j = 1; j < totals.size(); ++j)
        total << msText(totals[j]);
    table.addRow(total);
    return text + table.toString();
}

} // namespace

int runProfile(const QStringList& arguments, QTextStream& out, QTextStream& err) {
    QCommandLineParser parser;
    bool helpShown = false;
    auto parsed = parseRequest(parser, arguments, helpShown, out);
    if (!parsed)
        return fail(err, parsed.error());
    if (helpShown)
        return 0;
    const ProfileRequest& request = *parsed;

    session::OpenOptions open;
    open.inputShapes = request.inputShapes;
    if (!request.optimize)
        open.passNames.clear();
    open.keepRawGraph = false;
    open.analyze = false;
    auto model = session::openModel(session::ModelSource::file(request.modelPath), open,
                                    stderrProgress(err, "profile"));
    if (!model)
        return fail(err, model.error());
    auto profile = measureDevice(session::sharedGraph(*model), request.options,
                                 stderrProgress(err, "profile"));
    if (!profile)
        return fail(err, profile.error());
    out << report(*profile);
    out.flush();
    if (!request.outPath.isEmpty()) {
        if (auto s = session::writeDeviceProfile(*profile, request.outPath); !s)
            return fail(out, err, s.error());
        err << "profile: wrote " << request.outPath << '\n';
    }
    return 0;
}

} // namespace autosplit::cli
