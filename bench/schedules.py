#!/usr/bin/python3
"""Times every schedule on every layer of bench/suite.json, in one run.

  bench/schedules.py [BUILD_DIR] [--threads N] [--seconds S]

Prints min ms and useful GFLOP/s per layer and schedule, and the geometric
mean of GFLOP/s per schedule: the README's choice of default schedule rests on
this table. Ctrl-C stops it cleanly.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEDULES = ["expert", "mullapudi2016", "adams2019", "li2018"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build", nargs="?", default=os.path.join(ROOT, "build"))
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seconds", type=float, default=0.5)
    args = ap.parse_args()
    convtc = os.path.join(args.build, "bin", "convtc")
    layers = json.load(open(os.path.join(ROOT, "bench", "suite.json")))["layers"]
    logs = {s: [] for s in SCHEDULES}
    print(f"{'layer':12}" + "".join(f"{s:>24}" for s in SCHEDULES), flush=True)
    try:
        with tempfile.TemporaryDirectory() as work:
            for i, layer in enumerate(layers):
                path = os.path.join(work, layer["name"] + ".json")
                json.dump({k: v for k, v in layer.items() if k != "why"}, open(path, "w"))
                row = f"{layer['name']:12}"
                for s in SCHEDULES:
                    out = subprocess.run(
                        [convtc, "bench", path, "--json", f"--schedule={s}",
                         f"--threads={args.threads}", f"--seconds={args.seconds}"],
                        capture_output=True, text=True)
                    if out.returncode:
                        row += f"{'error':>24}"
                        continue
                    r = json.loads(out.stdout)
                    logs[s].append(r["gflops"])
                    row += f"{r['ms_min']:>12.3f} ms {r['gflops']:>7.1f} GF"
                print(row, flush=True)
                print(f"  [{i + 1}/{len(layers)}]", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    print("geomean GFLOP/s " + "".join(
        f"{s}: {math.exp(sum(map(math.log, v)) / len(v)):.1f}  " for s, v in logs.items() if v))
    return 0


if __name__ == "__main__":
    sys.exit(main())
