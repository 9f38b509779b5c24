#!/usr/bin/python3
"""Cross-checks the C++ model builders (tests/support/model_builder) against the real
architectures: torchvision's classification networks and, given darknet's yolov3.cfg and
yolov3-tiny.cfg, the YOLO detectors. A tool, never a test-time dependency.

For each torchvision network it compares, layer by layer in execution order, every Conv and
Linear (weight shape, stride, padding, groups, output shape), the op histogram against
torch.onnx.export's (see IGNORED_OPS), the parameter count (ours without BN's running statistics,
which torch keeps as buffers) against torch's and the weights' documented meta["num_params"], and
the conv + fc MACs. For YOLO it parses the cfg the way darknet does (layer shapes, routes,
shortcuts, darknet's stored float count and its BFLOPs = 2 x conv MACs) and compares the builder's
graph with it layer by layer. Exit status 1 on any mismatch.

Needs python3-torch, python3-torchvision and python3-onnx for /usr/bin/python3.

    bench/models/compare_builders.py BUILD_DIR [--darknet-cfg DIR] [--work DIR]

BUILD_DIR holds bench/dump_model_zoo; DIR holds yolov3.cfg and yolov3-tiny.cfg from
github.com/pjreddie/darknet/tree/master/cfg (not vendored here).
"""
import argparse
import collections
import os
import subprocess
import sys

import onnx
import torch
import torchvision

TORCHVISION = {
    "resnet18": (torchvision.models.resnet18, torchvision.models.ResNet18_Weights),
    "resnet50": (torchvision.models.resnet50, torchvision.models.ResNet50_Weights),
    "resnext50_32x4d": (torchvision.models.resnext50_32x4d, torchvision.models.ResNeXt50_32X4D_Weights),
    "mobilenet_v2": (torchvision.models.mobilenet_v2, torchvision.models.MobileNet_V2_Weights),
    "mnasnet1_0": (torchvision.models.mnasnet1_0, torchvision.models.MNASNet1_0_Weights),
    "googlenet": (lambda: torchvision.models.googlenet(aux_logits=False, init_weights=False),
                  torchvision.models.GoogLeNet_Weights),
}
DARKNET = {"yolov3": ("yolov3.cfg", 416), "yolov3_tiny": ("yolov3-tiny.cfg", 416)}


def elements(dims):
    n = 1
    for d in dims:
        n *= d
    return n


def ints(attr_list, name, default):
    for a in attr_list:
        if a.name == name:
            return list(a.ints) if a.ints else a.i
    return default


class OnnxModel:
    """Our model with ONNX's inferred shapes."""

    def __init__(self, path):
        model = onnx.load(path)
        self.init = {t.name: list(t.dims) for t in model.graph.initializer}
        self.init_values = {t.name: t for t in model.graph.initializer}
        inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
        self.shape = {}
        for v in list(inferred.graph.value_info) + list(inferred.graph.output) + list(inferred.graph.input):
            self.shape[v.name] = [d.dim_value if d.HasField("dim_value") else -1
                                  for d in v.type.tensor_type.shape.dim]
        self.nodes = list(model.graph.node)
        self.inputs = [i.name for i in model.graph.input]
        self.outputs = [o.name for o in model.graph.output]

    def params(self, skip_bn_stats):
        """Elements of weight initializers (Conv, Gemm, BN): Clip bounds and Resize scales are not
        parameters. BN's running mean and variance are left out when skip_bn_stats."""
        total = 0
        for n in self.nodes:
            if n.op_type in ("Conv", "Gemm"):
                total += sum(elements(self.init[i]) for i in n.input[1:] if i in self.init)
            elif n.op_type == "BatchNormalization":
                slots = n.input[1:3] if skip_bn_stats else n.input[1:5]
                total += sum(elements(self.init[i]) for i in slots)
        return total

    def mac_layers(self):
        """(kind, weight dims, stride, pads, groups, output dims) of each Conv and Gemm in order."""
        layers = []
        for n in self.nodes:
            if n.op_type == "Conv":
                w = self.init[n.input[1]]
                layers.append(("conv", w, ints(n.attribute, "strides", [1, 1]), ints(n.attribute, "pads", [0] * 4),
                               ints(n.attribute, "group", 1), self.shape[n.output[0]]))
            elif n.op_type == "Gemm":
                w = self.init[n.input[1]]
                layers.append(("linear", w, None, None, 1, self.shape[n.output[0]]))
        return layers

    def macs(self):
        total = 0
        for kind, w, _, _, _, out in self.mac_layers():
            total += elements(out) * elements(w[1:]) if kind == "conv" else out[0] * w[0] * w[1]
        return total


