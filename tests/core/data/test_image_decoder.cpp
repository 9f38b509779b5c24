// PNG and JPEG decoding against images written (and, for JPEG, read back) by Qt's QImage, and
// every way a file can fail to decode.

#include "core/data/image_decoder.h"

#include <QBuffer>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdlib>

using namespace autosplit;

namespace {

QByteArray encode(const QImage& image, const char* format, int quality = -1) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, format, quality))
        qFatal("QImage could not write %s", format);
    return bytes;
}

std::span<const std::byte> span(const QByteArray& b) {
    return std::as_bytes(std::span<const char>(b.constData(), size_t(b.size())));
}

// A small image with distinct colours everywhere.
QImage pattern(int w, int h, QImage::Format format = QImage::Format_RGB888) {
    QImage image(w, h, QImage::Format_RGB888);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            image.setPixel(
                x, y,
                qRgb((x * 37 + y * 11) % 256, (x * 5 + y * 71) % 256, (x * y * 13 + 7) % 256));
    return image.convertToFormat(format);
}

void comparePixels(const Image& decoded, const QImage& expected, int tolerance) {
    QCOMPARE(decoded.width, expected.width());
    QCOMPARE(decoded.height, expected.height());
    QCOMPARE(decoded.rgb.size(), size_t(expected.width() * expected.height() * 3));
    int worst = 0;
    for (int y = 0; y < expected.height(); ++y)
        for (int x = 0; x < expected.width(); ++x) {
            const QRgb p = expected.pixel(x, y);
            worst = std::max({worst, std::abs(decoded.at(x, y, 0) - qRed(p)),
                              std::abs(decoded.at(x, y, 1) - qGreen(p)),
                              std::abs(decoded.at(x, y, 2) - qBlue(p))});
        }
    QVERIFY2(worst <= tolerance, qPrintable(QStringLiteral("largest difference %1").arg(worst)));
}

} // namespace

class TestImageDecoder : public QObject {
    Q_OBJECT

private slots:
    void pngRgbExact();
    void pngGreyPaletteAndSixteenBit();
    void pngAlphaIsDropped();
    void jpegColourAndGrey();
    void formatBySignatureNotName();
    void undecodableFilesAreErrors();
};

void TestImageDecoder::pngRgbExact() {
    const QImage image = pattern(7, 5);
    auto decoded = decodeImage(span(encode(image, "PNG")), "pattern.png");
    QVERIFY2(decoded.ok(), decoded.ok() ? "" : decoded.error().message.c_str());
    comparePixels(*decoded, image, 0);
    // Row-major RGB triples, top row first.
    QCOMPARE(int(decoded->rgb[0]), qRed(image.pixel(0, 0)));
    QCOMPARE(int(decoded->rgb[3 * 7 + 1]), qGreen(image.pixel(0, 1)));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("pattern.png"));
    QVERIFY(image.save(path));
    auto fromFile = decodeImageFile(path.toStdString());
    QVERIFY(fromFile.ok());
    QCOMPARE(fromFile->rgb, decoded->rgb);
}

void TestImageDecoder::pngGreyPaletteAndSixteenBit() {
    const QImage grey = pattern(6, 4, QImage::Format_Grayscale8);
    auto g = decodeImage(span(encode(grey, "PNG")), "grey.png");
    QVERIFY(g.ok());
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 6; ++x)
            for (int c = 0; c < 3; ++c)
                QCOMPARE(int(g->at(x, y, c)), qGray(grey.pixel(x, y)));

    QImage palette(5, 3, QImage::Format_Indexed8);
    palette.setColorTable({qRgb(255, 0, 0), qRgb(0, 128, 255), qRgb(12, 34, 56)});
    for (int y = 0; y < 3; ++y)
        for (int x = 0; x < 5; ++x)
            palette.setPixel(x, y, uint((x + y) % 3));
    auto p = decodeImage(span(encode(palette, "PNG")), "palette.png");
    QVERIFY(p.ok());
    comparePixels(*p, palette, 0);

    // 16 bits per channel: each value v16 becomes about v16 / 257.
    const QImage deep = pattern(4, 4, QImage::Format_RGBX64);
    auto d = decodeImage(span(encode(deep, "PNG")), "deep.png");
    QVERIFY2(d.ok(), d.ok() ? "" : d.error().message.c_str());
    comparePixels(*d, deep, 1);
}

