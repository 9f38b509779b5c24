#pragma once

#include <QLocale>
#include <QStringList>

class QCoreApplication;

namespace autosplit {

// Installs Qt's own catalogue and ours (embedded at :/i18n/autosplit_<lang>.qm) for the first
// of the locale's UI languages that has one. Returns the catalogues loaded, for diagnostics.
QStringList installTranslations(QCoreApplication& app, const QLocale& locale = QLocale());

} // namespace autosplit
