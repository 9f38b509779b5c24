// autosplit-explorer [MODEL | --sample ID] [--input-shape NAME=DIMS]...
//                    [--samples PATH [--preprocess SPEC] [--metric NAME [--dictionary FILE]]
//                     [--equalize]] [--screenshot FILE] [--lang LANG]
// Opens MODEL, or an embedded sample model (the text detector when none is named).

#include "widgets/engine/engine.h"
#include "widgets/engine/solve_engine.h"
#include "widgets/graph/graph_view.h"
#include "widgets/main_window.h"
#include "widgets/sample_data_dialog.h"
#include "widgets/translations.h"

#include "resources/embedded_resources.h"

#include "core/onnx/onnx_importer.h"
#include "core/runtime/cpu/cpu_path.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QIcon>
#include <QSaveFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <memory>
#include <optional>

namespace {

// Translation context of the command line's strings.
class Main {
    Q_DECLARE_TR_FUNCTIONS(Main)
};

int fail(const QString& message, int code = 2) {
    std::fprintf(stderr, "autosplit-explorer: %s\n", qPrintable(message));
    return code;
}

// Saves the window once the views show a model with its solution — evaluated, when the engine
// evaluates it — and its graph laid out (or the error), then quits; at most 60 s after the model
// is shown. The grab is of the main window only; an error box is a window of its own.
void screenshotWhenShown(autosplit::MainWindow& window, const QString& file) {
    auto save = [&window, file](int exitCode) {
        // Let layout and the first paint settle before grabbing.
        QTimer::singleShot(300, &window, [&window, file, exitCode] {
            // written whole or not at all, as every export: a killed run leaves the old picture
            QSaveFile out(file);
            const QByteArray format = QFileInfo(file).suffix().toLower().toLatin1();
            if (!out.open(QIODevice::WriteOnly) ||
                !window.grab().save(&out, format.isEmpty() ? "PNG" : format.constData()) ||
                !out.commit()) {
                fail(Main::tr("cannot write screenshot '%1'").arg(file), 1);
                QCoreApplication::exit(1);
                return;
            }
            QCoreApplication::exit(exitCode);
        });
    };
    auto* solver = window.engine()->solveEngine();
    auto once = std::make_shared<bool>(false);
    auto saveOnce = [save, once](int code) {
        if (*once)
            return;
        *once = true;
        save(code);
    };
    // Settled: the newest solution is final (evaluated, or not to be evaluated) and the graph is
    // laid out.
    auto evaluated = std::make_shared<bool>(false);
    auto trySave = [&window, solver, evaluated, saveOnce] {
        const autosplit::SolutionSetPtr set = solver->solution();
        if (!window.currentModel() || !set || window.graphView()->isLayoutPending())
            return;
        if (*evaluated || !solver->willEvaluate(*set))
            saveOnce(0);
    };
    QObject::connect(&window, &autosplit::MainWindow::modelShown, &window, [&window, saveOnce] {
        QTimer::singleShot(60000, &window, [saveOnce] { saveOnce(0); });
    });
    QObject::connect(solver, &autosplit::SolveEngine::solutionReady, &window, [evaluated, trySave] {
        *evaluated = false;
        trySave();
    });
    QObject::connect(solver, &autosplit::SolveEngine::evaluationFinished, &window,
                     [evaluated, trySave] {
                         *evaluated = true;
                         trySave();
                     });
    QObject::connect(window.graphView(), &autosplit::GraphView::layoutReady, &window, trySave);
    QObject::connect(window.graphView(), &autosplit::GraphView::layoutFailed, &window,
                     [saveOnce] { saveOnce(0); });
    QObject::connect(solver, &autosplit::SolveEngine::solveFailed, &window,
                     [saveOnce] { saveOnce(0); });
    QObject::connect(solver, &autosplit::SolveEngine::calibrationFailed, &window,
                     [saveOnce] { saveOnce(0); });
    QObject::connect(&window, &autosplit::MainWindow::loadErrorShown, &window,
                     [save](const QString& message) {
                         fail(message, 1);
                         save(1);
                     });
}

// The explorer's options, named and described as in its help.
struct CommandLine {
    CommandLine();

