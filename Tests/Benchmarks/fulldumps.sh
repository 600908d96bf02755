#!/usr/bin/env bash
# Full-dump triage time and peak memory for a 20 MB and a 2 GB generated full dump (sparse
# files: only the pages the dump uses are stored). Results go into docs/performance.md
# ("Full dumps") by hand.
#
# Usage: Tests/Benchmarks/fulldumps.sh [repetitions] [debug|release]
set -euo pipefail
cd "$(dirname "$0")/../.."
reps="${1:-5}"
config="${2:-release}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The generator is a test in KernelDumpParsingTests that writes the files when asked to.
swift build --build-tests >/dev/null 2>&1
DUMPTRIAGE_BENCH_OUT="$work" swift test --skip-build --filter FullDumpBenchmarkFiles >/dev/null 2>&1
swift build -c "$config" --product dumptriage >/dev/null
bin="$(swift build -c "$config" --show-bin-path)/dumptriage"

for file in "$work/full-20MB.dmp" "$work/full-2GB.dmp"; do
  apparent=$(stat -c %s "$file")
  disk=$(du -k "$file" | cut -f1)
  best=""
  rss=""
  for _ in $(seq "$reps"); do
    start=$(date +%s%N)
    "$bin" "$file" >/dev/null
    t=$(( ($(date +%s%N) - start) / 1000 ))  # microseconds
    m=$( { /usr/bin/time -f "%M" "$bin" "$file" >/dev/null; } 2>&1 | tail -1 )
    if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
    if [ -z "$rss" ] || [ "$m" -gt "$rss" ]; then rss=$m; fi
  done
  printf '%s\tsize %s bytes (%s KiB on disk)\tbest %s µs\tpeak RSS %s KiB\n' \
    "$(basename "$file")" "$apparent" "$disk" "$best" "$rss"
done
