"""Writes the .npy files convtc's lit tests read: python3 npy.py KIND PATH."""
import sys

import numpy as np

kind, path = sys.argv[1], sys.argv[2]
if kind == "x12":          # input [1, 1, 2] = [1, 2]
    np.save(path, np.array([[[1, 2]]], dtype=np.float32))
elif kind == "w1x1x3":     # weight [1, 1, 3] = [1, 10, 100]
    np.save(path, np.array([[[1, 10, 100]]], dtype=np.float32))
elif kind == "b1":         # bias [1] = [0.5]
    np.save(path, np.array([0.5], dtype=np.float32))
elif kind == "ones":       # input of the seed documents
    np.save(path, np.ones([1, 3, 16, 50], dtype=np.float32))
elif kind == "float64":
    np.save(path, np.ones([1, 1, 2], dtype=np.float64))
elif kind == "fortran":
    np.save(path, np.asfortranarray(np.ones([1, 2, 2], dtype=np.float32)))
elif kind == "truncated":
    np.save(path, np.ones([1, 1, 2], dtype=np.float32))
    data = open(path, "rb").read()
    open(path, "wb").write(data[:-3])
elif kind == "wrongshape":
    np.save(path, np.ones([1, 1, 3], dtype=np.float32))
elif kind == "scalar":     # a 0-d array
    np.save(path, np.float32(1))
elif kind == "huge":       # a header announcing 2^62 elements, no data
    header = b"{'descr': '<f4', 'fortran_order': False, 'shape': (2147483648, 2147483648), }"
    header = header + b" " * (117 - len(header)) + b"\n"
    open(path, "wb").write(b"\x93NUMPY\x01\x00" + bytes([len(header), 0]) + header)
else:
    sys.exit("unknown kind " + kind)
