#!/usr/bin/env bash
# Remakes the seed corpora in fuzz/corpus/<target>/ with fuzz_make_corpus (fuzz/make_corpus.cpp),
# which writes every seed through the product's own writers, plus a few of ONNX's node tests from
# Debian's libonnx-testdata. Deterministic: re-running gives the same files. Needs the fuzz preset
# configured (scripts/fuzz.sh does that). Usage: fuzz/make_corpus.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build-fuzz/build.ninja ] || cmake --preset fuzz >/dev/null
cmake --build build-fuzz --target fuzz_make_corpus -- -j"${AUTOSPLIT_JOBS:-2}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
ASAN_OPTIONS=detect_leaks=0 build-fuzz/fuzz/fuzz_make_corpus "$out"
for dir in "$out"/*/; do
  target=$(basename "$dir")
  rm -rf "fuzz/corpus/$target"
  mkdir -p fuzz/corpus
  cp -r "$dir" "fuzz/corpus/$target"
done
du -sh fuzz/corpus
