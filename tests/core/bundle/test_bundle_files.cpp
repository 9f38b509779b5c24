// A bundle on disk as core writes and reads it: what writeBundle writes, readBundle accepts; every
// kind of damage a bundle can suffer on its way to a device (a changed byte, a missing file, a
// manifest that is not JSON, from a newer program, or disagreeing with the models) is refused
// with one line naming the file or tensor; and a write that is cancelled or refused leaves
// nothing behind, not even its hidden temporary folder.

#include "tests/core/bundle/bundle_fixture.h"

#include "core/bundle/bundle_reader.h"
#include "core/bundle/bundle_writer.h"
#include "core/bundle/file_digest.h"
#include "core/bundle/split_manifest.h"
#include "tests/support/model_builder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

using namespace autosplit;
using namespace autosplit::testing;

namespace fs = std::filesystem;

namespace {

std::string readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeText(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

// Every entry under `dir`, relative, sorted; hidden ones included.
std::vector<std::string> entriesUnder(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        names.push_back(fs::relative(e.path(), dir).string());
    std::sort(names.begin(), names.end());
    return names;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

QJsonObject readJson(const fs::path& path) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(readText(path))).object();
}

void writeJson(const fs::path& path, const QJsonObject& object) {
    writeText(path, QJsonDocument(object).toJson().toStdString());
}

enum class Damage {
    EdgeByteChanged,
    CloudDeleted,
    ManifestDeleted,
    ManifestNotJson,
    NewerFormatVersion,
    OtherFormat,
    WireNameChanged,
    DataTypeChanged,
    ShapeChanged,
    RankChanged,
    ExtraCrossing,
    InconsistentCodes,
    ModelPathOutside,
};

} // namespace

Q_DECLARE_METATYPE(Damage)

class TestBundleFiles : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void readsWhatItWrote();
    void refusesDamage_data();
    void refusesDamage();
    void refusesAFileAsBundle();
    void readsThePartItNeeds();
    void cancelledWriteLeavesNothing_data();
    void cancelledWriteLeavesNothing();
    void cancelledMidWriteLeavesNothing_data();
    void cancelledMidWriteLeavesNothing();
    void concurrentWritersOneWins();
    void createsMissingParents();
    void takesAFolderNameWithATrailingSeparator();
    void replacesOnlyBundles();

private:
    Status write(const fs::path& dir, const BundleWriteOptions& options = {},
                 const CancellationToken& cancel = {}) const {
        return writeBundle(dir, m_manifest, m_edge, m_cloud, options, {}, cancel);
    }
    // A fresh copy of the good bundle to damage.
    fs::path copyOfGood(const std::string& name) const {
        const fs::path dir = fs::path(m_root.path().toStdString()) / name;
        fs::copy(m_good, dir, fs::copy_options::recursive);
        return dir;
    }

    QTemporaryDir m_root;
    fs::path m_good;
    Opened m_opened;
    SplitPlan m_plan;
    onnx::ModelProto m_edge, m_cloud;
    bundle::Manifest m_manifest;
};

