// The Auto-Split paper's case study (KDD 2021, §5.5 and Table 3: licence plates read by a detector
// split between an edge camera and the cloud, and a recogniser in the cloud), rebuilt on
// PaddleOCR's PP-OCRv4 detector and recogniser with rendered data whose truth is known
// (scripts/make-text-data.sh). Long file: the study is one program (sessions, every method, the
// pipeline, the tables); a benchmark, not product code, read top to bottom. One command:
//
//   case_study --data DIR [--models DIR] [--dictionary FILE] [--lines N] [--scenes N]
//              [--edges hi3516e,eyeriss] [--networks paper,3g,4g,5g,wifi,ble]
//              [--equalize off|on|both] [--evaluate-limit N] [--full] [--markdown] [--verbose]
//              [--pipeline-edge D] [--pipeline-network NET] [--pipeline-drop 1|5] [--no-pipeline]
//
// Part 1, per model: the sample-based solve session the command line opens (float model
// imported and optimized, samples, calibration from the on-disk cache, optionally channel
// equalization), solved at each edge device (cloud "tpu") and network with a drop limit of 1 %
// and 5 % in the task's own unit (points of line accuracy, points of hmean), candidates judged
// by their measured drops (session/solve_session.h, as `autosplit solve`). Every row is measured:
// accuracy = the float model's score minus the candidate's measured drop. "paper" is the paper's
// 3 Mbps uplink as its proof of concept counts it (3 x 2^20 bit/s, no round trip, no overhead);
// the other networks are the presets.
//
// Part 2, the pipeline run for real: the detector's selected split at --pipeline-edge /
// --pipeline-network / --pipeline-drop exported as a deployment bundle, autosplit-cloud serving
// it on loopback, autosplit-edge run on each scene image (the bundle's own preprocessing), the
// returned probability map DB-post-processed, each box cropped from the scene as PaddleOCR
// does (perspective crop of the ordered quad), read by the float recogniser (CTC greedy) and
// matched with the truth lines (IoU > 0.5, each truth box the first free detection, as the
// detection metric) — the share of truth lines read exactly, and with spaces removed as
// PaddleOCR's recognition metric compares. The same pipeline fully in float, in process, shows
// what the split costs; the paper's TQ row is both models' Edge-Only U8 bundles run in process.
// The system's latency is predicted per frame: the detector's candidate plus the mean number of
// truth lines per scene times the recogniser where it runs.

#include "bench/bench_text.h"
#include "session/bundle_export.h"
#include "session/model_setup.h"
#include "session/opened_model.h"
#include "session/solve_session.h"
#include "session/solve_settings.h"

#include "core/bundle/bundle_reader.h"
#include "core/bundle/bundle_writer.h"
#include "core/data/image_decoder.h"
#include "core/data/preprocess_spec.h"
#include "core/data/sample_set.h"
#include "core/deploy/bundle_runners.h"
#include "core/io/tensor_io.h"
#include "core/metrics/ctc_decoder.h"
#include "core/metrics/db_postprocess.h"
#include "core/metrics/detection_metrics.h"
#include "core/metrics/text_metrics.h"
#include "core/onnx/onnx_importer.h"
#include "core/quant/evaluation.h"
#include "core/solve/assignment_cost.h"

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace autosplit;
using Clock = std::chrono::steady_clock;

namespace {

using bench::fmt;
using bench::Table;

constexpr double kMiB = 1024.0 * 1024.0;
const Clock::time_point kStart = Clock::now();

// Progress on stderr with the time since start, so a long run can be followed.
void note(const std::string& text) {
    const double s = std::chrono::duration<double>(Clock::now() - kStart).count();
    std::cerr << fmt("[%6.1f s] ", s) << text << std::endl;
}

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    size_t at = 0;
    while (at <= text.size()) {
        const size_t comma = std::min(text.find(',', at), text.size());
        if (comma > at)
            out.push_back(text.substr(at, comma - at));
        at = comma + 1;
    }
    return out;
}

struct Options {
    std::string modelsDir;
    std::string dictionary;
    std::string dataDir;
    int lines = 64;
    int scenes = 32;
    std::vector<std::string> edges{"hi3516e", "eyeriss"};
    std::vector<std::string> networks{"paper", "3g", "4g", "5g", "wifi", "ble"};
    std::vector<bool> equalize{false, true};
    int evaluateLimit = 12; // as `autosplit solve`
    bool full = false;
    bool markdown = false;
    bool verbose = false; // the lines the recogniser misreads
    bool pipeline = true;
    std::string pipelineEdge = "hi3516e";
    std::string pipelineNetwork = "paper";
    double pipelineDrop = 1.0;
};

// One of the two models, as the command line's sample-based commands open it.
struct ModelSpec {
    std::string key;   // "rec", "det"
    std::string title; // for tables
    std::string file;  // in the models folder
    std::string inputShape;
    std::string preprocess;
    std::string samplesSub; // "lines", "scenes"
    MetricKind metric;
    std::string unit; // the drop's unit
};

const ModelSpec kRecogniser{
    "rec",
    "PP-OCRv4 recogniser",
    "ch_PP-OCRv4_rec_infer.onnx",
    "x=1x3x48x320",
    "resize=48x320,keep-aspect,pad,order=bgr,scale=1/255,mean=0.5,std=0.5",
    "lines",
    MetricKind::TextRecognition,
    "line accuracy",
};
const ModelSpec kDetector{
    "det",
    "PP-OCRv4 detector",
    "ch_PP-OCRv4_det_infer.onnx",
    "x=1x3x320x320",
    "order=bgr,scale=1/255,mean=0.485,0.456,0.406,std=0.229,0.224,0.225",
    "scenes",
    MetricKind::TextDetection,
    "hmean",
};

// A solve session with the float model's measured score (what every drop is subtracted from).
struct StudySession {
    const ModelSpec* spec = nullptr;
    bool equalized = false;
    std::unique_ptr<session::SolveSession> session;
    double floatScore = 0.0;
};

std::string label(const StudySession& s) {
    return s.spec->title + (s.equalized ? ", --equalize" : "");
}

