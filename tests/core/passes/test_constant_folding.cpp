// constant-folding: the Shape -> Gather -> Unsqueeze -> Concat -> Reshape chain on a conv output
// ends as a Reshape with a constant shape and a known output shape, on opsets 7 to 17; each op
// kind with its opset-dependent form; values checked against hand-derived expectations.

#include "tests/core/passes/pass_test_support.h"

#include <cmath>
#include <limits>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

// The constant feeding input `slot` of the node that reads graph input `reader`'s partner; the
// tests route each folded result into an Add with a graph input so it has a non-constant reader.
const Tensor* constantInputOf(const Graph& g, const std::string& nodeName, size_t slot) {
    const Node* n = findNode(g, nodeName);
    return n ? g.constantInput(*n, slot) : nullptr;
}

std::vector<double> valuesOf(const Tensor* t) {
    std::vector<double> v;
    if (!t)
        return v;
    const auto floats = t->toFloats();
    if (floats)
        v.assign(floats->begin(), floats->end());
    return v;
}

std::vector<int64_t> intsOf(const Tensor* t) {
    return t ? *t->toInt64s() : std::vector<int64_t>{};
}

void setTensorAttr(onnx::NodeProto& n, const std::string& key, int type, const std::string& raw) {
    auto* a = n.add_attribute();
    a->set_name(key);
    a->set_type(onnx::AttributeProto::TENSOR);
    auto* t = a->mutable_t();
    t->set_data_type(type);
    t->add_dims(1);
    t->set_raw_data(raw);
}

std::string unsqueeze(ModelBuilder& b, const std::string& x, const std::vector<int64_t>& axes,
                      const Dims& out, const std::string& name) {
    if (b.opset() >= 13)
        return b.node("Unsqueeze",
                      {x, b.int64s(name + ".axes", {static_cast<int64_t>(axes.size())}, axes)}, 1,
                      {out}, name)[0];
    auto y = b.node("Unsqueeze", {x}, 1, {out}, name)[0];
    b.setAttr(b.lastNode(), "axes", axes);
    return y;
}

std::string castTo(ModelBuilder& b, const std::string& x, int type, const Dims& out,
                   const std::string& name) {
    auto y = b.node("Cast", {x}, 1, {out}, name)[0];
    b.setAttr(b.lastNode(), "to", int64_t{type});
    return y;
}

} // namespace

class TestConstantFolding : public QObject {
    Q_OBJECT

private slots:
    void shapeChainOnConvOutput_data();
    void shapeChainOnConvOutput();
    void slice_data();
    void slice();
    void squeezeAndUnsqueeze_data();
    void squeezeAndUnsqueeze();
    void gatherOnInnerAxisWithNegativeIndices();
    void arithmeticAndCasts();
    void castToHalfRoundsToNearest();
    void rangeAndConstantOfShape();
    void sizeShapeSliceAndFlatten();
    void secondRoundAfterShapeInference();
    void invalidChainIsKeptWithNote();
    void sliceWithTheMostNegativeStep();
    void malformedConstantNodesAreKept_data();
    void malformedConstantNodesAreKept();
    void graphOutputsAndRuntimeInputsStay();
};

void TestConstantFolding::shapeChainOnConvOutput_data() {
    QTest::addColumn<int>("opset");
    for (int opset : {7, 11, 13, 17})
        QTest::newRow(("opset" + std::to_string(opset)).c_str()) << opset;
}

