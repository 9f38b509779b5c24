#!/usr/bin/env bash
# Builds the libFuzzer targets (CMake preset "fuzz": clang, ASan + UBSan, ./build-fuzz) and runs
# each for SECONDS on a copy of its seed corpus (fuzz/corpus/<target>/), with the input size
# limit and dictionary of fuzz/<target>.options. Prints per target the executions, executions per
# second, the coverage libFuzzer reports (cov: edges, ft: features) and the findings (crash, leak,
# timeout and out-of-memory inputs, kept in build-fuzz/runs/<target>/artifacts/). Exits non-zero
# when any target found something. Installs clang and its libFuzzer runtime when missing (only
# this path needs them, not the normal build).
# Usage: scripts/fuzz.sh [SECONDS-PER-TARGET (default 60)] [TARGET ...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
[ $# -gt 0 ] && shift
scripts/install-deps.sh clang-14 libclang-rt-14-dev
[ -f build-fuzz/build.ninja ] || cmake --preset fuzz >/dev/null
cmake --build build-fuzz --target autosplit_fuzz_targets -- -j"${AUTOSPLIT_JOBS:-2}"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in fuzz/*.options; do targets+=("$(basename "$f" .options)"); done
fi

option() { sed -n "s/^$2 *= *//p" "fuzz/$1.options"; }
found_any=0
rows=()
for t in "${targets[@]}"; do
  [ -x "build-fuzz/fuzz/fuzz_$t" ] || { echo "fuzz: no target '$t' (see fuzz/*.options)" >&2; exit 2; }
  run="build-fuzz/runs/$t"
  rm -rf "$run"
  mkdir -p "$run/artifacts"
  cp -r "fuzz/corpus/$t" "$run/corpus"
  args=(-max_total_time="$seconds" -max_len="$(option "$t" max_len)" -timeout=10 -rss_limit_mb=2048
        -print_final_stats=1 -artifact_prefix="$run/artifacts/")
  dict=$(option "$t" dict)
  [ -n "$dict" ] && args+=(-dict="fuzz/$dict")
  echo "fuzz: $t for ${seconds}s" >&2
  set +e
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "build-fuzz/fuzz/fuzz_$t" "${args[@]}" "$run/corpus" >"$run/log" 2>&1
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$run/log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$run/log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$run/log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$run/log" | tail -1 | cut -d' ' -f2)
  findings=$(find "$run/artifacts" -type f | wc -l)
  [ "$findings" -gt 0 ] && found_any=1
  rows+=("$(printf '%-22s %6s %12s %8s %7s %7s %8s' "$t" "$seconds" "${execs:-?}" "${rate:-?}" \
    "${cov:-?}" "${ft:-?}" "$findings")")
  if [ "$findings" -gt 0 ]; then
    echo "fuzz: $t found: $(ls "$run/artifacts" | tr '\n' ' ')(log: $run/log)" >&2
    grep -m3 -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$run/log" >&2 || true
  fi
done
printf '%-22s %6s %12s %8s %7s %7s %8s\n' target seconds executions exec/s cov ft findings
printf '%s\n' "${rows[@]}"
exit $found_any
