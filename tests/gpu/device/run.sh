#!/usr/bin/env bash
# On a machine with an NVIDIA GPU: run.sh OUT (under 5 minutes).
# Checks convt's CUDA kernels against PyTorch's numbers on the conformance
# layers, times them on the GPU suite (device tensors), and times PyTorch's
# ConvTranspose on cuDNN on the same shapes. Writes OUT/gpu.txt,
# OUT/conformance.txt, OUT/convt.jsonl, OUT/cudnn.json.
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/out}
mkdir -p "$out" "$here/driver"
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

conf="$here/conformance"
pass=0
fail=0
: > "$out/conformance.txt"
while read -r name rest; do
  set -- $rest
  files=()
  for f in "$@"; do files+=("$conf/$f"); done
  want="${files[${#files[@]}-1]}"
  unset 'files[${#files[@]}-1]'
  if timeout 60 "$runner" "$conf/$name.so" run "${files[@]}" "$out/y.npy" \
      --check "$want" >> "$out/conformance.txt" 2>&1; then
    pass=$((pass + 1))
    echo "$name ok" >> "$out/conformance.txt"
  else
    fail=$((fail + 1))
    echo "$name FAILED" >> "$out/conformance.txt"
  fi
done < "$conf/list.txt"
echo "conformance on the GPU: $pass passed, $fail failed" | tee -a "$out/conformance.txt"

: > "$out/convt.jsonl"
for k in "$here"/suite/*.so; do
  name=$(basename "$k" .so)
  timeout 60 "$runner" "$k" bench 2 --json "$name" >> "$out/convt.jsonl" \
    2>> "$out/convt.err" || echo "$name: failed" >> "$out/convt.err"
done
cat "$out/convt.jsonl"

timeout 200 python3 "$here/cudnn_bench.py" "$here"/suite/*.canonical.json \
  > "$out/cudnn.json" 2> "$out/cudnn.err"
cat "$out/cudnn.json"
