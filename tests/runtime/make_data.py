"""Random inputs and PyTorch's outputs for the runtime tests.

make_data.py OUT_DIR SPEC.json...: for each torch-style spec writes
NAME.input.bin, NAME.weight.bin, [NAME.bias.bin,] NAME.output.bin: raw
little-endian float32 (bfloat16 bit patterns for "dtype": "bfloat16") in C
order, in the spec's data_format and weight_format (the runtime tests link
only the runtime, so they read no .npy).
"""
import json
import os
import sys

import torch

CONV = {1: torch.nn.functional.conv_transpose1d, 2: torch.nn.functional.conv_transpose2d,
        3: torch.nn.functional.conv_transpose3d}


def per_dim(v, r):
    return [v] * r if isinstance(v, int) else list(v)


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(7)
    for path in sys.argv[2:]:
        spec = json.load(open(path))
        shape = spec["input_shape"]
        r = len(shape) - 2
        g = spec.get("groups", 1)
        k = per_dim(spec["kernel_size"], r)
        last = spec.get("data_format", "NC")[1] != "C"
        half = spec.get("dtype") == "bfloat16"
        if last:  # input_shape is [N, spatial..., C]
            shape = [shape[0], shape[-1]] + shape[1:-1]
        x = torch.rand(shape) * 2 - 1
        w = torch.rand([spec["in_channels"], spec["out_channels"] // g] + k) * 2 - 1
        b = torch.rand([spec["out_channels"]]) * 2 - 1 if spec.get("bias", True) else None
        if half:
            # bfloat16 values; the layer by its definition on them (float64),
            # rounded once (Debian's PyTorch 1.13 has no CPU bfloat16
            # ConvTranspose).
            x, w = x.bfloat16().double(), w.bfloat16().double()
            b = b.bfloat16().double() if b is not None else None
        y = CONV[r](x, w, b, stride=per_dim(spec.get("stride", 1), r),
                    padding=per_dim(spec.get("padding", 0), r),
                    output_padding=per_dim(spec.get("output_padding", 0), r),
                    groups=g, dilation=per_dim(spec.get("dilation", 1), r))
        if last:
            x = x.permute([0] + list(range(2, r + 2)) + [1])
            y = y.permute([0] + list(range(2, r + 2)) + [1])
        if spec.get("weight_format", "IO").startswith("IO") is False:
            w = w.permute(list(range(2, r + 2)) + [1, 0])  # [k..., C_out/g, C_in]
        for role, t in (("input", x), ("weight", w), ("bias", b), ("output", y)):
            if t is not None:
                path = os.path.join(out_dir, "%s.%s.bin" % (spec["name"], role))
                if half:  # bfloat16 bit patterns, little-endian
                    t.contiguous().bfloat16().view(torch.int16).numpy().astype("<i2").tofile(path)
                else:
                    t.contiguous().numpy().astype("<f4").tofile(path)


if __name__ == "__main__":
    main()
