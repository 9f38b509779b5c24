#pragma once

// A text detector's truth file, ICDAR 2015 style as autosplit-render-text-data writes it: rows
// "file,x1,y1,x2,y2,x3,y3,x4,y4,text", one per text line, the four corners clockwise from the
// text's top-left in the image's continuous pixel coordinates (core/metrics/quad.h). A first row
// whose second field is "x1" is a header; blank rows and rows starting with # are skipped. A
// field may be quoted ("" for a quote inside); the text is the rest of the row or one quoted
// field, and may be left out. Every row needs 8 finite numbers making a simple quadrilateral.

#include "core/metrics/quad.h"

#include "core/util/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace autosplit {

struct TextBoxRow {
    std::string file; // as written, relative to the sample folder
    Quad box;
    std::string text;
    int line = 0; // in the file, from 1, for messages
};

// The rows in file order; an error names `label` (e.g. "boxes 'scenes/boxes.csv'"), the line and
// the field.
Result<std::vector<TextBoxRow>> parseTextBoxesCsv(std::string_view text, const std::string& label);

} // namespace autosplit