def torch_layers(model):
    """The same tuples for a torch model, from forward hooks, in execution order."""
    layers = []

    def hook(module, _inputs, output):
        if isinstance(module, torch.nn.Conv2d):
            p = list(module.padding)
            layers.append(("conv", list(module.weight.shape), list(module.stride), [p[0], p[1], p[0], p[1]],
                           module.groups, list(output.shape)))
        else:
            layers.append(("linear", list(module.weight.shape), None, None, 1, list(output.shape)))

    handles = [m.register_forward_hook(hook) for m in model.modules()
               if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear))]
    with torch.no_grad():
        model(torch.zeros(1, 3, 224, 224))
    for h in handles:
        h.remove()
    return layers


# BN is folded by the exporter and Dropout dropped in eval mode; the exporter also emits Identity
# nodes for shared constants and Constant nodes for Clip's bounds, which the builder stores as
# initializers.
IGNORED_OPS = ("BatchNormalization", "Dropout", "Identity", "Constant")


def op_histogram(nodes):
    return collections.Counter(n.op_type for n in nodes if n.op_type not in IGNORED_OPS)


def compare_torchvision(name, path, work):
    ctor, weights_enum = TORCHVISION[name]
    model = ctor().eval()
    ours = OnnxModel(path)
    problems = []

    theirs = torch_layers(model)
    mine = ours.mac_layers()
    if len(mine) != len(theirs):
        problems.append(f"{len(mine)} conv/linear layers, torchvision has {len(theirs)}")
    for i, (a, b) in enumerate(zip(mine, theirs)):
        if a != b:
            problems.append(f"layer {i}: ours {a} torchvision {b}")
            break

    exported = os.path.join(work, name + "_torch.onnx")
    torch.onnx.export(model, torch.zeros(1, 3, 224, 224), exported, opset_version=13,
                      input_names=["input"], output_names=["logits"])
    hist_theirs = op_histogram(onnx.load(exported, load_external_data=False).graph.node)
    hist_ours = op_histogram(ours.nodes)
    if hist_ours != hist_theirs:
        problems.append(f"ops: ours {dict(hist_ours)} torch export {dict(hist_theirs)}")

    torch_params = sum(p.numel() for p in model.parameters())
    documented = weights_enum.DEFAULT.meta["num_params"]
    our_params = ours.params(skip_bn_stats=True)
    if not our_params == torch_params == documented:
        problems.append(f"params: ours {our_params} torch {torch_params} documented {documented}")

    torch_macs = sum(elements(out) * elements(w[1:]) if kind == "conv" else out[0] * w[0] * w[1]
                     for kind, w, _, _, _, out in theirs)
    our_macs = ours.macs()
    if our_macs != torch_macs:
        problems.append(f"MACs: ours {our_macs} torch {torch_macs}")
    print(f"{name:16s} layers {len(mine):3d}/{len(theirs):3d}  params {our_params:>10,d} "
          f"torch {torch_params:>10,d} doc {documented:>10,d}  GMACs {our_macs / 1e9:.4f} torch {torch_macs / 1e9:.4f}"
          f"  {'OK' if not problems else 'MISMATCH'}")
    for p in problems:
        print("    " + p)
    return not problems


def parse_cfg(path):
    sections = []
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            if line.startswith("["):
                sections.append({"type": line.strip("[]")})
            else:
                key, value = (s.strip() for s in line.split("=", 1))
                sections[-1][key] = value
    return sections


