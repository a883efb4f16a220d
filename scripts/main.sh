#!/usr/bin/env bash
# The main job: install what is missing, build, then compile, run, check
# against PyTorch and time every seed example and every benchmark layer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh >/dev/null
exec /usr/bin/python3 scripts/run_examples.py "${CONVT_BUILD_DIR:-build}"
