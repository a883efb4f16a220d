"""Conformance layers in other layouts and types: the weight [k..., C_out,
C_in], channels last, bfloat16 and float16.

Part of `torch_reference.py conformance` (which imports it); the layers are
that module's, run again with "data_format" channels last or "dtype"
"bfloat16".
"""
import random

import torch

from framework_references import (MINDSPORE_LAYERS, ONNX_LAYERS, mindspore_reference,
                                  onnx_reference, to_channels_last, weight_channels_last)
from torch_reference import conformance_torch_layers, layer, make_case, run_torch, torch_spec

CHANNELS_LAST = {1: "NWC", 2: "NHWC", 3: "NDHWC"}
WEIGHT_LAST = {1: "WOI", 2: "HWOI", 3: "DHWOI"}


def weight_format_cases(seed, save):
    """Layers of the other frameworks with "weight_format" TensorFlow's
    ([k..., C_out/groups, C_in]): every 24th PyTorch layer and the fixed ones
    with groups, depthwise or long kernels (1-D to 3-D), two MindSpore and two
    ONNX layers, one of them channels last too."""
    rng = torch.Generator().manual_seed(seed + 4)
    picked = []
    for i, cfg in enumerate(conformance_torch_layers(random.Random(seed))):
        n = cfg["name"]
        if i % 24 == 5 or n in ("groups", "depthwise", "depthwise_mult", "groups_3d",
                                "depthwise_1d", "kernel300_1d", "stride17_1d", "seed2d_ex4",
                                "many_out_channels", "wide_channels"):
            picked.append(cfg)
    out = []
    for i, cfg in enumerate(picked):
        name = "wf_" + cfg["name"]
        spec = torch_spec(cfg, name)
        r = len(cfg["input"])
        spec["weight_format"] = WEIGHT_LAST[r]
        x = torch.randn(spec["input_shape"], generator=rng)
        w = torch.randn([cfg["in_channels"], cfg["out_channels"] // cfg["groups"]] + cfg["kernel"],
                        generator=rng)
        b = torch.randn([cfg["out_channels"]], generator=rng) if cfg["bias"] else None
        y = run_torch(cfg, x, w, b)
        if i % 4 == 3:
            x, y = to_channels_last(x), to_channels_last(y)
            spec["input_shape"] = list(x.shape)
            spec["data_format"] = CHANNELS_LAST[r]
        out.append(make_case(save, name, spec, x, weight_channels_last(w), b, y))
    # Non-finite weights run by the layer's definition (runtime/Direct.h),
    # which reads this layout too.
    cfg = dict(next(c for c in picked if c["name"] == "groups_3d"))
    name = cfg["name"] = "wf_nonfinite_groups_3d"
    spec = torch_spec(cfg, name)
    spec["weight_format"] = WEIGHT_LAST[3]
    x = torch.randn(spec["input_shape"], generator=rng)
    w = torch.randn([cfg["in_channels"], cfg["out_channels"] // cfg["groups"]] + cfg["kernel"],
                    generator=rng)
    w.view(w.shape[0], w.shape[1], -1)[0, 0, 0] = float("inf")
    w.view(w.shape[0], w.shape[1], -1)[-1, -1, -1] = float("nan")
    b = torch.randn([cfg["out_channels"]], generator=rng) if cfg["bias"] else None
    out.append(make_case(save, name, spec, x, weight_channels_last(w), b, run_torch(cfg, x, w, b)))
    for spec, reference, groups in [(MINDSPORE_LAYERS[3], mindspore_reference, "group"),
                                    (MINDSPORE_LAYERS[16], mindspore_reference, "group"),
                                    (ONNX_LAYERS[17], onnx_reference, "group"),
                                    (ONNX_LAYERS[18], onnx_reference, "group")]:
        spec = dict(spec)
        name = spec["name"] = "wf_" + spec["name"]
        r = len(spec["input_shape"]) - 2
        spec["weight_format"] = WEIGHT_LAST[r]
        x = torch.randn(spec["input_shape"], generator=rng)
        w = torch.randn([spec["in_channels"], spec["out_channels"] // spec[groups]]
                        + spec["kernel_size"], generator=rng)
        has_bias = spec.get("has_bias", spec.get("bias"))
        b = torch.randn([spec["out_channels"]], generator=rng) if has_bias else None
        with torch.no_grad():
            y = reference(spec, x, w, b)
        out.append(make_case(save, name, spec, x, weight_channels_last(w), b, y))
    return out


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
