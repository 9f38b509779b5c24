#include "core/io/tensor_io.h"

#include "core/io/durable_file.h"
#include "core/onnx/onnx_convert.h"

#include <onnx/onnx_pb.h>

#include <cctype>
#include <charconv>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <vector>

namespace autosplit {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kNpyMagic = "\x93NUMPY";

Result<std::string> readFile(const fs::path& path) {
    const std::string label = path.string();
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status))
        return Error{label + ": file not found", ErrorKind::Io};
    if (fs::is_directory(status))
        return Error{label + ": is a directory, not a tensor file"};
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error{label + ": cannot be opened for reading", ErrorKind::Io};
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size < 0)
        return Error{label + ": cannot be read", ErrorKind::Io};
    if (size > std::numeric_limits<int>::max())
        return Error{label + ": is larger than 2 GiB"};
    std::string bytes(static_cast<size_t>(size), '\0');
    in.seekg(0);
    in.read(bytes.data(), size);
    if (!in)
        return Error{label + ": could not be read completely"};
    return bytes;
}

std::string dimsText(const std::vector<int64_t>& dims) {
    return dims.empty() ? std::string("scalar") : TensorShape::of(dims).toString();
}

// ---------------------------------------------------------------- .npy header

// The header is a Python dict literal, e.g. {'descr': '<f4', 'fortran_order': False,
// 'shape': (2, 3), }. This parses exactly that subset: strings, True/False, integers and
// tuples of integers.
class NpyHeaderParser {
public:
    explicit NpyHeaderParser(std::string_view text) : m_text(text) {}

    struct Header {
        std::optional<std::string> descr;
        std::optional<bool> fortranOrder;
        std::optional<std::vector<int64_t>> shape;
    };

    Result<Header> parse() {
        Header h;
        skipSpace();
        if (!take('{'))
            return Error{"the header is not a dict"};
        while (true) {
            skipSpace();
            if (take('}'))
                break;
            auto key = parseString();
            if (!key)
                return key.error();
            skipSpace();
            if (!take(':'))
                return Error{"the header has no ':' after '" + *key + "'"};
            skipSpace();
            if (*key == "descr") {
                auto v = parseString();
                if (!v)
                    return v.error();
                h.descr = *v;
            } else if (*key == "fortran_order") {
                if (takeWord("True"))
                    h.fortranOrder = true;
                else if (takeWord("False"))
                    h.fortranOrder = false;
                else
                    return Error{"the header's fortran_order is not True or False"};
            } else if (*key == "shape") {
                auto v = parseShape();
                if (!v)
                    return v.error();
                h.shape = std::move(v).value();
            } else {
                return Error{"the header has an unknown key '" + *key + "'"};
            }
            skipSpace();
            if (take(','))
                continue;
            skipSpace();
            if (take('}'))
                break;
            return Error{"the header dict is malformed"};
        }
        return h;
    }

private:
    void skipSpace() {
        while (m_pos < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_pos])))
            ++m_pos;
    }
    bool take(char c) {
        if (m_pos < m_text.size() && m_text[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }
    bool takeWord(std::string_view word) {
        if (m_text.substr(m_pos, word.size()) == word) {
            m_pos += word.size();
            return true;
        }
        return false;
    }
    Result<std::string> parseString() {
        if (m_pos >= m_text.size() || (m_text[m_pos] != '\'' && m_text[m_pos] != '"'))
            return Error{"the header dict is malformed (expected a quoted string)"};
        const char quote = m_text[m_pos++];
        const size_t end = m_text.find(quote, m_pos);
        if (end == std::string_view::npos)
            return Error{"the header has an unterminated string"};
        std::string s(m_text.substr(m_pos, end - m_pos));
        m_pos = end + 1;
        return s;
    }
    Result<std::vector<int64_t>> parseShape() {
        if (!take('('))
            return Error{"the header's shape is not a tuple"};
        std::vector<int64_t> dims;
        while (true) {
            skipSpace();
            if (take(')'))
                return dims;
            size_t start = m_pos;
            while (m_pos < m_text.size() && std::isdigit(static_cast<unsigned char>(m_text[m_pos])))
                ++m_pos;
            int64_t v = 0;
            auto [ptr, ec] = std::from_chars(m_text.data() + start, m_text.data() + m_pos, v);
            if (start == m_pos || ec != std::errc() || ptr != m_text.data() + m_pos)
                return Error{"the header's shape holds something other than non-negative integers"};
            dims.push_back(v);
            skipSpace();
            if (take(','))
                continue;
            skipSpace();
            if (take(')'))
                return dims;
            return Error{"the header's shape tuple is malformed"};
        }
    }

    std::string_view m_text;
    size_t m_pos = 0;
};

std::optional<DataType> npyType(std::string_view code) {
    if (code == "f2")
        return DataType::Float16;
    if (code == "f4")
        return DataType::Float;
    if (code == "f8")
        return DataType::Double;
    if (code == "i1")
        return DataType::Int8;
    if (code == "i2")
        return DataType::Int16;
    if (code == "i4")
        return DataType::Int32;
    if (code == "i8")
        return DataType::Int64;
    if (code == "u1")
        return DataType::UInt8;
    if (code == "u2")
        return DataType::UInt16;
    if (code == "u4")
        return DataType::UInt32;
    if (code == "u8")
        return DataType::UInt64;
    if (code == "b1")
        return DataType::Bool;
    return std::nullopt;
}

uint32_t readLittle(std::string_view bytes, size_t offset, size_t width) {
    uint32_t v = 0;
    for (size_t i = 0; i < width; ++i)
        v |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[offset + i])) << (8 * i);
    return v;
}

} // namespace

