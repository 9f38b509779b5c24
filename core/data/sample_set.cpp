#include "core/data/sample_set.h"

#include "core/data/csv_rows.h"
#include "core/util/input_limits.h"
#include "core/util/size_text.h"

#include "core/data/image_decoder.h"
#include "core/data/text_boxes_csv.h"
#include "core/io/tensor_io.h"
#include "core/util/file_bytes.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <system_error>

namespace fs = std::filesystem;

namespace autosplit {

namespace {

constexpr const char* kSampleTypes = ".png, .jpg, .jpeg, .npy or .pb";

std::string lowerExtension(std::string_view name) {
    const size_t slash = name.rfind('/');
    const size_t dot = name.rfind('.');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
        return {};
    std::string ext(name.substr(dot));
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

std::optional<SampleKind> kindOf(std::string_view name) {
    const std::string ext = lowerExtension(name);
    if (ext == ".png" || ext == ".jpg" || ext == ".jpeg")
        return SampleKind::Image;
    if (ext == ".npy")
        return SampleKind::Npy;
    if (ext == ".pb")
        return SampleKind::TensorProto;
    return std::nullopt;
}

bool hidden(std::string_view relativePath) {
    size_t start = 0;
    while (start < relativePath.size()) {
        if (relativePath[start] == '.')
            return true;
        const size_t slash = relativePath.find('/', start);
        if (slash == std::string_view::npos)
            break;
        start = slash + 1;
    }
    return false;
}

std::string_view unquote(std::string_view s) {
    s = trimCsvField(s);
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"')
        s = s.substr(1, s.size() - 2);
    return s;
}

} // namespace

// Where a set's bytes come from.
struct SampleSet::Files {
    std::string root;
    bool onDisk = true;
    std::map<std::string, std::string> memory;
    std::vector<std::string> listing;     // sample files at depth 1 or 2, relative, '/'-separated
    std::vector<std::string> directories; // top-level sub-folders

    bool exists(const std::string& relative) const {
        if (!onDisk)
            return memory.count(relative) != 0;
        std::error_code ec;
        return fs::is_regular_file(fs::path(root) / relative, ec);
    }

    std::string path(const std::string& relative) const {
        return onDisk ? (fs::path(root) / relative).string() : root + "/" + relative;
    }

