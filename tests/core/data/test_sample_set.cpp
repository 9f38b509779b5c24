// Sample sets on folders the test makes (images written by QImage, .npy files written byte by
// byte here, .pb files through ONNX's protobuf types), labels from class folders and CSVs, every
// bad-input case, and the embedded sample data on disk and from the Qt resources.

#include "core/data/sample_set.h"
#include "resources/embedded_resources.h"
#include "tests/support/classifier_sample.h"

#include <onnx/onnx_pb.h>

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>

using namespace autosplit;

namespace {

void writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

// A w x h image of one colour, saved by Qt.
void writeImage(const QString& path, int w, int h, QRgb colour) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QImage image(w, h, QImage::Format_RGB888);
    image.fill(colour);
    if (!image.save(path))
        qFatal("cannot write %s", qPrintable(path));
}

// The .npy format 1.0, written out: magic, version, little-endian header length, a Python dict
// literal padded with spaces and a newline to a multiple of 64 bytes, then the raw data.
QByteArray npy(const char* descr, const QByteArray& shape, const QByteArray& data,
               bool fortran = false) {
    QByteArray header = QByteArray("{'descr': '") + descr +
                        "', 'fortran_order': " + (fortran ? "True" : "False") +
                        ", 'shape': " + shape + ", }";
    while ((10 + header.size() + 1) % 64 != 0)
        header += ' ';
    header += '\n';
    QByteArray out("\x93NUMPY\x01\x00", 8);
    out += char(header.size() & 0xff);
    out += char(header.size() >> 8);
    return out + header + data;
}

QByteArray floatBytes(const std::vector<float>& v) {
    return QByteArray(reinterpret_cast<const char*>(v.data()), qsizetype(v.size() * sizeof(float)));
}

QByteArray tensorProto(const std::vector<int64_t>& dims, const std::vector<float>& values,
                       bool raw) {
    onnx::TensorProto p;
    p.set_name("input");
    p.set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : dims)
        p.add_dims(d);
    if (raw)
        p.set_raw_data(std::string(reinterpret_cast<const char*>(values.data()),
                                   values.size() * sizeof(float)));
    else
        for (float v : values)
            p.add_float_data(v);
    const std::string s = p.SerializeAsString();
    return QByteArray(s.data(), qsizetype(s.size()));
}

std::string str(const QString& s) {
    return s.toStdString();
}

QString openError(const QString& path, const SampleSetOptions& options = {}) {
    auto set = SampleSet::open(str(path), options);
    return set.ok() ? QStringLiteral("(opened)") : QString::fromStdString(set.error().message);
}

std::vector<std::string> names(const SampleSet& set) {
    std::vector<std::string> out;
    for (const SampleEntry& e : set.entries())
        out.push_back(e.name);
    return out;
}

std::vector<int> labels(const SampleSet& set) {
    std::vector<int> out;
    for (const SampleEntry& e : set.entries())
        out.push_back(e.label);
    return out;
}

// A w x h PNG of one colour, in memory.
std::string pngBytes(int w, int h) {
    QImage image(w, h, QImage::Format_RGB888);
    image.fill(qRgb(200, 200, 200));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes.toStdString();
}

SampleSetOptions withSpec(const char* text) {
    SampleSetOptions o;
    o.preprocess = *parsePreprocessSpec(std::string_view(text));
    return o;
}

} // namespace

class TestSampleSet : public QObject {
    Q_OBJECT

private slots:
    void flatImageFolderSorted();
    void classFoldersGiveSortedIndices();
    void labelsFromCsv();
    void textLabelsFromCsv();
    void textBoxesFromCsv();
    void textBoxErrors();
    void npyAndPbSamples();
    void singleFile();
    void inMemoryFiles();
    void badImageNamesFileAndDecoder();
    void emptyFolders();
    void csvErrors();
    void mixedShapes();
    void badTensorFiles();
    void pathsThatAreNotSamples();
    void embeddedSampleData();
};