// ---------------------------------------------------------------- TensorProto

Result<NamedTensor> parseTensorProto(const std::string& bytes, const std::string& label) {
    onnx::TensorProto proto;
    if (!proto.ParseFromString(bytes))
        return Error{label + ": not an ONNX TensorProto (protobuf parsing failed)"};
    if (proto.data_type() == 0)
        return Error{label + ": not an ONNX TensorProto (no data type)"};
    if (proto.data_type() < 0 || proto.data_type() > 16)
        return Error{label + ": unknown tensor data type " + std::to_string(proto.data_type())};
    const auto dtype = static_cast<DataType>(proto.data_type());
    if (dtype == DataType::String)
        return Error{label + ": string tensors are not supported", ErrorKind::Unsupported};
    if (proto.data_location() == onnx::TensorProto::EXTERNAL)
        return Error{label + ": tensor data stored in an external file is not supported",
                     ErrorKind::Unsupported};
    if (proto.has_segment())
        return Error{label + ": segmented tensors are not supported", ErrorKind::Unsupported};
    const std::vector<int64_t> dims(proto.dims().begin(), proto.dims().end());
    for (int64_t d : dims)
        if (d < 0)
            return Error{label + ": negative dimension in " + dimsText(dims)};
    if (auto s = checkTensorProto(proto); !s) {
        // checkTensorProto speaks of initializers; keep its finding, name the file
        std::string message = s.error().message;
        const std::string prefix = "initializer '" + proto.name() + "'";
        if (message.rfind(prefix, 0) == 0)
            message = "tensor '" + proto.name() + "'" + message.substr(prefix.size());
        return Error{label + ": " + message};
    }
    auto tensor = tensorFromProto(proto, true);
    if (!tensor)
        return tensor.error().prefixed(label + ": ");
    NamedTensor named;
    named.name = proto.name();
    named.tensor =
        HostTensor::fromConstant(std::make_shared<const Tensor>(std::move(tensor).value()));
    return named;
}

Result<NamedTensor> readTensorProtoFile(const fs::path& path) {
    auto bytes = readFile(path);
    if (!bytes)
        return bytes.error();
    return parseTensorProto(*bytes, path.string());
}

std::string serializeTensorProto(const std::string& name, const HostTensor& tensor) {
    onnx::TensorProto proto;
    tensorToProto(tensor.toTensor(), name, &proto);
    return proto.SerializeAsString();
}

Status writeTensorProtoFile(const fs::path& path, const std::string& name,
                            const HostTensor& tensor) {
    const std::string label = path.string();
    if (tensor.dtype() == DataType::String || bitsOf(tensor.dtype()) == 0)
        return Error{label + ": cannot write a " + std::string(nameOf(tensor.dtype())) + " tensor"};
    const std::string bytes = serializeTensorProto(name, tensor);
    if (auto s = writeFileAtomically(path, bytes); !s)
        return Error{s.error().message};
    return Status::success();
}

// ---------------------------------------------------------------- .npy

