// Packing of b-bit activation codes (core/wire/activation_packing.h) on every CPU path this CPU
// runs (a path it lacks is skipped by name): both layouts against references written here bit by
// bit from the wire format's definition, for 1..8 bits, random codes (fixed seed) and shapes that
// reach the vector loops, their tails and one-pixel planes; round trips; sizes; hand-computed
// examples; and every error.

#include "core/wire/activation_packing.h"
#include "core/wire/packing_kernels.h"

#include <QtTest>

#include <random>
#include <string>
#include <vector>

using namespace autosplit;

namespace {

using Dims = std::vector<int64_t>;
using Bytes = std::vector<uint8_t>;

int64_t product(const Dims& dims, size_t from = 0) {
    int64_t n = 1;
    for (size_t i = from; i < dims.size(); ++i)
        n *= dims[i];
    return n;
}

bool bitOf(const Bytes& bytes, int64_t bit) {
    return (bytes[size_t(bit / 8)] >> (bit % 8)) & 1;
}
void setBit(Bytes& bytes, int64_t bit) {
    bytes[size_t(bit / 8)] = uint8_t(bytes[size_t(bit / 8)] | (1 << (bit % 8)));
}

// HeightWidth: element e's bit q is stream bit e*b + q; stream bit s is bit s%8 of byte s/8.
Bytes referencePackStream(const Bytes& codes, int b) {
    Bytes out(size_t((int64_t(codes.size()) * b + 7) / 8), 0);
    for (size_t e = 0; e < codes.size(); ++e)
        for (int q = 0; q < b; ++q)
            if ((codes[e] >> q) & 1)
                setBit(out, int64_t(e) * b + q);
    return out;
}

Bytes referenceUnpackStream(const Bytes& packed, int64_t count, int b) {
    Bytes codes(size_t(count), 0);
    for (int64_t e = 0; e < count; ++e)
        for (int q = 0; q < b; ++q)
            if (bitOf(packed, e * b + q))
                codes[size_t(e)] = uint8_t(codes[size_t(e)] | (1 << q));
    return codes;
}

int groupSize(int b) {
    int k = 1;
    while ((k * b) % 8 != 0)
        ++k;
    return k;
}

// Channels: bit q of code[n][c0 + j][i] is bit j*b + q of the group's word W; bit w of W is bit
// w%8 of plane w/8, and plane p of group g of batch n is S bytes at ((n * G + g) * P + p) * S.
// The bit index inside the packed bytes of that pixel's plane byte:
int64_t channelBit(const Dims& dims, int b, int64_t element, int q) {
    const int64_t channels = dims[1], pixels = product(dims, 2);
    const int64_t k = groupSize(b), planes = k * b / 8, groups = channels / k;
    const int64_t n = element / (channels * pixels), c = element / pixels % channels,
                  i = element % pixels;
    const int64_t g = c / k, j = c % k, w = j * b + q;
    const int64_t byte = ((n * groups + g) * planes + w / 8) * pixels + i;
    return byte * 8 + w % 8;
}

Bytes referencePackChannels(const Dims& dims, const Bytes& codes, int b) {
    Bytes out(size_t(product(dims) * b / 8), 0);
    for (size_t e = 0; e < codes.size(); ++e)
        for (int q = 0; q < b; ++q)
            if ((codes[e] >> q) & 1)
                setBit(out, channelBit(dims, b, int64_t(e), q));
    return out;
}

Bytes referenceUnpackChannels(const Dims& dims, const Bytes& packed, int b) {
    Bytes codes(size_t(product(dims)), 0);
    for (size_t e = 0; e < codes.size(); ++e)
        for (int q = 0; q < b; ++q)
            if (bitOf(packed, channelBit(dims, b, int64_t(e), q)))
                codes[e] = uint8_t(codes[e] | (1 << q));
    return codes;
}

Bytes randomBytes(std::mt19937& rng, int64_t n, int bits) {
    std::uniform_int_distribution<int> d(0, (1 << bits) - 1);
    Bytes v(static_cast<size_t>(n));
    for (uint8_t& x : v)
        x = uint8_t(d(rng));
    return v;
}

QString shapeName(const Dims& dims) {
    QStringList parts;
    for (int64_t d : dims)
        parts << QString::number(d);
    return parts.join('x');
}

// The first byte where two buffers differ, for a message that says where.
QString firstDifference(const Bytes& got, const Bytes& want) {
    if (got.size() != want.size())
        return QString("%1 bytes, expected %2").arg(got.size()).arg(want.size());
    for (size_t i = 0; i < got.size(); ++i)
        if (got[i] != want[i])
            return QString("byte %1 is 0x%2, expected 0x%3")
                .arg(i)
                .arg(got[i], 2, 16, QChar('0'))
                .arg(want[i], 2, 16, QChar('0'));
    return {};
}

#define REQUIRE_SAME(got, want, what)                                                              \
    do {                                                                                           \
        const QString diff = firstDifference((got), (want));                                       \
        if (!diff.isEmpty())                                                                       \
            QFAIL(qPrintable(QString("%1: %2").arg(what, diff)));                                  \
    } while (0)

#define REQUIRE_OK(status)                                                                         \
    do {                                                                                           \
        const Status s_ = (status);                                                                \
        if (!s_.ok())                                                                              \
            QFAIL(s_.error().message.c_str());                                                     \
    } while (0)

void addPathRows() {
    QTest::addColumn<int>("path");
    for (CpuPath p : kCpuPaths)
        QTest::newRow(std::string(cpuPathName(p)).c_str()) << static_cast<int>(p);
}

// The path of the current row, or a skip naming it when this CPU lacks it.
#define FETCH_PATH(var)                                                                            \
    QFETCH(int, path);                                                                             \
    const CpuPath var = static_cast<CpuPath>(path);                                                \
    if (!cpuSupports(var))                                                                         \
        QSKIP(qPrintable(QString("CPU path %1: NOT RUN, this CPU lacks %2")                        \
                             .arg(QString::fromStdString(std::string(cpuPathName(var))),           \
                                  QString::fromStdString(cpuMissingFeatures(var)))));              \
    qInfo("CPU path %s: run", std::string(cpuPathName(var)).c_str());

// Pixels per plane: one, under a vector, over one with a tail, many vectors with tails, and the
// paper's 36x64 activation; as rank 2 (S = 1), rank 3 and rank 4 tensors.
std::vector<Dims> channelShapes(int b) {
    const int64_t k = groupSize(b);
    std::vector<Dims> shapes;
    for (int64_t channels : {k, 2 * k, 3 * k}) {
        shapes.push_back({1, channels});
        shapes.push_back({2, channels, 1});
        shapes.push_back({1, channels, 7});
        shapes.push_back({2, channels, 33});
        shapes.push_back({1, channels, 8, 125});
        shapes.push_back({1, channels, 36, 64});
    }
    return shapes;
}

// Shapes Channels does not take (HeightWidth only): C not a multiple of k, rank 0 and 1, and
// element counts that are not a multiple of 8 in every residue.
std::vector<Dims> streamOnlyShapes(int b) {
    const int64_t k = groupSize(b);
    std::vector<Dims> shapes = {{}, {1}, {5}, {13}};
    if (k > 1) {
        shapes.push_back({3, 7, 11});
        shapes.push_back({1, k + 1, 5, 5});
        shapes.push_back({2, 2 * k - 1, 33});
        shapes.push_back({1, k - 1, 36, 64});
    }
    for (int64_t n = 1; n <= 17; ++n)
        shapes.push_back({n});
    return shapes;
}

} // namespace

