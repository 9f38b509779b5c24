// SCALE-Sim's closed forms and the fold schedule's off-chip traffic against cases worked out by
// hand here (the arithmetic is written out in the comments and the literals), the monotonicity
// of the traffic in the bytes moved, and the roofline's corners.

#include "core/cost/device_timing.h"
#include "core/cost/systolic_array.h"

#include <QtTest>

#include <array>
#include <vector>

using namespace autosplit;

namespace {

constexpr Dataflow WS = Dataflow::WeightStationary;
constexpr Dataflow OS = Dataflow::OutputStationary;
constexpr Dataflow IS = Dataflow::InputStationary;

// Eyeriss in SCALE-Sim's "eyeriss" config: 12 x 14, 36 KB per buffer.
const ArrayShape kEyeriss{12, 14};
const BufferSizes kEyerissBuffers{36864, 36864, 36864};

// A 3x3 convolution 64 -> 64 channels with a 56x56 output: Np = 56*56 = 3136,
// Wn = 3*3*64 = 576, F = 64.
const GemmShape kConv56{3136, 576, 64};

} // namespace

class TestSystolicArray : public QObject {
    Q_OBJECT

private slots:
    void weightStationaryConv();
    void outputStationaryConv();
    void inputStationaryConv();
    void fullyConnectedOnTpu();
    void singleFoldAndEmpty();
    void trafficWeightStationary();
    void trafficOutputStationary();
    void trafficInputStationary();
    void trafficNeverGrowsWithFewerBytes();
    void systolicLayerTimeCombinesComputeAndMemory();
    void systolicElementwiseAndView();
    void rooflineCorners();
};

void TestSystolicArray::weightStationaryConv() {
    // ceil(576/12) = 48 row folds (48*12 = 576), ceil(64/14) = 5 column folds (4*14 = 56 < 64).
    const FoldCount f = foldCount(kConv56, kEyeriss, WS);
    QCOMPARE(f.rowFolds, int64_t{48});
    QCOMPARE(f.colFolds, int64_t{5});
    // 240 folds * (2*12 + 14 + 3136 - 2 = 3172) - 1
    QCOMPARE(computeCycles(kConv56, kEyeriss, WS), 761279.0);
    // MACs 3136*576*64 = 115,605,504 over 761,279 cycles * 168 units = 127,894,872
    QVERIFY(qFuzzyCompare(utilisation(kConv56, kEyeriss, WS), 115605504.0 / 127894872.0));
}

void TestSystolicArray::outputStationaryConv() {
    // ceil(3136/12) = 262 (261*12 = 3132 < 3136), ceil(64/14) = 5: 1310 folds
    const FoldCount f = foldCount(kConv56, kEyeriss, OS);
    QCOMPARE(f.rowFolds, int64_t{262});
    QCOMPARE(f.colFolds, int64_t{5});
    // 1310 * (576 + 12 + 14 - 2 = 600) - 1
    QCOMPARE(computeCycles(kConv56, kEyeriss, OS), 785999.0);
    QVERIFY(qFuzzyCompare(utilisation(kConv56, kEyeriss, OS), 115605504.0 / (785999.0 * 168)));
}

void TestSystolicArray::inputStationaryConv() {
    // ceil(576/12) = 48, ceil(3136/14) = 224 (224*14 = 3136): 10752 folds
    const FoldCount f = foldCount(kConv56, kEyeriss, IS);
    QCOMPARE(f.rowFolds, int64_t{48});
    QCOMPARE(f.colFolds, int64_t{224});
    // 10752 * (2*12 + 14 + 64 - 2 = 100) - 1
    QCOMPARE(computeCycles(kConv56, kEyeriss, IS), 1075199.0);
}

