#!/usr/bin/env bash
# The whole test suite: install what is missing, build, run ctest (lit +
# FileCheck, GoogleTest, conformance against PyTorch, the runtime, the kernel
# cache, the installed package), then the fuzz targets for a bounded time,
# then the unit and lit tests under ASan + UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
BUILD_DIR=${CONVT_BUILD_DIR:-build}
(cd "$BUILD_DIR" && ctest --output-on-failure -j "$(nproc)")
# The parsers under libFuzzer (ASan + UBSan) for a bounded time each;
# scripts/fuzz.sh SECONDS runs them longer (docs/reliability.md).
bash scripts/fuzz.sh "${CONVT_FUZZ_SECONDS:-20}"
# The unit and lit tests again with AddressSanitizer + UBSan (build-asan/);
# scripts/sanitize.sh thread runs the concurrency tests under TSan.
bash scripts/sanitize.sh address
