#!/usr/bin/env bash
# Builds convt's libFuzzer targets (clang-14, ASan + UBSan, in build-fuzz/)
# and runs each for SECONDS (default 20) from its seed corpus
# (tests/fuzz/corpus/TARGET, copied: what the fuzzer finds stays in
# build-fuzz/corpus/TARGET). Prints executions per target; a crash stops it
# with the failing input saved as build-fuzz/crash-*.
#   scripts/fuzz.sh [SECONDS] [TARGET...]   targets: spec mlir npy metadata
#                                           (the default), differential
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
shift || true
targets=${*:-spec mlir npy metadata}
B=${CONVT_FUZZ_BUILD_DIR:-build-fuzz}
if [ ! -f "$B/build.ninja" ]; then
  CC=clang-14 CXX=clang++-14 cmake -S . -B "$B" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release -DCONVT_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
fi
ninja -C "$B" $(for t in $targets; do echo "convt-fuzz-$t"; done) >"$B/build.log" 2>&1 || {
  tail -30 "$B/build.log"
  exit 1
}
status=0
for t in $targets; do
  mkdir -p "$B/corpus/$t"
  cp -n tests/fuzz/corpus/$t/* "$B/corpus/$t/" 2>/dev/null || true
  log="$B/fuzz-$t.log"
  # MLIR 14's parser leaks a Block on some malformed input
  # (OperationParser::parseBlock): not ours to fix, so no leak check there.
  leaks=1
  [ "$t" = mlir ] && leaks=0
  # The differential target reads about 40 bytes (longer inputs only
  # repeat, and libFuzzer's slow growth of the length would leave 3-D
  # layers and explicit schedules unexplored for most of a run) and
  # compiles each: an autoscheduler may take seconds.
  limits="-max_len=8192 -timeout=10"
  [ "$t" = differential ] && limits="-max_len=64 -len_control=0 -timeout=60"
  if ASAN_OPTIONS=detect_leaks=$leaks "$B/bin/convt-fuzz-$t" \
      -max_total_time="$seconds" $limits -detect_leaks=$leaks \
      -print_final_stats=1 -artifact_prefix="$B/crash-$t-" \
      -rss_limit_mb=4096 "$B/corpus/$t" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "fuzz $t: $runs executions in ${seconds} s, no crash"
  else
    echo "fuzz $t: FAILED (see $log)"
    grep -E "ERROR|SUMMARY|artifact" "$log" | head -5
    status=1
  fi
done
exit $status