void TestSystolicArray::fullyConnectedOnTpu() {
    // A 2048 -> 1000 fully connected layer is a 1x1 convolution on a 1x1 input: Np = 1,
    // Wn = 2048, F = 1000. On the TPU's 256 x 256 WS array: ceil(2048/256) = 8 row folds,
    // ceil(1000/256) = 4 column folds; 32 * (512 + 256 + 1 - 2 = 767) - 1 = 24543 cycles.
    const GemmShape fc{1, 2048, 1000};
    const ArrayShape tpu{256, 256};
    QCOMPARE(foldCount(fc, tpu, WS).folds(), int64_t{32});
    QCOMPARE(computeCycles(fc, tpu, WS), 24543.0);
    QVERIFY(qFuzzyCompare(utilisation(fc, tpu, WS), 2048000.0 / (24543.0 * 65536)));
    // Not free: the weights alone (2,048,000 at 16 bits) cross the DRAM interface once.
    QCOMPARE(dramBytes(fc, tpu, WS, {4096000, 4096, 2000}, {6291456, 6291456, 2097152}),
             4096000.0 + 4096 + 2000);
}

void TestSystolicArray::singleFoldAndEmpty() {
    // Wn = R, F = C: one fold; ws cycles = 2*12 + 14 + 1 - 2 - 1 = 36.
    QCOMPARE(computeCycles({1, 12, 14}, kEyeriss, WS), 36.0);
    QCOMPARE(foldCount({1, 12, 14}, kEyeriss, WS).folds(), int64_t{1});
    QCOMPARE(computeCycles({0, 12, 14}, kEyeriss, WS), 0.0);
    QCOMPARE(utilisation({0, 12, 14}, kEyeriss, OS), 0.0);
}

void TestSystolicArray::trafficWeightStationary() {
    // 8-bit: weights 576*64 = 36,864 B, input 56*56*64 = 200,704 B, output 200,704 B.
    // The input does not fit the 36,864 B ifmap buffer: read once per column fold (5x).
    // One column fold's partial sums are 3136*14 = 43,904 B > 36,864 B: written per row fold
    // and read back, 2*48 - 1 = 95 times. Weights once.
    const double eight = 36864 + 200704.0 * 5 + 200704.0 * 95;
    QCOMPARE(dramBytes(kConv56, kEyeriss, WS, {36864, 200704, 200704}, kEyerissBuffers), eight);
    // 4-bit: weights 18,432, input 100,352 (still 5x), output 100,352 whose partial-sum tile
    // (3136*14/2 = 21,952 B) now fits: once.
    const double four = 18432 + 100352.0 * 5 + 100352;
    QCOMPARE(dramBytes(kConv56, kEyeriss, WS, {18432, 100352, 100352}, kEyerissBuffers), four);
    // Everything fits a large buffer: each operand once.
    QCOMPARE(dramBytes(kConv56, kEyeriss, WS, {36864, 200704, 200704}, {1 << 20, 1 << 20, 1 << 20}),
             36864 + 200704.0 + 200704);
}

void TestSystolicArray::trafficOutputStationary() {
    // Weights 36,864 B fit the filter buffer: once. Input re-read per column (filter) fold: 5x.
    // Outputs accumulate in the array: once.
    QCOMPARE(dramBytes(kConv56, kEyeriss, OS, {36864, 200704, 200704}, kEyerissBuffers),
             36864 + 200704.0 * 5 + 200704);
    // 3x3 conv 128 -> 128 on 28x28: Np = 784, Wn = 1152, F = 128. Weights 147,456 B do not fit:
    // once per row (pixel) fold, ceil(784/12) = 66. Input 28*28*128 = 100,352 B, per column fold
    // ceil(128/14) = 10. Output 100,352 B once.
    QCOMPARE(dramBytes({784, 1152, 128}, kEyeriss, OS, {147456, 100352, 100352}, kEyerissBuffers),
             147456.0 * 66 + 100352.0 * 10 + 100352);
}

