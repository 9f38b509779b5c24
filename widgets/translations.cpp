#include "widgets/translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QTranslator>

namespace autosplit {

QStringList installTranslations(QCoreApplication& app, const QLocale& locale) {
    QStringList loaded;
    // Qt's strings (dialog buttons, context menus) ship with Qt, when installed.
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        loaded << qt->filePath();
    } else {
        delete qt;
    }
    auto* ours = new QTranslator(&app);
    if (ours->load(locale, QStringLiteral("autosplit"), QStringLiteral("_"),
                   QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(ours);
        loaded << ours->filePath();
    } else {
        delete ours;
    }
    return loaded;
}

QStringList availableLanguages() {
    QStringList languages{QStringLiteral("en")};
    const QString prefix = QStringLiteral("autosplit_");
    for (const QString& file :
         QDir(QStringLiteral(":/i18n"))
             .entryList({prefix + QStringLiteral("*.qm")}, QDir::Files, QDir::Name))
        languages << file.mid(prefix.size()).chopped(3);
    return languages;
}

std::optional<QLocale> localeForLanguage(const QString& language) {
    QString name = language.trimmed();
    name.replace(QLatin1Char('-'), QLatin1Char('_'));
    for (const QString& known : availableLanguages())
        if (name.compare(known, Qt::CaseInsensitive) == 0)
            return QLocale(known);
    return std::nullopt;
}

} // namespace autosplit
