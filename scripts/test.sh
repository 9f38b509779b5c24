#!/usr/bin/env bash
# One command: install what is missing, build everything, run every test (headless).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# ONNX Runtime, the independent checker of exported bundles (tests/core/bundle), pinned in
# bench/ort/package-lock.json; Node.js from Debian when there is none.
if [ ! -d bench/ort/node_modules/onnxruntime-node ]; then
  command -v npm >/dev/null || scripts/install-deps.sh nodejs npm
  ONNXRUNTIME_NODE_INSTALL=skip npm ci --prefix bench/ort --no-audit --no-fund
fi
scripts/build.sh
cd build
QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j2 "$@"
