#!/usr/bin/env bash
# The whole test suite: install what is missing, build, run ctest (lit +
# FileCheck, GoogleTest, conformance against PyTorch, the runtime, the kernel
# cache, the installed package), then the fuzz targets (the parsers and the
# differential one) for a bounded time,
# then the unit, lit and (1/8 of the) conformance tests under ASan + UBSan,
# then the concurrency tests under TSan.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
BUILD_DIR=${CONVT_BUILD_DIR:-build}
(cd "$BUILD_DIR" && ctest --output-on-failure -j "$(nproc)")
# The parsers under libFuzzer (ASan + UBSan) for a bounded time each;
# scripts/fuzz.sh SECONDS runs them longer (docs/reliability.md).
bash scripts/fuzz.sh "${CONVT_FUZZ_SECONDS:-20}"
# Random valid layers and schedules compiled and compared with the
# reference (about one a second; `scripts/fuzz.sh 1500 differential` runs
# it longer).
bash scripts/fuzz.sh "${CONVT_FUZZ_DIFFERENTIAL_SECONDS:-60}" differential
# The unit, lit and every 8th conformance test again with AddressSanitizer +
# UBSan (build-asan/; CONVT_ASAN_CONFORMANCE=1 runs every conformance test),
# and the concurrency tests under ThreadSanitizer (build-tsan/).
bash scripts/sanitize.sh address
bash scripts/sanitize.sh thread
