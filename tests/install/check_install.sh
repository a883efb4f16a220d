#!/bin/sh
# Installs convt into a temporary prefix, builds examples/ against it as a
# separate CMake project (find_package(convt)), runs the examples and
# compares their outputs with PyTorch (check_examples.py).
#   check_install.sh BUILD_DIR SOURCE_DIR WORK_DIR PYTHON
set -eu
build=$1 src=$2 work=$3 python=$4
rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
cmake -S "$src/examples" -B "$work/examples" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$work/prefix" \
  > "$work/configure.log"
cmake --build "$work/examples" > "$work/build.log" || {
  cat "$work/build.log"
  exit 1
}
exec "$python" "$src/tests/install/check_examples.py" "$src" "$work"
