// Importing an ONNX model: reading, external data, structure checks, the checker, shape
// inference and conversion to the graph IR, in the order the Importer runs them.
// Long file: the Importer is one pipeline whose steps share its state (the model, the name map,
// the warnings); split across files it would need that state in a header of its own.

#include "core/onnx/onnx_importer.h"

#include "core/onnx/onnx_convert.h"
#include "core/onnx/onnx_wire_scan.h"
#include "core/util/input_limits.h"
#include "core/util/machine_memory.h"
#include "core/util/size_text.h"

#include <onnx/checker.h>
#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

#include <google/protobuf/io/coded_stream.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <limits>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace autosplit {

namespace fs = std::filesystem;

namespace {

// Highest ai.onnx opset the linked ONNX library knows; anything newer cannot be checked.
int64_t maxKnownOpset() {
    const auto& map = onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map();
    auto it = map.find(onnx::ONNX_DOMAIN);
    return it == map.end() ? 17 : it->second.second;
}

// When parsing fails, walk the top-level wire format to say why: a length that runs past the
// end means the file was cut short; an impossible tag means it is not a protobuf at all.
std::string diagnoseParseFailure(std::string_view bytes) {
    google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()),
                                              static_cast<int>(bytes.size()));
    in.SetTotalBytesLimit(std::numeric_limits<int>::max());
    while (true) {
        const int offset = in.CurrentPosition();
        const uint32_t tag = in.ReadTag();
        if (tag == 0)
            break;
        const int wireType = static_cast<int>(tag & 7);
        const uint32_t field = tag >> 3;
        if (field == 0 || wireType > 5 || wireType == 3 || wireType == 4)
            return "not an ONNX protobuf file (invalid data at byte " + std::to_string(offset) +
                   ")";
        bool ok = true;
        switch (wireType) {
        case 0: {
            uint64_t v;
            ok = in.ReadVarint64(&v);
            break;
        }
        case 1: {
            uint64_t v;
            ok = in.ReadLittleEndian64(&v);
            break;
        }
        case 5: {
            uint32_t v;
            ok = in.ReadLittleEndian32(&v);
            break;
        }
        case 2: {
            uint32_t length;
            if (!in.ReadVarint32(&length)) {
                ok = false;
                break;
            }
            const int remaining = static_cast<int>(bytes.size()) - in.CurrentPosition();
            if (static_cast<int64_t>(length) > remaining)
                return "the file is truncated: field " + std::to_string(field) + " at byte " +
                       std::to_string(offset) + " needs " + std::to_string(length) +
                       " bytes but only " + std::to_string(remaining) + " remain";
            ok = in.Skip(static_cast<int>(length));
            break;
        }
        }
        if (!ok)
            return "the file is truncated at byte " + std::to_string(in.CurrentPosition());
    }
    return "not a valid ONNX protobuf file (the data does not parse as onnx.ModelProto)";
}

Result<std::string> readWholeFile(const fs::path& path) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status))
        return Error{"file not found", ErrorKind::Io};
    if (fs::is_directory(status))
        return Error{"is a directory, not a model file"};
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error{"cannot be opened for reading", ErrorKind::Io};
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size < 0)
        return Error{"cannot be read", ErrorKind::Io};
    if (size > std::numeric_limits<int>::max())
        return Error{"is larger than 2 GiB, the protobuf limit; keep weights as external data"};
    std::string bytes(static_cast<size_t>(size), '\0');
    in.seekg(0);
    in.read(bytes.data(), size);
    if (!in)
        return Error{"could not be read completely"};
    return bytes;
}

// Bytes the dims and data type of a tensor declare; the tensor passed checkTensorProto, so the
// product neither overflows nor is negative.
int64_t declaredTensorBytes(const onnx::TensorProto& tensor) {
    const auto dtype = static_cast<DataType>(tensor.data_type());
    if (dtype == DataType::String)
        return 0;
    const auto elements = checkedProduct({tensor.dims().begin(), tensor.dims().end()});
    return elements.value_or(0) * (bitsOf(dtype) / 8);
}