void TestConstantFolding::shapeChainOnConvOutput() {
    QFETCH(int, opset);
    ModelBuilder b(opset);
    auto x = b.input("x", {1, 3, 8, 8});
    auto c = b.conv(x, 8, 3, 2, -1, 1, true, 1, "conv"); // 1x8x4x4
    auto shape = b.node("Shape", {c}, 1, {}, "shape")[0];
    auto channels = b.node("Gather", {shape, b.int64s("index", {}, {1})}, 1, {}, "gather")[0];
    auto vec = unsqueeze(b, channels, {0}, {}, "unsqueeze");
    auto target = b.node("Concat", {vec, b.int64s("minus_one", {1}, {-1})}, 1, {}, "concat")[0];
    b.setAttr(b.lastNode(), "axis", int64_t{0});
    auto r = b.node("Reshape", {c, target}, 1, {}, "reshape")[0];
    b.output(b.node("Relu", {r}, 1, {{8, 16}}, "relu")[0]);
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    QVERIFY(!g->value(findNode(*g, "reshape")->inputs[1]).isConstant());

    auto reports = optimizeGraph(*g, defaultPassNames());
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(opTypes(*g), (std::vector<std::string>{"Conv", "Reshape", "Relu"}));
    const Node* reshape = findNode(*g, "reshape");
    QVERIFY(reshape);
    const Value& shapeInput = g->value(reshape->inputs[1]);
    QVERIFY(shapeInput.isConstant());
    QCOMPARE(shapeInput.name, std::string("concat")); // the folded value keeps its name
    QCOMPARE(intsOf(shapeInput.initializer.get()), (std::vector<int64_t>{8, -1}));
    const Value& out = g->value(reshape->outputs[0]);
    QVERIFY(out.shape.isFullyKnown());
    QCOMPARE(out.shape.dims, (std::vector<int64_t>{8, 16}));
    const auto changes = (*reports)[0].changes;
    QCOMPARE(changes.size(), size_t(4));
    QCOMPARE(changes[0],
             std::string("folded Shape 'shape' into constant 'shape' (int64 4 = [1, 8, 4, 4])"));
    QCOMPARE(changes[3],
             std::string("folded Concat 'concat' into constant 'concat' (int64 2 = [8, -1])"));
}

void TestConstantFolding::slice_data() {
    QTest::addColumn<int>("opset");
    for (int opset : {9, 10, 11, 13, 17})
        QTest::newRow(("opset" + std::to_string(opset)).c_str()) << opset;
}

