"""Small ONNX models for import.test: python3 onnx_model.py KIND PATH."""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

kind, path = sys.argv[1], sys.argv[2]
w = numpy_helper.from_array(np.arange(2 * 3 * 3 * 3, dtype=np.float32).reshape(2, 3, 3, 3), "W")
b = numpy_helper.from_array(np.array([0.5, -1, 2], dtype=np.float32), "B")
if kind == "noshape":      # X's shape unknown; W and B initialisers
    node = helper.make_node("ConvTranspose", ["X", "W", "B"], ["Y"], name="up/conv.0",
                            strides=[2, 2], auto_pad="SAME_UPPER")
    x = helper.make_tensor_value_info("X", TensorProto.FLOAT, None)
    inits = [w, b]
elif kind == "relu":       # no ConvTranspose at all
    node = helper.make_node("Relu", ["X"], ["Y"])
    x = helper.make_tensor_value_info("X", TensorProto.FLOAT, [1, 2, 4, 4])
    inits = []
elif kind == "badpads":    # pads with auto_pad: ONNX's rule, reported
    node = helper.make_node("ConvTranspose", ["X", "W"], ["Y"], name="bad",
                            pads=[1, 1, 1, 1], auto_pad="VALID")
    x = helper.make_tensor_value_info("X", TensorProto.FLOAT, [1, 2, 4, 4])
    inits = [w]
y = helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)
graph = helper.make_graph([node], "g", [x], [y], initializer=inits)
onnx.save(helper.make_model(graph), path)