def darknet_layers(cfg_path, size):
    """Darknet's layers with shapes, as parse_network_cfg computes them. Returns the real layers
    (conv, maxpool, shortcut, upsample, multi-input route) with inputs resolved through the
    pass-through ones (single-input route, yolo), darknet's stored float count and BFLOPs."""
    sections = parse_cfg(cfg_path)
    net, body = sections[0], sections[1:]
    c, h, w = int(net.get("channels", 3)), size, size
    shapes, alias, layers = [], [], []
    floats, bflops = 0, 0.0

    def resolve(i):
        while alias[i] is not None and alias[i] != i:
            i = alias[i]
        return i

    for i, s in enumerate(body):
        prev = resolve(i - 1) if i > 0 else -1
        t = s["type"]
        if t == "convolutional":
            n, k, stride = int(s["filters"]), int(s["size"]), int(s.get("stride", 1))
            pad = k // 2 if int(s.get("pad", 0)) else int(s.get("padding", 0))
            bn = int(s.get("batch_normalize", 0))
            oh, ow = (h + 2 * pad - k) // stride + 1, (w + 2 * pad - k) // stride + 1
            floats += n * c * k * k + n + (3 * n if bn else 0)
            bflops += 2.0 * n * k * k * c * oh * ow / 1e9
            layers.append({"index": i, "type": "conv", "inputs": [prev], "filters": n, "size": k,
                           "stride": stride, "bn": bool(bn), "activation": s.get("activation", "logistic"),
                           "shape": [n, oh, ow]})
            c, h, w = n, oh, ow
            alias.append(i)
        elif t == "maxpool":
            k, stride = int(s["size"]), int(s.get("stride", 1))
            padding = int(s.get("padding", k - 1))
            h, w = (h + padding - k) // stride + 1, (w + padding - k) // stride + 1
            layers.append({"index": i, "type": "maxpool", "inputs": [prev], "size": k, "stride": stride,
                           "shape": [c, h, w]})
            alias.append(i)
        elif t == "shortcut":
            other = resolve(i + int(s["from"]))
            layers.append({"index": i, "type": "shortcut", "inputs": [prev, other], "shape": [c, h, w]})
            alias.append(i)
        elif t == "upsample":
            stride = int(s["stride"])
            h, w = h * stride, w * stride
            layers.append({"index": i, "type": "upsample", "inputs": [prev], "shape": [c, h, w]})
            alias.append(i)
        elif t == "route":
            refs = [int(v) for v in s["layers"].split(",")]
            refs = [resolve(i + r if r < 0 else r) for r in refs]
            c = sum(shapes[r][0] for r in refs)
            h, w = shapes[refs[0]][1], shapes[refs[0]][2]
            if len(refs) == 1:
                alias.append(refs[0])
            else:
                layers.append({"index": i, "type": "route", "inputs": refs, "shape": [c, h, w]})
                alias.append(i)
        elif t == "yolo":
            alias.append(prev)
        else:
            raise ValueError(f"{cfg_path}: section [{t}] not handled")
        shapes.append([c, h, w])
    return layers, floats, bflops


