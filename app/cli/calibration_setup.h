#pragma once

// What `calibrate`, `evaluate`, `solve` and `sweep` share: the options naming a model and its
// sample inputs, loading and optimizing the model, reading the samples, and calibration with the
// on-disk cache.

#include "app/cli/cli_error.h"

#include "session/model_setup.h"

#include "core/metrics/task_metric.h"
#include "session/opened_model.h"

#include "core/quant/calibration.h"
#include "core/util/progress.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>
#include <QTextStream>

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace autosplit::cli {

inline QString qstr(const std::string& s) {
    return QString::fromStdString(s);
}

using session::ModelSetup;

// Options the sample-based commands share: the model, its samples and the calibration settings.
struct CommonOptions {
    QCommandLineOption help{{QStringLiteral("h"), QStringLiteral("help")},
                            QStringLiteral("This help.")};
    QCommandLineOption samples{
        QStringLiteral("samples"),
        QStringLiteral("Sample inputs: a folder of images (PNG/JPEG; class sub-folders or "
                       "labels.csv give labels), of .npy or TensorProto .pb files, one file, "
                       "or a labels CSV."),
        QStringLiteral("PATH")};
    QCommandLineOption preprocess{
        QStringLiteral("preprocess"),
        QStringLiteral("Image preprocessing, e.g. resize=224x224,order=rgb,scale=1/255,"
                       "mean=0.485,0.456,0.406,std=0.229,0.224,0.225"),
        QStringLiteral("SPEC")};
    QCommandLineOption random{
        QStringLiteral("random"),
        QStringLiteral("Use N random normal inputs instead of samples (only when asked)."),
        QStringLiteral("N")};
    QCommandLineOption inputShape{
        QStringLiteral("input-shape"),
        QStringLiteral("Fix a dynamic graph input's shape, e.g. x=1x3x224x224 (repeatable)."),
        QStringLiteral("NAME=DIMS")};
    QCommandLineOption noOptimize{QStringLiteral("no-optimize"),
                                  QStringLiteral("Use the imported graph as it is.")};
    QCommandLineOption bits{
        QStringLiteral("calibration-bits"),
        QStringLiteral("The bit-width set B to calibrate (default 2,4,6,8; each 2..8 or 16)."),
        QStringLiteral("LIST")};
    QCommandLineOption weightRange{
        QStringLiteral("weight-range"),
        QStringLiteral("Weight range choice: minmax (default), percentile, mse."),
        QStringLiteral("METHOD")};
    QCommandLineOption weightRounding{
        QStringLiteral("weight-rounding"),
        QStringLiteral("How weights meet their grid: nearest (default) or adaptive (each weight "
                       "rounded up or down so that the layer's output on the samples changes "
                       "least, as AdaRound does)."),
        QStringLiteral("METHOD")};
    QCommandLineOption activationRange{
        QStringLiteral("activation-range"),
        QStringLiteral("Activation range choice: minmax (default), percentile, mse."),
        QStringLiteral("METHOD")};
    QCommandLineOption percentile{
        QStringLiteral("percentile"),
        QStringLiteral("Share kept by the percentile range, in percent (default 99.99)."),
        QStringLiteral("P")};
    QCommandLineOption equalize{
        QStringLiteral("equalize"),
        QStringLiteral("Even out per-channel activation ranges before calibration: each layer "
                       "output read only by Conv/Gemm/MatMul weights is divided per channel and "
                       "the readers' weights multiplied (SmoothQuant-style; the float model "
                       "computes the same).")};
    QCommandLineOption equalizeAlpha{
        QStringLiteral("equalize-alpha"),
        QStringLiteral("With --equalize, also even out tensors read by dense layers, moving "
                       "range into their weights with SmoothQuant's strength A in [0, 1] (0.5 "
                       "balances both; costs the readers weight precision)."),
        QStringLiteral("A")};
    QCommandLineOption noCache{QStringLiteral("no-cache"),
                               QStringLiteral("Recalibrate even when a cached result exists.")};
    QCommandLineOption metric{
        QStringLiteral("metric"),
        QStringLiteral("What accuracy means: classification (top-1, default), "
                       "text-recognition (exact lines after CTC decoding; labels.csv then holds "
                       "each sample's text), text-detection (hmean of DB boxes matched at "
                       "IoU > 0.5; boxes.csv then holds each image's text boxes) or sqnr (any "
                       "model: the drop is the output noise energy in percent of the signal; "
                       "--max-drop then also takes a least SQNR like 30dB)."),
        QStringLiteral("NAME")};
    QCommandLineOption dictionary{
        QStringLiteral("dictionary"),
        QStringLiteral("The recogniser's dictionary for text-recognition: one symbol per line "
                       "(PaddleOCR's ppocr_keys_v1.txt)."),
        QStringLiteral("FILE")};
    QCommandLineOption countSpaces{
        QStringLiteral("count-spaces"),
        QStringLiteral("text-recognition: a line must match its spaces too (by default they are "
                       "ignored, as PaddleOCR's accuracy ignores them).")};

    void addTo(QCommandLineParser& parser) const {
        parser.addOptions({help, samples, preprocess, random, inputShape, noOptimize, bits,
                           weightRange, weightRounding, activationRange, percentile, equalize,
                           equalizeAlpha, noCache, metric, dictionary, countSpaces});
    }
};

// The task metric of --metric and --dictionary for `graph` (the dictionary must fit its first
// output's classes). Classification when --metric is not given.
Result<TaskMetric> taskMetricOf(const QCommandLineParser& parser, const CommonOptions& o,
                                const Graph& graph);

// "2,4,8" as numbers; nullopt when a part is not an integer.
std::optional<std::vector<int>> parseIntList(const QString& text);
// Prints "<command>: NN% (stage)" lines on stderr at every 10 % step.
ProgressCallback stderrProgress(QTextStream& err, const char* command);
// Imports (and unless --no-optimize, optimizes) the model, reads its samples (--samples or
// --random, one of them required) and settles the calibration settings and cache key.
// `defaultBits`: the calibration's B when --calibration-bits is not given (default {2,4,6,8}).
// `analysis`: how the opened model's splits are analysed (the solve settings').
struct PreparedModel {
    session::OpenedModelPtr model;
    ModelSetup setup;
};
Result<PreparedModel> prepare(QCommandLineParser& parser, const CommonOptions& o, QTextStream& err,
                              const char* command, const std::vector<int>* defaultBits = nullptr,
                              const AnalysisOptions& analysis = {});
// Adds `bits` to the calibrated widths B when missing, and keys the cache for the new B (a
// calibration without them would be found in the cache otherwise).
void requireCalibratedBits(PreparedModel& prepared, const std::vector<int>& bits);
// Calibration from the cache when an entry for the same inputs exists, else computed and stored;
// says on `err` which it was.
Result<CalibrationResult> calibrateCached(const ModelSetup& setup, QTextStream& err,
                                          const char* command);

} // namespace autosplit::cli
