#!/usr/bin/python3
"""Reference for bench_import: the onnx Python package (Debian python3-onnx) loading a model and
running its shape inference, timed the same way. Prints one line per run:
    load_ms=<float> infer_ms=<float>
Must run with /usr/bin/python3 (Debian's Python packages are installed for that interpreter only).
"""
import sys
import time

import onnx
import onnx.shape_inference


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: onnx_reference.py MODEL RUNS", file=sys.stderr)
        return 2
    path, runs = sys.argv[1], int(sys.argv[2])
    for _ in range(runs):
        t0 = time.perf_counter()
        model = onnx.load(path)
        t1 = time.perf_counter()
        onnx.shape_inference.infer_shapes(model)
        t2 = time.perf_counter()
        print(f"load_ms={(t1 - t0) * 1e3:.3f} infer_ms={(t2 - t1) * 1e3:.3f}", flush=True)
        del model
    return 0


if __name__ == "__main__":
    sys.exit(main())
