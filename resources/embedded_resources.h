#pragma once

// What resources/CMakeLists.txt compiles into the programs: the embedded sample models, each with
// the sample data it is judged on, and the application icon.

#include <QString>

#include <map>
#include <string>
#include <vector>

namespace autosplit::resources {

// One embedded sample: a pretrained model, its sample data with known truth, and how the data
// becomes the model's input and what accuracy means for it (models/LICENSE-models.md,
// sample-data/README.md).
struct EmbeddedSample {
    QString id;             // stable key ("text-detector"), for settings and the command line
    QString fileName;       // the model's file name, shown to the user
    QString modelPath;      // Qt resource path of the model
    QString inputShape;     // the input shape the explorer analyses it at (an --input-shape)
    QString dataPath;       // Qt resource folder of its sample data
    QString preprocessSpec; // how the data becomes the model's input, as PaddleOCR feeds it
    QString metric;         // the task metric's name (core/metrics/task_metric.h)
    QString dictionaryPath; // Qt resource path of a recogniser's dictionary, else empty
    // How its activation ranges are chosen (a rangeMethodName: "minmax", "percentile" for the
    // 99.99 % percentile), after channel equalization; the README's tables show why.
    QString activationRange = QStringLiteral("minmax");
    // The limits a first start opens it with, chosen so that the selection is a real split that
    // the memory and uplink sliders move to Edge-Only and Cloud-Only (README, "The demo"); 0 and
    // empty: the explorer's own defaults.
    qint64 demoMemoryBytes = 0;
    std::vector<int> demoBits;
    // How its weights meet their grid (a weightRoundingName); "adaptive" for the recogniser,
    // whose depthwise edge detectors lose their output to nearest rounding (README).
    QString weightRounding = QStringLiteral("nearest");
};

// The embedded samples, the one opened on first start (defaultSample()) first.
const std::vector<EmbeddedSample>& embeddedSamples();
// The sample with this id, or null.
const EmbeddedSample* embeddedSample(const QString& id);
// PP-OCRv4's text detector: the sample a first start opens.
const EmbeddedSample& defaultSample();

// A sample's data files by path relative to its dataPath ("0/line01.png" -> bytes), labels and
// boxes CSVs included, for SampleSet::fromFiles (core reads no Qt resources).
std::map<std::string, std::string> sampleDataFiles(const EmbeddedSample& sample);

// Licence and provenance of the sample models (Markdown).
QString sampleModelLicensePath();
// Application icon (SVG).
QString applicationIconPath();

} // namespace autosplit::resources
