#!/usr/bin/python3
"""Times PyTorch's ConvTranspose on every layer of the suite.

  torch_bench.py SUITE --threads N [--seconds S] [--convtc PATH [--tuned]]

Prints one JSON object: {layer name: {"ms_min", "ms_median", "runs",
"cl_ms_min"}}. torch.set_num_threads(N), inference mode, inputs made once;
the module's forward is timed (MindSpore layers as the PyTorch layer with the
same pads), NCHW and, for 2-D and 3-D layers, in PyTorch's channels_last
memory format (cl_ms_min; checked equal to the NCHW output first).
With --convtc, each layer's input, weight and bias also go through
`convtc run` before timing, and its output must equal PyTorch's (MindSpore
layers: MindSpore's semantics computed with PyTorch, as the conformance tests
do) within a relative error of 1e-4; "max_rel_err" joins each entry, and a
mismatch stops the benchmark.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "conformance"))
from torch_reference import mindspore_reference  # noqa: E402

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


def mindspore_spec(spec):
    """The suite's MindSpore spec with every attribute per dimension, as
    torch_reference.mindspore_reference reads it."""
    r = len(spec["input_shape"]) - 2
    full = dict(spec)
    for key, default in (("kernel_size", 1), ("stride", 1), ("dilation", 1)):
        full[key] = per_dim(spec.get(key, default), r)
    full.setdefault("group", 1)
    full.setdefault("pad_mode", "same")
    return full


def check_with_convtc(convtc, spec, module, x, threads, tuned):
    """Runs the layer through `convtc run` on the inputs PyTorch gets and
    returns the largest error relative to the output's largest magnitude."""
    with tempfile.TemporaryDirectory() as work, torch.no_grad():
        w = module.weight.detach()
        b = module.bias.detach() if module.bias is not None else None
        if spec["style"] == "mindspore":
            want = mindspore_reference(mindspore_spec(spec), x, w, b)
        else:
            want = module(x)
        path = lambda name: os.path.join(work, name)
        json.dump({k: v for k, v in spec.items() if k != "why"}, open(path("spec.json"), "w"))
        np.save(path("x.npy"), x.numpy())
        np.save(path("w.npy"), w.numpy())
        cmd = [convtc, "run", path("spec.json"), "--input", path("x.npy"), "--weight", path("w.npy"),
               "--output", path("y.npy"), f"--threads={threads}"] + (["--tuned"] if tuned else [])
        if b is not None:
            np.save(path("b.npy"), b.numpy())
            cmd += ["--bias", path("b.npy")]
        subprocess.run(cmd, check=True, capture_output=True, text=True)
        got = torch.from_numpy(np.load(path("y.npy")))
        if got.shape != want.shape:
            raise SystemExit(f"torch_bench: {spec['name']}: convt's output is {list(got.shape)}, "
                             f"PyTorch's {list(want.shape)}")
        return float((got - want).abs().max() / max(1.0, float(want.abs().max())))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("suite")
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--seconds", type=float, default=1.0)
    ap.add_argument("--convtc", help="check each layer's output against `convtc run` first")
    ap.add_argument("--tuned", action="store_true", help="check convt's tuned schedule (convtc run --tuned)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    out = {}
    for spec in json.load(open(args.suite))["layers"]:
        m = module_for(spec).eval()
        x = torch.randn(spec["input_shape"])
        err = None
        if args.convtc:
            err = check_with_convtc(args.convtc, spec, m, x, args.threads, args.tuned)
            if not err <= 1e-4:
                raise SystemExit(f"torch_bench: {spec['name']}: convt and PyTorch differ "
                                 f"(max relative error {err:.2e})")
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
        # Channels last (PyTorch's channels_last memory formats, 2-D and
        # 3-D): the same module and input, converted once.
        fmt = {4: torch.channels_last, 5: torch.channels_last_3d}.get(x.dim())
        if fmt is not None:
            mc = module_for(spec).eval()
            mc.load_state_dict(m.state_dict())
            mc = mc.to(memory_format=fmt)
            xc = x.to(memory_format=fmt)
            cl = []
            with torch.inference_mode():
                want = m(x)
                got = mc(xc)
                if not float((got - want).abs().max()) <= 1e-4 * max(1.0, float(want.abs().max())):
                    raise SystemExit(f"torch_bench: {spec['name']}: PyTorch channels_last differs")
                start = time.perf_counter()
                while len(cl) < 5 or (time.perf_counter() - start < args.seconds and len(cl) < 1000):
                    t = time.perf_counter()
                    mc(xc)
                    cl.append((time.perf_counter() - t) * 1e3)
            out[spec["name"]]["cl_ms_min"] = min(cl)
        if err is not None:
            out[spec["name"]]["max_rel_err"] = err
        print(f"  torch {spec['name']}: {times[0]:.3f} ms", file=sys.stderr, flush=True)
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())