void TestBundleFiles::initTestCase() {
    QVERIFY(m_root.isValid());
    m_opened = openForSplit(buildResidualBlock(), 4);
    QVERIFY(m_opened.executor);
    const Graph& g = *m_opened.graph;
    // a cut inside the residual block sends the skip tensor too
    const int n = static_cast<int>(g.nodeCount());
    std::optional<SplitPlan> chosen;
    for (int split = 1; split < n && !chosen; ++split) {
        SplitRequest request;
        request.split = split;
        request.weightBits.assign(static_cast<size_t>(split), 8);
        request.activationBits.assign(static_cast<size_t>(split), 4);
        auto plan = makeSplitPlan(g, m_opened.calibration, request);
        QVERIFY2(plan, plan ? "" : plan.error().message.c_str());
        if (plan->crossing.size() >= 2)
            chosen = *plan;
    }
    QVERIFY2(chosen, "no cut of the residual block sends two tensors");
    m_plan = *chosen;
    auto edge = edgeGraph(g, m_plan, RangeOptions{});
    auto cloud = cloudGraph(g, m_plan);
    QVERIFY2(edge && cloud, !edge    ? edge.error().message.c_str()
                            : !cloud ? cloud.error().message.c_str()
                                     : "");
    auto edgeModel = checkedModel(*edge, kEdgeModelFile);
    auto cloudModel = checkedModel(*cloud, kCloudModelFile);
    QVERIFY2(edgeModel && cloudModel, !edgeModel    ? edgeModel.error().message.c_str()
                                      : !cloudModel ? cloudModel.error().message.c_str()
                                                    : "");
    m_edge = *edgeModel;
    m_cloud = *cloudModel;

    // the parts of a manifest the reader checks, filled as the session's export fills them
    m_manifest.set_created_by("test_bundle_files");
    m_manifest.mutable_source()->set_file_name("residual block.onnx");
    m_manifest.mutable_source()->set_layers(n);
    describeSplit(*m_opened.graph, m_plan, m_manifest);
    m_good = fs::path(m_root.path().toStdString()) / "good";
    const Status written = write(m_good);
    QVERIFY2(written, written ? "" : written.error().message.c_str());
}

void TestBundleFiles::readsWhatItWrote() {
    auto opened = readBundle(m_good);
    QVERIFY2(opened, opened ? "" : opened.error().message.c_str());
    const bundle::Manifest& m = opened->manifest;
    QCOMPARE(m.format(), std::string(kBundleFormat));
    QCOMPARE(m.format_version(), kBundleFormatVersion);
    QCOMPARE(m.split(), m_plan.split);
    QCOMPARE(m.crossing_size(), static_cast<int>(m_plan.crossing.size()));
    QCOMPARE(m.crossing(0).bits(), 4);
    QVERIFY(m.crossing(0).quantized());
    // the Triton name is made from the file name: only letters, digits, '_' and '-'
    QCOMPARE(m.triton_model_name(), std::string("residual_block_cloud"));
    // the files are the models given, byte for byte, and the hashes are theirs
    QCOMPARE(readText(m_good / kEdgeModelFile), m_edge.SerializeAsString());
    QCOMPARE(readText(m_good / kCloudModelFile), m_cloud.SerializeAsString());
    QCOMPARE(m.edge_model().sha256(), sha256Hex(m_edge.SerializeAsString()));
    QCOMPARE(m.cloud_model().sha256(), sha256OfFile(m_good / kCloudModelFile).value());
    QCOMPARE(m.edge_model().bytes(), static_cast<int64_t>(fs::file_size(m_good / kEdgeModelFile)));
    QCOMPARE(readText(m_good / "triton" / m.triton_model_name() / "1" / "model.onnx"),
             readText(m_good / kCloudModelFile));
    QCOMPARE(opened->edge, m_edge.SerializeAsString());
    QCOMPARE(opened->cloud, m_cloud.SerializeAsString());
    const std::vector<std::string> expected = {"README.md",
                                               "cloud.onnx",
                                               "edge.onnx",
                                               "manifest.json",
                                               "triton",
                                               "triton/residual_block_cloud",
                                               "triton/residual_block_cloud/1",
                                               "triton/residual_block_cloud/1/model.onnx",
                                               "triton/residual_block_cloud/config.pbtxt"};
    QCOMPARE(entriesUnder(m_good), expected);
    // nothing but the bundle beside it
    for (const auto& e : fs::directory_iterator(m_good.parent_path()))
        QVERIFY2(!contains(e.path().filename().string(), ".partial"), e.path().c_str());
}

