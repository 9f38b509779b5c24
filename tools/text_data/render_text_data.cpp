// autosplit-render-text-data: rendered text images whose truth is known, to judge text
// recognition and detection models (PaddleOCR's PP-OCRv4) against truth rather than against
// the float model. The same seed and count give the same bytes: fonts are read by path, all
// randomness is our own generator, all pixel effects are integer code.

#include "tools/text_data/command_line.h"
#include "tools/text_data/csv_field.h"
#include "tools/text_data/dictionary.h"
#include "tools/text_data/font_shelf.h"
#include "tools/text_data/line_renderer.h"
#include "tools/text_data/scene_renderer.h"
#include "tools/text_data/staged_folder.h"
#include "tools/text_data/text_corpus.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QTextStream>

#include <cmath>
#include <memory>

namespace {

using namespace autosplit::textdata;

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// An error and the exit code it ends the program with.
struct Failure {
    QString message;
    int exitCode = kExitFailure;
};

int report(const Failure& failure) {
    QTextStream(stderr) << "autosplit-render-text-data: " << failure.message << '\n';
    return failure.exitCode;
}

// "line007.png": at least three digits, more when the count needs them.
QString fileName(const QString& stem, int index, int count, const QString& extension) {
    const int width = std::max(3, static_cast<int>(QString::number(count - 1).size()));
    return stem + QString::number(index).rightJustified(width, QLatin1Char('0')) + extension;
}

// A coordinate with at most two decimals and no trailing zeros: "12.5", "40".
QString coordinate(double v) {
    QString s = QString::number(v, 'f', 2);
    while (s.endsWith(QLatin1Char('0')))
        s.chop(1);
    if (s.endsWith(QLatin1Char('.')))
        s.chop(1);
    return s == QLatin1String("-0") ? QStringLiteral("0") : s;
}

std::optional<Failure> writeText(const QString& path, const QString& text) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text.toUtf8()) < 0 ||
        !file.flush())
        return Failure{QStringLiteral("cannot write %1: %2").arg(path, file.errorString())};
    return std::nullopt;
}

std::optional<Failure> checkText(const Dictionary* dictionary, const QString& text,
                                 const QString& file) {
    if (!dictionary)
        return std::nullopt;
    if (auto missing = dictionary->missingIn(text))
        return Failure{file + QStringLiteral(": ") + *missing};
    return std::nullopt;
}

std::optional<Failure> renderLines(const Options& options, const FontShelf& fonts,
                                   const Dictionary* dictionary, const QString& folder) {
    QString csv = QStringLiteral("file,text\n");
    for (int i = 0; i < options.count; ++i) {
        const LineSample line = renderLine(fonts, options.seed, i);
        const QString name =
            fileName(QStringLiteral("line"), i, options.count, QStringLiteral(".png"));
        if (auto failure = checkText(dictionary, line.text, name))
            return failure;
        if (!line.image.save(folder + QLatin1Char('/') + name, "PNG"))
            return Failure{QStringLiteral("cannot write %1 in %2").arg(name, folder)};
        csv += name + QLatin1Char(',') + csvField(line.text) + QLatin1Char('\n');
    }
    return writeText(folder + QStringLiteral("/labels.csv"), csv);
}