// Reads external tensor data, allowing only files inside the model's folder.
Status resolveExternalData(onnx::TensorProto& tensor, const fs::path& baseDir) {
    const std::string label = "initializer '" + tensor.name() + "'";
    std::string location;
    int64_t offset = 0;
    int64_t length = -1;
    for (const auto& entry : tensor.external_data()) {
        try {
            if (entry.key() == "location")
                location = entry.value();
            else if (entry.key() == "offset")
                offset = std::stoll(entry.value());
            else if (entry.key() == "length")
                length = std::stoll(entry.value());
        } catch (const std::exception&) {
            return Error{label + ": external data " + entry.key() + " '" + entry.value() +
                         "' is not a number"};
        }
    }
    if (location.empty())
        return Error{label + ": external data has no location"};
    if (baseDir.empty())
        return Error{label + ": external data '" + location +
                     "' cannot be resolved for a model loaded from memory"};
    const fs::path relative(location);
    const fs::path normal = relative.lexically_normal();
    if (relative.is_absolute() || relative.has_root_name() || normal.empty() ||
        *normal.begin() == "..")
        return Error{label + ": external data location '" + location +
                     "' is outside the model's folder (rejected)"};
    std::error_code ec;
    const fs::path root = fs::weakly_canonical(baseDir, ec);
    const fs::path target = fs::weakly_canonical(baseDir / normal, ec);
    if (ec)
        return Error{label + ": external data file '" + location + "' cannot be resolved"};
    const auto rootText = root.native();
    const auto targetText = target.native();
    if (targetText.size() <= rootText.size() ||
        targetText.compare(0, rootText.size(), rootText) != 0 ||
        targetText[rootText.size()] != fs::path::preferred_separator)
        return Error{label + ": external data location '" + location +
                     "' resolves outside the model's folder (rejected)"};
    if (!fs::is_regular_file(target, ec))
        return Error{label + ": external data file '" + location + "' not found"};
    const auto fileSize = static_cast<int64_t>(fs::file_size(target, ec));
    if (offset < 0 || offset > fileSize)
        return Error{label + ": external data offset " + std::to_string(offset) +
                     " is beyond the end of '" + location + "'"};
    // the declared dims say how much to read: a length claiming more is refused, not read
    const int64_t declared = declaredTensorBytes(tensor);
    if (length < 0)
        length = declared;
    if (length != declared)
        return Error{label + ": external data '" + location + "' claims " + std::to_string(length) +
                     " bytes, but its dims " +
                     TensorShape::of({tensor.dims().begin(), tensor.dims().end()}).toString() +
                     " of " + std::string(nameOf(static_cast<DataType>(tensor.data_type()))) +
                     " hold " + std::to_string(declared)};
    if (length > fileSize - offset)
        return Error{label + ": external data '" + location + "' is truncated: needs " +
                     std::to_string(length) + " bytes at offset " + std::to_string(offset) +
                     ", file has " + std::to_string(fileSize)};
    std::ifstream in(target, std::ios::binary);
    std::string data(static_cast<size_t>(length), '\0');
    in.seekg(offset);
    in.read(data.data(), length);
    if (!in)
        return Error{label + ": external data '" + location + "' could not be read"};
    tensor.set_raw_data(std::move(data));
    tensor.clear_external_data();
    tensor.set_data_location(onnx::TensorProto::DEFAULT);
    return Status::success();
}

bool isStandardDomain(const std::string& domain) {
    return domain.empty() || domain == "ai.onnx" || domain == "ai.onnx.ml";
}

std::string dimsToString(const std::vector<int64_t>& dims) {
    return TensorShape::of(dims).toString();
}

class Importer {
public:
    Importer(std::string displayName, fs::path baseDir, const ImportOptions& options,
             const ProgressCallback& progress, const CancellationToken& cancel)
        : m_name(std::move(displayName)), m_baseDir(std::move(baseDir)), m_options(options),
          m_progress(progress), m_cancel(cancel) {}