Result<StudySession> openStudySession(const ModelSpec& spec, bool equalize, const Options& o,
                                      int sampleCount, const std::vector<int>& bits) {
    StudySession out;
    out.spec = &spec;
    out.equalized = equalize;
    const std::string modelPath = o.modelsDir + "/" + spec.file;
    session::OpenOptions open;
    auto shape = parseInputShapeOverride(spec.inputShape);
    if (!shape)
        return shape.error();
    open.inputShapes.push_back(*shape);
    open.keepRawGraph = false;
    auto model =
        session::openModel(session::ModelSource::file(QString::fromStdString(modelPath)), open);
    if (!model)
        return model.error();

    session::ModelSetup setup;
    setup.settings.bits = session::calibrationBitsFor(bits);
    setup.graph = session::sharedGraph(*model);
    auto executor = Executor::create(setup.graph);
    if (!executor)
        return executor.error();
    setup.executor.emplace(std::move(executor).value());

    SampleSetOptions sampleOptions;
    auto preprocess = parsePreprocessSpec(spec.preprocess);
    if (!preprocess)
        return preprocess.error();
    sampleOptions.preprocess = *preprocess;
    sampleOptions.textLabels = spec.metric == MetricKind::TextRecognition;
    sampleOptions.textBoxes = spec.metric == MetricKind::TextDetection;
    auto set = SampleSet::open(o.dataDir + "/" + spec.samplesSub, sampleOptions);
    if (!set)
        return set.error();
    auto inputs = session::loadSampleInputs(*set, *setup.graph);
    if (!inputs)
        return inputs.error();
    // the first N samples in the set's (sorted) order; calibration sees the same ones
    const size_t n = std::min(inputs->samples.size(), static_cast<size_t>(sampleCount));
    inputs->samples.resize(n);
    if (!inputs->texts.empty())
        inputs->texts.resize(n);
    if (!inputs->boxes.empty())
        inputs->boxes.resize(n);
    setup.samples = std::move(inputs->samples);
    setup.texts = std::move(inputs->texts);
    setup.boxes = std::move(inputs->boxes);
    if (equalize) {
        auto equalized = session::equalizeSetup(setup);
        if (!equalized)
            return equalized.error();
        note(fmt("%s: %zu tensors equalized", spec.key.c_str(), equalized->size()));
    }
    setup.cacheKey =
        session::calibrationCacheKey((*model)->fileBytes(), (*model)->optimizationLabel(),
                                     *setup.graph, open.inputShapes, setup.samples, setup.settings);
    auto calibration = session::calibrateCached(setup);
    if (!calibration)
        return calibration.error();
    note(fmt("%s%s: calibration %s", spec.key.c_str(), equalize ? " (equalized)" : "",
             calibration->fromCache ? "from the cache" : "computed"));

    TaskMetric metric;
    metric.kind = spec.metric;
    if (spec.metric == MetricKind::TextRecognition) {
        const Value& output = setup.graph->value(setup.graph->outputs().front());
        auto alphabet = loadCtcDictionary(o.dictionary, static_cast<int>(output.shape.dims.back()));
        if (!alphabet)
            return alphabet.error();
        metric.alphabet = std::make_shared<const CtcAlphabet>(std::move(alphabet).value());
    }

    auto s = std::make_unique<session::SolveSession>();
    s->setup = std::move(setup);
    s->calibration = std::move(calibration->result);
    s->analysis = (*model)->analysis;
    s->metric = metric;
    s->model = *model;
    s->modelPath = QString::fromStdString(modelPath);
    s->sampleSource = QString::fromStdString(o.dataDir + "/" + spec.samplesSub);
    s->preprocessing = QString::fromStdString(spec.preprocess);
    s->evaluate = true;
    s->evaluateLimit = o.evaluateLimit;

    // the float model's own score: a split at 0 quantizes nothing
    const SampleTruth truth = session::sampleTruth(s->setup);
    auto floatRun = evaluate(*s->setup.executor, s->calibration, s->setup.samples, s->metric, truth,
                             uniformRequest(0, 8));
    if (!floatRun)
        return floatRun.error();
    out.floatScore = floatRun->floatScore;
    out.session = std::move(s);
    note(fmt("%s%s: float %s %.1f %% on %zu samples", spec.key.c_str(),
             equalize ? " (equalized)" : "", spec.unit.c_str(), out.floatScore, n));
    return out;
}

// A device / network setting resolved against one session's model.
struct Setting {
    std::string edge, network;
    session::SolveSettings settings;
    session::ResolvedSettings resolved;
    std::shared_ptr<const LatencyModel> latency;
};

Result<Setting> settingFor(const StudySession& s, const std::string& edge,
                           const std::string& network, double maxDrop,
                           session::ProfileCache& profiles) {
    Setting out;
    out.edge = edge;
    out.network = network;
    session::SolveSettings& st = out.settings;
    st.edgeDevice = QString::fromStdString(edge);
    st.cloudDevice = QStringLiteral("tpu");
    if (network == "paper") {
        // the paper's Table 1 uplink as its proof of concept counts it
        st.uplinkBitsPerSecond = 3.0 * kMiB;
        st.roundTripSeconds = 0.0;
        st.overheadBytesPerMessage = 0;
    } else {
        st.network = QString::fromStdString(network);
    }
    st.maxAccuracyDrop = maxDrop;
    st.evaluateLimit = s.session->evaluateLimit;
    session::SettingProblem problem{};
    auto resolved = session::resolveSettings(st, &profiles, problem);
    if (!resolved)
        return problem.error;
    out.resolved = *resolved;
    auto latency = session::latencyModelFor(st, out.resolved, *s.session->setup.graph,
                                            s.session->analysis, problem);
    if (!latency)
        return latency.error();
    out.latency = *latency;
    return out;
}

std::string outcomeOf(const Candidate& c, int layers) {
    if (!c.feasible && c.split == 0 && c.edgeLayerCount() == 0)
        return "—";
    if (c.edgeLayerCount() == 0)
        return "Cloud-Only";
    if (c.edgeLayerCount() == layers)
        return "Edge-Only";
    return c.isPrefix() ? fmt("SPLIT n=%d", c.split)
                        : fmt("SPLIT %d layers (to %d)", c.edgeLayerCount(), c.split);
}

std::string bitsOf(const Candidate& c) {
    if (c.edgeLayerCount() == 0)
        return "—";
    if (c.floatEdge)
        return "float";
    int lo = 99, hi = 0;
    const auto w = c.bits.weights();
    const auto a = c.bits.activations();
    for (int layer = 1; layer <= c.split; ++layer) {
        if (!c.onEdge(layer))
            continue;
        for (int b : {w[static_cast<size_t>(layer - 1)], a[static_cast<size_t>(layer - 1)]}) {
            lo = std::min(lo, b);
            hi = std::max(hi, b);
        }
    }
    return lo == hi ? fmt("%d", lo) : fmt("%d–%d", lo, hi);
}

// A measured row: the candidate with the accuracy its measured drop leaves, or why there is none.
struct Row {
    std::string method;
    Candidate candidate;
    std::optional<double> accuracy; // percent
    std::string note;
};

Row measuredRow(const StudySession& s, std::string method, const Candidate& c) {
    Row row{std::move(method), c, std::nullopt, {}};
    if (!c.feasible) {
        row.note = "infeasible: " + c.reason;
        return row;
    }
    if (c.edgeLayerCount() == 0 || c.floatEdge) {
        row.accuracy = s.floatScore; // nothing quantized
        return row;
    }
    if (!c.isPrefix()) {
        // evaluate() fake-quantizes a prefix 1..n; a min-cut edge set is not one
        row.note = "not measured (edge set is not a prefix)";
        return row;
    }
    auto drop = session::measureDrop(*s.session, c);
    if (!drop) {
        row.note = "not measured: " + drop.error().message;
        return row;
    }
    row.accuracy = s.floatScore - *drop;
    return row;
}

std::vector<std::string> cells(const Row& r, int layers) {
    const Candidate& c = r.candidate;
    return {r.method,
            outcomeOf(c, layers),
            bitsOf(c),
            r.accuracy ? fmt("%.1f", *r.accuracy) : "—",
            c.feasible || c.totalSeconds > 0 ? fmt("%.1f", c.totalSeconds * 1000.0) : "—",
            fmt("%.2f MB", static_cast<double>(c.edgeWeightBytes) / kMiB),
            c.feasible ? "yes" : "no",
            r.note};
}

// Everything measured for one session at one device and network.
struct SettingResult {
    std::string edge, network;
    Row floatEdge;
    std::vector<Row> baselines;
    Row autoSplit1, autoSplit5;
    Candidate autoSplit1Candidate;
    Setting setting1; // the 1 % setting, for the export
};