def onnx_darknet_layers(ours):
    """Our graph collapsed to darknet's layers: conv + BN + LeakyRelu is one conv layer."""
    producer = {name: -1 for name in ours.inputs}
    layers = []
    for n in ours.nodes:
        if n.op_type in ("BatchNormalization", "LeakyRelu"):
            L = producer[n.input[0]]
            if n.op_type == "BatchNormalization":
                layers[L]["bn"] = True
            else:
                layers[L]["activation"] = "leaky"
                alpha = [a.f for a in n.attribute if a.name == "alpha"]
                layers[L]["alpha"] = round(alpha[0], 6) if alpha else 0.01
            producer[n.output[0]] = L
            continue
        shape = ours.shape[n.output[0]][1:]
        entry = {"inputs": [producer[i] for i in n.input[:1]], "shape": shape}
        if n.op_type == "Conv":
            wdims = ours.init[n.input[1]]
            stride = ints(n.attribute, "strides", [1, 1])
            entry.update(type="conv", filters=wdims[0], size=wdims[2], stride=stride[0], bn=False,
                         activation="linear", name=n.name)
        elif n.op_type == "MaxPool":
            entry.update(type="maxpool", size=ints(n.attribute, "kernel_shape", [0])[0],
                         stride=ints(n.attribute, "strides", [1, 1])[0])
        elif n.op_type == "Add":
            entry.update(type="shortcut", inputs=[producer[i] for i in n.input])
        elif n.op_type in ("Resize", "Upsample"):
            entry.update(type="upsample")
        elif n.op_type == "Concat":
            entry.update(type="route", inputs=[producer[i] for i in n.input])
        else:
            raise ValueError(f"op {n.op_type} not expected in a YOLO graph")
        producer[n.output[0]] = len(layers)
        layers.append(entry)
    return layers, [producer[o] for o in ours.outputs]


def compare_darknet(name, path, cfg_dir):
    cfg_name, size = DARKNET[name]
    ref, floats, bflops = darknet_layers(os.path.join(cfg_dir, cfg_name), size)
    ours = OnnxModel(path)
    mine, outputs = onnx_darknet_layers(ours)
    problems = []
    position = {layer["index"]: k for k, layer in enumerate(ref)}
    if len(mine) != len(ref):
        problems.append(f"{len(mine)} layers, the cfg has {len(ref)}")
    for k, (a, b) in enumerate(zip(mine, ref)):
        expected = dict(b)
        expected["inputs"] = [position.get(i, -1) for i in b["inputs"]]
        index = expected.pop("index")
        got = {key: a.get(key) for key in expected}
        if got != expected:
            problems.append(f"darknet layer {index}: ours {got} cfg {expected}")
            break
        if a["type"] == "conv" and a["activation"] == "leaky" and a["alpha"] != 0.1:
            problems.append(f"darknet layer {index}: leaky alpha {a['alpha']}")
        if name == "yolov3" and a["type"] == "conv" and a["name"] != f"conv_{index}":
            problems.append(f"darknet layer {index}: our conv is named {a['name']}")
    heads = [k for k, layer in enumerate(ref) if layer["type"] == "conv" and layer["filters"] == 255]
    if outputs != heads:
        problems.append(f"outputs are layers {outputs}, the heads are {heads}")
    our_floats = ours.params(skip_bn_stats=False)
    if our_floats != floats:
        problems.append(f"stored floats: ours {our_floats} darknet {floats}")
    our_bflops = 2 * ours.macs() / 1e9
    if abs(our_bflops - bflops) > 1e-9:
        problems.append(f"BFLOPs: ours {our_bflops} darknet {bflops}")
    print(f"{name:16s} layers {len(mine):3d}/{len(ref):3d}  darknet floats {floats:>10,d} ours {our_floats:>10,d}"
          f"  BFLOPs {bflops:.4f} ours {our_bflops:.4f}  {'OK' if not problems else 'MISMATCH'}")
    for p in problems:
        print("    " + p)
    return not problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build_dir")
    parser.add_argument("--darknet-cfg", help="folder with yolov3.cfg and yolov3-tiny.cfg")
    parser.add_argument("--work", default="/tmp/autosplit-model-zoo")
    args = parser.parse_args()
    tool = os.path.join(args.build_dir, "bench", "dump_model_zoo")
    names = list(TORCHVISION) + (list(DARKNET) if args.darknet_cfg else [])
    subprocess.run([tool, args.work] + names, check=True, stdout=subprocess.DEVNULL)
    print(f"torch {torch.__version__}, torchvision {torchvision.__version__}, onnx {onnx.__version__}")
    ok = True
    for name in TORCHVISION:
        ok &= compare_torchvision(name, os.path.join(args.work, name + ".onnx"), args.work)
    if args.darknet_cfg:
        for name in DARKNET:
            ok &= compare_darknet(name, os.path.join(args.work, name + ".onnx"), args.darknet_cfg)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
