#!/usr/bin/python3
"""PyTorch as the oracle: shapes and outputs of transposed convolutions.

  torch_reference.py shapes --count N --seed S --out shapes.json
      N random ConvTranspose configurations (ranks 1-3, valid and invalid),
      each with the output shape PyTorch computes or the error it raises.
  torch_reference.py layers --out DIR
      A fixed list of layers plus random ones; for each, random input, weight
      and bias and PyTorch's output as .npy files, and DIR/manifest.json.
  torch_reference.py conformance --out DIR
      Layer specs (docs/cli-and-spec.md) for the backend's conformance tests:
      PyTorch layers with PyTorch's outputs, and MindSpore layers whose
      outputs PyTorch computes from MindSpore's rules (full transposed
      convolution, crop or zero extension, bias, then 2-D output_padding
      zeros), written here independently of convt's own lowering.

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

# The MindSpore, ONNX and TensorFlow layers and their references:
# framework_references.py.
from framework_references import (MINDSPORE_LAYERS, ONNX_LAYERS, TF_LAYERS,  # noqa: E402
                                  mindspore_reference, onnx_reference, tf_reference,
                                  to_channels_last, weight_channels_last)

CONV = {1: torch.nn.ConvTranspose1d, 2: torch.nn.ConvTranspose2d, 3: torch.nn.ConvTranspose3d}


def run_torch(cfg, x=None, weight=None, bias=None, dtype=torch.float32):
    """Runs cfg through PyTorch's module; returns the output tensor."""
    r = len(cfg["input"])
    m = CONV[r](cfg["in_channels"], cfg["out_channels"], tuple(cfg["kernel"]),
                stride=tuple(cfg["stride"]), padding=tuple(cfg["padding"]),
                output_padding=tuple(cfg["output_padding"]), groups=cfg["groups"],
                bias=cfg["bias"], dilation=tuple(cfg["dilation"]), dtype=dtype)
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


def torch_spec(cfg, name):
    spec = {"name": name, "style": "torch",
            "input_shape": [cfg["N"], cfg["in_channels"]] + cfg["input"],
            "in_channels": cfg["in_channels"], "out_channels": cfg["out_channels"],
            "kernel_size": cfg["kernel"], "stride": cfg["stride"], "padding": cfg["padding"],
            "output_padding": cfg["output_padding"], "dilation": cfg["dilation"],
            "groups": cfg["groups"], "bias": cfg["bias"]}
    if cfg.get("output_size") is not None:
        spec["output_size"] = cfg["output_size"]
    return spec




