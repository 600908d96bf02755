#!/usr/bin/env bash
# Decoding throughput of ContainerFormats (LZX, MSZIP, gzip inflate) against cabextract and
# gzip -d on the same files. Results go into docs/performance.md ("Containers") by hand.
#
# Usage: Tests/Benchmarks/containers.sh [repetitions]   (needs ../shared/corpus, cabextract, gzip)
set -euo pipefail
cd "$(dirname "$0")"
reps="${1:-5}"
corpus="${DUMPTRIAGE_SHARED:-$(cd ../../.. && pwd)/shared}/corpus"
[ -d "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 1; }

swift build -c release --package-path ContainerBench >/dev/null
bench="$(swift build -c release --package-path ContainerBench --show-bin-path)/ContainerBench"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cabs=(
  "$corpus/kernel/win10_arm_rpi3_mem.cab"                 # LZX 2^21
  "$corpus/user/kdlibcpp/targetapp_stacktest_wow64.cab"   # LZX 2^21
  "$corpus/kernel/win10_arm64_mem.cab"                    # MSZIP
  "$corpus/user/kdlibcpp/targetapp_stacktest_x64_release.cab"  # MSZIP
)
# gzip inputs: the cabinets' contents, recompressed with gzip -6.
for cab in "$corpus/kernel/win10_arm64_mem.cab" "$corpus/user/kdlibcpp/targetapp_stacktest_wow64.cab"; do
  cabextract -q -d "$work" "$cab"
done
gz=()
for file in "$work"/*; do gzip -6 -c "$file" >"$file.gz"; gz+=("$file.gz"); done

best_of() {  # best wall time in seconds of "$@" (output discarded)
  local best=""
  for _ in $(seq "$reps"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    local t=$((end - start))
    if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
  done
  awk -v ns="$best" 'BEGIN { printf "%.4f", ns / 1e9 }'
}

printf "%-42s %-8s %12s %12s %12s\n" file kind "ours MB/s" "ref MB/s" "ref tool"
for file in "${cabs[@]}" "${gz[@]}"; do
  line="$("$bench" "$reps" "$file")"
  kind=$(echo "$line" | cut -f2)
  bytes=$(echo "$line" | cut -f3 | cut -d' ' -f1)
  ours=$(echo "$line" | cut -f5 | cut -d' ' -f1)
  if [ "$kind" = cabinet ]; then
    tool=cabextract; t=$(best_of cabextract -q -p "$file")
  else
    tool="gzip -d"; t=$(best_of gzip -dc "$file")
  fi
  ref=$(awk -v b="$bytes" -v t="$t" 'BEGIN { printf "%.1f", b / 1e6 / t }')
  printf "%-42s %-8s %12s %12s %12s\n" "$(basename "$file")" "$kind" "$ours" "$ref" "$tool"
done
