#!/usr/bin/python3
"""PyTorch as the oracle: shapes and outputs of transposed convolutions.

  torch_reference.py shapes --count N --seed S --out shapes.json
      N random ConvTranspose configurations (ranks 1-3, valid and invalid),
      each with the output shape PyTorch computes or the error it raises.
  torch_reference.py layers --out DIR
      A fixed list of layers plus random ones; for each, random input, weight
      and bias and PyTorch's output as .npy files, and DIR/manifest.json.

Runs under Debian's /usr/bin/python3 with python3-torch. Everything is seeded,
so the files are the same on every run.
"""
import argparse
import json
import os
import random
import sys

import numpy as np
import torch

CONV = {1: torch.nn.ConvTranspose1d, 2: torch.nn.ConvTranspose2d, 3: torch.nn.ConvTranspose3d}


def run_torch(cfg, x=None, weight=None, bias=None):
    """Runs cfg through PyTorch's module; returns the output tensor."""
    r = len(cfg["input"])
    m = CONV[r](cfg["in_channels"], cfg["out_channels"], tuple(cfg["kernel"]),
                stride=tuple(cfg["stride"]), padding=tuple(cfg["padding"]),
                output_padding=tuple(cfg["output_padding"]), groups=cfg["groups"],
                bias=cfg["bias"], dilation=tuple(cfg["dilation"]))
    if weight is not None:
        with torch.no_grad():
            m.weight.copy_(weight)
            if cfg["bias"]:
                m.bias.copy_(bias)
    if x is None:
        x = torch.zeros([cfg["N"], cfg["in_channels"]] + cfg["input"])
    with torch.no_grad():
        if cfg.get("output_size") is not None:
            return m(x, output_size=cfg["output_size"])
        return m(x)


def random_config(rng):
    r = rng.randint(1, 3)
    g = rng.choice([1, 1, 1, 2, 3])
    cfg = {
        "N": rng.randint(1, 2),
        "groups": g,
        "in_channels": g * rng.randint(1, 2),
        "out_channels": g * rng.randint(1, 2),
        "input": [rng.randint(1, 6) for _ in range(r)],
        "kernel": [rng.randint(1, 5) for _ in range(r)],
        "stride": [rng.randint(1, 4) for _ in range(r)],
        "dilation": [rng.randint(1, 3) for _ in range(r)],
        "padding": [rng.randint(0, 4) for _ in range(r)],
        "output_padding": [0] * r,
        "bias": rng.random() < 0.5,
        "output_size": None,
    }
    for i in range(r):
        # Mostly inside PyTorch's rule (below stride or dilation), sometimes
        # anywhere in 0..3 so that its error is exercised too.
        limit = max(cfg["stride"][i], cfg["dilation"][i]) - 1
        cfg["output_padding"][i] = rng.randint(0, limit if rng.random() < 0.9 else 3)
    if rng.random() < 0.2:
        # Around PyTorch's allowed range [Lmin, Lmin + s - 1], both sides.
        size = []
        for i in range(r):
            lmin = ((cfg["input"][i] - 1) * cfg["stride"][i] - 2 * cfg["padding"][i]
                    + cfg["dilation"][i] * (cfg["kernel"][i] - 1) + 1)
            size.append(lmin + rng.randint(-1, cfg["stride"][i]))
        cfg["output_size"] = size
    return cfg


def cmd_shapes(args):
    rng = random.Random(args.seed)
    torch.manual_seed(args.seed)
    cases = []
    for _ in range(args.count):
        cfg = random_config(rng)
        try:
            cfg["torch_shape"] = list(run_torch(cfg).shape)
        except Exception as e:  # PyTorch's ValueError / RuntimeError
            cfg["torch_error"] = f"{type(e).__name__}: {str(e).splitlines()[0]}"
        cases.append(cfg)
    write_json(args.out, {"generator": "torch_reference.py shapes",
                          "torch": torch.__version__, "cases": cases})
    bad = sum("torch_error" in c for c in cases)
    print(f"{len(cases)} configurations, {bad} rejected by PyTorch -> {args.out}")


def layer(name, N, cin, cout, inp, k, s=1, p=0, op=0, d=1, g=1, bias=True, output_size=None):
    r = len(inp)
    per = lambda v: list(v) if isinstance(v, (list, tuple)) else [v] * r
    return {"name": name, "N": N, "in_channels": cin, "out_channels": cout, "input": list(inp),
            "kernel": per(k), "stride": per(s), "padding": per(p), "output_padding": per(op),
            "dilation": per(d), "groups": g, "bias": bias, "output_size": output_size}