def conformance_torch_layers(rng):
    """Fixed edge cases, then random valid layers: at least 300 in all."""
    fixed = [dict(c) for c in FIXED_LAYERS]
    # Every output_padding PyTorch allows, on both sides of its rule.
    for s_, d_ in [(3, 1), (1, 3), (2, 3), (4, 2)]:
        for op in range(max(s_, d_)):
            fixed.append(layer(f"op{op}_s{s_}_d{d_}", 1, 2, 3, [5, 4], 3, s=s_, d=d_, p=1, op=op))
    fixed += [
        layer("stride_gt_kernel_1d", 1, 3, 2, [7], 2, s=5, p=1),
        layer("stride_gt_kernel_3d", 1, 2, 2, [3, 3, 3], 2, s=3),
        layer("dilation_no_empty_phase", 1, 3, 3, [6, 6], 3, s=3, d=2),
        layer("dilation_empty_phases_3d", 1, 2, 2, [3, 4, 3], 3, s=2, d=2, p=1),
        layer("padding_gt_dk_3d", 1, 2, 2, [5, 5, 5], 3, s=2, p=4, op=1),
        layer("k16_s8_vocoder", 1, 8, 4, [32], 16, s=8, p=4),
        layer("k16_s8_vocoder_batch", 2, 4, 4, [12], 16, s=8, p=4, op=3),
        layer("k1_1d", 3, 4, 5, [9], 1, s=3),
        layer("k1_3d", 1, 4, 5, [3, 2, 4], 1, s=2, op=1),
        layer("groups_3d", 1, 6, 4, [3, 3, 3], 3, s=2, p=1, g=2),
        layer("depthwise_1d", 1, 16, 16, [20], 4, s=2, p=1, g=16),
        layer("depthwise_3d", 1, 8, 8, [3, 4, 4], 3, s=2, p=1, g=8),
        layer("wide_channels", 1, 40, 70, [5, 5], 4, s=2, p=1),
        layer("many_out_channels", 1, 3, 130, [4, 6], 3, s=2),
        layer("output_size_3d", 1, 2, 2, [3, 3, 3], 3, s=3, p=1, output_size=[8, 9, 7]),
        layer("output_size_full_range", 1, 2, 2, [4, 4], 2, s=4, output_size=[17, 14]),
        layer("batch3_odd", 3, 5, 3, [7, 3], [3, 4], s=[2, 3], p=[1, 2], op=[1, 0], d=[1, 2]),
        # Innermost strides past the 16 whose phases the expert template
        # unrolls (kMaxUnrolledStride): f1 with columns of any phase.
        layer("stride17_1d", 1, 3, 20, [5], 19, s=17, p=2, op=3),
        layer("stride33_2d_dilated", 1, 2, 18, [3, 4], [3, 20], s=[2, 33], p=[1, 5], d=[1, 2]),
        layer("stride40_thin", 1, 4, 1, [4, 3], 5, s=[3, 40], p=[0, 7]),
        layer("stride64_groups", 2, 4, 4, [3], 3, s=64, g=2, op=5),
        # Innermost kernels past the 128 taps the phase-major forms unroll
        # (kMaxUnrolledKernel), and large kernels on small inputs, where
        # the phase-major forms would compute mostly zero padding: f1.
        layer("kernel300_1d", 1, 2, 3, [3], 300, s=2, p=5),
        layer("kernel40_small_input_2d", 1, 3, 32, [3, 2], [40, 24], s=[1, 2], p=[3, 0], op=[0, 1]),
    ]
    out = fixed
    while len(out) < 310:
        cfg = random_config(rng)
        # Larger channels than the shape test, still quick to check.
        m = rng.choice([1, 1, 2, 4, 8])
        cfg["in_channels"] *= m
        cfg["out_channels"] *= rng.choice([1, 2, 4, 8, 17])
        cfg["out_channels"] -= cfg["out_channels"] % cfg["groups"]
        if cfg["out_channels"] == 0:
            continue
        try:
            run_torch(cfg)
        except Exception:
            continue
        cfg["name"] = f"random_{len(out):03d}"
        out.append(cfg)
    return out


def make_case(save, name, spec, x, w, b, y):
    """A manifest entry: the tensors saved as NAME_{x,w,b,y}.npy."""
    files = {"x": save(name, "x", x), "w": save(name, "w", w), "y": save(name, "y", y)}
    if b is not None:
        files["b"] = save(name, "b", b)
    return {"name": name, "spec": spec, "files": files, "output_shape": list(y.shape)}