void TestSampleSet::flatImageFolderSorted() {
    QTemporaryDir dir;
    writeImage(dir.filePath("b.png"), 4, 2, qRgb(255, 0, 0));
    writeImage(dir.filePath("a.JPG"), 4, 2, qRgb(0, 0, 255));
    writeImage(dir.filePath("c.jpeg"), 4, 2, qRgb(0, 255, 0));
    writeFile(dir.filePath("notes.txt"), "not a sample");
    writeFile(dir.filePath(".hidden.png"), "ignored");
    auto set = SampleSet::open(str(dir.path()), withSpec("resize=2x2"));
    QVERIFY2(set.ok(), set.ok() ? "" : set.error().message.c_str());
    QCOMPARE(names(*set), (std::vector<std::string>{"a.JPG", "b.png", "c.jpeg"}));
    QVERIFY(!set->hasLabels());
    QCOMPARE(labels(*set), (std::vector<int>{-1, -1, -1}));
    auto all = set->loadAll();
    QVERIFY2(all.ok(), all.ok() ? "" : all.error().message.c_str());
    QCOMPARE(all->size(), size_t(3));
    // b.png is pure red: plane R all 255, G and B 0.
    const std::vector<float> b = (*all)[1].toFloats();
    QCOMPARE((*all)[1].dims(), (std::vector<int64_t>{1, 3, 2, 2}));
    QCOMPARE(b, (std::vector<float>{255, 255, 255, 255, 0, 0, 0, 0, 0, 0, 0, 0}));
    // a.JPG is blue (lossy, so nearly).
    const std::vector<float> a = (*all)[0].toFloats();
    QVERIFY(a[0] < 8 && a[8] > 247);
}

void TestSampleSet::classFoldersGiveSortedIndices() {
    QTemporaryDir dir;
    // Byte-wise order: "0" < "180" < "2" < "empty".
    writeImage(dir.filePath("180/x.png"), 3, 3, qRgb(1, 1, 1));
    writeImage(dir.filePath("0/y.png"), 3, 3, qRgb(2, 2, 2));
    writeImage(dir.filePath("0/a.png"), 3, 3, qRgb(3, 3, 3));
    writeImage(dir.filePath("2/z.png"), 3, 3, qRgb(4, 4, 4));
    QDir().mkpath(dir.filePath("empty"));
    writeImage(dir.filePath("2/deeper/ignored.png"), 3, 3, qRgb(5, 5, 5));
    writeFile(dir.filePath("README.md"), "not a sample");
    auto set = SampleSet::open(str(dir.path()));
    QVERIFY2(set.ok(), set.ok() ? "" : set.error().message.c_str());
    QCOMPARE(set->labelSource(), LabelSource::ClassFolders);
    QCOMPARE(set->classNames(), (std::vector<std::string>{"0", "180", "2", "empty"}));
    QCOMPARE(names(*set), (std::vector<std::string>{"0/a.png", "0/y.png", "180/x.png", "2/z.png"}));
    QCOMPARE(labels(*set), (std::vector<int>{0, 0, 1, 2}));
    auto t = set->load(2);
    QVERIFY(t.ok());
    QCOMPARE(t->dims(), (std::vector<int64_t>{1, 3, 3, 3}));
    QCOMPARE(t->toFloats()[0], 1.0f);
}

void TestSampleSet::labelsFromCsv() {
    QTemporaryDir dir;
    writeImage(dir.filePath("img/cat.png"), 2, 2, qRgb(9, 9, 9));
    writeImage(dir.filePath("img/dog,big.png"), 2, 2, qRgb(8, 8, 8));
    writeImage(dir.filePath("img/unlisted.png"), 2, 2, qRgb(7, 7, 7));
    writeImage(dir.filePath("bird.png"), 2, 2, qRgb(6, 6, 6));
    writeFile(dir.filePath("labels.csv"),
              "file,label\r\n# comment\nimg/dog,big.png, 7\n\n\"img/cat.png\",3\r\nbird.png,0\n");
    auto set = SampleSet::open(str(dir.path()));
    QVERIFY2(set.ok(), set.ok() ? "" : set.error().message.c_str());
    QCOMPARE(set->labelSource(), LabelSource::Csv);
    QCOMPARE(names(*set), (std::vector<std::string>{"bird.png", "img/cat.png", "img/dog,big.png"}));
    QCOMPARE(labels(*set), (std::vector<int>{0, 3, 7}));
    QCOMPARE(set->load(1)->toFloats()[0], 9.0f);
    // The CSV path itself opens the set; an explicit CSV elsewhere too.
    auto viaCsv = SampleSet::open(str(dir.filePath("labels.csv")));
    QVERIFY(viaCsv.ok());
    QCOMPARE(labels(*viaCsv), (std::vector<int>{0, 3, 7}));
    QTemporaryDir other;
    writeFile(other.filePath("mine.csv"), "bird.png,5\n");
    SampleSetOptions o;
    o.labelsCsv = str(other.filePath("mine.csv"));
    auto explicitCsv = SampleSet::open(str(dir.path()), o);
    QVERIFY(explicitCsv.ok());
    QCOMPARE(names(*explicitCsv), (std::vector<std::string>{"bird.png"}));
    QCOMPARE(labels(*explicitCsv), (std::vector<int>{5}));
}

