# lit configuration for convt's dialect, pass and driver tests.
import os

import lit.formats

config.name = "convt"
config.test_format = lit.formats.ShTest(True)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.convt_obj_root, "tests", "lit")
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "Inputs"]
config.substitutions.append(("%convt_src", config.convt_src_root))
config.substitutions.append(("%inputs", os.path.join(config.test_source_root, "Inputs")))
# Debian's python3 with NumPy and PyTorch, whatever python3 is first on PATH.
config.substitutions.append(("%python", "/usr/bin/python3"))
config.environment["PATH"] = os.pathsep.join(
    [config.convt_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", "")])
# convtc's kernel cache: one of the tests' own, never the user's.
config.environment["CONVT_CACHE_DIR"] = os.path.join(config.test_exec_root, "kernel-cache")
# Built with sanitizers (scripts/sanitize.sh): some limits do not apply.
if getattr(config, "convt_sanitize", ""):
    config.available_features.add("sanitizer")
# A working CUDA driver on this machine (CI has none; a toolkit's stub
# library does not count): GPU tests that expect its absence do not apply.
def cuda_driver_works():
    import ctypes
    try:
        return ctypes.CDLL("libcuda.so").cuInit(0) == 0
    except (OSError, AttributeError):
        return False
if cuda_driver_works():
    config.available_features.add("cuda-driver")