    Result<ImportedModel> run(std::string_view bytes) {
        if (bytes.empty())
            return fail("the file is empty");
        reportProgress(m_progress, 0.05, "parsing");
        if (auto s = checkWireCounts(bytes); !s)
            return fail(s.error().message);
        if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max()) ||
            !m_model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
            return fail(diagnoseParseFailure(bytes));
        if (!m_model.has_graph() || (m_model.ir_version() == 0 && m_model.graph().node_size() == 0))
            return fail("not an ONNX model (no graph found in the protobuf)");
        if (auto s = checkOpsets(); !s)
            return fail(s.error().message);
        if (cancelled())
            return Error{m_name + ": cancelled", ErrorKind::Cancelled};

        if (auto s = checkDeclaredWeights(); !s)
            return fail(s.error().message);
        reportProgress(m_progress, 0.25, "resolving external data");
        for (auto& init : *m_model.mutable_graph()->mutable_initializer())
            if (init.data_location() == onnx::TensorProto::EXTERNAL)
                if (auto s = resolveExternalData(init, m_baseDir); !s)
                    return fail(s.error().message);

        reportProgress(m_progress, 0.35, "checking structure");
        if (auto s = buildStructure(); !s)
            return fail(s.error().message);
        if (cancelled())
            return Error{m_name + ": cancelled", ErrorKind::Cancelled};

        if (auto s = applyInputShapes(); !s)
            return fail(s.error().message);

        if (m_options.runChecker) {
            reportProgress(m_progress, 0.45, "ONNX checker");
            if (auto s = runChecker(); !s)
                return fail(s.error().message);
        }
        if (cancelled())
            return Error{m_name + ": cancelled", ErrorKind::Cancelled};

        reportProgress(m_progress, 0.6, "shape inference");
        try {
            onnx::ShapeInferenceOptions options(false, 0, true);
            onnx::shape_inference::InferShapes(m_model, onnx::OpSchemaRegistry::Instance(),
                                               options);
        } catch (const std::exception& e) {
            return fail(std::string("ONNX shape inference failed: ") + e.what());
        }
        if (cancelled())
            return Error{m_name + ": cancelled", ErrorKind::Cancelled};

        reportProgress(m_progress, 0.8, "building graph");
        if (auto s = fillTypesAndData(); !s)
            return fail(s.error().message);
        if (auto s = m_graph.finalize(); !s)
            return fail(s.error().message);
        reportProgress(m_progress, 1.0, "imported");

        ImportedModel result;
        result.graph = std::move(m_graph);
        result.warnings = std::move(m_warnings);
        result.displayName = m_name;
        return result;
    }