# Layers chosen for the edge cases of docs/semantics.md and the bugs other
# compilers shipped (docs/mlir14-notes.md section 3).
FIXED_LAYERS = [
    layer("seed2d_ex1", 1, 3, 8, [16, 50], 4, p=[2, 4], bias=False),
    layer("seed2d_ex2", 1, 3, 8, [16, 50], 5, s=3, p=2, op=2, bias=False),
    layer("seed2d_ex3", 1, 3, 8, [16, 50], 5, s=3, bias=False),
    layer("seed2d_ex4", 1, 3, 8, [48, 48], 3, s=2, p=1, op=1, bias=False),
    layer("seed3d_ex1", 1, 3, 4, [4, 9, 16], 5, s=3, p=2, op=2, bias=False),
    layer("seed3d_ex2", 1, 3, 4, [4, 9, 16], 5, s=3, bias=False),
    layer("stride_gt_kernel", 2, 3, 4, [5, 6], 2, s=4),
    layer("dilated_empty_phases", 1, 4, 4, [6, 7], 3, s=2, p=2, d=2, op=1),
    layer("dilated_s1", 1, 4, 3, [8, 8], 3, p=2, d=2),
    layer("dilation_gt_stride_op", 1, 2, 3, [7], 3, s=1, d=3, op=2),
    layer("groups", 2, 6, 9, [5, 4], 3, s=2, p=1, g=3),
    layer("depthwise", 1, 8, 8, [6, 6], 4, s=2, p=1, g=8),
    layer("depthwise_mult", 1, 4, 8, [5, 5], 3, s=2, g=4),
    layer("padding_crops", 1, 3, 4, [9, 9], 3, p=3),
    layer("padding_crops_strided", 1, 3, 4, [9, 8], 3, s=2, p=[4, 3], op=[1, 0]),
    layer("output_padding_asym", 1, 2, 3, [9, 11], 3, s=2, p=1, op=[1, 0]),
    layer("output_padding_beyond_full", 1, 2, 3, [4, 4], 2, s=3, p=0, op=2),
    layer("output_size", 1, 16, 4, [6, 6], 3, s=2, p=1, output_size=[12, 12]),
    layer("output_size_1d", 2, 3, 2, [7], 4, s=3, p=1, output_size=[21]),
    layer("one_by_one", 2, 5, 7, [4, 5], 1),
    layer("one_by_one_strided", 1, 5, 7, [4, 5], 1, s=2),
    layer("vocoder_1d", 1, 4, 3, [20], 16, s=8, p=4),
    layer("long_1d", 1, 2, 2, [9], 7, s=5, p=1, op=3),
    layer("odd_sizes", 3, 3, 5, [7, 5], [3, 2], s=[2, 3], p=[1, 0], op=[1, 2]),
    layer("rank3_groups", 1, 4, 6, [3, 4, 5], [2, 3, 2], s=[2, 1, 3], p=[0, 1, 1], g=2),
    layer("rank3_dilated", 1, 2, 2, [3, 3, 3], 3, s=2, d=2, p=1),
    layer("single_pixel", 1, 4, 3, [1, 1], 4, s=1),
    layer("batch4", 4, 3, 2, [5, 5], 4, s=2, p=1),
]


def cmd_layers(args):
    rng = random.Random(args.seed)
    torch.manual_seed(args.seed)
    layers = [dict(c) for c in FIXED_LAYERS]
    while len(layers) < len(FIXED_LAYERS) + args.random:
        cfg = random_config(rng)
        try:
            run_torch(cfg)
        except Exception:
            continue
        cfg["name"] = f"random_{len(layers) - len(FIXED_LAYERS):03d}"
        layers.append(cfg)
    os.makedirs(args.out, exist_ok=True)
    for cfg in layers:
        r = len(cfg["input"])
        x = torch.randn([cfg["N"], cfg["in_channels"]] + cfg["input"])
        w = torch.randn([cfg["in_channels"], cfg["out_channels"] // cfg["groups"]] + cfg["kernel"])
        b = torch.randn([cfg["out_channels"]]) if cfg["bias"] else None
        y = run_torch(cfg, x, w, b)
        files = {"x": x, "w": w, "y": y}
        if b is not None:
            files["b"] = b
        cfg["files"] = {}
        for key, t in files.items():
            fname = f"{cfg['name']}_{key}.npy"
            np.save(os.path.join(args.out, fname), t.numpy().astype(np.float32))
            cfg["files"][key] = fname
        cfg["output_shape"] = list(y.shape)
    write_json(os.path.join(args.out, "manifest.json"),
               {"generator": "torch_reference.py layers", "torch": torch.__version__,
                "cases": layers})
    print(f"{len(layers)} layers -> {args.out}")


def write_json(path, obj):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(obj, f)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("shapes")
    s.add_argument("--count", type=int, default=3000)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--out", required=True)
    l = sub.add_parser("layers")
    l.add_argument("--random", type=int, default=40)
    l.add_argument("--seed", type=int, default=2)
    l.add_argument("--out", required=True)
    args = ap.parse_args()
    torch.set_num_threads(1)
    {"shapes": cmd_shapes, "layers": cmd_layers}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
