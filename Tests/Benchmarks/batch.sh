#!/usr/bin/env bash
# Batch benchmark: triage N small kernel dumps (default 10,000) with the release binary, cold
# (empty cache) and warm (every dump cached), and report dumps/s and peak memory.
#
#   Tests/Benchmarks/batch.sh [N] [JOBS]
#
# The dumps are the docs/samples kernel dumps (12–64 KiB, 8 scenarios) copied into
# N/8 machines' <machine>/Minidump folders under a scratch folder outside the repository, each
# copy made unique by an 8-byte trailer so the cache cannot share results between copies.
# Rules (the built-in set) and blame/bucket run for every dump; output is JSON to a file.
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-10000}
jobs=${2:-$(nproc)}
scratch=${DUMPTRIAGE_BENCH_DIR:-/tmp/dumptriage-batch-bench}
swift build -c release --product dumptriage >/dev/null
bin=$(swift build -c release --show-bin-path)/dumptriage

if [ ! -f "$scratch/.complete-$count" ]; then
  rm -rf "$scratch"
  Tests/Benchmarks/make-share.sh "$scratch" "$count"
  touch "$scratch/.complete-$count"
fi
bytes=$(du -sb "$scratch/share" | cut -f1)
echo "dumps: $count in $(ls "$scratch/share" | wc -l) machines, $((bytes / 1048576)) MiB, jobs $jobs"

run() {
  /usr/bin/time -f "%e s wall, %M KiB peak RSS" "$bin" "$scratch/share" --jobs "$jobs" \
    --cache "$scratch/cache.sqlite" --json --output "$scratch/out.json" --verbose "$@"
}
sync
rm -f "$scratch"/cache.sqlite*
echo "cold (empty cache):"
run || true
echo "warm (all cached):"
run || true
echo "no cache:"
/usr/bin/time -f "%e s wall, %M KiB peak RSS" "$bin" "$scratch/share" --jobs "$jobs" --no-cache \
  --json --output "$scratch/out.json" --verbose || true
