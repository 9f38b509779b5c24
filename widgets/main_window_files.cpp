// The main window's files: the settings it keeps between runs, opening models (dialog, recent
// files, drag and drop, sample data) and saving exports. main_window.cpp builds the window,
// main_window_state.cpp keeps its views in step with the engine.
#include "widgets/main_window.h"

#include "widgets/engine/error_message.h"

#include "widgets/charts/chart_export.h"
#include "widgets/charts/latency_breakdown_chart.h"
#include "widgets/charts/pareto_chart.h"
#include "widgets/constraints/constraint_panel.h"
#include "widgets/engine/solve_engine.h"
#include "widgets/graph/graph_view.h"
#include "widgets/sample_data_dialog.h"
#include "widgets/solution/solution_details_view.h"
#include "widgets/solution/solution_text.h"

#include "session/candidates_csv.h"

#include "widgets/engine/engine.h"
#include "widgets/models/layer_filter_proxy_model.h"
#include "widgets/models/layer_table_model.h"
#include "widgets/models/model_summary_view.h"
#include "widgets/number_format.h"

#include "resources/embedded_resources.h"

#include "core/runtime/cpu/cpu_path.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QToolBar>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace autosplit {

namespace {

const char* const kGeometryKey = "window/geometry";
const char* const kStateKey = "window/state";
const char* const kRecentKey = "recentFiles";
const char* const kPageKey = "window/page";
const char* const kRawGraphKey = "graph/raw";
const char* const kExportDirKey = "export/folder";

// The constraint panel's values.
const char* const kMemoryKey = "constraints/edgeMemoryBytes";
const char* const kUplinkKey = "constraints/uplinkBitsPerSecond";

// Overrides of the network's figures only; absent: the network's own.
const char* const kRoundTripKey = "constraints/roundTripOverrideSeconds";
const char* const kOverheadKey = "constraints/overheadOverrideBytes";
const char* const kMaxErrorKey = "constraints/maxError";
const char* const kBitsKey = "constraints/bits";
const char* const kMeasuredKey = "constraints/measuredLatencies";
const char* const kRawInputBitsKey = "constraints/rawInputBits";
const char* const kOutputsOnEdgeKey = "constraints/outputsOnEdge";
const char* const kEvaluateKey = "constraints/evaluate";
const char* const kEvaluateLimitKey = "constraints/evaluateLimit";
const char* const kDropConfidenceKey = "constraints/dropConfidence";
const char* const kDropKey = "constraints/maxAccuracyDrop";
const char* const kEdgeKey = "constraints/edgeDevice";
const char* const kCloudKey = "constraints/cloudDevice";
const char* const kNetworkKey = "constraints/network";

// Sample data per model file: samples/<path> = {path, spec}.
const char* const kSamplesGroup = "samples";

QString key(const char* k) {
    return QLatin1String(k);
}

// QSettings keys cannot hold '/' or '\\' as plain characters: a file path becomes one key.
QString samplesKey(const QString& modelPath) {
    return QLatin1String(kSamplesGroup) + QLatin1Char('/') +
           QString::fromLatin1(modelPath.toUtf8().toPercentEncoding());
}

// Sample data settings as saved: {path, spec, weight range, activation range, percentile,
// metric, dictionary, equalize, count spaces, weight rounding}. A forced recalibration is for that
// time only, not remembered.
QStringList savedSampleSource(const SampleSource& s) {
    return {s.path,
            s.preprocessSpec,
            QString::fromLatin1(rangeMethodName(s.weightRange)),
            QString::fromLatin1(rangeMethodName(s.activationRange)),
            QString::number(s.percentile, 'g', 17),
            QString::fromLatin1(metricName(s.metric)),
            s.dictionary,
            s.equalize ? QStringLiteral("equalize") : QString(),
            s.countSpaces ? QStringLiteral("count-spaces") : QString(),
            QString::fromLatin1(weightRoundingName(s.weightRounding))};
}

// What savedSampleSource saved, as far as it is still valid (older versions saved only the first
// two, five or eight fields); none when the samples are gone.
SampleSource restoredSampleSource(const QStringList& saved) {
    if (saved.size() < 2 || !QFileInfo::exists(saved[0]))
        return {};
    SampleSource source;
    source.path = saved[0];
    source.preprocessSpec = saved[1];
    if (saved.size() >= 5) {
        source.weightRange = parseRangeMethod(saved[2].toStdString()).value_or(RangeMethod::MinMax);
        source.activationRange =
            parseRangeMethod(saved[3].toStdString()).value_or(RangeMethod::MinMax);
        bool ok = false;
        const double p = saved[4].toDouble(&ok);
        if (ok && p > 0.0 && p <= 100.0)
            source.percentile = p;
    }
    if (saved.size() >= 8) {
        source.metric = parseMetric(saved[5].toStdString()).value_or(MetricKind::Classification);
        source.dictionary = saved[6];
        source.equalize = saved[7] == QLatin1String("equalize");
    }
    if (saved.size() >= 10) {
        source.countSpaces = saved[8] == QLatin1String("count-spaces");
        source.weightRounding =
            parseWeightRounding(saved[9].toStdString()).value_or(WeightRounding::Nearest);
    }
    return source;
}

// What an embedded sample is, for its menu entry.
QString sampleTitle(const QString& id) {
    if (id == QLatin1String("text-detector"))
        return MainWindow::tr("Text detector, PP-OCRv4");
    if (id == QLatin1String("text-recognizer"))
        return MainWindow::tr("Text recogniser, PP-OCRv4");
    if (id == QLatin1String("text-direction"))
        return MainWindow::tr("Text-direction classifier, PP-OCR");
    return id;
}

bool isOnnxFile(const QUrl& url) {
    return url.isLocalFile() &&
           url.toLocalFile().endsWith(QLatin1String(".onnx"), Qt::CaseInsensitive);
}

} // namespace