// A text recogniser's ground truth: the text after the first comma, commas and quotes in it
// (quoted, "" for a quote), UTF-8, a header row skipped; a class-label set refuses texts.
void TestSampleSet::textLabelsFromCsv() {
    std::map<std::string, std::string> files;
    files["a.npy"] = npy("<f4", "(1,)", floatBytes({1})).toStdString();
    files["b,c.npy"] = npy("<f4", "(1,)", floatBytes({2})).toStdString();
    files["d.npy"] = npy("<f4", "(1,)", floatBytes({3})).toStdString();
    files["labels.csv"] = "file,text\n"
                          "a.npy,Hello 123\n"
                          "\"b,c.npy\",\"x, \"\"y\"\"\"\r\n"
                          "d.npy,  你好, 世界 \n";
    SampleSetOptions options;
    options.textLabels = true;
    auto set = SampleSet::fromFiles("lines", files, options);
    QVERIFY2(set.ok(), set.ok() ? "" : set.error().message.c_str());
    QVERIFY(set->hasTextLabels());
    QCOMPARE(names(*set), (std::vector<std::string>{"a.npy", "b,c.npy", "d.npy"}));
    std::vector<std::string> texts;
    for (const SampleEntry& e : set->entries()) {
        texts.push_back(e.text);
        QCOMPARE(e.label, -1);
    }
    QCOMPARE(texts, (std::vector<std::string>{"Hello 123", "x, \"y\"", "你好, 世界"}));
    // the same file as class labels: "Hello 123" is no class index
    auto classes = SampleSet::fromFiles("lines", files);
    QVERIFY(!classes.ok());
    QVERIFY2(classes.error().message.find("is not an integer") != std::string::npos,
             classes.error().message.c_str());
    files["labels.csv"] = "a.npy,\"unclosed\n";
    auto bad = SampleSet::fromFiles("lines", files, options);
    QVERIFY(!bad.ok());
    QCOMPARE(QString::fromStdString(bad.error().message),
             QStringLiteral("labels 'lines/labels.csv' line 1: expected file,text (a quoted field "
                            "does not close)"));
}

