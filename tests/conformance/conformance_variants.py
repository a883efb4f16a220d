"""Conformance layers in other layouts and types: channels last and bfloat16.

Part of `torch_reference.py conformance` (which imports it); the layers are
that module's, run again with "data_format" channels last or "dtype"
"bfloat16".
"""
import random

import torch

from framework_references import MINDSPORE_LAYERS, mindspore_reference
from torch_reference import conformance_torch_layers, layer, make_case, run_torch, torch_spec

CHANNELS_LAST = {1: "NWC", 2: "NHWC", 3: "NDHWC"}


def to_channels_last(t):
    """[N, C, spatial...] -> [N, spatial..., C], contiguous."""
    return t.permute([0] + list(range(2, t.dim())) + [1]).contiguous()


def channels_last_cases(seed, save):
    """The same layers with data_format channels last: input and output
    [N, spatial..., C]. PyTorch runs them on channels_last (2-D) and
    channels_last_3d (3-D) tensors, its own channels-last kernels; 1-D is
    permuted. Every 6th PyTorch layer, the fixed ones with groups, output_size
    or a thin side, and every other MindSpore layer."""
    rng = torch.Generator().manual_seed(seed + 1)
    formats = {2: torch.channels_last, 3: torch.channels_last_3d}
    picked = []
    for i, cfg in enumerate(conformance_torch_layers(random.Random(seed))):
        n = cfg["name"]
        if i % 6 == 0 or any(k in n for k in ("depthwise", "groups", "output_size",
                                              "seed", "many_out", "stride17", "k16")):
            picked.append(cfg)
    out = []
    for cfg in picked:
        name = "cl_" + cfg["name"]
        spec = torch_spec(cfg, name)
        r = len(cfg["input"])
        x = torch.randn(spec["input_shape"], generator=rng)
        w = torch.randn([cfg["in_channels"], cfg["out_channels"] // cfg["groups"]] + cfg["kernel"],
                        generator=rng)
        b = torch.randn([cfg["out_channels"]], generator=rng) if cfg["bias"] else None
        y = run_torch(cfg, x.to(memory_format=formats[r]) if r in formats else x, w, b)
        spec["input_shape"] = list(to_channels_last(x).shape)
        spec["data_format"] = CHANNELS_LAST[r]
        out.append(make_case(save, name, spec, to_channels_last(x), w, b, to_channels_last(y)))
    for spec in MINDSPORE_LAYERS[::2]:
        spec = dict(spec)
        name = spec["name"] = "cl_" + spec["name"]
        r = len(spec["input_shape"]) - 2
        x = torch.randn(spec["input_shape"], generator=rng)
        w = torch.randn([spec["in_channels"], spec["out_channels"] // spec["group"]]
                        + spec["kernel_size"], generator=rng)
        b = torch.randn([spec["out_channels"]], generator=rng) if spec["has_bias"] else None
        with torch.no_grad():
            y = mindspore_reference(spec, x, w, b)
        spec["input_shape"] = list(to_channels_last(x).shape)
        spec["data_format"] = CHANNELS_LAST[r]
        out.append(make_case(save, name, spec, to_channels_last(x), w, b, to_channels_last(y)))
    return out


def bfloat16_cases(seed, save):
    """Layers with "dtype": "bfloat16". Debian's PyTorch 1.13 cannot run a
    bfloat16 ConvTranspose on the CPU (its shape check takes the weight for a
    convolution's), so the reference is what such a kernel computes by
    definition, as PyTorch's oneDNN path does: the inputs rounded to
    bfloat16, the layer in float64 on those values, the output rounded to
    bfloat16 once. The .npy files hold the bfloat16 values as float32.
    Layers with an even number of input channels per group (the pairwise
    dot-product kernels) and odd ones, groups, depthwise, 1-D, 3-D, channels
    last."""
    rng = torch.Generator().manual_seed(seed + 2)
    by_name = {c["name"]: c for c in conformance_torch_layers(random.Random(seed))}
    picked = [by_name[n] for n in ("seed2d_ex2", "wide_channels", "many_out_channels",
                                   "groups_3d", "depthwise", "k16_s8_vocoder",
                                   "depthwise_3d", "batch3_odd", "k1_3d", "stride17_1d")]
    picked += [layer("dense_even_2d", 2, 64, 48, [5, 6], 4, s=2, p=1),
               layer("dense_even_1d", 1, 32, 40, [9], 4, s=2, p=1),
               layer("dense_even_3d", 1, 16, 32, [3, 4, 3], 3, s=2, p=1, op=1)]
    out = []
    for i, cfg in enumerate(picked):
        last = i % 3 == 2
        name = ("bf16_cl_" if last else "bf16_") + cfg["name"]
        spec = torch_spec(cfg, name)
        spec["dtype"] = "bfloat16"
        r = len(cfg["input"])
        x = torch.randn(spec["input_shape"], generator=rng).bfloat16().double()
        w = torch.randn([cfg["in_channels"], cfg["out_channels"] // cfg["groups"]] + cfg["kernel"],
                        generator=rng).bfloat16().double()
        b = (torch.randn([cfg["out_channels"]], generator=rng).bfloat16().double()
             if cfg["bias"] else None)
        y = run_torch(dict(cfg), x, w, b, dtype=torch.float64).bfloat16().float()
        x, w = x.float(), w.float()
        if last:
            x, y = to_channels_last(x), to_channels_last(y)
            spec["input_shape"] = list(x.shape)
            spec["data_format"] = CHANNELS_LAST[r]
        out.append(make_case(save, name, spec, x, w, None if b is None else b.float(), y))
    return out


def float16_cases(seed, save):
    """Layers with "dtype": "float16": the inputs rounded to float16, the
    layer in float64 on those values, the output rounded to float16 once
    (what a kernel with float32 sums computes, to within one unit in the
    last place). The .npy files are NumPy float16 ('<f2'), which convt
    reads. Dense and thin layers, groups, depthwise, 1-D, 3-D, channels
    last."""
    rng = torch.Generator().manual_seed(seed + 3)
    by_name = {c["name"]: c for c in conformance_torch_layers(random.Random(seed))}
    picked = [by_name[n] for n in ("seed2d_ex2", "wide_channels", "groups_3d", "depthwise",
                                   "k16_s8_vocoder", "batch3_odd", "stride17_1d")]
    picked += [layer("dense_f16_2d", 2, 32, 24, [5, 6], 4, s=2, p=1),
               layer("dense_f16_3d", 1, 8, 16, [3, 4, 3], 3, s=2, p=1, op=1)]
    out = []
    for i, cfg in enumerate(picked):
        last = i % 3 == 2
        name = ("f16_cl_" if last else "f16_") + cfg["name"]
        spec = torch_spec(cfg, name)
        spec["dtype"] = "float16"
        r = len(cfg["input"])
        x = torch.randn(spec["input_shape"], generator=rng).half()
        w = (torch.randn([cfg["in_channels"], cfg["out_channels"] // cfg["groups"]] + cfg["kernel"],
                         generator=rng) * 0.5).half()
        b = torch.randn([cfg["out_channels"]], generator=rng).half() if cfg["bias"] else None
        y = run_torch(dict(cfg), x.double(), w.double(), None if b is None else b.double(),
                      dtype=torch.float64).half()
        if last:
            x, y = to_channels_last(x), to_channels_last(y)
            spec["input_shape"] = list(x.shape)
            spec["data_format"] = CHANNELS_LAST[r]
        out.append(make_case(save, name, spec, x, w, b, y))
    return out