class TestActivationPacking : public QObject {
    Q_OBJECT

private slots:
    void names() {
        for (PackingLayout layout : {PackingLayout::Channels, PackingLayout::HeightWidth})
            QCOMPARE(parsePackingLayout(packingLayoutName(layout)), layout);
        QCOMPARE(packingLayoutName(PackingLayout::Channels), std::string_view("channels"));
        QCOMPARE(packingLayoutName(PackingLayout::HeightWidth), std::string_view("height-width"));
        QVERIFY(!parsePackingLayout("channel"));
        QVERIFY(!parsePackingLayout(""));
    }

    void groupSizes() {
        // the spec's table: k = 8 / gcd(8, b)
        const int expected[] = {8, 4, 8, 2, 8, 4, 8, 1};
        for (int b = 1; b <= 8; ++b) {
            QCOMPARE(channelGroupSize(b), expected[b - 1]);
            QCOMPARE(channelGroupSize(b), groupSize(b));
        }
        QCOMPARE(channelGroupSize(0), 0);
        QCOMPARE(channelGroupSize(9), 0);
    }

    void sizesAndChoice() {
        for (int b = 1; b <= 8; ++b) {
            for (const Dims& dims : channelShapes(b)) {
                const int64_t elements = product(dims);
                QVERIFY(channelPackingApplies(dims, b));
                QCOMPARE(choosePacking(dims, b), PackingLayout::Channels);
                QCOMPARE(packedBytes(PackingLayout::Channels, dims, b),
                         std::optional<int64_t>(dims[0] * dims[1] * product(dims, 2) * b / 8));
                // whole bytes: the channels layout is as small as the bit stream
                QCOMPARE(packedBytes(PackingLayout::HeightWidth, dims, b),
                         std::optional<int64_t>((elements * b + 7) / 8));
                QCOMPARE(packedBytes(PackingLayout::Channels, dims, b),
                         packedBytes(PackingLayout::HeightWidth, dims, b));
            }
            for (const Dims& dims : streamOnlyShapes(b)) {
                QVERIFY(!channelPackingApplies(dims, b));
                QCOMPARE(choosePacking(dims, b), PackingLayout::HeightWidth);
                QCOMPARE(packedBytes(PackingLayout::Channels, dims, b), std::nullopt);
                QCOMPARE(packedBytes(PackingLayout::HeightWidth, dims, b),
                         std::optional<int64_t>((product(dims) * b + 7) / 8));
            }
        }
        // 8 bits: k = 1, every shape of rank >= 2 takes Channels
        QVERIFY(channelPackingApplies(Dims{1, 3, 5, 5}, 8));
        QVERIFY(!channelPackingApplies(Dims{1, 3, 5, 5}, 4));
        QVERIFY(channelPackingApplies(Dims{1, 0, 5}, 3));
        QCOMPARE(packedBytes(PackingLayout::HeightWidth, Dims{1, 0, 5}, 3),
                 std::optional<int64_t>(0));
        for (int b : {0, 9, -1})
            for (PackingLayout layout : {PackingLayout::Channels, PackingLayout::HeightWidth})
                QCOMPARE(packedBytes(layout, Dims{1, 8, 4}, b), std::nullopt);
        QCOMPARE(packedBytes(PackingLayout::HeightWidth, Dims{1, -8, 4}, 4), std::nullopt);
        QCOMPARE(packedBytes(PackingLayout::HeightWidth, Dims{1 << 30, 1 << 30, 1 << 30}, 4),
                 std::nullopt);
        QCOMPARE(packedBytes(PackingLayout::HeightWidth, Dims{1 << 28, 1 << 28, 4}, 4),
                 std::optional<int64_t>(int64_t(1) << 57));
    }

