// The preprocessing spec: parsing, its canonical text, and the numbers of preprocessed images
// worked out by hand (bilinear taps, PaddleOCR's keep-aspect width and zero padding, channel
// order, layouts, grey), and where a resize puts an image's points (inputScale).

#include "core/data/preprocess_spec.h"

#include <QtTest>

using namespace autosplit;

namespace {

// An image from rows of (r, g, b) triples.
Image makeImage(int w, int h, std::vector<uint8_t> rgb) {
    Image image;
    image.width = w;
    image.height = h;
    image.rgb = std::move(rgb);
    return image;
}

PreprocessSpec spec(const char* text) {
    auto s = parsePreprocessSpec(std::string_view(text));
    if (!s)
        qFatal("%s", s.error().message.c_str());
    return *s;
}

QString parseError(const char* text) {
    auto s = parsePreprocessSpec(std::string_view(text));
    return s.ok() ? QStringLiteral("(parsed)") : QString::fromStdString(s.error().message);
}

} // namespace

class TestPreprocessSpec : public QObject {
    Q_OBJECT

private slots:
    void parsesEveryItem();
    void canonicalTextRoundTrips();
    void badSpecsAreErrors();
    void normalisationByHand();
    void orderAndLayout();
    void bilinearByHand();
    void keepAspectAndPadLikePaddleOcr();
    void grey();
    void inputScaleFollowsTheResize();
};

void TestPreprocessSpec::parsesEveryItem() {
    const PreprocessSpec s = spec("resize=48x192,keep-aspect,pad,layout=nhwc,order=bgr,scale=1/"
                                  "255,mean=0.5,0.25,0.125,std=2");
    QCOMPARE(s.height, 48);
    QCOMPARE(s.width, 192);
    QVERIFY(s.keepAspect);
    QVERIFY(s.pad);
    QCOMPARE(s.layout, TensorLayout::Nhwc);
    QCOMPARE(s.order, ChannelOrder::Bgr);
    QCOMPARE(s.scale, 1.0f / 255.0f);
    QCOMPARE(s.mean, (std::array<float, 3>{0.5f, 0.25f, 0.125f}));
    QCOMPARE(s.std, (std::array<float, 3>{2.0f, 2.0f, 2.0f}));
    // Defaults, case, spaces, and the item-list form.
    const PreprocessSpec d = spec("");
    QCOMPARE(d.height, 0);
    QCOMPARE(d.layout, TensorLayout::Nchw);
    QCOMPARE(d.order, ChannelOrder::Rgb);
    QCOMPARE(d.scale, 1.0f);
    QCOMPARE(spec(" Layout = NHWC , scale=0.5 ").layout, TensorLayout::Nhwc);
    auto items = parsePreprocessSpec(std::vector<std::string>{"resize=2X3", "mean=1,2,3", "std=4"});
    QVERIFY(items.ok());
    QCOMPARE(items->width, 3);
    QCOMPARE(items->mean[2], 3.0f);
    QCOMPARE(items->std[1], 4.0f);
}

void TestPreprocessSpec::canonicalTextRoundTrips() {
    const PreprocessSpec s =
        spec("std=0.229,0.224,0.225,resize=224x224,scale=1/255,mean=0.485,0.456,0.406");
    const std::string text = s.toString();
    QCOMPARE(QString::fromStdString(text),
             QStringLiteral("resize=224x224,layout=nchw,order=rgb,channels=3,scale=0.003921569,"
                            "mean=0.485,0.456,0.406,std=0.229,0.224,0.225"));
    const PreprocessSpec again = spec(text.c_str());
    QCOMPARE(again.toString(), text);
    QCOMPARE(again.scale, s.scale);
    QCOMPARE(spec("channels=1,mean=0.5").toString(),
             std::string("layout=nchw,order=rgb,channels=1,scale=1,mean=0.5,std=1"));
}

