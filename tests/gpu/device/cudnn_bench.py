#!/usr/bin/env python3
"""PyTorch's ConvTranspose on cuDNN, on the GPU suite's shapes.

  cudnn_bench.py LAYER.canonical.json ... > cudnn.json

Each file is a layer's canonical form (make_bundle.py writes it from
`convtc info`): the same multiply-adds as convt's kernel, as
conv_transpose{1,2,3}d with padding pads_begin (output_padding where the
end pad is smaller; a larger end pad is a crop, a view). Timed with
cudnn.benchmark = True and CUDA events, the median of 7 x 50 calls, in
strict float32 (allow_tf32 = False: what convt computes), TF32 and float16
channels last (tensor cores, which Halide 14 cannot emit), for reference.
"""
import json
import statistics
import sys

import torch
import torch.nn.functional as F

CONV = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}


def layer_args(c):
    rank = c["rank"]
    pad, op = [], []
    for d in range(rank):
        pb, pe = c["pads_begin"][d], c["pads_end"][d]
        extra = max(0, pb - pe)
        if extra >= max(c["strides"][d], c["dilations"][d]):
            pb, extra = pe, 0  # crop the rest instead
        pad.append(pb)
        op.append(extra)
    return dict(stride=c["strides"], padding=pad, output_padding=op,
                groups=c["groups"], dilation=c["dilations"])


def time_call(fn, reps=7, calls=50):
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(reps):
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        start.record()
        for _ in range(calls):
            fn()
        end.record()
        torch.cuda.synchronize()
        times.append(start.elapsed_time(end) / calls)
    return statistics.median(times)


def bench(c):
    rank = c["rank"]
    conv = CONV[rank]
    x = torch.randn([c["batch"], c["in_channels"]] + c["input_size"],
                    device="cuda")
    w = torch.randn([c["in_channels"], c["out_channels"] // c["groups"]] +
                    c["kernel_size"], device="cuda")
    b = torch.randn([c["out_channels"]], device="cuda") if c["bias"] else None
    args = layer_args(c)
    out = {"name": c["name"], "flops": c["flops"]}
    torch.backends.cudnn.benchmark = True
    for mode in ("fp32", "tf32", "fp16"):
        torch.backends.cudnn.allow_tf32 = mode == "tf32"
        torch.backends.cuda.matmul.allow_tf32 = mode == "tf32"
        xx, ww, bb = x, w, b
        if mode == "fp16":
            fmt = {2: torch.channels_last, 3: torch.channels_last_3d}.get(rank)
            xx, ww = x.half(), w.half()
            bb = b.half() if b is not None else None
            if fmt is not None:
                xx = xx.contiguous(memory_format=fmt)
                ww = ww.contiguous(memory_format=fmt)
        with torch.no_grad():
            out[mode + "_ms"] = time_call(lambda: conv(xx, ww, bb, **args))
    return out


def main():
    results = []
    for path in sys.argv[1:]:
        with open(path) as f:
            c = json.load(f)
        try:
            results.append(bench(c))
        except Exception as e:  # one layer's failure is reported, not fatal
            results.append({"name": c["name"], "error": str(e)})
        print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    json.dump({"torch": torch.__version__, "cuda": torch.version.cuda,
               "cudnn": torch.backends.cudnn.version(),
               "gpu": torch.cuda.get_device_name(), "layers": results},
              sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
