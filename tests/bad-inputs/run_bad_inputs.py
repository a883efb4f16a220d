"""The bad-input corpus: every file ends convtc with status 1 and one error.

run_bad_inputs.py CONVTC CORPUS_DIR WORK_DIR

specs/*: `convtc info FILE` and `convtc run FILE --input ... --output OUT`;
npy/* (and /dev/zero, a directory, a missing file): `convtc run good.json
--input FILE --output OUT`, then as --weight. Each must exit with status 1
(never a signal), print exactly one line with "error:" on standard error,
naming the file, and leave no output file behind.
"""
import glob
import os
import subprocess
import sys

convtc, corpus, work = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(work, exist_ok=True)
out = os.path.join(work, "out.npy")
good = os.path.join(corpus, "good.json")
ones = os.path.join(work, "ones.npy")
# A valid [1, 1, 2] input, written without NumPy (the corpus runner needs none).
header = b"{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 2), }"
header += b" " * (117 - len(header)) + b"\n"
with open(ones, "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + bytes([len(header), 0]) + header + b"\0\0\x80\x3f" * 2)
env = dict(os.environ, CONVT_CACHE_DIR=os.path.join(work, "cache"))

failures, count = [], 0


def check(args, name):
    global count
    count += 1
    if os.path.exists(out):
        os.remove(out)
    p = subprocess.run([convtc] + args, capture_output=True, text=True, env=env, timeout=120)
    errors = [l for l in p.stderr.splitlines() if "error:" in l]
    problems = []
    if p.returncode != 1:
        problems.append("exit status %d%s" % (p.returncode,
                                              " (a signal)" if p.returncode < 0 else ""))
    if len(errors) != 1:
        problems.append("%d error lines" % len(errors))
    elif name not in errors[0] and not errors[0].startswith("<"):
        problems.append("the error does not name " + name)
    if os.path.exists(out):
        problems.append("an output file was left")
    if problems:
        failures.append("%s: %s\n  %s" % (" ".join(args), "; ".join(problems),
                                         p.stderr.strip().replace("\n", "\n  ")[:600]))


for path in sorted(glob.glob(os.path.join(corpus, "specs", "*"))):
    name = os.path.basename(path)
    check(["info", path], name)
    check(["run", path, "--input", ones, "--output", out], name)
bad_npy = sorted(glob.glob(os.path.join(corpus, "npy", "*"))) + [
    "/dev/zero", work, os.path.join(work, "missing.npy")]
for path in bad_npy:
    name = os.path.basename(path.rstrip("/")) or path
    check(["run", good, "--input", path, "--output", out], name)
    check(["run", good, "--input", ones, "--weight", path, "--output", out], name)

if failures:
    print("%d of %d bad inputs misbehaved:\n%s" % (len(failures), count, "\n".join(failures)))
    sys.exit(1)
print("all %d bad inputs: status 1, one error naming the file, no output" % count)