void TestPreprocessSpec::badSpecsAreErrors() {
    QCOMPARE(parseError("resize=48x192,colour=red"),
             QStringLiteral("preprocessing spec item 'colour=red': unknown key (resize, layout, "
                            "order, channels, scale, mean, std)"));
    QCOMPARE(
        parseError("resize=48"),
        QStringLiteral("preprocessing spec item 'resize=48': resize is HEIGHTxWIDTH, e.g. 48x192"));
    QCOMPARE(parseError("resize=0x10"),
             QStringLiteral(
                 "preprocessing spec item 'resize=0x10': height and width must be in 1..32768"));
    QCOMPARE(parseError("layout=chw"),
             QStringLiteral("preprocessing spec item 'layout=chw': layout is nchw or nhwc"));
    QCOMPARE(parseError("order=rbg"),
             QStringLiteral("preprocessing spec item 'order=rbg': order is rgb or bgr"));
    QCOMPARE(parseError("channels=2"),
             QStringLiteral("preprocessing spec item 'channels=2': channels is 1 or 3"));
    QCOMPARE(
        parseError("scale=abc"),
        QStringLiteral(
            "preprocessing spec item 'scale=abc': scale is a number or a fraction like 1/255"));
    QCOMPARE(
        parseError("scale=1/0"),
        QStringLiteral(
            "preprocessing spec item 'scale=1/0': scale is a number or a fraction like 1/255"));
    QCOMPARE(parseError("mean=0.5,0.5"),
             QStringLiteral("preprocessing spec: mean takes 1 or 3 values, got 2"));
    QCOMPARE(parseError("mean=1,2,3,4"),
             QStringLiteral("preprocessing spec item '4': mean and std take 1 or 3 values"));
    QCOMPARE(parseError("std=0"), QStringLiteral("preprocessing spec: std must not be 0"));
    QCOMPARE(parseError("channels=1,std=1,2,3"),
             QStringLiteral("preprocessing spec: std has 3 values but channels=1"));
    QCOMPARE(parseError("keep-aspect"),
             QStringLiteral("preprocessing spec: keep-aspect needs resize=HxW"));
    QCOMPARE(parseError("resize=4x4,pad"),
             QStringLiteral("preprocessing spec: pad needs keep-aspect"));
    QCOMPARE(parseError("scale=1,scale=2"),
             QStringLiteral("preprocessing spec item 'scale=2': given twice"));
    QCOMPARE(parseError("resize=4x4,,pad"),
             QStringLiteral("preprocessing spec item '': empty item"));
    QCOMPARE(
        parseError("0.5"),
        QStringLiteral(
            "preprocessing spec item '0.5': not a key=value item nor a flag (keep-aspect, pad)"));
    QCOMPARE(parseError("mean=nan"),
             QStringLiteral("preprocessing spec item 'mean=nan': not a number"));
    // A spec built in code is checked before use.
    PreprocessSpec s;
    s.std[1] = 0.0f;
    QCOMPARE(QString::fromStdString(preprocessImage(makeImage(1, 1, {1, 2, 3}), s).error().message),
             QStringLiteral("preprocessing spec: std must not be 0"));
    s = {};
    s.height = 4; // width left 0
    QVERIFY(!validatePreprocessSpec(s).ok());
    s = {};
    s.pad = true;
    QVERIFY(!validatePreprocessSpec(s).ok());
    QVERIFY(validatePreprocessSpec(PreprocessSpec{}).ok());
    QVERIFY(!preprocessImage(Image{}, PreprocessSpec{}).ok());
}

void TestPreprocessSpec::normalisationByHand() {
    // One pixel (10, 20, 30): (p * 0.5 - mean) / std with mean 1, 2, 3 and std 2, 4, 8 gives
    // (5 - 1) / 2 = 2, (10 - 2) / 4 = 2, (15 - 3) / 8 = 1.5.
    const Image image = makeImage(1, 1, {10, 20, 30});
    auto t = preprocessImage(image, spec("scale=0.5,mean=1,2,3,std=2,4,8"));
    QVERIFY(t.ok());
    QCOMPARE(t->dims(), (std::vector<int64_t>{1, 3, 1, 1}));
    QCOMPARE(t->toFloats(), (std::vector<float>{2.0f, 2.0f, 1.5f}));
    // PaddleOCR's normalisation maps 0 -> -1, 255 -> 1.
    auto p = preprocessImage(makeImage(2, 1, {0, 0, 0, 255, 255, 255}),
                             spec("scale=1/255,mean=0.5,std=0.5"));
    QCOMPARE(p->toFloats(), (std::vector<float>{-1.0f, 1.0f, -1.0f, 1.0f, -1.0f, 1.0f}));
}

