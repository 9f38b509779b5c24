#include "sample_tensor_files.h"

#include "../graph/tensor_shape.h"
#include "../onnx/onnx_convert.h"

#include <onnx/onnx_pb.h>

#include <charconv>
#include <cstring>
#include <memory>

namespace autosplit {

namespace {

Error npyError(std::string_view label, std::string_view problem) {
    return Error{"sample '" + std::string(label) + "': " + std::string(problem)};
}

// The value text after 'key': in the header dict, up to (not including) its terminator.
std::string_view dictValue(std::string_view header, std::string_view key) {
    for (const char quote : {'\'', '"'}) {
        const std::string quoted = std::string(1, quote) + std::string(key) + std::string(1, quote);
        size_t p = header.find(quoted);
        if (p == std::string_view::npos)
            continue;
        p = header.find(':', p + quoted.size());
        if (p == std::string_view::npos)
            return {};
        ++p;
        while (p < header.size() && header[p] == ' ')
            ++p;
        size_t end = p;
        if (end < header.size() && header[end] == '(') {
            end = header.find(')', end);
            return end == std::string_view::npos ? std::string_view{} : header.substr(p, end - p + 1);
        }
        while (end < header.size() && header[end] != ',' && header[end] != '}')
            ++end;
        return header.substr(p, end - p);
    }
    return {};
}

DataType npyType(std::string_view descr, bool& ok) {
    ok = true;
    if (descr.size() >= 2 && (descr.front() == '\'' || descr.front() == '"'))
        descr = descr.substr(1, descr.size() - 2);
    // '<' little-endian, '|' not applicable (one byte), '=' native (little-endian here).
    if (descr.size() < 3 || (descr[0] != '<' && descr[0] != '|' && descr[0] != '=')) {
        ok = false;
        return DataType::Undefined;
    }
    const std::string_view t = descr.substr(1);
    static const std::pair<std::string_view, DataType> table[] = {
        {"f2", DataType::Float16}, {"f4", DataType::Float},  {"f8", DataType::Double},
        {"i1", DataType::Int8},    {"i2", DataType::Int16},  {"i4", DataType::Int32},
        {"i8", DataType::Int64},   {"u1", DataType::UInt8},  {"u2", DataType::UInt16},
        {"u4", DataType::UInt32},  {"u8", DataType::UInt64}, {"b1", DataType::Bool}};
    for (auto [name, type] : table)
        if (t == name)
            return type;
    ok = false;
    return DataType::Undefined;
}

} // namespace

Result<HostTensor> parseNpySample(std::string_view bytes, std::string_view label) {
    static constexpr char magic[] = "\x93NUMPY";
    if (bytes.size() < 10 || std::memcmp(bytes.data(), magic, 6) != 0)
        return npyError(label, "not a .npy file (no \\x93NUMPY signature)");
    const auto major = static_cast<unsigned char>(bytes[6]);
    size_t headerLength = 0;
    size_t offset = 0;
    if (major == 1) {
        headerLength = static_cast<unsigned char>(bytes[8]) | (static_cast<size_t>(static_cast<unsigned char>(bytes[9])) << 8);
        offset = 10;
    } else if (major == 2 || major == 3) {
        if (bytes.size() < 12)
            return npyError(label, "truncated .npy header");
        headerLength = 0;
        for (int i = 3; i >= 0; --i)
            headerLength = (headerLength << 8) | static_cast<unsigned char>(bytes[8 + static_cast<size_t>(i)]);
        offset = 12;
    } else {
        return npyError(label, ".npy version " + std::to_string(major) + " is not supported");
    }
    if (offset + headerLength > bytes.size())
        return npyError(label, "truncated .npy header");
    const std::string_view header = bytes.substr(offset, headerLength);
    const std::string_view data = bytes.substr(offset + headerLength);

    const std::string_view descr = dictValue(header, "descr");
    bool typeOk = false;
    const DataType dtype = npyType(descr, typeOk);
    if (!typeOk)
        return npyError(label, ".npy dtype " + std::string(descr) +
                                   " is not supported (little-endian numbers and bools only)");
    const std::string_view fortran = dictValue(header, "fortran_order");
    if (fortran.substr(0, 4) == "True")
        return npyError(label, ".npy array is in Fortran order; save it in C order");
    if (fortran.substr(0, 5) != "False")
        return npyError(label, ".npy header has no fortran_order");
    const std::string_view shapeText = dictValue(header, "shape");
    if (shapeText.size() < 2 || shapeText.front() != '(' || shapeText.back() != ')')
        return npyError(label, ".npy header has no shape");
    std::vector<int64_t> dims;
    std::string_view rest = shapeText.substr(1, shapeText.size() - 2);
    while (!rest.empty()) {
        while (!rest.empty() && (rest.front() == ' ' || rest.front() == ','))
            rest.remove_prefix(1);
        if (rest.empty())
            break;
        int64_t d = 0;
        auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), d);
        if (ec != std::errc() || d < 0)
            return npyError(label, ".npy shape " + std::string(shapeText) + " is not a tuple of sizes");
        dims.push_back(d);
        rest.remove_prefix(static_cast<size_t>(ptr - rest.data()));
    }
    const auto elements = checkedProduct(dims);
    if (!elements)
        return npyError(label, ".npy shape " + std::string(shapeText) + " is too large");
    const size_t need = static_cast<size_t>(*elements) * static_cast<size_t>(bitsOf(dtype) / 8);
    if (data.size() != need)
        return npyError(label, ".npy data has " + std::to_string(data.size()) + " bytes, shape " +
                                   std::string(shapeText) + " needs " + std::to_string(need));
    HostTensor t(dtype, dims);
    if (need)
        std::memcpy(t.mutableBytes(), data.data(), need);
    return t;
}

Result<HostTensor> parseTensorProtoSample(const std::string& bytes, std::string_view label) {
    onnx::TensorProto proto;
    if (!proto.ParseFromString(bytes))
        return Error{"sample '" + std::string(label) + "': not a serialized ONNX TensorProto"};
    if (proto.data_location() == onnx::TensorProto::EXTERNAL)
        return Error{"sample '" + std::string(label) + "': TensorProto with external data is not supported"};
    auto tensor = tensorFromProto(proto, true);
    if (!tensor)
        return Error{"sample '" + std::string(label) + "': " + tensor.error().message};
    if (bitsOf(tensor->dtype) == 0 || bitsOf(tensor->dtype) % 8 != 0)
        return Error{"sample '" + std::string(label) + "': tensor type " + std::string(nameOf(tensor->dtype)) +
                     " is not supported"};
    return HostTensor::fromConstant(std::make_shared<const Tensor>(std::move(tensor.value())));
}

} // namespace autosplit