void TestConstantFolding::slice() {
    QFETCH(int, opset);
    ModelBuilder b(opset);
    std::vector<float> data;
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 5; ++c)
            data.push_back(static_cast<float>(10 * r + c)); // value = 10 * row + column
    auto d = b.floats("data", {3, 5}, data);
    std::string s;
    std::vector<double> expected;
    if (opset < 10) {
        // attributes; an end past the dimension clamps, a negative end counts from the back
        s = b.node("Slice", {d}, 1, {}, "slice")[0];
        b.setAttr(b.lastNode(), "starts", Dims{1, 1});
        b.setAttr(b.lastNode(), "ends", Dims{1000, -1});
        b.setAttr(b.lastNode(), "axes", Dims{0, 1});
        expected = {11, 12, 13, 21, 22, 23};
    } else {
        // inputs with a negative step: columns 4, 2, 0 of rows 1 and 2 (negative axis from 11)
        const Dims axes = opset >= 11 ? Dims{0, -1} : Dims{0, 1};
        s = b.node("Slice",
                   {d, b.int64s("starts", {2}, {1, -1}), b.int64s("ends", {2}, {3, -1000}),
                    b.int64s("axes", {2}, axes), b.int64s("steps", {2}, {1, -2})},
                   1, {}, "slice")[0];
        expected = {14, 12, 10, 24, 22, 20};
    }
    const Dims outDims = opset < 10 ? Dims{2, 3} : Dims{2, 3};
    b.output(b.add(b.input("x", outDims), s, "use"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    AUTOSPLIT_REQUIRE_OK(optimizeGraph(*g, {"constant-folding"}));
    QCOMPARE(opTypes(*g), std::vector<std::string>{"Add"});
    const Tensor* folded = constantInputOf(*g, "use", 1);
    QVERIFY(folded);
    QCOMPARE(folded->dims, outDims);
    QCOMPARE(valuesOf(folded), expected);
}

void TestConstantFolding::squeezeAndUnsqueeze_data() {
    QTest::addColumn<int>("opset");
    for (int opset : {7, 11, 13, 17})
        QTest::newRow(("opset" + std::to_string(opset)).c_str()) << opset;
}

void TestConstantFolding::squeezeAndUnsqueeze() {
    QFETCH(int, opset);
    ModelBuilder b(opset);
    auto v = b.int64s("v", {3}, {2, 3, 4});
    // Unsqueeze with a negative axis (from opset 11) and with axis 0: [3] -> [1, 3, 1]
    const std::vector<int64_t> axes =
        opset >= 11 ? std::vector<int64_t>{-1, 0} : std::vector<int64_t>{2, 0};
    auto u = unsqueeze(b, v, axes, {}, "unsqueeze");
    auto uf = castTo(b, u, onnx::TensorProto::FLOAT, {}, "cast_u");
    b.output(b.add(b.input("x", {1, 3, 1}), uf, "use_unsqueezed"));
    // Squeeze without axes drops every 1: [1, 3, 1] -> [3]
    auto sq = b.node("Squeeze", {u}, 1, {}, "squeeze_all")[0];
    b.output(b.add(b.input("y", {3}), castTo(b, sq, onnx::TensorProto::FLOAT, {}, "cast_s"),
                   "use_squeezed"));
    // Squeeze of axis 0 only: [1, 3, 1] -> [3, 1]
    std::string sq0;
    if (opset >= 13) {
        sq0 = b.node("Squeeze", {u, b.int64s("sq_axes", {1}, {0})}, 1, {}, "squeeze0")[0];
    } else {
        sq0 = b.node("Squeeze", {u}, 1, {}, "squeeze0")[0];
        b.setAttr(b.lastNode(), "axes", Dims{0});
    }
    b.output(b.add(b.input("z", {3, 1}), castTo(b, sq0, onnx::TensorProto::FLOAT, {}, "cast_s0"),
                   "use_squeezed0"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    AUTOSPLIT_REQUIRE_OK(optimizeGraph(*g, {"constant-folding"}));
    QCOMPARE(opTypes(*g), (std::vector<std::string>{"Add", "Add", "Add"}));
    const Tensor* a = constantInputOf(*g, "use_unsqueezed", 1);
    const Tensor* s = constantInputOf(*g, "use_squeezed", 1);
    const Tensor* s0 = constantInputOf(*g, "use_squeezed0", 1);
    QVERIFY(a && s && s0);
    QCOMPARE(a->dims, (Dims{1, 3, 1}));
    QCOMPARE(s->dims, (Dims{3}));
    QCOMPARE(s0->dims, (Dims{3, 1}));
    QCOMPARE(a->dtype, DataType::Float);
    for (const Tensor* t : {a, s, s0})
        QCOMPARE(valuesOf(t), (std::vector<double>{2, 3, 4}));
}

void TestConstantFolding::gatherOnInnerAxisWithNegativeIndices() {
    ModelBuilder b(13);
    std::vector<float> data;
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 4; ++c)
            data.push_back(static_cast<float>(10 * r + c));
    auto gathered =
        b.node("Gather", {b.floats("data", {3, 4}, data), b.int64s("idx", {1, 2}, {-1, 0})}, 1, {},
               "gather")[0];
    b.setAttr(b.lastNode(), "axis", int64_t{1});
    b.output(b.add(b.input("x", {3, 1, 2}), gathered, "use"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    AUTOSPLIT_REQUIRE_OK(optimizeGraph(*g, {"constant-folding"}));
    const Tensor* t = constantInputOf(*g, "use", 1);
    QVERIFY(t);
    // out[r][0][k] = data[r][idx[k]] with idx = {3, 0}
    QCOMPARE(t->dims, (Dims{3, 1, 2}));
    QCOMPARE(valuesOf(t), (std::vector<double>{3, 0, 13, 10, 23, 20}));
}

void TestConstantFolding::arithmeticAndCasts() {
    ModelBuilder b(13);
    // integer Div truncates toward zero: -7 / 2 = -3
    auto div =
        b.node("Div", {b.int64s("num", {2}, {-7, 7}), b.int64s("den", {1}, {2})}, 1, {}, "div")[0];
    b.output(b.add(b.input("a", {2}), castTo(b, div, onnx::TensorProto::FLOAT, {}, "cast_div"),
                   "use_div"));
    // broadcasting Mul: [[1], [2]] * [3, 4]
    auto mul = b.node("Mul", {b.int64s("col", {2, 1}, {1, 2}), b.int64s("row", {2}, {3, 4})}, 1, {},
                      "mul")[0];
    auto sub = b.node("Sub", {mul, b.int64s("one", {}, {1})}, 1, {}, "sub")[0];
    b.output(b.add(b.input("m", {2, 2}), castTo(b, sub, onnx::TensorProto::FLOAT, {}, "cast_mul"),
                   "use_mul"));
    // float to int64 truncates: -1.7 -> -1, 2.9 -> 2
    auto f2i = castTo(b, b.floats("f", {2}, {-1.7f, 2.9f}), onnx::TensorProto::INT64, {}, "to_int");
    b.output(
        b.add(b.input("c", {2}), castTo(b, f2i, onnx::TensorProto::FLOAT, {}, "back"), "use_cast"));
    // small float arithmetic
    auto fdiv =
        b.node("Div", {b.floats("p", {2}, {1.f, 3.f}), b.floats("q", {}, {4.f})}, 1, {}, "fdiv")[0];
    b.output(b.add(b.input("d", {2}), fdiv, "use_fdiv"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    auto reports = optimizeGraph(*g, {"constant-folding"});
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(countOp(*g, "Add"), 4);
    QCOMPARE(g->nodeCount(), size_t(4));
    QCOMPARE(valuesOf(constantInputOf(*g, "use_div", 1)), (std::vector<double>{-3, 3}));
    QCOMPARE(valuesOf(constantInputOf(*g, "use_mul", 1)), (std::vector<double>{2, 3, 5, 7}));
    QCOMPARE(constantInputOf(*g, "use_mul", 1)->dims, (Dims{2, 2}));
    QCOMPARE(valuesOf(constantInputOf(*g, "use_cast", 1)), (std::vector<double>{-1, 2}));
    QCOMPARE(valuesOf(constantInputOf(*g, "use_fdiv", 1)), (std::vector<double>{0.25, 0.75}));
    QVERIFY(contains((*reports)[0].changes,
                     "folded Div 'div' into constant 'div' (int64 2 = [-3, 3])"));
}

void TestConstantFolding::castToHalfRoundsToNearest() {
    ModelBuilder b(13);
    // 0.1 -> 0x2E66 = 0.0999755859375; 65519 stays below the 65520 overflow midpoint -> 65504;
    // 70000 -> inf; 3e-6 is 50.33 units of 2^-24 -> 50 * 2^-24; -2.5 exact
    auto half = castTo(b, b.floats("f", {6}, {1.f, 0.1f, 65519.f, 70000.f, 3e-6f, -2.5f}),
                       onnx::TensorProto::FLOAT16, {}, "to_half");
    b.output(
        b.add(b.input("x", {6}), castTo(b, half, onnx::TensorProto::FLOAT, {}, "to_float"), "use"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    AUTOSPLIT_REQUIRE_OK(optimizeGraph(*g, {"constant-folding"}));
    const auto v = valuesOf(constantInputOf(*g, "use", 1));
    QCOMPARE(v.size(), size_t(6));
    QCOMPARE(v[0], 1.0);
    QCOMPARE(v[1], 0.0999755859375);
    QCOMPARE(v[2], 65504.0);
    QVERIFY(std::isinf(v[3]) && v[3] > 0);
    QCOMPARE(v[4], 50.0 / 16777216.0);
    QCOMPARE(v[5], -2.5);
}

void TestConstantFolding::rangeAndConstantOfShape() {
    ModelBuilder b(13);
    auto range = b.node(
        "Range",
        {b.int64s("start", {}, {0}), b.int64s("limit", {}, {10}), b.int64s("delta", {}, {3})}, 1,
        {}, "range")[0];
    b.output(b.add(b.input("a", {4}), castTo(b, range, onnx::TensorProto::FLOAT, {}, "cast_range"),
                   "use_range"));
    auto frange =
        b.node("Range",
               {b.floats("fs", {}, {1.f}), b.floats("fl", {}, {2.f}), b.floats("fd", {}, {0.25f})},
               1, {}, "frange")[0];
    b.output(b.add(b.input("b", {4}), frange, "use_frange"));
    const float half = 0.5f;
    auto filled =
        b.node("ConstantOfShape", {b.int64s("dims", {4}, {1, 3, 2, 2})}, 1, {}, "fill")[0];
    setTensorAttr(b.lastNode(), "value", onnx::TensorProto::FLOAT,
                  std::string(reinterpret_cast<const char*>(&half), 4));
    b.output(b.add(b.input("c", {1, 3, 2, 2}), filled, "use_fill"));
    auto zeros = b.node("ConstantOfShape", {b.int64s("dims2", {1}, {3})}, 1, {}, "zeros")[0];
    b.output(b.add(b.input("d", {3}), zeros, "use_zeros"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    AUTOSPLIT_REQUIRE_OK(optimizeGraph(*g, {"constant-folding"}));
    QCOMPARE(g->nodeCount(), size_t(4));
    QCOMPARE(valuesOf(constantInputOf(*g, "use_range", 1)), (std::vector<double>{0, 3, 6, 9}));
    QCOMPARE(valuesOf(constantInputOf(*g, "use_frange", 1)),
             (std::vector<double>{1, 1.25, 1.5, 1.75}));
    const Tensor* f = constantInputOf(*g, "use_fill", 1);
    QVERIFY(f);
    QCOMPARE(f->dims, (Dims{1, 3, 2, 2}));
    QCOMPARE(valuesOf(f), std::vector<double>(12, 0.5));
    QCOMPARE(valuesOf(constantInputOf(*g, "use_zeros", 1)), std::vector<double>(3, 0.0));
    QCOMPARE(constantInputOf(*g, "use_zeros", 1)->dtype,
             DataType::Float); // the default value is float 0
}

void TestConstantFolding::sizeShapeSliceAndFlatten() {
    ModelBuilder b(17);
    auto x = b.input("x", {2, 3, 4, 5});
    // Size(x) = 120 -> [120] -> Reshape(x, [120])
    auto count = unsqueeze(b, b.node("Size", {x}, 1, {}, "size")[0], {0}, {}, "as_vector");
    auto flat = b.node("Reshape", {x, count}, 1, {}, "flat")[0];
    b.output(b.node("Relu", {flat}, 1, {{120}}, "relu_flat")[0]);
    // Shape(x, start=1, end=-1) = [3, 4] (opset 15 attributes), then [3, 4, -1]
    auto middle = b.node("Shape", {x}, 1, {}, "middle")[0];
    b.setAttr(b.lastNode(), "start", int64_t{1});
    b.setAttr(b.lastNode(), "end", int64_t{-1});
    auto target = b.node("Concat", {middle, b.int64s("rest", {1}, {-1})}, 1, {}, "target")[0];
    b.setAttr(b.lastNode(), "axis", int64_t{-1});
    auto r = b.node("Reshape", {x, target}, 1, {}, "reshape")[0];
    b.output(b.node("Relu", {r}, 1, {{3, 4, 10}}, "relu_r")[0]);
    // Flatten of a constant at axis 2: [2, 3, 4] -> [6, 4]
    std::vector<float> ramp(24);
    for (size_t i = 0; i < ramp.size(); ++i)
        ramp[i] = static_cast<float>(i);
    auto f = b.node("Flatten", {b.floats("ramp", {2, 3, 4}, ramp)}, 1, {}, "flatten")[0];
    b.setAttr(b.lastNode(), "axis", int64_t{2});
    b.output(b.add(b.input("y", {6, 4}), f, "use_flat"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    AUTOSPLIT_REQUIRE_OK(optimizeGraph(*g, {"constant-folding"}));
    QCOMPARE(opTypes(*g), (std::vector<std::string>{"Reshape", "Relu", "Reshape", "Relu", "Add"}));
    QCOMPARE(intsOf(constantInputOf(*g, "flat", 1)), (std::vector<int64_t>{120}));
    QCOMPARE(intsOf(constantInputOf(*g, "reshape", 1)), (std::vector<int64_t>{3, 4, -1}));
    QCOMPARE(g->value(findNode(*g, "reshape")->outputs[0]).shape.dims, (Dims{3, 4, 10}));
    const Tensor* flatConst = constantInputOf(*g, "use_flat", 1);
    QVERIFY(flatConst);
    QCOMPARE(flatConst->dims, (Dims{6, 4}));
    QCOMPARE(valuesOf(flatConst), std::vector<double>(ramp.begin(), ramp.end()));
}

void TestConstantFolding::secondRoundAfterShapeInference() {
    // Range is not data-propagated by ONNX, so the first Reshape's output shape is unknown until
    // its shape input is folded and inference re-runs; only then can the second Shape fold.
    ModelBuilder b(13);
    auto x = b.input("x", {2, 3, 4});
    auto rest =
        b.node("Range", {b.int64s("s", {}, {-1}), b.int64s("l", {}, {0}), b.int64s("d", {}, {1})},
               1, {}, "minus_one")[0];
    auto first = b.node("Slice",
                        {b.node("Shape", {x}, 1, {}, "shape_x")[0], b.int64s("st", {1}, {0}),
                         b.int64s("en", {1}, {1})},
                        1, {}, "batch")[0];
    auto target = b.node("Concat", {first, rest}, 1, {}, "target")[0];
    b.setAttr(b.lastNode(), "axis", int64_t{0});
    auto r = b.node("Reshape", {x, target}, 1, {}, "reshape1")[0];
    auto shape2 = b.node("Shape", {r}, 1, {}, "shape_r")[0];
    auto reversed = b.node("Slice",
                           {shape2, b.int64s("st2", {1}, {-1}), b.int64s("en2", {1}, {-1000}),
                            b.int64s("ax2", {1}, {0}), b.int64s("sp2", {1}, {-1})},
                           1, {}, "reversed")[0];
    auto r2 = b.node("Reshape", {r, reversed}, 1, {}, "reshape2")[0];
    b.output(b.node("Relu", {r2}, 1, {{12, 2}}, "relu")[0]);
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    QVERIFY(!g->value(findNode(*g, "reshape1")->outputs[0]).shape.isFullyKnown());
    auto reports = optimizeGraph(*g, {"constant-folding"});
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(opTypes(*g), (std::vector<std::string>{"Reshape", "Reshape", "Relu"}));
    QCOMPARE(intsOf(constantInputOf(*g, "reshape1", 1)), (std::vector<int64_t>{2, -1}));
    QCOMPARE(intsOf(constantInputOf(*g, "reshape2", 1)), (std::vector<int64_t>{12, 2}));
    QCOMPARE(g->value(findNode(*g, "reshape2")->outputs[0]).shape.dims, (Dims{12, 2}));
}

void TestConstantFolding::invalidChainIsKeptWithNote() {
    ModelBuilder b(13);
    auto r =
        b.node("Reshape", {b.floats("six", {6}, {1, 2, 3, 4, 5, 6}), b.int64s("four", {1}, {4})}, 1,
               {}, "bad_reshape")[0];
    b.output(b.add(b.input("x", {4}), r, "use"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    auto reports = optimizeGraph(*g, {"constant-folding"});
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(countOp(*g, "Reshape"), 1);
    QCOMPARE((*reports)[0].notes.size(), size_t(1));
    // the executor's Reshape kernel says why, naming the node
    const std::string& note = (*reports)[0].notes[0];
    QVERIFY2(note.rfind("kept node 'bad_reshape' (Reshape): ", 0) == 0, note.c_str());
    QVERIFY2(note.find("6") != std::string::npos && note.find("4") != std::string::npos,
             note.c_str());
}

// A step of INT64_MIN is valid ONNX: from row 2 backwards it takes row 2 alone (and from row 0
// to row 2 nothing); its magnitude does not fit int64_t, so the slice must not negate it.
void TestConstantFolding::sliceWithTheMostNegativeStep() {
    for (const auto& [start, end, rows] : {std::tuple{int64_t(2), int64_t(0), int64_t(1)},
                                           std::tuple{int64_t(0), int64_t(2), int64_t(0)}}) {
        ModelBuilder b(13);
        const auto data = b.int64s("data", {3, 2}, {1, 2, 3, 4, 5, 6});
        auto y = b.node("Slice",
                        {data, b.int64s("s", {1}, {start}), b.int64s("e", {1}, {end}),
                         b.int64s("a", {1}, {0}),
                         b.int64s("st", {1}, {std::numeric_limits<int64_t>::min()})},
                        1, {}, "slice")[0];
        auto z = b.node("Cast", {y}, 1, {}, "as_float")[0];
        b.setAttr(b.lastNode(), "to", int64_t{onnx::TensorProto::FLOAT});
        b.output(b.node("Identity", {z}, 1, {}, "out")[0]);
        auto g = importModel(b.model());
        AUTOSPLIT_REQUIRE_OK(g);
        auto reports = optimizeGraph(*g, {"constant-folding"});
        AUTOSPLIT_REQUIRE_OK(reports);
        QVERIFY(!findNode(*g, "slice"));
        const Tensor* folded = constantInputOf(*g, "out", 0);
        QVERIFY(folded);
        QCOMPARE(folded->dims, (Dims{rows, 2}));
        if (rows == 1)
            QCOMPARE(valuesOf(folded), (std::vector<double>{5, 6}));
    }
}

void TestConstantFolding::malformedConstantNodesAreKept_data() {
    QTest::addColumn<QString>("what");
    for (const char* what :
         {"gather index out of range", "transpose perm repeats an axis", "slice step 0",
          "reshape with two -1", "unsqueeze repeated axis", "squeeze of a dimension of 3",
          "concat of different ranks", "integer division by 0"})
        QTest::newRow(what) << QString::fromLatin1(what);
}

void TestConstantFolding::malformedConstantNodesAreKept() {
    QFETCH(QString, what);
    ModelBuilder b(13);
    const auto data = b.int64s("data", {3, 2}, {1, 2, 3, 4, 5, 6});
    std::string y;
    if (what == "gather index out of range") {
        y = b.node("Gather", {data, b.int64s("i", {1}, {5})}, 1, {}, "bad")[0];
    } else if (what == "transpose perm repeats an axis") {
        y = b.node("Transpose", {data}, 1, {}, "bad")[0];
        b.setAttr(b.lastNode(), "perm", Dims{0, 0});
    } else if (what == "slice step 0") {
        y = b.node("Slice",
                   {data, b.int64s("s", {1}, {0}), b.int64s("e", {1}, {2}), b.int64s("a", {1}, {0}),
                    b.int64s("st", {1}, {0})},
                   1, {}, "bad")[0];
    } else if (what == "reshape with two -1") {
        y = b.node("Reshape", {data, b.int64s("shape", {2}, {-1, -1})}, 1, {}, "bad")[0];
    } else if (what == "unsqueeze repeated axis") {
        y = b.node("Unsqueeze", {data, b.int64s("axes", {2}, {0, 0})}, 1, {}, "bad")[0];
    } else if (what == "squeeze of a dimension of 3") {
        y = b.node("Squeeze", {data, b.int64s("axes", {1}, {0})}, 1, {}, "bad")[0];
    } else if (what == "concat of different ranks") {
        y = b.node("Concat", {data, b.int64s("rank1", {2}, {7, 8})}, 1, {}, "bad")[0];
        b.setAttr(b.lastNode(), "axis", int64_t{0});
    } else {
        y = b.node("Div", {data, b.int64s("zero", {}, {0})}, 1, {}, "bad")[0];
    }
    // consumers of any rank ending in a [1, 1] float graph output keep the result alive
    auto z = b.node("Cast", {y}, 1, {}, "as_float")[0];
    b.setAttr(b.lastNode(), "to", int64_t{onnx::TensorProto::FLOAT});
    auto flat = b.node("Flatten", {z}, 1, {}, "flat")[0];
    b.setAttr(b.lastNode(), "axis", int64_t{0});
    b.output(b.node("ReduceSum", {flat}, 1, {{1, 1}}, "sum")[0]);
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    const size_t nodes = g->nodeCount();
    auto reports = optimizeGraph(*g, {"constant-folding"});
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(g->nodeCount(), nodes);
    QVERIFY(findNode(*g, "bad"));
    QCOMPARE((*reports)[0].notes.size(), size_t(1));
    QVERIFY2((*reports)[0].notes[0].rfind("kept ", 0) == 0 &&
                 (*reports)[0].notes[0].find("'bad'") != std::string::npos,
             (*reports)[0].notes[0].c_str());
}

void TestConstantFolding::graphOutputsAndRuntimeInputsStay() {
    ModelBuilder b(13);
    auto sum = b.node("Add", {b.floats("p", {2}, {1, 2}), b.floats("q", {2}, {3, 4})}, 1, {{2}},
                      "const_sum")[0];
    b.output(sum);
    b.output(b.add(b.input("x", {2}), b.floats("k", {2}, {5, 6}), "runtime_sum"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    auto reports = optimizeGraph(*g, {"constant-folding"});
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(g->nodeCount(), size_t(2));
    QVERIFY(!(*reports)[0].modified);
}

QTEST_GUILESS_MAIN(TestConstantFolding)
#include "test_constant_folding.moc"
