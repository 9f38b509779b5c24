#include "core/bundle/bundle_writer.h"

#include "core/bundle/file_digest.h"
#include "core/io/durable_file.h"

#include <google/protobuf/util/json_util.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <sstream>
#include <unistd.h>

namespace autosplit {

namespace fs = std::filesystem;

namespace {

// Each file is flushed to the disk before the folder is renamed into place: after a power cut
// the bundle's name never stands for empty or short files.
Status writeFile(const fs::path& path, std::string_view bytes) {
    return writeSyncedFile(path, bytes);
}

// Triton's names: letters, digits, '_' and '-'.
std::string tritonName(const std::string& fileName) {
    std::string stem = fs::path(fileName).stem().string();
    std::string name;
    for (char c : stem)
        name += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_';
    if (name.empty())
        name = "model";
    return name + "_cloud";
}

std::string tritonType(const std::string& onnxType) {
    static const std::map<std::string, std::string> kTypes = {
        {"float32", "TYPE_FP32"},  {"float16", "TYPE_FP16"},  {"float64", "TYPE_FP64"},
        {"bfloat16", "TYPE_BF16"}, {"uint8", "TYPE_UINT8"},   {"int8", "TYPE_INT8"},
        {"uint16", "TYPE_UINT16"}, {"int16", "TYPE_INT16"},   {"uint32", "TYPE_UINT32"},
        {"int32", "TYPE_INT32"},   {"uint64", "TYPE_UINT64"}, {"int64", "TYPE_INT64"},
        {"bool", "TYPE_BOOL"},     {"string", "TYPE_STRING"}};
    auto it = kTypes.find(onnxType);
    return it == kTypes.end() ? "TYPE_INVALID" : it->second;
}

std::string dimsText(const google::protobuf::RepeatedField<int64_t>& shape) {
    std::string s = "[ ";
    for (int i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + " ]";
}

std::string seconds(double s) {
    std::ostringstream o;
    o.precision(4);
    o << s * 1e3 << " ms";
    return o.str();
}

std::string readme(const bundle::Manifest& m) {
    std::ostringstream o;
    const std::string model = m.source().file_name();
    o << "# " << model << ": edge/cloud deployment bundle\n\n";
    o << "Made by " << m.created_by() << " on " << m.created_at() << " from " << model
      << " (SHA-256 " << m.source().sha256() << ").\n";
    o << "Layers 1.." << m.split() << " of " << m.source().layers()
      << " (the optimized graph's numbering) run on the edge, the rest on the cloud (" << m.method()
      << ").\n\n";
    o << "## Files\n\n";
    o << "- `edge.onnx` — the edge part in QDQ form (int8 weights, Quantize/DequantizeLinear "
         "activations); its outputs are the tensors sent to the cloud.\n";
    o << "- `cloud.onnx` — the cloud part in float; it takes the sent tensors (uint8 codes are "
         "dequantized inside).\n";
    o << "- `manifest.json` — everything below, for programs: crossing tensors with their bits, "
         "scales, zero points and packing, per-layer bit-widths, predictions, file hashes.\n";
    o << "- `triton/` — a Triton Inference Server model repository serving `cloud.onnx` as "
         "model `"
      << m.triton_model_name() << "`.\n\n";
    o << "## Running it\n\n";
    o << "Cloud, with the bundled runtime (Open Inference Protocol, KServe v2 gRPC):\n\n";
    o << "    autosplit-cloud --bundle BUNDLE --listen 0.0.0.0:8001\n\n";
    o << "Edge (prints the outputs and measured against predicted times):\n\n";
    o << "    autosplit-edge --bundle BUNDLE --connect CLOUD:8001 --input NAME=FILE\n\n";
    o << "Cloud at scale, with Triton (the same cloud.onnx, unchanged):\n\n";
    o << "    tritonserver --model-repository BUNDLE/triton\n";
    o << "    autosplit-edge --bundle BUNDLE --connect CLOUD:8001 --wire codes --input "
         "NAME=FILE\n\n";
    o << "`--wire codes` sends unpacked uint8 codes, which a stock server accepts; the bundled "
         "runtime also takes packed codes (fewer bytes below 8 bits).\n\n";
    o << "## Tensors sent to the cloud\n\n";
    o << "| tensor | wire name | type | shape | bits | scale | zero point | packing | bytes |\n";
    o << "|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& c : m.crossing())
        o << "| " << c.name() << " | " << c.wire_name() << " | " << c.data_type() << " | "
          << dimsText(c.shape()) << " | " << c.bits() << " | "
          << (c.quantized() ? std::to_string(c.scale()) : "-") << " | "
          << (c.quantized() ? std::to_string(c.zero_point()) : "-") << " | " << c.packing() << " | "
          << c.wire_bytes() << " |\n";
    const auto& p = m.prediction();
    o << "\n## Predicted\n\n";
    o << "Edge " << seconds(p.edge_seconds()) << ", transmission "
      << seconds(p.transmission_seconds()) << ", cloud " << seconds(p.cloud_seconds()) << ", total "
      << seconds(p.total_seconds()) << "; " << p.transmitted_bytes() << " bytes sent; edge memory "
      << p.edge_memory_bytes() << " bytes";
    const auto& d = m.deployment();
    o << " (edge " << d.edge_device() << ", cloud " << d.cloud_device() << ", network "
      << d.network() << ", uplink " << d.uplink_bits_per_second() << " bit/s).\n";
    const auto& a = m.accuracy();
    if (a.measured())
        o << "Accuracy drop " << a.drop_percent() << " percentage points (" << a.measure() << ", "
          << a.samples() << " samples from " << a.sample_source() << ").\n";
    else
        o << "The accuracy drop was not measured (no sample data); the error proxy E is "
          << p.error() << ".\n";
    return o.str();
}

bool looksLikeBundle(const fs::path& dir) {
    std::error_code ec;
    return fs::is_empty(dir, ec) || fs::is_regular_file(dir / kManifestFile, ec);
}

} // namespace

std::string manifestJson(const bundle::Manifest& manifest) {
    google::protobuf::util::JsonPrintOptions options;
    options.add_whitespace = true;
    options.always_print_primitive_fields = true;
    options.preserve_proto_field_names = false;
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(manifest, &json, options);
    return json;
}

std::string tritonConfig(const bundle::Manifest& m) {
    std::ostringstream o;
    o << "# Written by " << m.created_by() << " for " << m.source().file_name()
      << ": the cloud part of the split after layer " << m.split() << ".\n";
    o << "name: \"" << m.triton_model_name() << "\"\n";
    o << "backend: \"onnxruntime\"\n";
    o << "max_batch_size: 0\n";
    o << "input [\n";
    for (int i = 0; i < m.crossing_size(); ++i) {
        const auto& c = m.crossing(i);
        o << "  {\n    name: \"" << c.wire_name()
          << "\"\n    data_type: " << tritonType(c.data_type())
          << "\n    dims: " << dimsText(c.shape()) << "\n  }"
          << (i + 1 < m.crossing_size() ? "," : "") << "\n";
    }
    o << "]\n";
    // an output of unknown rank is left to Triton's configuration auto-complete
    std::vector<const bundle::TensorSpec*> outputs;
    for (const auto& t : m.cloud_outputs())
        if (t.shape_size() > 0 || t.data_type() != "undefined")
            outputs.push_back(&t);
    o << "output [\n";
    for (size_t i = 0; i < outputs.size(); ++i)
        o << "  {\n    name: \"" << outputs[i]->name()
          << "\"\n    data_type: " << tritonType(outputs[i]->data_type())
          << "\n    dims: " << dimsText(outputs[i]->shape()) << "\n  }"
          << (i + 1 < outputs.size() ? "," : "") << "\n";
    o << "]\n";
    return o.str();
}

Status writeBundle(const fs::path& requested, bundle::Manifest manifest,
                   const onnx::ModelProto& edge, const onnx::ModelProto& cloud,
                   const BundleWriteOptions& options, const ProgressCallback& progress,
                   const CancellationToken& cancel) {
    // "out/" (as a shell completes a folder name) is the folder "out"; the rename below and the
    // temporary name beside it need the name without the separator
    const fs::path dir = requested.filename().empty() && requested.has_relative_path()
                             ? requested.parent_path()
                             : requested;
    const std::string where = requested.string();
    if (dir.empty() || dir.filename().empty())
        return Error{"'" + where + "' is not a folder name for a bundle", ErrorKind::Usage};
    // before anything is created, the parent folders included
    if (cancel.isCancelled())
        return Error{"export cancelled", ErrorKind::Cancelled};
    std::error_code ec;
    const bool exists = fs::exists(dir, ec);
    if (exists) {
        if (!options.replace)
            return Error{where + ": already exists (replace it explicitly, or choose a new folder)",
                         ErrorKind::Io};
        if (!fs::is_directory(dir, ec) || !looksLikeBundle(dir))
            return Error{where + ": exists and is not a bundle folder; not replacing it",
                         ErrorKind::Io};
    }
    const fs::path parent = dir.parent_path().empty() ? fs::path(".") : dir.parent_path();
    fs::create_directories(parent, ec);
    if (!fs::is_directory(parent, ec))
        return Error{parent.string() + ": the folder cannot be created", ErrorKind::Io};

    // a folder left by an export that was killed is of no use to anyone
    removeStalePartials(parent / dir.filename());
    const fs::path temp = partialSibling(parent / dir.filename());
    if (!fs::create_directory(temp, ec))
        return Error{temp.string() + ": cannot be created: " + ec.message(), ErrorKind::Io};
    struct Cleanup {
        fs::path path;
        ~Cleanup() {
            std::error_code e;
            if (!path.empty())
                fs::remove_all(path, e);
        }
    } cleanup{temp};
    auto cancelled = [&] { return cancel.isCancelled(); };

    manifest.set_format(kBundleFormat);
    manifest.set_format_version(kBundleFormatVersion);
    manifest.set_triton_model_name(tritonName(manifest.source().file_name()));
    auto writeModel = [&](const onnx::ModelProto& model, const char* name,
                          bundle::BundleFile* entry) -> Status {
        std::string bytes;
        if (!model.SerializeToString(&bytes))
            return Error{std::string(name) + ": the model cannot be serialized (over 2 GB?)",
                         ErrorKind::Unsupported};
        if (auto s = writeFile(temp / name, bytes); !s)
            return s;
        entry->set_path(name);
        entry->set_sha256(sha256Hex(bytes));
        entry->set_bytes(static_cast<int64_t>(bytes.size()));
        return Status::success();
    };
    reportProgress(progress, 0.05, "writing edge.onnx");
    if (auto s = writeModel(edge, kEdgeModelFile, manifest.mutable_edge_model()); !s)
        return s;
    if (cancelled())
        return Error{"export cancelled", ErrorKind::Cancelled};
    reportProgress(progress, 0.4, "writing cloud.onnx");
    if (auto s = writeModel(cloud, kCloudModelFile, manifest.mutable_cloud_model()); !s)
        return s;
    if (cancelled())
        return Error{"export cancelled", ErrorKind::Cancelled};

    reportProgress(progress, 0.8, "writing the Triton repository");
    const fs::path version = temp / "triton" / manifest.triton_model_name() / "1";
    fs::create_directories(version, ec);
    if (ec)
        return Error{version.string() + ": cannot be created: " + ec.message(), ErrorKind::Io};
    // a hard link costs no space; a copy where the file system has none
    fs::create_hard_link(temp / kCloudModelFile, version / "model.onnx", ec);
    if (ec) {
        ec.clear();
        fs::copy_file(temp / kCloudModelFile, version / "model.onnx", ec);
        if (ec)
            return Error{(version / "model.onnx").string() + ": cannot be written: " + ec.message(),
                         ErrorKind::Io};
    }
    if (auto s = writeFile(temp / "triton" / manifest.triton_model_name() / "config.pbtxt",
                           tritonConfig(manifest));
        !s)
        return s;
    if (auto s = writeFile(temp / "README.md", readme(manifest)); !s)
        return s;
    if (auto s = writeFile(temp / kManifestFile, manifestJson(manifest)); !s)
        return s;
    if (cancelled())
        return Error{"export cancelled", ErrorKind::Cancelled};
    for (const fs::path& folder :
         {version, version.parent_path(), version.parent_path().parent_path(), temp})
        if (auto s = syncFolder(folder); !s)
            return s;

    reportProgress(progress, 0.95, "moving the bundle into place");
    // renameat2 refuses to overwrite (NOREPLACE) or swaps both folders in one step (EXCHANGE):
    // there is no moment without a whole bundle at `dir`.
    const unsigned flags = exists ? RENAME_EXCHANGE : RENAME_NOREPLACE;
    if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, dir.c_str(), flags) != 0) {
        const int e = errno;
        if (e == EEXIST || e == ENOTEMPTY)
            return Error{where + ": already exists (created while exporting)", ErrorKind::Io};
        return Error{where + ": cannot be moved into place: " + std::strerror(e), ErrorKind::Io};
    }
    // the temporary name now holds the replaced bundle, or nothing
    if (!exists)
        cleanup.path.clear();
    // the bundle is in place whatever this says: flushing the rename is the disk's last chance
    (void)syncFolder(parent);
    reportProgress(progress, 1.0, "done");
    return Status::success();
}

} // namespace autosplit