// A text detector's truth: every image of the folder (one without text has no row), each with
// its rows' boxes and texts in order; quoted texts; a row without text; a header; labels.csv is
// not read. The boxes follow a resize into the input tensor; a path naming the CSV opens its
// folder.
void TestSampleSet::textBoxesFromCsv() {
    std::map<std::string, std::string> files;
    files["a.png"] = pngBytes(64, 32);
    files["b.png"] = pngBytes(64, 32);
    files["c.png"] = pngBytes(64, 32);
    files["sub/d.png"] = pngBytes(8, 8);
    files["labels.csv"] = "a.png,3\n";
    files["boxes.csv"] = "file,x1,y1,x2,y2,x3,y3,x4,y4,text\n"
                         "b.png,1,2,9,2,9,6,1,6,\"8,760\"\"\"\n"
                         "a.png, 10.5 ,4,30,4,30,12.25,10.5,12.25,Hello world\r\n"
                         "\n"
                         "# a comment\n"
                         "a.png,0,20,20,20,20,30,0,30,你好\n"
                         "b.png,40,0,50,2,48,12,38,10\n";
    SampleSetOptions options;
    options.textBoxes = true;
    auto set = SampleSet::fromFiles("scenes", files, options);
    QVERIFY2(set.ok(), set.ok() ? "" : set.error().message.c_str());
    QVERIFY(set->hasBoxes());
    QVERIFY(set->hasLabels());
    QVERIFY(!set->hasTextLabels());
    QCOMPARE(set->labelSource(), LabelSource::Boxes);
    QCOMPARE(names(*set), (std::vector<std::string>{"a.png", "b.png", "c.png"}));
    QCOMPARE(labels(*set), (std::vector<int>{-1, -1, -1}));
    const SampleEntry& a = set->entry(0);
    QCOMPARE(a.boxes, (std::vector<Quad>{axisAlignedQuad(10.5, 4, 30, 12.25),
                                         axisAlignedQuad(0, 20, 20, 30)}));
    QCOMPARE(a.boxTexts, (std::vector<std::string>{"Hello world", "你好"}));
    const SampleEntry& b = set->entry(1);
    QCOMPARE(b.boxes.size(), size_t(2));
    QCOMPARE(b.boxes[1], (Quad{{Point2{40, 0}, Point2{50, 2}, Point2{48, 12}, Point2{38, 10}}}));
    QCOMPARE(b.boxTexts, (std::vector<std::string>{"8,760\"", ""}));
    QVERIFY(set->entry(2).boxes.empty());

    // without a resize the tensor's coordinates are the image's
    auto same = set->inputBoxes(0);
    QVERIFY(same);
    QCOMPARE(*same, a.boxes);
    // 64 x 32 resized to 16 x 32: halved
    options.preprocess = *parsePreprocessSpec(std::string_view("resize=16x32"));
    auto resized = SampleSet::fromFiles("scenes", files, options);
    QVERIFY(resized.ok());
    auto halved = resized->inputBoxes(0);
    QVERIFY2(halved, halved ? "" : halved.error().message.c_str());
    QCOMPARE(*halved, (std::vector<Quad>{axisAlignedQuad(5.25, 2, 15, 6.125),
                                         axisAlignedQuad(0, 10, 10, 15)}));
    QVERIFY(resized->inputBoxes(2)->empty());
    QVERIFY(!resized->inputBoxes(3));

    // no boxes.csv: the folder's images, unlabelled
    files.erase("boxes.csv");
    auto plain = SampleSet::fromFiles("scenes", files, options);
    QVERIFY(plain.ok());
    QVERIFY(!plain->hasBoxes());
    QVERIFY(!plain->hasLabels());
    QCOMPARE(plain->size(), size_t(3));

    // on disk, opened by the CSV's path (the images next to it are the set)
    QTemporaryDir dir;
    writeImage(dir.filePath("s0.png"), 16, 16, qRgb(0, 0, 0));
    writeImage(dir.filePath("s1.png"), 16, 16, qRgb(0, 0, 0));
    writeFile(dir.filePath("truth.csv"), "s1.png,1,1,5,1,5,5,1,5,x\n");
    SampleSetOptions boxes;
    boxes.textBoxes = true;
    auto byCsv = SampleSet::open(str(dir.filePath("truth.csv")), boxes);
    QVERIFY2(byCsv.ok(), byCsv.ok() ? "" : byCsv.error().message.c_str());
    QCOMPARE(names(*byCsv), (std::vector<std::string>{"s0.png", "s1.png"}));
    QCOMPARE(byCsv->entry(1).boxes, (std::vector<Quad>{axisAlignedQuad(1, 1, 5, 5)}));
    boxes.boxesCsv = str(dir.filePath("truth.csv"));
    auto byOption = SampleSet::open(str(dir.path()), boxes);
    QVERIFY(byOption.ok());
    QVERIFY(byOption->hasBoxes());
}

// Every row is checked: its file, 8 finite numbers, a simple quadrilateral, closed quotes; the
// message names the CSV, the line and the field.
void TestSampleSet::textBoxErrors() {
    std::map<std::string, std::string> files;
    files["a.png"] = pngBytes(8, 8);
    SampleSetOptions options;
    options.textBoxes = true;
    auto error = [&](const char* csv) {
        files["boxes.csv"] = csv;
        auto set = SampleSet::fromFiles("scenes", files, options);
        return set.ok() ? QStringLiteral("(opened)") : QString::fromStdString(set.error().message);
    };
    QCOMPARE(error("file,x1,y1,x2,y2,x3,y3,x4,y4,text\nb.png,0,0,1,0,1,1,0,1,t\n"),
             QStringLiteral("boxes 'scenes/boxes.csv' line 2: 'b.png' is not one of the folder's "
                            "sample files"));
    QCOMPARE(error("a.png,0,0,abc,0,1,1,0,1,t\n"),
             QStringLiteral("boxes 'scenes/boxes.csv' line 1: x2 'abc' is not a number"));
    QCOMPARE(error("a.png,0,0,1,0,1,1,0,,t\n"),
             QStringLiteral("boxes 'scenes/boxes.csv' line 1: y4 '' is not a number"));
    QCOMPARE(error("a.png,0,0,1,0,1,inf,0,1\n"),
             QStringLiteral("boxes 'scenes/boxes.csv' line 1: y3 'inf' is not a finite number"));
    QCOMPARE(error("a.png,0,0,1,0,1,1\n"),
             QStringLiteral("boxes 'scenes/boxes.csv' line 1: expected "
                            "file,x1,y1,x2,y2,x3,y3,x4,y4,text (7 fields)"));
    QCOMPARE(error("a.png,0,0,2,0,0,2,2,2,bow tie\n"),
             QStringLiteral("boxes 'scenes/boxes.csv' line 1: the corners of the box in 'a.png' "
                            "do not make a simple quadrilateral (no area, or edges crossing)"));
    QCOMPARE(error("a.png,0,0,1,0,1,1,0,1,\"open\n"),
             QStringLiteral("boxes 'scenes/boxes.csv' line 1: a quoted field does not close"));
    QCOMPARE(error(",0,0,1,0,1,1,0,1,t\n"),
             QStringLiteral("boxes 'scenes/boxes.csv' line 1: the file name is empty"));
    // class sub-folders have no top-level files to label
    std::map<std::string, std::string> nested;
    nested["0/a.png"] = pngBytes(8, 8);
    auto none = SampleSet::fromFiles("classes", nested, options);
    QVERIFY(!none.ok());
    QCOMPARE(QString::fromStdString(none.error().message),
             QStringLiteral("sample folder 'classes' has no .png, .jpg, .jpeg, .npy or .pb files "
                            "at its top; text boxes label the folder's own files"));
    // a missing CSV named by the option
    options.boxesCsv = "/nonexistent/boxes.csv";
    auto missing = SampleSet::fromFiles("scenes", files, options);
    QVERIFY(!missing.ok());
    QVERIFY2(QString::fromStdString(missing.error().message).startsWith(QStringLiteral("boxes: ")),
             missing.error().message.c_str());
}

