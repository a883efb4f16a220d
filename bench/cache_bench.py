#!/usr/bin/python3
"""What the kernel cache saves: cold compile, warm disk load, in-memory hit.

  bench/cache_bench.py [--build DIR] [--runs N]

For every layer of bench/suite.json, in a fresh cache directory
(CONVT_CACHE_DIR): one `convtc bench` process compiles the layer (cold:
lookup, code generation, linking, storing the entry), then N new processes
each load it from the disk cache (warm: checksum, checks, dlopen), and each
of those asks for it a second time (an in-memory hit). The times are
convtc's own (`compile_s`, `memory_hit_us` of `convtc bench --json`), so
process start-up is not counted. Writes the "Kernel cache" section of
bench/results.md (bench/run.py keeps it). Goal: a warm disk load under 5 ms.
"""
import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECTION = "## Kernel cache"


def bench(convtc, spec, cache):
    p = subprocess.run([convtc, "bench", spec, "--json", "--seconds", "0.01"],
                       capture_output=True, text=True,
                       env=dict(os.environ, CONVT_CACHE_DIR=cache))
    if p.returncode != 0:
        sys.exit("cache_bench: " + p.stderr)
    return json.loads(p.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    convtc = os.path.join(args.build, "bin", "convtc")
    work = tempfile.mkdtemp(prefix="convt-cache-bench-")
    rows = []
    try:
        layers = json.load(open(os.path.join(ROOT, "bench", "suite.json")))["layers"]
        for i, layer in enumerate(layers):
            print(f"cache_bench: {layer['name']} ({i + 1}/{len(layers)})", file=sys.stderr,
                  flush=True)
            spec = os.path.join(work, layer["name"] + ".json")
            json.dump({k: v for k, v in layer.items() if k != "why"}, open(spec, "w"))
            cache = os.path.join(work, "cache-" + layer["name"])
            cold = bench(convtc, spec, cache)
            assert cold["kernel_source"] == "compiled", cold
            warm, hits = [], []
            for _ in range(args.runs):
                r = bench(convtc, spec, cache)
                assert r["kernel_source"] == "disk", r
                warm.append(r["compile_s"] * 1e3)
                hits.append(r["memory_hit_us"])
            entry = os.listdir(os.path.join(cache, "kernels"))
            size = sum(os.path.getsize(os.path.join(cache, "kernels", e))
                       for e in entry if e.endswith(".so"))
            rows.append((layer["name"], cold["compile_s"] * 1e3, statistics.median(warm),
                         max(warm), statistics.median(hits), size / 1024))
    except KeyboardInterrupt:
        sys.exit("cache_bench: interrupted; nothing written")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    md = [SECTION, "",
          f"Measured {datetime.date.today()} by `bench/cache_bench.py` ({args.runs} warm "
          "processes a layer; convtc's own timing of the kernel lookup, without process "
          "start-up). Cold: compile, link and store the entry; warm: a new process loads the "
          "entry from disk (checksum, owner and mode checks, dlopen); in memory: the same "
          "process asks again (median of 100).", "",
          "| layer | cold compile ms | warm disk load ms (median, max) | in-memory hit us | "
          "entry KiB |", "|---|---|---|---|---|"]
    for name, cold, warm, worst, hit, kib in rows:
        md.append(f"| {name} | {cold:.0f} | {warm:.2f} ({worst:.2f}) | {hit:.1f} | {kib:.0f} |")
    worst = max(r[3] for r in rows)
    md += ["", f"Slowest warm disk load: **{worst:.2f} ms** (goal: under 5 ms); "
           f"cold compile {min(r[1] for r in rows):.0f}-{max(r[1] for r in rows):.0f} ms.", ""]
    out_md = os.path.join(ROOT, "bench", "results.md")
    old = open(out_md).read() if os.path.exists(out_md) else "# convt benchmark results\n\n"
    if SECTION in old:
        old = old[:old.index(SECTION)]
    with open(out_md + ".tmp", "w") as f:
        f.write(old.rstrip("\n") + "\n\n" + "\n".join(md))
    os.replace(out_md + ".tmp", out_md)
    print("\n".join(md))
    return 0


if __name__ == "__main__":
    sys.exit(main())
