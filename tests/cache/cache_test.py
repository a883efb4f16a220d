"""The persistent kernel cache, driven through convtc in real processes.

cache_test.py CONVTC WORK_DIR: every test gets its own cache directory
under WORK_DIR (CONVT_CACHE_DIR). Runs as root in CI, where file modes do
not stop writes: the read-only case then runs convtc as user nobody on a
cache root built (a cache shipped in an image), and the full-disk case caps
a tiny file system (tmpfs in a private mount namespace) under the cache.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

CONVTC = None
WORK = None


def spec(name, cin, cout, n):
    return {"name": name, "style": "torch", "input_shape": [1, cin, n, n],
            "in_channels": cin, "out_channels": cout, "kernel_size": 3,
            "stride": 2, "padding": 1, "bias": True}


class CacheTest(unittest.TestCase):
    def setUp(self):
        self.dir = os.path.join(WORK, self.id().split(".")[-1])
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)
        self.cache = os.path.join(self.dir, "cache")
        self.specs = {}
        for i, name in enumerate(["a", "b", "c", "d", "e"]):
            path = os.path.join(self.dir, name + ".json")
            with open(path, "w") as f:
                json.dump(spec(name, 4 + i, 8, 6 + i), f)
            self.specs[name] = path

    def env(self, **extra):
        e = dict(os.environ, CONVT_CACHE_DIR=self.cache)
        e.update(extra)
        return e

    def bench(self, name, prefix=(), env=None, preexec=None, check=True):
        """convtc bench in a new process: (its JSON, its stderr)."""
        p = subprocess.run(list(prefix) + [CONVTC, "bench", self.specs[name], "--json",
                                           "--seconds", "0.01", "--threads", "1"],
                           capture_output=True, text=True, env=env or self.env(),
                           preexec_fn=preexec)
        if check:
            self.assertEqual(p.returncode, 0, p.stderr)
        return (json.loads(p.stdout) if p.returncode == 0 else None), p.stderr

    def convtc(self, *args, env=None):
        return subprocess.run([CONVTC] + list(args), capture_output=True, text=True,
                              env=env or self.env())

    def entries(self):
        d = os.path.join(self.cache, "kernels")
        return sorted(f for f in os.listdir(d) if f.endswith(".so"))

    def entry(self):
        (e,) = self.entries()
        return os.path.join(self.cache, "kernels", e)

    def test_second_process_loads_from_disk(self):
        first, _ = self.bench("a")
        self.assertEqual(first["kernel_source"], "compiled")
        second, err = self.bench("a")
        self.assertEqual(second["kernel_source"], "disk")
        self.assertEqual(err, "")
        self.assertEqual(len(self.entries()), 1)
        out = self.convtc("cache", "list").stdout
        self.assertIn(self.entries()[0][:32], out)
        self.assertIn("  a  expert(", out)
        stats = self.convtc("cache", "stats").stdout
        self.assertIn("kernels:   1 (0 bad)", stats)
        self.assertEqual(self.convtc("cache", "verify").returncode, 0)

    def corrupt_and_rebuild(self, damage, message):
        self.bench("a")
        path = self.entry()
        with open(path, "r+b") as f:
            damage(f)
        again, err = self.bench("a")
        self.assertEqual(again["kernel_source"], "compiled")
        self.assertIn("removed the bad kernel cache entry " + path, err)
        self.assertIn(message, err)
        self.assertEqual(err.count("warning"), 1)
        # Rebuilt, and good again.
        third, err = self.bench("a")
        self.assertEqual(third["kernel_source"], "disk")
        self.assertEqual(err, "")

    def test_truncated_entry_is_rebuilt(self):
        def truncate(f):
            f.truncate(os.path.getsize(f.name) - 100)
        self.corrupt_and_rebuild(truncate, "no convt cache trailer")

    def test_bit_flip_is_rebuilt(self):
        def flip(f):
            f.seek(os.path.getsize(f.name) // 2)
            byte = f.read(1)
            f.seek(-1, 1)
            f.write(bytes([byte[0] ^ 0x10]))
        self.corrupt_and_rebuild(flip, "checksum mismatch (corrupted)")

    def test_foreign_entry_is_rebuilt(self):
        self.bench("a")
        a = self.entry()
        self.bench("b")
        b = [os.path.join(self.cache, "kernels", e) for e in self.entries()
             if not a.endswith(e)][0]
        shutil.copyfile(a, b)  # a's kernel under b's key
        again, err = self.bench("b")
        self.assertEqual(again["kernel_source"], "compiled")
        self.assertIn("holds the kernel of another key", err)
        self.assertEqual(again["output_shape"], "[1, 8, 13, 13]")

    def test_entries_others_can_write_are_refused(self):
        self.bench("a")
        os.chmod(self.entry(), 0o666)
        again, err = self.bench("a")
        self.assertEqual(again["kernel_source"], "compiled")
        self.assertIn("is writable by other users (mode 0666", err)

    def test_directory_others_can_write_is_refused(self):
        self.bench("a")
        os.chmod(self.cache, 0o777)
        again, err = self.bench("a")
        self.assertEqual(again["kernel_source"], "compiled")
        self.assertIn("refusing the kernel cache: " + self.cache +
                      " is writable by other users (mode 0777", err)
        listing = self.convtc("cache", "list")
        self.assertEqual(listing.returncode, 1)
        self.assertIn("error: refusing the kernel cache", listing.stderr)

    def test_symlinked_entry_is_not_followed(self):
        self.bench("a")
        path = self.entry()
        real = os.path.join(self.dir, "elsewhere.so")
        shutil.move(path, real)
        os.symlink(real, path)
        again, _ = self.bench("a")
        self.assertEqual(again["kernel_source"], "compiled")
        self.assertFalse(os.path.islink(path))  # replaced by a real entry

    def test_read_only_cache_serves_hits(self):
        if os.geteuid() == 0:
            # Root's cache, open to read, used by another user: the cache, the
            # specs and the path to them must be open to that user, wherever
            # the build tree is.
            base = tempfile.mkdtemp(prefix="convt-ro-")
            self.addCleanup(shutil.rmtree, base, ignore_errors=True)
            os.chmod(base, 0o755)
            for name in ("a", "b"):
                copy = os.path.join(base, name + ".json")
                shutil.copyfile(self.specs[name], copy)
                os.chmod(copy, 0o644)
                self.specs[name] = copy
            self.cache = os.path.join(base, "cache")
            prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
            self.bench("a")
            for d in (self.cache, os.path.join(self.cache, "kernels")):
                os.chmod(d, 0o755)
        else:
            prefix = []
            self.bench("a")
            os.chmod(os.path.join(self.cache, "kernels"), 0o555)
        hit, err = self.bench("a", prefix=prefix)
        self.assertEqual(hit["kernel_source"], "disk")
        self.assertEqual(err, "")
        miss, err = self.bench("b", prefix=prefix)
        self.assertEqual(miss["kernel_source"], "compiled")
        self.assertIn("cannot write into " + os.path.join(self.cache, "kernels"), err)
        self.assertIn("new kernels are kept in memory only", err)
        self.assertEqual(err.count("warning"), 1)
        self.assertEqual(len(self.entries()), 1)

    def test_full_disk_falls_back_to_memory(self):
        # The cache on a file system with room for its directories but not
        # for a kernel: a tmpfs of 8 KiB in a private mount namespace.
        probe = subprocess.run(["unshare", "-m", "sh", "-c",
                                "mount -t tmpfs -o size=8k tmpfs %s" % self.dir],
                               capture_output=True, text=True)
        if probe.returncode != 0:
            self.skipTest("cannot mount a small file system here: " + probe.stderr)
        script = ("mount -t tmpfs -o size=8k tmpfs %s && mkdir -m 700 %s && exec %s bench "
                  "%s --json --seconds 0.01 --threads 1" % (
                      self.dir + "/full", self.dir + "/full/cache", CONVTC,
                      self.specs["a"]))
        os.makedirs(self.dir + "/full")
        p = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True,
                           text=True, env=self.env(CONVT_CACHE_DIR=self.dir + "/full/cache"))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(json.loads(p.stdout)["kernel_source"], "compiled")
        self.assertIn("No space left on device", p.stderr)
        self.assertIn("new kernels are kept in memory only", p.stderr)
        self.assertEqual(p.stderr.count("warning"), 1)

    def test_four_processes_compile_a_layer_once(self):
        procs = [subprocess.Popen([CONVTC, "bench", self.specs["c"], "--json", "--seconds",
                                   "0.01", "--threads", "1"], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, env=self.env())
                 for _ in range(4)]
        sources = []
        for p in procs:
            out, err = p.communicate()
            self.assertEqual(p.returncode, 0, err)
            sources.append(json.loads(out)["kernel_source"])
        self.assertEqual(sorted(sources), ["compiled", "disk", "disk", "disk"])
        self.assertEqual(len(self.entries()), 1)

    def test_processes_filling_one_cache_leave_it_valid(self):
        procs = [subprocess.Popen([CONVTC, "bench", self.specs[n], "--json", "--seconds",
                                   "0.01", "--threads", "1"], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, env=self.env())
                 for n in ["a", "b", "c", "d", "a", "b", "c", "d"]]
        for p in procs:
            _, err = p.communicate()
            self.assertEqual(p.returncode, 0, err)
        self.assertEqual(len(self.entries()), 4)
        verify = self.convtc("cache", "verify")
        self.assertEqual(verify.returncode, 0, verify.stdout)
        self.assertIn("4 of 4 kernels verified", verify.stdout)

    def test_least_recently_used_entries_are_evicted(self):
        self.bench("a")
        size = os.path.getsize(self.entry())
        # Room for two entries and a half.
        limit = str(2.5 * size / (1 << 20))
        env = self.env(CONVT_CACHE_MAX_MB=limit)
        self.bench("b", env=env)
        self.bench("a", env=env)  # a is now used more recently than b
        self.bench("c", env=env)
        names = [json.loads(self.convtc("bench", self.specs[n], "--json", "--seconds",
                                        "0.01", "--threads", "1",
                                        env=env).stdout)["kernel_source"]
                 for n in ["a", "c"]]
        self.assertEqual(names, ["disk", "disk"])
        self.assertEqual(len(self.entries()), 2)
        listing = self.convtc("cache", "list").stdout
        self.assertNotIn("  b  expert(", listing)

    def test_processes_killed_mid_compile_leave_the_cache_valid(self):
        # SIGKILL at times spread over a compile (about 0.5 s, the entry is
        # written at its end): whatever is left, every entry checks out and
        # every layer runs afterwards.
        import random
        import signal
        import time
        rng = random.Random(7)
        for i in range(12):
            path = os.path.join(self.dir, "k%d.json" % i)
            with open(path, "w") as f:
                json.dump(spec("k%d" % i, 2 + i, 4, 5), f)
            self.specs["k%d" % i] = path
            p = subprocess.Popen([CONVTC, "bench", path, "--json", "--seconds", "0.01",
                                  "--threads", "1"], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, env=self.env())
            time.sleep(rng.uniform(0.2, 0.8))
            p.send_signal(signal.SIGKILL)
            p.wait()
        verify = self.convtc("cache", "verify")
        self.assertEqual(verify.returncode, 0, verify.stdout)
        for i in range(12):
            result, err = self.bench("k%d" % i)
            self.assertIn(result["kernel_source"], ("compiled", "disk"))
            self.assertEqual(err, "")

    def test_verify_removes_bad_entries(self):
        self.bench("a")
        self.bench("b")
        path = self.entries()[0]
        full = os.path.join(self.cache, "kernels", path)
        with open(full, "r+b") as f:
            f.seek(os.path.getsize(full) // 3)
            byte = f.read(1)
            f.seek(-1, 1)
            f.write(bytes([byte[0] ^ 0x40]))
        out = self.convtc("cache", "verify")
        self.assertEqual(out.returncode, 1)
        self.assertIn("removed " + full + ": checksum mismatch", out.stdout)
        self.assertIn("1 of 2 kernels verified", out.stdout)
        self.assertEqual(len(self.entries()), 1)
        self.assertEqual(self.convtc("cache", "verify").returncode, 0)

    def test_clear(self):
        self.bench("a")
        self.bench("b")
        out = self.convtc("cache", "clear")
        self.assertEqual(out.returncode, 0)
        self.assertIn("removed 2 kernels", out.stdout)
        self.assertEqual(self.entries(), [])

    def test_run_uses_the_cache_and_gives_the_same_numbers(self):
        x = os.path.join(self.dir, "x.npy")
        subprocess.run([sys.executable, "-c",
                        "import numpy; numpy.save('%s', numpy.ones((1, 4, 6, 6), "
                        "numpy.float32))" % x], check=True)
        outs = []
        for i in range(2):
            y = os.path.join(self.dir, "y%d.npy" % i)
            p = self.convtc("run", self.specs["a"], "--input", x, "--output", y)
            self.assertEqual(p.returncode, 0, p.stderr)
            with open(y, "rb") as f:
                outs.append(f.read())
        self.assertEqual(outs[0], outs[1])
        self.assertEqual(len(self.entries()), 1)


if __name__ == "__main__":
    CONVTC, WORK = sys.argv[1], sys.argv[2]
    unittest.main(argv=[sys.argv[0], "-v"])