private:
    Error fail(const std::string& problem) const { return Error{m_name + ": " + problem}; }
    bool cancelled() const { return m_cancel.isCancelled(); }

    // Before parsing: protobuf would build every node of a huge file, and stop a deep nesting
    // with an error that does not say why.
    static Status checkWireCounts(std::string_view bytes) {
        const auto counts = scanOnnxWire(bytes, limits::kMaxSubgraphDepth, limits::kMaxGraphNodes);
        if (counts.deepestNesting > limits::kMaxSubgraphDepth)
            return Error{"sub-graphs (of If, Loop or Scan nodes) are nested more than " +
                         std::to_string(limits::kMaxSubgraphDepth) + " levels deep (the limit)"};
        if (counts.nodes > limits::kMaxGraphNodes)
            return Error{"has more than " + groupedDigits(limits::kMaxGraphNodes) +
                         " nodes (the limit; large real models have about 10,000)"};
        return Status::success();
    }

    // The weights' declared sizes against the machine, before external data is read.
    Status checkDeclaredWeights() const {
        int64_t total = 0;
        for (const auto& init : m_model.graph().initializer()) {
            if (auto s = checkTensorProto(init); !s)
                return s;
            const int64_t bytes = declaredTensorBytes(init);
            if (bytes > std::numeric_limits<int64_t>::max() - total) {
                total = -1; // overflowed: reported as such
                break;
            }
            total += bytes;
        }
        return checkModelMemory(
            total, "the weight data (" +
                       countOf(m_model.graph().initializer_size(), "initializer", "initializers") +
                       ")");
    }

    Status checkOpsets() {
        bool hasDefault = false;
        for (const auto& opset : m_model.opset_import()) {
            std::string domain = opset.domain() == "ai.onnx" ? std::string() : opset.domain();
            m_graph.opsetImports[domain] = opset.version();
            if (domain.empty()) {
                hasDefault = true;
                if (opset.version() > maxKnownOpset())
                    return Error{"opset " + std::to_string(opset.version()) +
                                 " is newer than this ONNX library supports (up to " +
                                 std::to_string(maxKnownOpset()) + ")"};
                if (opset.version() < 1)
                    return Error{"invalid opset version " + std::to_string(opset.version())};
            }
        }
        if (!hasDefault)
            return Error{"the model imports no ai.onnx opset"};
        m_graph.irVersion = m_model.ir_version();
        m_graph.producerName = m_model.producer_name();
        m_graph.name = m_model.graph().name();
        return Status::success();
    }

    // Values, nodes and links, with names checked before the ONNX checker runs so a user reads
    // "node X reads tensor Y that nothing defines" rather than a checker internals message.
    Status buildStructure() {
        const onnx::GraphProto& g = m_model.graph();
        std::unordered_set<std::string> initializerNames;
        for (const auto& init : g.initializer()) {
            if (!initializerNames.insert(init.name()).second)
                return Error{"initializer '" + init.name() + "' is defined twice"};
            if (auto s = checkTensorProto(init); !s)
                return s;
            const ValueId id =
                m_graph.addValue(init.name(), static_cast<DataType>(init.data_type()),
                                 TensorShape::of({init.dims().begin(), init.dims().end()}));
            // the data is moved in after the checker and shape inference have read it
            m_graph.value(id).initializer = std::make_shared<const Tensor>();
        }
        for (const auto& input : g.input()) {
            if (initializerNames.count(input.name()))
                continue; // IR < 4 lists weights as inputs too; they are constants
            if (m_graph.findValue(input.name()) != kNone)
                return Error{"graph input '" + input.name() + "' is declared twice"};
            m_graph.addInput(m_graph.addValue(input.name()));
        }
        // Parameter slots, to tell a missing weight from any other undefined tensor.
        static const std::unordered_map<std::string, int> firstWeightSlot = {
            {"Conv", 1},
            {"ConvTranspose", 1},
            {"Gemm", 1},
            {"BatchNormalization", 1},
            {"InstanceNormalization", 1},
            {"LayerNormalization", 1},
            {"PRelu", 1}};
        std::vector<Node> nodes;
        nodes.reserve(static_cast<size_t>(g.node_size()));
        int index = 0;
        for (const auto& proto : g.node()) {
            Node node;
            node.name =
                proto.name().empty() ? proto.op_type() + "_" + std::to_string(index) : proto.name();
            node.opType = proto.op_type();
            node.domain = proto.domain() == "ai.onnx" ? std::string() : proto.domain();
            ++index;
            for (const auto& attr : proto.attribute()) {
                auto converted = attributeFromProto(attr);
                if (!converted)
                    return converted.error().prefixed("node '" + node.name + "': ");
                node.attributes.emplace(attr.name(), std::move(converted).value());
            }
            for (const auto& out : proto.output()) {
                if (out.empty()) {
                    node.outputs.push_back(kNone);
                    continue;
                }
                if (const ValueId existing = m_graph.findValue(out); existing != kNone) {
                    const Value& v = m_graph.value(existing);
                    if (v.isConstant())
                        return Error{"node '" + node.name + "' writes tensor '" + out +
                                     "', which is also an initializer"};
                    if (v.isGraphInput)
                        return Error{"node '" + node.name + "' writes tensor '" + out +
                                     "', which is also a graph input"};
                    return Error{"tensor '" + out + "' is produced by two nodes (the second is '" +
                                 node.name + "')"};
                }
                node.outputs.push_back(m_graph.addValue(out));
            }
            nodes.push_back(std::move(node));
        }
        // Inputs are linked after every output exists, so an out-of-order file still imports.
        index = 0;
        for (const auto& proto : g.node()) {
            Node& node = nodes[static_cast<size_t>(index++)];
            int slot = 0;
            for (const auto& in : proto.input()) {
                if (in.empty()) {
                    node.inputs.push_back(kNone);
                    ++slot;
                    continue;
                }
                const ValueId id = m_graph.findValue(in);
                if (id == kNone) {
                    auto it = firstWeightSlot.find(node.opType);
                    if (it != firstWeightSlot.end() && slot >= it->second)
                        return Error{"node '" + node.name + "' (" + node.opType +
                                     ") needs weight '" + in +
                                     "', but the model has no initializer or input of that name "
                                     "(missing initializer)"};
                    return Error{"node '" + node.name + "' (" + node.opType + ") reads tensor '" +
                                 in +
                                 "', which no node produces and is neither a graph input nor "
                                 "an initializer (dangling input)"};
                }
                node.inputs.push_back(id);
                ++slot;
            }
        }
        for (auto& node : nodes)
            m_graph.addNode(std::move(node));
        for (const auto& output : g.output()) {
            const ValueId id = m_graph.findValue(output.name());
            if (id == kNone)
                return Error{"graph output '" + output.name() +
                             "' is not produced by any node (dangling output)"};
            m_graph.addOutput(id);
        }

        // Sort now: a cycle is reported here, and the checker requires sorted nodes.
        if (auto s = m_graph.finalize(); !s)
            return s;
        sortProtoNodes();
        findUnknownOps();
        return Status::success();
    }

    void sortProtoNodes() {
        auto* nodes = m_model.mutable_graph()->mutable_node();
        bool sorted = true;
        std::unordered_map<std::string, int> producedAt;
        for (int i = 0; i < nodes->size(); ++i)
            for (const auto& out : nodes->Get(i).output())
                producedAt[out] = i;
        for (int i = 0; i < nodes->size() && sorted; ++i)
            for (const auto& in : nodes->Get(i).input())
                if (auto it = producedAt.find(in); it != producedAt.end() && it->second > i)
                    sorted = false;
        if (sorted)
            return;
        // Rebuild in the IR's topological order, keyed by each node's first output.
        std::unordered_map<std::string, int> rank;
        for (size_t n = 0; n < m_graph.nodeCount(); ++n)
            for (ValueId out : m_graph.node(static_cast<NodeId>(n)).outputs)
                if (out != kNone)
                    rank[m_graph.value(out).name] = static_cast<int>(n);
        std::vector<onnx::NodeProto*> order(nodes->pointer_begin(), nodes->pointer_end());
        auto rankOf = [&](const onnx::NodeProto* p) {
            for (const auto& out : p->output())
                if (auto it = rank.find(out); it != rank.end())
                    return it->second;
            return -1;
        };
        std::stable_sort(order.begin(), order.end(),
                         [&](auto* a, auto* b) { return rankOf(a) < rankOf(b); });
        google::protobuf::RepeatedPtrField<onnx::NodeProto> sortedNodes;
        for (auto* p : order)
            sortedNodes.Add()->Swap(p);
        nodes->Swap(&sortedNodes);
    }

    void findUnknownOps() {
        std::set<std::string> reported;
        for (const auto& node : m_graph.nodes()) {
            const std::string domain = node.domain;
            const int64_t version = m_graph.opsetVersion(domain);
            const bool known = onnx::OpSchemaRegistry::Schema(
                                   node.opType, static_cast<int>(version), domain) != nullptr;
            if (known)
                continue;
            m_unknownOps.insert(node.opType);
            const std::string key = domain + "::" + node.opType;
            if (reported.insert(key).second)
                m_warnings.push_back(
                    "op '" + node.opType + "'" +
                    (domain.empty() ? std::string() : " (domain '" + domain + "')") +
                    " is unknown to ONNX (first at node '" + node.name +
                    "'): its outputs' shapes may be unknown");
        }
    }

    Status applyInputShapes() {
        auto* inputs = m_model.mutable_graph()->mutable_input();
        std::unordered_map<std::string, onnx::ValueInfoProto*> byName;
        std::string available;
        for (auto& input : *inputs) {
            const ValueId id = m_graph.findValue(input.name());
            if (id == kNone || !m_graph.value(id).isGraphInput)
                continue;
            byName[input.name()] = &input;
            available += (available.empty() ? "" : ", ") + input.name();
        }
        std::set<std::string> overridden;
        for (const auto& override : m_options.inputShapes) {
            auto it = byName.find(override.name);
            if (it == byName.end())
                return Error{"--input-shape: the model has no input named '" + override.name +
                             "' (inputs: " + available + ")"};
            auto* type = it->second->mutable_type();
            if (!type->has_tensor_type())
                return Error{"--input-shape: input '" + override.name + "' is not a tensor"};
            auto* shape = type->mutable_tensor_type()->mutable_shape();
            if (type->tensor_type().has_shape() &&
                shape->dim_size() != static_cast<int>(override.dims.size()))
                return Error{"--input-shape: input '" + override.name + "' has rank " +
                             std::to_string(shape->dim_size()) + ", but " +
                             dimsToString(override.dims) + " has rank " +
                             std::to_string(override.dims.size())};
            if (shape->dim_size() == 0)
                for (size_t i = 0; i < override.dims.size(); ++i)
                    shape->add_dim();
            for (int i = 0; i < shape->dim_size(); ++i) {
                auto* dim = shape->mutable_dim(i);
                const int64_t want = override.dims[static_cast<size_t>(i)];
                if (dim->has_dim_value() && dim->dim_value() != want)
                    return Error{"--input-shape: input '" + override.name +
                                 "' has fixed dimension " + std::to_string(i) + " = " +
                                 std::to_string(dim->dim_value()) + ", not " +
                                 std::to_string(want)};
                dim->set_dim_value(want);
            }
            overridden.insert(override.name);
        }
        for (auto& [name, input] : byName) {
            if (overridden.count(name) || !input->type().has_tensor_type() ||
                !input->type().tensor_type().has_shape())
                continue;
            auto* shape = input->mutable_type()->mutable_tensor_type()->mutable_shape();
            std::string dynamicDims;
            for (int i = 0; i < shape->dim_size(); ++i) {
                auto* dim = shape->mutable_dim(i);
                if (dim->has_dim_value())
                    continue;
                if (i == 0 && m_options.assumeBatchOne && shape->dim_size() > 1) {
                    dim->set_dim_value(1);
                    m_warnings.push_back("input '" + name +
                                         "': dynamic batch dimension assumed to be 1");
                    continue;
                }
                dynamicDims += (dynamicDims.empty() ? "" : ", ") + std::to_string(i);
            }
            if (!dynamicDims.empty())
                m_warnings.push_back("input '" + name + "' has dynamic dimension(s) " +
                                     dynamicDims + "; give --input-shape " + name +
                                     "=... to fix them");
        }
        return Status::success();
    }

    Status runChecker() {
        // The 1.12 checker stops at ops it does not know and at graph outputs without a shape
        // (which the ONNX spec allows). Check everything else: move unknown ops to a private
        // domain and give shapeless outputs a placeholder shape, then restore both; editing in
        // place avoids copying a model whose weights may be hundreds of megabytes.
        onnx::GraphProto* g = m_model.mutable_graph();
        const std::string privateDomain = "autosplit.unknown";
        std::vector<onnx::NodeProto*> relabelled;
        for (auto& node : *g->mutable_node())
            if (m_unknownOps.count(node.op_type()) && isStandardDomain(node.domain())) {
                node.set_domain(privateDomain);
                relabelled.push_back(&node);
            }
        if (!relabelled.empty()) {
            auto* opset = m_model.add_opset_import();
            opset->set_domain(privateDomain);
            opset->set_version(1);
        }
        std::vector<onnx::ValueInfoProto*> shapeless;
        for (auto& output : *g->mutable_output())
            if (output.type().has_tensor_type() && !output.type().tensor_type().has_shape()) {
                output.mutable_type()->mutable_tensor_type()->mutable_shape();
                shapeless.push_back(&output);
            }
        std::string failure;
        try {
            onnx::checker::check_model(m_model);
        } catch (const std::exception& e) {
            failure = e.what();
            // the checker appends a multi-line context; the first line is the finding
            if (auto nl = failure.find('\n'); nl != std::string::npos)
                failure.resize(nl);
        }
        for (auto* node : relabelled)
            node->clear_domain();
        if (!relabelled.empty())
            m_model.mutable_opset_import()->RemoveLast();
        for (auto* output : shapeless)
            output->mutable_type()->mutable_tensor_type()->clear_shape();
        if (!failure.empty())
            return Error{"rejected by the ONNX checker: " + failure};
        return Status::success();
    }

    Status setType(ValueId id, const onnx::TypeProto& type) {
        Value& v = m_graph.value(id);
        auto shape = shapeFromType(type, v.name);
        if (!shape)
            return shape.error();
        if (type.has_tensor_type() && type.tensor_type().elem_type() != 0)
            v.dtype = static_cast<DataType>(type.tensor_type().elem_type());
        if (shape->rankKnown)
            v.shape = std::move(shape).value();
        return Status::success();
    }

    Status fillTypesAndData() {
        onnx::GraphProto* g = m_model.mutable_graph();
        auto visit = [&](const onnx::ValueInfoProto& info) -> Status {
            const ValueId id = m_graph.findValue(info.name());
            if (id == kNone || m_graph.value(id).isConstant())
                return Status::success();
            return setType(id, info.type());
        };
        for (const auto& info : g->input())
            if (auto s = visit(info); !s)
                return s;
        for (const auto& info : g->value_info())
            if (auto s = visit(info); !s)
                return s;
        for (const auto& info : g->output())
            if (auto s = visit(info); !s)
                return s;
        for (auto& init : *g->mutable_initializer()) {
            auto tensor = tensorFromProto(init, true);
            if (!tensor)
                return tensor.error();
            const ValueId id = m_graph.findValue(init.name());
            if (id == kNone)
                continue; // unused initializer, dropped with the structure
            Value& v = m_graph.value(id);
            v.dtype = tensor->dtype;
            v.shape = TensorShape::of(tensor->dims);
            v.initializer = std::make_shared<const Tensor>(std::move(tensor).value());
        }
        // Constant nodes become initializers: they are data, not layers.
        for (size_t n = 0; n < m_graph.nodeCount(); ++n) {
            Node& node = m_graph.node(static_cast<NodeId>(n));
            if (node.opType != "Constant" || !node.domain.empty() || node.outputs.size() != 1)
                continue;
            std::shared_ptr<const Tensor> data;
            if (const Attribute* a = node.attribute("value"); a && a->tensor)
                data = a->tensor;
            else if (const Attribute* a = node.attribute("value_float"))
                data = std::make_shared<const Tensor>(Tensor::fromFloats({}, {a->f}));
            else if (const Attribute* a = node.attribute("value_floats"))
                data = std::make_shared<const Tensor>(
                    Tensor::fromFloats({static_cast<int64_t>(a->floats.size())}, a->floats));
            else if (const Attribute* a = node.attribute("value_int"))
                data = std::make_shared<const Tensor>(Tensor::fromInt64s({}, {a->i}));
            else if (const Attribute* a = node.attribute("value_ints"))
                data = std::make_shared<const Tensor>(
                    Tensor::fromInt64s({static_cast<int64_t>(a->ints.size())}, a->ints));
            if (!data)
                continue; // sparse or string constants stay as nodes
            const ValueId out = node.outputs.front();
            Value& v = m_graph.value(out);
            v.initializer = data;
            v.dtype = data->dtype;
            v.shape = TensorShape::of(data->dims);
            m_graph.removeNode(static_cast<NodeId>(n));
        }
        // Dimensions whose product overflows cannot be analysed: reject them here, by name.
        for (const Value& v : m_graph.values()) {
            if (!v.shape.isFullyKnown())
                continue;
            std::vector<int64_t> withBits = v.shape.dims;
            withBits.push_back(128);
            if (!checkedProduct(withBits))
                return Error{"tensor '" + v.name + "' has shape " + v.shape.toString() +
                             ", whose element count overflows 64 bits"};
            // nothing could run a tensor bigger than the machine; say so now, not in a kernel
            const int64_t bits = *checkedProduct(withBits) / 128 * bitsOf(v.dtype);
            if (auto s =
                    checkModelMemory(bits / 8, "tensor '" + v.name + "' (" + v.shape.toString() +
                                                   " " + std::string(nameOf(v.dtype)) + ")");
                !s)
                return s;
        }
        return Status::success();
    }

    std::string m_name;
    fs::path m_baseDir;
    const ImportOptions& m_options;
    const ProgressCallback& m_progress;
    const CancellationToken& m_cancel;
    onnx::ModelProto m_model;
    Graph m_graph;
    std::vector<std::string> m_warnings;
    std::set<std::string> m_unknownOps;
};

} // namespace

