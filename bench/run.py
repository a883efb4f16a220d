#!/usr/bin/python3
"""The whole benchmark: convt against oneDNN, XNNPACK and PyTorch on bench/suite.json.

  bench/run.py [--build DIR] [--threads N] [--min-time S] [--repetitions R]
               [--tune | --tuned]

Runs convt-bench (Google Benchmark: convt channels first and channels last,
oneDNN with plain NCHW, channels-last and blocked layouts, XNNPACK NHWC,
cached lookup, cold compile, FMA peak) and bench/torch_bench.py (NCHW and
channels_last) with the same thread count, then writes bench/results.md (per
layer: each library in each layout it supports; convt's best layout against
every peer's best layout, and NCHW against NCHW; fraction of the measured FMA
peak; compile costs; the machine it ran on) and bench/ratios.png.
With --tune, every suite layer is tuned first (convtc tune; winners stored in
the tuning database) and convt runs each layer's winner; --tuned runs the
winners stored by an earlier --tune. Ctrl-C stops it;
nothing is written then.
"""
import argparse
import datetime
import json
import math
import os
import platform
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LARGE = ("dcgan_g1", "dcgan_g2", "batch8", "vol3d")
DENSE = ("dcgan_g1", "dcgan_g2", "batch8", "vol3d", "unet_up", "audio1d")
CACHE_SECTION = "## Kernel cache"


def machine():
    model, flags = "unknown CPU", ""
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name") and model == "unknown CPU":
            model = line.split(":", 1)[1].strip()
        if line.startswith("flags") and not flags:
            flags = " ".join(f for f in line.split(":", 1)[1].split() if f.startswith("avx512"))[:120]
    return f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, {flags}"


def geomean(values):
    return math.exp(sum(map(math.log, values)) / len(values))


def by_name(report, prefix):
    """The fastest repetition of each layer's benchmark `prefix`."""
    out = {}
    for b in report["benchmarks"]:
        name = b["name"]
        if name.startswith(prefix + "/") and b.get("run_type") == "iteration":
            layer = name.split("/")[1]
            if "median_ms" in b:  # per-iteration median, robust to preemption
                b = dict(b, GFLOPs=b["GFLOPs"] * b["real_time"] / b["median_ms"], real_time=b["median_ms"])
            if layer not in out or b["real_time"] < out[layer]["real_time"]:
                out[layer] = b
    return out


