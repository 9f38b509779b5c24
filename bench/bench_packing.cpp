// Benchmark: packing of activation codes for transmission (core/wire/activation_packing.h) on the
// Auto-Split paper's example, a 4-bit 36x64x256 activation (here NCHW 1x256x36x64, 589,824
// codes, 294,912 packed bytes), in both layouts, and the Channels layout at 1..8 bits, on every
// CPU path this CPU runs, against memcpy of the code bytes and of the packed bytes in the same
// run. The paper's Table 6 timed the same tensor with numpy on a Xeon E5-2690 v4 (height-width
// 1.45 s, channel 0.01 s); its figures are printed beside ours.
//
//   bench_packing [--repeats N]      (default 501)
//
// Each figure is the median (and minimum) over N timed calls after a few warm-up calls, on the
// same buffers: codes and packed bytes together (864 KiB) stay in the L2 cache of current x86
// CPUs, as they would right after the edge's last layer wrote them. "GB/s" counts code bytes
// (589,824) per second for every operation, pack + unpack included; "% of memcpy" is that
// throughput over memcpy's throughput on the code bytes (memcpy's time / the operation's time;
// memcpy's time is the best median of five rounds of N).
// Every round trip is checked against the codes before anything is timed.

#include "core/runtime/cpu/cpu_path.h"
#include "core/wire/activation_packing.h"
#include "core/wire/packing_kernels.h"

#include "bench/bench_support.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

using namespace autosplit;
using Clock = std::chrono::steady_clock;

namespace {

struct Timing {
    double medianUs = 0;
    double minUs = 0;
};

Timing timeIt(int repeats, const std::function<void()>& work) {
    const bench::Seconds t = bench::timeRepeats(5, repeats, work);
    return {t.median * 1e6, t.min * 1e6};
}

// Keeps the compiler from dropping or merging the timed work.
inline void clobber(void* p) {
    asm volatile("" : : "r"(p) : "memory");
}

void fail(const Status& s) {
    std::fprintf(stderr, "bench_packing: %s\n", s.error().message.c_str());
    std::exit(1);
}

struct Bench {
    std::vector<int64_t> dims{1, 256, 36, 64};
    int repeats = 501;
    std::vector<uint8_t> codes, packed, back;
    double memcpyCodesUs = 0;

    // pack, unpack, pack + unpack of `codes` at `bits` in `layout` on one path's kernels
    std::vector<Timing> run(const PackingKernels& kernels, PackingLayout layout, int bits) {
        std::mt19937 rng(42);
        std::uniform_int_distribution<int> d(0, (1 << bits) - 1);
        for (uint8_t& c : codes)
            c = uint8_t(d(rng));
        packed.assign(size_t(*packedBytes(layout, dims, bits)), 0);
        std::fill(back.begin(), back.end(), 0);
        Status s = packCodes(kernels, layout, dims, bits, codes, packed);
        if (s.ok())
            s = unpackCodes(kernels, layout, dims, bits, packed, back);
        if (!s.ok())
            fail(s);
        if (back != codes) {
            std::fprintf(stderr, "bench_packing: %s %d-bit round trip on %s differs\n",
                         std::string(packingLayoutName(layout)).c_str(), bits,
                         std::string(cpuPathName(kernels.path)).c_str());
            std::exit(1);
        }
        auto pack = [&] {
            if (Status r = packCodes(kernels, layout, dims, bits, codes, packed); !r.ok())
                fail(r);
            clobber(packed.data());
        };
        auto unpack = [&] {
            if (Status r = unpackCodes(kernels, layout, dims, bits, packed, back); !r.ok())
                fail(r);
            clobber(back.data());
        };
        return {timeIt(repeats, pack), timeIt(repeats, unpack), timeIt(repeats, [&] {
                    pack();
                    unpack();
                })};
    }

    double gbps(double us) const { return double(codes.size()) / (us * 1e3); }
    double percentOfMemcpy(double us) const { return 100.0 * memcpyCodesUs / us; }
};

} // namespace

