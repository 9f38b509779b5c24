#include "core/bundle/bundle_reader.h"

#include "core/bundle/bundle_writer.h"
#include "core/bundle/file_digest.h"
#include "core/graph/data_type.h"
#include "core/util/file_bytes.h"
#include "core/util/input_limits.h"

#include <google/protobuf/util/json_util.h>
#include <onnx/onnx_pb.h>

#include <fstream>
#include <map>
#include <sstream>

namespace autosplit {

namespace fs = std::filesystem;

namespace {

// At most `maxBytes`: a manifest is text, a model part no bigger than the manifest says.
Result<std::string> readAll(const fs::path& path, int64_t maxBytes) {
    std::error_code ec;
    if (!fs::exists(path, ec))
        return Error{path.string() + ": missing or unreadable", ErrorKind::Io};
    return loadFileBytes(path.string(), maxBytes);
}

std::string typeName(int32_t elemType) {
    return std::string(nameOf(static_cast<DataType>(elemType)));
}

std::string shapeText(const google::protobuf::RepeatedField<int64_t>& shape) {
    std::string s;
    for (int i = 0; i < shape.size(); ++i)
        s += (i ? "x" : "") + (shape[i] < 0 ? std::string("?") : std::to_string(shape[i]));
    return s.empty() ? "scalar" : s;
}

// The model's file, checked against its manifest entry; its bytes, and the model parsed from them
// (for the checks against the manifest).
struct ReadModel {
    std::string bytes;
    onnx::ModelProto model;
};

Result<ReadModel> readModel(const fs::path& dir, const bundle::BundleFile& entry,
                            const char* expected) {
    if (entry.path() != expected)
        return Error{(dir / kManifestFile).string() + ": names the model '" + entry.path() +
                     "' where '" + expected + "' belongs"};
    const fs::path path = dir / expected;
    // a part larger than the manifest says is altered: refused before it is read
    auto bytes = readAll(path, entry.bytes());
    if (!bytes)
        return bytes.error();
    if (static_cast<int64_t>(bytes->size()) != entry.bytes() || sha256Hex(*bytes) != entry.sha256())
        return Error{path.string() +
                     ": does not match the manifest (SHA-256 differs: altered or replaced after "
                     "export)"};
    ReadModel read;
    if (!read.model.ParseFromString(*bytes))
        return Error{path.string() + ": not an ONNX model"};
    read.bytes = std::move(bytes).value();
    return read;
}

struct Port {
    std::string type;
    std::vector<int64_t> shape;
    bool rankKnown = false;
};

std::map<std::string, Port>
ports(const google::protobuf::RepeatedPtrField<onnx::ValueInfoProto>& infos) {
    std::map<std::string, Port> out;
    for (const auto& info : infos) {
        Port p;
        const auto& t = info.type().tensor_type();
        p.type = typeName(t.elem_type());
        p.rankKnown = t.has_shape();
        for (const auto& d : t.shape().dim())
            p.shape.push_back(d.has_dim_value() ? d.dim_value() : -1);
        out[info.name()] = p;
    }
    return out;
}

Status agree(const bundle::CrossingTensor& c, const std::map<std::string, Port>& side,
             const std::string& model, const char* role) {
    auto it = side.find(c.wire_name());
    if (it == side.end())
        return Error{"the manifest's crossing tensor '" + c.wire_name() + "' is not " + role +
                     " of " + model};
    if (it->second.type != c.data_type())
        return Error{"the manifest says '" + c.wire_name() + "' is " + c.data_type() + ", " +
                     model + " has " + it->second.type};
    if (it->second.rankKnown &&
        (static_cast<int>(it->second.shape.size()) != c.shape_size() ||
         !std::equal(it->second.shape.begin(), it->second.shape.end(), c.shape().begin(),
                     [](int64_t a, int64_t b) { return a < 0 || b < 0 || a == b; })))
        return Error{"the manifest says '" + c.wire_name() + "' is " + shapeText(c.shape()) + ", " +
                     model + " has a different shape"};
    return Status::success();
}

} // namespace

Result<bundle::Manifest> parseManifestJson(std::string_view json, const std::string& label) {
    bundle::Manifest manifest;
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = true; // fields are only ever added
    if (auto st = google::protobuf::util::JsonStringToMessage(
            google::protobuf::StringPiece(json.data(), json.size()), &manifest, options);
        !st.ok()) {
        // protobuf adds lines quoting the text under a caret; an error is one line
        const std::string reason(st.message());
        return Error{label + ": not a bundle manifest in JSON (" +
                     reason.substr(0, reason.find('\n')) + ")"};
    }
    if (manifest.format() != kBundleFormat)
        return Error{label + ": not an autosplit bundle manifest (format '" + manifest.format() +
                     "')"};
    if (manifest.format_version() < 1 || manifest.format_version() > kBundleFormatVersion)
        return Error{label + ": format version " + std::to_string(manifest.format_version()) +
                         " is newer than this program reads (" +
                         std::to_string(kBundleFormatVersion) + ")",
                     ErrorKind::Unsupported};
    for (const auto& c : manifest.crossing()) {
        if (c.wire_name().empty())
            return Error{label + ": a crossing tensor has no wire name"};
        if (c.quantized() &&
            (c.bits() < 1 || c.bits() > 8 || c.data_type() != "uint8" || !(c.scale() > 0.0) ||
             c.zero_point() < 0 || c.zero_point() >= (1 << c.bits())))
            return Error{label + ": crossing tensor '" + c.wire_name() +
                         "' has inconsistent codes (bits " + std::to_string(c.bits()) + ", scale " +
                         std::to_string(c.scale()) + ", zero point " +
                         std::to_string(c.zero_point()) + ")"};
    }
    return manifest;
}

Result<bundle::Manifest> readManifest(const fs::path& dir) {
    const fs::path path = dir / kManifestFile;
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        return Error{dir.string() + ": not a bundle folder (" +
                         (fs::exists(dir, ec) ? "a file" : "no such folder") + ")",
                     ErrorKind::Io};
    auto json = readAll(path, limits::kMaxTextFileBytes);
    if (!json)
        return json.error();
    return parseManifestJson(*json, path.string());
}

Result<OpenedBundle> readBundle(const fs::path& dir, const BundleReadOptions& options) {
    OpenedBundle b;
    b.dir = dir;
    auto manifest = readManifest(dir);
    if (!manifest)
        return manifest.error();
    b.manifest = std::move(manifest).value();
    if (options.edge) {
        auto edge = readModel(dir, b.manifest.edge_model(), kEdgeModelFile);
        if (!edge)
            return edge.error();
        b.edge = std::move(edge->bytes);
        const auto outputs = ports(edge->model.graph().output());
        for (const auto& c : b.manifest.crossing())
            if (auto s = agree(c, outputs, kEdgeModelFile, "an output"); !s)
                return s.error();
    }
    if (options.cloud) {
        auto cloud = readModel(dir, b.manifest.cloud_model(), kCloudModelFile);
        if (!cloud)
            return cloud.error();
        b.cloud = std::move(cloud->bytes);
        const auto inputs = ports(cloud->model.graph().input());
        for (const auto& c : b.manifest.crossing())
            if (auto s = agree(c, inputs, kCloudModelFile, "an input"); !s)
                return s.error();
        if (inputs.size() != static_cast<size_t>(b.manifest.crossing_size()))
            return Error{std::string(kCloudModelFile) + " takes " + std::to_string(inputs.size()) +
                         " inputs, the manifest lists " +
                         std::to_string(b.manifest.crossing_size()) + " crossing tensors"};
    }
    return b;
}

} // namespace autosplit
