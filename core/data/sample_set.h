#pragma once

// A set of sample inputs for calibration and evaluation: images
// (PNG/JPEG, turned into tensors by a PreprocessSpec), NumPy .npy files or ONNX TensorProto .pb
// files, optionally labelled.
//
// Layouts of a sample folder:
// - flat: the folder's own sample files, unlabelled;
// - class sub-folders: no sample files at the top, one sub-folder per class holding that class's
//   samples; the class index is the position of the sub-folder's name in byte-wise sorted order
//   (torchvision's ImageFolder convention: "0" and "180" are classes 0 and 1, but "10" sorts
//   before "2"). Empty class folders keep their index;
// - a labels CSV: rows "file,label" (label an integer >= 0; the file part may itself contain
//   commas, the label is after the last one; a first row whose label field is "label" is a
//   header; blank rows and rows starting with # are skipped). File paths are relative to the
//   sample folder. The CSV's rows are the set. Used when SampleSetOptions::labelsCsv is given or
//   the folder holds a "labels.csv"; a path naming a .csv file opens its folder with it.
// - text boxes (SampleSetOptions::textBoxes, a text detector's truth): the folder's own sample
//   files, flat, each with the text lines it shows from a boxes CSV (SampleSetOptions::boxesCsv,
//   or the folder's "boxes.csv"; a path naming a .csv file opens its folder with it). Rows
//   "file,x1,y1,x2,y2,x3,y3,x4,y4,text" (ICDAR 2015 style, core/data/text_boxes_csv.h), one per
//   text line, corners in the continuous pixel coordinates of the image file
//   (core/metrics/quad.h). A file may have many rows, or none when it shows no text; every row
//   must name one of the samples. Without the CSV the files are unlabelled.
// A path naming a single sample file gives a one-sample set. Samples are files ending in .png,
// .jpg, .jpeg, .npy or .pb (any case); other files and hidden entries are ignored, and only one
// level of sub-folders is looked at. Entries are sorted by their relative path, so the order
// (and a calibration over it) is the same on every machine.

#include "core/data/preprocess_spec.h"

#include "core/metrics/quad.h"

#include "core/runtime/host_tensor.h"
#include "core/util/progress.h"
#include "core/util/result.h"

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace autosplit {

enum class SampleKind { Image, Npy, TensorProto };
enum class LabelSource { None, ClassFolders, Csv, Boxes };

struct SampleEntry {
    std::string name; // relative to the set's root, '/'-separated ("180/line03.png")
    SampleKind kind = SampleKind::Image;
    int label = -1;   // class index; -1 when the set has no class labels
    std::string text; // the line's text when the labels are texts (SampleSetOptions::textLabels)
    // Text boxes (SampleSetOptions::textBoxes): the lines' boxes in the file's pixel coordinates
    // and each box's text, in the CSV's order.
    std::vector<Quad> boxes;
    std::vector<std::string> boxTexts;
};

struct SampleSetOptions {
    PreprocessSpec preprocess; // for images; ignored for .npy and .pb samples
    std::string labelsCsv;     // a labels CSV; empty = the folder's labels.csv when present
    // The CSV's second column is the text each sample shows (a text recogniser's ground truth,
    // UTF-8) instead of a class index. The file name then ends at the first comma (quote a name
    // that holds one); the text is the rest of the row, or a quoted field with "" for a quote.
    bool textLabels = false;
    // The samples are labelled with text boxes (see above) instead; labelsCsv is then not read.
    bool textBoxes = false;
    std::string boxesCsv; // a boxes CSV; empty = the folder's boxes.csv when present
};

class SampleSet {
public:
    // A folder (see above), a single sample file, or a labels CSV.
    static Result<SampleSet> open(const std::string& path, const SampleSetOptions& options = {});
    // The same layouts over in-memory files keyed by relative path ("0/a.png", "labels.csv"),
    // e.g. the embedded sample data; `label` names the set in messages.
    static Result<SampleSet> fromFiles(const std::string& label,
                                       std::map<std::string, std::string> files,
                                       const SampleSetOptions& options = {});

    size_t size() const { return m_entries.size(); }
    const std::vector<SampleEntry>& entries() const { return m_entries; }
    const SampleEntry& entry(size_t index) const { return m_entries.at(index); }
    bool hasLabels() const { return m_labels != LabelSource::None; }
    // Labels are texts (SampleEntry::text), not class indices.
    bool hasTextLabels() const { return hasLabels() && m_options.textLabels; }
    // Labels are text boxes (SampleEntry::boxes).
    bool hasBoxes() const { return m_labels == LabelSource::Boxes; }
    LabelSource labelSource() const { return m_labels; }
    // Class sub-folder names in class-index order (empty unless ClassFolders).
    const std::vector<std::string>& classNames() const { return m_classNames; }
    // The folder, or the label given to fromFiles.
    const std::string& root() const { return m_root; }
    const SampleSetOptions& options() const { return m_options; }

    // One sample as a tensor: images preprocessed to float32, .npy/.pb in their own dtype.
    Result<HostTensor> load(size_t index) const;
    // Sample `index`'s boxes where load() puts them: in the input tensor's continuous
    // coordinates, scaled through the preprocessing (inputScale). Only a resizing spec needs the
    // image's size, and then the image is decoded for it; otherwise, and for .npy and .pb samples,
    // the boxes are returned as they are.
    Result<std::vector<Quad>> inputBoxes(size_t index) const;
    // Every sample, in order; fails naming the first sample whose dtype or shape differs from
    // the first sample's. Reports progress per sample; stops with an error when cancelled.
    Result<std::vector<HostTensor>> loadAll(const ProgressCallback& progress = {},
                                            const CancellationToken& cancel = {}) const;

    // Fails, naming both samples, unless `tensor` (sample `name`) matches `first`'s dtype and
    // shape.
    static Status checkSameShape(const HostTensor& first, const std::string& firstName,
                                 const HostTensor& tensor, const std::string& name);

private:
    struct Files; // where the bytes come from: a folder or an in-memory map

    SampleSet() = default;
    static Result<SampleSet> build(std::shared_ptr<const Files> files, const std::string& csvName,
                                   const SampleSetOptions& options);
    std::string displayName(size_t index) const;

    std::shared_ptr<const Files> m_files;
    std::string m_root;
    SampleSetOptions m_options;
    std::vector<SampleEntry> m_entries;
    LabelSource m_labels = LabelSource::None;
    std::vector<std::string> m_classNames;
};

} // namespace autosplit
