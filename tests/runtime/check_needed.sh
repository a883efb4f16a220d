#!/bin/sh
# libconvt_runtime.so may need only the C library (libc, libm, libdl,
# libpthread; glibc's dynamic loader ld-linux comes with libc): no MLIR,
# LLVM, libHalide, and no C++ library (it links libstdc++ statically).
# Prints its size for the README.
set -eu
lib=$1
needed=$(readelf -d "$lib" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
echo "NEEDED: $(echo $needed)"
echo "size: $(stat -c %s "$lib") bytes"
for n in $needed; do
  case "$n" in
    libc.so.*|libm.so.*|libdl.so.*|libpthread.so.*|ld-linux*.so.*) ;;
    *) echo "error: $lib needs $n" >&2; exit 1 ;;
  esac
done
# It must not carry any of them statically either.
if nm -D --defined-only "$lib" | grep -E ' (_ZN4llvm|_ZN4mlir|_ZN6Halide)' >/dev/null; then
  echo "error: $lib exports LLVM, MLIR or Halide symbols" >&2
  exit 1
fi
# Exports: the C API and the Halide runtime kernels bind to, nothing else.
bad=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -v -E '^(convt_|halide_)' || true)
if [ -n "$bad" ]; then
  echo "error: $lib exports more than convt_* and halide_*: $bad" >&2
  exit 1
fi
echo "ok"
