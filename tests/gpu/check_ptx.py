#!/usr/bin/env python3
"""CUDA code for every benchmark layer, checked without a GPU.

  check_ptx.py --convtc BIN SUITE.json [SUITE.json ...]

For each layer of each suite, `convtc emit --target=cuda --stage=device`
must print PTX that declares at least one kernel entry point (.entry) and,
for the GPU suite's layers (the large ones), no local memory: a `.local`
declaration means the register tile spilled, or an array Halide could not
keep in registers, which costs a trip through the cache per access. Exit
status 1 on any failure.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--convtc", required=True)
    ap.add_argument("suites", nargs="+")
    args = ap.parse_args()
    failures = 0
    total = 0
    with tempfile.TemporaryDirectory(prefix="convt-ptx-") as work:
        for suite in args.suites:
            with open(suite) as f:
                layers = json.load(f)["layers"]
            large = "gpu-suite" in os.path.basename(suite)
            for layer in layers:
                total += 1
                spec = {k: v for k, v in layer.items()
                        if k not in ("why", "flops")}
                path = os.path.join(work, layer["name"] + ".json")
                with open(path, "w") as f:
                    json.dump(spec, f)
                p = subprocess.run([args.convtc, "emit", path,
                                    "--target=cuda", "--stage=device"],
                                   capture_output=True, text=True)
                problems = []
                if p.returncode != 0:
                    problems.append("emit failed: " + p.stderr.strip())
                entries = re.findall(r"^\.visible \.entry (\w+)\(",
                                     p.stdout, re.M)
                if p.returncode == 0 and not entries:
                    problems.append("no kernel entry point in the PTX")
                if large and re.search(r"^\s*\.local\b", p.stdout, re.M):
                    problems.append("local memory (.local) in the PTX")
                status = "ok" if not problems else "FAILED: " + "; ".join(
                    problems)
                print(f"{os.path.basename(suite)} {layer['name']}: "
                      f"{len(entries)} entry point(s), {status}", flush=True)
                failures += bool(problems)
    print(f"{total - failures}/{total} layers have CUDA kernels as expected")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
