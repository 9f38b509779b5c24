#!/usr/bin/env bash
# The program on CPUs this machine is not: under QEMU's user-mode emulation (Debian's qemu-user)
# as an x86-64 baseline CPU without any AVX (qemu64) and as an AVX2 CPU without AVX-512 (Haswell,
# like the AMD Zen 3 of a user's machine). On each it checks that
#   - `autosplit --version` names the path that CPU gets (baseline, avx2) and AUTOSPLIT_CPU
#     asking for more is refused with the missing features named, exit code 2;
#   - every kernel of that path passes test_cpu_kernels, and the activation packing of that path
#     test_activation_packing (the paths it lacks: skipped by name);
#   - the ONNX backend conformance suite passes on it;
#   - a real model (the embedded PaddleOCR classifier, its 16 sample images) is calibrated and
#     evaluated with the same top-1 results as on this machine and its output SQNR within 1 dB;
# and that nothing dies with an illegal instruction on the way.
# Usage: test_cpu_emulated.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
build=$1 source=$2
qemu=$(command -v qemu-x86_64) || { echo "FAIL: qemu-x86_64 is missing (Debian package qemu-user; scripts/install-deps.sh installs it)"; exit 1; }
cli=$build/app/cli/autosplit
evaluate=(evaluate "$source/resources/models/ch_ppocr_mobile_v2.0_cls_infer.onnx" --input-shape x=1x3x48x192
          --samples "$source/resources/sample-data/text-direction"
          --preprocess resize=48x192,keep-aspect,pad,order=bgr,scale=1/255,mean=0.5,std=0.5
          --calibration-bits 8 --no-cache --split 20 --bits 8)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL ($cpu): $*"; failures=$((failures + 1)); }

cpu=native
"$cli" "${evaluate[@]}" > "$work/native.txt" 2> "$work/native.err" || { fail "evaluate: $(tail -3 "$work/native.err")"; exit 1; }

for spec in qemu64:baseline:avx2 Haswell:avx2:avx512; do
    IFS=: read -r cpu path higher <<< "$spec"
    run() { "$qemu" -cpu "$cpu" "$@" 2>&1 | grep -v "TCG doesn't support requested feature"; return "${PIPESTATUS[0]}"; }
    echo "== emulated CPU $cpu: expect the $path path"
    version=$(run "$cli" --version) || fail "autosplit --version exited with $?: $version"
    grep -q "^CPU path: $path " <<< "$version" || fail "autosplit --version says '$(tail -1 <<< "$version")', expected the $path path"
    refused=$(AUTOSPLIT_CPU=$higher run "$cli" --version); code=$?
    [ "$code" -eq 2 ] && grep -q "AUTOSPLIT_CPU=$higher: this CPU lacks" <<< "$refused" ||
        fail "AUTOSPLIT_CPU=$higher gave exit code $code and '$refused', expected 2 and the missing features"
    out=$(run "$build/tests/core/runtime/test_cpu_kernels") || fail "test_cpu_kernels: $(grep -E 'FAIL|Totals' <<< "$out")"
    grep -q "NOT RUN, this CPU lacks" <<< "$out" || fail "test_cpu_kernels skipped no path on a CPU without $higher"
    echo "$(grep Totals <<< "$out") (test_cpu_kernels)"
    out=$(run "$build/tests/core/wire/test_activation_packing") || fail "test_activation_packing: $(grep -E 'FAIL|Totals' <<< "$out")"
    grep -q "NOT RUN, this CPU lacks" <<< "$out" || fail "test_activation_packing skipped no path on a CPU without $higher"
    echo "$(grep Totals <<< "$out") (test_activation_packing)"
    out=$(run "$build/tests/core/runtime/test_onnx_conformance") || fail "test_onnx_conformance: $(grep -E 'FAIL' <<< "$out" | head -5)"
    grep -o "ONNX backend tests: .*" <<< "$out"
    "$qemu" -cpu "$cpu" "$cli" "${evaluate[@]}" > "$work/$cpu.txt" 2> "$work/$cpu.err" || fail "evaluate: $(tail -3 "$work/$cpu.err")"
    # the same results; the wall time of an emulated run is not one of them
    if ! diff <(grep -v -e SQNR -e '^total run time:' "$work/native.txt") \
        <(grep -v -e SQNR -e '^total run time:' "$work/$cpu.txt") > "$work/diff"; then
        fail "evaluate differs from this machine's run: $(cat "$work/diff")"
    fi
    here=$(grep -o '[0-9.]* dB' "$work/native.txt" | head -1 | cut -d' ' -f1)
    there=$(grep -o '[0-9.]* dB' "$work/$cpu.txt" | head -1 | cut -d' ' -f1)
    awk -v a="$here" -v b="$there" 'BEGIN { d = a - b; exit !(a != "" && b != "" && d < 1 && d > -1) }' ||
        fail "output SQNR $there dB, on this machine $here dB"
    echo "evaluate: $(grep 'accuracy drop' "$work/$cpu.txt"), SQNR $there dB (here $here dB)"
done
[ "$failures" -eq 0 ] && echo "PASS: baseline and avx2 paths on emulated CPUs" || exit 1
