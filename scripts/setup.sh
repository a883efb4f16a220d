#!/usr/bin/env bash
# Installs the Debian packages convt needs, when they are missing.
# Debian bookworm; run as root (or with sudo available).
set -euo pipefail

PACKAGES=(
  cmake ninja-build ccache g++ clang-format
  llvm-14-dev llvm-14-tools libmlir-14-dev mlir-14-tools
  libhalide14-0-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libdnnl-dev libxnnpack-dev libpthreadpool-dev
  libxxhash-dev lld-14 clang-14 libclang-rt-14-dev
  python3-torch python3-numpy python3-matplotlib
  pocl-opencl-icd ocl-icd-opencl-dev
  libonnx-dev libprotobuf-dev libonnx-testdata python3-onnx
  pybind11-dev python3-pytest
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} Debian packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install packages" >&2; exit 1; }
  SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
