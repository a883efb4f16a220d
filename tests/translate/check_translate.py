#!/usr/bin/env python3
"""convtc translate, checked on both sides through convt.

  check_translate.py --convtc BIN --data CONFORMANCE_DIR SPEC.json ...

For every given spec (the seed examples) and every float32 conformance
layer, `convtc translate --to=torch|mindspore|onnx|tf --json`:
- exact (no `then`): the translated spec must have the original's
  canonical form, line for line (`convtc info`): convt compiles one kernel
  for both, so their numbers are equal;
- with extra steps (`then`): the translated layer and the original are run
  through convt on the same data (`convtc run`), the steps applied to the
  translated output with NumPy, and the two compared (1e-4 relative) for
  the given specs and every 4th such conformance layer. Layers whose bias
  lands past the full result (a pad the target can only fill with zeros)
  are reported as not exact, as translate says.
- a grouped layer to TensorFlow (which has no groups) must be refused with
  that reason.
Exit status 1 on any failure.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np


def info(convtc, path):
    p = subprocess.run([convtc, "info", path], capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"convtc info {path}: {p.stderr}")
    out = {}
    for line in p.stdout.splitlines()[1:]:
        key, _, value = line.strip().partition(" ")
        out[key.rstrip(":")] = value.strip()
    return out


def shape(text):
    return [int(v) for v in text.strip("[]").split(",") if v.strip()]


def canonical_fields(text):
    return dict(f.split("=", 1) for f in text.split())


def run(convtc, spec, x, w, b, out):
    cmd = [convtc, "run", spec, "--input", x, "--weight", w, "--output", out]
    if b:
        cmd += ["--bias", b]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(" ".join(cmd) + "\n" + p.stderr)
    return np.load(out)


def apply_then(y, then, channels_last):
    rank = len(then["crop_begin"])
    first = 1 if channels_last else 2  # the first spatial axis
    index = [slice(None)] * y.ndim
    for d in range(rank):
        end = -then["crop_end"][d] or None
        index[first + d] = slice(then["crop_begin"][d], end)
    y = y[tuple(index)]
    pad = [(0, 0)] * y.ndim
    for d in range(rank):
        pad[first + d] = (then["zeros_begin"][d], then["zeros_end"][d])
    return np.pad(y, pad)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--convtc", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("specs", nargs="*")
    args = ap.parse_args()
    given = list(args.specs)
    failures = 0
    targets = ("torch", "mindspore", "onnx", "tf")
    counts = {t: {"exact": 0, "steps": 0, "numeric": 0, "not exact": 0, "refused": 0}
              for t in targets}
    rng = np.random.RandomState(0)
    with tempfile.TemporaryDirectory(prefix="convt-translate-") as work:
        specs = list(given)
        with open(os.path.join(args.data, "manifest.json")) as f:
            for case in json.load(f)["cases"]:
                if case["spec"].get("dtype", "float32") != "float32":
                    continue
                path = os.path.join(work, case["name"] + ".json")
                with open(path, "w") as out:
                    json.dump(case["spec"], out)
                specs.append(path)
        steps_seen = 0
        for path in specs:
            original = info(args.convtc, path)
            want = original["canonical"]
            fields = canonical_fields(want)
            bias_past = fields["bias"] == "1" and any(
                int(v) < 0 for k in ("pb", "pe") for v in fields[k].split("x"))
            for to in targets:
                p = subprocess.run([args.convtc, "translate", path,
                                    "--to=" + to, "--json"],
                                   capture_output=True, text=True)
                if to == "tf" and fields["groups"] != "1":
                    if p.returncode == 1 and "have no groups" in p.stderr:
                        counts[to]["refused"] += 1
                    else:
                        failures += 1
                        print(f"FAILED {path} -> tf: a grouped layer not refused: "
                              f"{p.stdout}{p.stderr}")
                    continue
                if p.returncode != 0:
                    failures += 1
                    print(f"FAILED {path} -> {to}: {p.stderr}")
                    continue
                spec = json.loads(p.stdout)
                then = spec.pop("then", None)
                out = os.path.join(work, "translated.json")
                with open(out, "w") as f:
                    json.dump(spec, f)
                if then is None:
                    got = info(args.convtc, out)["canonical"]
                    if got != want:
                        failures += 1
                        print(f"FAILED {path} -> {to}: {got} != {want}")
                    counts[to]["exact"] += 1
                    continue
                counts[to]["steps"] += 1
                if bias_past:
                    counts[to]["not exact"] += 1
                    continue
                steps_seen += 1
                if path not in given and steps_seen % 4:
                    continue
                x = os.path.join(work, "x.npy")
                w = os.path.join(work, "w.npy")
                b = os.path.join(work, "b.npy")
                np.save(x, rng.uniform(-1, 1, shape(original["input"]))
                        .astype(np.float32))
                np.save(w, rng.uniform(-1, 1, shape(original["weight"]))
                        .astype(np.float32))
                has_bias = "bias" in original
                if has_bias:
                    np.save(b, rng.uniform(-1, 1, shape(original["bias"]))
                            .astype(np.float32))
                try:
                    y0 = run(args.convtc, path, x, w, has_bias and b,
                             os.path.join(work, "y0.npy"))
                    y1 = run(args.convtc, out, x, w, has_bias and b,
                             os.path.join(work, "y1.npy"))
                except RuntimeError as e:
                    failures += 1
                    print(f"FAILED {path} -> {to}: {e}")
                    continue
                last = spec.get("data_format", "NC")[1] != "C"
                y1 = apply_then(y1, then, last)
                ok = y0.shape == y1.shape and np.allclose(
                    y0, y1, rtol=1e-4, atol=1e-4)
                counts[to]["numeric"] += 1
                if not ok:
                    failures += 1
                    print(f"FAILED {path} -> {to}: numbers differ after "
                          f"the steps {then} ({y0.shape} vs {y1.shape})")
    for to, c in counts.items():
        print(f"{to}: {c['exact']} layers exactly (same canonical form), "
              f"{c['steps']} with extra steps ({c['numeric']} run on both "
              f"sides and compared, {c['not exact']} not exact: bias past "
              f"the full result)" + (f", {c['refused']} refused (groups)"
                                     if c["refused"] else ""))
    print(f"{len(specs)} layers translated, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
