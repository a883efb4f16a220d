#!/usr/bin/env bash
# The project's code built with sanitizers, in its own build tree:
#   scripts/sanitize.sh address   # ASan + UBSan (build-asan/): the unit tests,
#                                 # every lit test (convtc itself) and 1/N of
#                                 # the conformance layers against PyTorch
#                                 # (N = CONVT_ASAN_CONFORMANCE, default 8;
#                                 # 1 runs all of them: ~10 min on 2 cores)
#   scripts/sanitize.sh thread    # TSan (build-tsan/): the concurrency tests
# Halide-generated kernels and the MLIR/LLVM libraries are not instrumented;
# leak reports are off (LLVM's and MLIR's globals live until exit). Needs the
# main tests' data: run ctest in build/ first.
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
if [ ! -f "$data/shapes.json" ] || [ ! -d "$data/conformance" ]; then
  echo "sanitize: run the main tests first (they write $data)" >&2
  exit 1
fi
build() {
  ninja -C "$B" "$@" >"$B/build.log" 2>&1 || { tail -30 "$B/build.log"; exit 1; }
}
if [ "$kind" = address ]; then
  build convt-unit-tests convtc convt-opt convt-conformance-tests
  CONVT_TEST_DATA=$data "$B/bin/convt-unit-tests" --gtest_brief=1
  /usr/bin/python3 /usr/lib/llvm-14/build/utils/lit/lit.py -q "$B/tests/lit" \
    "$B/compiler/frontends"
  # Conformance: two processes (one a core), each with every 2N-th layer
  # (gtest shards are round-robin over the cases, so every kind is met).
  n=${CONVT_ASAN_CONFORMANCE:-8}
  pids=()
  for i in 0 1; do
    CONVT_TEST_DATA=$data GTEST_TOTAL_SHARDS=$((2 * n)) GTEST_SHARD_INDEX=$((i * n)) \
      "$B/bin/convt-conformance-tests" --gtest_brief=1 >"$B/conformance-$i.log" 2>&1 &
    pids+=($!)
  done
  for i in 0 1; do
    wait "${pids[$i]}" || { tail -40 "$B/conformance-$i.log"; exit 1; }
    grep -h '^\[  PASSED' "$B/conformance-$i.log" | sed "s/^/sanitize conformance (1\/$n): /"
  done
else
  build convt-unit-tests convt-runtime-tests
  CONVT_TEST_DATA=$data "$B/bin/convt-unit-tests" --gtest_brief=1 \
    --gtest_filter='ThreadPoolTest.*:BackendTest.CacheCompilesEachKeyOnce:BackendTest.OneKernelFromSixteenThreads:BackendTest.KernelMatchesReference:JitTest.*'
  # The runtime alone (its thread pool, one kernel from 16 threads, the disk
  # cache): ctest adds the fixtures that write its data.
  (cd "$B" && ctest --output-on-failure -R '^runtime$')
fi
echo "sanitize $kind: passed"
