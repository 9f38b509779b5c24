// Tensor files: TensorProto round trips (raw_data) and the typed value fields, numpy .npy headers
// and dtypes, and a one-line error naming the file for every malformed case.

#include "core/io/tensor_io.h"

#include <onnx/onnx_pb.h>

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <fstream>

using namespace autosplit;
namespace fs = std::filesystem;

namespace {

std::string npy(int major, const std::string& dict, const std::string& data, bool pad = true) {
    std::string header = dict;
    const size_t prefix = major == 1 ? 10 : 12;
    if (pad) {
        while ((prefix + header.size() + 1) % 64 != 0)
            header += ' ';
        header += '\n';
    }
    std::string out("\x93NUMPY", 6);
    out += static_cast<char>(major);
    out += '\0';
    const size_t n = header.size();
    out += static_cast<char>(n & 0xff);
    out += static_cast<char>((n >> 8) & 0xff);
    if (major != 1) {
        out += static_cast<char>((n >> 16) & 0xff);
        out += static_cast<char>((n >> 24) & 0xff);
    }
    return out + header + data;
}

template <typename T> std::string bytesOf(const std::vector<T>& values) {
    return std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
}

std::string dict(const std::string& descr, const std::string& shape,
                 const std::string& fortran = "False") {
    return "{'descr': '" + descr + "', 'fortran_order': " + fortran + ", 'shape': " + shape + ", }";
}

void writeBytes(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

} // namespace

class TestTensorIo : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void protoRoundTrip_data();
    void protoRoundTrip();
    void protoTypedFields();
    void protoErrors_data();
    void protoErrors();
    void writeReplacesAtomically();
    void writeIntoMissingFolderFails();
    void npyReads_data();
    void npyReads();
    void npyErrors_data();
    void npyErrors();
    void readTensorFileDispatchesOnContent();

private:
    fs::path file(const std::string& name) const {
        return fs::path(m_dir.path().toStdString()) / name;
    }
    QTemporaryDir m_dir;
};

void TestTensorIo::protoRoundTrip_data() {
    QTest::addColumn<int>("dtype");
    QTest::addColumn<QList<qint64>>("dims");
    QTest::newRow("float 2x3") << int(DataType::Float) << QList<qint64>{2, 3};
    QTest::newRow("int64 4") << int(DataType::Int64) << QList<qint64>{4};
    QTest::newRow("bool 2x2") << int(DataType::Bool) << QList<qint64>{2, 2};
    QTest::newRow("uint8 5") << int(DataType::UInt8) << QList<qint64>{5};
    QTest::newRow("float16 3") << int(DataType::Float16) << QList<qint64>{3};
    QTest::newRow("double scalar") << int(DataType::Double) << QList<qint64>{};
    QTest::newRow("float empty 0x3") << int(DataType::Float) << QList<qint64>{0, 3};
}

void TestTensorIo::protoRoundTrip() {
    QFETCH(int, dtype);
    QFETCH(QList<qint64>, dims);
    std::vector<int64_t> d(dims.begin(), dims.end());
    HostTensor t(static_cast<DataType>(dtype), d);
    for (size_t i = 0; i < t.byteSize(); ++i) // arbitrary bytes; bool gets 0/1
        t.mutableBytes()[i] =
            std::byte(static_cast<DataType>(dtype) == DataType::Bool ? i % 2 : (i * 37 + 11) % 251);
    const fs::path path = file("round.pb");
    QVERIFY(writeTensorProtoFile(path, "my tensor", t).ok());
    auto back = readTensorProtoFile(path);
    QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
    QCOMPARE(back->name, std::string("my tensor"));
    QCOMPARE(int(back->tensor.dtype()), dtype);
    QCOMPARE(back->tensor.dims(), d);
    QCOMPARE(back->tensor.byteSize(), t.byteSize());
    QVERIFY(std::memcmp(back->tensor.bytes(), t.bytes(), t.byteSize()) == 0);
}