    QCommandLineParser parser;
    QStringList sampleIds;
    QCommandLineOption help;
    QCommandLineOption version;
    QCommandLineOption inputShape;
    QCommandLineOption screenshot;
    QCommandLineOption samples;
    QCommandLineOption preprocess;
    QCommandLineOption sample;
    QCommandLineOption metric;
    QCommandLineOption dictionary;
    QCommandLineOption equalize;
    QCommandLineOption language;
};

QStringList embeddedSampleIds() {
    QStringList ids;
    for (const auto& s : autosplit::resources::embeddedSamples())
        ids << s.id;
    return ids;
}

CommandLine::CommandLine()
    : sampleIds(embeddedSampleIds()), help(parser.addHelpOption()),
      // Not addVersionOption(): the version also says which CPU path the kernels run on.
      version({QStringLiteral("v"), QStringLiteral("version")},
              Main::tr("Displays the version and the CPU path the executor's kernels run on.")),
      inputShape(QStringLiteral("input-shape"),
                 Main::tr("Fix the shape of a graph input with dynamic dimensions, e.g. "
                          "x=1x3x224x224. Repeat for several inputs."),
                 Main::tr("NAME=DIMS")),
      screenshot(QStringLiteral("screenshot"),
                 Main::tr("Open the model, save a PNG of the main window to FILE and quit "
                          "(default settings, 1280x800)."),
                 Main::tr("FILE")),
      samples(QStringLiteral("samples"),
              Main::tr("Calibrate MODEL and measure its accuracy drops on these samples: a folder "
                       "of images, .npy or .pb tensors, one such file or a labels CSV (default: "
                       "the ones chosen for MODEL before; the sample model has its own)."),
              Main::tr("PATH")),
      preprocess(QStringLiteral("preprocess"),
                 Main::tr("How images become input tensors, e.g. "
                          "resize=224x224,scale=1/255,mean=0.485,0.456,0.406,std=0.229,0.224,0.225 "
                          "(default: resize to the model input, scale=1/255)."),
                 Main::tr("SPEC")),
      sample(QStringLiteral("sample"),
             Main::tr("Open this embedded sample model instead of a file: %1 (default: %2).")
                 .arg(sampleIds.join(QStringLiteral(", ")), sampleIds.value(0)),
             Main::tr("ID")),
      metric(QStringLiteral("metric"),
             Main::tr("What the accuracy drop of MODEL's candidates is measured in: "
                      "classification (default), text-recognition (needs --dictionary and a "
                      "labels.csv of texts), text-detection (needs a boxes.csv) or sqnr."),
             Main::tr("NAME")),
      dictionary(QStringLiteral("dictionary"),
                 Main::tr("A text recogniser's dictionary file, one character per line."),
                 Main::tr("FILE")),
      equalize(QStringLiteral("equalize"),
               Main::tr("Equalize channel ranges before calibrating MODEL (the sample models "
                        "always are).")),
      language(QStringLiteral("lang"),
               Main::tr("The language of the window and messages: %1 (default: the system's).")
                   .arg(autosplit::availableLanguages().join(QStringLiteral(", "))),
               Main::tr("LANG")) {
    parser.setApplicationDescription(
        Main::tr("Design explorer for collaborative edge-cloud DNN inference: shows where an ONNX "
                 "model can be split between edge and cloud and what each cut costs."));
    parser.addOption(version);
    parser.addPositionalArgument(
        QStringLiteral("model"),
        Main::tr("ONNX model to open (default: the embedded sample model)."), Main::tr("[MODEL]"));
    parser.addOptions({inputShape, sample, samples, preprocess, metric, dictionary, equalize,
                       screenshot, language});
}

// --help and --version, answered without a window (and so without a display); nullopt when
// neither was asked for. A refused AUTOSPLIT_CPU is an error here as everywhere: never a silent
// fallback.
std::optional<int> answerWithoutWindow(const CommandLine& line) {
    // --help-all too: without a window there are no Qt GUI options to add
    if (line.parser.isSet(line.help) || line.parser.isSet(QStringLiteral("help-all"))) {
        // Qt names the program by the path it was started with and leaves the description one
        // long line: the usage names the program as the user types it, the description is
        // wrapped as Qt wraps the options
        // Qt's own words ("Usage: %1", "Options:") in its translation, as its help has them.
        const auto qtWord = [](const char* text) {
            return QCoreApplication::translate("QCommandLineParser", text);
        };
        QString text = qtWord("Usage: %1").arg(QStringLiteral("autosplit-explorer")) +
                       QLatin1Char(' ') + qtWord("[options]") + QLatin1Char(' ') +
                       Main::tr("[MODEL]") + QLatin1Char('\n');
        QString current;
        for (const QString& word : line.parser.applicationDescription().split(QLatin1Char(' '))) {
            if (!current.isEmpty() && current.size() + 1 + word.size() > 79) {
                text += current + QLatin1Char('\n');
                current.clear();
            }
            current += (current.isEmpty() ? QString() : QStringLiteral(" ")) + word;
        }
        text += current + QLatin1Char('\n');
        const QString qt = line.parser.helpText();
        text += qt.mid(qt.indexOf(QLatin1Char('\n') + qtWord("Options:")));
        std::fputs(text.toLocal8Bit().constData(), stdout);
        return 0;
    }
    const autosplit::CpuPathChoice& cpu = autosplit::cpuPathChoice();
    if (!cpu.problem.empty())
        return fail(QString::fromStdString(cpu.problem));
    if (line.parser.isSet(line.version)) {
        std::printf("autosplit-explorer %s\nCPU path: %s\n", AUTOSPLIT_VERSION,
                    autosplit::cpuPathSummary().c_str());
        return 0;
    }
    return std::nullopt;
}

// Whether argv asks for the help or the version, which need no display: those are answered
// before QApplication, which aborts where there is none.
bool asksHelpOrVersion(int argc, char* argv[]) {
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "-h" || arg == "--help" || arg == "-?" || arg == "--help-all" || arg == "-v" ||
            arg == "--version")
            return true;
    }
    return false;
}

