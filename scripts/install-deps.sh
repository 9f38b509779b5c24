#!/usr/bin/env bash
# Installs the Debian 12 packages the build, the tests and the programs need. Idempotent: asks
# apt only for what is missing, and runs `apt-get update` only when something is.
# Usage: scripts/install-deps.sh [extra-package ...]
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qt6-svg-dev qt6-qpa-plugins libxkbcommon-dev qt6-translations-l10n
  libonnx-dev libprotobuf-dev protobuf-compiler libpng-dev libjpeg62-turbo-dev libeigen3-dev
  libopencv-imgproc-dev libpolyclipping-dev
  libgrpc++-dev protobuf-compiler-grpc libssl-dev
  libboost-graph-dev libgraphviz-dev
  xvfb xauth libonnx-testdata qemu-user clang-format git
  fonts-dejavu-core fonts-dejavu-extra fonts-wqy-microhei
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
$sudo apt-get update -q -o DPkg::Lock::Timeout=600
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q -o DPkg::Lock::Timeout=600 \
  --no-install-recommends "${missing[@]}"
