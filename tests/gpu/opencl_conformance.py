#!/usr/bin/env python3
"""OpenCL kernels on PoCL against PyTorch's numbers.

  opencl_conformance.py --convtc BIN --runner BIN --data DIR [--jobs N]

A representative set of the conformance layers (DIR/manifest.json, written
by torch_reference.py): every rank, groups, depthwise, dilation with phases
no tap reaches, output_padding, MindSpore 'same' and 'pad', channels last,
random shapes. Each layer is compiled ahead of time for `--target=opencl`
(the template's default; the gather form f1 for every third layer, Li2018
for some others) and
run by convt-runner, a process that links only the runtime: PoCL's LLVM 15
and Halide's LLVM 14 crash in one process. The runner compares the output
with PyTorch's (1e-4 relative, as the CPU conformance tests). Exit status 1
when any layer fails, with its command line printed.
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile

# Named layers chosen for what they exercise; random ones fill in shapes.
NAMED = [
    "seed2d_ex1", "seed2d_ex2", "seed2d_ex3", "seed2d_ex4", "seed3d_ex1",
    "seed3d_ex2", "groups", "depthwise", "one_by_one_strided", "op2_s3_d1",
    "op3_s4_d2", "groups_3d", "stride40_thin", "ms_seed2d_ex1",
    "ms_seed2d_ex2_same", "ms_seed2d_ex3_valid", "ms_seed2d_ex4",
    "ms_seed3d_ex1_same", "ms_seed3d_ex2_valid", "ms_asym_pad_3d", "ms_batch",
    "cl_depthwise_mult", "cl_groups_3d", "nonfinite_w_seed2d_ex4",
    # TensorFlow's layouts (the weight [k..., C_out, C_in]), packed and read
    # as given (the gather form, every third layer).
    "tf_keras_same_s2", "tf_nn_explicit_full", "tf_keras_3d", "tf_nn_bias_add",
    "wf_groups", "wf_seed2d_ex4", "wf_depthwise_1d",
]
MIN_LAYERS = 40


def select(cases):
    by_name = {c["name"]: c for c in cases}
    chosen = [by_name[n] for n in NAMED if n in by_name]
    names = {c["name"] for c in chosen}
    # Every 1-D layer and dilated layer up to a few each, then every 8th
    # of the rest (random shapes, channels last).
    extra = []
    for c in cases:
        spec = c["spec"]
        if c["name"] in names or spec.get("dtype", "float32") != "float32":
            continue
        rank = len(spec["input_shape"]) - 2
        dil = spec.get("dilation", 1)
        dilated = any(d > 1 for d in (dil if isinstance(dil, list) else [dil]))
        if rank == 1 and sum(1 for e in extra if e[1] == "1d") < 6:
            extra.append((c, "1d"))
        elif dilated and sum(1 for e in extra if e[1] == "dil") < 6:
            extra.append((c, "dil"))
    chosen += [c for c, _ in extra]
    names = {c["name"] for c in chosen}
    rest = [c for c in cases if c["name"] not in names and
            c["spec"].get("dtype", "float32") == "float32"]
    chosen += rest[::8]
    return chosen


def run_case(case, index, args, work):
    name = case["name"]
    spec_path = os.path.join(work, name + ".json")
    with open(spec_path, "w") as f:
        json.dump(case["spec"], f)
    out_dir = os.path.join(work, name)
    compile_cmd = [args.convtc, "compile", spec_path, "--target=opencl",
                   "--name", "k", "-o", out_dir]
    form = "default"
    if index % 3 == 2:
        compile_cmd.append("--gpu=f1c1q1x32y4z1k1s2")
        form = "f1"
    elif index % 5 == 4:
        compile_cmd.append("--schedule=li2018")
        form = "li2018"
    p = subprocess.run(compile_cmd, capture_output=True, text=True)
    if p.returncode != 0:
        # Li2018's GPU schedules of some layers are ones Halide 14 cannot
        # lower (cl_random_258: its loop partitioning); convtc says so.
        # The template must compile every layer.
        if form == "li2018" and "cannot compile the li2018 schedule" in \
                p.stderr:
            return name, "li2018 refused by Halide 14", True, ""
        return name, form, False, " ".join(compile_cmd) + "\n" + p.stderr
    files = case["files"]
    data = [os.path.join(args.data, files[k]) for k in ("x", "w", "b")
            if k in files]
    run_cmd = [args.runner, os.path.join(out_dir, "k.so"), "run", *data,
               os.path.join(out_dir, "y.npy"), "--check",
               os.path.join(args.data, files["y"])]
    p = subprocess.run(run_cmd, capture_output=True, text=True)
    ok = p.returncode == 0
    return name, form, ok, "" if ok else (" ".join(run_cmd) + "\n" + p.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--convtc", required=True)
    ap.add_argument("--runner", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    with open(os.path.join(args.data, "manifest.json")) as f:
        cases = json.load(f)["cases"]
    chosen = select(cases)
    if len(chosen) < MIN_LAYERS:
        print(f"only {len(chosen)} layers selected, expected at least "
              f"{MIN_LAYERS}", file=sys.stderr)
        return 1
    failures = 0
    with tempfile.TemporaryDirectory(prefix="convt-opencl-") as work:
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            futures = [pool.submit(run_case, c, i, args, work)
                       for i, c in enumerate(chosen)]
            for i, fut in enumerate(futures):
                name, form, ok, log = fut.result()
                print(f"[{i + 1}/{len(chosen)}] {name} ({form}): "
                      f"{'ok' if ok else 'FAILED'}", flush=True)
                if not ok:
                    failures += 1
                    print(log, flush=True)
    print(f"{len(chosen) - failures}/{len(chosen)} OpenCL layers match "
          f"PyTorch on PoCL")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