Result<InputShapeOverride> parseInputShapeOverride(std::string_view spec) {
    const auto eq = spec.rfind('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == spec.size())
        return Error{"--input-shape '" + std::string(spec) +
                     "': expected NAME=DIMS, e.g. x=1x3x224x224"};
    InputShapeOverride result;
    result.name = std::string(spec.substr(0, eq));
    std::string_view dims = spec.substr(eq + 1);
    while (!dims.empty()) {
        const auto sep = dims.find_first_of("x,");
        const std::string_view token = dims.substr(0, sep);
        int64_t value = 0;
        auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
        if (token.empty() || ec != std::errc() || ptr != token.data() + token.size() || value <= 0)
            return Error{"--input-shape '" + std::string(spec) + "': '" + std::string(token) +
                         "' is not a positive dimension"};
        result.dims.push_back(value);
        if (sep == std::string_view::npos)
            break;
        dims.remove_prefix(sep + 1);
        if (dims.empty())
            return Error{"--input-shape '" + std::string(spec) + "': trailing separator"};
    }
    if (!checkedProduct(result.dims))
        return Error{"--input-shape '" + std::string(spec) + "': the element count overflows"};
    return result;
}

Result<std::string> readOnnxFile(const fs::path& path) {
    auto bytes = readWholeFile(path);
    if (!bytes)
        return bytes.error().prefixed(path.string() + ": ");
    return bytes;
}

Result<ImportedModel> importOnnxFile(const fs::path& path, const ImportOptions& options,
                                     const ProgressCallback& progress,
                                     const CancellationToken& cancel) {
    reportProgress(progress, 0.0, "reading");
    auto bytes = readWholeFile(path);
    if (!bytes)
        return bytes.error().prefixed(path.string() + ": ");
    fs::path baseDir = path.parent_path();
    if (baseDir.empty())
        baseDir = ".";
    Importer importer(path.string(), baseDir, options, progress, cancel);
    return importer.run(bytes.value());
}

Result<ImportedModel> importOnnxBytes(std::string bytes, std::string displayName,
                                      const fs::path& baseDir, const ImportOptions& options,
                                      const ProgressCallback& progress,
                                      const CancellationToken& cancel) {
    return importOnnxData(bytes, std::move(displayName), baseDir, options, progress, cancel);
}

Result<ImportedModel> importOnnxData(std::string_view bytes, std::string displayName,
                                     const fs::path& baseDir, const ImportOptions& options,
                                     const ProgressCallback& progress,
                                     const CancellationToken& cancel) {
    Importer importer(std::move(displayName), baseDir, options, progress, cancel);
    return importer.run(bytes);
}

} // namespace autosplit