void TestImageDecoder::pngAlphaIsDropped() {
    // Semi-transparent pixels keep their colour values (OpenCV's and PIL's convention), they are
    // not blended with a background.
    QImage image(3, 2, QImage::Format_ARGB32);
    image.fill(qRgba(200, 100, 50, 128));
    image.setPixel(1, 1, qRgba(10, 20, 30, 0));
    auto decoded = decodeImage(span(encode(image, "PNG")), "alpha.png");
    QVERIFY(decoded.ok());
    QCOMPARE(int(decoded->at(0, 0, 0)), 200);
    QCOMPARE(int(decoded->at(0, 0, 1)), 100);
    QCOMPARE(int(decoded->at(0, 0, 2)), 50);
    QCOMPARE(int(decoded->at(1, 1, 0)), 10);
    QCOMPARE(int(decoded->at(1, 1, 2)), 30);
}

void TestImageDecoder::jpegColourAndGrey() {
    // A smooth image at quality 100: close to the original, and as Qt decodes the same file.
    QImage smooth(24, 16, QImage::Format_RGB888);
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 24; ++x)
            smooth.setPixel(x, y, qRgb(40 + x * 6, 200 - y * 8, 100 + x * 2 + y * 2));
    const QByteArray jpeg = encode(smooth, "JPEG", 100);
    auto decoded = decodeImage(span(jpeg), "smooth.jpg");
    QVERIFY2(decoded.ok(), decoded.ok() ? "" : decoded.error().message.c_str());
    comparePixels(*decoded, smooth, 8);
    comparePixels(*decoded, QImage::fromData(jpeg, "JPEG").convertToFormat(QImage::Format_RGB888),
                  2);

    const QImage grey = smooth.convertToFormat(QImage::Format_Grayscale8);
    auto g = decodeImage(span(encode(grey, "JPEG", 100)), "grey.jpg");
    QVERIFY(g.ok());
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 24; ++x) {
            QCOMPARE(g->at(x, y, 0), g->at(x, y, 1));
            QCOMPARE(g->at(x, y, 1), g->at(x, y, 2));
            QVERIFY(std::abs(int(g->at(x, y, 0)) - qGray(grey.pixel(x, y))) <= 3);
        }
}

void TestImageDecoder::formatBySignatureNotName() {
    const QByteArray png = encode(pattern(2, 2), "PNG");
    const QByteArray jpeg = encode(pattern(2, 2), "JPEG");
    QCOMPARE(detectImageFormat(span(png)), ImageFormat::Png);
    QCOMPARE(detectImageFormat(span(jpeg)), ImageFormat::Jpeg);
    QVERIFY(decodeImage(span(jpeg), "named-like-a.png").ok());
}

void TestImageDecoder::undecodableFilesAreErrors() {
    const QByteArray png = encode(pattern(40, 30), "PNG");
    // Truncated PNG: the header reads, the pixel data does not.
    auto truncated = decodeImage(span(png.left(png.size() / 2)), "cut.png");
    QVERIFY(!truncated.ok());
    const QString message = QString::fromStdString(truncated.error().message);
    QVERIFY2(message.startsWith(QStringLiteral("image 'cut.png': PNG decoder: ")),
             qPrintable(message));
    QVERIFY(message.size() > QStringLiteral("image 'cut.png': PNG decoder: ").size());
    // Corrupt PNG header (bad IHDR CRC).
    QByteArray badHeader = png;
    badHeader[20] = char(badHeader[20] ^ 0x55);
    auto bh = decodeImage(span(badHeader), "crc.png");
    QVERIFY(!bh.ok());
    QVERIFY(bh.error().message.find("crc.png") != std::string::npos);
    // JPEG: a start-of-image marker followed by garbage.
    QByteArray garbage("\xff\xd8\xff\x01 this is not a jpeg stream at all", 40);
    auto j = decodeImage(span(garbage), "broken.jpg");
    QVERIFY(!j.ok());
    const QString jm = QString::fromStdString(j.error().message);
    QVERIFY2(jm.startsWith(QStringLiteral("image 'broken.jpg': JPEG decoder: ")) && jm.size() > 36,
             qPrintable(jm));
    // Header cut before the frame: the decoder has no dimensions to report.
    const QByteArray jpeg = encode(pattern(40, 30), "JPEG");
    auto cutJpeg = decodeImage(span(jpeg.left(30)), "cut.jpg");
    QVERIFY(!cutJpeg.ok());
    QVERIFY(cutJpeg.error().message.find("JPEG decoder") != std::string::npos);
    // Neither format; empty; missing file.
    QCOMPARE(
        QString::fromStdString(decodeImage(span(QByteArray("hello")), "notes.png").error().message),
        QStringLiteral("image 'notes.png': not a PNG or JPEG file"));
    QCOMPARE(QString::fromStdString(decodeImage({}, "empty.png").error().message),
             QStringLiteral("image 'empty.png': the file is empty"));
    auto missing = decodeImageFile("/nonexistent/x.png");
    QVERIFY(!missing.ok());
    QVERIFY(missing.error().message.find("/nonexistent/x.png") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestImageDecoder)
#include "test_image_decoder.moc"