void TestBundleFiles::refusesDamage_data() {
    QTest::addColumn<Damage>("damage");
    QTest::addColumn<QStringList>("named"); // what the message must name
    const QString wire0 = QString::fromStdString(m_plan.crossing.at(0).wireName);
    QTest::newRow("edge.onnx, one byte changed")
        << Damage::EdgeByteChanged
        << QStringList{QStringLiteral("edge.onnx"), QStringLiteral("SHA-256")};
    QTest::newRow("cloud.onnx deleted")
        << Damage::CloudDeleted
        << QStringList{QStringLiteral("cloud.onnx"), QStringLiteral("missing")};
    QTest::newRow("manifest.json deleted")
        << Damage::ManifestDeleted
        << QStringList{QStringLiteral("manifest.json"), QStringLiteral("missing")};
    QTest::newRow("manifest.json not JSON")
        << Damage::ManifestNotJson << QStringList{QStringLiteral("manifest.json")};
    QTest::newRow("format version 99")
        << Damage::NewerFormatVersion
        << QStringList{QStringLiteral("manifest.json"), QStringLiteral("format version 99")};
    QTest::newRow("another format")
        << Damage::OtherFormat
        << QStringList{QStringLiteral("manifest.json"), QStringLiteral("not an autosplit bundle")};
    QTest::newRow("wire name changed")
        << Damage::WireNameChanged
        << QStringList{QStringLiteral("renamed_wire"), QStringLiteral("edge.onnx")};
    QTest::newRow("data type changed")
        << Damage::DataTypeChanged
        << QStringList{wire0, QStringLiteral("float16"), QStringLiteral("edge.onnx")};
    QTest::newRow("shape changed")
        << Damage::ShapeChanged << QStringList{wire0, QStringLiteral("shape")};
    QTest::newRow("rank changed") << Damage::RankChanged
                                  << QStringList{wire0, QStringLiteral("shape")};
    QTest::newRow("a crossing tensor the cloud does not take")
        << Damage::ExtraCrossing << QStringList{QStringLiteral("cloud.onnx")};
    QTest::newRow("3 bits, zero point 200")
        << Damage::InconsistentCodes
        << QStringList{wire0, QStringLiteral("bits 3"), QStringLiteral("zero point 200")};
    QTest::newRow("model path outside the bundle")
        << Damage::ModelPathOutside
        << QStringList{QStringLiteral("manifest.json"), QStringLiteral("../edge.onnx")};
}