Result<SettingResult> runSetting(const StudySession& s, const std::string& edge,
                                 const std::string& network, session::ProfileCache& profiles) {
    SettingResult out;
    out.edge = edge;
    out.network = network;
    const int layers = s.session->analysis.layerCount();
    std::array<Row*, 2> selections{&out.autoSplit1, &out.autoSplit5};
    std::array<double, 2> limits{1.0, 5.0};
    for (size_t i = 0; i < limits.size(); ++i) {
        auto setting = settingFor(s, edge, network, limits[i], profiles);
        if (!setting)
            return setting.error();
        auto set = session::solveAndEvaluate(
            *s.session, *setting->latency, setting->resolved.uplink, setting->resolved.constraints);
        if (!set)
            return set.error();
        const Candidate& selected = set->selectedCandidate();
        *selections[i] = measuredRow(s, fmt("Auto-Split, %g %% drop", limits[i]), selected);
        if (i == 0) {
            out.autoSplit1Candidate = selected;
            out.setting1 = *setting;
            for (const Baseline& b : set->baselines)
                out.baselines.push_back(measuredRow(s, b.name, b.candidate));
            // the float model on the edge, stored at 32 bits as the ONNX file has it
            const SolveProblem problem =
                session::problemFor(*s.session, *setting->latency, setting->resolved.uplink);
            auto cost = AssignmentCost::create(problem.graph, problem.analysis, problem.errors,
                                               problem.latency, problem.uplink,
                                               setting->resolved.constraints.edgeMemoryBytes, 32);
            if (!cost)
                return cost.error();
            Candidate c = cost->evaluateFloat(layers);
            out.floatEdge = Row{"Float (on edge, 32 bit)", c, s.floatScore,
                                c.feasible ? "" : "does not fit: " + c.reason};
        }
    }
    note(fmt("%s: %s / %s done (%zu drops measured so far)", label(s).c_str(), edge.c_str(),
             network.c_str(), s.session->drops.size()));
    return out;
}

const std::vector<std::string> kFullHeader{"method",      "outcome",      "edge bits",
                                           "accuracy %",  "latency (ms)", "edge model",
                                           "fits memory", "note"};

void printFull(const StudySession& s, const SettingResult& r, bool markdown) {
    const int layers = s.session->analysis.layerCount();
    std::printf("%s — %s / tpu, %s (%d layers; float %s %.1f %%)\n\n", label(s).c_str(),
                r.edge.c_str(), r.network == "paper" ? "3 Mbps (paper)" : r.network.c_str(), layers,
                s.spec->unit.c_str(), s.floatScore);
    Table t(kFullHeader);
    t.add(cells(r.floatEdge, layers));
    for (const Row& b : r.baselines)
        t.add(cells(b, layers));
    t.add(cells(r.autoSplit1, layers));
    t.add(cells(r.autoSplit5, layers));
    t.print(markdown);
}

// One line per network: the reference points and Auto-Split's selections.
void printNetworks(const StudySession& s, const std::vector<SettingResult>& rs, bool markdown) {
    if (rs.empty())
        return;
    const int layers = s.session->analysis.layerCount();
    std::printf("%s — %s / tpu, every network (accuracy %% / latency ms / edge model MB)\n\n",
                label(s).c_str(), rs.front().edge.c_str());
    auto brief = [&](const Row& r) {
        return r.accuracy ? fmt("%s, %.1f / %.0f / %.2f", outcomeOf(r.candidate, layers).c_str(),
                                *r.accuracy, r.candidate.totalSeconds * 1000.0,
                                static_cast<double>(r.candidate.edgeWeightBytes) / kMiB)
                          : fmt("%s, — / %.0f / %.2f", outcomeOf(r.candidate, layers).c_str(),
                                r.candidate.totalSeconds * 1000.0,
                                static_cast<double>(r.candidate.edgeWeightBytes) / kMiB);
    };
    auto baseline = [](const SettingResult& r, const std::string& name) -> const Row* {
        for (const Row& b : r.baselines)
            if (b.method == name)
                return &b;
        return nullptr;
    };
    Table t({"network", "Float on edge (ms)", "Cloud-Only (ms)", "Edge-Only U8", "U8",
             "Auto-Split 1 %", "Auto-Split 5 %"});
    for (const SettingResult& r : rs) {
        const Row* cloud = baseline(r, "Cloud-Only");
        const Row* edgeU8 = baseline(r, "Edge-Only U8");
        const Row* u8 = baseline(r, "U8");
        t.add({r.network == "paper" ? "3 Mbps (paper)" : r.network,
               fmt("%.0f%s", r.floatEdge.candidate.totalSeconds * 1000.0,
                   r.floatEdge.candidate.feasible ? "" : " (does not fit)"),
               cloud ? fmt("%.0f", cloud->candidate.totalSeconds * 1000.0) : "—",
               edgeU8 ? brief(*edgeU8) : "—", u8 ? brief(*u8) : "—", brief(r.autoSplit1),
               brief(r.autoSplit5)});
    }
    t.print(markdown);
}

// ---- the pipeline ----

// The quad's corners as PaddleOCR orders a box before cropping it (get_mini_boxes): the two
// leftmost points give top-left and bottom-left by y, the two rightmost top-right and
// bottom-right.
std::array<Point2, 4> orderedCorners(const Quad& q) {
    std::array<Point2, 4> p = q.corners;
    std::sort(p.begin(), p.end(), [](const Point2& a, const Point2& b) { return a.x < b.x; });
    const Point2 tl = p[0].y <= p[1].y ? p[0] : p[1];
    const Point2 bl = p[0].y <= p[1].y ? p[1] : p[0];
    const Point2 tr = p[2].y <= p[3].y ? p[2] : p[3];
    const Point2 br = p[2].y <= p[3].y ? p[3] : p[2];
    return {tl, tr, br, bl};
}

// The homography taking the rectangle (0,0)-(w,0)-(w,h)-(0,h) to `to` (8 unknowns, h33 = 1).
std::array<double, 9> rectangleToQuad(double w, double h, const std::array<Point2, 4>& to) {
    const std::array<Point2, 4> from{Point2{0, 0}, Point2{w, 0}, Point2{w, h}, Point2{0, h}};
    double a[8][9] = {};
    for (int i = 0; i < 4; ++i) {
        const double x = from[static_cast<size_t>(i)].x, y = from[static_cast<size_t>(i)].y;
        const double u = to[static_cast<size_t>(i)].x, v = to[static_cast<size_t>(i)].y;
        double* r0 = a[2 * i];
        double* r1 = a[2 * i + 1];
        const double row0[9] = {x, y, 1, 0, 0, 0, -u * x, -u * y, u};
        const double row1[9] = {0, 0, 0, x, y, 1, -v * x, -v * y, v};
        std::copy(row0, row0 + 9, r0);
        std::copy(row1, row1 + 9, r1);
    }
    for (int c = 0; c < 8; ++c) { // Gauss-Jordan with partial pivoting
        int pivot = c;
        for (int r = c + 1; r < 8; ++r)
            if (std::abs(a[r][c]) > std::abs(a[pivot][c]))
                pivot = r;
        std::swap(a[c], a[pivot]);
        const double d = a[c][c];
        if (std::abs(d) < 1e-12)
            return {1, 0, 0, 0, 1, 0, 0, 0, 1};
        for (int k = c; k < 9; ++k)
            a[c][k] /= d;
        for (int r = 0; r < 8; ++r)
            if (r != c && a[r][c] != 0.0) {
                const double f = a[r][c];
                for (int k = c; k < 9; ++k)
                    a[r][k] -= f * a[c][k];
            }
    }
    return {a[0][8], a[1][8], a[2][8], a[3][8], a[4][8], a[5][8], a[6][8], a[7][8], 1.0};
}