void TestTensorIo::protoTypedFields() {
    // float_data
    onnx::TensorProto f;
    f.set_name("f");
    f.set_data_type(onnx::TensorProto::FLOAT);
    f.add_dims(3);
    for (float v : {1.5f, -2.f, 0.25f})
        f.add_float_data(v);
    auto rf = parseTensorProto(f.SerializeAsString(), "f.pb");
    QVERIFY(rf.ok());
    QCOMPARE(rf->tensor.toFloats(), (std::vector<float>{1.5f, -2.f, 0.25f}));
    // int64_data
    onnx::TensorProto i;
    i.set_data_type(onnx::TensorProto::INT64);
    i.add_dims(2);
    i.add_int64_data(-7);
    i.add_int64_data(1LL << 40);
    auto ri = parseTensorProto(i.SerializeAsString(), "i.pb");
    QVERIFY(ri.ok());
    QCOMPARE(ri->tensor.toInt64s(), (std::vector<int64_t>{-7, 1LL << 40}));
    // int32_data holds int8 and bool
    onnx::TensorProto b;
    b.set_data_type(onnx::TensorProto::INT8);
    b.add_dims(3);
    for (int v : {-128, 5, 127})
        b.add_int32_data(v);
    auto rb = parseTensorProto(b.SerializeAsString(), "b.pb");
    QVERIFY(rb.ok());
    QCOMPARE(rb->tensor.dtype(), DataType::Int8);
    QCOMPARE(rb->tensor.toInt64s(), (std::vector<int64_t>{-128, 5, 127}));
    onnx::TensorProto m;
    m.set_data_type(onnx::TensorProto::BOOL);
    m.add_dims(2);
    m.add_int32_data(1);
    m.add_int32_data(0);
    auto rm = parseTensorProto(m.SerializeAsString(), "m.pb");
    QVERIFY(rm.ok());
    QCOMPARE(rm->tensor.toInt64s(), (std::vector<int64_t>{1, 0}));
    // double_data, uint64_data (uint32)
    onnx::TensorProto dd;
    dd.set_data_type(onnx::TensorProto::DOUBLE);
    dd.add_double_data(2.5);
    auto rd = parseTensorProto(dd.SerializeAsString(), "d.pb");
    QVERIFY(rd.ok());
    QCOMPARE(rd->tensor.dims(), std::vector<int64_t>{});
    QCOMPARE(rd->tensor.data<double>()[0], 2.5);
    onnx::TensorProto u;
    u.set_data_type(onnx::TensorProto::UINT32);
    u.add_dims(1);
    u.add_uint64_data(4000000000u);
    auto ru = parseTensorProto(u.SerializeAsString(), "u.pb");
    QVERIFY(ru.ok());
    QCOMPARE(ru->tensor.data<uint32_t>()[0], 4000000000u);
}

void TestTensorIo::protoErrors_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("garbage") << QByteArray("\xff\xff\xff\xff not protobuf")
                             << QStringLiteral("not an ONNX TensorProto");
    QTest::newRow("empty file") << QByteArray() << QStringLiteral("no data type");
    onnx::TensorProto t;
    t.set_name("x");
    t.set_data_type(onnx::TensorProto::FLOAT);
    t.add_dims(2);
    t.set_raw_data(std::string(7, '\0'));
    QTest::newRow("raw size") << QByteArray::fromStdString(t.SerializeAsString())
                              << QStringLiteral(
                                     "tensor 'x' holds 7 bytes but its dims 2 of float32 need 8");
    t.clear_raw_data();
    t.add_float_data(1.f);
    QTest::newRow("typed count") << QByteArray::fromStdString(t.SerializeAsString())
                                 << QStringLiteral(
                                        "holds 4 bytes but its dims 2 of float32 need 8");
    onnx::TensorProto s;
    s.set_data_type(onnx::TensorProto::STRING);
    s.add_string_data("hello");
    QTest::newRow("string") << QByteArray::fromStdString(s.SerializeAsString())
                            << QStringLiteral("string tensors are not supported");
    onnx::TensorProto e;
    e.set_data_type(onnx::TensorProto::FLOAT);
    e.set_data_location(onnx::TensorProto::EXTERNAL);
    QTest::newRow("external") << QByteArray::fromStdString(e.SerializeAsString())
                              << QStringLiteral("external file");
    onnx::TensorProto u;
    u.set_data_type(99);
    QTest::newRow("unknown type") << QByteArray::fromStdString(u.SerializeAsString())
                                  << QStringLiteral("unknown tensor data type 99");
    onnx::TensorProto n;
    n.set_data_type(onnx::TensorProto::FLOAT);
    n.add_dims(-2);
    QTest::newRow("negative dim") << QByteArray::fromStdString(n.SerializeAsString())
                                  << QStringLiteral("negative dimension");
}