void TestSampleSet::npyAndPbSamples() {
    QTemporaryDir dir;
    writeFile(dir.filePath("s1.npy"), npy("<f4", "(1, 2, 2)", floatBytes({1.5f, -2, 3, 4})));
    writeFile(dir.filePath("s0.pb"), tensorProto({1, 2, 2}, {0.5f, 0.25f, 8, 9}, true));
    auto set = SampleSet::open(str(dir.path()));
    QVERIFY(set.ok());
    QCOMPARE(names(*set), (std::vector<std::string>{"s0.pb", "s1.npy"}));
    auto all = set->loadAll();
    QVERIFY2(all.ok(), all.ok() ? "" : all.error().message.c_str());
    QCOMPARE((*all)[0].toFloats(), (std::vector<float>{0.5f, 0.25f, 8, 9}));
    QCOMPARE((*all)[1].toFloats(), (std::vector<float>{1.5f, -2, 3, 4}));
    QCOMPARE((*all)[1].dims(), (std::vector<int64_t>{1, 2, 2}));

    // Typed-field .pb, other .npy dtypes, a scalar and version 2.0 headers.
    QTemporaryDir more;
    writeFile(more.filePath("typed.pb"), tensorProto({3}, {1, 2, 3}, false));
    const std::vector<int64_t> ids = {7, -1};
    writeFile(more.filePath("ids.npy"),
              npy("<i8", "(2,)", QByteArray(reinterpret_cast<const char*>(ids.data()), 16)));
    writeFile(more.filePath("bytes.npy"), npy("|u1", "(3,)", QByteArray("\x01\x02\xff", 3)));
    const double d = 2.5;
    writeFile(more.filePath("scalar.npy"),
              npy("<f8", "()", QByteArray(reinterpret_cast<const char*>(&d), 8)));
    QByteArray v2 = npy("<f4", "(2,)", floatBytes({6, 7}));
    v2 = QByteArray("\x93NUMPY\x02\x00", 8) + char(v2[8]) + char(v2[9]) + QByteArray(2, '\0') +
         v2.mid(10);
    writeFile(more.filePath("v2.npy"), v2);
    auto m = SampleSet::open(str(more.path()));
    QVERIFY(m.ok());
    QCOMPARE(names(*m), (std::vector<std::string>{"bytes.npy", "ids.npy", "scalar.npy", "typed.pb",
                                                  "v2.npy"}));
    auto bytes = m->load(0);
    QVERIFY2(bytes.ok(), bytes.ok() ? "" : bytes.error().message.c_str());
    QCOMPARE(bytes->dtype(), DataType::UInt8);
    QCOMPARE(bytes->toInt64s(), (std::vector<int64_t>{1, 2, 255}));
    QCOMPARE(m->load(1)->dtype(), DataType::Int64);
    QCOMPARE(m->load(1)->toInt64s(), ids);
    auto scalar = m->load(2);
    QCOMPARE(scalar->dtype(), DataType::Double);
    QVERIFY(scalar->dims().empty());
    QCOMPARE(scalar->toFloats(), (std::vector<float>{2.5f}));
    QCOMPARE(m->load(3)->toFloats(), (std::vector<float>{1, 2, 3}));
    auto two = m->load(4);
    QVERIFY2(two.ok(), two.ok() ? "" : two.error().message.c_str());
    QCOMPARE(two->toFloats(), (std::vector<float>{6, 7}));
}

