#!/usr/bin/env bash
# Renders the embedded text data (README.md in this folder): text-scenes/ (16 scenes, boxes.csv)
# and text-lines/ (32 lines, labels.csv), seed 7, each folder replaced in one step. Builds the
# renderer first (configuring ./build as scripts/build.sh does when it is not configured yet).
# AUTOSPLIT_RENDER_TEXT_DATA=PROGRAM runs that program instead of building one.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
. scripts/text-data-tool.sh
dictionary=resources/models/ppocr_keys_v1.txt
"$tool" scenes --out "$here/text-scenes" --count 16 --seed 7 --dictionary "$dictionary" --replace
"$tool" lines --out "$here/text-lines" --count 32 --seed 7 --dictionary "$dictionary" --replace
