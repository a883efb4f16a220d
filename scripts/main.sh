#!/usr/bin/env bash
# The main job: install what is missing, build, and run every code example of
# the two seed documents through convt, printing its canonical form, its output
# shape against the shape the document prints, and the time convtc took.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh >/dev/null
BUILD_DIR=${CONVT_BUILD_DIR:-build}
CONVTC="$BUILD_DIR/bin/convtc"

failures=0
printf '%-36s %-22s %-22s %8s  %s\n' "seed example" "output shape" "document prints" "ms" "canonical form"
while read -r file expected; do
  [ -z "$file" ] || [ "${file#\#}" != "$file" ] && continue
  spec="examples/seeds/$file"
  start=$(date +%s%N)
  info=$("$CONVTC" info "$spec")
  mlir=$("$CONVTC" emit "$spec" --stage=canonical)
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  shape=$(sed -n 's/^  output //p' <<<"$info")
  canonical=$(sed -n 's/.*convt.canonical [^{]*\({[^}]*}\).*/\1/p' <<<"$mlir")
  status=""
  if [ "$shape" != "$expected" ]; then status="  MISMATCH"; failures=$((failures + 1)); fi
  printf '%-36s %-22s %-22s %8s  %s%s\n' "$file" "$shape" "$expected" "$ms" "$canonical" "$status"
done < examples/seeds/expected_shapes.txt

if [ "$failures" -ne 0 ]; then
  echo "main: $failures seed example(s) gave a shape other than the document's" >&2
  exit 1
fi
echo "main: every seed example gives the shape its document prints"
