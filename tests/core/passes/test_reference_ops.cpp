// The pass suites trust reference_ops.h to compute what ONNX specifies. This suite checks that
// reference against the ONNX project's own backend node tests (Debian's libonnx-testdata): the
// model of each test run by RefRunner on its stored inputs must give its stored outputs.

#include "tests/core/passes/pass_test_support.h"

#include "core/onnx/onnx_convert.h"

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

const std::filesystem::path kNodeTests = "/usr/share/libonnx-testdata/data/node";

Result<Array> loadTensor(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    onnx::TensorProto proto;
    if (!in || !proto.ParseFromString(bytes.str()))
        return Error{file.string() + ": cannot read the tensor"};
    auto tensor = tensorFromProto(proto, true);
    if (!tensor)
        return tensor.error();
    return fromTensor(*tensor);
}

} // namespace

class TestReferenceOps : public QObject {
    Q_OBJECT

private slots:
    void matchesOnnxBackendTests_data();
    void matchesOnnxBackendTests();
};

void TestReferenceOps::matchesOnnxBackendTests_data() {
    QTest::addColumn<QString>("test");
    for (const char* name : {"test_conv_with_strides_padding",
                             "test_conv_with_strides_no_padding",
                             "test_conv_with_strides_and_asymmetric_padding",
                             "test_convtranspose",
                             "test_convtranspose_pads",
                             "test_convtranspose_dilations",
                             "test_gemm_all_attributes",
                             "test_gemm_alpha",
                             "test_gemm_beta",
                             "test_gemm_transposeA",
                             "test_gemm_transposeB",
                             "test_gemm_default_vector_bias",
                             "test_gemm_default_scalar_bias",
                             "test_gemm_default_matrix_bias",
                             "test_gemm_default_no_bias",
                             "test_gemm_default_single_elem_vector_bias",
                             "test_batchnorm_epsilon",
                             "test_batchnorm_example",
                             "test_matmul_2d",
                             "test_add_bcast",
                             "test_mul_bcast",
                             "test_relu",
                             "test_sigmoid",
                             "test_leakyrelu",
                             "test_leakyrelu_default",
                             "test_hardsigmoid",
                             "test_hardsigmoid_default",
                             "test_hardswish",
                             "test_clip",
                             "test_clip_default_min",
                             "test_clip_default_max",
                             "test_clip_splitbounds",
                             "test_maxpool_2d_default",
                             "test_maxpool_2d_pads",
                             "test_maxpool_2d_strides",
                             "test_globalaveragepool",
                             "test_flatten_default_axis"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestReferenceOps::matchesOnnxBackendTests() {
    QFETCH(QString, test);
    const std::filesystem::path dir = kNodeTests / test.toStdString();
    QVERIFY2(
        std::filesystem::exists(dir / "model.onnx"),
        ("missing " + dir.string() + " (the Debian package libonnx-testdata provides it)").c_str());
    auto imported = importOnnxFile(dir / "model.onnx");
    AUTOSPLIT_REQUIRE_OK(imported);
    const Graph& g = imported->graph;
    std::map<std::string, Array> inputs;
    for (size_t i = 0; i < g.inputs().size(); ++i) {
        auto a = loadTensor(dir / "test_data_set_0" / ("input_" + std::to_string(i) + ".pb"));
        AUTOSPLIT_REQUIRE_OK(a);
        inputs[g.value(g.inputs()[i]).name] = *a;
    }
    auto outputs = RefRunner(g).run(inputs);
    for (size_t i = 0; i < g.outputs().size(); ++i) {
        auto expected =
            loadTensor(dir / "test_data_set_0" / ("output_" + std::to_string(i) + ".pb"));
        AUTOSPLIT_REQUIRE_OK(expected);
        const Array& actual = outputs.at(g.value(g.outputs()[i]).name);
        QCOMPARE(actual.dims, expected->dims);
        for (size_t k = 0; k < actual.data.size(); ++k) {
            const double want = expected->data[k];
            QVERIFY2(std::fabs(actual.data[k] - want) <= 1e-5 + 1e-4 * std::fabs(want),
                     ("element " + std::to_string(k) + ": " + std::to_string(actual.data[k]) +
                      " vs " + std::to_string(want))
                         .c_str());
        }
    }
}

QTEST_GUILESS_MAIN(TestReferenceOps)
#include "test_reference_ops.moc"
