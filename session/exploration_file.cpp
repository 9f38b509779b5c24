#include "session/exploration_file.h"

// Generated from exploration.proto into the build tree.
#include "session/exploration.pb.h"

#include <google/protobuf/util/json_util.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>

#include <cmath>

namespace autosplit::session {

namespace {

constexpr const char* kFormat = "autosplit-exploration";
constexpr qint64 kMaxFileBytes = 64 << 20; // far above any study; a bigger file is not one

// Every problem of a read names the file first.
class Checker {
public:
    explicit Checker(const QString& path) : m_file(QDir::toNativeSeparators(path).toStdString()) {}
    Error error(const std::string& problem, ErrorKind kind = ErrorKind::InvalidInput) const {
        return Error{m_file + ": " + problem, kind};
    }

private:
    std::string m_file;
};

QString fromStd(const std::string& s) {
    return QString::fromStdString(s);
}

std::string toStd(const QString& s) {
    return s.toStdString();
}

bool isHexDigest(const std::string& s) {
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    return hex.match(fromStd(s)).hasMatch();
}

// DropCache::keyOf: split, 'f' for a float edge, then ",w/a" per edge layer, then ";rRfF" for
// raw-input and float widths other than the defaults.
bool isAssignmentKey(const std::string& s) {
    static const QRegularExpression key(
        QStringLiteral("^[0-9]{1,9}f?(,[0-9]{1,2}/[0-9]{1,2})*(;r[0-9]{1,2}f[0-9]{1,2})?$"));
    return key.match(fromStd(s)).hasMatch();
}

exploration::Exploration toMessage(const Exploration& e, const QString& path) {
    exploration::Exploration m;
    m.set_format(kFormat);
    m.set_format_version(kExplorationFormatVersion);
    m.set_created_by(std::string("Auto-Split Explorer ") + AUTOSPLIT_VERSION);

    auto* model = m.mutable_model();
    if (!e.model.isSample()) {
        const QString absolute = QFileInfo(e.model.path).absoluteFilePath();
        model->set_path(toStd(absolute));
        model->set_relative_path(toStd(QFileInfo(path).absoluteDir().relativeFilePath(absolute)));
    }
    model->set_sha256(e.model.sha256.toStdString());
    model->set_bytes(e.model.bytes);
    model->set_sample_id(toStd(e.model.sampleId));
    model->set_display_name(toStd(e.model.displayName));
    for (const InputShapeOverride& s : e.model.inputShapes) {
        auto* shape = model->add_input_shapes();
        shape->set_name(s.name);
        for (int64_t d : s.dims)
            shape->add_dims(d);
    }
    model->set_unoptimized(!e.model.optimize);

    if (e.samples) {
        const SampleSource& s = *e.samples;
        auto* samples = m.mutable_samples();
        samples->set_path(toStd(s.path));
        samples->set_preprocess(toStd(s.preprocessSpec));
        samples->set_metric(std::string(metricName(s.metric)));
        samples->set_dictionary(toStd(s.dictionary));
        samples->set_count_spaces(s.countSpaces);
        samples->set_weight_range(std::string(rangeMethodName(s.weightRange)));
        samples->set_activation_range(std::string(rangeMethodName(s.activationRange)));
        samples->set_percentile(s.percentile);
        samples->set_weight_rounding(std::string(weightRoundingName(s.weightRounding)));
        samples->set_equalize(s.equalize);
        samples->set_use_cache(s.useCache);
    }

    const SolveSettings& s = e.settings;
    auto* settings = m.mutable_settings();
    settings->set_edge_device(toStd(s.edgeDevice));
    settings->set_cloud_device(toStd(s.cloudDevice));
    settings->set_network(toStd(s.network));
    if (s.uplinkBitsPerSecond)
        settings->set_uplink_bits_per_second(*s.uplinkBitsPerSecond);
    if (s.roundTripSeconds)
        settings->set_round_trip_seconds(*s.roundTripSeconds);
    if (s.overheadBytesPerMessage)
        settings->set_overhead_bytes_per_message(*s.overheadBytesPerMessage);
    if (s.edgeMemoryBytes)
        settings->set_edge_memory_bytes(*s.edgeMemoryBytes);
    if (s.maxAccuracyDrop)
        settings->set_max_accuracy_drop(*s.maxAccuracyDrop);
    if (s.maxError)
        settings->set_max_error(*s.maxError);
    for (int b : s.bits)
        settings->add_bits(b);
    settings->set_measured_latencies(toStd(s.measuredLatencies));
    settings->set_raw_input_bits(s.rawInputBits);
    settings->set_outputs_on_edge(s.outputsOnEdge);
    settings->set_evaluate(s.evaluate);
    settings->set_evaluate_limit(s.evaluateLimit);
    settings->set_drop_confidence(s.dropConfidence);

    m.mutable_selection()->set_candidate(e.selection.candidateKey);
    m.mutable_selection()->set_baseline(toStd(e.selection.baseline));

    m.mutable_drops()->set_store_key(toStd(e.dropStoreKey));
    for (const auto& [key, drop] : e.drops)
        (*m.mutable_drops()->mutable_drops())[key] = drop;

    if (e.view) {
        m.mutable_view()->set_page(e.view->page);
        m.mutable_view()->set_graph_zoom(e.view->graphZoom);
        m.mutable_view()->set_raw_graph(e.view->rawGraph);
    }
    return m;
}

Result<ExplorationModel> modelOf(const exploration::Model& m, const Checker& check) {
    ExplorationModel model;
    model.path = fromStd(m.path());
    model.relativePath = fromStd(m.relative_path());
    model.sha256 = QByteArray::fromStdString(m.sha256());
    model.bytes = m.bytes();
    model.sampleId = fromStd(m.sample_id());
    model.displayName = fromStd(m.display_name());
    model.optimize = !m.unoptimized();
    if (model.isSample()) {
        if (!model.path.isEmpty())
            return check.error("model: both a file and an embedded sample are named");
    } else {
        if (model.path.isEmpty() || !QFileInfo(model.path).isAbsolute())
            return check.error("model: no absolute model path");
        if (m.sha256().empty())
            return check.error("model: no SHA-256 of the model file");
    }
    if (!m.sha256().empty() && !isHexDigest(m.sha256()))
        return check.error("model: the SHA-256 '" + m.sha256() +
                           "' is not 64 lower-case hex digits");
    if (m.bytes() < 0)
        return check.error("model: a negative size (" + std::to_string(m.bytes()) + " bytes)");
    for (const auto& shape : m.input_shapes()) {
        if (shape.name().empty())
            return check.error("model: an input shape without an input name");
        if (shape.dims().empty())
            return check.error("model: input shape of '" + shape.name() + "' has no dimensions");
        InputShapeOverride o;
        o.name = shape.name();
        for (int64_t d : shape.dims()) {
            if (d <= 0)
                return check.error("model: input shape of '" + shape.name() +
                                   "' has the dimension " + std::to_string(d) + " (must be > 0)");
            o.dims.push_back(d);
        }
        model.inputShapes.push_back(std::move(o));
    }
    return model;
}

Result<SampleSource> samplesOf(const exploration::Samples& m, const Checker& check) {
    SampleSource s;
    s.path = fromStd(m.path());
    s.preprocessSpec = fromStd(m.preprocess());
    s.dictionary = fromStd(m.dictionary());
    s.countSpaces = m.count_spaces();
    s.equalize = m.equalize();
    s.useCache = m.use_cache();
    const auto metric = parseMetric(m.metric());
    if (!metric)
        return check.error("samples: unknown metric '" + m.metric() + "'");
    s.metric = *metric;
    const auto weights = parseRangeMethod(m.weight_range());
    if (!weights)
        return check.error("samples: unknown weight range method '" + m.weight_range() + "'");
    s.weightRange = *weights;
    const auto activations = parseRangeMethod(m.activation_range());
    if (!activations)
        return check.error("samples: unknown activation range method '" + m.activation_range() +
                           "'");
    s.activationRange = *activations;
    if (!(m.percentile() > 0.0 && m.percentile() <= 100.0))
        return check.error("samples: percentile " + std::to_string(m.percentile()) +
                           " is not in (0, 100]");
    s.percentile = m.percentile();
    const auto rounding = parseWeightRounding(m.weight_rounding());
    if (!rounding)
        return check.error("samples: unknown weight rounding '" + m.weight_rounding() + "'");
    s.weightRounding = *rounding;
    return s;
}

Result<SolveSettings> settingsOf(const exploration::Settings& m, const Checker& check) {
    SolveSettings s;
    s.edgeDevice = fromStd(m.edge_device());
    s.cloudDevice = fromStd(m.cloud_device());
    s.network = fromStd(m.network());
    if (s.edgeDevice.isEmpty() || s.cloudDevice.isEmpty())
        return check.error("settings: the edge or cloud device is not named");
    auto positive = [&](bool has, double value, const char* name) -> std::optional<Error> {
        if (has && !(std::isfinite(value) && value > 0.0))
            return check.error(std::string("settings: ") + name + " " + std::to_string(value) +
                               " is not a positive number");
        return std::nullopt;
    };
    auto nonNegative = [&](bool has, double value, const char* name) -> std::optional<Error> {
        if (has && !(std::isfinite(value) && value >= 0.0))
            return check.error(std::string("settings: ") + name + " " + std::to_string(value) +
                               " is negative or not a number");
        return std::nullopt;
    };
    for (const auto& problem :
         {positive(m.has_uplink_bits_per_second(), m.uplink_bits_per_second(), "uplink"),
          nonNegative(m.has_round_trip_seconds(), m.round_trip_seconds(), "round trip"),
          nonNegative(m.has_overhead_bytes_per_message(),
                      static_cast<double>(m.overhead_bytes_per_message()), "overhead"),
          positive(m.has_edge_memory_bytes(), static_cast<double>(m.edge_memory_bytes()),
                   "edge memory"),
          nonNegative(m.has_max_accuracy_drop(), m.max_accuracy_drop(), "accuracy-drop limit"),
          nonNegative(m.has_max_error(), m.max_error(), "error limit")})
        if (problem)
            return *problem;
    if (m.has_uplink_bits_per_second())
        s.uplinkBitsPerSecond = m.uplink_bits_per_second();
    if (m.has_round_trip_seconds())
        s.roundTripSeconds = m.round_trip_seconds();
    if (m.has_overhead_bytes_per_message())
        s.overheadBytesPerMessage = m.overhead_bytes_per_message();
    if (m.has_edge_memory_bytes())
        s.edgeMemoryBytes = m.edge_memory_bytes();
    if (m.has_max_accuracy_drop())
        s.maxAccuracyDrop = m.max_accuracy_drop();
    if (m.has_max_error())
        s.maxError = m.max_error();
    for (int b : m.bits()) {
        if (!isQuantizerBitWidth(b))
            return check.error("settings: bit-width " + std::to_string(b) +
                               " is not one the quantizers have (2..8, 16)");
        s.bits.push_back(b);
    }
    s.measuredLatencies = fromStd(m.measured_latencies());
    if (m.raw_input_bits() < 1 || m.raw_input_bits() > 64)
        return check.error("settings: raw input bits " + std::to_string(m.raw_input_bits()) +
                           " is not in 1..64");
    s.rawInputBits = m.raw_input_bits();
    s.outputsOnEdge = m.outputs_on_edge();
    s.evaluate = m.evaluate();
    if (m.evaluate_limit() < 0)
        return check.error("settings: evaluation limit " + std::to_string(m.evaluate_limit()) +
                           " is negative");
    s.evaluateLimit = m.evaluate_limit();
    if (m.has_drop_confidence()) { // files from before the setting judge at the default
        if (!(m.drop_confidence() >= 0.5 && m.drop_confidence() < 1.0))
            return check.error("settings: drop confidence " + std::to_string(m.drop_confidence()) +
                               " is not in [0.5, 1)");
        s.dropConfidence = m.drop_confidence();
    }
    return s;
}

} // namespace

QByteArray explorationJson(const Exploration& exploration, const QString& path) {
    google::protobuf::util::JsonPrintOptions options;
    options.add_whitespace = true;
    options.always_print_primitive_fields = true;
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(toMessage(exploration, path), &json, options);
    return QByteArray::fromStdString(json);
}

Status writeExploration(const Exploration& exploration, const QString& path) {
    const Checker check(path);
    const QByteArray json = explorationJson(exploration, path);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return check.error("cannot be written (" + file.errorString().toStdString() + ")",
                           ErrorKind::Io);
    if (file.write(json) != json.size() || !file.commit())
        return check.error("cannot be written (" + file.errorString().toStdString() + ")",
                           ErrorKind::Io);
    return Status::success();
}

Result<Exploration> readExploration(const QString& path) {
    const Checker check(path);
    QFile file(path);
    if (!file.exists())
        return check.error("no such file", ErrorKind::Io);
    if (!file.open(QIODevice::ReadOnly))
        return check.error("cannot be read (" + file.errorString().toStdString() + ")",
                           ErrorKind::Io);
    if (file.size() > kMaxFileBytes)
        return check.error("not an exploration file (" + std::to_string(file.size()) +
                           " bytes is far too large)");
    // read no more than the limit: a device or pipe has no size to check first
    const QByteArray bytes = file.read(kMaxFileBytes + 1);
    if (bytes.size() > kMaxFileBytes)
        return check.error("not an exploration file (more than " + std::to_string(kMaxFileBytes) +
                           " bytes is far too large)");
    return parseExploration(bytes, path);
}

Result<Exploration> parseExploration(const QByteArray& json, const QString& path) {
    const Checker check(path);
    auto parse = [&](bool lenient, exploration::Exploration& m) -> Status {
        google::protobuf::util::JsonParseOptions options;
        options.ignore_unknown_fields = lenient;
        const auto st =
            google::protobuf::util::JsonStringToMessage(json.toStdString(), &m, options);
        if (st.ok())
            return Status::success();
        // protobuf adds lines quoting the text under a caret; an error is one line
        const std::string reason(st.message());
        return check.error("not an exploration file (" + reason.substr(0, reason.find('\n')) + ")");
    };
    // The format and version first, leniently: a newer file's new fields are no damage, and it
    // is reported as newer rather than as unreadable.
    exploration::Exploration m;
    if (auto st = parse(true, m); !st)
        return st.error();
    if (m.format() != kFormat)
        return check.error("not an exploration file (format '" + m.format() + "')");
    if (m.format_version() > kExplorationFormatVersion)
        return check.error("format version " + std::to_string(m.format_version()) +
                               " is newer than this program reads (" +
                               std::to_string(kExplorationFormatVersion) + ")",
                           ErrorKind::Unsupported);
    if (m.format_version() < 1)
        return check.error("format version " + std::to_string(m.format_version()) +
                           " is not valid");
    // A known version has no unknown fields: one is a misspelt or damaged field.
    m.Clear();
    if (auto st = parse(false, m); !st)
        return st.error();
    if (!m.has_model() || !m.has_settings())
        return check.error(std::string("not an exploration file (no ") +
                           (m.has_model() ? "settings" : "model") + ")");

    Exploration e;
    auto model = modelOf(m.model(), check);
    if (!model)
        return model.error();
    e.model = std::move(model).value();
    if (m.has_samples()) {
        auto samples = samplesOf(m.samples(), check);
        if (!samples)
            return samples.error();
        e.samples = std::move(samples).value();
    }
    auto settings = settingsOf(m.settings(), check);
    if (!settings)
        return settings.error();
    e.settings = std::move(settings).value();

    const auto& sel = m.selection();
    if (!sel.candidate().empty() && !sel.baseline().empty())
        return check.error("selection: both a candidate and a baseline are named");
    if (!sel.candidate().empty() && !isAssignmentKey(sel.candidate()))
        return check.error("selection: '" + sel.candidate() + "' is not a candidate's assignment");
    e.selection.candidateKey = sel.candidate();
    e.selection.baseline = fromStd(sel.baseline());

    e.dropStoreKey = fromStd(m.drops().store_key());
    if (!m.drops().drops().empty() && !isHexDigest(m.drops().store_key()))
        return check.error("measured drops: the store key '" + m.drops().store_key() +
                           "' is not 64 lower-case hex digits");
    for (const auto& [key, drop] : m.drops().drops()) {
        if (!isAssignmentKey(key))
            return check.error("measured drops: '" + key + "' is not a candidate's assignment");
        if (!std::isfinite(drop))
            return check.error("measured drops: the drop of '" + key + "' is not a number");
        e.drops.emplace(key, drop);
    }

    if (m.has_view()) {
        const auto& v = m.view();
        if (v.page() < 0 || v.page() > 2)
            return check.error("view: page " + std::to_string(v.page()) + " is not 0, 1 or 2");
        if (!std::isfinite(v.graph_zoom()) || v.graph_zoom() < 0.0)
            return check.error("view: graph zoom " + std::to_string(v.graph_zoom()) +
                               " is negative or not a number");
        e.view = ExplorationView{v.page(), v.graph_zoom(), v.raw_graph()};
    }
    return e;
}

QString locateModel(const ExplorationModel& model, const QString& explorationPath) {
    if (model.isSample())
        return {};
    if (QFileInfo(model.path).isFile())
        return model.path;
    if (!model.relativePath.isEmpty()) {
        const QString beside =
            QFileInfo(explorationPath).absoluteDir().absoluteFilePath(model.relativePath);
        if (QFileInfo(beside).isFile())
            return QDir::cleanPath(beside);
    }
    return {};
}

Result<QByteArray> fileSha256(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QDir::toNativeSeparators(path).toStdString() + ": cannot be read (" +
                         file.errorString().toStdString() + ")",
                     ErrorKind::Io};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return Error{QDir::toNativeSeparators(path).toStdString() + ": cannot be read",
                     ErrorKind::Io};
    return hash.result().toHex();
}

} // namespace autosplit::session