    // The wire format worked out by hand.
    void handComputedExamples() {
        // 4 bits, channels: k = 2, one plane; plane byte = ch0 | ch1 << 4
        const Dims dims4 = {1, 2, 1, 3};
        const Bytes codes4 = {0x1, 0x2, 0x3, 0xA, 0xB, 0xC};
        Bytes packed(3);
        REQUIRE_OK(packCodes(PackingLayout::Channels, dims4, 4, codes4, packed));
        QCOMPARE(packed, (Bytes{0xA1, 0xB2, 0xC3}));
        // the same codes as a bit stream: element order, two per byte, the earlier one low
        REQUIRE_OK(packCodes(PackingLayout::HeightWidth, dims4, 4, codes4, packed));
        QCOMPARE(packed, (Bytes{0x21, 0xA3, 0xCB}));

        // 3 bits, stream of 0..7: element e at bits [3e, 3e+3) of 24 bits
        //   byte 0 = bits 0-7:   e0 000, e1 001 (bit 3), e2 low bits 10 (bit 7)   -> 0x88
        //   byte 1 = bits 8-15:  e2 high bit 0, e3 011 (bits 9, 10), e4 100 (bit 14),
        //                        e5 low bit 1 (bit 15)                             -> 0xC6
        //   byte 2 = bits 16-23: e5 high bits 10 (bit 17), e6 110 (bits 19, 20),
        //                        e7 111 (bits 21, 22, 23)                          -> 0xFA
        const Bytes ramp = {0, 1, 2, 3, 4, 5, 6, 7};
        packed.assign(3, 0);
        REQUIRE_OK(packCodes(PackingLayout::HeightWidth, Dims{8}, 3, ramp, packed));
        QCOMPARE(packed, (Bytes{0x88, 0xC6, 0xFA}));
        Bytes back(8);
        REQUIRE_OK(unpackCodes(PackingLayout::HeightWidth, Dims{8}, 3, packed, back));
        QCOMPARE(back, ramp);
        // three 7s: 9 bits, the last byte's 7 unused bits zero
        packed.assign(2, 0xEE);
        REQUIRE_OK(packCodes(PackingLayout::HeightWidth, Dims{3}, 3, Bytes{7, 7, 7}, packed));
        QCOMPARE(packed, (Bytes{0xFF, 0x01}));
        // ... and ignored when unpacking
        back.assign(3, 0);
        REQUIRE_OK(unpackCodes(PackingLayout::HeightWidth, Dims{3}, 3, Bytes{0xFF, 0xFF}, back));
        QCOMPARE(back, (Bytes{7, 7, 7}));

        // 3 bits, channels: k = 8, 3 planes of 2 pixels; pixel 0 holds the ramp 0..7 across the
        // channels (its word is the stream above), pixel 1 all 7s (word 0xFFFFFF)
        const Dims dims3 = {1, 8, 2};
        Bytes codes3(16);
        for (int c = 0; c < 8; ++c) {
            codes3[size_t(c * 2)] = uint8_t(c);
            codes3[size_t(c * 2 + 1)] = 7;
        }
        packed.assign(6, 0);
        REQUIRE_OK(packCodes(PackingLayout::Channels, dims3, 3, codes3, packed));
        QCOMPARE(packed, (Bytes{0x88, 0xFF, 0xC6, 0xFF, 0xFA, 0xFF}));
        back.assign(16, 0);
        REQUIRE_OK(unpackCodes(PackingLayout::Channels, dims3, 3, packed, back));
        QCOMPARE(back, codes3);

        // 8 bits: the identity in both layouts
        const Bytes any = {0, 255, 17, 128};
        packed.assign(4, 0);
        REQUIRE_OK(packCodes(PackingLayout::Channels, Dims{1, 2, 2}, 8, any, packed));
        QCOMPARE(packed, any);
        REQUIRE_OK(packCodes(PackingLayout::HeightWidth, Dims{1, 2, 2}, 8, any, packed));
        QCOMPARE(packed, any);
    }