void TestSystolicArray::trafficInputStationary() {
    // Input once; weights fit: once; partial-sum tile min(3136, 14) pixels x 64 filters x 1 B =
    // 896 B fits: output once.
    QCOMPARE(dramBytes(kConv56, kEyeriss, IS, {36864, 200704, 200704}, kEyerissBuffers),
             36864 + 200704.0 + 200704);
    // 128 -> 128 on 28x28: weights 147,456 B re-read per column (pixel) fold, ceil(784/14) = 56.
    QCOMPARE(dramBytes({784, 1152, 128}, kEyeriss, IS, {147456, 100352, 100352}, kEyerissBuffers),
             147456.0 * 56 + 100352 + 100352);
    // A partial-sum tile that does not fit: 14 pixels x 4096 filters x 1 B = 57,344 B > 36,864 B.
    // Wn = 36 gives ceil(36/12) = 3 row folds: the output crosses 2*3 - 1 = 5 times.
    QCOMPARE(dramBytes({196, 36, 4096}, kEyeriss, IS, {1000, 1000, 196.0 * 4096}, kEyerissBuffers),
             1000 + 1000 + 196.0 * 4096 * 5);
}

void TestSystolicArray::trafficNeverGrowsWithFewerBytes() {
    const std::vector<GemmShape> shapes = {
        kConv56, {784, 1152, 128}, {1, 2048, 1000}, {3136, 9, 1}, {49, 4608, 512}};
    const std::vector<double> sizes = {0, 100, 5000, 36000, 36864, 37000, 90000, 200704, 2e6};
    int checks = 0;
    for (const GemmShape& g : shapes)
        for (Dataflow d : {WS, OS, IS})
            for (double w : sizes)
                for (double i : sizes)
                    for (double o : sizes) {
                        const double base = dramBytes(g, kEyeriss, d, {w, i, o}, kEyerissBuffers);
                        QVERIFY(base >= w + i + o); // every operand crosses at least once
                        for (double smaller : sizes) {
                            if (smaller >= w && smaller >= i && smaller >= o)
                                break;
                            if (smaller < w)
                                QVERIFY(dramBytes(g, kEyeriss, d, {smaller, i, o},
                                                  kEyerissBuffers) <= base);
                            if (smaller < i)
                                QVERIFY(dramBytes(g, kEyeriss, d, {w, smaller, o},
                                                  kEyerissBuffers) <= base);
                            if (smaller < o)
                                QVERIFY(dramBytes(g, kEyeriss, d, {w, i, smaller},
                                                  kEyerissBuffers) <= base);
                            ++checks;
                        }
                    }
    QVERIFY(checks > 1000);
}

void TestSystolicArray::systolicLayerTimeCombinesComputeAndMemory() {
    DeviceParams eyeriss;
    eyeriss.clockHz = 202.38e6;
    eyeriss.bandwidthBytesPerSecond = 1e9;
    eyeriss.elementwiseOpsPerSecond = 202.38e6 * 14;
    eyeriss.systolic = SystolicParams{kEyeriss, WS, kEyerissBuffers};

    LayerGeometry conv;
    conv.work = LayerWork::Gemm;
    conv.gemm = kConv56;
    conv.repeats = 1;
    conv.macs = kConv56.macs();
    // 8-bit: memory bound, 20,107,264 B at 1 GB/s.
    LayerTime t = systolicLayerTime(conv, {36864, 0, 200704, 200704}, eyeriss);
    QCOMPARE(t.cycles, 761279.0);
    QVERIFY(qFuzzyCompare(t.computeSeconds, 761279.0 / 202.38e6));
    QVERIFY(qFuzzyCompare(t.memorySeconds, (36864 + 200704.0 * 5 + 200704.0 * 95) / 1e9));
    QCOMPARE(t.seconds, t.memorySeconds);
    // Everything tiny: compute bound.
    eyeriss.systolic->buffers = {1 << 20, 1 << 20, 1 << 20};
    t = systolicLayerTime(conv, {36864, 0, 200704, 200704}, eyeriss);
    QVERIFY(qFuzzyCompare(t.memorySeconds, (36864 + 200704.0 + 200704) / 1e9));
    QCOMPARE(t.seconds, t.computeSeconds);

    // Two groups of that GEMM: twice the cycles, each group moving half the bytes.
    LayerGeometry grouped = conv;
    grouped.repeats = 2;
    grouped.filterSets = 2;
    grouped.macs = 2 * kConv56.macs();
    const LayerTime g =
        systolicLayerTime(grouped, {2 * 36864.0, 0, 2 * 200704.0, 2 * 200704.0}, eyeriss);
    QCOMPARE(g.cycles, 2 * 761279.0);
    QVERIFY(qFuzzyCompare(g.dramBytes, 2 * (36864 + 200704.0 + 200704)));

    // A MAC layer without a GEMM shape runs at full utilisation.
    LayerGeometry unmapped;
    unmapped.work = LayerWork::Gemm;
    unmapped.mapped = false;
    unmapped.macs = 168 * 1000;
    QCOMPARE(systolicLayerTime(unmapped, {}, eyeriss).cycles, 1000.0);
}

