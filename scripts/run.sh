#!/usr/bin/env bash
# One command: install what is missing, build, and open the explorer on the embedded sample model (PP-OCRv4's text detector)
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
# The explorer's first start, on the command line: the PP-OCRv4 text detector on its embedded
# scenes, judged by the hmean of its boxes, at the demo's limits (resources/embedded_resources.cpp).
sample=(resources/models/ch_PP-OCRv4_det_infer.onnx --input-shape x=1x3x320x320)
build/app/cli/autosplit analyze "${sample[@]}"
echo
exec build/app/cli/autosplit solve "${sample[@]}" --samples resources/sample-data/text-scenes \
  --preprocess order=bgr,scale=1/255,mean=0.485,0.456,0.406,std=0.229,0.224,0.225 \
  --metric text-detection --equalize \
  --edge eyeriss --cloud tpu --network 3g --memory 1MiB --bits 6,8 --max-drop 1