    void channelsAgainstReference_data() { addPathRows(); }
    void channelsAgainstReference() {
        FETCH_PATH(p);
        const PackingKernels& kernels = packingKernelsFor(p);
        QCOMPARE(kernels.path, p);
        std::mt19937 rng(17);
        for (int b = 1; b <= 8; ++b) {
            for (const Dims& dims : channelShapes(b)) {
                const QString what = QString("%1 channels %2-bit %3")
                                         .arg(QString::fromStdString(std::string(cpuPathName(p))))
                                         .arg(b)
                                         .arg(shapeName(dims));
                const Bytes codes = randomBytes(rng, product(dims), b);
                const Bytes want = referencePackChannels(dims, codes, b);
                Bytes packed(want.size(), 0xEE);
                REQUIRE_OK(packCodes(kernels, PackingLayout::Channels, dims, b, codes, packed));
                REQUIRE_SAME(packed, want, what + " pack");
                Bytes back(codes.size(), 0xEE);
                REQUIRE_OK(unpackCodes(kernels, PackingLayout::Channels, dims, b, packed, back));
                REQUIRE_SAME(back, codes, what + " round trip");
                // any bytes decode: the reference's reading of random ones
                const Bytes noise = randomBytes(rng, int64_t(want.size()), 8);
                REQUIRE_OK(unpackCodes(kernels, PackingLayout::Channels, dims, b, noise, back));
                REQUIRE_SAME(back, referenceUnpackChannels(dims, noise, b), what + " unpack");

                // the plane kernels themselves also at one pixel (the API takes the stream
                // there), and the OR of the codes they report
                const int64_t k = groupSize(b), pixels = product(dims, 2);
                const int64_t groups = dims[0] * dims[1] / k;
                uint8_t any = 0;
                for (uint8_t c : codes)
                    any = uint8_t(any | c);
                std::fill(packed.begin(), packed.end(), 0xEE);
                const uint8_t reported =
                    kernels.packChannels(codes.data(), packed.data(), groups, pixels, b);
                REQUIRE_SAME(packed, want, what + " packChannels");
                if (b < 8)
                    QCOMPARE(reported, any);
                std::fill(back.begin(), back.end(), 0xEE);
                kernels.unpackChannels(want.data(), back.data(), groups, pixels, b);
                REQUIRE_SAME(back, codes, what + " unpackChannels");
            }
        }
    }

