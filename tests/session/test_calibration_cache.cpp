// Calibration results as the cache writes and reads them: adaptive rounding's masks come back bit
// for bit, and a mask whose size does not fit its weight makes the entry one to recompute, since
// it would flip other weights.

#include "session/calibration_cache.h"

#include <limits>

#include <QJsonArray>
#include <QtTest>

using namespace autosplit;
using namespace autosplit::session;

namespace {

CalibrationResult withMasks() {
    CalibrationResult r;
    r.table.bits = {4, 8};
    r.table.weightRangeMethod = "minmax";
    r.samples = 3;
    RoundingMask a(19); // not a whole number of bytes
    a.flip(0);
    a.flip(9);
    a.flip(18);
    RoundingMask b(8);
    b.flip(7);
    r.weightRounding["conv.weight"].emplace(4, a);
    r.weightRounding["conv.weight"].emplace(8, b);
    r.weightRounding["fc.weight"].emplace(4, RoundingMask(1000));
    return r;
}

} // namespace

class TestCalibrationCache : public QObject {
    Q_OBJECT

private slots:
    void masksRoundTrip() {
        const CalibrationResult original = withMasks();
        const auto back = calibrationFromJson(calibrationToJson(original));
        QVERIFY(back);
        QCOMPARE(back->weightRounding.size(), size_t(2));
        for (const auto& [weight, masks] : original.weightRounding)
            for (const auto& [bits, mask] : masks) {
                const RoundingMask* read = back->roundingFor(weight, bits, RangeOptions{});
                QVERIFY(read);
                QCOMPARE(read->elements, mask.elements);
                QVERIFY(read->bits == mask.bits);
                QCOMPARE(read->flippedCount(), mask.flippedCount());
            }
        QVERIFY(back->roundingFor("conv.weight", 4, RangeOptions{})->flipped(18));
        QVERIFY(!back->roundingFor("conv.weight", 4, RangeOptions{})->flipped(17));
        // nearest rounding writes no section at all
        QVERIFY(!calibrationToJson(CalibrationResult{}).contains(QStringLiteral("weightRounding")));
    }

    void damagedMasksAreNotTrusted() {
        QJsonObject json = calibrationToJson(withMasks());
        QJsonObject rounding = json.value(QStringLiteral("weightRounding")).toObject();
        QJsonObject widths = rounding.value(QStringLiteral("conv.weight")).toObject();
        QJsonObject four = widths.value(QStringLiteral("4")).toObject();
        four[QStringLiteral("elements")] = 40; // three bytes cannot hold 40 bits
        widths[QStringLiteral("4")] = four;
        rounding[QStringLiteral("conv.weight")] = widths;
        json[QStringLiteral("weightRounding")] = rounding;
        QVERIFY(!calibrationFromJson(json));
        four[QStringLiteral("elements")] = 19;
        four[QStringLiteral("mask")] = QStringLiteral("not base64 !");
        widths[QStringLiteral("4")] = four;
        rounding[QStringLiteral("conv.weight")] = widths;
        json[QStringLiteral("weightRounding")] = rounding;
        QVERIFY(!calibrationFromJson(json));
    }

    // Found by the calibration_cache fuzz target: an element count near the largest 64-bit
    // integer overflowed the mask-size check (signed overflow, caught by UBSan in the sanitizer
    // and fuzz builds); such a count must simply not match any mask.
    void hugeElementCountIsRejected() {
        QJsonObject json = calibrationToJson(withMasks());
        QJsonObject rounding = json.value(QStringLiteral("weightRounding")).toObject();
        QJsonObject widths = rounding.value(QStringLiteral("conv.weight")).toObject();
        QJsonObject four = widths.value(QStringLiteral("4")).toObject();
        for (const qint64 elements :
             {std::numeric_limits<qint64>::max(), std::numeric_limits<qint64>::max() - 6,
              std::numeric_limits<qint64>::max() - 7}) {
            four[QStringLiteral("elements")] = elements;
            widths[QStringLiteral("4")] = four;
            rounding[QStringLiteral("conv.weight")] = widths;
            json[QStringLiteral("weightRounding")] = rounding;
            QCOMPARE(json.value(QStringLiteral("weightRounding"))
                         .toObject()
                         .value(QStringLiteral("conv.weight"))
                         .toObject()
                         .value(QStringLiteral("4"))
                         .toObject()
                         .value(QStringLiteral("elements"))
                         .toInteger(),
                     elements);
            QVERIFY(!calibrationFromJson(json));
        }
    }
};

QTEST_GUILESS_MAIN(TestCalibrationCache)
#include "test_calibration_cache.moc"
