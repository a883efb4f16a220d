"""The MindSpore and ONNX conformance layers and their references.

Each framework's rules (docs/semantics.md sections 3 and 4) written a second
time, in Python, independently of the C++ frontends, and computed with
PyTorch pieces: the full (uncropped) transposed convolution, then the
framework's crop. torch_reference.py conformance runs them.
"""
import torch


def crop(y, pads):
    """`y` [N, C, spatial...] cropped by (begin, end) per spatial dimension;
    a negative amount extends that side with zeros (canonical form)."""
    for i, (begin, end) in enumerate(pads):
        dim = 2 + i
        if begin < 0 or end < 0:
            widths = [0, 0] * (y.dim() - 2)
            widths[2 * (y.dim() - 1 - dim)] = max(0, -begin)
            widths[2 * (y.dim() - 1 - dim) + 1] = max(0, -end)
            y = torch.nn.functional.pad(y, widths)
            begin, end = max(begin, 0), max(end, 0)
        y = y.narrow(dim, begin, y.shape[dim] - begin - end)
    return y


def mindspore_pads(spec):
    """(pad_begin, pad_end, post) per spatial dim from MindSpore's own rules:
    nn/layer/conv.py (_deconv_output_length, P.Pad after bias_add) and
    conv2d_backprop_input.cc / conv3d_transpose.cc (the 'same' split)."""
    r = len(spec["input_shape"]) - 2
    k, s, d = spec["kernel_size"], spec["stride"], spec["dilation"]
    mode = spec["pad_mode"]
    pad = spec.get("padding", 0)
    pad = [pad] * (2 * r) if isinstance(pad, int) else pad
    op = spec.get("output_padding", 0)
    op = [op] * r if isinstance(op, int) else op
    out = []
    for i in range(r):
        n = spec["input_shape"][2 + i]
        fs = d[i] * (k[i] - 1) + 1
        full = (n - 1) * s[i] + fs
        if mode == "same":
            size = n * s[i]
            needed = max(0, full - size)
            begin = needed // 2
            end = full - size - begin
            post = 0
        elif mode == "valid":
            size = n * s[i] + max(fs - s[i], 0)
            begin, end, post = 0, full - size, 0
        else:
            begin, end = pad[2 * i], pad[2 * i + 1]
            post = op[i] if r == 2 else 0
            if r == 3:
                end -= op[i]
        out.append((begin, end, post))
    return out


def mindspore_reference(spec, x, w, b):
    """MindSpore's Conv{1,2,3}dTranspose computed with PyTorch pieces."""
    r = len(spec["input_shape"]) - 2
    conv = {1: torch.nn.functional.conv_transpose1d, 2: torch.nn.functional.conv_transpose2d,
            3: torch.nn.functional.conv_transpose3d}[r]
    full = conv(x, w, None, stride=spec["stride"], padding=0, dilation=spec["dilation"],
                groups=spec["group"])
    y = crop(full, [(begin, end) for begin, end, _ in mindspore_pads(spec)])
    if b is not None:
        y = y + b.view([1, -1] + [1] * r)
    for i, (_, _, post) in enumerate(mindspore_pads(spec)):
        if post:
            widths = [0, 0] * (y.dim() - 2)
            widths[2 * (y.dim() - 1 - (2 + i)) + 1] = post
            y = torch.nn.functional.pad(y, widths)
    return y


def ms_layer(name, N, cin, cout, inp, k, s=1, mode="same", pad=0, op=0, d=1, g=1, bias=False):
    r = len(inp)
    per = lambda v: list(v) if isinstance(v, (list, tuple)) else [v] * r
    spec = {"name": name, "style": "mindspore", "input_shape": [N, cin] + list(inp),
            "in_channels": cin, "out_channels": cout, "kernel_size": per(k), "stride": per(s),
            "pad_mode": mode, "padding": pad, "dilation": per(d), "group": g, "has_bias": bias}
    if r > 1:
        spec["output_padding"] = op
    return spec


