#!/usr/bin/env bash
# Checks, on the compiled objects of the core library, that instructions beyond the x86-64
# baseline appear only where the CPU dispatch put them (core/runtime/cpu/isa/isa_kernels.inc):
#   - every function with AVX code (a v-prefixed mnemonic: VEX/EVEX encoded, FMA, F16C; or a
#     ymm, zmm or mask register) is in autosplit::cpu_avx2, autosplit::cpu_avx512 or autosplit::cpu_avx512vnni;
#   - the AVX2 path's functions use no AVX-512 (no zmm or mask registers, no EVEX-only mnemonics);
#   - the baseline path's functions, and everything else, use no AVX at all.
# A function outside those namespaces with AVX code could be picked by the linker for code that
# runs on any CPU, and die there with an illegal instruction.
# Usage: check_cpu_isolation.sh LIBRARY.a
set -euo pipefail
library=$1
[ -f "$library" ] || { echo "check_cpu_isolation: no library '$library'" >&2; exit 2; }
objdump -d --no-show-raw-insn -C "$library" | awk '
    function flush() {
        if (name == "") return
        functions++
        if (avx) {
            if (name ~ /autosplit::cpu_avx512(vnni)?::/) avx512++
            else if (name ~ /autosplit::cpu_avx2::/) {
                avx2++
                if (evex) { print "AVX-512 code in the AVX2 path: " name; bad++ }
            } else { print "AVX code outside the dispatched paths: " name; bad++ }
        }
    }
    /^[0-9a-f]+ <.*>:$/ { flush(); name = $0; avx = 0; evex = 0; next }
    /^[ \t]+[0-9a-f]+:\t/ {
        split($0, parts, "\t"); insn = parts[2]
        split(insn, words, " "); mnemonic = words[1]
        if (mnemonic ~ /^v/ || insn ~ /%[yz]mm|%k[0-7]/) avx = 1
        if (insn ~ /%zmm|%k[0-7]|%[xy]mm(1[6-9]|2[0-9]|3[01])/ || mnemonic ~ /^v(pternlog|permt2|permi2|rndscale|getexp|getmant|scalef|range|reduce|fixupimm|compress|expand|cvt(t?p[sd]2u|u)|pmov[su]?[dwq][bwd]|extract[fi](32x4|64x2|32x8|64x4)|insert[fi](32x4|64x2|32x8|64x4)|broadcast[fi](32x[248]|64x[24]))/) evex = 1
    }
    END {
        flush()
        printf "%d functions; with AVX: %d in cpu_avx2, %d in cpu_avx512; %d misplaced\n", functions, avx2, avx512, bad
        if (functions == 0 || avx2 == 0 || avx512 == 0) { print "expected both paths compiled into the library"; exit 1 }
        exit bad > 0
    }'
