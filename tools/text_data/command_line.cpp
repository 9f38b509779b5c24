#include "tools/text_data/command_line.h"

#include <QDir>
#include <QFileInfo>

namespace autosplit::textdata {

namespace {

constexpr int kDefaultLines = 64;
constexpr int kDefaultScenes = 32;

bool isInside(const QString& path, const QString& folder) {
    const QString p = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    const QString f = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    return p == f || p.startsWith(f + QLatin1Char('/'));
}

// Only 0-9: no sign, no spaces, no hex, which Qt's conversions would take.
bool isDigits(const QString& s) {
    for (QChar c : s)
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    return !s.isEmpty();
}

} // namespace

QString usage() {
    return QStringLiteral(
        "Usage: autosplit-render-text-data lines|scenes --out DIR [options]\n"
        "Renders text images whose truth is known, the same bytes for the same seed and count.\n"
        "\n"
        "  lines              48 px high text-line images (PNG) and labels.csv (file,text)\n"
        "  scenes             320x320 scenes (JPEG) and boxes.csv (one quadrilateral per line)\n"
        "  --out DIR          the folder to write (made at once; must not exist)\n"
        "  --replace          replace DIR if it exists\n"
        "  --count N          how many images (default 64 lines, 32 scenes; 1..100000)\n"
        "  --seed S           the seed, an unsigned 64-bit integer (default 1)\n"
        "  --dictionary FILE  refuse any string with a character not in FILE (one character\n"
        "                     a line, e.g. PaddleOCR's ppocr_keys_v1.txt; the space is allowed)\n"
        "  --debug-boxes DIR  scenes: also write each scene with its boxes drawn, as PNG, into\n"
        "                     DIR (outside the data folder)\n"
        "  -h, --help         this help\n");
}

std::optional<QString> parseCommandLine(const QStringList& arguments, Options& options) {
    options = Options{};
    bool haveKind = false;
    bool haveCount = false;
    QStringList seen;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        QString arg = arguments[i];
        if (arg == QLatin1String("-h") || arg == QLatin1String("--help")) {
            options.help = true;
            return std::nullopt;
        }
        if (!arg.startsWith(QLatin1Char('-'))) {
            if (haveKind)
                return QStringLiteral("unexpected argument '%1' (the kind is already %2)")
                    .arg(arg, options.kind == DataKind::Lines ? QStringLiteral("lines")
                                                              : QStringLiteral("scenes"));
            if (arg == QLatin1String("lines"))
                options.kind = DataKind::Lines;
            else if (arg == QLatin1String("scenes"))
                options.kind = DataKind::Scenes;
            else
                return QStringLiteral("unknown kind '%1'; expected lines or scenes").arg(arg);
            haveKind = true;
            continue;
        }
        QString value;
        bool inlineValue = false;
        if (const qsizetype eq = arg.indexOf(QLatin1Char('=')); eq > 0) {
            value = arg.mid(eq + 1);
            arg = arg.left(eq);
            inlineValue = true;
        }
        static const QStringList withValue = {
            QStringLiteral("--out"), QStringLiteral("--count"), QStringLiteral("--seed"),
            QStringLiteral("--dictionary"), QStringLiteral("--debug-boxes")};
        if (arg == QLatin1String("--replace")) {
            if (inlineValue)
                return QStringLiteral("--replace takes no value");
        } else if (!withValue.contains(arg)) {
            return QStringLiteral("unknown option '%1'; see --help").arg(arg);
        }
        if (seen.contains(arg))
            return QStringLiteral("%1 is given twice").arg(arg);
        seen << arg;
        if (arg == QLatin1String("--replace")) {
            options.replace = true;
            continue;
        }
        if (!inlineValue) {
            if (i + 1 >= arguments.size())
                return QStringLiteral("%1 needs a value").arg(arg);
            value = arguments[++i];
        }
        if (value.isEmpty())
            return QStringLiteral("%1 needs a value, not an empty one").arg(arg);
        if (arg == QLatin1String("--out")) {
            options.out = value;
        } else if (arg == QLatin1String("--dictionary")) {
            options.dictionary = value;
        } else if (arg == QLatin1String("--debug-boxes")) {
            options.debugBoxes = value;
        } else if (arg == QLatin1String("--count")) {
            bool ok = false;
            const int n = value.toInt(&ok);
            if (!ok || !isDigits(value) || n < 1 || n > kMaxCount)
                return QStringLiteral("--count '%1' is not a whole number in 1..%2")
                    .arg(value)
                    .arg(kMaxCount);
            options.count = n;
            haveCount = true;
        } else {
            bool ok = false;
            const qulonglong s = value.toULongLong(&ok, 10);
            if (!ok || !isDigits(value))
                return QStringLiteral("--seed '%1' is not an unsigned 64-bit decimal integer")
                    .arg(value);
            options.seed = s;
        }
    }
    if (!haveKind)
        return QStringLiteral("missing the kind, lines or scenes; see --help");
    if (options.out.isEmpty())
        return QStringLiteral("missing --out DIR");
    if (!haveCount)
        options.count = options.kind == DataKind::Lines ? kDefaultLines : kDefaultScenes;
    if (!options.debugBoxes.isEmpty()) {
        if (options.kind != DataKind::Scenes)
            return QStringLiteral("--debug-boxes is for scenes only");
        if (isInside(options.debugBoxes, options.out))
            return QStringLiteral("--debug-boxes %1 is inside the data folder %2; put it outside")
                .arg(options.debugBoxes, options.out);
    }
    return std::nullopt;
}

} // namespace autosplit::textdata