// PaddleOCR's get_rotate_crop_image: the box warped to a rectangle as wide as its longer
// horizontal edge and as high as its longer vertical edge (edges replicated outside the image;
// bilinear here where PaddleOCR uses bicubic), turned upright when it is 1.5 times taller than
// wide.
Image cropBox(const Image& image, const Quad& box) {
    const auto p = orderedCorners(box);
    auto dist = [](const Point2& a, const Point2& b) { return std::hypot(a.x - b.x, a.y - b.y); };
    const int w = std::max(1, static_cast<int>(std::max(dist(p[0], p[1]), dist(p[2], p[3]))));
    const int h = std::max(1, static_cast<int>(std::max(dist(p[0], p[3]), dist(p[1], p[2]))));
    const auto m = rectangleToQuad(w, h, p);
    Image out;
    out.width = w;
    out.height = h;
    out.rgb.resize(static_cast<size_t>(w) * static_cast<size_t>(h) * 3);
    auto clampX = [&](int x) { return std::clamp(x, 0, image.width - 1); };
    auto clampY = [&](int y) { return std::clamp(y, 0, image.height - 1); };
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            // OpenCV's warpPerspective maps pixel indices, which are pixel centres
            const double d = m[6] * x + m[7] * y + m[8];
            const double sx = (m[0] * x + m[1] * y + m[2]) / d;
            const double sy = (m[3] * x + m[4] * y + m[5]) / d;
            const int x0 = static_cast<int>(std::floor(sx));
            const int y0 = static_cast<int>(std::floor(sy));
            const double fx = sx - x0, fy = sy - y0;
            for (int ch = 0; ch < 3; ++ch) {
                const double v = (1 - fy) * ((1 - fx) * image.at(clampX(x0), clampY(y0), ch) +
                                             fx * image.at(clampX(x0 + 1), clampY(y0), ch)) +
                                 fy * ((1 - fx) * image.at(clampX(x0), clampY(y0 + 1), ch) +
                                       fx * image.at(clampX(x0 + 1), clampY(y0 + 1), ch));
                out.rgb[(static_cast<size_t>(y) * static_cast<size_t>(w) + static_cast<size_t>(x)) *
                            3 +
                        static_cast<size_t>(ch)] =
                    static_cast<uint8_t>(std::clamp(std::lround(v), 0L, 255L));
            }
        }
    if (h >= 1.5 * w) { // np.rot90: counter-clockwise
        Image r;
        r.width = h;
        r.height = w;
        r.rgb.resize(out.rgb.size());
        for (int y = 0; y < r.height; ++y)
            for (int x = 0; x < r.width; ++x)
                for (int ch = 0; ch < 3; ++ch)
                    r.rgb[(static_cast<size_t>(y) * static_cast<size_t>(r.width) +
                           static_cast<size_t>(x)) *
                              3 +
                          static_cast<size_t>(ch)] = out.at(w - 1 - y, x, ch);
        return r;
    }
    return out;
}

// One model on one input, in this process: the float executor or an exported bundle.
using ModelRun = std::function<Result<HostTensor>(HostTensor input)>;

ModelRun executorRun(std::shared_ptr<const Executor> executor) {
    return [executor](HostTensor input) -> Result<HostTensor> {
        const Graph& g = executor->graph();
        RunRequest run;
        run.feeds[g.value(g.inputs().front()).name] = std::move(input);
        auto out = executor->run(run);
        if (!out)
            return out.error();
        return out->at(g.value(g.outputs().front()).name);
    };
}

// A deployment bundle run whole in this process (edge half, the codes it sends, cloud half), as
// the runtimes compute it; `output` is the source model's output name.
Result<ModelRun> bundleRun(const QString& dir, const std::string& input,
                           const std::string& output) {
    auto bundle = readBundle(dir.toStdString());
    if (!bundle)
        return bundle.error();
    auto edge = BundleHalf::open(*bundle, kEdgeModelFile);
    if (!edge)
        return edge.error();
    auto cloud = BundleHalf::open(*bundle, kCloudModelFile);
    if (!cloud)
        return cloud.error();
    auto halves =
        std::make_shared<std::pair<BundleHalf, BundleHalf>>(std::move(*edge), std::move(*cloud));
    auto manifest = std::make_shared<bundle::Manifest>(bundle->manifest);
    return ModelRun([halves, manifest, input, output](HostTensor x) -> Result<HostTensor> {
        auto out =
            runBundleLocally(halves->first, halves->second, *manifest, {{input, std::move(x)}});
        if (!out)
            return out.error();
        const auto at = out->find(output);
        if (at == out->end())
            return Error{"the bundle has no output '" + output + "'"};
        return at->second;
    });
}

// The recogniser on crops: PaddleOCR's preprocessing, the model, greedy CTC decoding.
class Reader {
public:
    static Result<Reader> open(const std::string& modelPath, const std::string& dictionary) {
        session::OpenOptions open;
        auto shape = parseInputShapeOverride(kRecogniser.inputShape);
        if (!shape)
            return shape.error();
        open.inputShapes.push_back(*shape);
        open.keepRawGraph = false;
        open.analyze = false;
        auto model =
            session::openModel(session::ModelSource::file(QString::fromStdString(modelPath)), open);
        if (!model)
            return model.error();
        auto graph = session::sharedGraph(*model);
        auto executor = Executor::create(graph);
        if (!executor)
            return executor.error();
        const Value& output = graph->value(graph->outputs().front());
        auto alphabet = loadCtcDictionary(dictionary, static_cast<int>(output.shape.dims.back()));
        if (!alphabet)
            return alphabet.error();
        auto spec = parsePreprocessSpec(kRecogniser.preprocess);
        if (!spec)
            return spec.error();
        return Reader(executorRun(std::make_shared<const Executor>(std::move(executor).value())),
                      std::make_shared<const CtcAlphabet>(std::move(alphabet).value()), *spec);
    }

    // The same reader with another model (e.g. a quantized bundle of the recogniser).
    Reader withModel(ModelRun run) const { return Reader(std::move(run), m_alphabet, m_spec); }

    Result<std::string> read(const Image& crop) const {
        auto input = preprocessImage(crop, m_spec);
        if (!input)
            return input.error();
        auto scores = m_run(std::move(input).value());
        if (!scores)
            return scores.error();
        auto text = ctcGreedyDecode(*scores, *m_alphabet);
        if (!text)
            return text.error();
        return text->front().text;
    }

private:
    Reader(ModelRun run, std::shared_ptr<const CtcAlphabet> alphabet, PreprocessSpec spec)
        : m_run(std::move(run)), m_alphabet(std::move(alphabet)), m_spec(spec) {}
    ModelRun m_run;
    std::shared_ptr<const CtcAlphabet> m_alphabet;
    PreprocessSpec m_spec;
};

struct Scene {
    std::string path;
    Image image;
    std::vector<Quad> boxes;
    std::vector<std::string> texts;
};

struct PipelineScore {
    size_t truthLines = 0;
    size_t readLines = 0; // truth lines matched by a detection whose crop reads exactly their text
    size_t readIgnoringSpaces = 0; // the same with spaces removed on both sides
    TextDetectionScore detection;
    double seconds = 0.0;               // wall time of the whole run
    std::vector<double> edgeRunSeconds; // measured by autosplit-edge, when run through a bundle
    int64_t sentBytes = 0;

