#!/usr/bin/env bash
# The unit tests (and with address, the lit tests: convtc itself) built with
# sanitizers, in their own build tree:
#   scripts/sanitize.sh address   # ASan + UBSan: build-asan/
#   scripts/sanitize.sh thread    # TSan, the concurrency tests: build-tsan/
# Halide-generated kernels and the MLIR/LLVM libraries are not instrumented;
# leak reports are off (LLVM's and MLIR's globals live until exit).
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-address}
case "$kind" in
  address) B=${CONVT_ASAN_BUILD_DIR:-build-asan}; flags=address,undefined ;;
  thread) B=${CONVT_TSAN_BUILD_DIR:-build-tsan}; flags=thread ;;
  *) echo "usage: scripts/sanitize.sh address|thread" >&2; exit 2 ;;
esac
if [ ! -f "$B/build.ninja" ]; then
  cmake -S . -B "$B" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCONVT_SANITIZE="$flags" >/dev/null
fi
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
data=$PWD/build/tests/data
if [ ! -f "$data/shapes.json" ]; then
  echo "sanitize: run the main tests first (they write $data)" >&2
  exit 1
fi
if [ "$kind" = address ]; then
  ninja -C "$B" convt-unit-tests convtc convt-opt >"$B/build.log" 2>&1 ||
    { tail -30 "$B/build.log"; exit 1; }
  CONVT_TEST_DATA=$data "$B/bin/convt-unit-tests" --gtest_brief=1
  /usr/bin/python3 /usr/lib/llvm-14/build/utils/lit/lit.py -q "$B/tests/lit"
else
  ninja -C "$B" convt-unit-tests >"$B/build.log" 2>&1 ||
    { tail -30 "$B/build.log"; exit 1; }
  CONVT_TEST_DATA=$data "$B/bin/convt-unit-tests" --gtest_brief=1 \
    --gtest_filter='ThreadPoolTest.*:BackendTest.CacheCompilesEachKeyOnce:BackendTest.OneKernelFromSixteenThreads:BackendTest.KernelMatchesReference'
fi
echo "sanitize $kind: passed"