int main(int argc, char** argv) {
    Bench bench;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--repeats" && i + 1 < argc) {
            bench.repeats = std::max(1, std::atoi(argv[++i]));
        } else {
            std::fprintf(stderr, "usage: bench_packing [--repeats N]\n");
            return 2;
        }
    }
    const int64_t elements = 256 * 36 * 64;
    bench.codes.assign(size_t(elements), 0);
    bench.back.assign(size_t(elements), 0);

    std::vector<CpuPath> paths;
    std::string skipped;
    for (CpuPath p : kCpuPaths) {
        if (cpuSupports(p))
            paths.push_back(p);
        else
            skipped += " " + std::string(cpuPathName(p)) + " (lacks " + cpuMissingFeatures(p) + ")";
    }

    // memcpy of the code bytes and of the 4-bit packed bytes, on the same kind of buffers; the
    // best median of five rounds, so that one burst of other load does not set every percentage
    std::vector<uint8_t> source(size_t(elements), 7), target(static_cast<size_t>(elements));
    auto bestOfRounds = [&](size_t bytes) {
        Timing best{1e30, 1e30};
        for (int round = 0; round < 5; ++round) {
            const Timing t = timeIt(bench.repeats, [&] {
                std::memcpy(target.data(), source.data(), bytes);
                clobber(target.data());
            });
            if (t.medianUs < best.medianUs)
                best = t;
        }
        return best;
    };
    const Timing copyCodes = bestOfRounds(source.size());
    const Timing copyPacked = bestOfRounds(source.size() / 2);
    bench.memcpyCodesUs = copyCodes.medianUs;

    std::printf("Activation packing, 1x256x36x64 (the paper's 36x64x256), %d repeats (median, "
                "min); %s; CPU paths not run:%s\n\n",
                bench.repeats, bench::cpuModel().c_str(),
                skipped.empty() ? " none" : skipped.c_str());
    std::printf("| operation (4 bits) | layout | CPU path | median µs | min µs | GB/s of codes | "
                "%% of memcpy | paper, numpy on Xeon E5-2690 v4 |\n");
    std::printf("|---|---|---|---:|---:|---:|---:|---|\n");
    std::printf("| memcpy 589,824 code bytes | - | - | %.1f | %.1f | %.1f | 100 | - |\n",
                copyCodes.medianUs, copyCodes.minUs, bench.gbps(copyCodes.medianUs));
    std::printf("| memcpy 294,912 packed bytes | - | - | %.1f | %.1f | %.1f | %.0f | - |\n",
                copyPacked.medianUs, copyPacked.minUs, bench.gbps(copyPacked.medianUs),
                bench.percentOfMemcpy(copyPacked.medianUs));
    const char* ops[] = {"pack", "unpack", "pack + unpack"};
    for (PackingLayout layout : {PackingLayout::Channels, PackingLayout::HeightWidth}) {
        for (CpuPath p : paths) {
            const std::vector<Timing> t = bench.run(packingKernelsFor(p), layout, 4);
            for (size_t op = 0; op < 3; ++op)
                std::printf("| %s | %s | %s | %.1f | %.1f | %.1f | %.0f | %s |\n", ops[op],
                            std::string(packingLayoutName(layout)).c_str(),
                            std::string(cpuPathName(p)).c_str(), t[op].medianUs, t[op].minUs,
                            bench.gbps(t[op].medianUs), bench.percentOfMemcpy(t[op].medianUs),
                            op != 0                             ? "-"
                            : layout == PackingLayout::Channels ? "0.01 s (\"Channel\")"
                                                                : "1.45 s (\"Height-Width\")");
        }
    }

    std::printf("\nChannels layout, 1..8 bits (median µs; GB/s and %% of memcpy of pack + "
                "unpack)\n\n");
    std::printf("| bits | CPU path | packed bytes | pack µs | unpack µs | pack + unpack µs | "
                "GB/s of codes | %% of memcpy |\n");
    std::printf("|---:|---|---:|---:|---:|---:|---:|---:|\n");
    for (int bits = 1; bits <= 8; ++bits) {
        for (CpuPath p : paths) {
            const std::vector<Timing> t =
                bench.run(packingKernelsFor(p), PackingLayout::Channels, bits);
            std::printf(
                "| %d | %s | %lld | %.1f | %.1f | %.1f | %.1f | %.0f |\n", bits,
                std::string(cpuPathName(p)).c_str(),
                static_cast<long long>(*packedBytes(PackingLayout::Channels, bench.dims, bits)),
                t[0].medianUs, t[1].medianUs, t[2].medianUs, bench.gbps(t[2].medianUs),
                bench.percentOfMemcpy(t[2].medianUs));
        }
    }
    return 0;
}