    Result<std::string> read(const std::string& relative) const {
        if (onDisk)
            return loadFileBytes(path(relative), limits::kMaxSampleFileBytes);
        auto it = memory.find(relative);
        if (it == memory.end())
            return Error{"sample '" + path(relative) + "' does not exist", ErrorKind::Io};
        return it->second;
    }
};

namespace {

struct Csv {
    std::string label; // file name for messages
    std::string text;
};

// A row of a text-labels CSV: the file up to the first comma (or a quoted field), the text after
// it (or a quoted field, "" standing for a quote). nullopt when a quoted field does not close.
std::optional<std::pair<std::string, std::string>> splitTextRow(std::string_view row) {
    auto quoted = [](std::string_view s, size_t& i) -> std::optional<std::string> {
        std::string out;
        for (++i; i < s.size(); ++i) {
            if (s[i] != '"') {
                out += s[i];
            } else if (i + 1 < s.size() && s[i + 1] == '"') {
                out += '"';
                ++i;
            } else {
                ++i;
                return out;
            }
        }
        return std::nullopt;
    };
    size_t i = 0;
    std::string file;
    if (!row.empty() && row.front() == '"') {
        auto f = quoted(row, i);
        if (!f)
            return std::nullopt;
        file = *f;
        i = row.find(',', i);
    } else {
        i = row.find(',');
        if (i != std::string_view::npos)
            file = std::string(trimCsvField(row.substr(0, i)));
    }
    if (i == std::string_view::npos)
        return std::nullopt;
    std::string_view rest = trimCsvField(row.substr(i + 1));
    if (!rest.empty() && rest.front() == '"') {
        size_t j = 0;
        auto t = quoted(rest, j);
        if (!t)
            return std::nullopt;
        return std::make_pair(file, *t);
    }
    return std::make_pair(file, std::string(rest));
}

Result<std::vector<SampleEntry>>
parseCsv(const Csv& csv, const std::function<bool(const std::string&)>& exists, bool textLabels) {
    std::vector<SampleEntry> entries;
    std::set<std::string> seen;
    bool first = true;
    const std::string name = "labels '" + csv.label + "'";
    auto parsed = forEachCsvRow(csv.text, name, [&](int line, std::string_view row) -> Status {
        const std::string where = "labels '" + csv.label + "' line " + std::to_string(line);
        std::string file;
        int label = -1;
        std::string lineText;
        if (textLabels) {
            auto split = splitTextRow(row);
            if (!split)
                return Error{where + ": expected file,text (a quoted field does not close)"};
            file = split->first;
            lineText = split->second;
            if (first) {
                first = false;
                if (file == "file" && (lineText == "text" || lineText == "label"))
                    return Status::success();
            }
        } else {
            const size_t comma = row.rfind(',');
            if (comma == std::string_view::npos)
                return Error{where + ": expected file,label"};
            file = std::string(unquote(row.substr(0, comma)));
            const std::string_view labelText = unquote(row.substr(comma + 1));
            if (first) {
                first = false;
                std::string lower(labelText);
                std::transform(lower.begin(), lower.end(), lower.begin(),
                               [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
                if (lower == "label")
                    return Status::success();
            }
            auto [ptr, ec] =
                std::from_chars(labelText.data(), labelText.data() + labelText.size(), label);
            if (ec != std::errc() || ptr != labelText.data() + labelText.size() ||
                labelText.empty())
                return Error{where + ": label '" + std::string(labelText) + "' is not an integer"};
            if (label < 0)
                return Error{where + ": label " + std::to_string(label) + " is negative"};
        }
        if (file.empty())
            return Error{where + ": the file name is empty"};
        const auto kind = kindOf(file);
        if (!kind)
            return Error{where + ": '" + file + "' is not a " + kSampleTypes + " file"};
        if (!exists(file))
            return Error{where + ": '" + file + "' does not exist", ErrorKind::Io};
        if (!seen.insert(file).second)
            return Error{where + ": '" + file + "' is listed twice"};
        entries.push_back({file, *kind, label, lineText, {}, {}});
        return Status::success();
    });
    if (!parsed)
        return parsed.error();
    if (entries.empty())
        return Error{"labels '" + csv.label + "' lists no samples"};
    return entries;
}

// The rows of a boxes CSV attached to the entries they name (entries sorted by name).
Status attachBoxes(const Csv& csv, std::vector<SampleEntry>& entries) {
    auto rows = parseTextBoxesCsv(csv.text, "boxes '" + csv.label + "'");
    if (!rows)
        return rows.error();
    for (TextBoxRow& row : *rows) {
        auto it = std::lower_bound(
            entries.begin(), entries.end(), row.file,
            [](const SampleEntry& e, const std::string& name) { return e.name < name; });
        if (it == entries.end() || it->name != row.file)
            return Error{"boxes '" + csv.label + "' line " + std::to_string(row.line) + ": '" +
                             row.file + "' is not one of the folder's sample files",
                         ErrorKind::Io};
        it->boxes.push_back(row.box);
        it->boxTexts.push_back(std::move(row.text));
    }
    return Status::success();
}

} // namespace

Result<SampleSet> SampleSet::build(std::shared_ptr<const Files> files, const std::string& csvName,
                                   const SampleSetOptions& options) {
    SampleSet set;
    set.m_files = files;
    set.m_root = files->root;
    set.m_options = options;

    // a text detector's truth names the boxes CSV instead of the labels CSV
    const std::string& givenCsv = options.textBoxes ? options.boxesCsv : options.labelsCsv;
    const std::string folderCsv = csvName.empty()     ? std::string()
                                  : options.textBoxes ? std::string("boxes.csv")
                                                      : csvName;
    std::optional<Csv> csv;
    if (!givenCsv.empty()) {
        auto text = loadFileBytes(givenCsv, limits::kMaxTextFileBytes);
        if (!text)
            return text.error().prefixed(options.textBoxes ? "boxes: " : "labels: ");
        csv = Csv{givenCsv, std::move(text.value())};
    } else if (!folderCsv.empty() && files->exists(folderCsv)) {
        auto text = files->read(folderCsv);
        if (!text)
            return text.error();
        csv = Csv{files->path(folderCsv), std::move(text.value())};
    }

    if (options.textBoxes) {
        // sub-folders are not looked at: text boxes label the folder's own files
        for (const std::string& f : files->listing)
            if (f.find('/') == std::string::npos)
                set.m_entries.push_back({f, *kindOf(f), -1, {}, {}, {}});
        if (set.m_entries.empty())
            return Error{"sample folder '" + files->root + "' has no " + kSampleTypes +
                         " files at its top; text boxes label the folder's own files"};
        std::sort(set.m_entries.begin(), set.m_entries.end(),
                  [](const SampleEntry& a, const SampleEntry& b) { return a.name < b.name; });
        if (csv) {
            if (Status st = attachBoxes(*csv, set.m_entries); !st)
                return st.error();
            set.m_labels = LabelSource::Boxes;
        }
        return set;
    }

    if (csv) {
        auto entries = parseCsv(
            *csv, [&](const std::string& f) { return files->exists(f); }, options.textLabels);
        if (!entries)
            return entries.error();
        set.m_entries = std::move(entries.value());
        set.m_labels = LabelSource::Csv;
    } else {
        std::vector<std::string> top;
        bool nested = false;
        for (const std::string& f : files->listing) {
            if (f.find('/') == std::string::npos)
                top.push_back(f);
            else
                nested = true;
        }
        if (!top.empty() && nested)
            return Error{"sample folder '" + files->root +
                         "' has sample files both at the top and in sub-folders; use one layout"};
        if (!top.empty()) {
            for (const std::string& f : top)
                set.m_entries.push_back({f, *kindOf(f), -1, {}, {}, {}});
        } else {
            set.m_classNames = files->directories;
            std::sort(set.m_classNames.begin(), set.m_classNames.end());
            for (const std::string& f : files->listing) {
                const std::string dir = f.substr(0, f.find('/'));
                const auto index =
                    std::lower_bound(set.m_classNames.begin(), set.m_classNames.end(), dir) -
                    set.m_classNames.begin();
                set.m_entries.push_back({f, *kindOf(f), static_cast<int>(index), {}, {}, {}});
            }
            if (!set.m_entries.empty())
                set.m_labels = LabelSource::ClassFolders;
            else
                set.m_classNames.clear();
        }
    }
    if (set.m_entries.empty())
        return Error{"sample folder '" + files->root + "' has no " + kSampleTypes + " files"};
    std::sort(set.m_entries.begin(), set.m_entries.end(),
              [](const SampleEntry& a, const SampleEntry& b) { return a.name < b.name; });
    return set;
}

Result<SampleSet> SampleSet::open(const std::string& path, const SampleSetOptions& options) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status))
        return Error{"sample path '" + path + "' does not exist", ErrorKind::Io};

