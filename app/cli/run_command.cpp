#include "app/cli/run_command.h"

#include "app/cli/cli_error.h"
#include "app/cli/command_help.h"

#include "session/opened_model.h"

#include "core/io/tensor_io.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "core/runtime/executor.h"

#include <QCommandLineParser>
#include <QFile>

#include <filesystem>
#include <map>
#include <set>
#include <variant>

namespace autosplit::cli {

namespace {

namespace fs = std::filesystem;

struct InputFile {
    std::string name;
    QString file;
};

struct RunCliRequest {
    QString modelPath;
    std::vector<InputFile> inputs;
    QString outDir;
    std::vector<std::string> tensors;
    std::vector<InputShapeOverride> inputShapes;
    bool optimize = true;
};

QString qstr(const std::string& s) {
    return QString::fromStdString(s);
}
fs::path toPath(const QString& s) {
    return fs::path(QFile::encodeName(s).toStdString());
}
Error usage(const QString& message) {
    return usageError(message);
}

Result<RunCliRequest> parseRequest(QCommandLineParser& parser, const QStringList& arguments,
                                   bool& helpShown, QTextStream& out) {
    parser.addPositionalArgument(QStringLiteral("MODEL"), QStringLiteral("The ONNX model file."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("This help."));
    const QCommandLineOption input(
        QStringLiteral("input"),
        QStringLiteral(
            "A graph input's data, as a TensorProto .pb or a .npy file (repeat for each input)."),
        QStringLiteral("NAME=FILE"));
    const QCommandLineOption outDir(
        QStringLiteral("out"), QStringLiteral("Folder for the .pb files (created when missing)."),
        QStringLiteral("DIR"));
    const QCommandLineOption tensors(
        QStringLiteral("tensors"),
        QStringLiteral(
            "Comma-separated intermediate tensors to write too (names in the graph that runs: "
            "the optimized one unless --no-optimize)."),
        QStringLiteral("a,b,c"));
    const QCommandLineOption inputShape(
        QStringLiteral("input-shape"),
        QStringLiteral("Fix a dynamic graph input's shape, e.g. x=1x3x224x224 (repeatable)."),
        QStringLiteral("NAME=DIMS"));
    const QCommandLineOption noOptimize(
        QStringLiteral("no-optimize"),
        QStringLiteral("Run the imported graph as it is (no optimization passes)."));
    parser.addOptions({help, input, outDir, tensors, inputShape, noOptimize});

    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.isSet(help)) {
        out << commandHelp(parser, "run",
                           QStringLiteral("Writes the model's outputs, and any intermediate "
                                          "tensors named by --tensors, as ONNX TensorProto .pb "
                                          "files named after the tensors."));
        helpShown = true;
        return RunCliRequest{};
    }
    RunCliRequest request;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() < 2)
        return usage(QStringLiteral("run: missing MODEL; try 'autosplit run --help'"));
    if (positional.size() > 2)
        return usage(QStringLiteral("run: unexpected argument '%1'").arg(positional.at(2)));
    request.modelPath = positional.at(1);
    if (!parser.isSet(outDir) || parser.value(outDir).isEmpty())
        return usage(QStringLiteral("run: missing --out DIR"));
    request.outDir = parser.value(outDir);

