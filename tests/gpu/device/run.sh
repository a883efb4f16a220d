#!/usr/bin/env bash
# On a machine with an NVIDIA GPU: run.sh OUT (about 5 minutes).
# Times convt's CUDA kernels on the GPU suite (device tensors) and PyTorch's
# ConvTranspose on cuDNN on the same shapes, checks the kernels against
# PyTorch's numbers on the conformance layers, and, when the bundle has
# them, times the tuner's candidates of every suite layer. The most wanted
# numbers first, so that a run cut short still brings them back. Writes
# OUT/gpu.txt, OUT/convt.jsonl, OUT/cudnn.json, OUT/conformance.txt,
# OUT/variants.jsonl and the errors in OUT/convt.err, OUT/cudnn.err.
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/out}
mkdir -p "$out" "$here/driver"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# Halide's CUDA runtime opens "libcuda.so"; drivers often ship only .so.1.
for d in /usr/local/nvidia/lib64 /usr/lib/x86_64-linux-gnu /usr/lib64; do
  if [ -e "$d/libcuda.so.1" ]; then
    ln -sf "$d/libcuda.so.1" "$here/driver/libcuda.so"
    break
  fi
done
export LD_LIBRARY_PATH="$here/driver:${LD_LIBRARY_PATH:-}"
runner="$here/bin/convt-runner"
{
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
  python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "cudnn", torch.backends.cudnn.version())'
} > "$out/gpu.txt" 2>&1
cat "$out/gpu.txt"

# 1. convt on the suite, the template's own parameters.
: > "$out/convt.jsonl"
for k in "$here"/suite/*.so; do
  name=$(basename "$k" .so)
  timeout 60 "$runner" "$k" bench 2 --json "$name" >> "$out/convt.jsonl" \
    2>> "$out/convt.err" || echo "$name: failed" >> "$out/convt.err"
done
cat "$out/convt.jsonl"

# 2. cuDNN on the same shapes.
timeout 150 python3 "$here/cudnn_bench.py" "$here"/suite/*.canonical.json \
  > "$out/cudnn.json" 2> "$out/cudnn.err"
cat "$out/cudnn.json"

# 3. Conformance: PyTorch's outputs, eight kernels at a time.
check() { # name x w [b] y
  local name=$1
  shift
  local files=()
  for f in "$@"; do files+=("$conf/$f"); done
  local want="${files[${#files[@]}-1]}"
  unset 'files[${#files[@]}-1]'
  if log=$(timeout 60 "$runner" "$conf/$name.so" run "${files[@]}" \
      "$scratch/$name.npy" --check "$want" 2>&1); then
    echo "$name ok"
  else
    echo "$name FAILED: $log"
  fi
}
export -f check
export conf="$here/conformance" runner scratch
timeout 120 xargs -P 8 -L 1 bash -c 'check "$@"' _ < "$conf/list.txt" \
  > "$out/conformance.txt" 2>&1
pass=$(grep -c ' ok$' "$out/conformance.txt")
fail=$(grep -c ' FAILED' "$out/conformance.txt")
echo "conformance on the GPU: $pass passed, $fail failed" | tee -a "$out/conformance.txt"

# 4. The tuner's candidates, 0.4 s each (variants/list.txt: name options).
: > "$out/variants.jsonl"
if [ -s "$here/variants/list.txt" ]; then
  deadline=$((SECONDS + ${CONVT_VARIANT_SECONDS:-200}))
  while read -r name options; do
    [ $SECONDS -lt $deadline ] || { echo "variants: out of time" >> "$out/convt.err"; break; }
    timeout 20 "$runner" "$here/variants/$name.so" bench 0.4 --json "$name" \
      >> "$out/variants.jsonl" 2>> "$out/convt.err" ||
      echo "$name ($options): failed" >> "$out/convt.err"
  done < "$here/variants/list.txt"
  echo "variants timed: $(wc -l < "$out/variants.jsonl")"
fi