    auto files = std::make_shared<Files>();
    if (fs::is_regular_file(status)) {
        const fs::path p(path);
        files->root = p.has_parent_path() ? p.parent_path().string() : std::string(".");
        const std::string name = p.filename().string();
        if (lowerExtension(name) == ".csv") {
            SampleSetOptions withCsv = options;
            if (options.textBoxes) {
                // the rows label the folder's files, which only the folder's listing has
                withCsv.boxesCsv = path;
                return open(files->root, withCsv);
            }
            withCsv.labelsCsv = path;
            return build(files, {}, withCsv);
        }
        const auto kind = kindOf(name);
        if (!kind)
            return Error{"'" + path + "' is not a " + kSampleTypes +
                         " file, a sample folder or a labels CSV"};
        SampleSet set;
        set.m_files = files;
        set.m_root = files->root;
        set.m_options = options;
        set.m_entries.push_back({name, *kind, -1, {}, {}, {}});
        return set;
    }
    if (!fs::is_directory(status))
        return Error{"sample path '" + path + "' is neither a file nor a folder"};

    files->root = path;
    // Lists a folder's non-hidden entries without exceptions (the range-for form throws).
    auto list = [](const fs::path& folder, std::vector<fs::directory_entry>& out) -> Status {
        std::error_code error;
        fs::directory_iterator it(folder, error);
        for (; !error && it != fs::directory_iterator(); it.increment(error))
            if (!hidden(it->path().filename().string())) {
                out.push_back(*it);
                if (static_cast<int64_t>(out.size()) > limits::kMaxSampleFiles)
                    return Error{"sample folder '" + folder.string() + "' has more than " +
                                 groupedDigits(limits::kMaxSampleFiles) + " entries (the limit)"};
            }
        if (error)
            return Error{"cannot list sample folder '" + folder.string() + "': " + error.message(),
                         ErrorKind::Io};
        return Status::success();
    };
    std::vector<fs::directory_entry> top;
    if (Status s = list(path, top); !s)
        return s.error();
    for (const fs::directory_entry& entry : top) {
        const std::string name = entry.path().filename().string();
        if (entry.is_regular_file(ec)) {
            if (kindOf(name))
                files->listing.push_back(name);
        } else if (entry.is_directory(ec)) {
            files->directories.push_back(name);
            std::vector<fs::directory_entry> inner;
            if (Status s = list(entry.path(), inner); !s)
                return s.error();
            for (const fs::directory_entry& file : inner) {
                const std::string fileName = file.path().filename().string();
                if (file.is_regular_file(ec) && kindOf(fileName))
                    files->listing.push_back(name + "/" + fileName);
            }
        }
    }
    if (static_cast<int64_t>(files->listing.size()) > limits::kMaxSampleFiles)
        return Error{"sample folder '" + path + "' has more than " +
                     groupedDigits(limits::kMaxSampleFiles) + " samples (the limit)"};
    return build(files, "labels.csv", options);
}

Result<SampleSet> SampleSet::fromFiles(const std::string& label,
                                       std::map<std::string, std::string> memory,
                                       const SampleSetOptions& options) {
    auto files = std::make_shared<Files>();
    files->root = label;
    files->onDisk = false;
    std::set<std::string> directories;
    for (const auto& [name, bytes] : memory) {
        if (hidden(name) || !kindOf(name))
            continue;
        const size_t slash = name.find('/');
        if (slash == std::string::npos) {
            files->listing.push_back(name);
        } else if (name.find('/', slash + 1) == std::string::npos) {
            files->listing.push_back(name);
            directories.insert(name.substr(0, slash));
        }
    }
    files->directories.assign(directories.begin(), directories.end());
    files->memory = std::move(memory);
    return build(files, "labels.csv", options);
}

std::string SampleSet::displayName(size_t index) const {
    return m_files->path(m_entries.at(index).name);
}

Result<HostTensor> SampleSet::load(size_t index) const {
    if (index >= m_entries.size())
        return Error{"sample index " + std::to_string(index) + " is out of range (the set has " +
                     std::to_string(m_entries.size()) + ")"};
    const SampleEntry& e = m_entries[index];
    const std::string name = displayName(index);
    auto bytes = m_files->read(e.name);
    if (!bytes)
        return bytes.error();
    switch (e.kind) {
    case SampleKind::Image: {
        auto image =
            decodeImage(std::as_bytes(std::span<const char>(bytes->data(), bytes->size())), name);
        if (!image)
            return image.error();
        auto tensor = preprocessImage(*image, m_options.preprocess);
        if (!tensor)
            return tensor.error().prefixed("image '" + name + "': ");
        return tensor;
    }
    // core/io's readers, which name the file first: "sample 'x.npy': …"
    case SampleKind::Npy:
        return parseNpy(*bytes, "sample '" + name + "'");
    case SampleKind::TensorProto: {
        auto named = parseTensorProto(*bytes, "sample '" + name + "'");
        if (!named)
            return named.error();
        return std::move(named->tensor);
    }
    }
    return Error{"sample '" + name + "' has an unknown kind"};
}

Result<std::vector<Quad>> SampleSet::inputBoxes(size_t index) const {
    if (index >= m_entries.size())
        return Error{"sample index " + std::to_string(index) + " is out of range (the set has " +
                     std::to_string(m_entries.size()) + ")"};
    const SampleEntry& e = m_entries[index];
    if (e.boxes.empty() || e.kind != SampleKind::Image || m_options.preprocess.height == 0)
        return e.boxes;
    const std::string name = displayName(index);
    auto bytes = m_files->read(e.name);
    if (!bytes)
        return bytes.error();
    auto image =
        decodeImage(std::as_bytes(std::span<const char>(bytes->data(), bytes->size())), name);
    if (!image)
        return image.error();
    auto scale = inputScale(image->width, image->height, m_options.preprocess);
    if (!scale)
        return scale.error().prefixed("image '" + name + "': ");
    std::vector<Quad> boxes = e.boxes;
    for (Quad& q : boxes)
        for (Point2& p : q.corners)
            p = {p.x * scale->x, p.y * scale->y};
    return boxes;
}

Status SampleSet::checkSameShape(const HostTensor& first, const std::string& firstName,
                                 const HostTensor& tensor, const std::string& name) {
    if (first.dtype() != tensor.dtype() || first.dims() != tensor.dims())
        return Error{"sample '" + name + "' is " + tensor.describe() + " but '" + firstName +
                     "' is " + first.describe() + "; all samples must have one shape and type"};
    return Status::success();
}

Result<std::vector<HostTensor>> SampleSet::loadAll(const ProgressCallback& progress,
                                                   const CancellationToken& cancel) const {
    std::vector<HostTensor> tensors;
    tensors.reserve(m_entries.size());
    for (size_t i = 0; i < m_entries.size(); ++i) {
        if (cancel.isCancelled())
            return Error{"loading samples cancelled", ErrorKind::Cancelled};
        auto t = load(i);
        if (!t)
            return t.error();
        if (i > 0)
            if (Status s = checkSameShape(tensors.front(), displayName(0), *t, displayName(i)); !s)
                return s.error();
        tensors.push_back(std::move(t.value()));
        reportProgress(progress, static_cast<double>(i + 1) / static_cast<double>(m_entries.size()),
                       "loading samples");
    }
    return tensors;
}

} // namespace autosplit
