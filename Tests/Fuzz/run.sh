#!/usr/bin/env bash
# Builds the libFuzzer harnesses and runs each for N seconds (default 60) or N executions.
#
#   Tests/Fuzz/run.sh [seconds | -runs=N] [harness ...]     (all harnesses when none are named)
#
# Seeds are small on purpose (one execution copies and parses the whole input under ASan):
# synthetic dumps written by `dumptriage-fuzz write-seeds`, repository files (samples, Rules/,
# Symbols/, test fixtures) and, when present, ../shared/corpus files, those larger than the
# harness's -max_len cut to their first bytes (symbol files to a sample of each record kind).
# Working corpora live in Tests/Fuzz/corpus-<harness>/ (git-ignored), crashes in
# Tests/Fuzz/artifacts/. Prints one line per harness: executions, seconds, exec/s, result.
# Exit status 1 when any harness found a crash, timeout or out-of-memory; 2 when the build fails.
set -uo pipefail
cd "$(dirname "$0")"
fuzz_dir="$(pwd)"
root="$(cd ../.. && pwd)"
budget="${1:-60}"
shift || true
case "$budget" in
  -runs=*) limit=("$budget") ;;
  *) limit=("-max_total_time=$budget") ;;
esac
shared="${DUMPTRIAGE_SHARED:-$(cd "$root/.." && pwd)/shared}/corpus"

# ld.gold fails on ASan-instrumented Swift objects (internal error in dwarf_reader.cc); link
# with the toolchain's lld instead.
mkdir -p .build
toolset="$fuzz_dir/.build/lld-toolset.json"
echo '{ "schemaVersion": "1.0", "swiftCompiler": { "extraCLIOptions": ["-use-ld=lld"] } }' >"$toolset"
build=(swift build -c release -Xswiftc -sanitize=fuzzer,address --toolset "$toolset")
# A path dependency's cached build plan still lists source files deleted in the root package
# ("missing inputs"): drop the plan so SwiftPM replans (objects are kept).
if [ "${FUZZ_SKIP_BUILD:-0}" != 1 ]; then  # FUZZ_SKIP_BUILD=1: reuse the last build
  rm -f .build/release.yaml .build/*/release/description.json
  "${build[@]}" >.build/fuzz-build.log 2>&1 || { tail -20 .build/fuzz-build.log; exit 2; }
fi
bin="$("${build[@]}" --show-bin-path)/dumptriage-fuzz"

all=(containers cab zip gzip lzx mszip minidump kernel pe pdb sym rules pipeline)
harnesses=("$@")
[ ${#harnesses[@]} -eq 0 ] && harnesses=("${all[@]}")

max_len() {  # the largest input libFuzzer builds for a harness
  case "$1" in
    pe) echo 16384 ;;
    sym | rules) echo 8192 ;;
    kernel | pdb) echo 131072 ;;
    *) echo 65536 ;;
  esac
}

seed() {  # seed <harness> <files...>: copies each file, cut to the harness's max_len
  local dir="corpus-$1" max
  max="$(max_len "$1")"
  shift
  mkdir -p "$dir"
  for file in "$@"; do
    [ -f "$file" ] || continue
    [ -e "$dir/seed-$(basename "$file")" ] && continue
    head -c "$max" "$file" >"$dir/seed-$(basename "$file")" 2>/dev/null || true
  done
}
shopt -s nullglob globstar
ASAN_OPTIONS=detect_leaks=0 "$bin" write-seeds "$fuzz_dir" 131072 >/dev/null || { echo "write-seeds failed" >&2; exit 2; }
cabs=("$shared"/kernel/*.cab "$shared"/user/kdlibcpp/*.cab)
kernel_dumps=("$root"/docs/samples/*.dmp "$shared"/kernel/*.dmp)
minidumps=("$shared"/user/**/*.dmp "$shared"/robustness/**/*.dmp)
small_minidumps=()
for dump in "${minidumps[@]}"; do
  [ "$(stat -c %s "$dump")" -le 65536 ] && small_minidumps+=("$dump")
done
seed containers "${cabs[@]}"
seed cab "${cabs[@]}"
seed lzx "${cabs[@]}"
seed mszip "${cabs[@]}"
seed kernel "${kernel_dumps[@]}"
seed minidump "${minidumps[@]}"
seed pe "$root"/Symbols/**/*.sys "$root"/Tests/SymbolsTests/Fixtures/**/*.{exe,dll,sys}
seed pdb "$root"/Symbols/**/*.pdb "$root"/Tests/SymbolsTests/Fixtures/**/*.pdb
seed rules "$root"/Rules/**/*.yml
seed pipeline "$root"/docs/samples/*.dmp "${small_minidumps[@]}" "$shared"/user/kdlibcpp/*_i386.cab
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# Symbol files: the header and the first records of each kind, not the whole (up to 800 KiB) file.
mkdir -p corpus-sym
for sym in "$root"/Symbols/**/*.sym "$shared"/user/breakpad/**/*.sym; do
  { head -n 60 "$sym"; grep -m 40 '^PUBLIC' "$sym"; grep -m 40 '^STACK WIN' "$sym"
    grep -m 60 '^STACK CFI' "$sym"; } | head -c "$(max_len sym)" >"$tmp/$(basename "$sym")"
  seed sym "$tmp/$(basename "$sym")"
done
# zip and gzip seeds: the sample dumps packed by the standard tools.
for dump in "$root"/docs/samples/*.dmp; do
  name="$(basename "$dump" .dmp)"
  gzip -c "$dump" >"$tmp/$name.dmp.gz" 2>/dev/null && seed gzip "$tmp/$name.dmp.gz"
  (cd "$root/docs/samples" && zip -q "$tmp/$name.zip" "$(basename "$dump")") && seed zip "$tmp/$name.zip"
  seed containers "$tmp/$name.dmp.gz" "$tmp/$name.zip"
  seed pipeline "$tmp/$name.dmp.gz"
done

# No allocation stacks in reports and no quarantine of freed memory: about a third faster
# per execution (ASan's page churn dominated). The Swift code is bounds-checked either way;
# replay a finding with plain ASAN_OPTIONS=detect_leaks=0 for full use-after-free reports.
asan_options="${FUZZ_ASAN_OPTIONS:-detect_leaks=0:malloc_context_size=0:quarantine_size_mb=0}"
mkdir -p artifacts
status=0
printf "%-11s %12s %8s %10s  %s\n" harness executions seconds "exec/s" result
for harness in "${harnesses[@]}"; do
  log=".build/fuzz-$harness.log"
  start=$(date +%s)
  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="$asan_options" "$bin" "$harness" \
    "${limit[@]}" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$harness")" \
    -print_final_stats=1 -artifact_prefix="artifacts/$harness-" "corpus-$harness" >"$log" 2>&1
  code=$?
  took=$(($(date +%s) - start))
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  result=ok
  if [ $code -ne 0 ]; then
    result="FAILED (exit $code, see Tests/Fuzz/$log and Tests/Fuzz/artifacts/)"
    status=1
  fi
  rate=$(awk -v r="${runs:-0}" -v s="$took" 'BEGIN { printf "%.0f", (s > 0 ? r / s : 0) }')
  printf "%-11s %12s %8s %10s  %s\n" "$harness" "${runs:-?}" "$took" "$rate" "$result"
done
exit $status
