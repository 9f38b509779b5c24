#pragma once

// The strings the data shows: Latin words and phrases, numbers, dates and prices, licence
// plates, and short Chinese signs. Every string is built from the pieces corpusPieces() lists,
// so checking those pieces against a dictionary checks every string that can come out.
// Look-alikes that even a person cannot tell apart in isolation are kept out where they would
// stand alone: plates use no I, O, Q or U, and no string is a bare 0/O or 1/l/I.

#include "tools/text_data/random.h"

#include <QString>
#include <QStringList>

namespace autosplit::textdata {

enum class TextKind { Words, Numbers, Plate, Chinese };

// Kinds in the proportions the data wants (plates more often in scenes, where they are drawn
// on plates).
TextKind pickKind(Random& random, bool scene);
QString makeText(Random& random, TextKind kind);

// Every word list, character pool and template literal the strings are made of.
QStringList corpusPieces();

} // namespace autosplit::textdata
