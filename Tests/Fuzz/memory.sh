#!/usr/bin/env bash
# Peak memory and wall time of `dumptriage` on every corpus dump/cabinet and sample, and on
# truncated and byte-flipped copies of each: checks peak RSS ≤ 2 × file size + 64 MiB and
# time ≤ 1 s (issue 13). Uses .build/release/dumptriage when built, else .build/debug.
#
#   Tests/Fuzz/memory.sh            (needs /usr/bin/time; ../shared/corpus when present)
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="$root/.build/release/dumptriage"
[ -x "$bin" ] || bin="$root/.build/debug/dumptriage"
[ -x "$bin" ] || { echo "build dumptriage first" >&2; exit 2; }
RANDOM=1234  # reproducible flips
shared="${DUMPTRIAGE_SHARED:-$(cd "$root/.." && pwd)/shared}/corpus"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
shopt -s nullglob globstar
files=("$root"/docs/samples/*.dmp "$shared"/kernel/*.{dmp,cab} "$shared"/user/**/*.{dmp,cab} "$shared"/robustness/**/*.dmp)

worst_ratio=0; worst_time=0; over=0; count=0
measure() {  # measure <file> <label>
  local size rss secs limit
  size=$(stat -c %s "$1")
  /usr/bin/time -f "%M %e" -o "$tmp/time" "$bin" --no-cache --quiet "$1" >/dev/null 2>&1
  read -r rss secs < <(tail -n 1 "$tmp/time")
  limit=$(( (2 * size + 64 * 1048576) / 1024 ))
  count=$((count + 1))
  if [ "$rss" -gt "$limit" ] || awk -v s="$secs" 'BEGIN { exit !(s > 1) }'; then
    over=$((over + 1))
    echo "OVER: $2: ${rss} KiB (limit ${limit} KiB), ${secs} s"
  fi
  worst_ratio=$(awk -v a="$worst_ratio" -v r="$rss" -v l="$limit" 'BEGIN { x = r / l; print (x > a ? x : a) }')
  worst_time=$(awk -v a="$worst_time" -v s="$secs" 'BEGIN { print (s > a ? s : a) }')
}
for file in "${files[@]}"; do
  name="$(basename "$file")"
  measure "$file" "$name"
  size=$(stat -c %s "$file")
  for fraction in 2 3 7; do
    head -c $((size * (fraction - 1) / fraction)) "$file" >"$tmp/cut"
    measure "$tmp/cut" "$name prefix $((size * (fraction - 1) / fraction))"
  done
  for round in 1 2 3; do
    cp "$file" "$tmp/flip"
    for i in 1 2 3 4 5 6 7 8; do
      offset=$(( (RANDOM * 32768 + RANDOM) % (size > 65536 && i % 2 == 1 ? 65536 : size) ))
      printf "\\x$(printf %02x $(( (RANDOM % 255) + 1 )))" |
        dd of="$tmp/flip" bs=1 seek="$offset" conv=notrunc status=none
    done
    measure "$tmp/flip" "$name flips round $round"
  done
done
echo "inputs: $count; over a limit: $over; worst RSS / (2 × size + 64 MiB): $worst_ratio; slowest: $worst_time s ($bin)"
[ "$over" -eq 0 ]
