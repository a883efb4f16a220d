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
else:
    sys.exit("unknown kind " + kind)
