#!/usr/bin/env bash
# Renders the text data with known truth into OUTDIR, the same bytes every time on one system
# (tools/text_data/README.md): OUTDIR/lines, 64 text-line images and labels.csv for the text
# recogniser, and OUTDIR/scenes, 32 scenes and boxes.csv for the text detector, each with a fixed
# seed. Folders already there are replaced, each in one step. Builds the tool first (configuring
# ./build as scripts/build.sh does when it has not been configured yet).
# Usage: scripts/make-text-data.sh OUTDIR [DICTIONARY]
#   DICTIONARY  the recogniser's character list (PaddleOCR's ppocr_keys_v1.txt): every string is
#               checked against it and the run fails if one has a character it lacks.
# AUTOSPLIT_RENDER_TEXT_DATA=PROGRAM runs that program instead of building one.
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: scripts/make-text-data.sh OUTDIR [DICTIONARY]" >&2
  exit 2
fi
mkdir -p "$1"
out=$(cd "$1" && pwd)
dictionary=()
if [ $# -eq 2 ]; then
  [ -f "$2" ] || { echo "make-text-data: no dictionary file $2" >&2; exit 2; }
  dictionary=(--dictionary "$(cd "$(dirname "$2")" && pwd)/$(basename "$2")")
fi

cd "$(dirname "$0")/.."
. scripts/text-data-tool.sh

# The seeds are part of the data's identity: change them and every file changes.
"$tool" lines --out "$out/lines" --count 64 --seed 1 --replace "${dictionary[@]}"
"$tool" scenes --out "$out/scenes" --count 32 --seed 1 --replace "${dictionary[@]}"
