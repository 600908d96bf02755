#!/usr/bin/env bash
# Writes COUNT copies of the docs/samples kernel dumps into <machine>/Minidump folders under
# DIR/share (PC-00000, PC-00001, …), each copy made unique by an 8-byte trailer so a results
# cache cannot share results between copies. Used by batch.sh and symbols.sh.
#
#   Tests/Benchmarks/make-share.sh DIR COUNT
set -euo pipefail
cd "$(dirname "$0")/../.."
scratch=$1
count=$2
samples=(docs/samples/*.dmp)
machines=$(( (count + ${#samples[@]} - 1) / ${#samples[@]} ))
rm -rf "$scratch/share"
mkdir -p "$scratch/share"
made=0
for ((m = 0; m < machines && made < count; m++)); do
  dir=$(printf "%s/share/PC-%05d/Minidump" "$scratch" "$m")
  mkdir -p "$dir"
  for f in "${samples[@]}"; do
    [ "$made" -ge "$count" ] && break
    { cat "$f"; printf "PC-%05d" "$m"; } >"$dir/$(basename "$f")"
    made=$((made + 1))
  done
done