std::optional<Failure> renderScenes(const Options& options, const FontShelf& fonts,
                                    const Dictionary* dictionary, const QString& folder) {
    if (!options.debugBoxes.isEmpty() && !QDir().mkpath(options.debugBoxes))
        return Failure{QStringLiteral("cannot make the folder %1").arg(options.debugBoxes)};
    QString csv = QStringLiteral("file,x1,y1,x2,y2,x3,y3,x4,y4,text\n");
    for (int i = 0; i < options.count; ++i) {
        const SceneSample scene = renderScene(fonts, options.seed, i);
        const QString name =
            fileName(QStringLiteral("scene"), i, options.count, QStringLiteral(".jpg"));
        for (const SceneLine& line : scene.lines) {
            if (auto failure = checkText(dictionary, line.text, name))
                return failure;
            csv += name;
            for (const QPointF& corner : line.quad)
                csv += QLatin1Char(',') + coordinate(corner.x()) + QLatin1Char(',') +
                       coordinate(corner.y());
            csv += QLatin1Char(',') + csvField(line.text) + QLatin1Char('\n');
        }
        if (!scene.image.save(folder + QLatin1Char('/') + name, "JPG", 92))
            return Failure{QStringLiteral("cannot write %1 in %2 (is Qt's JPEG plugin installed?)")
                               .arg(name, folder)};
        if (!options.debugBoxes.isEmpty()) {
            const QString overlay =
                options.debugBoxes + QLatin1Char('/') +
                fileName(QStringLiteral("scene"), i, options.count, QStringLiteral("-boxes.png"));
            if (!drawTruth(scene).save(overlay, "PNG"))
                return Failure{QStringLiteral("cannot write %1").arg(overlay)};
        }
    }
    return writeText(folder + QStringLiteral("/boxes.csv"), csv);
}

// What can be checked before the platform starts: the output folder and the dictionary.
std::optional<Failure> checkInputs(const Options& options,
                                   std::unique_ptr<Dictionary>& dictionary) {
    const QFileInfo out(options.out);
    if (out.exists() && !options.replace)
        return Failure{QStringLiteral("%1 exists (give --replace to replace it)").arg(options.out),
                       kExitUsage};
    if (out.exists() && !out.isDir())
        return Failure{QStringLiteral("%1 exists and is not a folder").arg(options.out),
                       kExitUsage};
    if (!QFileInfo(out.absolutePath()).isDir())
        return Failure{QStringLiteral("the folder %1 (where --out %2 would go) does not exist")
                           .arg(out.absolutePath(), options.out),
                       kExitUsage};
    if (options.dictionary.isEmpty())
        return std::nullopt;
    dictionary = std::make_unique<Dictionary>();
    if (auto error = Dictionary::load(options.dictionary, *dictionary))
        return Failure{*error, kExitUsage};
    // Every piece the strings are built from, so that a gap shows whatever the seed.
    for (const QString& piece : corpusPieces())
        if (auto missing = dictionary->missingIn(piece))
            return Failure{QStringLiteral("a built-in string piece: ") + *missing};
    return std::nullopt;
}

std::optional<Failure> render(const Options& options, const Dictionary* dictionary) {
    FontShelf fonts;
    if (auto error = FontShelf::load(fonts))
        return Failure{*error};

    std::unique_ptr<StagedFolder> staged;
    if (auto error = StagedFolder::create(options.out, staged))
        return Failure{*error};
    const auto failure = options.kind == DataKind::Lines
                             ? renderLines(options, fonts, dictionary, staged->path())
                             : renderScenes(options, fonts, dictionary, staged->path());
    if (failure)
        return failure;
    if (auto error = staged->commit(options.replace))
        return Failure{*error};
    QTextStream(stdout) << "autosplit-render-text-data: wrote " << options.count
                        << (options.kind == DataKind::Lines ? " lines" : " scenes") << " to "
                        << options.out << '\n';
    return std::nullopt;
}

} // namespace

int main(int argc, char* argv[]) {
    // No display is needed, and none should be used: offscreen unless told otherwise.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    // The command line, the output folder and the dictionary are checked before the platform
    // starts, so that a usage error is the only line printed (the platform may add its notes).
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    Options options;
    if (auto error = parseCommandLine(arguments, options))
        return report(Failure{*error, kExitUsage});
    if (options.help) {
        QTextStream(stdout) << usage();
        return 0;
    }
    std::unique_ptr<Dictionary> dictionary;
    if (auto failure = checkInputs(options, dictionary))
        return report(*failure);

    QGuiApplication app(argc, argv);
    if (auto failure = render(options, dictionary.get()))
        return report(*failure);
    return 0;
}