void TestSampleSet::singleFile() {
    QTemporaryDir dir;
    writeFile(dir.filePath("one.npy"), npy("<f4", "(2,)", floatBytes({1, 2})));
    writeFile(dir.filePath("other.npy"), npy("<f4", "(2,)", floatBytes({3, 4})));
    auto set = SampleSet::open(str(dir.filePath("one.npy")));
    QVERIFY(set.ok());
    QCOMPARE(names(*set), (std::vector<std::string>{"one.npy"}));
    QCOMPARE(set->load(0)->toFloats(), (std::vector<float>{1, 2}));
    QVERIFY(!set->load(1).ok());
}

void TestSampleSet::inMemoryFiles() {
    std::map<std::string, std::string> files;
    files["b/x.npy"] = npy("<f4", "(1,)", floatBytes({2})).toStdString();
    files["a/y.npy"] = npy("<f4", "(1,)", floatBytes({1})).toStdString();
    files["README.md"] = "text";
    auto set = SampleSet::fromFiles("memory", files);
    QVERIFY(set.ok());
    QCOMPARE(names(*set), (std::vector<std::string>{"a/y.npy", "b/x.npy"}));
    QCOMPARE(labels(*set), (std::vector<int>{0, 1}));
    QCOMPARE(set->load(1)->toFloats(), (std::vector<float>{2}));
    files["labels.csv"] = "b/x.npy,4\n";
    auto csv = SampleSet::fromFiles("memory", files);
    QVERIFY(csv.ok());
    QCOMPARE(labels(*csv), (std::vector<int>{4}));
    files["labels.csv"] = "c/z.npy,4\n";
    auto missing = SampleSet::fromFiles("memory", files);
    QVERIFY(!missing.ok());
    QCOMPARE(QString::fromStdString(missing.error().message),
             QStringLiteral("labels 'memory/labels.csv' line 1: 'c/z.npy' does not exist"));
    QCOMPARE(
        QString::fromStdString(SampleSet::fromFiles("nothing", {{"a.txt", "x"}}).error().message),
        QStringLiteral("sample folder 'nothing' has no .png, .jpg, .jpeg, .npy or .pb files"));
}

void TestSampleSet::badImageNamesFileAndDecoder() {
    QTemporaryDir dir;
    writeImage(dir.filePath("good.png"), 2, 2, qRgb(1, 2, 3));
    QFile good(dir.filePath("good.png"));
    good.open(QIODevice::ReadOnly);
    const QByteArray bytes = good.readAll();
    writeFile(dir.filePath("half.png"), bytes.left(bytes.size() / 2));
    writeFile(dir.filePath("text.jpg"), "plain text, not a picture");
    auto set = SampleSet::open(str(dir.path()));
    QVERIFY(set.ok());
    QCOMPARE(names(*set), (std::vector<std::string>{"good.png", "half.png", "text.jpg"}));
    QVERIFY(set->load(0).ok());
    auto half = set->load(1);
    QVERIFY(!half.ok());
    const QString prefix =
        QStringLiteral("image '%1': PNG decoder: ").arg(dir.filePath("half.png"));
    QVERIFY2(QString::fromStdString(half.error().message).startsWith(prefix),
             half.error().message.c_str());
    QCOMPARE(QString::fromStdString(set->load(2).error().message),
             QStringLiteral("image '%1': not a PNG or JPEG file").arg(dir.filePath("text.jpg")));
    // loadAll stops at the first bad sample with the same message.
    QVERIFY(QString::fromStdString(set->loadAll().error().message).startsWith(prefix));
}

void TestSampleSet::emptyFolders() {
    QTemporaryDir dir;
    QCOMPARE(openError(dir.path()),
             QStringLiteral("sample folder '%1' has no .png, .jpg, .jpeg, .npy or .pb files")
                 .arg(dir.path()));
    writeFile(dir.filePath("notes.txt"), "x");
    QDir().mkpath(dir.filePath("class_a"));
    QCOMPARE(openError(dir.path()),
             QStringLiteral("sample folder '%1' has no .png, .jpg, .jpeg, .npy or .pb files")
                 .arg(dir.path()));
}