void TestPreprocessSpec::orderAndLayout() {
    // 2 x 1 image: pixel A = (1, 2, 3), pixel B = (4, 5, 6).
    const Image image = makeImage(2, 1, {1, 2, 3, 4, 5, 6});
    // NCHW RGB: plane R = [1, 4], G = [2, 5], B = [3, 6].
    QCOMPARE(preprocessImage(image, spec(""))->toFloats(), (std::vector<float>{1, 4, 2, 5, 3, 6}));
    // NCHW BGR: plane B first.
    QCOMPARE(preprocessImage(image, spec("order=bgr"))->toFloats(),
             (std::vector<float>{3, 6, 2, 5, 1, 4}));
    // NHWC RGB: pixels one after another.
    auto nhwc = preprocessImage(image, spec("layout=nhwc"));
    QCOMPARE(nhwc->dims(), (std::vector<int64_t>{1, 1, 2, 3}));
    QCOMPARE(nhwc->toFloats(), (std::vector<float>{1, 2, 3, 4, 5, 6}));
    QCOMPARE(preprocessImage(image, spec("layout=nhwc,order=bgr"))->toFloats(),
             (std::vector<float>{3, 2, 1, 6, 5, 4}));
    // mean/std follow the output order: with bgr the first mean applies to blue.
    QCOMPARE(preprocessImage(image, spec("order=bgr,mean=3,0,0"))->toFloats(),
             (std::vector<float>{0, 3, 2, 5, 1, 4}));
}

void TestPreprocessSpec::bilinearByHand() {
    // Width 2 -> 4 (ratio 0.5), source x = (d + 0.5) * 0.5 - 0.5: d=0 -> -0.25 clamps to 0,
    // d=1 -> 0.25, d=2 -> 0.75, d=3 -> 1.25 clamps to the last pixel. Values 0 and 100 in red:
    // 0, 25, 75, 100.
    const Image row = makeImage(2, 1, {0, 0, 0, 100, 0, 0});
    auto up = preprocessImage(row, spec("resize=1x4"));
    QCOMPARE(up->dims(), (std::vector<int64_t>{1, 3, 1, 4}));
    const std::vector<float> u = up->toFloats();
    QCOMPARE((std::vector<float>(u.begin(), u.begin() + 4)), (std::vector<float>{0, 25, 75, 100}));
    // 4 x 2 -> 2 x 1 (ratio 2): source x = 0.5 and 2.5, source y = 0.5: each output is the mean
    // of a 2 x 2 block. Red values rows [0 10 20 30] and [40 50 60 70]: (0+10+40+50)/4 = 25 and
    // (20+30+60+70)/4 = 45.
    std::vector<uint8_t> rgb;
    for (int v : {0, 10, 20, 30, 40, 50, 60, 70})
        rgb.insert(rgb.end(), {uint8_t(v), 0, 0});
    auto down = preprocessImage(makeImage(4, 2, rgb), spec("resize=1x2"));
    const std::vector<float> d = down->toFloats();
    QCOMPARE((std::vector<float>(d.begin(), d.begin() + 2)), (std::vector<float>{25, 45}));
    // Same size: no resampling at all.
    const std::vector<float> same =
        preprocessImage(makeImage(4, 2, rgb), spec("resize=2x4"))->toFloats();
    QCOMPARE((std::vector<float>(same.begin(), same.begin() + 8)),
             (std::vector<float>{0, 10, 20, 30, 40, 50, 60, 70}));
}

void TestPreprocessSpec::keepAspectAndPadLikePaddleOcr() {
    // 10 x 5 white image into 4 x 16: width ceil(4 * 10 / 5) = 8, padded to 16 with zeros.
    const Image white = makeImage(10, 5, std::vector<uint8_t>(10 * 5 * 3, 255));
    auto t =
        preprocessImage(white, spec("resize=4x16,keep-aspect,pad,scale=1/255,mean=0.5,std=0.5"));
    QVERIFY(t.ok());
    QCOMPARE(t->dims(), (std::vector<int64_t>{1, 3, 4, 16}));
    const std::vector<float> v = t->toFloats();
    for (int c = 0; c < 3; ++c)
        for (int y = 0; y < 4; ++y)
            for (int x = 0; x < 16; ++x)
                QCOMPARE(v[size_t((c * 4 + y) * 16 + x)], x < 8 ? 1.0f : 0.0f);
    // Without pad the tensor is as wide as the resized image.
    QCOMPARE(preprocessImage(white, spec("resize=4x16,keep-aspect"))->dims(),
             (std::vector<int64_t>{1, 3, 4, 8}));
    // 7 x 3 -> ceil(4 * 7 / 3) = ceil(9.33) = 10 columns.
    const Image odd = makeImage(7, 3, std::vector<uint8_t>(7 * 3 * 3, 255));
    QCOMPARE(preprocessImage(odd, spec("resize=4x16,keep-aspect"))->dims(),
             (std::vector<int64_t>{1, 3, 4, 10}));
    // Wider than 4:1 is squeezed to the full width, as PaddleOCR does.
    const Image wide = makeImage(100, 5, std::vector<uint8_t>(100 * 5 * 3, 255));
    QCOMPARE(preprocessImage(wide, spec("resize=4x16,keep-aspect,pad"))->dims(),
             (std::vector<int64_t>{1, 3, 4, 16}));
    QCOMPARE(preprocessImage(wide, spec("resize=4x16,keep-aspect"))->dims(),
             (std::vector<int64_t>{1, 3, 4, 16}));
    // NHWC padding too: pixel (x = 9, y = 0) of the padded area is 0 in every channel.
    auto h = preprocessImage(white, spec("resize=4x16,keep-aspect,pad,layout=nhwc,mean=1"));
    QCOMPARE(h->dims(), (std::vector<int64_t>{1, 4, 16, 3}));
    QCOMPARE(h->toFloats()[size_t(9 * 3)], 0.0f);
    QCOMPARE(h->toFloats()[size_t(7 * 3)], 254.0f);
}

