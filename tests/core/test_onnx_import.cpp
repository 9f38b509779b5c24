#include "core/onnx/onnx_importer.h"
#include "tests/support/model_builder.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace autosplit;
using namespace autosplit::testing;

class TestOnnxImport : public QObject {
    Q_OBJECT

private slots:
    void importsResNet50Shapes();
};

void TestOnnxImport::importsResNet50Shapes() {
    auto model = buildResNet50();
    auto imported = importOnnxBytes(model.SerializeAsString(), "resnet50", {});
    QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().message.c_str());
    const Graph& g = imported->graph;
    QCOMPARE(g.inputs().size(), size_t(1));
    QCOMPARE(g.value(g.inputs()[0]).shape.elementCount().value(), int64_t(150528));
    const Value& out = g.value(g.outputs()[0]);
    QCOMPARE(out.shape.toString(), std::string("1x1000"));
}

QTEST_GUILESS_MAIN(TestOnnxImport)
#include "test_onnx_import.moc"
