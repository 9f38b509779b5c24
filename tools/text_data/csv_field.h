#pragma once

// One CSV field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break,
// with each quote doubled.

#include <QString>

namespace autosplit::textdata {

inline QString csvField(const QString& value) {
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char('"')) &&
        !value.contains(QLatin1Char('\n')) && !value.contains(QLatin1Char('\r')))
        return value;
    QString quoted = value;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

} // namespace autosplit::textdata