MINDSPORE_LAYERS = [
    ms_layer("ms_seed2d_ex1", 1, 3, 8, [16, 50], 4, mode="pad", pad=[2, 2, 4, 4]),
    ms_layer("ms_seed2d_ex2_same", 1, 3, 8, [16, 50], 5, s=3),
    ms_layer("ms_seed2d_ex3_valid", 1, 3, 8, [16, 50], 5, s=3, mode="valid"),
    ms_layer("ms_seed2d_ex4_op", 1, 3, 8, [12, 12], 3, s=2, mode="pad", pad=1, op=1, bias=True),
    ms_layer("ms_seed3d_same", 1, 3, 4, [4, 9, 16], 5, s=3),
    ms_layer("ms_seed3d_valid", 1, 3, 4, [4, 9, 16], 5, s=3, mode="valid"),
    ms_layer("ms_same_odd_total", 1, 2, 3, [7, 6], 4, bias=True),
    ms_layer("ms_same_fs_below_s", 1, 2, 3, [5, 4], 2, s=4, bias=True),
    ms_layer("ms_valid_dilated_below_s", 1, 2, 3, [5], 3, s=6, d=2, mode="valid", bias=True),
    ms_layer("ms_valid_dilated_below_s_2d", 2, 2, 4, [4, 5], 3, s=6, d=2, mode="valid", bias=True),
    ms_layer("ms_asym_pad", 1, 4, 4, [8, 8], 4, s=2, mode="pad", pad=[1, 2, 0, 3], bias=True),
    ms_layer("ms_asym_pad_3d", 1, 2, 2, [4, 5, 4], 4, s=2, mode="pad", pad=[0, 1, 2, 3, 1, 0]),
    ms_layer("ms_op_2d_asym", 1, 3, 4, [6, 7], 3, s=[2, 3], mode="pad", pad=[1, 0, 1, 1], op=[1, 2], bias=True),
    ms_layer("ms_op_2d_dilation", 1, 2, 2, [5, 5], 2, s=1, d=3, mode="pad", pad=0, op=[2, 1], bias=True),
    ms_layer("ms_op_3d", 1, 2, 3, [3, 4, 4], 3, s=2, mode="pad", pad=1, op=[1, 0, 1], bias=True),
    ms_layer("ms_op_3d_same_ignored", 1, 2, 3, [3, 4, 4], 3, s=2, op=1),
    ms_layer("ms_group", 1, 4, 6, [5, 5], 3, s=2, mode="valid", g=2, bias=True),
    ms_layer("ms_depthwise", 1, 6, 6, [6, 6], 4, s=2, g=6, bias=True),
    ms_layer("ms_1d_same", 1, 8, 4, [20], 4, s=2, bias=True),
    ms_layer("ms_1d_pad", 2, 3, 2, [9], 5, s=3, mode="pad", pad=2),
    ms_layer("ms_dilated_same", 1, 3, 3, [6, 6], 3, s=2, d=2, bias=True),
    ms_layer("ms_batch", 3, 3, 5, [4, 6], 3, s=2, mode="pad", pad=[0, 1, 1, 0], op=1, bias=True),
]


def onnx_pads(spec):
    """(pad_begin, pad_end) per spatial dim, canonical (output_padding taken
    off the end), from the text of ONNX's ConvTranspose spec (onnx/defs/nn/
    defs.cc, opset 22): pads = [begins..., ends...]; output_shape, or
    SAME_* (output_shape = in * stride), gives total_padding = stride*(in-1)
    + output_padding + ((k-1)*d+1) - output_shape, split total//2 at the
    start for SAME_UPPER, total - total//2 at the start otherwise."""
    r = len(spec["input_shape"]) - 2
    per = lambda key, dflt: ([spec[key]] * r if isinstance(spec.get(key), int)
                             else spec.get(key, [dflt] * r))
    k, s, d, op = spec["kernel_size"], per("strides", 1), per("dilations", 1), per("output_padding", 0)
    mode = spec.get("auto_pad", "NOTSET")
    pads = spec.get("pads", [0] * (2 * r))
    out = []
    for i in range(r):
        n = spec["input_shape"][2 + i]
        fs = d[i] * (k[i] - 1) + 1
        if "output_shape" in spec or mode in ("SAME_UPPER", "SAME_LOWER"):
            want = spec["output_shape"][i] if "output_shape" in spec else n * s[i]
            total = s[i] * (n - 1) + op[i] + fs - want
            begin = total // 2 if mode == "SAME_UPPER" else total - total // 2
            end = total - begin
        elif mode == "VALID":
            begin, end = 0, 0
        else:
            begin, end = pads[i], pads[r + i]
        out.append((begin, end - op[i]))
    return out


