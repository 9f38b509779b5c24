#include "tools/text_data/font_shelf.h"

#include <QFile>
#include <QGuiApplication>

namespace autosplit::textdata {

namespace {

std::vector<FontFace> catalogue() {
    const QString dejavu = QStringLiteral("/usr/share/fonts/truetype/dejavu/");
    const QString core = QStringLiteral("fonts-dejavu-core");
    // The condensed face is not in fonts-dejavu-core, whatever its name suggests.
    const QString extra = QStringLiteral("fonts-dejavu-extra");
    return {
        {QStringLiteral("DejaVu Sans"), dejavu + QStringLiteral("DejaVuSans.ttf"), core},
        {QStringLiteral("DejaVu Sans Bold"), dejavu + QStringLiteral("DejaVuSans-Bold.ttf"), core},
        {QStringLiteral("DejaVu Serif"), dejavu + QStringLiteral("DejaVuSerif.ttf"), core},
        {QStringLiteral("DejaVu Sans Mono"), dejavu + QStringLiteral("DejaVuSansMono.ttf"), core},
        {QStringLiteral("DejaVu Sans Condensed"),
         dejavu + QStringLiteral("DejaVuSansCondensed.ttf"), extra},
        // A collection: QRawFont reads its first face, WenQuanYi Micro Hei (not the Mono one).
        {QStringLiteral("WenQuanYi Micro Hei"),
         QStringLiteral("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
         QStringLiteral("fonts-wqy-microhei")},
    };
}

} // namespace

std::optional<QString> FontShelf::load(FontShelf& shelf) {
    shelf = FontShelf{};
    for (const FontFace& face : catalogue()) {
        QFile file(face.path);
        if (!file.exists())
            return QStringLiteral("font file %1 (%2) is missing; install the Debian package %3")
                .arg(face.path, face.name, face.package);
        if (!file.open(QIODevice::ReadOnly))
            return QStringLiteral("cannot read font file %1: %2")
                .arg(face.path, file.errorString());
        QByteArray data = file.readAll();
        QRawFont probe(data, 20, QFont::PreferNoHinting);
        if (!probe.isValid())
            return QStringLiteral("Qt cannot read the font file %1 (%2) on the platform '%3': "
                                  "run with QT_QPA_PLATFORM=offscreen, or reinstall %4 if the "
                                  "file is damaged")
                .arg(face.path, face.name, QGuiApplication::platformName(), face.package);
        shelf.m_faces.push_back(face);
        shelf.m_data.push_back(std::move(data));
        shelf.m_probes.push_back(probe);
    }
    return std::nullopt;
}

QRawFont FontShelf::at(int index, int pixelSize) const {
    return QRawFont(m_data[static_cast<size_t>(index)], pixelSize, QFont::PreferNoHinting);
}

std::vector<int> FontShelf::facesFor(const QString& text) const {
    std::vector<int> faces;
    const QList<uint> codePoints = text.toUcs4();
    for (int i = 0; i < count(); ++i) {
        bool all = true;
        for (uint c : codePoints)
            all = all && m_probes[static_cast<size_t>(i)].supportsCharacter(c);
        if (all)
            faces.push_back(i);
    }
    return faces;
}

} // namespace autosplit::textdata
