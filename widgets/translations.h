#pragma once

#include <QLocale>
#include <QStringList>

#include <optional>

class QCoreApplication;

namespace autosplit {

// Installs Qt's own catalogue and ours (embedded at :/i18n/autosplit_<lang>.qm) for the first
// of the locale's UI languages that has one. Returns the catalogues loaded, for diagnostics.
QStringList installTranslations(QCoreApplication& app, const QLocale& locale = QLocale());

// The languages the program speaks: "en" (its source language) and one per embedded catalogue
// ("de", "zh_CN"), read from the resources so a new catalogue needs no code.
QStringList availableLanguages();

// The locale for a language the user names ("de", "zh_CN", "zh-CN", "en"); none when it is not
// one of availableLanguages().
std::optional<QLocale> localeForLanguage(const QString& language);

} // namespace autosplit