void TestPreprocessSpec::grey() {
    // Luma 0.299 R + 0.587 G + 0.114 B of (100, 200, 50) = 29.9 + 117.4 + 5.7 = 153.
    auto t = preprocessImage(makeImage(1, 1, {100, 200, 50}), spec("channels=1"));
    QCOMPARE(t->dims(), (std::vector<int64_t>{1, 1, 1, 1}));
    QVERIFY(std::fabs(t->toFloats()[0] - 153.0f) < 1e-4f);
}

// A text box's corners in image pixels become tensor coordinates by the resized size over the
// image's, and the pixels agree: a white block over image columns [8, 16) of a 32-wide image
// lands on tensor columns [4, 8) when the image is halved (its edges between whole pixels, where
// bilinear taps of a 2:1 reduction average two equal pixels).
void TestPreprocessSpec::inputScaleFollowsTheResize() {
    auto same = inputScale(640, 480, spec("scale=1/255"));
    QVERIFY(same);
    QCOMPARE(same->x, 1.0);
    QCOMPARE(same->y, 1.0);
    auto half = inputScale(128, 64, spec("resize=32x64"));
    QCOMPARE(half->x, 0.5);
    QCOMPARE(half->y, 0.5);
    // keep-aspect: 10 x 5 into 4 x 16 is 8 columns wide, padded or not
    auto kept = inputScale(10, 5, spec("resize=4x16,keep-aspect,pad"));
    QCOMPARE(kept->x, 0.8);
    QCOMPARE(kept->y, 0.8);
    QCOMPARE(inputScale(10, 5, spec("resize=4x16,keep-aspect"))->x, 0.8);
    // squeezed: 100 x 5 into 4 x 16
    auto squeezed = inputScale(100, 5, spec("resize=4x16,keep-aspect"));
    QCOMPARE(squeezed->x, 0.16);
    QCOMPARE(squeezed->y, 0.8);
    QVERIFY(!inputScale(0, 5, spec("")));
    PreprocessSpec bad;
    bad.channels = 2;
    QVERIFY(!inputScale(10, 5, bad));

    std::vector<uint8_t> rgb(32 * 4 * 3, 0);
    for (int y = 0; y < 4; ++y)
        for (int x = 8; x < 16; ++x)
            for (int c = 0; c < 3; ++c)
                rgb[size_t((y * 32 + x) * 3 + c)] = 255;
    auto t = preprocessImage(makeImage(32, 4, rgb), spec("resize=2x16,channels=1,scale=1/255"));
    QVERIFY(t);
    const std::vector<float> v = t->toFloats();
    const double left = 8 * inputScale(32, 4, spec("resize=2x16"))->x;
    const double right = 16 * inputScale(32, 4, spec("resize=2x16"))->x;
    QCOMPARE(left, 4.0);
    QCOMPARE(right, 8.0);
    for (int x = 0; x < 16; ++x)
        QVERIFY2(std::fabs(v[size_t(x)] - (x >= 4 && x < 8 ? 1.0f : 0.0f)) < 1e-5f,
                 qPrintable(QString::number(x)));
}

QTEST_GUILESS_MAIN(TestPreprocessSpec)
#include "test_preprocess_spec.moc"
