#!/usr/bin/python3
"""Exports torchvision architectures (random weights, no downloads) to ONNX for the benchmarks and
for checking the executor's op coverage. Needs Debian's python3-torch and python3-torchvision,
which work only with /usr/bin/python3. A tool, never a test-time dependency.

    bench/models/export_torchvision.py OUT_DIR [name ...]
"""
import os
import sys

import torch
import torchvision

ARCHITECTURES = {
    "resnet18": lambda: torchvision.models.resnet18(),
    "resnet50": lambda: torchvision.models.resnet50(),
    "resnext50_32x4d": lambda: torchvision.models.resnext50_32x4d(),
    "mobilenet_v2": lambda: torchvision.models.mobilenet_v2(),
    "mnasnet1_0": lambda: torchvision.models.mnasnet1_0(),
    "googlenet": lambda: torchvision.models.googlenet(aux_logits=False, init_weights=True),
    "vgg16": lambda: torchvision.models.vgg16(),
    "alexnet": lambda: torchvision.models.alexnet(),
    "densenet121": lambda: torchvision.models.densenet121(),
    "squeezenet1_0": lambda: torchvision.models.squeezenet1_0(),
}


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = sys.argv[1]
    names = sys.argv[2:] or list(ARCHITECTURES)
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(0)
    for name in names:
        model = ARCHITECTURES[name]().eval()
        path = os.path.join(out_dir, name + ".onnx")
        torch.onnx.export(model, torch.randn(1, 3, 224, 224), path, opset_version=13,
                          input_names=["input"], output_names=["logits"])
        print(path, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
