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
    with pytest.raises(convt.Error, match="--to must be torch, mindspore, onnx or tf"):
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


def test_tensorflow_layer_with_its_filters():
    """A Keras layer in TensorFlow's layouts (NHWC, filters [kh, kw, C_out,
    C_in]) against PyTorch on the same numbers moved to its layouts; the
    seed's example 4 ('same', output_padding 1) is one pixel off PyTorch's
    padding=1, output_padding=1, as docs/semantics.md E5 says."""
    spec = {"style": "tf", "input_shape": [2, 12, 12, 3], "in_channels": 3, "out_channels": 8,
            "kernel_size": 3, "strides": 2, "padding": "same", "output_padding": 1}
    layer = convt.compile(spec)
    assert layer.output_shape == [2, 24, 24, 8]
    x = torch.randn(2, 3, 12, 12)
    w = torch.randn(3, 8, 3, 3)
    b = torch.randn(8)
    y = layer.run(x.permute(0, 2, 3, 1).contiguous(), w.permute(2, 3, 1, 0).contiguous(), b)
    full = torch.nn.functional.conv_transpose2d(x, w, b, stride=2)  # 25 x 25
    want = full[:, :, 0:24, 0:24].permute(0, 2, 3, 1)  # Keras keeps (0, 1)
    np.testing.assert_allclose(y, want.numpy(), rtol=1e-4, atol=1e-4)
    # The TensorFlow code for the seed's PyTorch layer: tf.nn with explicit
    # pairs, the filters transposed.
    torch_spec = {"name": "ex4", "style": "torch", "input_shape": [1, 3, 48, 48],
                  "in_channels": 3, "out_channels": 8, "kernel_size": 3, "stride": 2,
                  "padding": 1, "output_padding": 1}
    text = convt.translate(torch_spec, "tf")
    assert "w = tf.transpose(w, (2, 3, 1, 0))" in text
    assert ("tf.nn.conv2d_transpose(x, w, output_shape=[1, 96, 96, 8], strides=[2, 2], "
            "padding=[[0, 0], [1, 0], [1, 0], [0, 0]]") in text
    tf = convt.translate(torch_spec, "tf", json=True)
    assert tf["api"] == "nn" and tf["weight_format"] == "IOHW"
    assert convt.compile(tf).canonical == convt.compile(torch_spec).canonical


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_sixteen_bit_layers(dtype):
    """float16 layers take and give NumPy float16; bfloat16 ones floats
    rounded to bfloat16, and give float32 holding the bfloat16 results. The
    reference: the layer in float64 on the rounded inputs, rounded once."""
    spec = {"style": "torch", "input_shape": [1, 6, 5, 7], "in_channels": 6, "out_channels": 4,
            "kernel_size": 3, "stride": 2, "padding": 1, "dtype": dtype}
    layer = convt.compile(spec)
    tdtype = torch.float16 if dtype == "float16" else torch.bfloat16
    x = torch.randn(1, 6, 5, 7).to(tdtype)
    w = (torch.randn(6, 4, 3, 3) * 0.5).to(tdtype)
    b = torch.randn(4).to(tdtype)
    want = torch.nn.functional.conv_transpose2d(x.double(), w.double(), b.double(), stride=2,
                                                padding=1).to(tdtype).float().numpy()
    if dtype == "float16":
        y = layer.run(x.numpy(), w.numpy(), b.numpy())
        assert y.dtype == np.float16
        out = np.zeros(layer.output_shape, np.float16)
        assert np.shares_memory(layer.run(x.numpy(), w.numpy(), b.numpy(), out=out), out)
        ulp = 2.0 ** -10
    else:
        y = layer.run(x.float().numpy(), w.float().numpy(), b.float().numpy())
        assert y.dtype == np.float32
        ulp = 2.0 ** -7
    y = y.astype(np.float32)
    # One unit in the last place of the type, relative.
    assert np.all(np.abs(y - want) <= ulp * np.maximum(np.abs(want), 1e-3) + 1e-6)
    with pytest.raises(convt.Error, match="out must be a C-order " +
                       ("float16" if dtype == "float16" else "float32")):
        layer.run(x.float().numpy(), w.float().numpy(), b.float().numpy(),
                  out=np.zeros(layer.output_shape, np.float64))