def onnx_reference(spec, x, w, b):
    """ONNX's ConvTranspose computed with PyTorch pieces: the full result,
    then onnx_pads' crop (negative: zeros), then the bias."""
    r = len(spec["input_shape"]) - 2
    conv = {1: torch.nn.functional.conv_transpose1d, 2: torch.nn.functional.conv_transpose2d,
            3: torch.nn.functional.conv_transpose3d}[r]
    per = lambda key: [spec[key]] * r if isinstance(spec.get(key), int) else spec.get(key, [1] * r)
    y = conv(x, w, None, stride=per("strides"), padding=0, dilation=per("dilations"),
             groups=spec.get("group", 1))
    y = crop(y, onnx_pads(spec))
    if b is not None:
        y = y + b.view([1, -1] + [1] * r)
    return y


def onnx_layer(name, N, cin, cout, inp, k, s=1, g=1, bias=False, **attrs):
    r = len(inp)
    per = lambda v: list(v) if isinstance(v, (list, tuple)) else [v] * r
    spec = {"name": name, "style": "onnx", "input_shape": [N, cin] + list(inp),
            "in_channels": cin, "out_channels": cout, "kernel_size": per(k),
            "strides": per(s), "group": g, "bias": bias}
    spec.update(attrs)
    return spec


# ONNX's own backend cases (onnx/backend/test/case/node/convtranspose.py,
# shapes and attributes) and the edge cases of docs/semantics.md section 4.
ONNX_LAYERS = [
    onnx_layer("onnx_convtranspose", 1, 1, 2, [3, 3], 3),
    onnx_layer("onnx_convtranspose_1d", 1, 1, 2, [5], 3),
    onnx_layer("onnx_convtranspose_3d", 1, 1, 2, [3, 4, 5], 3),
    onnx_layer("onnx_convtranspose_pads", 1, 1, 2, [3, 3], 3, s=[3, 2], pads=[1, 2, 1, 2]),
    onnx_layer("onnx_convtranspose_output_shape", 1, 1, 2, [3, 3], 3, s=[3, 2], output_shape=[10, 8]),
    onnx_layer("onnx_convtranspose_pad", 1, 1, 2, [3, 3], 3, s=[3, 2], output_padding=[1, 1]),
    onnx_layer("onnx_convtranspose_kernel_shape", 1, 1, 2, [3, 3], 3, s=[3, 2], kernel_shape=[3, 3],
               output_padding=[1, 1], output_shape=[10, 8]),
    onnx_layer("onnx_convtranspose_dilations", 1, 1, 1, [3, 3], 2, dilations=[2, 2]),
    onnx_layer("onnx_convtranspose_autopad_same", 1, 1, 2, [3, 3], 3, s=2, auto_pad="SAME_UPPER"),
    onnx_layer("onnx_convtranspose_group_2", 1, 2, 2, [3, 3], 3, g=2),
    onnx_layer("onnx_same_lower_odd", 1, 3, 4, [5, 6], 4, s=[2, 3], auto_pad="SAME_LOWER", bias=True),
    onnx_layer("onnx_same_upper_op", 1, 3, 4, [5], 3, s=2, auto_pad="SAME_UPPER", output_padding=[1], bias=True),
    onnx_layer("onnx_same_kernel_below_stride", 1, 2, 3, [5, 4], 1, s=2, auto_pad="SAME_UPPER", bias=True),
    onnx_layer("onnx_same_lower_kernel_below_stride", 1, 2, 3, [5], 2, s=5, auto_pad="SAME_LOWER", bias=True),
    onnx_layer("onnx_valid_op", 1, 3, 2, [4, 4], 3, s=2, auto_pad="VALID", output_padding=[1, 0], bias=True),
    onnx_layer("onnx_output_shape_upper", 2, 3, 2, [5], 3, s=2, auto_pad="SAME_UPPER", output_shape=[8]),
    onnx_layer("onnx_output_shape_extends", 1, 2, 2, [4, 4], 2, s=2, output_shape=[11, 10], bias=True),
    onnx_layer("onnx_depthwise", 1, 6, 6, [6, 6], 4, s=2, g=6, pads=[1, 1, 1, 1], bias=True),
    onnx_layer("onnx_grouped_3d", 1, 4, 4, [3, 3, 3], [2, 3, 3], s=[1, 2, 2], g=2, dilations=[2, 1, 1],
               pads=[1, 0, 0, 1, 0, 0], bias=True),
    onnx_layer("onnx_asym_pads_batch", 3, 4, 5, [6, 7], 4, s=2, pads=[0, 2, 3, 1], bias=True),
]