void TestSystolicArray::systolicElementwiseAndView() {
    DeviceParams d;
    d.clockHz = 1e8;
    d.bandwidthBytesPerSecond = 1e9;
    d.elementwiseOpsPerSecond = 1e8 * 14;
    d.systolic = SystolicParams{kEyeriss, WS, kEyerissBuffers};
    LayerGeometry add;
    add.work = LayerWork::Elementwise;
    add.elementwiseOps = 2 * 200704; // two inputs of 200,704 elements
    // 401,408 ops at 1.4 G/s = 0.2867 ms; 3 x 200,704 B at 1 GB/s = 0.602 ms: memory bound.
    const LayerTime t = systolicLayerTime(add, {0, 0, 401408, 200704}, d);
    QVERIFY(qFuzzyCompare(t.computeSeconds, 401408 / 1.4e9));
    QVERIFY(qFuzzyCompare(t.seconds, 602112 / 1e9));
    LayerGeometry view;
    view.work = LayerWork::View;
    QCOMPARE(systolicLayerTime(view, {0, 0, 1e6, 1e6}, d).seconds, 0.0);
}

void TestSystolicArray::rooflineCorners() {
    DeviceParams d;
    d.macRatePerSecond = 1e9;
    d.bandwidthBytesPerSecond = 1e8;
    d.elementwiseOpsPerSecond = 5e8;
    LayerGeometry gemm;
    gemm.work = LayerWork::Gemm;

    gemm.macs = 1000000000; // 1 s of compute, 0.01 s of memory: compute bound
    LayerTime t = rooflineLayerTime(gemm, {500000, 0, 250000, 250000}, d);
    QCOMPARE(t.seconds, 1.0);
    QVERIFY(qFuzzyCompare(t.memorySeconds, 0.01));

    gemm.macs = 1000000; // 1 ms of compute, 10 s of memory: memory bound
    t = rooflineLayerTime(gemm, {5e8, 0, 2.5e8, 2.5e8}, d);
    QCOMPARE(t.seconds, 10.0);

    gemm.macs = 1000000000; // the ridge: 10 MACs per byte, both 1 s
    t = rooflineLayerTime(gemm, {5e7, 0, 2.5e7, 2.5e7}, d);
    QCOMPARE(t.computeSeconds, 1.0);
    QCOMPARE(t.memorySeconds, 1.0);
    QCOMPARE(t.seconds, 1.0);

    d.roofline.computeEfficiency = 0.5; // half the peak: twice the compute time
    d.roofline.memoryEfficiency = 0.25;
    t = rooflineLayerTime(gemm, {5e7, 0, 2.5e7, 2.5e7}, d);
    QCOMPARE(t.computeSeconds, 2.0);
    QCOMPARE(t.memorySeconds, 4.0);
    QCOMPARE(t.seconds, 4.0);
    d.roofline = {};

    LayerGeometry pool;
    pool.work = LayerWork::Elementwise;
    pool.elementwiseOps = 1000000000; // 2 s at 5e8 ops/s against 1 s of memory
    QCOMPARE(rooflineLayerTime(pool, {0, 0, 5e7, 5e7}, d).seconds, 2.0);

    LayerGeometry view;
    view.work = LayerWork::View;
    QCOMPARE(rooflineLayerTime(view, {0, 0, 1e9, 1e9}, d).seconds, 0.0);
    // layerTime() picks the roofline for a device without an array.
    QCOMPARE(layerTime(pool, {0, 0, 5e7, 5e7}, d).seconds, 2.0);
}

QTEST_GUILESS_MAIN(TestSystolicArray)
#include "test_systolic_array.moc"
