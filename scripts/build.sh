#!/usr/bin/env bash
# Configures and builds into ./build (Release, Ninja). Extra arguments go to the build tool.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -- "$@"