void TestBundleFiles::refusesDamage() {
    QFETCH(Damage, damage);
    QFETCH(QStringList, named);
    const fs::path dir = copyOfGood("damaged-" + std::to_string(static_cast<int>(damage)));
    QVERIFY(readBundle(dir)); // the copy itself is fine
    const fs::path manifestPath = dir / kManifestFile;
    QJsonObject m = readJson(manifestPath);
    QVERIFY(!m.isEmpty());
    QJsonArray crossing = m.value(QStringLiteral("crossing")).toArray();
    QJsonObject first = crossing.at(0).toObject();
    auto setFirst = [&] {
        crossing.replace(0, first);
        m.insert(QStringLiteral("crossing"), crossing);
        writeJson(manifestPath, m);
    };
    switch (damage) {
    case Damage::EdgeByteChanged: {
        std::string bytes = readText(dir / kEdgeModelFile);
        bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x01);
        writeText(dir / kEdgeModelFile, bytes);
        break;
    }
    case Damage::CloudDeleted:
        QVERIFY(fs::remove(dir / kCloudModelFile));
        break;
    case Damage::ManifestDeleted:
        QVERIFY(fs::remove(manifestPath));
        break;
    case Damage::ManifestNotJson:
        writeText(manifestPath, "format: autosplit-bundle\nthis is { not JSON");
        break;
    case Damage::NewerFormatVersion:
        m.insert(QStringLiteral("formatVersion"), 99);
        writeJson(manifestPath, m);
        break;
    case Damage::OtherFormat:
        m.insert(QStringLiteral("format"), QStringLiteral("something-else"));
        writeJson(manifestPath, m);
        break;
    case Damage::WireNameChanged:
        first.insert(QStringLiteral("wireName"), QStringLiteral("renamed_wire"));
        setFirst();
        break;
    case Damage::DataTypeChanged:
        // a tensor said to travel as it is, in a type the edge does not send
        first.insert(QStringLiteral("dataType"), QStringLiteral("float16"));
        first.insert(QStringLiteral("quantized"), false);
        setFirst();
        break;
    case Damage::ShapeChanged: {
        QJsonArray shape = first.value(QStringLiteral("shape")).toArray();
        QVERIFY(shape.size() >= 2);
        shape.replace(1, QString::number(shape.at(1).toVariant().toLongLong() + 1));
        first.insert(QStringLiteral("shape"), shape);
        setFirst();
        break;
    }
    case Damage::RankChanged: {
        QJsonArray shape = first.value(QStringLiteral("shape")).toArray();
        shape.append(QStringLiteral("1"));
        first.insert(QStringLiteral("shape"), shape);
        setFirst();
        break;
    }
    case Damage::ExtraCrossing:
        crossing.append(first);
        m.insert(QStringLiteral("crossing"), crossing);
        writeJson(manifestPath, m);
        break;
    case Damage::InconsistentCodes:
        QVERIFY(first.value(QStringLiteral("quantized")).toBool());
        first.insert(QStringLiteral("bits"), 3);
        first.insert(QStringLiteral("zeroPoint"), 200);
        setFirst();
        break;
    case Damage::ModelPathOutside: {
        QJsonObject edge = m.value(QStringLiteral("edgeModel")).toObject();
        edge.insert(QStringLiteral("path"), QStringLiteral("../edge.onnx"));
        m.insert(QStringLiteral("edgeModel"), edge);
        writeJson(manifestPath, m);
        break;
    }
    }
    const auto before = entriesUnder(dir);
    auto opened = readBundle(dir);
    QVERIFY2(!opened, "a damaged bundle was accepted");
    const std::string& message = opened.error().message;
    QVERIFY2(!message.empty() && !contains(message, "\n"), message.c_str());
    for (const QString& part : named)
        QVERIFY2(contains(message, part.toStdString()),
                 (message + " [does not name '" + part.toStdString() + "']").c_str());
    if (damage == Damage::NewerFormatVersion)
        QCOMPARE(opened.error().kind, ErrorKind::Unsupported);
    // reading never repairs or removes anything
    QCOMPARE(entriesUnder(dir), before);
}

void TestBundleFiles::refusesAFileAsBundle() {
    const fs::path file = fs::path(m_root.path().toStdString()) / "bundle-file";
    writeText(file, readText(m_good / kManifestFile));
    auto opened = readBundle(file);
    QVERIFY(!opened);
    QVERIFY2(contains(opened.error().message, file.string()) &&
                 contains(opened.error().message, "a file"),
             opened.error().message.c_str());
    QVERIFY(!contains(opened.error().message, "\n"));
    auto manifest = readManifest(file);
    QVERIFY(!manifest);
    auto absent = readBundle(fs::path(m_root.path().toStdString()) / "absent");
    QVERIFY(!absent);
    QVERIFY2(contains(absent.error().message, "absent") &&
                 contains(absent.error().message, "no such folder"),
             absent.error().message.c_str());
}

void TestBundleFiles::readsThePartItNeeds() {
    // a device that only runs the edge part may lack cloud.onnx, and the reverse
    const fs::path edgeOnly = copyOfGood("edge-only");
    QVERIFY(fs::remove(edgeOnly / kCloudModelFile));
    BundleReadOptions edge;
    edge.cloud = false;
    auto e = readBundle(edgeOnly, edge);
    QVERIFY2(e, e ? "" : e.error().message.c_str());
    QCOMPARE(e->edge, m_edge.SerializeAsString());
    QVERIFY(!readBundle(edgeOnly));

    const fs::path cloudOnly = copyOfGood("cloud-only");
    QVERIFY(fs::remove(cloudOnly / kEdgeModelFile));
    BundleReadOptions cloud;
    cloud.edge = false;
    auto c = readBundle(cloudOnly, cloud);
    QVERIFY2(c, c ? "" : c.error().message.c_str());
    QCOMPARE(c->cloud, m_cloud.SerializeAsString());
}

