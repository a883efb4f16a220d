"""Runs the examples built against the installed convt; PyTorch checks them.

check_examples.py SOURCE_DIR WORK_DIR (after check_install.sh): the seed
example 4 layer (no bias) and a layer with a bias and groups, through
embed (an AOT shared object loaded by the runtime), embed_static (the kernel
linked in), jit (convt::compiler then the runtime) and examples/cli.sh
(convtc). Also checks what was installed.
"""
import json
import os
import subprocess
import sys

import numpy
import torch

SRC, WORK = sys.argv[1], sys.argv[2]
PREFIX = os.path.join(WORK, "prefix")
EX = os.path.join(WORK, "examples")
ENV = dict(os.environ, CONVT_CACHE_DIR=os.path.join(WORK, "cache"),
           PATH=os.path.join(PREFIX, "bin") + os.pathsep + os.environ["PATH"])
failures = []


def run(*cmd):
    p = subprocess.run(cmd, capture_output=True, text=True, env=ENV)
    if p.returncode != 0:
        sys.exit("FAILED: %s\n%s%s" % (" ".join(cmd), p.stdout, p.stderr))
    return p.stdout


def expect(cond, what):
    print(("ok      " if cond else "FAILED  ") + what)
    if not cond:
        failures.append(what)


def data(spec_path, tag):
    spec = json.load(open(spec_path))
    r = len(spec["input_shape"]) - 2
    g = spec.get("groups", 1)
    k = spec["kernel_size"]
    k = [k] * r if isinstance(k, int) else k
    torch.manual_seed(3)
    x = torch.rand(spec["input_shape"]) * 2 - 1
    w = torch.rand([spec["in_channels"], spec["out_channels"] // g] + k) * 2 - 1
    b = torch.rand([spec["out_channels"]]) * 2 - 1 if spec.get("bias", True) else None
    y = torch.nn.functional.conv_transpose2d(
        x, w, b, stride=spec.get("stride", 1), padding=spec.get("padding", 0),
        output_padding=spec.get("output_padding", 0), groups=g)
    paths = {}
    for role, t in (("x", x), ("w", w), ("b", b)):
        if t is not None:
            paths[role] = os.path.join(WORK, "%s.%s.npy" % (tag, role))
            numpy.save(paths[role], t.numpy())
    return spec, paths, y.numpy()


def close(path, want):
    got = numpy.load(path)
    return got.shape == want.shape and numpy.allclose(got, want, rtol=1e-4, atol=1e-5)


# What was installed.
for f in ["bin/convtc", "bin/convt-opt", "lib/libconvt_runtime.so", "lib/libconvt_runtime.a",
          "lib/libconvt_compiler.so", "include/convt/convt.h", "include/convt/convt.hpp",
          "include/convt/compiler.hpp", "lib/cmake/convt/convtConfig.cmake",
          "lib/cmake/convt/convtTargets.cmake"]:
    expect(os.path.exists(os.path.join(PREFIX, f)), "installed " + f)
needed = run("readelf", "-d", os.path.join(PREFIX, "lib/libconvt_runtime.so"))
expect("LLVM" not in needed and "Halide" not in needed and "stdc++" not in needed,
       "installed libconvt_runtime.so needs no LLVM, Halide or libstdc++")
needed = run("readelf", "-d", os.path.join(EX, "embed"))
expect("libconvt_runtime.so" in needed and "LLVM" not in needed and "Halide" not in needed,
       "embed links the runtime only")

layers = [(os.path.join(SRC, "examples/seeds/torch2d_ex4_k3_s2_p1_op1.json"), "seed"),
          (os.path.join(SRC, "tests/runtime/upsample_bias.json"), "bias")]
for spec_path, tag in layers:
    spec, p, want = data(spec_path, tag)
    bias = [p["b"]] if "b" in p else []
    aot = os.path.join(WORK, "aot-" + tag)
    y = os.path.join(WORK, tag + ".cli.npy")
    if "b" not in p:  # cli.sh passes no bias
        run(os.path.join(SRC, "examples/cli.sh"), spec_path, p["x"], p["w"], y, aot)
        expect(close(y, want), "%s: convtc run (examples/cli.sh) matches PyTorch" % tag)
    else:
        run("convtc", "compile", spec_path, "-o", aot)
    so = os.path.join(aot, spec["name"] + ".so")
    y = os.path.join(WORK, tag + ".embed.npy")
    # No compiler on PATH and no writable temporary directory: the runtime
    # needs neither.
    bare = dict(ENV, PATH="/nonexistent", TMPDIR="/nonexistent")
    p_run = subprocess.run([os.path.join(EX, "embed"), so, p["x"], p["w"], *bias, y],
                           capture_output=True, text=True, env=bare)
    expect(p_run.returncode == 0 and close(y, want),
           "%s: embed (AOT %s, no cc, no TMPDIR) matches PyTorch: %s" % (
               tag, os.path.basename(so), (p_run.stdout + p_run.stderr).strip()))
    y = os.path.join(WORK, tag + ".jit.npy")
    out = run(os.path.join(EX, "jit"), spec_path, p["x"], p["w"], *bias, y)
    expect(close(y, want), "%s: jit matches PyTorch: %s" % (tag, out.strip()))
    out = run(os.path.join(EX, "jit"), spec_path, p["x"], p["w"], *bias, y)
    expect(out.startswith("jit: found"), "%s: a second jit process finds the kernel" % tag)
    if tag == "seed":
        y = os.path.join(WORK, tag + ".static.npy")
        out = run(os.path.join(EX, "embed_static"), p["x"], p["w"], y)
        expect(close(y, want), "%s: embed_static (linked in) matches PyTorch: %s" % (
            tag, out.strip()))

# The installed Python package, run from the prefix, against PyTorch.
py = subprocess.run([sys.executable, "-c", """
import sys, numpy, torch, convt
m = torch.nn.ConvTranspose2d(3, 4, 3, stride=2, padding=1, output_padding=1, groups=1)
spec, w, b = convt.from_torch(m, [1, 3, 5, 5])
x = torch.randn(1, 3, 5, 5)
y = convt.compile(spec).run(x, w, b)
print(convt.__file__)
with torch.no_grad():
    sys.exit(0 if numpy.allclose(y, m(x).numpy(), rtol=1e-4, atol=1e-4) else 1)
"""], capture_output=True, text=True,
    env=dict(ENV, PYTHONPATH=os.path.join(PREFIX, "lib", "python3", "dist-packages")))
expect(py.returncode == 0 and py.stdout.startswith(PREFIX),
       "import convt (installed) matches PyTorch: %s" % (py.stdout + py.stderr).strip()[-300:])

if failures:
    sys.exit("%d check(s) failed" % len(failures))
print("all example checks passed")
