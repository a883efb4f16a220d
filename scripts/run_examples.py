#!/usr/bin/python3
"""The main job: every seed example and every benchmark layer, compiled by
convt, run, checked against PyTorch and timed.

  run_examples.py BUILD_DIR

Seed examples run as their documents do (an input of ones, weights of ones);
suite layers on random data with PyTorch's initialisation. The expected
output comes from PyTorch: directly for PyTorch layers, through MindSpore's
rules (tests/conformance/torch_reference.py) for MindSpore layers.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "conformance"))
from torch_reference import mindspore_reference  # noqa: E402

CONV = {1: torch.nn.functional.conv_transpose1d, 2: torch.nn.functional.conv_transpose2d,
        3: torch.nn.functional.conv_transpose3d}


def per_dim(v, r):
    return list(v) if isinstance(v, (list, tuple)) else [v] * r


def normalized_mindspore(spec):
    r = len(spec["input_shape"]) - 2
    s = {"input_shape": spec["input_shape"], "in_channels": spec["in_channels"],
         "out_channels": spec["out_channels"], "kernel_size": per_dim(spec["kernel_size"], r),
         "stride": per_dim(spec.get("stride", 1), r), "dilation": per_dim(spec.get("dilation", 1), r),
         "pad_mode": spec.get("pad_mode", "same"), "padding": spec.get("padding", 0),
         "group": spec.get("group", 1), "has_bias": spec.get("has_bias", False)}
    if r > 1:
        s["output_padding"] = spec.get("output_padding", 0)
    return s


def torch_expected(spec, x, w, b):
    r = len(spec["input_shape"]) - 2
    if spec["style"] == "mindspore":
        return mindspore_reference(normalized_mindspore(spec), x, w, b)
    stride = per_dim(spec.get("stride", 1), r)
    padding = per_dim(spec.get("padding", 0), r)
    op = per_dim(spec.get("output_padding", 0), r)
    dilation = per_dim(spec.get("dilation", 1), r)
    return CONV[r](x, w, b, stride=stride, padding=padding, output_padding=op,
                   groups=spec.get("groups", 1), dilation=dilation)


def has_bias(spec):
    return spec.get("has_bias", False) if spec["style"] == "mindspore" else spec.get("bias", True)


def run_layer(convtc, spec, workdir, ones, threads):
    r = len(spec["input_shape"]) - 2
    groups = spec.get("group", 1) if spec["style"] == "mindspore" else spec.get("groups", 1)
    wshape = [spec["in_channels"], spec["out_channels"] // groups] + per_dim(spec["kernel_size"], r)
    gen = torch.Generator().manual_seed(0)
    if ones:
        x, w = torch.ones(spec["input_shape"]), torch.ones(wshape)
    else:
        x = torch.randn(spec["input_shape"], generator=gen)
        w = torch.rand(wshape, generator=gen) * 0.2 - 0.1
    b = torch.rand([spec["out_channels"]], generator=gen) - 0.5 if has_bias(spec) else None
    paths = {k: os.path.join(workdir, k + ".npy") for k in "xwby"}
    specpath = os.path.join(workdir, "spec.json")
    json.dump(spec, open(specpath, "w"))
    np.save(paths["x"], x.numpy())
    np.save(paths["w"], w.numpy())
    cmd = [convtc, "run", specpath, "--input", paths["x"], "--weight", paths["w"],
           "--output", paths["y"], f"--threads={threads}"]
    if b is not None:
        np.save(paths["b"], b.numpy())
        cmd += ["--bias", paths["b"]]
    start = time.time()
    subprocess.run(cmd, check=True)
    run_s = time.time() - start
    got = np.load(paths["y"])
    with torch.no_grad():
        want = torch_expected(spec, x, w, b).numpy()
    err = float(np.max(np.abs(got - want) / np.maximum(1, np.abs(want)))) if got.shape == want.shape else float("inf")
    bench = json.loads(subprocess.run(
        [convtc, "bench", specpath, "--json", "--seconds", "0.3", f"--threads={threads}"],
        check=True, capture_output=True, text=True).stdout)
    return got.shape, want.shape, err, run_s, bench


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build")
    convtc = os.path.join(build, "bin", "convtc")
    threads = os.cpu_count() or 1
    torch.set_num_threads(threads)
    failures = 0
    expected = {}
    for line in open(os.path.join(ROOT, "examples", "seeds", "expected_shapes.txt")):
        if line.strip() and not line.startswith("#"):
            name, shape = line.split(None, 1)
            expected[name] = tuple(json.loads(shape))
    header = (f"{'layer':34} {'output shape':20} {'document':20} {'vs PyTorch':>10} "
              f"{'ms min':>9} {'GFLOP/s':>8} {'kernel ms':>9} kernel from")
    with tempfile.TemporaryDirectory() as work:
        print(f"Seed examples (input and weights of ones, {threads} threads)")
        print(header)
        for name, doc_shape in expected.items():
            spec = json.load(open(os.path.join(ROOT, "examples", "seeds", name)))
            shape, want_shape, err, _, bench = run_layer(convtc, spec, work, True, threads)
            ok = shape == doc_shape == want_shape and err <= 1e-4
            failures += not ok
            print(f"{name[:-5]:34} {str(list(shape)):20} {str(list(doc_shape)):20} "
                  f"{err:10.1e} {bench['ms_min']:9.3f} {bench['gflops']:8.2f} "
                  f"{bench['compile_s'] * 1e3:9.1f} {bench['kernel_source']}"
                  f"{'' if ok else '  FAILED'}")
        print(f"\nBenchmark suite (bench/suite.json, random data, {threads} threads)")
        print(header.replace("document            ", "PyTorch shape       "))
        for spec in json.load(open(os.path.join(ROOT, "bench", "suite.json")))["layers"]:
            spec = {k: v for k, v in spec.items() if k != "why"}
            shape, want_shape, err, _, bench = run_layer(convtc, spec, work, False, threads)
            ok = shape == want_shape and err <= 1e-4
            failures += not ok
            print(f"{spec['name']:34} {str(list(shape)):20} {str(list(want_shape)):20} "
                  f"{err:10.1e} {bench['ms_min']:9.3f} {bench['gflops']:8.2f} "
                  f"{bench['compile_s'] * 1e3:9.1f} {bench['kernel_source']}"
                  f"{'' if ok else '  FAILED'}")
    if failures:
        print(f"main: {failures} layer(s) disagree with PyTorch or their document", file=sys.stderr)
        return 1
    print("\nmain: every layer matches PyTorch (max relative error <= 1e-4) and every seed "
          "example gives the shape its document prints")
    return 0


if __name__ == "__main__":
    sys.exit(main())