namespace {

QString baseNameOf(const session::OpenedModelPtr& model) {
    return model ? QFileInfo(model->displayName).completeBaseName() : QStringLiteral("model");
}

QStringList imageFilters() {
    return {MainWindow::tr("PNG image (*.png)"), MainWindow::tr("SVG image (*.svg)")};
}

} // namespace

void MainWindow::readSettings() {
    QSettings settings;
    if (!restoreGeometry(settings.value(key(kGeometryKey)).toByteArray()))
        resize(1200, 760);
    restoreState(settings.value(key(kStateKey)).toByteArray());
    m_recentFiles = settings.value(key(kRecentKey)).toStringList();
    while (m_recentFiles.size() > kMaxRecentFiles)
        m_recentFiles.removeLast();
    rebuildRecentMenu();
    m_pages->setCurrentIndex(std::clamp(settings.value(key(kPageKey), 0).toInt(), 0, 1));
    m_rawGraphAction->setChecked(settings.value(key(kRawGraphKey), false).toBool());

    // The panel's defaults fill in what was never saved; setConstraints clamps what is out of
    // range and adds unknown preset names (a profile file) to their pickers.
    session::SolveSettings c = m_constraintPanel->constraints();
    bool ok = false;
    const qint64 memory = settings.value(key(kMemoryKey)).toLongLong(&ok);
    if (ok && memory > 0)
        c.edgeMemoryBytes = memory;
    if (settings.contains(key(kNetworkKey)))
        c.network = settings.value(key(kNetworkKey)).toString();
    const double uplink = settings.value(key(kUplinkKey)).toDouble(&ok);
    if (ok && uplink > 0.0)
        c.uplinkBitsPerSecond = uplink;
    const double rtt = settings.value(key(kRoundTripKey)).toDouble(&ok);
    c.roundTripSeconds = ok && rtt >= 0.0 ? std::optional<double>(rtt) : std::nullopt;
    const qint64 overhead = settings.value(key(kOverheadKey)).toLongLong(&ok);
    c.overheadBytesPerMessage =
        ok && overhead >= 0 ? std::optional<int64_t>(overhead) : std::nullopt;
    const double drop = settings.value(key(kDropKey)).toDouble(&ok);
    if (ok && drop >= 0.0)
        c.maxAccuracyDrop = drop;
    const double maxError = settings.value(key(kMaxErrorKey)).toDouble(&ok);
    if (ok && maxError >= 0.0)
        c.maxError = maxError;
    if (settings.contains(key(kEdgeKey)))
        c.edgeDevice = settings.value(key(kEdgeKey)).toString();
    if (settings.contains(key(kCloudKey)))
        c.cloudDevice = settings.value(key(kCloudKey)).toString();
    c.bits.clear();
    for (const QString& b :
         settings.value(key(kBitsKey)).toString().split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (const int bits = b.toInt(&ok); ok && session::isQuantizerBitWidth(bits))
            c.bits.push_back(bits);
    c.measuredLatencies = settings.value(key(kMeasuredKey)).toString();
    const int raw = settings.value(key(kRawInputBitsKey)).toInt(&ok);
    if (ok && raw >= 1 && raw <= 64)
        c.rawInputBits = raw;
    c.outputsOnEdge = settings.value(key(kOutputsOnEdgeKey), false).toBool();
    c.evaluate = settings.value(key(kEvaluateKey), true).toBool();
    const int limit = settings.value(key(kEvaluateLimitKey)).toInt(&ok);
    if (ok && limit >= 0)
        c.evaluateLimit = limit;
    const double confidence = settings.value(key(kDropConfidenceKey)).toDouble(&ok);
    if (ok && confidence >= 0.5 && confidence < 1.0)
        c.dropConfidence = confidence;
    m_constraintPanel->setConstraints(c);
    // nothing saved yet: the first start, which opens a sample on that sample's demo limits
    m_firstStart = !settings.contains(key(kMemoryKey)) && !settings.contains(key(kBitsKey));
}

void MainWindow::writeSettings() const {
    QSettings settings;
    settings.setValue(key(kGeometryKey), saveGeometry());
    settings.setValue(key(kStateKey), saveState());
    settings.setValue(key(kRecentKey), m_recentFiles);
    settings.setValue(key(kPageKey), m_pages->currentIndex());
    settings.setValue(key(kRawGraphKey), m_rawGraphAction->isChecked());
    const session::SolveSettings c = m_constraintPanel->constraints();
    auto setOrRemove = [&](const char* name, const auto& value) {
        if (value)
            settings.setValue(key(name), *value);
        else
            settings.remove(key(name));
    };
    setOrRemove(kMemoryKey,
                c.edgeMemoryBytes ? std::optional<qint64>(*c.edgeMemoryBytes) : std::nullopt);
    setOrRemove(kUplinkKey, c.uplinkBitsPerSecond);
    setOrRemove(kRoundTripKey, c.roundTripSeconds);
    setOrRemove(kOverheadKey, c.overheadBytesPerMessage
                                  ? std::optional<qint64>(*c.overheadBytesPerMessage)
                                  : std::nullopt);
    setOrRemove(kDropKey, c.maxAccuracyDrop);
    setOrRemove(kMaxErrorKey, c.maxError);
    settings.setValue(key(kEdgeKey), c.edgeDevice);
    settings.setValue(key(kCloudKey), c.cloudDevice);
    settings.setValue(key(kNetworkKey), c.network);
    QStringList bits;
    for (int b : c.bits)
        bits << QString::number(b);
    settings.setValue(key(kBitsKey), bits.join(QLatin1Char(',')));
    settings.setValue(key(kMeasuredKey), c.measuredLatencies);
    settings.setValue(key(kRawInputBitsKey), c.rawInputBits);
    settings.setValue(key(kOutputsOnEdgeKey), c.outputsOnEdge);
    settings.setValue(key(kEvaluateKey), c.evaluate);
    settings.setValue(key(kEvaluateLimitKey), c.evaluateLimit);
    settings.setValue(key(kDropConfidenceKey), c.dropConfidence);
}

void MainWindow::openFile(const QString& path, const std::vector<InputShapeOverride>& inputShapes,
                          const SampleSource& samples) {
    SampleSource source = samples;
    if (source.path.isEmpty()) // what the user chose for this file last time, if still there
        source = restoredSampleSource(
            QSettings().value(samplesKey(QFileInfo(path).absoluteFilePath())).toStringList());
    m_engine->openFile(path, inputShapes, source);
}

void MainWindow::reopen(const std::vector<InputShapeOverride>& inputShapes) {
    if (!m_model)
        return;
    if (m_model->isSample)
        m_engine->openSample(m_model->sampleId, inputShapes);
    else
        m_engine->openFile(m_model->filePath, inputShapes, m_engine->sampleData());
}

void MainWindow::showInputShapesDialog() {
    if (!m_model)
        return;
    QStringList current;
    for (const InputShapeOverride& s : m_model->inputShapes)
        current << QString::fromStdString(s.name + "=" + TensorShape::of(s.dims).toString());
    bool ok = false;
    const QString text = QInputDialog::getText(
        this, tr("Input Shapes"),
        tr("Shapes of graph inputs with dynamic dimensions, e.g. x=1x3x224x224 (several separated "
           "by spaces):"),
        QLineEdit::Normal, current.join(QLatin1Char(' ')), &ok);
    if (!ok)
        return;
    std::vector<InputShapeOverride> shapes;
    for (const QString& spec : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        auto parsed = parseInputShapeOverride(spec.toStdString());
        if (!parsed) {
            QMessageBox::warning(this, tr("Input Shapes"), errorMessage(parsed.error()));
            return;
        }
        shapes.push_back(std::move(parsed).value());
    }
    reopen(shapes);
}

void MainWindow::setSampleData(const SampleSource& samples) {
    if (!m_model || m_model->isSample)
        return;
    QSettings().setValue(samplesKey(m_model->filePath), savedSampleSource(samples));
    m_solveProblem.clear();
    m_engine->setSampleData(m_model, samples);
    markModified();
    updateSolveState();
}

void MainWindow::createSampleMenu() {
    // every embedded sample, each judged by its own task's metric on its own data
    m_sampleMenu = new QMenu(tr("Open Sa&mple"), this);
    m_sampleMenu->setObjectName(QStringLiteral("sampleMenu"));
    for (const resources::EmbeddedSample& sample : resources::embeddedSamples()) {
        QAction* a =
            m_sampleMenu->addAction(tr("%1 (%2)").arg(sampleTitle(sample.id), sample.fileName));
        a->setObjectName(QStringLiteral("openSample:") + sample.id);
        connect(a, &QAction::triggered, this, [this, id = sample.id] { openSample(id); });
    }
}

void MainWindow::openSample(const QString& sampleId,
                            const std::vector<InputShapeOverride>& inputShapes) {
    const resources::EmbeddedSample* sample = resources::embeddedSample(sampleId);
    if (!sample)
        sample = &resources::defaultSample();
    if (m_firstStart && (sample->demoMemoryBytes > 0 || !sample->demoBits.empty())) {
        session::SolveSettings c = m_constraintPanel->constraints();
        if (sample->demoMemoryBytes > 0)
            c.edgeMemoryBytes = sample->demoMemoryBytes;
        if (!sample->demoBits.empty())
            c.bits = sample->demoBits;
        m_constraintPanel->setConstraints(c);
        applyConstraints(m_constraintPanel->constraints());
    }
    m_firstStart = false;
    m_engine->openSample(sample->id, inputShapes);
}

void MainWindow::showOpenDialog() {
    QString dir;
    if (!m_recentFiles.isEmpty())
        dir = QFileInfo(m_recentFiles.first()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open ONNX Model"), dir,
                                                      tr("ONNX models (*.onnx);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::rebuildRecentMenu() {
    m_recentMenu->clear();
    for (const QString& path : std::as_const(m_recentFiles)) {
        QAction* action = m_recentMenu->addAction(QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, this, [this, path] { openFile(path); });
    }
    if (!m_recentFiles.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("&Clear Menu"), this, [this] {
            m_recentFiles.clear();
            rebuildRecentMenu();
        });
    }
    m_recentMenu->setEnabled(!m_recentFiles.isEmpty());
}

void MainWindow::addRecentFile(const QString& path) {
    m_recentFiles.removeAll(path);
    m_recentFiles.prepend(path);
    while (m_recentFiles.size() > kMaxRecentFiles)
        m_recentFiles.removeLast();
    rebuildRecentMenu();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    // Nothing the user had is lost unasked: a named exploration with changes is saved or not.
    if (isWindowModified() && !m_explorationPath.isEmpty()) {
        const QString question =
            tr("Save the changes to the exploration %1?")
                .arg(QDir::toNativeSeparators(QFileInfo(m_explorationPath).fileName()));
        UnsavedChoice choice = UnsavedChoice::Cancel;
        if (unsavedChangesPrompt) {
            choice = unsavedChangesPrompt(question);
        } else {
            const auto button = QMessageBox::question(
                this, tr("Unsaved Changes"), question,
                QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
            choice = button == QMessageBox::Save      ? UnsavedChoice::Save
                     : button == QMessageBox::Discard ? UnsavedChoice::Discard
                                                      : UnsavedChoice::Cancel;
        }
        if (choice == UnsavedChoice::Cancel) {
            event->ignore();
            return;
        }
        if (choice == UnsavedChoice::Save) {
            if (const Status saved = saveExplorationTo(m_explorationPath); !saved) {
                QMessageBox::warning(this, tr("Cannot Save Exploration"),
                                     errorMessage(saved.error()));
                event->ignore();
                return;
            }
        }
    }
    // A running load is dropped; the engine's destructor waits for its worker to stop.
    m_engine->cancel();
    writeSettings();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (std::any_of(urls.begin(), urls.end(), isOnnxFile))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    for (const QUrl& url : event->mimeData()->urls()) {
        if (isOnnxFile(url)) {
            openFile(url.toLocalFile());
            event->acceptProposedAction();
            return;
        }
    }
}

QString MainWindow::askSavePath(const QString& title, const QString& baseName,
                                const QStringList& filters) {
    QSettings settings;
    QString folder = settings.value(key(kExportDirKey)).toString();
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder = QDir::homePath();
    // "PNG image (*.png)" -> "png": the first filter's names the default file, the chosen one's
    // completes a name typed without one.
    auto suffixOf = [](const QString& filter) {
        return filter.section(QStringLiteral("*."), 1).section(u')', 0, 0);
    };
    QString selectedFilter = filters.first();
    QString path = QFileDialog::getSaveFileName(
        this, title, QDir(folder).filePath(baseName + QLatin1Char('.') + suffixOf(filters.first())),
        filters.join(QStringLiteral(";;")), &selectedFilter);
    if (path.isEmpty())
        return {};
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.') + suffixOf(selectedFilter);
    settings.setValue(key(kExportDirKey), QFileInfo(path).absolutePath());
    return path;
}

void MainWindow::showExportResult(const QString& path, const QString& error) {
    if (error.isEmpty()) {
        statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 5000);
        return;
    }
    auto* box =
        new QMessageBox(QMessageBox::Warning, tr("Cannot Save"), error, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("exportErrorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::exportGraph() {
    if (!m_model)
        return;
    const QString path = askSavePath(
        tr("Export Graph"), baseNameOf(m_model) + QStringLiteral("-graph"), imageFilters());
    if (path.isEmpty())
        return;
    const bool svg =
        QFileInfo(path).suffix().compare(QLatin1String("svg"), Qt::CaseInsensitive) == 0;
    const Status status = svg ? m_graphView->exportSvg(path) : m_graphView->exportPng(path);
    showExportResult(path, status ? QString() : errorMessage(status.error()));
}

void MainWindow::exportChart(QWidget* chart, const QString& what) {
    if (!m_solution)
        return;
    const QString path = askSavePath(chart == m_paretoChart ? tr("Export Pareto Chart")
                                                            : tr("Export Latency Breakdown"),
                                     baseNameOf(m_model) + QLatin1Char('-') + what, imageFilters());
    if (path.isEmpty())
        return;
    // A picture on a slide carries its context: the model, what it shows, the constraints.
    ImageCaption caption;
    caption.title =
        (chart == m_paretoChart ? tr("Pareto set of %1") : tr("Latency breakdown of %1"))
            .arg(m_model ? m_model->displayName : QString());
    if (const Candidate* shown = shownSolution())
        caption.lines << (m_shownBaseline.isEmpty()
                              ? tr("Shown: %1").arg(describeSolution(*shown))
                              : tr("Shown: %1 baseline, %2")
                                    .arg(m_shownBaseline, describeSolution(*shown, false)));
    caption.lines << constraintsText();
    const Status status = chart == m_paretoChart ? m_paretoChart->saveImage(path, caption)
                                                 : m_breakdownChart->saveImage(path, caption);
    showExportResult(path, status ? QString() : errorMessage(status.error()));
}

void MainWindow::exportCandidates() {
    if (!m_solution || !m_model)
        return;
    const QString path =
        askSavePath(tr("Export Candidates"), baseNameOf(m_model) + QStringLiteral("-candidates"),
                    {tr("CSV file (*.csv)")});
    if (path.isEmpty())
        return;
    const Status status = writeCandidatesCsv(*m_solution, m_model->analysis.layerCount(), path);
    showExportResult(path, status ? QString() : errorMessage(status.error()));
}

void MainWindow::exportBundle() {
    const Candidate* shown = shownSolution();
    if (!shown || !m_model)
        return;
    const Candidate& c = *shown;
    QSettings settings;
    QString folder = settings.value(key(kExportDirKey)).toString();
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder = QDir::homePath();
    // a folder to create: a save dialog names it (a folder dialog picks existing ones)
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Deployment Bundle"),
        QDir(folder).filePath(baseNameOf(m_model) + QStringLiteral("-split%1-bundle").arg(c.split)),
        tr("Bundle folder (*)"), nullptr, QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty())
        return;
    settings.setValue(key(kExportDirKey), QFileInfo(path).absolutePath());
    bool replace = false;
    if (QFileInfo::exists(path)) {
        if (!QFileInfo::exists(path + QStringLiteral("/manifest.json"))) {
            showExportResult(path, tr("%1 exists and is not a deployment bundle; choose a new "
                                      "folder name.")
                                       .arg(QDir::toNativeSeparators(path)));
            return;
        }
        const auto answer =
            QMessageBox::question(this, tr("Replace Bundle?"),
                                  tr("%1 already holds a deployment bundle. Replace it?")
                                      .arg(QDir::toNativeSeparators(path)));
        if (answer != QMessageBox::Yes)
            return;
        replace = true;
    }
    exportBundleTo(path, replace);
}

bool MainWindow::exportBundleTo(const QString& dir, bool replace) {
    const Candidate* shown = shownSolution();
    if (!shown || !m_engine->exportBundle(*shown, dir, replace))
        return false;
    statusBar()->showMessage(
        tr("Exporting the deployment bundle to %1…").arg(QDir::toNativeSeparators(dir)));
    updateActions();
    return true;
}

void MainWindow::showSampleDataDialog() {
    if (!m_model || m_model->isSample)
        return;
    auto* dialog = new SampleDataDialog(m_model->displayName, m_engine->sampleData(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const session::OpenedModelPtr model = m_model;
    connect(dialog, &QDialog::accepted, this, [this, dialog, model] {
        if (m_model == model) // still the model the samples were chosen for
            setSampleData(dialog->source());
    });
    dialog->open();
}

} // namespace autosplit
