#include "session/opened_model.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

namespace autosplit::session {

namespace {

// Share of the whole open each phase gets on the progress bar (import dominates on big models).
constexpr double kImportEnd = 0.6;
constexpr double kOptimizeEnd = 0.8;

ProgressCallback phase(const ProgressCallback& progress, double from, double to,
                       const char* stage) {
    if (!progress)
        return {};
    return [=](double f, std::string_view) {
        reportProgress(progress, from + (to - from) * f, stage);
    };
}

} // namespace

ModelSource ModelSource::file(const QString& path) {
    ModelSource source;
    source.filePath = path;
    return source;
}

ModelSource ModelSource::memory(QByteArray bytes, const QString& displayName) {
    ModelSource source;
    source.bytes = std::move(bytes);
    source.displayName = displayName;
    return source;
}

QByteArray OpenedModel::optimizationLabel() const {
    if (passNames.empty())
        return QByteArrayLiteral("raw");
    if (passNames == defaultPassNames())
        return QByteArrayLiteral("optimized");
    QByteArray label = QByteArrayLiteral("passes:");
    for (const std::string& p : passNames)
        label += QByteArray::fromStdString(p) + ',';
    return label;
}

QByteArray OpenedModel::sha256() const {
    std::call_once(m_hashOnce, [this] {
        m_sha256 = QCryptographicHash::hash(fileBytes(), QCryptographicHash::Sha256).toHex();
    });
    return m_sha256;
}

std::shared_ptr<const Graph> sharedGraph(const OpenedModelPtr& model) {
    if (!model)
        return nullptr;
    return std::shared_ptr<const Graph>(model, &model->graph);
}

Result<OpenedModelPtr> openModel(const ModelSource& source, const OpenOptions& options,
                                 const ProgressCallback& progress,
                                 const CancellationToken& cancel) {
    auto model = std::make_shared<OpenedModel>();
    model->isSample = source.isSample;
    model->sampleId = source.sampleId;
    model->inputShapes = options.inputShapes;
    model->analysisOptions = options.analysis;
    model->passNames = options.passNames;

    QElapsedTimer timer;
    timer.start();
    reportProgress(progress, 0.0, "importing");
    std::filesystem::path baseDir; // external data only next to a file
    if (!source.filePath.isEmpty()) {
        const QFileInfo info(source.filePath);
        model->filePath = info.absoluteFilePath();
        model->displayName = source.displayName.isEmpty() ? info.fileName() : source.displayName;
        const std::filesystem::path path = QFile::encodeName(source.filePath).toStdString();
        auto read = readOnnxFile(path);
        if (!read)
            return read.error();
        model->bytes = std::move(read).value();
        baseDir = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
    } else {
        model->displayName = source.displayName;
        model->bytes.assign(source.bytes.constData(), static_cast<size_t>(source.bytes.size()));
    }

    ImportOptions importOptions;
    importOptions.inputShapes = options.inputShapes;
    importOptions.runChecker = options.runChecker;
    // Errors name what the user opened: the path as given for a file, else the display name.
    const std::string name = !source.filePath.isEmpty()
                                 ? QFile::encodeName(source.filePath).toStdString()
                                 : model->displayName.toStdString();
    auto imported = importOnnxData(model->bytes, name, baseDir, importOptions,
                                   phase(progress, 0.0, kImportEnd, "importing"), cancel);
    if (!imported)
        return imported.error();
    model->importSeconds = timer.nsecsElapsed() / 1e9;
    model->warnings = std::move(imported->warnings);
    if (options.keepRawGraph)
        model->rawGraph = imported->graph;
    model->graph = std::move(imported->graph);

    timer.restart();
    if (!options.passNames.empty()) {
        auto reports =
            optimizeGraph(model->graph, model->passNames,
                          phase(progress, kImportEnd, kOptimizeEnd, "optimizing"), cancel);
        if (!reports)
            return reports.error().prefixed(name + ": ");
        model->passReports = std::move(reports).value();
    }
    model->optimizeSeconds = timer.nsecsElapsed() / 1e9;

    if (!options.analyze)
        return OpenedModelPtr(std::move(model));
    timer.restart();
    auto analysis = analyzeSplits(model->graph, options.analysis,
                                  phase(progress, kOptimizeEnd, 1.0, "analyzing"), cancel);
    if (!analysis)
        return analysis.error().prefixed(name + ": ");
    model->analysis = std::move(analysis).value();
    model->analyzeSeconds = timer.nsecsElapsed() / 1e9;
    model->warnings.insert(model->warnings.end(), model->analysis.warnings.begin(),
                           model->analysis.warnings.end());
    return OpenedModelPtr(std::move(model));
}

} // namespace autosplit::session