    double lineAccuracy() const {
        return truthLines == 0 ? 0.0 : 100.0 * double(readLines) / double(truthLines);
    }
    double accuracyIgnoringSpaces() const {
        return truthLines == 0 ? 0.0 : 100.0 * double(readIgnoringSpaces) / double(truthLines);
    }
};

// PaddleOCR's recognition metric (ppocr/metrics/rec_metric.py, RecMetric) compares lines with
// spaces removed by default (ignore_space=True); the exact figure is reported beside it.
std::string withoutSpaces(std::string text) {
    text.erase(std::remove(text.begin(), text.end(), ' '), text.end());
    return text;
}

// Detected boxes of one scene, read and matched with the truth.
Status scoreScene(const Scene& scene, const HostTensor& map, const Reader& reader,
                  PipelineScore& score) {
    auto detected = dbPostProcess(map);
    if (!detected)
        return detected.error();
    std::vector<Quad> quads;
    for (const DetectedBox& d : *detected)
        quads.push_back(d.quad);
    score.detection += scoreImage(quads, scene.boxes);
    // each truth box takes the first free detection with IoU > 0.5, as the detection metric
    std::vector<bool> taken(quads.size(), false);
    for (size_t t = 0; t < scene.boxes.size(); ++t) {
        ++score.truthLines;
        for (size_t d = 0; d < quads.size(); ++d) {
            if (taken[d] || !isSimpleQuad(quads[d]) || quadIoU(scene.boxes[t], quads[d]) <= 0.5)
                continue;
            taken[d] = true;
            auto text = reader.read(cropBox(scene.image, quads[d]));
            if (!text)
                return text.error();
            score.readLines += *text == scene.texts[t];
            score.readIgnoringSpaces += withoutSpaces(*text) == withoutSpaces(scene.texts[t]);
            break;
        }
    }
    return Status::success();
}

Result<std::vector<Scene>> loadScenes(const Options& o) {
    SampleSetOptions options;
    options.textBoxes = true;
    const std::string dir = o.dataDir + "/scenes";
    auto set = SampleSet::open(dir, options);
    if (!set)
        return set.error();
    std::vector<Scene> scenes;
    for (const SampleEntry& e : set->entries()) {
        if (static_cast<int>(scenes.size()) >= o.scenes)
            break;
        Scene s;
        s.path = dir + "/" + e.name;
        auto image = decodeImageFile(s.path);
        if (!image)
            return image.error();
        s.image = std::move(image).value();
        s.boxes = e.boxes;
        s.texts = e.boxTexts;
        scenes.push_back(std::move(s));
    }
    return scenes;
}

// The pipeline in this process: the detector (float, or a bundle), then the reader.
Result<PipelineScore> localPipeline(const ModelRun& detector, const std::vector<Scene>& scenes,
                                    const Reader& reader) {
    PipelineScore score;
    const auto start = Clock::now();
    auto spec = parsePreprocessSpec(kDetector.preprocess);
    if (!spec)
        return spec.error();
    for (const Scene& scene : scenes) {
        auto input = preprocessImage(scene.image, *spec);
        if (!input)
            return input.error();
        auto map = detector(std::move(input).value());
        if (!map)
            return map.error();
        if (auto s = scoreScene(scene, *map, reader, score); !s)
            return s.error();
    }
    score.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return score;
}

// The first --lines rendered lines read by `reader`: (lines read, lines), compared as evaluate()
// compares them (spaces ignored).
Result<std::pair<size_t, size_t>> readLinesThrough(const Reader& reader, const Options& o) {
    SampleSetOptions options;
    options.textLabels = true;
    const std::string dir = o.dataDir + "/lines";
    auto set = SampleSet::open(dir, options);
    if (!set)
        return set.error();
    std::vector<std::string> predicted, truth;
    for (const SampleEntry& e : set->entries()) {
        if (static_cast<int>(predicted.size()) >= o.lines)
            break;
        auto image = decodeImageFile(dir + "/" + e.name);
        if (!image)
            return image.error();
        auto text = reader.read(*image);
        if (!text)
            return text.error();
        predicted.push_back(*text);
        truth.push_back(e.text);
    }
    auto score = scoreTextRecognition(predicted, truth);
    if (!score)
        return score.error();
    return std::pair<size_t, size_t>{score->exact, score->lines};
}

// A running autosplit-cloud serving a bundle on a free loopback port; stopped when destroyed.
class CloudServer {
public:
    ~CloudServer() {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(5000))
                m_process.kill();
            m_process.waitForFinished(2000);
        }
    }
    Status start(const QString& bundle) {
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(QStringLiteral(AUTOSPLIT_CLOUD_RUNTIME),
                        {QStringLiteral("--bundle"), bundle, QStringLiteral("--listen"),
                         QStringLiteral("127.0.0.1:0")});
        QString output;
        for (int i = 0; i < 300; ++i) {
            m_process.waitForReadyRead(100);
            output += QString::fromUtf8(m_process.readAll());
            const int at = output.indexOf(QStringLiteral("listening on 127.0.0.1:"));
            if (at >= 0 && output.indexOf(QLatin1Char('\n'), at) >= 0) {
                m_port = output.mid(at + 23).section(QLatin1Char('\n'), 0, 0).trimmed().toInt();
                if (m_port > 0)
                    return Status::success();
            }
            if (m_process.state() == QProcess::NotRunning)
                break;
        }
        return Error{"autosplit-cloud did not start: " + output.toStdString()};
    }
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }

private:
    QProcess m_process;
    int m_port = 0;
};