void TestBundleFiles::cancelledWriteLeavesNothing_data() {
    QTest::addColumn<bool>("parentExists");
    QTest::newRow("parent exists") << true;
    QTest::newRow("parent missing") << false;
}

void TestBundleFiles::cancelledWriteLeavesNothing() {
    QFETCH(bool, parentExists);
    QTemporaryDir root;
    const fs::path base = root.path().toStdString();
    const fs::path parent = parentExists ? base : base / "made" / "for";
    const fs::path dir = parent / "bundle";
    CancellationToken cancel;
    cancel.cancel();
    const Status s = write(dir, {}, cancel);
    QVERIFY(!s);
    QVERIFY2(s.error().isCancelled(), s.error().message.c_str());
    QVERIFY(!fs::exists(dir));
    // neither the bundle nor its temporary folder, nor folders made for it
    QCOMPARE(entriesUnder(base), std::vector<std::string>{});
}

void TestBundleFiles::cancelledMidWriteLeavesNothing_data() {
    QTest::addColumn<QString>("stage"); // cancelled when the writer reports this stage
    QTest::addColumn<bool>("replacing");
    for (const char* stage :
         {"writing edge.onnx", "writing cloud.onnx", "writing the Triton repository"}) {
        QTest::newRow(stage) << QString::fromLatin1(stage) << false;
        QTest::newRow((std::string(stage) + ", replacing").c_str())
            << QString::fromLatin1(stage) << true;
    }
}

void TestBundleFiles::cancelledMidWriteLeavesNothing() {
    QFETCH(QString, stage);
    QFETCH(bool, replacing);
    QTemporaryDir root;
    const fs::path base = root.path().toStdString();
    const fs::path dir = base / "bundle";
    std::string oldManifest;
    if (replacing) {
        QVERIFY(write(dir));
        oldManifest = readText(dir / kManifestFile);
    }
    CancellationToken cancel;
    std::vector<std::string> stages;
    BundleWriteOptions options;
    options.replace = replacing;
    const Status s = writeBundle(
        dir, m_manifest, m_edge, m_cloud, options,
        [&](double, std::string_view reported) {
            stages.emplace_back(reported);
            if (reported == stage.toStdString())
                cancel.cancel();
        },
        cancel);
    QVERIFY(std::find(stages.begin(), stages.end(), stage.toStdString()) != stages.end());
    QVERIFY2(!s, "a cancelled write succeeded");
    QVERIFY2(s.error().isCancelled(), s.error().message.c_str());
    if (replacing) {
        // the old bundle, whole
        QCOMPARE(readText(dir / kManifestFile), oldManifest);
        QVERIFY(readBundle(dir));
    }
    std::vector<std::string> beside;
    for (const auto& e : fs::directory_iterator(base))
        beside.push_back(e.path().filename().string());
    QCOMPARE(beside, replacing ? std::vector<std::string>{"bundle"} : std::vector<std::string>{});
}

void TestBundleFiles::concurrentWritersOneWins() {
    QTemporaryDir root;
    const fs::path base = root.path().toStdString();
    const fs::path dir = base / "bundle";
    for (int round = 0; round < 4; ++round) {
        fs::remove_all(dir);
        std::vector<Status> results(3);
        std::vector<std::thread> writers;
        for (size_t i = 0; i < results.size(); ++i)
            writers.emplace_back([&, i] {
                bundle::Manifest m = m_manifest;
                m.set_created_by("writer " + std::to_string(i));
                results[i] = writeBundle(dir, m, m_edge, m_cloud);
            });
        for (auto& t : writers)
            t.join();
        int won = 0;
        for (const Status& r : results) {
            won += r.ok();
            if (!r)
                QVERIFY2(contains(r.error().message, "already exists"), r.error().message.c_str());
        }
        QCOMPARE(won, 1);
        QVERIFY(readBundle(dir));
        std::vector<std::string> beside;
        for (const auto& e : fs::directory_iterator(base))
            beside.push_back(e.path().filename().string());
        QCOMPARE(beside, std::vector<std::string>{"bundle"});
    }
}

