#!/usr/bin/env python3
"""The GPU suite's layers as OpenCL kernels on PoCL, against the CPU kernel.

  opencl_suite.py --convtc BIN --suite bench/gpu-suite.json

Each layer of the suite at batch 1 (the template's parameters depend on
the layer's shape, not its batch: these are the kernels the GPU runs), in
its layout and channels last: `convtc run --target=opencl` (the kernel in
convt-runner, out of process) must give the CPU kernel's numbers within
1e-4 relative. Exit status 1 on any mismatch.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

LAST = {1: "NWC", 2: "NHWC", 3: "NDHWC"}


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(" ".join(cmd) + "\n" + p.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--convtc", required=True)
    ap.add_argument("--suite", required=True)
    args = ap.parse_args()
    with open(args.suite) as f:
        layers = json.load(f)["layers"]
    failures = 0
    rng = np.random.RandomState(0)
    with tempfile.TemporaryDirectory(prefix="convt-ocl-suite-") as work:
        for layer in layers:
            for last in (False, True):
                spec = {k: v for k, v in layer.items() if k != "why"}
                shape = [1] + spec["input_shape"][1:]
                rank = len(shape) - 2
                name = spec["name"] + ("_last" if last else "")
                if last:
                    spec["data_format"] = LAST[rank]
                    shape = [shape[0]] + shape[2:] + [shape[1]]
                spec["input_shape"] = shape
                base = os.path.join(work, name)
                with open(base + ".json", "w") as f:
                    json.dump(spec, f)
                np.save(base + "_x.npy",
                        rng.uniform(-1, 1, shape).astype(np.float32))
                try:
                    for target, out in (("host", "_cpu"), ("opencl", "_ocl")):
                        run([args.convtc, "run", base + ".json", "--target",
                             target, "--input", base + "_x.npy", "--output",
                             base + out + ".npy", "--seed", "1"])
                    cpu = np.load(base + "_cpu.npy")
                    ocl = np.load(base + "_ocl.npy")
                    err = float(np.max(np.abs(cpu - ocl) /
                                       np.maximum(1.0, np.abs(cpu))))
                    ok = cpu.shape == ocl.shape and err <= 1e-4
                    print(f"{name} {list(cpu.shape)}: max relative "
                          f"difference {err:.2e} {'ok' if ok else 'FAILED'}",
                          flush=True)
                except RuntimeError as e:
                    ok = False
                    print(f"{name}: FAILED\n{e}", flush=True)
                failures += not ok
    total = 2 * len(layers)
    print(f"{total - failures}/{total} GPU-suite kernels (batch 1) on PoCL "
          f"match the CPU kernels")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