void TestTensorIo::protoErrors() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, mentions);
    const fs::path path = file("bad.pb");
    writeBytes(path, bytes.toStdString());
    auto r = readTensorProtoFile(path);
    QVERIFY(!r.ok());
    const std::string& message = r.error().message;
    QVERIFY2(message.rfind(path.string() + ": ", 0) == 0, message.c_str());
    QVERIFY2(message.find(mentions.toStdString()) != std::string::npos, message.c_str());
    QVERIFY2(message.find('\n') == std::string::npos, message.c_str());
}

void TestTensorIo::writeReplacesAtomically() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "t.pb";
    writeBytes(path, "old");
    const std::vector<float> values{1, 2, 3};
    QVERIFY(writeTensorProtoFile(path, "t", HostTensor::fromFloats({3}, values)).ok());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
             QStringList{QStringLiteral("t.pb")});
    auto back = readTensorProtoFile(path);
    QVERIFY(back.ok());
    QCOMPARE(back->tensor.toFloats(), values);
}

void TestTensorIo::writeIntoMissingFolderFails() {
    const fs::path path = file("no/such/folder/t.pb");
    auto s = writeTensorProtoFile(path, "t", HostTensor::fromFloats({1}, std::vector<float>{1}));
    QVERIFY(!s.ok());
    QVERIFY2(s.error().message.rfind(path.string() + ": ", 0) == 0, s.error().message.c_str());
    QVERIFY(!fs::exists(file("no")));
}

void TestTensorIo::npyReads_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("dtype");
    QTest::addColumn<QList<qint64>>("dims");
    QTest::addColumn<QList<double>>("values");
    auto row = [](const char* name, const std::string& bytes, DataType t, QList<qint64> dims,
                  QList<double> values) {
        QTest::newRow(name) << QByteArray::fromStdString(bytes) << int(t) << dims << values;
    };
    row("v1 f4 2x3", npy(1, dict("<f4", "(2, 3)"), bytesOf<float>({1, 2, 3, 4, 5, 6.5f})),
        DataType::Float, {2, 3}, {1, 2, 3, 4, 5, 6.5});
    row("v2 f8", npy(2, dict("<f8", "(2,)"), bytesOf<double>({-1.25, 3})), DataType::Double, {2},
        {-1.25, 3});
    row("v3 i4", npy(3, dict("<i4", "(1,)"), bytesOf<int32_t>({-9})), DataType::Int32, {1}, {-9});
    row("i8", npy(1, dict("<i8", "(3,)"), bytesOf<int64_t>({1, -2, 3})), DataType::Int64, {3},
        {1, -2, 3});
    row("u1", npy(1, dict("|u1", "(2,)"), bytesOf<uint8_t>({0, 255})), DataType::UInt8, {2},
        {0, 255});
    row("b1", npy(1, dict("|b1", "(3,)"), bytesOf<uint8_t>({1, 0, 1})), DataType::Bool, {3},
        {1, 0, 1});
    row("scalar", npy(1, dict("<f4", "()"), bytesOf<float>({7})), DataType::Float, {}, {7});
    row("empty", npy(1, dict("<f4", "(0, 4)"), ""), DataType::Float, {0, 4}, {});
    row("keys in other order, double quotes, no padding",
        npy(1, "{\"shape\": (2,), \"fortran_order\": False, \"descr\": \"<f4\"}",
            bytesOf<float>({1, 2}), false),
        DataType::Float, {2}, {1, 2});
}

void TestTensorIo::npyReads() {
    QFETCH(QByteArray, bytes);
    QFETCH(int, dtype);
    QFETCH(QList<qint64>, dims);
    QFETCH(QList<double>, values);
    const fs::path path = file("ok.npy");
    writeBytes(path, bytes.toStdString());
    auto r = readNpyFile(path);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(int(r->dtype()), dtype);
    QCOMPARE(r->dims(), std::vector<int64_t>(dims.begin(), dims.end()));
    const std::vector<float> got = r->toFloats();
    QCOMPARE(got.size(), size_t(values.size()));
    for (size_t i = 0; i < got.size(); ++i)
        QCOMPARE(double(got[i]), values[qsizetype(i)]);
}

