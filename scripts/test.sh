#!/usr/bin/env bash
# The whole test suite: install what is missing, build, run ctest (lit +
# FileCheck, GoogleTest, and the PyTorch reference data they compare with).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
BUILD_DIR=${CONVT_BUILD_DIR:-build}
cd "$BUILD_DIR"
ctest --output-on-failure -j "$(nproc)"
