#include "core/cost/profile_loader.h"

#include "core/cost/embedded_presets.h"
#include "core/cost/profile_validation.h"
#include "core/util/file_bytes.h"
#include "core/util/input_limits.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>

namespace autosplit {

namespace {

// Line and column (1-based) of a byte offset.
std::string position(std::string_view text, size_t offset) {
    const auto before = text.substr(0, offset);
    const size_t line = 1 + static_cast<size_t>(std::count(before.begin(), before.end(), '\n'));
    const size_t newline = before.rfind('\n');
    const size_t lineStart = newline == std::string_view::npos ? 0 : newline + 1;
    return "line " + std::to_string(line) + ", column " + std::to_string(offset - lineStart + 1);
}

// protobuf's JSON errors in one line naming the field. Its messages look like
//   "(systolic.array_rows): invalid value \"x\" for type TYPE_INT32"  (a bad value)
//   "(systolic) array_rowz: Cannot find field."                      (an unknown field)
//   ": invalid value oneof field 'model' is already set. ..."       (the whole document)
//   "Expected , or } after key:value pair.\n<snippet>\n<caret>"      (malformed JSON)
std::string describeJsonError(std::string_view json, std::string message) {
    std::string first = message.substr(0, message.find('\n'));
    const std::string unknown = ": Cannot find field.";
    if (first.size() > unknown.size() && first.ends_with(unknown)) {
        std::string path = first.substr(0, first.size() - unknown.size());
        if (path.starts_with("(")) {
            const size_t close = path.find(") ");
            if (close != std::string::npos)
                path = path.substr(1, close - 1) + "." + path.substr(close + 2);
        }
        return "unknown field '" + path + "'";
    }
    if (first.starts_with("(")) {
        const size_t close = first.find("): ");
        if (close != std::string::npos)
            return "field '" + first.substr(1, close - 1) + "': " + first.substr(close + 3);
    }
    if (first.starts_with(": ")) {
        // No path: a message about the document as a whole (two fields of one oneof, a top level
        // that is not an object).
        first = first.substr(2);
        const std::string oneof = "Cannot set '";
        if (const size_t at = first.find(oneof);
            at != std::string::npos && first.find("oneof") != std::string::npos) {
            const size_t end = first.find('\'', at + oneof.size());
            return "field '" + first.substr(at + oneof.size(), end - at - oneof.size()) +
                   "': only one of 'systolic' and 'roofline' may be given";
        }
        return "invalid profile: " + first;
    }
    // Malformed JSON. At the end of the text protobuf gives no usable snippet: the error is there.
    if (first.starts_with("Unexpected end of string"))
        return "malformed JSON at " + position(json, json.size()) + ": " + first;
    // Elsewhere protobuf appends a snippet of the text (from at most 20 bytes before the
    // error; it may span lines) and a caret line under it. Finding the snippet in the text gives
    // the line and column.
    const size_t firstBreak = message.find('\n');
    const size_t lastBreak = message.rfind('\n');
    if (firstBreak != std::string::npos && lastBreak > firstBreak) {
        const std::string snippet = message.substr(firstBreak + 1, lastBreak - firstBreak - 1);
        const size_t caretColumn = message.find('^', lastBreak);
        const size_t at = json.find(snippet);
        if (caretColumn != std::string::npos && !snippet.empty() && at != std::string_view::npos &&
            json.find(snippet, at + 1) == std::string_view::npos)
            return "malformed JSON at " +
                   position(json, std::min(json.size(), at + (caretColumn - lastBreak - 1))) +
                   ": " + first;
    }
    return "malformed JSON: " + first;
}

template <typename Message>
Result<Message> parseJson(std::string_view json, std::string_view source) {
    Message message;
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = false;
    const auto status = google::protobuf::util::JsonStringToMessage(
        google::protobuf::StringPiece(json.data(), json.size()), &message, options);
    if (!status.ok())
        return Error{std::string(source) + ": " +
                     describeJsonError(json, std::string(status.message()))};
    return message;
}

const EmbeddedPreset* findPreset(std::span<const EmbeddedPreset> presets, std::string_view name) {
    for (const EmbeddedPreset& p : presets)
        if (p.name == name)
            return &p;
    return nullptr;
}

std::string nameList(std::span<const EmbeddedPreset> presets) {
    std::string out;
    for (const EmbeddedPreset& p : presets)
        out += (out.empty() ? "" : ", ") + std::string(p.name);
    return out;
}

std::vector<std::string> names(std::span<const EmbeddedPreset> presets) {
    std::vector<std::string> out;
    for (const EmbeddedPreset& p : presets)
        out.emplace_back(p.name);
    return out;
}

} // namespace

std::vector<std::string> devicePresetNames() {
    return names(embeddedDevicePresets());
}
std::vector<std::string> networkPresetNames() {
    return names(embeddedNetworkPresets());
}

Result<profiles::DeviceProfile> parseDeviceProfileJson(std::string_view json,
                                                       std::string_view source) {
    auto profile = parseJson<profiles::DeviceProfile>(json, source);
    if (!profile)
        return profile;
    if (auto s = validateDeviceProfile(*profile, source); !s)
        return s.error();
    return profile;
}

Result<profiles::NetworkProfile> parseNetworkProfileJson(std::string_view json,
                                                         std::string_view source) {
    auto profile = parseJson<profiles::NetworkProfile>(json, source);
    if (!profile)
        return profile;
    if (auto s = validateNetworkProfile(*profile, source); !s)
        return s.error();
    return profile;
}

Result<profiles::DeviceProfile> loadDevicePreset(std::string_view name) {
    const EmbeddedPreset* p = findPreset(embeddedDevicePresets(), name);
    if (!p)
        return Error{"unknown device preset '" + std::string(name) +
                     "' (presets: " + nameList(embeddedDevicePresets()) + ")"};
    return parseDeviceProfileJson(p->json, p->fileName);
}

Result<profiles::NetworkProfile> loadNetworkPreset(std::string_view name) {
    const EmbeddedPreset* p = findPreset(embeddedNetworkPresets(), name);
    if (!p)
        return Error{"unknown network preset '" + std::string(name) +
                     "' (presets: " + nameList(embeddedNetworkPresets()) + ")"};
    return parseNetworkProfileJson(p->json, p->fileName);
}

Result<profiles::DeviceProfile> loadDeviceProfileFile(const std::string& path) {
    auto bytes = loadFileBytes(path, limits::kMaxTextFileBytes);
    if (!bytes)
        return bytes.error();
    return parseDeviceProfileJson(*bytes, path);
}

std::string deviceProfileJson(const profiles::DeviceProfile& profile) {
    google::protobuf::util::JsonPrintOptions options;
    options.add_whitespace = true;
    options.preserve_proto_field_names = true;
    std::string json;
    // Printing a message without Any fields cannot fail.
    (void)google::protobuf::util::MessageToJsonString(profile, &json, options);
    return json;
}

Result<profiles::NetworkProfile> loadNetworkProfileFile(const std::string& path) {
    auto bytes = loadFileBytes(path, limits::kMaxTextFileBytes);
    if (!bytes)
        return bytes.error();
    return parseNetworkProfileJson(*bytes, path);
}

Result<profiles::DeviceProfile> loadDeviceProfile(std::string_view nameOrPath) {
    if (findPreset(embeddedDevicePresets(), nameOrPath))
        return loadDevicePreset(nameOrPath);
    if (nameOrPath.find('/') == std::string_view::npos && !nameOrPath.ends_with(".json"))
        return Error{"unknown device preset '" + std::string(nameOrPath) + "' (presets: " +
                     nameList(embeddedDevicePresets()) + "; or give a .json file)"};
    return loadDeviceProfileFile(std::string(nameOrPath));
}

Result<profiles::NetworkProfile> loadNetworkProfile(std::string_view nameOrPath) {
    if (findPreset(embeddedNetworkPresets(), nameOrPath))
        return loadNetworkPreset(nameOrPath);
    if (nameOrPath.find('/') == std::string_view::npos && !nameOrPath.ends_with(".json"))
        return Error{"unknown network preset '" + std::string(nameOrPath) + "' (presets: " +
                     nameList(embeddedNetworkPresets()) + "; or give a .json file)"};
    return loadNetworkProfileFile(std::string(nameOrPath));
}

} // namespace autosplit
