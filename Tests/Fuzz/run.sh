#!/usr/bin/env bash
# Builds the libFuzzer harnesses and runs each for N seconds (default 60).
#
#   Tests/Fuzz/run.sh [seconds] [harness ...]     (all harnesses when none are named)
#
# Seeds come from the repository (samples, Rules/, Symbols/, test fixtures) and, when present,
# ../shared/corpus; working corpora live in Tests/Fuzz/corpus-<harness>/ (git-ignored) and
# crashes in Tests/Fuzz/artifacts/. Prints one line per harness: executions, seconds, result.
# Exit status 1 when any harness found a crash, timeout or out-of-memory.
set -uo pipefail
cd "$(dirname "$0")"
fuzz_dir="$(pwd)"
root="$(cd ../.. && pwd)"
seconds="${1:-60}"
shift || true
shared="${DUMPTRIAGE_SHARED:-$(cd "$root/.." && pwd)/shared}/corpus"

# ld.gold fails on ASan-instrumented Swift objects (internal error in dwarf_reader.cc); link
# with the toolchain's lld instead.
mkdir -p .build
toolset="$fuzz_dir/.build/lld-toolset.json"
echo '{ "schemaVersion": "1.0", "swiftCompiler": { "extraCLIOptions": ["-use-ld=lld"] } }' >"$toolset"
build=(swift build -c release -Xswiftc -sanitize=fuzzer,address --toolset "$toolset")
# A path dependency's cached build plan still lists source files deleted in the root package
# ("missing inputs"): drop the plan so SwiftPM replans (objects are kept).
rm -f .build/release.yaml .build/*/release/description.json
"${build[@]}" >.build/fuzz-build.log 2>&1 || { tail -20 .build/fuzz-build.log; exit 2; }
bin="$("${build[@]}" --show-bin-path)/dumptriage-fuzz"

all=(containers cab zip gzip lzx mszip minidump kernel pe pdb sym rules pipeline)
harnesses=("$@")
[ ${#harnesses[@]} -eq 0 ] && harnesses=("${all[@]}")

seed() {  # seed <harness> <files...>: copies files under 2 MiB into the harness corpus
  local dir="corpus-$1"
  shift
  mkdir -p "$dir"
  for file in "$@"; do
    [ -f "$file" ] || continue
    [ "$(stat -c %s "$file")" -le 2097152 ] || continue
    cp -n "$file" "$dir/seed-$(basename "$file")" 2>/dev/null || true
  done
}
shopt -s nullglob globstar
cabs=("$shared"/kernel/*.cab "$shared"/user/kdlibcpp/*.cab)
kernel_dumps=("$root"/docs/samples/*.dmp "$shared"/kernel/*.dmp)
minidumps=("$shared"/user/**/*.dmp "$shared"/robustness/**/*.dmp)
seed containers "${cabs[@]}"
seed cab "${cabs[@]}"
seed lzx "${cabs[@]}"
seed mszip "${cabs[@]}"
seed kernel "${kernel_dumps[@]}"
seed minidump "${minidumps[@]}"
seed pe "$root"/Symbols/**/*.sys "$root"/Tests/SymbolsTests/Fixtures/**/*.{exe,dll,sys}
seed pdb "$root"/Symbols/**/*.pdb "$root"/Tests/SymbolsTests/Fixtures/**/*.pdb
seed sym "$root"/Symbols/**/*.sym "$shared"/user/breakpad/**/*.sym
seed rules "$root"/Rules/**/*.yml
seed pipeline "${kernel_dumps[@]}" "$shared"/user/wine/*.dmp "$shared"/kernel/win10_arm_rpi3_mem.cab
# zip and gzip seeds: the sample dumps packed by the standard tools.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for dump in "$root"/docs/samples/*.dmp; do
  name="$(basename "$dump" .dmp)"
  gzip -c "$dump" >"$tmp/$name.dmp.gz" 2>/dev/null && seed gzip "$tmp/$name.dmp.gz"
  (cd "$root/docs/samples" && zip -q "$tmp/$name.zip" "$(basename "$dump")") && seed zip "$tmp/$name.zip"
  seed containers "$tmp/$name.dmp.gz" "$tmp/$name.zip"
done

mkdir -p artifacts
status=0
printf "%-11s %12s %8s %10s  %s\n" harness executions seconds "exec/s" result
for harness in "${harnesses[@]}"; do
  log=".build/fuzz-$harness.log"
  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$bin" "$harness" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=1048576 \
    -print_final_stats=1 -artifact_prefix="artifacts/$harness-" "corpus-$harness" >"$log" 2>&1
  code=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  took=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o 'in [0-9]*' | grep -o '[0-9]*' | tail -1)
  result=ok
  if [ $code -ne 0 ]; then
    result="FAILED (exit $code, see $log and artifacts/)"
    status=1
  fi
  rate=$(awk -v r="${runs:-0}" -v s="${took:-$seconds}" 'BEGIN { printf "%.0f", (s > 0 ? r / s : 0) }')
  printf "%-11s %12s %8s %10s  %s\n" "$harness" "${runs:-?}" "${took:-?}" "$rate" "$result"
done
exit $status
