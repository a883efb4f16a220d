#!/usr/bin/env python3
"""Builds the bundle that checks and times convt's CUDA kernels on a GPU.

  make_bundle.py --convtc BIN --runner BIN --data CONFORMANCE_DIR
                 --suite bench/gpu-suite.json --out DIR

DIR gets everything the GPU machine needs, built here (it has no compiler
and no packages): convt-runner (links only the runtime: libc, libstdc++
and, at run time, the driver's libcuda.so), CUDA kernels compiled ahead of
time for the representative conformance layers (with PyTorch's inputs and
outputs) and for every GPU-suite layer, the cuDNN timing script and run.sh.
On the GPU machine: `DIR/run.sh OUT` (under 5 minutes), then here:
`bench/gpu_results.py OUT > bench/results-gpu.md`.
"""
import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from opencl_conformance import select  # noqa: E402  the same layers


def compile_kernel(convtc, spec, out_dir, name, target, options=(),
                   must=True):
    path = os.path.join(out_dir, name + ".json")
    with open(path, "w") as f:
        json.dump(spec, f)
    done = subprocess.run([convtc, "compile", path, "--target=" + target,
                           "--name", name, "-o", out_dir, *options],
                          capture_output=True, text=True)
    if done.returncode != 0:
        if must:
            raise RuntimeError(f"{name}: {done.stderr}")
        # A candidate Halide 14 cannot compile (li2018 on some layers) is
        # left out, as the tuner leaves it out.
        print(f"{name} {' '.join(options)}: not compiled: "
              f"{done.stderr.strip().splitlines()[-1]}", file=sys.stderr)
        os.remove(path)
        return
    # Only the shared object travels: the static library and header stay.
    for extra in ("lib" + name + ".a", name + ".h"):
        os.remove(os.path.join(out_dir, extra))


def canonical(convtc, spec_path, name):
    """The layer's canonical form from `convtc info`, for cudnn_bench.py."""
    info = subprocess.run([convtc, "info", spec_path], check=True,
                          capture_output=True, text=True).stdout
    line = next(l for l in info.splitlines() if "canonical:" in l)
    fields = dict(f.split("=", 1) for f in line.split("canonical:")[1].split())
    dims = lambda key: [int(v) for v in fields[key].split("x")]
    gflop = float(next(l for l in info.splitlines()
                       if "useful GFLOP" in l).split(":")[1])
    return {"name": name, "rank": int(fields["rank"]),
            "batch": int(fields["N"]), "in_channels": int(fields["Cin"]),
            "out_channels": int(fields["Cout"]),
            "groups": int(fields["groups"]), "input_size": dims("in"),
            "kernel_size": dims("k"), "strides": dims("s"),
            "dilations": dims("d"), "pads_begin": dims("pb"),
            "pads_end": dims("pe"), "bias": fields["bias"] == "1",
            "flops": gflop * 1e9}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--convtc", required=True)
    ap.add_argument("--runner", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--suite", required=True)
    ap.add_argument("--out", required=True)
    # opencl: the same bundle for PoCL, to try run.sh without a GPU.
    ap.add_argument("--target", default="cuda", choices=["cuda", "opencl"])
    # The tuner's candidates for every suite layer (`convtc tune
    # --list-candidates`), compiled here and timed there: the search the
    # GPU machine cannot run itself (it has no compiler).
    ap.add_argument("--variants", action="store_true")
    args = ap.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    conf_dir = os.path.join(args.out, "conformance")
    suite_dir = os.path.join(args.out, "suite")
    var_dir = os.path.join(args.out, "variants")
    for d in (conf_dir, suite_dir, var_dir, os.path.join(args.out, "bin")):
        os.makedirs(d)
    shutil.copy(args.runner, os.path.join(args.out, "bin", "convt-runner"))
    for f in ("run.sh", "cudnn_bench.py"):
        shutil.copy(os.path.join(HERE, f), args.out)

    with open(os.path.join(args.data, "manifest.json")) as f:
        cases = select(json.load(f)["cases"])
    with open(args.suite) as f:
        layers = json.load(f)["layers"]
    jobs = []
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        lines = []
        variants = []
        for c in cases:
            files = c["files"]
            for key in ("x", "w", "b", "y"):
                if key in files:
                    shutil.copy(os.path.join(args.data, files[key]), conf_dir)
            ins = [files[k] for k in ("x", "w", "b") if k in files]
            lines.append(" ".join([c["name"], *ins, files["y"]]))
            jobs.append(pool.submit(compile_kernel, args.convtc, c["spec"],
                                    conf_dir, c["name"], args.target))
        for layer in layers:
            spec = {k: v for k, v in layer.items() if k not in ("why",)}
            jobs.append(pool.submit(compile_kernel, args.convtc, spec,
                                    suite_dir, layer["name"], args.target))
            spec_path = os.path.join(suite_dir, layer["name"] + ".layer.json")
            with open(spec_path, "w") as f:
                json.dump(spec, f)
            with open(os.path.join(suite_dir,
                                   layer["name"] + ".canonical.json"),
                      "w") as f:
                json.dump(canonical(args.convtc, spec_path, layer["name"]), f)
            if args.variants:
                listed = subprocess.run(
                    [args.convtc, "tune", spec_path, "--target=" + args.target,
                     "--list-candidates"], check=True, capture_output=True,
                    text=True).stdout.splitlines()
                for i, line in enumerate(listed):
                    name = f"{layer['name']}_v{i}"
                    variants.append(f"{name} {line}")
                    jobs.append(pool.submit(compile_kernel, args.convtc, spec,
                                            var_dir, name, args.target,
                                            line.split(), False))
        for j in jobs:
            j.result()
    with open(os.path.join(conf_dir, "list.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(var_dir, "list.txt"), "w") as f:
        f.write("".join(v + "\n" for v in variants
                        if os.path.exists(os.path.join(
                            var_dir, v.split()[0] + ".so"))))
    size = sum(os.path.getsize(os.path.join(r, n))
               for r, _, ns in os.walk(args.out) for n in ns)
    print(f"{args.out}: {len(cases)} conformance layers, {len(layers)} suite "
          f"layers, {size / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