void TestBundleFiles::createsMissingParents() {
    QTemporaryDir root;
    const fs::path dir = fs::path(root.path().toStdString()) / "a" / "b" / "bundle";
    const Status s = write(dir);
    QVERIFY2(s, s ? "" : s.error().message.c_str());
    auto opened = readBundle(dir);
    QVERIFY2(opened, opened ? "" : opened.error().message.c_str());
    std::vector<std::string> beside;
    for (const auto& e : fs::directory_iterator(dir.parent_path()))
        beside.push_back(e.path().filename().string());
    QCOMPARE(beside, std::vector<std::string>{"bundle"});
}

void TestBundleFiles::takesAFolderNameWithATrailingSeparator() {
    QTemporaryDir root;
    const fs::path base = root.path().toStdString();
    const Status s = write(base / "bundle" / "");
    QVERIFY2(s, s ? "" : s.error().message.c_str());
    QVERIFY(readBundle(base / "bundle"));
    std::vector<std::string> beside;
    for (const auto& e : fs::directory_iterator(base))
        beside.push_back(e.path().filename().string());
    QCOMPARE(beside, std::vector<std::string>{"bundle"});
    // the root has no name to give a bundle
    const Status atRoot = write("/");
    QVERIFY(!atRoot);
    QCOMPARE(atRoot.error().kind, ErrorKind::Usage);
}

void TestBundleFiles::replacesOnlyBundles() {
    QTemporaryDir root;
    const fs::path base = root.path().toStdString();
    const fs::path dir = base / "bundle";
    QVERIFY(write(dir));
    const std::string manifestBefore = readText(dir / kManifestFile);

    // refused without replace; untouched
    const Status again = write(dir);
    QVERIFY(!again);
    QVERIFY2(contains(again.error().message, dir.string()) &&
                 contains(again.error().message, "already exists"),
             again.error().message.c_str());
    QCOMPARE(readText(dir / kManifestFile), manifestBefore);

    // replaced when asked, with nothing of the old one left beside it
    bundle::Manifest changed = m_manifest;
    changed.set_created_by("the second writer");
    BundleWriteOptions replace;
    replace.replace = true;
    const Status replaced = writeBundle(dir, changed, m_edge, m_cloud, replace);
    QVERIFY2(replaced, replaced ? "" : replaced.error().message.c_str());
    auto opened = readBundle(dir);
    QVERIFY(opened);
    QCOMPARE(opened->manifest.created_by(), std::string("the second writer"));
    std::vector<std::string> beside;
    for (const auto& e : fs::directory_iterator(base))
        beside.push_back(e.path().filename().string());
    QCOMPARE(beside, std::vector<std::string>{"bundle"});

    // a folder of other files is not replaced, even when asked
    const fs::path other = base / "photos";
    fs::create_directories(other);
    writeText(other / "holiday.jpg", "not really a photo");
    const Status refused = writeBundle(other, m_manifest, m_edge, m_cloud, replace);
    QVERIFY(!refused);
    QVERIFY2(contains(refused.error().message, other.string()), refused.error().message.c_str());
    QCOMPARE(entriesUnder(other), std::vector<std::string>{"holiday.jpg"});
    QCOMPARE(readText(other / "holiday.jpg"), std::string("not really a photo"));

    // nor is a file
    const fs::path file = base / "file";
    writeText(file, "a file");
    QVERIFY(!writeBundle(file, m_manifest, m_edge, m_cloud, replace));
    QCOMPARE(readText(file), std::string("a file"));
    std::vector<std::string> all;
    for (const auto& e : fs::directory_iterator(base))
        all.push_back(e.path().filename().string());
    std::sort(all.begin(), all.end());
    QCOMPARE(all, (std::vector<std::string>{"bundle", "file", "photos"}));
}

QTEST_GUILESS_MAIN(TestBundleFiles)
#include "test_bundle_files.moc"
