"""convt: transposed convolution compiled for this machine.

    import convt
    layer = convt.compile({"style": "torch", "input_shape": [1, 3, 16, 50],
                           "in_channels": 3, "out_channels": 8,
                           "kernel_size": 4, "stride": 2, "padding": 1})
    y = layer.run(x, weight, bias)          # NumPy arrays or PyTorch CPU tensors
    print(layer.stage("canonical"))         # frontend, canonical, halide, schedule, stmt, llvm, asm
    print(convt.translate(spec, "mindspore"))
    print(convt.explain(torch_spec, mindspore_spec))
    spec, weight, bias = convt.from_torch(torch.nn.ConvTranspose2d(3, 8, 4), [1, 3, 16, 50])

A spec is a dict, a JSON string or the path of a .json file (docs/cli-and-spec.md).
Kernels are compiled in this process (the JIT, cached in memory for the process).
"""
import json as _json
import os as _os

from ._convt import Error, Layer  # noqa: F401  (Error: convt's messages)
from . import _convt

__all__ = ["Error", "Layer", "compile", "translate", "explain", "from_torch"]


def _spec_text(spec):
    """(JSON text, the name messages give it) of a dict, JSON text or path."""
    if isinstance(spec, dict):
        return _json.dumps(spec), spec.get("name", "spec") + ".json"
    if isinstance(spec, (str, _os.PathLike)):
        text = _os.fspath(spec)
        if text.lstrip().startswith("{"):
            return text, "spec.json"
        with open(text) as f:
            return f.read(), text
    raise TypeError("a layer spec is a dict, a JSON string or a path, got "
                    + type(spec).__name__)


def compile(spec, schedule="expert", expert="auto", threads=0):
    """The layer of `spec`, compiled (schedule and expert as `convtc`'s
    --schedule and --expert; threads 0: one per core)."""
    text, name = _spec_text(spec)
    return _convt.Layer(text, name, schedule, expert, threads)


def translate(spec, to, json=False):
    """`spec` written for `to` ("torch", "mindspore", "onnx", "tf") as Python to
    paste; with json=True the target's spec as a dict ("then" holds the
    extra steps when the target needs some)."""
    text, name = _spec_text(spec)
    out = _convt.translate(text, name, to, json)
    return _json.loads(out) if json else out


def explain(a, b):
    """Two layers that should be the same, compared through their canonical
    forms (as `convtc explain`)."""
    ta, na = _spec_text(a)
    tb, nb = _spec_text(b)
    return _convt.explain(ta, na, tb, nb)


def from_torch(module, input_shape):
    """(spec, weight, bias) of a torch.nn.ConvTranspose1d/2d/3d: its spec
    for `input_shape` ([N, C_in, spatial...]) and its parameters as NumPy
    arrays (bias None without one), for compile(spec).run(x, weight, bias)."""
    import torch
    kinds = {torch.nn.ConvTranspose1d: 1, torch.nn.ConvTranspose2d: 2,
             torch.nn.ConvTranspose3d: 3}
    if type(module) not in kinds:
        raise TypeError("from_torch takes torch.nn.ConvTranspose1d/2d/3d, got "
                        + type(module).__name__)
    spec = {"name": type(module).__name__.lower(), "style": "torch",
            "input_shape": [int(v) for v in input_shape],
            "in_channels": module.in_channels,
            "out_channels": module.out_channels,
            "kernel_size": list(module.kernel_size),
            "stride": list(module.stride), "padding": list(module.padding),
            "output_padding": list(module.output_padding),
            "dilation": list(module.dilation), "groups": module.groups,
            "bias": module.bias is not None,
            "padding_mode": module.padding_mode}
    if module.weight.dtype != torch.float32:
        raise TypeError("from_torch takes float32 modules, got "
                        + str(module.weight.dtype))
    weight = module.weight.detach().cpu().numpy()
    bias = None if module.bias is None else module.bias.detach().cpu().numpy()
    return spec, weight, bias
