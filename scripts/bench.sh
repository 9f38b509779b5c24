#!/usr/bin/env bash
# One command: install what is missing (plus the benchmark's Python reference), build, and run
# every benchmark with its reference side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh python3-onnx
scripts/build.sh
build/bench/bench_import "$@"