    void streamAgainstReference_data() { addPathRows(); }
    void streamAgainstReference() {
        FETCH_PATH(p);
        const PackingKernels& kernels = packingKernelsFor(p);
        std::mt19937 rng(23);
        for (int b = 1; b <= 8; ++b) {
            std::vector<Dims> shapes = channelShapes(b);
            for (const Dims& dims : streamOnlyShapes(b))
                shapes.push_back(dims);
            for (const Dims& dims : shapes) {
                const QString what = QString("%1 height-width %2-bit %3")
                                         .arg(QString::fromStdString(std::string(cpuPathName(p))))
                                         .arg(b)
                                         .arg(shapeName(dims));
                const Bytes codes = randomBytes(rng, product(dims), b);
                const Bytes want = referencePackStream(codes, b);
                Bytes packed(want.size(), 0xEE);
                REQUIRE_OK(packCodes(kernels, PackingLayout::HeightWidth, dims, b, codes, packed));
                REQUIRE_SAME(packed, want, what + " pack");
                Bytes back(codes.size(), 0xEE);
                REQUIRE_OK(unpackCodes(kernels, PackingLayout::HeightWidth, dims, b, packed, back));
                REQUIRE_SAME(back, codes, what + " round trip");
                const Bytes noise = randomBytes(rng, int64_t(want.size()), 8);
                REQUIRE_OK(unpackCodes(kernels, PackingLayout::HeightWidth, dims, b, noise, back));
                REQUIRE_SAME(back, referenceUnpackStream(noise, product(dims), b),
                             what + " unpack");
                uint8_t any = 0;
                for (uint8_t c : codes)
                    any = uint8_t(any | c);
                if (b < 8 && !codes.empty())
                    QCOMPARE(kernels.packStream(codes.data(), packed.data(), product(dims), b),
                             any);
            }
        }
    }

    // The API without a table runs the process's path and gives the same bytes.
    void activePath() {
        QCOMPARE(packingKernels().path, activeCpuPath());
        qInfo("active CPU path: %s", std::string(cpuPathName(activeCpuPath())).c_str());
        std::mt19937 rng(5);
        const Dims dims = {1, 8, 9, 13};
        const Bytes codes = randomBytes(rng, product(dims), 6);
        Bytes packed(size_t(*packedBytes(PackingLayout::Channels, dims, 6)));
        REQUIRE_OK(packCodes(PackingLayout::Channels, dims, 6, codes, packed));
        QCOMPARE(packed, referencePackChannels(dims, codes, 6));
    }

    void codeOutOfRange_data() { addPathRows(); }
    void codeOutOfRange() {
        FETCH_PATH(p);
        const PackingKernels& kernels = packingKernelsFor(p);
        // HeightWidth (3 channels are no multiple of k = 2)
        Bytes codes(75, 3);
        codes[3] = 17;
        codes[40] = 200;
        Bytes packed(38);
        Status s =
            packCodes(kernels, PackingLayout::HeightWidth, Dims{1, 3, 5, 5}, 4, codes, packed);
        QVERIFY(!s.ok());
        QCOMPARE(s.error().kind, ErrorKind::InvalidInput);
        QCOMPARE(QString::fromStdString(s.error().message),
                 QString("packing 4-bit codes of a 1x3x5x5 tensor: code 17 at element 3 does "
                         "not fit 4 bits"));
        // Channels: in a vector-wide block, in a plane's tail (77 pixels are no multiple of
        // any vector width), in the last element; the first one named
        const Dims dims = {1, 16, 7, 11};
        for (int64_t at : {int64_t(0), int64_t(5 * 77 + 3), int64_t(77 - 1), product(dims) - 1}) {
            for (int b = 1; b <= 7; ++b) {
                Bytes c(size_t(product(dims)), uint8_t((1 << b) - 1));
                c[size_t(at)] = uint8_t(1 << b);
                c.back() = 255;
                Bytes out(size_t(*packedBytes(PackingLayout::Channels, dims, b)));
                for (PackingLayout layout : {PackingLayout::Channels, PackingLayout::HeightWidth}) {
                    s = packCodes(kernels, layout, dims, b, c, out);
                    QVERIFY(!s.ok());
                    QCOMPARE(QString::fromStdString(s.error().message),
                             QString("packing %1-bit codes of a 1x16x7x11 tensor: code %2 at "
                                     "element %3 does not fit %1 bits")
                                 .arg(b)
                                 .arg(c[size_t(at)])
                                 .arg(at));
                }
            }
        }
        // 8 bits: every byte is a code
        Bytes all(256);
        for (int i = 0; i < 256; ++i)
            all[size_t(i)] = uint8_t(i);
        Bytes out(256);
        REQUIRE_OK(packCodes(kernels, PackingLayout::Channels, Dims{1, 4, 64}, 8, all, out));
        QCOMPARE(out, all);
    }

