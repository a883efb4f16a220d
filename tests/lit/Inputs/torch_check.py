"""PyTorch's output for a torch-style spec, against convtc's.

  torch_check.py make SPEC X.npy W.npy    random input and weight (seeded)
  torch_check.py check SPEC X.npy W.npy Y.npy
prints "match" or the first differing index; channels-last specs too.
"""
import json
import sys

import numpy as np
import torch

cmd, spec_path = sys.argv[1], sys.argv[2]
spec = json.load(open(spec_path))
r = len(spec["input_shape"]) - 2
cl = spec.get("data_format", "NC")[1] != "C"
g = spec.get("groups", 1)
per = lambda v: list(v) if isinstance(v, list) else [v] * r
for key, dflt in (("kernel_size", 1), ("stride", 1), ("padding", 0), ("output_padding", 0),
                  ("dilation", 1)):
    spec[key] = per(spec.get(key, dflt))
if cmd == "make":
    rng = np.random.default_rng(7)
    np.save(sys.argv[3], rng.standard_normal(spec["input_shape"]).astype(np.float32))
    w = [spec["in_channels"], spec["out_channels"] // g] + spec["kernel_size"]
    np.save(sys.argv[4], rng.standard_normal(w).astype(np.float32))
    sys.exit(0)
x = torch.from_numpy(np.load(sys.argv[3]))
if cl:
    x = x.permute(0, r + 1, *range(1, r + 1))
conv = {1: torch.nn.functional.conv_transpose1d, 2: torch.nn.functional.conv_transpose2d,
        3: torch.nn.functional.conv_transpose3d}[r]
y = conv(x, torch.from_numpy(np.load(sys.argv[4])), None, stride=spec["stride"],
         padding=spec["padding"], output_padding=spec["output_padding"],
         dilation=spec["dilation"], groups=g)
if cl:
    y = y.permute(0, *range(2, r + 2), 1)
got = np.load(sys.argv[5])
bad = np.argwhere(np.abs(got - y.numpy()) > 1e-4 * np.maximum(1, np.abs(y.numpy())))
print("match" if len(bad) == 0 else f"differs at {bad[0].tolist()} and {len(bad) - 1} more")
