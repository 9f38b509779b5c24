#!/usr/bin/python3
"""Runs every architecture of export_torchvision.py through `autosplit run` and compares the
logits with PyTorch's on the same random input: the executor's op coverage and accuracy on real
architectures. Needs python3-torch, python3-torchvision, python3-onnx (/usr/bin/python3).

    bench/models/check_torchvision.py BUILD_DIR [WORK_DIR]
"""
import os
import subprocess
import sys
import time

import numpy as np
import onnx
import onnx.numpy_helper as nh
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_torchvision import ARCHITECTURES  # noqa: E402


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    cli = os.path.join(sys.argv[1], "app", "cli", "autosplit")
    work = sys.argv[2] if len(sys.argv) > 2 else "/tmp/autosplit-torchvision"
    os.makedirs(work, exist_ok=True)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((1, 3, 224, 224)).astype(np.float32)
    with open(os.path.join(work, "input.pb"), "wb") as f:
        f.write(nh.from_array(x, "input").SerializeToString())
    torch.manual_seed(0)
    failures = 0
    print(f"{'model':16s} {'ops':>4s} {'max|diff|/max|ref|':>19s} {'top-1':>6s} {'run s':>6s}")
    for name, ctor in ARCHITECTURES.items():
        model = ctor().eval()
        path = os.path.join(work, name + ".onnx")
        torch.onnx.export(model, torch.from_numpy(x), path, opset_version=13,
                          input_names=["input"], output_names=["logits"])
        with torch.no_grad():
            reference = model(torch.from_numpy(x)).numpy()
        out = os.path.join(work, "out_" + name)
        start = time.perf_counter()
        run = subprocess.run([cli, "run", path, "--input", "input=" + os.path.join(work, "input.pb"),
                              "--out", out], capture_output=True, text=True)
        seconds = time.perf_counter() - start
        ops = len({n.op_type for n in onnx.load(path, load_external_data=False).graph.node})
        if run.returncode != 0:
            print(f"{name:16s} {ops:4d} FAILED: {run.stderr.strip()}")
            failures += 1
            continue
        ours = nh.to_array(onnx.load_tensor(os.path.join(out, "logits.pb")))
        error = float(np.max(np.abs(reference - ours)) / (np.max(np.abs(reference)) + 1e-12))
        top1 = bool(reference.argmax() == ours.argmax())
        failures += error > 1e-4 or not top1
        print(f"{name:16s} {ops:4d} {error:19.2e} {str(top1):>6s} {seconds:6.2f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
