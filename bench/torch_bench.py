#!/usr/bin/python3
"""Times PyTorch's ConvTranspose on every layer of the suite.

  torch_bench.py SUITE --threads N [--seconds S]

Prints one JSON object: {layer name: {"ms_min", "ms_median", "runs"}}.
torch.set_num_threads(N), inference mode, inputs made once; the module's
forward is timed (MindSpore layers as the PyTorch layer with the same pads).
"""
import argparse
import json
import sys
import time

import torch

CONV = {1: torch.nn.ConvTranspose1d, 2: torch.nn.ConvTranspose2d, 3: torch.nn.ConvTranspose3d}


def per_dim(v, r):
    return list(v) if isinstance(v, (list, tuple)) else [v] * r


def module_for(spec):
    r = len(spec["input_shape"]) - 2
    k = per_dim(spec["kernel_size"], r)
    if spec["style"] == "mindspore":
        # 'same' with fs > s: PyTorch padding p = (fs - s) / 2 when it is even
        # and symmetric; otherwise time the same work with padding 0.
        s = per_dim(spec.get("stride", 1), r)
        d = per_dim(spec.get("dilation", 1), r)
        pad = [max(0, (d[i] * (k[i] - 1) + 1 - s[i])) // 2 for i in range(r)]
        return CONV[r](spec["in_channels"], spec["out_channels"], k, stride=s, padding=pad,
                       dilation=d, groups=spec.get("group", 1), bias=spec.get("has_bias", False))
    return CONV[r](spec["in_channels"], spec["out_channels"], k,
                   stride=spec.get("stride", 1), padding=spec.get("padding", 0),
                   output_padding=spec.get("output_padding", 0), groups=spec.get("groups", 1),
                   bias=spec.get("bias", True), dilation=spec.get("dilation", 1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("suite")
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--seconds", type=float, default=1.0)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    out = {}
    for spec in json.load(open(args.suite))["layers"]:
        m = module_for(spec).eval()
        x = torch.randn(spec["input_shape"])
        times = []
        with torch.inference_mode():
            m(x)
            start = time.perf_counter()
            while len(times) < 5 or (time.perf_counter() - start < args.seconds and len(times) < 1000):
                t = time.perf_counter()
                m(x)
                times.append((time.perf_counter() - t) * 1e3)
        times.sort()
        out[spec["name"]] = {"ms_min": times[0], "ms_median": times[len(times) // 2],
                             "runs": len(times)}
        print(f"  torch {spec['name']}: {times[0]:.3f} ms", file=sys.stderr, flush=True)
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())
