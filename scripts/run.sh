#!/usr/bin/env bash
# One command: install what is missing, build, and open the explorer on the embedded sample model
# (or on the model and flags given). Without a display it prints the sample's analysis instead.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec build/app/gui/autosplit-explorer "$@"
fi
echo "No display found: showing the command-line analysis of the sample model."
echo "(For the window: run this under a desktop session, or: xvfb-run -a scripts/run.sh)"
if [ $# -gt 0 ]; then
  exec build/app/cli/autosplit analyze "$@"
fi
exec build/app/cli/autosplit analyze resources/models/ch_ppocr_mobile_v2.0_cls_infer.onnx --input-shape x=1x3x48x192