    std::set<std::string> seen;
    for (const QString& spec : parser.values(input)) {
        // the name is everything before the first '=' (file paths may contain '=')
        const auto eq = spec.indexOf(QLatin1Char('='));
        if (eq <= 0 || eq + 1 == spec.size())
            return usage(QStringLiteral("--input '%1': expected NAME=FILE").arg(spec));
        InputFile f{spec.left(eq).toStdString(), spec.mid(eq + 1)};
        if (!seen.insert(f.name).second)
            return usage(QStringLiteral("--input: '%1' is given twice").arg(qstr(f.name)));
        request.inputs.push_back(std::move(f));
    }
    for (const QString& list : parser.values(tensors))
        for (const QString& name : list.split(QLatin1Char(','), Qt::SkipEmptyParts))
            request.tensors.push_back(name.trimmed().toStdString());
    for (const QString& spec : parser.values(inputShape)) {
        auto parsed = parseInputShapeOverride(spec.toStdString());
        if (!parsed)
            return usage(qstr(parsed.error().message));
        request.inputShapes.push_back(std::move(parsed).value());
    }
    request.optimize = !parser.isSet(noOptimize);
    return request;
}

std::string inputList(const Graph& graph) {
    std::string names;
    for (ValueId in : graph.inputs())
        names += (names.empty() ? "" : ", ") + graph.value(in).name;
    return names.empty() ? std::string("none") : names;
}

// One file per tensor; names that sanitize alike get a numeric suffix so no file is overwritten.
std::vector<std::pair<std::string, QString>> fileNames(const std::vector<std::string>& tensors) {
    std::vector<std::pair<std::string, QString>> files;
    std::set<QString> used;
    for (const auto& name : tensors) {
        const QString base = sanitizedFileName(qstr(name));
        QString file = base + QStringLiteral(".pb");
        for (int n = 2; used.count(file.toLower()); ++n)
            file = base + QStringLiteral("_%1.pb").arg(n);
        used.insert(file.toLower());
        files.emplace_back(name, file);
    }
    return files;
}

Status execute(const RunCliRequest& request, QTextStream& out) {
    session::OpenOptions options;
    options.inputShapes = request.inputShapes;
    if (!request.optimize)
        options.passNames.clear();
    options.analyze = false;
    auto model = session::openModel(session::ModelSource::file(request.modelPath), options);
    if (!model)
        return failure(qstr(model.error().message));
    const Graph& graph = (*model)->graph;
    // names of the graph as imported, to tell "optimized away" from "never existed"
    std::set<std::string> importedNames;
    for (const Value& v : (*model)->rawGraph.values())
        importedNames.insert(v.name);
    const QString graphName =
        request.optimize ? QStringLiteral("the optimized graph") : QStringLiteral("the model");
    for (const auto& name : request.tensors) {
        if (graph.findValue(name) != kNone)
            continue;
        if (importedNames.count(name))
            return failure(
                QStringLiteral(
                    "--tensors: tensor '%1' is not in the optimized graph (optimization folded "
                    "it away); use --no-optimize to run the model as it is")
                    .arg(qstr(name)));
        return failure(
            QStringLiteral("--tensors: %1 has no tensor named '%2'").arg(graphName, qstr(name)));
    }

    // Inputs: every one must be a graph input, every consumed graph input must be given.
    RunRequest run;
    std::map<std::string, QString> fileOf;
    for (const InputFile& in : request.inputs) {
        const ValueId id = graph.findValue(in.name);
        if (id == kNone || !graph.value(id).isGraphInput)
            return failure(QStringLiteral("--input: the model has no input named '%1' (inputs: %2)")
                               .arg(qstr(in.name), qstr(inputList(graph))));
        auto tensor = readTensorFile(toPath(in.file));
        if (!tensor)
            return failure(qstr(tensor.error().message));
        run.feeds[in.name] = std::move(tensor->tensor);
        fileOf[in.name] = in.file;
    }
    for (ValueId in : graph.inputs()) {
        const Value& v = graph.value(in);
        if (!v.consumers.empty() && !run.feeds.count(v.name))
            return failure(
                QStringLiteral("input '%1' was not given; pass --input %1=FILE").arg(qstr(v.name)));
    }

    std::vector<std::string> wanted;
    for (ValueId id : graph.outputs())
        wanted.push_back(graph.value(id).name);
    for (const auto& name : request.tensors)
        if (std::find(wanted.begin(), wanted.end(), name) == wanted.end())
            wanted.push_back(name);
    run.fetch = wanted;

    auto executor = Executor::create(session::sharedGraph(*model));
    if (!executor)
        return failure(request.modelPath + QStringLiteral(": ") + qstr(executor.error().message));
    auto result = executor->run(run);
    if (!result) {
        QString message = qstr(result.error().message);
        // the feed check names the input; add the file it came from
        for (const auto& [name, file] : fileOf)
            if (message.startsWith(QStringLiteral("input '%1':").arg(qstr(name))))
                message = file + QStringLiteral(": ") + message;
        return failure(message);
    }

    const fs::path dir = toPath(request.outDir);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir))
        return failure(request.outDir + QStringLiteral(": cannot create the output folder"));
    for (const auto& [name, file] : fileNames(wanted)) {
        const HostTensor& tensor = result->at(name);
        const fs::path path = dir / toPath(file);
        if (auto s = writeTensorProtoFile(path, name, tensor); !s)
            return failure(qstr(s.error().message));
        out << qstr(name) << " -> " << QFile::decodeName(path.string().c_str()) << " ("
            << qstr(tensor.describe()) << ")\n";
    }
    out.flush();
    return Status::success();
}

} // namespace

QString sanitizedFileName(const QString& tensorName) {
    if (tensorName.isEmpty() || tensorName == QLatin1String(".") ||
        tensorName == QLatin1String(".."))
        return QStringLiteral("_");
    QString name = tensorName;
    for (QChar& ch : name) {
        const char16_t u = ch.unicode();
        const bool keep = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') ||
                          (u >= u'0' && u <= u'9') || u == u'.' || u == u'-' || u == u'_';
        if (!keep)
            ch = QLatin1Char('_');
    }
    return name;
}

int runRun(const QStringList& arguments, QTextStream& out, QTextStream& err) {
    QCommandLineParser parser;
    bool helpShown = false;
    auto parsed = parseRequest(parser, arguments, helpShown, out);
    if (!parsed)
        return fail(err, parsed.error());
    if (helpShown)
        return 0;
    if (auto error = execute((*parsed), out); !error)
        return fail(err, error.error());
    return 0;
}

} // namespace autosplit::cli