Result<HostTensor> parseNpy(std::string_view bytes, const std::string& label) {
    if (bytes.size() < kNpyMagic.size() || bytes.substr(0, kNpyMagic.size()) != kNpyMagic)
        return Error{label + ": not a .npy file (no numpy magic string)"};
    if (bytes.size() < 10)
        return Error{label + ": truncated .npy header"};
    const int major = static_cast<unsigned char>(bytes[6]);
    const int minor = static_cast<unsigned char>(bytes[7]);
    if (major < 1 || major > 3)
        return Error{label + ": unsupported .npy format version " + std::to_string(major) + "." +
                         std::to_string(minor),
                     ErrorKind::Unsupported};
    const size_t lengthWidth = major == 1 ? 2 : 4;
    const size_t headerStart = 8 + lengthWidth;
    if (bytes.size() < headerStart)
        return Error{label + ": truncated .npy header"};
    const size_t headerLength = readLittle(bytes, 8, lengthWidth);
    if (bytes.size() < headerStart + headerLength)
        return Error{label + ": truncated .npy header (" + std::to_string(headerLength) +
                     " bytes announced, " + std::to_string(bytes.size() - headerStart) +
                     " present)"};
    NpyHeaderParser parser(bytes.substr(headerStart, headerLength));
    auto header = parser.parse();
    if (!header)
        return header.error().prefixed(label + ": ");
    if (!header->descr || !header->fortranOrder || !header->shape)
        return Error{label + ": the .npy header lacks " +
                     std::string(!header->descr          ? "'descr'"
                                 : !header->fortranOrder ? "'fortran_order'"
                                                         : "'shape'")};
    if (*header->fortranOrder)
        return Error{
            label + ": Fortran-order (column-major) arrays are not supported; save with C order",
            ErrorKind::Unsupported};
    const std::string& descr = *header->descr;
    if (descr.size() != 3)
        return Error{label + ": unsupported dtype '" + descr + "'", ErrorKind::Unsupported};
    const char order = descr[0];
    const auto dtype = npyType(std::string_view(descr).substr(1));
    if (!dtype)
        return Error{label + ": unsupported dtype '" + descr +
                         "' (expected f2/f4/f8, i1/i2/i4/i8, u1/u2/u4/u8 or b1)",
                     ErrorKind::Unsupported};
    const int width = bitsOf(*dtype) / 8;
    if (order == '>' && width > 1)
        return Error{label + ": big-endian data ('" + descr + "') is not supported",
                     ErrorKind::Unsupported};
    if (order != '<' && order != '|' && !(order == '>' && width == 1))
        return Error{label + ": unsupported byte order in dtype '" + descr + "'",
                     ErrorKind::Unsupported};
    if (order == '|' && width > 1)
        return Error{label + ": dtype '" + descr + "' has no byte order"};
    const std::vector<int64_t>& dims = *header->shape;
    std::vector<int64_t> withWidth = dims;
    withWidth.push_back(width);
    const auto byteCount = checkedProduct(withWidth);
    if (!byteCount)
        return Error{label + ": shape " + dimsText(dims) + " is too large"};
    const size_t dataStart = headerStart + headerLength;
    const size_t present = bytes.size() - dataStart;
    if (present < static_cast<size_t>(*byteCount))
        return Error{label + ": truncated data: shape " + dimsText(dims) + " of " +
                     std::string(nameOf(*dtype)) + " needs " + std::to_string(*byteCount) +
                     " bytes, the file holds " + std::to_string(present)};
    if (present > static_cast<size_t>(*byteCount))
        return Error{label + ": " + std::to_string(present - static_cast<size_t>(*byteCount)) +
                     " bytes after the data the header announces"};
    HostTensor tensor(*dtype, dims);
    if (*byteCount > 0)
        std::memcpy(tensor.mutableBytes(), bytes.data() + dataStart,
                    static_cast<size_t>(*byteCount));
    if (*dtype == DataType::Bool) {
        uint8_t* p = tensor.mutableData<uint8_t>();
        for (int64_t i = 0; i < tensor.elementCount(); ++i)
            p[i] = p[i] != 0;
    }
    return tensor;
}

Result<HostTensor> readNpyFile(const fs::path& path) {
    auto bytes = readFile(path);
    if (!bytes)
        return bytes.error();
    return parseNpy(*bytes, path.string());
}

Result<NamedTensor> readTensorFile(const fs::path& path) {
    auto bytes = readFile(path);
    if (!bytes)
        return bytes.error();
    const bool npyMagic = bytes->compare(0, kNpyMagic.size(), kNpyMagic) == 0;
    if (npyMagic || path.extension() == ".npy") {
        auto tensor = parseNpy(*bytes, path.string());
        if (!tensor)
            return tensor.error();
        return NamedTensor{std::string(), std::move(tensor).value()};
    }
    return parseTensorProto(*bytes, path.string());
}

} // namespace autosplit