    void sizeAndSettingErrors() {
        const Dims dims = {1, 3, 5, 5};
        Bytes codes(75, 1), packed(38);
        auto message = [](const Status& s) {
            return s.ok() ? QString("(no error)") : QString::fromStdString(s.error().message);
        };
        Bytes more(76, 1);
        QCOMPARE(message(packCodes(PackingLayout::HeightWidth, dims, 4, more, packed)),
                 QString("packing 4-bit codes of a 1x3x5x5 tensor: 76 codes given, 75 expected"));
        Bytes room(37);
        QCOMPARE(message(packCodes(PackingLayout::HeightWidth, dims, 4, codes, room)),
                 QString("packing 4-bit codes of a 1x3x5x5 tensor: room for 37 packed bytes "
                         "given, 38 expected"));
        QCOMPARE(message(unpackCodes(PackingLayout::HeightWidth, dims, 4, room, codes)),
                 QString("unpacking 4-bit codes of a 1x3x5x5 tensor: 37 packed bytes given, 38 "
                         "expected"));
        QCOMPARE(message(unpackCodes(PackingLayout::HeightWidth, dims, 4, packed, more)),
                 QString("unpacking 4-bit codes of a 1x3x5x5 tensor: room for 76 codes given, "
                         "75 expected"));
        for (int b : {0, 9}) {
            const Status s = packCodes(PackingLayout::HeightWidth, dims, b, codes, packed);
            QCOMPARE(message(s), QString("packing %1-bit codes of a 1x3x5x5 tensor: the bits per "
                                         "code must be 1 to 8")
                                     .arg(b));
            QCOMPARE(s.error().kind, ErrorKind::InvalidInput);
            QVERIFY(!unpackCodes(PackingLayout::Channels, Dims{1, 8, 5}, b, packed, codes).ok());
        }
        // Channels where it does not apply: C not a multiple of k, rank below 2
        QCOMPARE(message(packCodes(PackingLayout::Channels, dims, 4, codes, packed)),
                 QString("packing 4-bit codes of a 1x3x5x5 tensor: channel packing needs a "
                         "multiple of 2 channels, the tensor has 3"));
        QCOMPARE(message(unpackCodes(PackingLayout::Channels, dims, 3, packed, codes)),
                 QString("unpacking 3-bit codes of a 1x3x5x5 tensor: channel packing needs a "
                         "multiple of 8 channels, the tensor has 3"));
        Bytes four(4, 1), two(2);
        QCOMPARE(message(packCodes(PackingLayout::Channels, Dims{4}, 4, four, two)),
                 QString("packing 4-bit codes of a 4 tensor: channel packing needs a tensor of "
                         "rank 2 or more (N, C, ...)"));
        QCOMPARE(message(packCodes(PackingLayout::HeightWidth, Dims{2, -2}, 4, four, two)),
                 QString("packing 4-bit codes of a 2x-2 tensor: dimension 1 is negative"));
        // nothing to pack is no error
        Bytes none;
        REQUIRE_OK(packCodes(PackingLayout::Channels, Dims{1, 0, 5}, 3, none, none));
        REQUIRE_OK(unpackCodes(PackingLayout::HeightWidth, Dims{0}, 5, none, none));
    }
};

QTEST_APPLESS_MAIN(TestActivationPacking)
#include "test_activation_packing.moc"
