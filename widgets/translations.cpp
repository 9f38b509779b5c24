#include "widgets/translations.h"

#include <QCoreApplication>
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

} // namespace autosplit