void TestTensorIo::npyErrors_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("mentions");
    const std::string six = bytesOf<float>({1, 2, 3, 4, 5, 6});
    auto row = [](const char* name, const std::string& bytes, const char* mentions) {
        QTest::newRow(name) << QByteArray::fromStdString(bytes) << QString::fromLatin1(mentions);
    };
    row("no magic", "PK\x03\x04 a zip file", "not a .npy file");
    row("header cut", std::string("\x93NUMPY\x01", 7), "truncated .npy header");
    row("version 4", npy(1, dict("<f4", "(6,)"), six).replace(6, 1, "\x04"),
        "unsupported .npy format version 4.0");
    {
        std::string b = npy(1, dict("<f4", "(6,)"), six);
        b[8] = '\xff';
        b[9] = '\x7f';
        row("header longer than file", b, "truncated .npy header");
    }
    row("not a dict", npy(1, "[1, 2]", six), "the header is not a dict");
    row("missing shape", npy(1, "{'descr': '<f4', 'fortran_order': False}", six), "lacks 'shape'");
    row("unknown key",
        npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (6,), 'x': 1}", six),
        "unknown key 'x'");
    row("fortran order", npy(1, dict("<f4", "(2, 3)", "True"), six), "Fortran-order");
    row("bad fortran value", npy(1, dict("<f4", "(2, 3)", "maybe"), six),
        "fortran_order is not True or False");
    row("big endian", npy(1, dict(">f4", "(6,)"), six), "big-endian");
    row("complex", npy(1, dict("<c8", "(3,)"), six), "unsupported dtype '<c8'");
    row("object", npy(1, dict("|O", "(6,)"), six), "unsupported dtype '|O'");
    row("no byte order on f4", npy(1, dict("|f4", "(6,)"), six), "has no byte order");
    row("shape not ints", npy(1, dict("<f4", "(2, x)"), six), "non-negative integers");
    row("shape not a tuple", npy(1, dict("<f4", "[6]"), six), "shape is not a tuple");
    row("truncated data", npy(1, dict("<f4", "(2, 3)"), six.substr(0, 20)),
        "truncated data: shape 2x3 of float32 needs 24 bytes, the file holds 20");
    row("trailing bytes", npy(1, dict("<f4", "(5,)"), six), "4 bytes after the data");
    row("unterminated string", npy(1, "{'descr': '<f4", six), "unterminated string");
    row("no colon", npy(1, "{'descr' '<f4'}", six), "no ':' after 'descr'");
}

void TestTensorIo::npyErrors() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, mentions);
    const fs::path path = file("bad.npy");
    writeBytes(path, bytes.toStdString());
    auto r = readNpyFile(path);
    QVERIFY(!r.ok());
    const std::string& message = r.error().message;
    QVERIFY2(message.rfind(path.string() + ": ", 0) == 0, message.c_str());
    QVERIFY2(message.find(mentions.toStdString()) != std::string::npos, message.c_str());
    QVERIFY2(message.find('\n') == std::string::npos, message.c_str());
}

void TestTensorIo::readTensorFileDispatchesOnContent() {
    // numpy data under a .pb name is still read as numpy
    writeBytes(file("really_npy.pb"), npy(1, dict("<f4", "(2,)"), bytesOf<float>({3, 4})));
    auto a = readTensorFile(file("really_npy.pb"));
    QVERIFY2(a.ok(), a.ok() ? "" : a.error().message.c_str());
    QCOMPARE(a->tensor.toFloats(), (std::vector<float>{3, 4}));
    QVERIFY(a->name.empty());
    // a TensorProto keeps its name
    QVERIFY(writeTensorProtoFile(file("t.pb"), "named",
                                 HostTensor::fromFloats({1}, std::vector<float>{5}))
                .ok());
    auto b = readTensorFile(file("t.pb"));
    QVERIFY(b.ok());
    QCOMPARE(b->name, std::string("named"));
    // a .npy name without numpy's magic is a .npy error, not a protobuf one
    writeBytes(file("fake.npy"), "hello");
    auto c = readTensorFile(file("fake.npy"));
    QVERIFY(!c.ok());
    QVERIFY2(c.error().message.find("not a .npy file") != std::string::npos,
             c.error().message.c_str());
    auto d = readTensorFile(file("missing.npy"));
    QVERIFY(!d.ok());
    QCOMPARE(d.error().message, file("missing.npy").string() + ": file not found");
}

QTEST_GUILESS_MAIN(TestTensorIo)
#include "test_tensor_io.moc"