def cmd_conformance(args):
    rng = random.Random(args.seed)
    torch.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    cases = []

    def save(name, key, t):
        fname = f"{name}_{key}.npy"
        # float16 cases keep NumPy's float16 ('<f2'); the rest float32.
        kind = np.float16 if t.dtype == torch.float16 else np.float32
        np.save(os.path.join(args.out, fname), t.numpy().astype(kind))
        return fname

    for cfg in conformance_torch_layers(rng):
        name = cfg["name"]
        spec = torch_spec(cfg, name)
        x = torch.randn(spec["input_shape"])
        w = torch.randn([cfg["in_channels"], cfg["out_channels"] // cfg["groups"]] + cfg["kernel"])
        b = torch.randn([cfg["out_channels"]]) if cfg["bias"] else None
        y = run_torch(cfg, x, w, b)
        cases.append(make_case(save, name, spec, x, w, b, y))

    # Non-finite values at the borders, where the phase-major kernels
    # multiply the zero padding of their input copy by a weight: an inf tap
    # made NaN of outputs PyTorch computes as finite. Weights with an inf or
    # NaN run by the layer's definition (runtime/Direct.h); inputs need
    # nothing special, and are checked too.
    by_name = {c["name"]: c for c in conformance_torch_layers(random.Random(args.seed))}
    for base, where in [("seed2d_ex4", "w"), ("dilated_empty_phases", "w"),
                        ("depthwise", "w"), ("stride17_1d", "w"), ("groups_3d", "w"),
                        ("many_out_channels", "w"), ("seed2d_ex4", "x"),
                        ("k16_s8_vocoder", "x"), ("rank3_dilated", "x")]:
        cfg = dict(by_name[base])
        name = cfg["name"] = f"nonfinite_{where}_{base}"
        spec = torch_spec(cfg, name)
        x = torch.randn(spec["input_shape"])
        w = torch.randn([cfg["in_channels"], cfg["out_channels"] // cfg["groups"]] + cfg["kernel"])
        b = torch.randn([cfg["out_channels"]]) if cfg["bias"] else None
        if where == "w":
            # The first tap of the first two channels, which the outputs at
            # the borders do not reach; a NaN further in.
            w.view(w.shape[0], w.shape[1], -1)[0, 0, 0] = float("inf")
            w.view(w.shape[0], w.shape[1], -1)[-1, -1, 0] = float("-inf")
            w.view(w.shape[0], w.shape[1], -1)[0, -1, -1] = float("nan")
        else:
            flat = x.view(x.shape[0], x.shape[1], -1)
            flat[0, 0, 0] = float("inf")
            flat[0, -1, -1] = float("nan")
            flat[-1, 0, -1] = float("-inf")
        y = run_torch(cfg, x, w, b)
        cases.append(make_case(save, name, spec, x, w, b, y))

    for spec in MINDSPORE_LAYERS:
        name = spec["name"]
        r = len(spec["input_shape"]) - 2
        x = torch.randn(spec["input_shape"])
        w = torch.randn([spec["in_channels"], spec["out_channels"] // spec["group"]] + spec["kernel_size"])
        b = torch.randn([spec["out_channels"]]) if spec["has_bias"] else None
        with torch.no_grad():
            y = mindspore_reference(spec, x, w, b)
        cases.append(make_case(save, name, spec, x, w, b, y))

    for spec in ONNX_LAYERS:
        x = torch.randn(spec["input_shape"])
        w = torch.randn([spec["in_channels"], spec["out_channels"] // spec["group"]] + spec["kernel_size"])
        b = torch.randn([spec["out_channels"]]) if spec["bias"] else None
        with torch.no_grad():
            y = onnx_reference(spec, x, w, b)
        cases.append(make_case(save, spec["name"], spec, x, w, b, y))

    for spec in TF_LAYERS:
        r = len(spec["input_shape"]) - 2
        last = "data_format" not in spec
        cin, cout = spec["in_channels"], spec["out_channels"]
        n_c_first = spec["input_shape"]
        if last:
            n_c_first = [n_c_first[0], cin] + n_c_first[1:1 + r]
        x = torch.randn(n_c_first)
        w = torch.randn([cin, cout] + spec["kernel_size"])
        b = torch.randn([cout]) if spec["use_bias"] else None
        with torch.no_grad():
            y = tf_reference(spec, x, w, b)
        if last:
            x, y = to_channels_last(x), to_channels_last(y)
        cases.append(make_case(save, spec["name"], spec, x, weight_channels_last(w), b, y))

    # Imported here: the variants use this module's layers and helpers.
    from conformance_variants import (bfloat16_cases, channels_last_cases, float16_cases,
                                      weight_format_cases)
    cases += weight_format_cases(args.seed, save)
    cases += channels_last_cases(args.seed, save)
    cases += bfloat16_cases(args.seed, save)
    cases += float16_cases(args.seed, save)
    write_json(os.path.join(args.out, "manifest.json"),
               {"generator": "torch_reference.py conformance", "torch": torch.__version__,
                "cases": cases})
    n_ms = len(MINDSPORE_LAYERS)
    n_onnx = len(ONNX_LAYERS)
    n_tf = len(TF_LAYERS)
    n_wf = sum(c["name"].startswith("wf_") for c in cases)
    n_cl = sum(c["name"].startswith("cl_") for c in cases)
    n_bf = sum(c["name"].startswith(("bf16_", "f16_")) for c in cases)
    print(f"{len(cases) - n_ms - n_onnx - n_tf - n_wf - n_cl - n_bf} PyTorch, {n_ms} MindSpore, "
          f"{n_onnx} ONNX and {n_tf} TensorFlow layers, {n_wf} again with the weight [k..., C_out, "
          f"C_in], {n_cl} channels last, {n_bf} bfloat16 or float16 -> {args.out}")


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
    c = sub.add_parser("conformance")
    c.add_argument("--seed", type=int, default=3)
    c.add_argument("--out", required=True)
    args = ap.parse_args()
    torch.set_num_threads(1)
    {"shapes": cmd_shapes, "layers": cmd_layers, "conformance": cmd_conformance}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