def tf_spatial(spec, key, dflt=1):
    """A tf spec's per-dimension value, spatial only: a scalar, one per
    spatial dimension, or one per dimension in data_format order."""
    r = len(spec["input_shape"]) - 2
    v = spec.get(key, dflt)
    if v is None or isinstance(v, int):
        return [v] * r
    if len(v) == r + 2:
        last = spec.get("data_format", "NHWC")[-1] == "C"
        v = v[1:1 + r] if last else v[2:]
    return list(v)


def tf_pads(spec):
    """(pad_begin, pad_end) per spatial dim from TensorFlow's and Keras' own
    rules (docs/semantics.md section 5): Keras' deconv_output_length gives
    the output length L (tf.nn takes it as output_shape), then the forward
    convolution from L back to the input fixes the crop, as
    GetWindowedOutputSizeVerbose pads it: SAME pads max(0, (n-1)s + fs - L),
    half at the start (the odd one at the end); VALID none; explicit pairs
    as given. Asserts that the forward convolution gives back n."""
    r = len(spec["input_shape"]) - 2
    last = spec.get("data_format", "NHWC")[-1] == "C"
    n_in = spec["input_shape"][1:1 + r] if last else spec["input_shape"][2:]
    keras = spec.get("api", "keras") == "keras"
    k, s = spec["kernel_size"], tf_spatial(spec, "strides")
    d = tf_spatial(spec, "dilation_rate" if keras else "dilations")
    padding = spec.get("padding", "valid" if keras else "SAME")
    if isinstance(padding, list) and len(padding) == r + 2:
        padding = tf_spatial(spec, "padding")
    out = []
    for i in range(r):
        n = n_in[i]
        fs = d[i] * (k[i] - 1) + 1
        if keras:
            op = tf_spatial(spec, "output_padding", None)[i]
            pad = fs // 2 if padding == "same" else 0
            if op is None:
                L = n * s[i] + (max(fs - s[i], 0) if padding == "valid" else 0)
            else:
                L = (n - 1) * s[i] + fs - 2 * pad + op
        else:
            L = tf_spatial(spec, "output_shape")[i]
        full = (n - 1) * s[i] + fs
        if isinstance(padding, list):
            before, after = padding[i]
            assert (L + before + after - fs) // s[i] + 1 == n, spec["name"]
        elif padding.upper() == "SAME":
            assert -(-L // s[i]) == n, spec["name"]
            before = max(0, full - L) // 2
        else:
            assert (L - fs) // s[i] + 1 == n, spec["name"]
            before = 0
        out.append((before, full - L - before))
    return out


def tf_reference(spec, x, w, b):
    """TensorFlow's layer computed with PyTorch pieces on [N, C, spatial...]
    data and a [C_in, C_out, k...] weight: the full result, tf_pads' crop,
    then the bias."""
    r = len(spec["input_shape"]) - 2
    conv = {1: torch.nn.functional.conv_transpose1d, 2: torch.nn.functional.conv_transpose2d,
            3: torch.nn.functional.conv_transpose3d}[r]
    keras = spec.get("api", "keras") == "keras"
    y = conv(x, w, None, stride=tf_spatial(spec, "strides"), padding=0,
             dilation=tf_spatial(spec, "dilation_rate" if keras else "dilations"))
    y = crop(y, tf_pads(spec))
    if b is not None:
        y = y + b.view([1, -1] + [1] * r)
    return y


def to_channels_last(t):
    """[N, C, spatial...] -> [N, spatial..., C], contiguous."""
    return t.permute([0] + list(range(2, t.dim())) + [1]).contiguous()


def weight_channels_last(w):
    """[C_in, C_out/groups, k...] -> [k..., C_out/groups, C_in] (TensorFlow's
    filters, weight_format "HWOI" and its 1-D and 3-D kin), contiguous."""
    return w.permute(list(range(2, w.dim())) + [1, 0]).contiguous()


def tf_layer(name, N, cin, cout, inp, k, s=1, api="keras", fmt=None, bias=None, **attrs):
    """A style "tf" spec; `fmt` "first" makes it channels first."""
    r = len(inp)
    per = lambda v: list(v) if isinstance(v, (list, tuple)) else [v] * r
    first = fmt == "first"
    spec = {"name": name, "style": "tf", "api": api,
            "input_shape": [N, cin] + list(inp) if first else [N] + list(inp) + [cin],
            "in_channels": cin, "out_channels": cout, "kernel_size": per(k), "strides": per(s)}
    if first:
        spec["data_format"] = {1: "NCW", 2: "NCHW", 3: "NCDHW"}[r]
    spec["use_bias"] = (api == "keras") if bias is None else bias
    spec.update(attrs)
    return spec


# Keras' and tf.nn's cases of docs/semantics.md sections 5, 7 and 8 (E1, E3,
# E5, X1-X4), 1-D to 3-D, both layouts.
TF_LAYERS = [
    tf_layer("tf_keras_same_s2", 1, 3, 4, [5, 6], 3, s=2, padding="same"),
    tf_layer("tf_keras_valid_s2", 1, 3, 4, [5, 6], 3, s=2),
    tf_layer("tf_keras_same_odd_total", 1, 2, 3, [7, 6], 4, padding="same"),
    tf_layer("tf_keras_same_op", 1, 3, 2, [6, 5], 3, s=2, padding="same", output_padding=1),
    tf_layer("tf_keras_valid_op", 1, 3, 2, [4, 5], 3, s=3, output_padding=[2, 1]),
    tf_layer("tf_keras_valid_fs_below_s", 1, 2, 3, [5, 4], 2, s=4),
    tf_layer("tf_keras_same_fs_below_s", 1, 2, 3, [5], 2, s=4, padding="same"),
    tf_layer("tf_keras_dilated", 1, 3, 3, [6, 6], 3, dilation_rate=2, padding="same"),
    tf_layer("tf_keras_1d", 2, 4, 3, [9], 4, s=2, padding="same"),
    tf_layer("tf_keras_3d", 1, 2, 3, [3, 4, 4], 3, s=2, padding="same", output_padding=[1, 0, 1]),
    tf_layer("tf_keras_channels_first", 1, 3, 4, [5, 4], 3, s=2, fmt="first", padding="same"),
    tf_layer("tf_keras_seed_ex4", 1, 3, 8, [12, 12], 3, s=2, padding="same", output_padding=1),
    tf_layer("tf_nn_same", 1, 3, 4, [16, 50], 5, s=3, api="nn", output_shape=[48, 150]),
    tf_layer("tf_nn_same_shorter", 1, 3, 4, [5, 5], 4, s=2, api="nn", output_shape=[9, 10]),
    tf_layer("tf_nn_valid", 1, 3, 4, [5, 5], 3, s=2, api="nn", padding="VALID",
             output_shape=[12, 11]),
    tf_layer("tf_nn_explicit_e1", 1, 3, 4, [16, 50], 4, api="nn", padding=[[2, 2], [4, 4]],
             output_shape=[15, 45]),
    tf_layer("tf_nn_explicit_full", 1, 2, 3, [6, 5], 3, s=2, api="nn",
             padding=[[0, 0], [1, 0], [0, 2], [0, 0]], output_shape=[1, 12, 9, 3]),
    tf_layer("tf_nn_bias_add", 2, 3, 2, [4], 3, s=2, api="nn", bias=True, output_shape=[8]),
    tf_layer("tf_nn_dilated_3d", 1, 2, 2, [3, 3, 3], 2, api="nn", dilations=[1, 2, 1],
             padding="VALID", output_shape=[4, 5, 4]),
    tf_layer("tf_nn_nchw", 1, 3, 2, [5, 5], 3, s=[2, 1], api="nn", fmt="first",
             strides_full=True, output_shape=[1, 2, 10, 5]),
]
for _spec in TF_LAYERS:
    # tf.nn's strides for every dimension (data_format order), batch and
    # channels 1.
    if _spec.pop("strides_full", False):
        _spec["strides"] = [1, 1] + _spec["strides"]
