#pragma once

// Names of what resources/CMakeLists.txt compiles into the programs.

#include <QString>

#include <map>
#include <string>

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
// Qt resource folder of the sample data: class folders "0" (upright) and "180" (rotated).
QString sampleDataPath();
// The sample data's files by path relative to sampleDataPath() ("0/line01.png" -> bytes), for
// SampleSet::fromFiles (core reads no Qt resources).
std::map<std::string, std::string> sampleDataFiles();
// The preprocessing spec (core/data/preprocess_spec.h) that turns the sample data into the
// sample model's input, as PaddleOCR does.
QString sampleDataPreprocessSpec();
// Application icon (SVG).
QString applicationIconPath();

} // namespace autosplit::resources