void TestSampleSet::csvErrors() {
    QTemporaryDir dir;
    writeImage(dir.filePath("a.png"), 2, 2, qRgb(0, 0, 0));
    writeImage(dir.filePath("b.png"), 2, 2, qRgb(0, 0, 0));
    const QString csv = dir.filePath("labels.csv");
    const QString where = QStringLiteral("labels '%1' line ").arg(csv);
    auto errorFor = [&](const char* text) {
        writeFile(csv, text);
        return openError(dir.path());
    };
    QCOMPARE(errorFor("a.png,0\nmissing.png,1\n"),
             where + QStringLiteral("2: 'missing.png' does not exist"));
    QCOMPARE(errorFor("a.png,cat\n"), where + QStringLiteral("1: label 'cat' is not an integer"));
    QCOMPARE(errorFor("a.png,1.5\n"), where + QStringLiteral("1: label '1.5' is not an integer"));
    QCOMPARE(errorFor("file,label\na.png,\n"),
             where + QStringLiteral("2: label '' is not an integer"));
    QCOMPARE(errorFor("a.png,-2\n"), where + QStringLiteral("1: label -2 is negative"));
    QCOMPARE(errorFor("a.png\n"), where + QStringLiteral("1: expected file,label"));
    QCOMPARE(errorFor("a.png,1\na.png,2\n"), where + QStringLiteral("2: 'a.png' is listed twice"));
    QCOMPARE(errorFor("labels.csv,1\n"),
             where +
                 QStringLiteral("1: 'labels.csv' is not a .png, .jpg, .jpeg, .npy or .pb file"));
    QCOMPARE(errorFor("file,label\n"), QStringLiteral("labels '%1' lists no samples").arg(csv));
    SampleSetOptions o;
    o.labelsCsv = "/nonexistent/labels.csv";
    QVERIFY(openError(dir.path(), o)
                .startsWith(QStringLiteral("labels: cannot open '/nonexistent/labels.csv'")));
}

void TestSampleSet::mixedShapes() {
    QTemporaryDir dir;
    writeFile(dir.filePath("a.npy"), npy("<f4", "(1, 2)", floatBytes({1, 2})));
    writeFile(dir.filePath("b.npy"), npy("<f4", "(2, 1)", floatBytes({1, 2})));
    auto set = SampleSet::open(str(dir.path()));
    QVERIFY(set.ok());
    QCOMPARE(QString::fromStdString(set->loadAll().error().message),
             QStringLiteral("sample '%1' is float32 2x1 but '%2' is float32 1x2; all samples must "
                            "have one shape and type")
                 .arg(dir.filePath("b.npy"), dir.filePath("a.npy")));
    // Images of different sizes without a resize, and a dtype change.
    QTemporaryDir images;
    writeImage(images.filePath("a.png"), 4, 2, qRgb(0, 0, 0));
    writeImage(images.filePath("b.png"), 5, 2, qRgb(0, 0, 0));
    auto imageSet = SampleSet::open(str(images.path()));
    QVERIFY(!imageSet->loadAll().ok());
    QVERIFY(SampleSet::open(str(images.path()), withSpec("resize=2x2"))->loadAll().ok());
    QTemporaryDir types;
    writeFile(types.filePath("a.npy"), npy("<f4", "(2,)", floatBytes({1, 2})));
    writeFile(types.filePath("b.npy"), npy("<f8", "(2,)", QByteArray(16, '\0')));
    QVERIFY(QString::fromStdString(SampleSet::open(str(types.path()))->loadAll().error().message)
                .contains(QStringLiteral("float64 2")));
    // Sample files at the top and class folders at once.
    QTemporaryDir both;
    writeImage(both.filePath("top.png"), 2, 2, qRgb(0, 0, 0));
    writeImage(both.filePath("0/in.png"), 2, 2, qRgb(0, 0, 0));
    QCOMPARE(openError(both.path()), QStringLiteral("sample folder '%1' has sample files both at "
                                                    "the top and in sub-folders; use one layout")
                                         .arg(both.path()));
}

