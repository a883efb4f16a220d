#!/usr/bin/env python3
"""ONNX's own ConvTranspose test cases, imported and run through convt.

  check_import.py --convtc BIN [--data /usr/share/libonnx-testdata/data]

Every ConvTranspose model Debian's libonnx-testdata ships (node/
test_convtranspose*, pytorch-converted/test_ConvTranspose2d*,
pytorch-operator/test_operator_convtranspose) is imported with `convtc
import`; each of its test data sets is run with `convtc run` (inputs from
input_N.pb: X, then W and B where the graph takes them as inputs) and
compared with output_0.pb (1e-4 relative). Exit status 1 on any failure.
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper


def cases(data):
    pats = ["node/test_convtranspose*", "pytorch-converted/test_ConvTranspose2d*",
            "pytorch-operator/test_operator_convtranspose"]
    return sorted(d for p in pats for d in glob.glob(os.path.join(data, p)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--convtc", required=True)
    ap.add_argument("--data", default="/usr/share/libonnx-testdata/data")
    args = ap.parse_args()
    failures = runs = 0
    found = cases(args.data)
    if not found:
        print(f"no ConvTranspose test cases under {args.data} (libonnx-testdata)")
        return 1
    with tempfile.TemporaryDirectory(prefix="convt-onnx-") as work:
        for case in found:
            name = os.path.basename(case)
            out = os.path.join(work, name)
            p = subprocess.run([args.convtc, "import", os.path.join(case, "model.onnx"), "-o", out],
                               capture_output=True, text=True)
            if p.returncode != 0:
                failures += 1
                print(f"FAILED {name}: import: {p.stderr.strip()}")
                continue
            spec = glob.glob(os.path.join(out, "*.json"))[0]
            stem = spec[:-len(".json")]
            model = onnx.load(os.path.join(case, "model.onnx"))
            node = next(n for n in model.graph.node if n.op_type == "ConvTranspose")
            graph_inputs = {i.name for i in model.graph.input} - {t.name for t in model.graph.initializer}
            sets = sorted(glob.glob(os.path.join(case, "test_data_set_*")))
            if not sets:
                failures += 1
                print(f"FAILED {name}: no test data set")
            for ds in sets:
                # input_N.pb are the graph's inputs, in order.
                files = {}
                order = [i.name for i in model.graph.input if i.name in graph_inputs]
                for i, pb in enumerate(sorted(glob.glob(os.path.join(ds, "input_*.pb")))):
                    t = onnx.TensorProto()
                    t.ParseFromString(open(pb, "rb").read())
                    files[order[i]] = numpy_helper.to_array(t)
                cmd = [args.convtc, "run", spec, "--output", os.path.join(work, "y.npy")]
                for flag, idx, saved in (("--input", 0, None), ("--weight", 1, stem + ".weight.npy"),
                                         ("--bias", 2, stem + ".bias.npy")):
                    if idx >= len(node.input) or not node.input[idx]:
                        continue
                    if node.input[idx] in files:
                        path = os.path.join(work, f"in{idx}.npy")
                        np.save(path, files[node.input[idx]].astype(np.float32))
                    else:
                        path = saved
                    cmd += [flag, path]
                p = subprocess.run(cmd, capture_output=True, text=True)
                runs += 1
                if p.returncode != 0:
                    failures += 1
                    print(f"FAILED {name}: run: {p.stderr.strip()}")
                    continue
                got = np.load(os.path.join(work, "y.npy"))
                t = onnx.TensorProto()
                t.ParseFromString(open(os.path.join(ds, "output_0.pb"), "rb").read())
                want = numpy_helper.to_array(t)
                ok = got.shape == want.shape and np.allclose(got, want, rtol=1e-4, atol=1e-4)
                print(f"{'ok' if ok else 'FAILED'} {name}: {list(got.shape)} against output_0.pb")
                failures += not ok
    print(f"{len(found)} ONNX models imported, {runs} runs, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
