#!/usr/bin/env bash
# One command: install what is missing (plus the benchmarks' references), build, and run every
# benchmark with its reference side by side.
#   bench_import:   the onnx Python package (Debian python3-onnx)
#   bench_graph_view: Graphviz dot against the layered layout, layout and first paint against
#                   the goal (1 s for 1,000 nodes), offscreen
#   bench_explorer: no reference; slider change to the chart and the graph painted, against its
#                   goal (100 ms), offscreen
#   study:          no reference; the paper's Fig. 6 study (2-3 minutes on 2 cores)
#   case_study:     the paper's Table 3 figures beside PP-OCRv4's (the vendored models and
#                   dictionary of resources/models; rendered data in build/text-data)
#   bench_packing:  memcpy of the same bytes, and the paper's Table 6 (numpy), every CPU path
#   bench_wire:     a plain TCP socket sending the same bytes, and the paper's Table 4
#   bench_export:   no reference; ResNet-50 bundle export against its goal (2 s)
#   bench_profile:  no reference; `autosplit profile` of ResNet-50 at 2/4/6/8 bits against its
#                   goal (30 s)
#   bench_validate: no reference; `autosplit validate --edge this --cloud this` on ResNet-50 and
#                   the PP-OCRv4 detector: predicted against measured, against its goal
#   bench_demo:     the first start on the embedded PP-OCRv4 models: time to the first measured
#                   drop against its goals (20 s cold, 1 s from the cache), evaluation throughput
#                   against ONNX Runtime (npm onnxruntime-node) on the same tensors, offscreen
#   bench_executor: ONNX Runtime (npm onnxruntime-node, pinned in bench/ort/package-lock.json;
#                   needs Node.js and npm, and the npm registry once), on every CPU path this
#                   CPU runs, beside builds of this commit with -march=native (build-native/;
#                   on an AVX-512 CPU also build-native-v3/, -march=native without AVX-512, as
#                   a native build on an AVX2-only CPU would be)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh python3-onnx
scripts/build.sh
if [ ! -d bench/ort/node_modules/onnxruntime-node ]; then
  command -v npm >/dev/null || { echo "bench.sh: npm is needed for the ONNX Runtime reference (Debian: nodejs npm)" >&2; exit 1; }
  # ONNXRUNTIME_NODE_INSTALL=skip: the CPU binaries ship in the package; skip the optional CUDA download
  ONNXRUNTIME_NODE_INSTALL=skip npm ci --prefix bench/ort --no-audit --no-fund
fi
build/bench/bench_import "$@"
echo
# The -march=native builds for bench_executor's comparison: the core and the benchmark only.
native=(--other native=build-native/bench/bench_executor)
cmake -S . -B build-native -G Ninja -DCMAKE_BUILD_TYPE=Release -DAUTOSPLIT_NATIVE_ARCH=ON \
  -DAUTOSPLIT_BUILD_GUI=OFF -DAUTOSPLIT_BUILD_TESTS=OFF >/dev/null
cmake --build build-native --target bench_executor
if grep -qw avx512f /proc/cpuinfo; then
  cmake -S . -B build-native-v3 -G Ninja -DCMAKE_BUILD_TYPE=Release -DAUTOSPLIT_NATIVE_ARCH=ON \
    -DCMAKE_CXX_FLAGS=-mno-avx512f -DAUTOSPLIT_BUILD_GUI=OFF -DAUTOSPLIT_BUILD_TESTS=OFF >/dev/null
  cmake --build build-native-v3 --target bench_executor
  native+=(--other native-v3=build-native-v3/bench/bench_executor)
fi
build/bench/bench_executor "${native[@]}"
echo
build/bench/bench_calibration
echo
build/bench/bench_profile
echo
build/bench/bench_validate
echo
build/bench/bench_packing
echo
build/bench/bench_wire
echo
build/bench/bench_export
echo
build/bench/bench_solve
echo
build/bench/bench_graph_view
echo
build/bench/bench_explorer
echo
build/bench/bench_demo
echo
build/bench/study
echo
# The case study: the vendored PP-OCRv4 models and dictionary, and the rendered data.
scripts/make-text-data.sh build/text-data resources/models/ppocr_keys_v1.txt
build/bench/case_study --data build/text-data
