#pragma once

// Names of what resources/CMakeLists.txt compiles into the programs.

#include <QString>

namespace autosplit::resources {

// Qt resource path of the embedded sample model (PaddleOCR's text-direction classifier).
QString sampleModelPath();
// The sample's file name, shown to the user.
QString sampleModelName();
// The sample's input is ?x3x?x?; PaddleOCR feeds it 3x48x192 crops (cls_image_shape), so that is
// the shape the explorer analyses it at unless the user gives another.
QString sampleModelInputShape();
// Licence and provenance of the sample (Markdown).
QString sampleModelLicensePath();
// Application icon (SVG).
QString applicationIconPath();

} // namespace autosplit::resources