// The value of --lang (also --lang=LANG), read before QApplication because the catalogues must
// be installed before any text is made; empty when not given. The parser checks the rest.
QString languageArgument(int argc, char* argv[]) {
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--")
            break;
        if (arg == "--lang" && i + 1 < argc)
            return QString::fromLocal8Bit(argv[i + 1]);
        if (arg.startsWith("--lang="))
            return QString::fromLocal8Bit(arg.mid(7));
    }
    return {};
}

void setIdentity() {
    QCoreApplication::setOrganizationName(QStringLiteral("autosplit"));
    QCoreApplication::setApplicationName(QStringLiteral("autosplit-explorer"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AUTOSPLIT_VERSION));
}

} // namespace

int main(int argc, char* argv[]) {
    // --lang forces a language; else the system's (its first UI language with a catalogue).
    QLocale locale;
    if (const QString language = languageArgument(argc, argv); !language.isEmpty()) {
        const auto forced = autosplit::localeForLanguage(language);
        if (!forced)
            return fail(
                Main::tr("--lang '%1': expected one of %2")
                    .arg(language, autosplit::availableLanguages().join(QStringLiteral(", "))));
        locale = *forced;
        // Numbers and sizes follow the language too.
        QLocale::setDefault(locale);
    }
    if (asksHelpOrVersion(argc, argv)) {
        QCoreApplication core(argc, argv);
        setIdentity();
        autosplit::installTranslations(core, locale);
        CommandLine line;
        // A parse error, or "--help" as the value of another option, is the window's to report.
        if (line.parser.parse(QCoreApplication::arguments()))
            if (const auto answered = answerWithoutWindow(line))
                return *answered;
    }
    QApplication app(argc, argv);
    setIdentity();
    QApplication::setDesktopFileName(QStringLiteral("io.github.autosplit.Explorer"));
    QApplication::setWindowIcon(QIcon(autosplit::resources::applicationIconPath()));
    autosplit::installTranslations(app, locale);
    QApplication::setApplicationDisplayName(Main::tr("Auto-Split Explorer"));

    CommandLine line;
    QCommandLineParser& parser = line.parser;
    const QStringList& sampleIds = line.sampleIds;
    const QCommandLineOption& inputShape = line.inputShape;
    const QCommandLineOption& screenshot = line.screenshot;
    const QCommandLineOption& samples = line.samples;
    const QCommandLineOption& preprocess = line.preprocess;
    const QCommandLineOption& sample = line.sample;
    const QCommandLineOption& metric = line.metric;
    const QCommandLineOption& dictionary = line.dictionary;
    const QCommandLineOption& equalize = line.equalize;
    parser.process(app);
    if (const auto answered = answerWithoutWindow(line))
        return *answered;

    std::vector<autosplit::InputShapeOverride> shapes;
    for (const QString& spec : parser.values(inputShape)) {
        auto parsed = autosplit::parseInputShapeOverride(spec.toStdString());
        if (!parsed)
            return fail(QString::fromStdString(parsed.error().message)); // names the flag itself
        shapes.push_back(std::move(*parsed));
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1)
        return fail(
            Main::tr("expected at most one model, got %1 (see --help)").arg(positional.size()));
    QString model;
    if (!positional.isEmpty()) {
        model = positional.first();
        const QFileInfo info(model);
        if (!info.exists())
            return fail(Main::tr("cannot open model '%1': no such file").arg(model));
        if (info.isDir())
            return fail(
                Main::tr("cannot open model '%1': it is a folder, not an ONNX file").arg(model));
        if (!info.isReadable())
            return fail(Main::tr("cannot open model '%1': permission denied").arg(model));
    }

    if (parser.isSet(sample)) {
        if (!model.isEmpty())
            return fail(Main::tr("give either MODEL or --sample, not both"));
        if (!sampleIds.contains(parser.value(sample)))
            return fail(Main::tr("--sample '%1': expected one of %2")
                            .arg(parser.value(sample), sampleIds.join(QStringLiteral(", "))));
    }
    autosplit::SampleSource sampleSource;
    const bool sampleOptions = parser.isSet(samples) || parser.isSet(preprocess) ||
                               parser.isSet(metric) || parser.isSet(dictionary) ||
                               parser.isSet(equalize);
    if (sampleOptions) {
        if (model.isEmpty())
            return fail(Main::tr("--samples, --preprocess, --metric, --dictionary and --equalize "
                                 "need a MODEL (the sample models have their own samples)"));
        if (!parser.isSet(samples))
            return fail(Main::tr("--preprocess, --metric, --dictionary and --equalize need "
                                 "--samples"));
        sampleSource.path = QFileInfo(parser.value(samples)).absoluteFilePath();
        sampleSource.preprocessSpec = parser.value(preprocess).trimmed();
        if (parser.isSet(metric)) {
            const auto kind = autosplit::parseMetric(parser.value(metric).toStdString());
            if (!kind)
                return fail(Main::tr("--metric '%1': expected classification, text-recognition, "
                                     "text-detection or sqnr")
                                .arg(parser.value(metric)));
            sampleSource.metric = *kind;
        }
        if (parser.isSet(dictionary))
            sampleSource.dictionary = QFileInfo(parser.value(dictionary)).absoluteFilePath();
        sampleSource.equalize = parser.isSet(equalize);
        const QString problem = autosplit::SampleDataDialog::problemWith(sampleSource);
        if (!problem.isEmpty())
            return fail(problem);
    }

    // A screenshot starts from default settings and leaves the user's settings alone.
    std::unique_ptr<QTemporaryDir> scratchSettings;
    if (parser.isSet(screenshot)) {
        scratchSettings = std::make_unique<QTemporaryDir>();
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, scratchSettings->path());
    }

    autosplit::MainWindow window;
    if (parser.isSet(screenshot)) {
        window.resize(1280, 800);
        screenshotWhenShown(window, parser.value(screenshot));
    }
    window.show();
    if (model.isEmpty())
        window.openSample(parser.value(sample), shapes);
    else
        window.openFile(model, shapes, sampleSource);
    return app.exec();
}
