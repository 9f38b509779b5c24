#!/usr/bin/env bash
# One command: install what is missing, build, and open the explorer on the embedded sample model
# (or on the model and flags given). Without a display it runs the command-line analysis and the
# Auto-Split solve of the sample instead.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec build/app/gui/autosplit-explorer "$@"
fi
echo "No display found: the command-line analysis and solve of the sample model."
echo "(For the window: run this under a desktop session, or: xvfb-run -a scripts/run.sh)"
if [ $# -gt 0 ]; then
  exec build/app/cli/autosplit analyze "$@"
fi
sample=(resources/models/ch_ppocr_mobile_v2.0_cls_infer.onnx --input-shape x=1x3x48x192)
build/app/cli/autosplit analyze "${sample[@]}"
echo
exec build/app/cli/autosplit solve "${sample[@]}" --samples resources/sample-data \
  --preprocess resize=48x192,keep-aspect,pad,order=bgr,scale=1/255,mean=0.5,std=0.5 \
  --edge eyeriss --cloud tpu --uplink 3Mbps --memory 1MB --max-drop 5%