// The split pipeline: each scene through autosplit-edge, loopback and autosplit-cloud.
Result<PipelineScore> bundlePipeline(const QString& bundle, const std::vector<Scene>& scenes,
                                     const Reader& reader, const std::string& inputName,
                                     double uplinkBitsPerSecond) {
    PipelineScore score;
    const auto start = Clock::now();
    CloudServer cloud;
    if (auto s = cloud.start(bundle); !s)
        return s.error();
    QTemporaryDir outputs;
    const QRegularExpression total(QStringLiteral("^total\\s+([0-9.]+)"),
                                   QRegularExpression::MultilineOption);
    const QRegularExpression sent(QStringLiteral("^sent ([0-9]+) bytes"),
                                  QRegularExpression::MultilineOption);
    for (size_t i = 0; i < scenes.size(); ++i) {
        const QString out = outputs.path() + QStringLiteral("/%1").arg(i);
        QProcess edge;
        edge.start(QStringLiteral(AUTOSPLIT_EDGE_RUNTIME),
                   {QStringLiteral("--bundle"), bundle, QStringLiteral("--connect"),
                    cloud.address(), QStringLiteral("--input"),
                    QString::fromStdString(inputName + "=" + scenes[i].path),
                    QStringLiteral("--out"), out, QStringLiteral("--uplink"),
                    QString::fromStdString(fmt("%.0fbps", uplinkBitsPerSecond))});
        if (!edge.waitForFinished(120000) || edge.exitStatus() != QProcess::NormalExit ||
            edge.exitCode() != 0)
            return Error{"autosplit-edge failed on " + scenes[i].path + ": " +
                         QString::fromUtf8(edge.readAllStandardError()).toStdString()};
        const QString stdoutText = QString::fromUtf8(edge.readAllStandardOutput());
        if (auto m = total.match(stdoutText); m.hasMatch())
            score.edgeRunSeconds.push_back(m.captured(1).toDouble() / 1000.0);
        if (auto m = sent.match(stdoutText); m.hasMatch())
            score.sentBytes = m.captured(1).toLongLong();
        const QStringList files = QDir(out).entryList({QStringLiteral("*.pb")}, QDir::Files);
        if (files.size() != 1)
            return Error{"autosplit-edge wrote " + std::to_string(files.size()) + " outputs for " +
                         scenes[i].path + ", expected the probability map"};
        auto map = readTensorProtoFile((out + QLatin1Char('/') + files.front()).toStdString());
        if (!map)
            return map.error();
        if (auto s = scoreScene(scenes[i], map->tensor, reader, score); !s)
            return s.error();
    }
    score.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return score;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

const Row* findBaseline(const SettingResult& r, const std::string& name) {
    for (const Row& b : r.baselines)
        if (b.method == name)
            return &b;
    return nullptr;
}

bool fileExists(const std::string& path) {
    std::error_code ec;
    return std::filesystem::is_regular_file(path, ec);
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    Options o;
    // the models and the dictionary are vendored with the sources (resources/models)
    o.modelsDir = AUTOSPLIT_SOURCE_DIR "/resources/models";
    o.dictionary = o.modelsDir + "/ppocr_keys_v1.txt";
    const std::string usage =
        "usage: case_study --data DIR [--models DIR] [--dictionary ppocr_keys_v1.txt]\n"
        "                  [--lines N] [--scenes N] [--edges hi3516e,eyeriss]\n"
        "                  [--networks paper,3g,4g,5g,wifi,ble] [--equalize off|on|both]\n"
        "                  [--evaluate-limit N] [--full] [--markdown] [--verbose]\n"
        "                  [--no-pipeline]\n"
        "                  [--pipeline-edge D] [--pipeline-network NET] [--pipeline-drop P]\n";
    std::string equalize = "both";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool hasValue = i + 1 < argc;
        auto count = [&](int& out) {
            char* end = nullptr;
            const long v = std::strtol(argv[++i], &end, 10);
            if (*end != '\0' || v < 1 || v > 100000) {
                std::cerr << "case_study: " << arg << " needs a positive integer\n";
                return false;
            }
            out = static_cast<int>(v);
            return true;
        };
        if (arg == "--markdown")
            o.markdown = true;
        else if (arg == "--full")
            o.full = true;
        else if (arg == "--verbose")
            o.verbose = true;
        else if (arg == "--no-pipeline")
            o.pipeline = false;
        else if (arg == "--models" && hasValue)
            o.modelsDir = argv[++i];
        else if (arg == "--dictionary" && hasValue)
            o.dictionary = argv[++i];
        else if (arg == "--data" && hasValue)
            o.dataDir = argv[++i];
        else if (arg == "--lines" && hasValue) {
            if (!count(o.lines))
                return 2;
        } else if (arg == "--scenes" && hasValue) {
            if (!count(o.scenes))
                return 2;
        } else if (arg == "--evaluate-limit" && hasValue) {
            if (!count(o.evaluateLimit))
                return 2;
        } else if (arg == "--edges" && hasValue)
            o.edges = splitList(argv[++i]);
        else if (arg == "--networks" && hasValue)
            o.networks = splitList(argv[++i]);
        else if (arg == "--equalize" && hasValue)
            equalize = argv[++i];
        else if (arg == "--pipeline-edge" && hasValue)
            o.pipelineEdge = argv[++i];
        else if (arg == "--pipeline-network" && hasValue)
            o.pipelineNetwork = argv[++i];
        else if (arg == "--pipeline-drop" && hasValue)
            o.pipelineDrop = std::atof(argv[++i]);
        else {
            std::cerr << usage;
            return 2;
        }
    }
    if (equalize == "off")
        o.equalize = {false};
    else if (equalize == "on")
        o.equalize = {true};
    else if (equalize != "both") {
        std::cerr << "case_study: --equalize takes off, on or both\n" << usage;
        return 2;
    }
    if (o.pipelineDrop != 1.0 && o.pipelineDrop != 5.0) {
        std::cerr << "case_study: --pipeline-drop is 1 or 5 (the limits the study solves at)\n";
        return 2;
    }
    // what the study needs, and where it comes from
    for (const ModelSpec* m : {&kRecogniser, &kDetector})
        if (!fileExists(o.modelsDir + "/" + m->file)) {
            std::cerr << "case_study: no " << o.modelsDir << "/" << m->file
                      << "; the PP-OCRv4 models are in resources/models "
                         "(resources/models/fetch-sample-model.sh fetches them again)\n";
            return 1;
        }
    if (o.dictionary.empty() || !fileExists(o.dictionary)) {
        std::cerr << "case_study: no dictionary " << o.dictionary
                  << "; give --dictionary ppocr_keys_v1.txt (resources/models has it)\n";
        return 1;
    }
    if (o.dataDir.empty() || !fileExists(o.dataDir + "/lines/labels.csv") ||
        !fileExists(o.dataDir + "/scenes/boxes.csv")) {
        std::cerr << "case_study: give --data DIR with DIR/lines/labels.csv and "
                     "DIR/scenes/boxes.csv; render them with scripts/make-text-data.sh DIR "
                     "ppocr_keys_v1.txt\n";
        return 1;
    }
    if (std::find(o.edges.begin(), o.edges.end(), o.pipelineEdge) == o.edges.end() ||
        std::find(o.networks.begin(), o.networks.end(), o.pipelineNetwork) == o.networks.end()) {
        std::cerr << "case_study: --pipeline-edge and --pipeline-network must be among --edges "
                     "and --networks\n";
        return 2;
    }

    session::ProfileCache profiles;
    std::vector<int> bits;
    for (const std::string& edge : o.edges) {
        auto device = profiles.device(QString::fromStdString(edge));
        if (!device) {
            std::cerr << "case_study: " << device.error().message << "\n";
            return 1;
        }
        for (int b : device->profile.supported_bits())
            if (std::find(bits.begin(), bits.end(), b) == bits.end())
                bits.push_back(b);
    }
    std::sort(bits.begin(), bits.end());

    std::printf("# Case study: PP-OCRv4 beside Auto-Split's Table 3\n\n");
    std::printf("Data %s (%d lines, %d scenes at most); cloud tpu; drop limits 1 and 5 points; "
                "%d front candidates measured one by one, then a binary search.\n\n",
                o.dataDir.c_str(), o.lines, o.scenes, o.evaluateLimit);

    // Part 1: per model, per equalization, per device and network.
    std::map<std::string, std::map<bool, std::map<std::string, SettingResult>>> results;
    std::map<std::string, std::map<bool, StudySession>> sessions;
    for (const ModelSpec* spec : {&kDetector, &kRecogniser})
        for (bool eq : o.equalize) {
            auto s = openStudySession(
                *spec, eq, o, spec->metric == MetricKind::TextRecognition ? o.lines : o.scenes,
                bits);
            if (!s) {
                std::cerr << "case_study: " << spec->file << ": " << s.error().message << "\n";
                return 1;
            }
            StudySession& study = sessions[spec->key][eq] = std::move(s).value();
            for (const std::string& edge : o.edges) {
                std::vector<SettingResult> rows;
                for (const std::string& network : o.networks) {
                    auto r = runSetting(study, edge, network, profiles);
                    if (!r) {
                        std::cerr << "case_study: " << label(study) << ", " << edge << ", "
                                  << network << ": " << r.error().message << "\n";
                        return 1;
                    }
                    if (o.full || network == "paper")
                        printFull(study, *r, o.markdown);
                    rows.push_back(*r);
                    results[spec->key][eq][edge + "/" + network] = std::move(r).value();
                }
                printNetworks(study, rows, o.markdown);
            }
        }
    if (!o.pipeline)
        return 0;

    // Part 2: the pipeline, detector split at the pipeline setting, recogniser in the cloud.
    const bool eq = o.equalize.back(); // equalized when it was studied
    const StudySession& det = sessions["det"][eq];
    const SettingResult& detAt = results["det"][eq][o.pipelineEdge + "/" + o.pipelineNetwork];
    const SettingResult& recAt = results["rec"][eq][o.pipelineEdge + "/" + o.pipelineNetwork];
    const int detLayers = det.session->analysis.layerCount();

    auto reader = Reader::open(o.modelsDir + "/" + kRecogniser.file, o.dictionary);
    if (!reader) {
        std::cerr << "case_study: recogniser: " << reader.error().message << "\n";
        return 1;
    }
    auto scenes = loadScenes(o);
    if (!scenes) {
        std::cerr << "case_study: scenes: " << scenes.error().message << "\n";
        return 1;
    }
    size_t truthLines = 0;
    for (const Scene& s : *scenes)
        truthLines += s.boxes.size();
    const double linesPerScene = scenes->empty() ? 0.0 : double(truthLines) / scenes->size();
    note("pipeline: float run");
    auto floatScore =
        localPipeline(executorRun(std::make_shared<const Executor>(*det.session->setup.executor)),
                      *scenes, *reader);
    if (!floatScore) {
        std::cerr << "case_study: float pipeline: " << floatScore.error().message << "\n";
        return 1;
    }
    // The oracle: every truth box cropped and read, the recogniser's share alone.
    size_t oracle = 0, oracleIgnoringSpaces = 0;
    for (const Scene& s : *scenes)
        for (size_t t = 0; t < s.boxes.size(); ++t) {
            auto text = reader->read(cropBox(s.image, s.boxes[t]));
            if (text)
                oracleIgnoringSpaces += withoutSpaces(*text) == withoutSpaces(s.texts[t]);
            if (text && *text == s.texts[t])
                ++oracle;
            else if (o.verbose)
                note(fmt("%s: truth box %zu reads '%s', not '%s'", s.path.c_str(), t,
                         text ? text->c_str() : text.error().message.c_str(), s.texts[t].c_str()));
        }

    // The detector's selection at the pipeline setting through the bundles on loopback, for
    // the equalized session and (when both were studied) the plain one.
    struct SplitRun {
        bool equalized = false;
        Candidate chosen;
        std::optional<PipelineScore> score;
        std::string problem;
    };
    auto runSplit = [&](bool equalized) {
        SplitRun r;
        r.equalized = equalized;
        const StudySession& d = sessions["det"][equalized];
        const SettingResult& at =
            results["det"][equalized][o.pipelineEdge + "/" + o.pipelineNetwork];
        r.chosen = (o.pipelineDrop == 1.0 ? at.autoSplit1 : at.autoSplit5).candidate;
        if (r.chosen.edgeLayerCount() == 0 || r.chosen.edgeLayerCount() == detLayers) {
            r.problem = "the selection is " + outcomeOf(r.chosen, detLayers) + ", not a split";
            return r;
        }
        QTemporaryDir dir;
        const QString bundle = dir.path() + QStringLiteral("/bundle");
        session::BundleExportOptions exportOptions;
        exportOptions.edgeDevice = at.setting1.settings.edgeDevice;
        exportOptions.cloudDevice = at.setting1.settings.cloudDevice;
        exportOptions.network = QString::fromStdString(o.pipelineNetwork);
        exportOptions.uplink = at.setting1.resolved.uplink;
        SolveConstraints constraints = at.setting1.resolved.constraints;
        constraints.maxAccuracyDrop = o.pipelineDrop;
        exportOptions.constraints = constraints;
        note("pipeline: exporting the " + std::string(equalized ? "equalized " : "") +
             "detector's " + outcomeOf(r.chosen, detLayers));
        auto exported = session::exportBundle(*d.session, r.chosen, bundle, exportOptions);
        if (!exported) {
            r.problem = "export failed: " + exported.error().message;
            return r;
        }
        note(fmt("pipeline: bundle edge %.2f MB, cloud %.2f MB, %d tensors cross (%lld "
                 "bytes); running %zu scenes through autosplit-edge -> loopback -> "
                 "autosplit-cloud",
                 exported->edgeModelBytes / kMiB, exported->cloudModelBytes / kMiB,
                 exported->crossingTensors, static_cast<long long>(exported->wireBytes),
                 scenes->size()));
        const Graph& g = *d.session->setup.graph;
        auto run = bundlePipeline(bundle, *scenes, *reader, g.value(g.inputs().front()).name,
                                  at.setting1.resolved.uplink.bitsPerSecond);
        if (!run)
            r.problem = "bundle run failed: " + run.error().message;
        else
            r.score = *run;
        return r;
    };
    std::vector<SplitRun> splits{runSplit(eq)};
    if (o.equalize.size() == 2)
        splits.push_back(runSplit(!eq));

    // TQ (8 bit): both models Edge-Only at uniform 8 bits, exported as bundles and run whole in
    // this process (nothing crosses a network when everything is on the camera).
    const Row* detU8 = findBaseline(detAt, "Edge-Only U8");
    const Row* recU8 = findBaseline(recAt, "Edge-Only U8");
    std::optional<PipelineScore> tqScore;
    std::string tqLinesCheck;
    std::string tqProblem = "no Edge-Only U8 baselines";
    QTemporaryDir tqDir;
    if (detU8 && recU8 && detU8->candidate.feasible && recU8->candidate.feasible) {
        const StudySession& rec = sessions["rec"][eq];
        auto exportU8 = [&](const StudySession& s, const SettingResult& at, const Candidate& c,
                            const QString& dir) -> Result<ModelRun> {
            session::BundleExportOptions options;
            options.edgeDevice = at.setting1.settings.edgeDevice;
            options.cloudDevice = at.setting1.settings.cloudDevice;
            options.network = QString::fromStdString(o.pipelineNetwork);
            options.uplink = at.setting1.resolved.uplink;
            options.constraints = at.setting1.resolved.constraints;
            if (auto e = session::exportBundle(*s.session, c, dir, options); !e)
                return e.error();
            const Graph& g = *s.session->setup.graph;
            return bundleRun(dir, g.value(g.inputs().front()).name,
                             g.value(g.outputs().front()).name);
        };
        note("pipeline: detector and recogniser Edge-Only U8 bundles, run in this process");
        auto detRun = exportU8(det, detAt, detU8->candidate, tqDir.path() + QStringLiteral("/det"));
        auto recRun = exportU8(rec, recAt, recU8->candidate, tqDir.path() + QStringLiteral("/rec"));
        if (!detRun || !recRun) {
            tqProblem = "export failed: " + (!detRun ? detRun.error() : recRun.error()).message;
        } else {
            auto run = localPipeline(*detRun, *scenes, reader->withModel(*recRun));
            if (!run)
                tqProblem = "run failed: " + run.error().message;
            else
                tqScore = *run;
            // The check that the exported 8-bit recogniser is the one the table measured: the
            // same lines through it, against evaluate()'s figure.
            auto lines = readLinesThrough(reader->withModel(*recRun), o);
            if (lines)
                tqLinesCheck = fmt("The recogniser's Edge-Only U8 bundle reads %zu of %zu rendered "
                                   "lines (%.1f %%, spaces ignored; measured by evaluate() above: "
                                   "%.1f %%).\n",
                                   lines->first, lines->second,
                                   100.0 * double(lines->first) / double(lines->second),
                                   recU8->accuracy.value_or(0.0));
            else
                tqLinesCheck =
                    "The lines through the U8 bundle failed: " + lines.error().message + "\n";
        }
    }

    // Predicted frame latency: the detector's candidate, then each line read by the recogniser
    // where it runs (on the cloud its compute only: the crops are already there).
    const Row* detCloud = findBaseline(detAt, "Cloud-Only");
    const Row* detEdgeU8 = findBaseline(detAt, "Edge-Only U8");
    const Row* recCloud = findBaseline(recAt, "Cloud-Only");
    const Row* recEdgeU8 = findBaseline(recAt, "Edge-Only U8");
    const double recCloudLine = recCloud ? recCloud->candidate.cloudSeconds : 0.0;
    const Candidate& detFloatEdge = detAt.floatEdge.candidate;
    const Candidate& recFloatEdge = recAt.floatEdge.candidate;
    const double floatEdgeMs =
        1000.0 * (detFloatEdge.edgeSeconds + linesPerScene * recFloatEdge.edgeSeconds);
    const int64_t floatEdgeBytes = detFloatEdge.edgeWeightBytes + recFloatEdge.edgeWeightBytes;
    const bool floatFits = detFloatEdge.feasible && recFloatEdge.feasible &&
                           detFloatEdge.edgeMemoryBytes + recFloatEdge.edgeMemoryBytes <=
                               detAt.setting1.resolved.constraints.edgeMemoryBytes;

    std::printf("## The pipeline beside Table 3 (%s / tpu, %s; detector %s; %zu scenes, %zu "
                "truth lines, %.2f per scene)\n\n",
                o.pipelineEdge.c_str(),
                o.pipelineNetwork == "paper" ? "3 Mbps (paper)" : o.pipelineNetwork.c_str(),
                eq ? "equalized" : "not equalized", scenes->size(), truthLines, linesPerScene);
    std::printf("Paper: Auto-Split (KDD 2021) §5.5, Table 3 — licence plates, custom YOLOv3 "
                "detector + LSTM recogniser, Hi3516E V200 camera, internal data set. Here: "
                "PP-OCRv4 detector + recogniser, rendered scenes, accuracy = share of truth lines "
                "read (end to end; exact, and with spaces removed as PaddleOCR's RecMetric "
                "compares by default), latency predicted per frame = detector + %.2f lines "
                "x recogniser.\n\n",
                linesPerScene);
    Table t({"row", "paper accuracy", "paper latency", "paper edge size",
             "lines read (exact / ignoring spaces)", "latency (predicted)", "edge size", "how"});
    t.add({"Float (on edge)", "88.2 %", "doesn't fit", "295 MB",
           fmt("%.1f / %.1f %%", floatScore->lineAccuracy(), floatScore->accuracyIgnoringSpaces()),
           fmt("%.0f ms%s", floatEdgeMs, floatFits ? "" : " (does not fit)"),
           fmt("%.2f MB", floatEdgeBytes / kMiB),
           "both models float32 on the edge; accuracy of the float pipeline"});
    t.add({"Float (to cloud)", "88.2 %", "970 ms", "0 MB",
           fmt("%.1f / %.1f %%", floatScore->lineAccuracy(), floatScore->accuracyIgnoringSpaces()),
           detCloud ? fmt("%.0f ms", 1000.0 * (detCloud->candidate.totalSeconds +
                                               linesPerScene * recCloudLine))
                    : "—",
           "0 MB", "detector Cloud-Only, recogniser on the cloud"});
    t.add({"TQ (8 bit)", "88.4 %", "2840 ms", "44 MB",
           tqScore
               ? fmt("%.1f / %.1f %%", tqScore->lineAccuracy(), tqScore->accuracyIgnoringSpaces())
               : "— (" + tqProblem + ")",
           detEdgeU8 && recEdgeU8
               ? fmt("%.0f ms", 1000.0 * (detEdgeU8->candidate.edgeSeconds +
                                          linesPerScene * recEdgeU8->candidate.edgeSeconds))
               : "—",
           detEdgeU8 && recEdgeU8 ? fmt("%.2f MB", (detEdgeU8->candidate.edgeWeightBytes +
                                                    recEdgeU8->candidate.edgeWeightBytes) /
                                                       kMiB)
                                  : "—",
           "both Edge-Only U8 (uniform 8-bit) bundles, run in process"});
    for (const SplitRun& r : splits)
        t.add({fmt("Auto-Split (%g %% drop)%s", o.pipelineDrop,
                   r.equalized ? "" : ", detector not equalized"),
               "88.3 %", "630 ms", "15 MB",
               r.score ? fmt("%.1f / %.1f %%", r.score->lineAccuracy(),
                             r.score->accuracyIgnoringSpaces())
                       : "— (" + r.problem + ")",
               fmt("%.0f ms", 1000.0 * (r.chosen.totalSeconds + linesPerScene * recCloudLine)),
               fmt("%.2f MB", r.chosen.edgeWeightBytes / kMiB),
               fmt("detector %s at %s bits through the bundles on loopback, recogniser on the "
                   "cloud",
                   outcomeOf(r.chosen, detLayers).c_str(), bitsOf(r.chosen).c_str())});
    t.add({"Auto-Split (large LSTM)", "94 %", "650 ms", "15 MB", "—", "—", "—",
           "no larger recogniser here"});
    t.print(o.markdown);

    Table d({"pipeline", "detector hmean", "precision", "recall", "lines read exactly",
             "ignoring spaces", "wall time"});
    auto addRow = [&](const std::string& name, const PipelineScore& p) {
        d.add({name, fmt("%.1f", 100.0 * p.detection.hmean()),
               fmt("%.1f", 100.0 * p.detection.precision()),
               fmt("%.1f", 100.0 * p.detection.recall()),
               fmt("%zu / %zu = %.1f %%", p.readLines, p.truthLines, p.lineAccuracy()),
               fmt("%zu = %.1f %%", p.readIgnoringSpaces, p.accuracyIgnoringSpaces()),
               fmt("%.1f s", p.seconds)});
    };
    addRow("float, in process", *floatScore);
    for (const SplitRun& r : splits)
        if (r.score)
            addRow(r.equalized ? "detector split through the bundles"
                               : "detector split through the bundles, not equalized",
                   *r.score);
    if (tqScore)
        addRow("both Edge-Only U8 bundles", *tqScore);
    d.add({"truth boxes cropped (the recogniser alone)", "—", "—", "—",
           fmt("%zu / %zu = %.1f %%", oracle, truthLines,
               truthLines ? 100.0 * double(oracle) / double(truthLines) : 0.0),
           fmt("%zu = %.1f %%", oracleIgnoringSpaces,
               truthLines ? 100.0 * double(oracleIgnoringSpaces) / double(truthLines) : 0.0),
           "—"});
    d.print(o.markdown);
    for (const SplitRun& r : splits) {
        const char* which = r.equalized ? "" : " (not equalized)";
        if (r.score)
            std::printf("Bundle run%s: %lld bytes sent per frame; autosplit-edge's measured total "
                        "(edge + loopback + cloud) median %.1f ms per frame (predicted %.1f ms "
                        "on %s / tpu at the uplink).\n",
                        which, static_cast<long long>(r.score->sentBytes),
                        1000.0 * median(r.score->edgeRunSeconds), 1000.0 * r.chosen.totalSeconds,
                        o.pipelineEdge.c_str());
        else
            std::printf("No bundle run%s: %s.\n", which, r.problem.c_str());
    }
    std::printf("%s", tqLinesCheck.c_str());
    return 0;
}