def window_fraction(build, layer):
    """The multiply-adds that land in the output window over the formula's
    (2*N*C_in*prod(input)*(C_out/groups)*prod(kernel) counts the taps that
    padding crops too, work no kernel has to do), from `convtc info`'s
    canonical form."""
    import tempfile
    with tempfile.NamedTemporaryFile("w", suffix=".json") as f:
        json.dump({k: v for k, v in layer.items() if k not in ("name", "why")}, f)
        f.flush()
        info = subprocess.run([os.path.join(build, "bin", "convtc"), "info", f.name],
                              check=True, capture_output=True, text=True).stdout
    line = next(l for l in info.splitlines() if "canonical:" in l)
    field = dict(kv.split("=", 1) for kv in line.split("canonical:")[1].split())
    dims = lambda key: [int(v) for v in field[key].split("x")]
    n, k, s, d, pb, pe = (dims(key) for key in ("in", "k", "s", "d", "pb", "pe"))
    fraction = 1.0
    for r in range(int(field["rank"])):
        full = (n[r] - 1) * s[r] + d[r] * (k[r] - 1) + 1
        window = full - pb[r] - pe[r]
        inside = sum(1 for i in range(n[r]) for j in range(k[r])
                     if 0 <= i * s[r] + j * d[r] - pb[r] < window)
        fraction *= inside / (n[r] * k[r])
    return fraction


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--min-time", type=float, default=0.3)
    ap.add_argument("--repetitions", type=int, default=10)
    ap.add_argument("--tune", action="store_true")
    ap.add_argument("--tuned", action="store_true",
                    help="run the winners a previous --tune stored, without tuning again")
    args = ap.parse_args()
    suite = os.path.join(ROOT, "bench", "suite.json")
    tuned = []
    try:
        if args.tune:
            import tempfile
            with tempfile.TemporaryDirectory() as work:
                for i, layer in enumerate(json.load(open(suite))["layers"]):
                    path = os.path.join(work, layer["name"] + ".json")
                    json.dump({k: v for k, v in layer.items() if k != "why"}, open(path, "w"))
                    print(f"bench: tuning {layer['name']} ({i + 1}/{len(json.load(open(suite))['layers'])})", file=sys.stderr, flush=True)
                    out = subprocess.run(
                        [os.path.join(args.build, "bin", "convtc"), "tune", path,
                         f"--threads={args.threads}"],
                        check=True, capture_output=True, text=True)
                    tuned.append(out.stdout.strip())
        # One process per library: OpenMP's workers (oneDNN) spin after each
        # call and would steal cores from convt's threads in the same process.
        # The libraries run back to back per layer, so that a slow phase of
        # this shared machine hits both sides of a ratio alike; each runs
        # REPETITIONS times and the best repetition counts (for both).
        report = {"benchmarks": []}
        names = [l["name"] for l in json.load(open(suite))["layers"]]
        jobs = [("FMA peak", "^peak_fma", names[0])]
        for name in names:
            jobs.append((f"convt {name}", f"^(convt|convt_cl|convt_bf16|convt_bf16_cl|cache_lookup|compile_cold)/{name}(/|$)", name))
            jobs.append((f"oneDNN {name}", f"^onednn_(nchw|cl|blocked)/{name}(/|$)", name))
            jobs.append((f"XNNPACK {name}", f"^xnnpack_nhwc/{name}(/|$)", name))
        for i, (what, pattern, name) in enumerate(jobs):
            print(f"bench: {what}, {args.threads} threads ({i + 1}/{len(jobs)})", file=sys.stderr, flush=True)
            out = subprocess.run(
                [os.path.join(args.build, "bin", "convt-bench"), f"--suite={suite}",
                 f"--threads={args.threads}", "--benchmark_format=json",
                 f"--benchmark_filter={pattern}", f"--benchmark_min_time={args.min_time}",
                 f"--benchmark_repetitions={args.repetitions}"]
                + [f"--layer={name}"]
                + (["--tuned"] if args.tune or args.tuned else []),
                check=True, capture_output=True, text=True, cwd=ROOT).stdout
            # XNNPACK has no benchmark for layers it cannot express.
            report["benchmarks"] += json.loads(out)["benchmarks"] if out.strip() else []
        print("bench: PyTorch", file=sys.stderr, flush=True)
        torch_times = json.loads(subprocess.run(
            ["/usr/bin/python3", os.path.join(ROOT, "bench", "torch_bench.py"), suite,
             f"--threads={args.threads}", f"--seconds={args.min_time}",
             f"--convtc={os.path.join(args.build, 'bin', 'convtc')}"]
            + (["--tuned"] if args.tune or args.tuned else []),
            check=True, capture_output=True, text=True).stdout)
    except KeyboardInterrupt:
        print("bench: interrupted, nothing written", file=sys.stderr)
        return 130

    layers = [l["name"] for l in json.load(open(suite))["layers"]]
    convt, convt_cl = by_name(report, "convt"), by_name(report, "convt_cl")
    convt_bf16, convt_bf16_cl = by_name(report, "convt_bf16"), by_name(report, "convt_bf16_cl")
    dnnl = {"NCHW": by_name(report, "onednn_nchw"), "NHWC": by_name(report, "onednn_cl"),
            "blocked": by_name(report, "onednn_blocked")}
    xnn = by_name(report, "xnnpack_nhwc")
    lookup, cold = by_name(report, "cache_lookup"), {}
    # The fastest single call over all repetitions: what the kernel does when
    # this shared machine leaves it alone (shown beside the median's figure).
    fastest = {}
    for b in report["benchmarks"]:
        if b["name"].split("/")[0] in ("convt", "convt_cl") and b.get("run_type") == "iteration" \
                and "min_ms" in b:
            key = (b["name"].split("/")[0], b["name"].split("/")[1])
            fastest[key] = min(fastest.get(key, float("inf")), b["min_ms"])
    for b in report["benchmarks"]:
        if b["name"].startswith("compile_cold/") and b.get("aggregate_name") == "median":
            cold[b["name"].split("/")[1]] = b["real_time"]
    peak = max(b["GFLOPs"] for b in report["benchmarks"]
               if b["name"].startswith("peak_fma") and b.get("run_type") == "iteration")

    def layout_name(name, cl):
        rank = len(next(l for l in json.load(open(suite))["layers"] if l["name"] == name)["input_shape"]) - 2
        return {1: ("NCW", "NWC"), 2: ("NCHW", "NHWC"), 3: ("NCDHW", "NDHWC")}[rank][cl]

    rows, ratios_best, ratios_nchw = [], [], []
    suite_layers = {l["name"]: l for l in json.load(open(suite))["layers"]}
    inside = {n: window_fraction(args.build, suite_layers[n]) for n in layers}
    for name in layers:
        first, last = convt[name], convt_cl[name]
        best_convt = min((first, False), (last, True), key=lambda t: t[0]["real_time"])
        c, c_cl = best_convt
        ms = c["real_time"]
        # Every peer in every layout it has: (ms, who).
        peers = [(d[name]["real_time"], f"oneDNN {lay}") for lay, d in dnnl.items()]
        if name in xnn:
            peers.append((xnn[name]["real_time"], "XNNPACK NHWC"))
        peers.append((torch_times[name]["ms_min"], "PyTorch NCHW"))
        if "cl_ms_min" in torch_times[name]:
            peers.append((torch_times[name]["cl_ms_min"], "PyTorch channels_last"))
        best_peer = min(peers)
        nchw_peer = min((dnnl["NCHW"][name]["real_time"], "oneDNN"),
                        (torch_times[name]["ms_min"], "PyTorch"))
        r_best = best_peer[0] / ms
        r_nchw = nchw_peer[0] / first["real_time"]
        ratios_best.append(r_best)
        ratios_nchw.append(r_nchw)
        key = ("convt_cl" if c_cl else "convt", name)
        cell = lambda b: f"{b['real_time']:.3f}"
        torch_cl = torch_times[name].get("cl_ms_min")
        rows.append(
            f"| {name} | {cell(first)} | {cell(last)} | "
            f"{layout_name(name, c_cl)}, {c.get('label', '').split(',')[0]} | "
            f"{cell(dnnl['NCHW'][name])} | {cell(dnnl['NHWC'][name])} | {cell(dnnl['blocked'][name])} | "
            f"{cell(xnn[name]) if name in xnn else '-'} | {torch_times[name]['ms_min']:.3f} | "
            f"{'-' if torch_cl is None else f'{torch_cl:.3f}'} | ")
        rows[-1] += (f"{best_peer[1]} | **{r_best:.2f}** | {r_nchw:.2f} ({nchw_peer[1]}) | "
                     f"{100 * c['GFLOPs'] * inside[name] / peak:.0f}% "
                     f"({100 * c['GFLOPs'] * inside[name] * ms / fastest[key] / peak:.0f}%) | "
                     f"{cold[name]:.2f} | {lookup[name]['real_time']:.2f} | "
                     f"{c.get('scratch_over_output', float('nan')):.2f} |")
    geo = math.exp(sum(map(math.log, ratios_best)) / len(ratios_best))
    geo_nchw = math.exp(sum(map(math.log, ratios_nchw)) / len(ratios_nchw))
    worst = min(zip(ratios_best, layers))
    best_gf = {n: max(convt[n]["GFLOPs"], convt_cl[n]["GFLOPs"]) for n in layers}

    max_torch_err = max(t["max_rel_err"] for t in torch_times.values())
    md = [
        "# convt benchmark results",
        "",
        f"Measured {datetime.date.today().isoformat()} by `bench/run.py` on: {machine()}.",
        f"{args.threads} threads for every library; fp32; the same inputs, checked equal (relative error 1e-4) "
        "before timing: convt (both layouts), oneDNN (three layouts) and XNNPACK in convt-bench, and PyTorch's "
        "output against `convtc run` on PyTorch's own input and weights (largest relative error over the suite: "
        f"{max_torch_err:.1e}). oneDNN 2.6 `deconvolution_forward` (Debian), primitive created once, bias "
        "included, in plain NCHW, channels last (NHWC) and its own blocked layouts; XNNPACK (Debian, "
        "`xnn_create_deconvolution2d_nhwc_f32`, 2-D and 1-D layers it can express); PyTorch "
        f"{torch_times and 'from Debian (python3-torch)'}, NCHW and channels_last. Layout and weight reorders "
        "are outside every timing. Each layer's libraries run back to back in separate processes; each is the "
        f"median time of a call over at least {args.min_time} s of calls, repeated {args.repetitions} times, "
        "and the fastest repetition counts; PyTorch: min time over runs. Largest scratch: the biggest heap "
        "buffer one convt call allocates (runtime meter), over the output's size. Of peak: convt's best "
        "layout's median call over the FMA peak, counting the multiply-adds that land in the output window "
        "(the GFLOP/s formula below also counts the taps that padding crops, which the kernels skip where "
        "they can: dcgan_g1's 8x8 input loses 1 in 8 of them); in parentheses, the fastest call's.",
        "",
        f"Measured FMA peak ({args.threads} threads, `bench/PeakFma.cpp`): **{peak:.0f} GFLOP/s**.",
        "",
        "| layer | convt NCHW ms | convt NHWC ms | convt best (layout, schedule) | oneDNN NCHW ms | oneDNN NHWC ms "
        "| oneDNN blocked ms | XNNPACK NHWC ms | PyTorch NCHW ms | PyTorch channels_last ms | best peer "
        "| x best peer (best layouts) | x NCHW peer (NCHW) | of peak (fastest call) | cold compile s "
        "| cached lookup us | largest scratch / output |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"Best layout against best layout: geometric mean **{geo:.2f}x** the best peer (target 1.3x); "
        f"lowest layer {worst[1]} at {worst[0]:.2f}x (target: none below 1.0x). "
        f"NCHW against NCHW: geometric mean {geo_nchw:.2f}x the faster of oneDNN and PyTorch. "
        f"Large layers ({', '.join(LARGE)}) reach "
        + ", ".join(f"{100 * best_gf[n] * inside[n] / peak:.0f}%" for n in LARGE if n in best_gf)
        + " of peak (target 95%).",
        "",
        ("Schedules: each layer's winner of `convtc tune` (expert template variants and the three "
         "autoschedulers, measured here); the tuning runs printed:\n\n" + "\n".join(f"    {t}" for t in tuned) + "\n"
         if tuned else "Schedules: each layer's stored winner of an earlier `convtc tune`.\n" if args.tuned
         else "Schedules: the default (expert, heuristic parameters); `bench/run.py --tune` tunes first.\n"),
        "## bfloat16",
        "",
        "convt's bfloat16 kernels (bfloat16 tensors, float32 sums; `vdpbf16ps` in the phase-major "
        "channel-vector form where the CPU has AVX512-BF16) against its float32 kernels in the same "
        "layout and run; checked first against the float32 kernel on the same bfloat16 values (one "
        "unit in the last place), and channels last against channels first.",
        "",
        "| layer | float32 NCHW ms | bfloat16 NCHW ms | speed-up | float32 NHWC ms | bfloat16 NHWC ms | speed-up "
        "| best bfloat16 GFLOP/s | of float32 FMA peak |",
        "|---|---|---|---|---|---|---|---|---|",
        *[f"| {n} | {convt[n]['real_time']:.3f} | {convt_bf16[n]['real_time']:.3f} | "
          f"**{convt[n]['real_time'] / convt_bf16[n]['real_time']:.2f}x** | "
          f"{convt_cl[n]['real_time']:.3f} | {convt_bf16_cl[n]['real_time']:.3f} | "
          f"**{convt_cl[n]['real_time'] / convt_bf16_cl[n]['real_time']:.2f}x** | "
          f"{max(convt_bf16[n]['GFLOPs'], convt_bf16_cl[n]['GFLOPs']):.0f} | "
          f"{100 * max(convt_bf16[n]['GFLOPs'], convt_bf16_cl[n]['GFLOPs']) / peak:.0f}% |"
          for n in layers if n in convt_bf16 and n in convt_bf16_cl],
        "",
        "Dense layers (" + ", ".join(DENSE) + "), geometric mean of bfloat16 over float32: NCHW "
        f"**{geomean([convt[n]['real_time'] / convt_bf16[n]['real_time'] for n in DENSE]):.2f}x**, "
        "channels last "
        f"**{geomean([convt_cl[n]['real_time'] / convt_bf16_cl[n]['real_time'] for n in DENSE]):.2f}x**"
        ", best layout against best layout "
        f"**{geomean([min(convt[n]['real_time'], convt_cl[n]['real_time']) / min(convt_bf16[n]['real_time'], convt_bf16_cl[n]['real_time']) for n in DENSE]):.2f}x**"
        " (target 1.7x).",
        "",
        "GFLOP/s count useful FLOPs only: 2*N*C_in*prod(input spatial)*(C_out/groups)*prod(kernel).",
        "Ratios above 1 mean convt is faster.",
        "",
        "![ratios](ratios.png)",
        "",
    ]
    out_md = os.path.join(ROOT, "bench", "results.md")
    # bench/cache_bench.py owns the kernel-cache section: kept as it is.
    kept = ""
    if os.path.exists(out_md):
        old = open(out_md).read()
        if CACHE_SECTION in old:
            kept = old[old.index(CACHE_SECTION):]
    with open(out_md + ".tmp", "w") as f:
        f.write("\n".join(md) + kept)
    os.replace(out_md + ".tmp", out_md)

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(10, 4.5))
    xs = range(len(layers))
    ax.bar([x - 0.2 for x in xs], ratios_best, width=0.4, label="best layouts: convt / best peer")
    ax.bar([x + 0.2 for x in xs], ratios_nchw, width=0.4, label="NCHW: convt / best NCHW peer")
    ax.set_yscale("log")
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.axhline(1.3, color="green", linestyle="--", linewidth=0.8, label="target geomean 1.3x")
    ax.set_xticks(list(xs))
    ax.set_xticklabels(layers, rotation=30, ha="right")
    ax.set_ylabel("speed-up (higher is better)")
    ax.set_title(f"convt vs oneDNN, XNNPACK, PyTorch, {args.threads} threads, geomean {geo:.2f}x best peer")
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(ROOT, "bench", "ratios.png"), dpi=90)
    print("\n".join(md))
    return 0


if __name__ == "__main__":
    sys.exit(main())
