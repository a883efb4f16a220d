"""`import convt` (python/): compile, run on NumPy and PyTorch tensors,
stages, translate, explain, from_torch. Run by CTest `python` with
PYTHONPATH=build/python."""
import json

import numpy as np
import pytest
import torch

import convt

torch.manual_seed(0)


@pytest.mark.parametrize("module,shape", [
    (torch.nn.ConvTranspose1d(4, 6, 5, stride=3, padding=2, output_padding=1), [2, 4, 7]),
    (torch.nn.ConvTranspose2d(3, 8, 4, stride=2, padding=1), [1, 3, 16, 50]),
    (torch.nn.ConvTranspose2d(4, 6, 3, stride=2, dilation=2, groups=2, bias=False), [2, 4, 5, 6]),
    (torch.nn.ConvTranspose3d(2, 3, 3, stride=(1, 2, 2), padding=1, output_padding=(0, 1, 1)),
     [1, 2, 3, 4, 5]),
])
def test_from_torch_matches_pytorch(module, shape):
    spec, w, b = convt.from_torch(module, shape)
    layer = convt.compile(spec)
    x = torch.randn(shape)
    y = layer.run(x, w, b)
    with torch.no_grad():
        want = module(x).numpy()
    assert list(y.shape) == list(want.shape) == layer.output_shape
    np.testing.assert_allclose(y, want, rtol=1e-4, atol=1e-4)


def test_torch_tensors_in_and_out_without_copies():
    module = torch.nn.ConvTranspose2d(3, 5, 3, stride=2)
    spec, _, _ = convt.from_torch(module, [1, 3, 6, 6])
    layer = convt.compile(spec)
    x = torch.randn(1, 3, 6, 6)
    out = torch.zeros(layer.output_shape)
    # The weight and bias as tensors too; the result lands in `out` itself.
    result = layer.run(x, module.weight.detach(), module.bias.detach(), out=out.numpy())
    with torch.no_grad():
        want = module(x)
    assert torch.allclose(out, want, rtol=1e-4, atol=1e-4)
    assert np.shares_memory(result, out.numpy())


def test_spec_as_dict_json_and_path(tmp_path):
    spec = {"name": "seed", "style": "mindspore", "input_shape": [1, 3, 16, 50],
            "in_channels": 3, "out_channels": 4, "kernel_size": 5, "stride": 3}
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(spec))
    for given in (spec, json.dumps(spec), str(path), path):
        layer = convt.compile(given)
        assert layer.name == "seed"
        assert layer.frontend_op == "convt.mindspore"
        assert layer.output_shape == [1, 4, 48, 150]  # pad_mode same: n * stride
        assert layer.bias_shape is None


def test_stages():
    layer = convt.compile({"style": "torch", "input_shape": [1, 2, 5], "in_channels": 2,
                           "out_channels": 3, "kernel_size": 3, "stride": 2})
    assert "convt.torch" in layer.stage("frontend")
    assert "convt.canonical" in layer.stage("canonical")
    assert "// parameters" in layer.stage("schedule")
    assert "define" in layer.stage("llvm")
    with pytest.raises(convt.Error, match="stage must be"):
        layer.stage("ptx")


def test_errors_are_convt_messages():
    with pytest.raises(convt.Error, match="unknown key 'strides' for style \"torch\""):
        convt.compile({"style": "torch", "input_shape": [1, 2, 5], "in_channels": 2,
                       "out_channels": 3, "kernel_size": 3, "strides": 2})
    layer = convt.compile({"style": "torch", "input_shape": [1, 2, 5], "in_channels": 2,
                           "out_channels": 3, "kernel_size": 3, "bias": False})
    with pytest.raises(convt.Error, match=r"input has shape \[1, 2, 6\], the layer's is \[1, 2, 5\]"):
        layer.run(np.zeros([1, 2, 6], np.float32), np.zeros([2, 3, 3], np.float32))
    with pytest.raises(convt.Error, match="the layer has no bias"):
        layer.run(np.zeros([1, 2, 5], np.float32), np.zeros([2, 3, 3], np.float32),
                  np.zeros([3], np.float32))


def test_translate_and_explain():
    torch_spec = {"name": "t", "style": "torch", "input_shape": [1, 3, 48, 48], "in_channels": 3,
                  "out_channels": 32, "kernel_size": 3, "stride": 2, "padding": 1,
                  "output_padding": 1, "bias": False}
    text = convt.translate(torch_spec, "mindspore")
    assert "pad_mode='pad', padding=(1, 0, 1, 0)" in text
    ms = convt.translate(torch_spec, "mindspore", json=True)
    assert ms["style"] == "mindspore" and ms["padding"] == [1, 0, 1, 0]
    # The translated layer computes the same numbers: the same canonical form.
    assert convt.compile(ms).canonical == convt.compile(torch_spec).canonical
    recipe = dict(ms, padding=1)
    why = convt.explain(torch_spec, recipe)
    assert "B crops 1 more row at the end (pads_end 1 vs 0)" in why
    assert "equal: A and B compute the same numbers" in convt.explain(torch_spec, ms)
    with pytest.raises(convt.Error, match="--to must be torch, mindspore or onnx"):
        convt.translate(torch_spec, "keras")


def test_onnx_spec_runs():
    spec = {"style": "onnx", "input_shape": [1, 1, 3, 3], "in_channels": 1, "out_channels": 2,
            "kernel_size": 3, "strides": [3, 2], "output_shape": [10, 8]}
    layer = convt.compile(spec)
    x = np.arange(9, dtype=np.float32).reshape(1, 1, 3, 3)
    w = np.ones([1, 2, 3, 3], np.float32)
    y = layer.run(x, w)
    assert y.shape == (1, 2, 10, 8)
    # ONNX's test_convtranspose_output_shape: the last row and column hold zeros.
    assert float(np.abs(y[:, :, 9, :]).max()) == 0.0
    assert float(np.abs(y[:, :, :, 7]).max()) == 0.0
    assert float(y[0, 0, 0, 0]) == 0.0 and float(y[0, 0, 8, 6]) == 8.0


def test_from_torch_refuses_other_modules():
    with pytest.raises(TypeError, match="ConvTranspose1d/2d/3d"):
        convt.from_torch(torch.nn.Conv2d(1, 1, 3), [1, 1, 4, 4])