void TestSampleSet::badTensorFiles() {
    QTemporaryDir dir;
    const QString f = dir.filePath("x.npy");
    auto errorFor = [&](const QByteArray& bytes) {
        writeFile(f, bytes);
        auto set = SampleSet::open(str(f));
        return QString::fromStdString(set->load(0).error().message);
    };
    const QString s = QStringLiteral("sample '%1': ").arg(f);
    QCOMPARE(errorFor("just text"), s + QStringLiteral("not a .npy file (no numpy magic string)"));
    QCOMPARE(errorFor(npy(">f4", "(1,)", floatBytes({1}))),
             s + QStringLiteral("big-endian data ('>f4') is not supported"));
    QCOMPARE(
        errorFor(npy("<c8", "(1,)", QByteArray(8, '\0'))),
        s + QStringLiteral(
                "unsupported dtype '<c8' (expected f2/f4/f8, i1/i2/i4/i8, u1/u2/u4/u8 or b1)"));
    QCOMPARE(errorFor(npy("<f4", "(2, 2)", floatBytes({1, 2, 3, 4}), true)),
             s + QStringLiteral(
                     "Fortran-order (column-major) arrays are not supported; save with C order"));
    QCOMPARE(errorFor(npy("<f4", "(2, 2)", floatBytes({1, 2, 3}))),
             s + QStringLiteral(
                     "truncated data: shape 2x2 of float32 needs 16 bytes, the file holds 12"));
    QCOMPARE(
        errorFor(npy("<f4", "(2, -1)", {})),
        s + QStringLiteral("the header's shape holds something other than non-negative integers"));
    QCOMPARE(errorFor(npy("<f4", "(2, 2)", floatBytes({1, 2, 3, 4})).left(30)),
             s + QStringLiteral("truncated .npy header (118 bytes announced, 20 present)"));

    const QString pb = dir.filePath("x.pb");
    writeFile(pb, "\xff\xff\xff garbage");
    QCOMPARE(
        QString::fromStdString(SampleSet::open(str(pb))->load(0).error().message),
        QStringLiteral("sample '%1': not an ONNX TensorProto (protobuf parsing failed)").arg(pb));
    onnx::TensorProto p;
    p.set_data_type(onnx::TensorProto::FLOAT);
    p.add_dims(4);
    p.add_float_data(1.0f); // 1 value for 4 elements
    writeFile(pb, QByteArray::fromStdString(p.SerializeAsString()));
    const QString message =
        QString::fromStdString(SampleSet::open(str(pb))->load(0).error().message);
    QVERIFY2(message.startsWith(QStringLiteral("sample '%1': ").arg(pb)), qPrintable(message));
}

void TestSampleSet::pathsThatAreNotSamples() {
    QCOMPARE(openError(QStringLiteral("/nonexistent/samples")),
             QStringLiteral("sample path '/nonexistent/samples' does not exist"));
    QTemporaryDir dir;
    writeFile(dir.filePath("model.onnx"), "x");
    QCOMPARE(
        openError(dir.filePath("model.onnx")),
        QStringLiteral(
            "'%1' is not a .png, .jpg, .jpeg, .npy or .pb file, a sample folder or a labels CSV")
            .arg(dir.filePath("model.onnx")));
}

void TestSampleSet::embeddedSampleData() {
    const QByteArray source = qgetenv("AUTOSPLIT_SOURCE_DIR");
    QVERIFY2(!source.isEmpty(), "AUTOSPLIT_SOURCE_DIR is set by CTest");
    SampleSetOptions options;
    auto spec = parsePreprocessSpec(test::classifierSample().preprocessSpec.toStdString());
    QVERIFY(spec.ok());
    options.preprocess = *spec;
    auto disk =
        SampleSet::open(source.toStdString() + "/resources/sample-data/text-direction", options);
    QVERIFY2(disk.ok(), disk.ok() ? "" : disk.error().message.c_str());
    QCOMPARE(disk->size(), size_t(16));
    QCOMPARE(disk->classNames(), (std::vector<std::string>{"0", "180"}));
    const std::vector<int> diskLabels = labels(*disk);
    QCOMPARE(std::count(diskLabels.begin(), diskLabels.end(), 0), 8);
    QCOMPARE(std::count(diskLabels.begin(), diskLabels.end(), 1), 8);
    auto diskTensors = disk->loadAll();
    QVERIFY2(diskTensors.ok(), diskTensors.ok() ? "" : diskTensors.error().message.c_str());
    for (const HostTensor& t : *diskTensors) {
        QCOMPARE(t.dims(), (std::vector<int64_t>{1, 3, 48, 192}));
        for (float v : t.span<float>())
            QVERIFY(v >= -1.00001f && v <= 1.00001f); // 255 * float(1/255) is 1 + 1 ulp
    }
    // Compiled into the programs: the same files, the same tensors, without the disk.
    auto embedded =
        SampleSet::fromFiles(test::classifierSample().dataPath.toStdString(),
                             resources::sampleDataFiles(test::classifierSample()), options);
    QVERIFY2(embedded.ok(), embedded.ok() ? "" : embedded.error().message.c_str());
    QCOMPARE(names(*embedded), names(*disk));
    QCOMPARE(labels(*embedded), labels(*disk));
    auto embeddedTensors = embedded->loadAll();
    QVERIFY(embeddedTensors.ok());
    for (size_t i = 0; i < diskTensors->size(); ++i)
        QCOMPARE((*embeddedTensors)[i].toFloats(), (*diskTensors)[i].toFloats());
}

QTEST_GUILESS_MAIN(TestSampleSet)
#include "test_sample_set.moc"
