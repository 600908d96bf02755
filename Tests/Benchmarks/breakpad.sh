#!/usr/bin/env bash
# Side by side with Breakpad's minidump_stackwalk: the same user-mode minidumps, the same
# symbols, measured in one run, rounds interleaved so both tools see the same machine load.
#
#   BREAKPAD_STACKWALK=/path/to/minidump_stackwalk Tests/Benchmarks/breakpad.sh [ROUNDS]
#
# minidump_stackwalk is built from source outside the repository (google/breakpad:
# ./configure && make src/processor/minidump_stackwalk). The files are every *.dmp under
# ../shared/corpus/user plus the robustness dumps both tools accept (exit status 0 from each, tried
# in this run). Symbols: none for either tool, then the Breakpad symbol store
# user/breakpad/symbols (<debug file>/<id>/<name>.sym), which both read. Reported per dump: wall
# time of one process per dump (ours: release build with --static-swift-stdlib), and our batch
# mode over the same files (one process, --jobs 1 and --jobs 2). Results go into
# docs/performance.md ("Breakpad side by side") by hand.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-5}
corpus="${DUMPTRIAGE_SHARED:-$(cd .. && pwd)/shared}/corpus"
stackwalk=${BREAKPAD_STACKWALK:?set BREAKPAD_STACKWALK to a minidump_stackwalk binary}
[ -d "$corpus/user" ] || { echo "no corpus at $corpus" >&2; exit 1; }

swift build -c release --product dumptriage --static-swift-stdlib --scratch-path .build-static \
  >/dev/null
ours="$(swift build -c release --static-swift-stdlib --scratch-path .build-static \
  --show-bin-path)/dumptriage"
symbols="$corpus/user/breakpad/symbols"

# Inputs: the user-mode dumps, and the robustness files that both tools accept.
files=()
while IFS= read -r file; do files+=("$file"); done < <(find "$corpus/user" -name '*.dmp' | sort)
user_count=${#files[@]}
while IFS= read -r file; do
  if "$stackwalk" "$file" >/dev/null 2>&1 &&
    "$ours" --no-cache --quiet --no-default-symbols --offline "$file" >/dev/null 2>&1; then
    files+=("$file")
  fi
done < <(find "$corpus/robustness" -type f | sort)
count=${#files[@]}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The batch reads a folder: links to the same files, flat.
for file in "${files[@]}"; do
  ln -s "$file" "$work/$(echo "${file#"$corpus"/}" | tr / _)"
done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "files: $count ($user_count user-mode dumps, $((count - user_count)) robustness dumps)," \
  "$(du -cbL "${files[@]}" | tail -1 | cut -f1) bytes; rounds: $rounds"
echo "breakpad: $stackwalk"
echo "ours: $ours"

now() { date +%s%N; }
declare -A total
run_breakpad() {  # $1 = symbol folder or empty
  for file in "${files[@]}"; do "$stackwalk" "$file" ${1:+"$1"} >/dev/null 2>&1 || true; done
}
run_ours() {
  for file in "${files[@]}"; do
    "$ours" --no-cache --quiet --no-default-symbols --offline ${1:+--symbol-path "$1"} "$file" \
      >/dev/null 2>&1 || true
  done
}
run_batch() {  # $1 = symbol folder or empty, $2 = jobs
  "$ours" "$work" --no-cache --quiet --no-default-symbols --offline --jobs "$2" \
    ${1:+--symbol-path "$1"} >/dev/null 2>&1 || true
}
for ((round = 0; round < rounds; round++)); do
  for mode in none store; do
    dir=""
    [ "$mode" = store ] && dir=$symbols
    for tool in breakpad ours batch1 batch2; do
      start=$(now)
      case $tool in
        breakpad) run_breakpad "$dir" ;;
        ours) run_ours "$dir" ;;
        batch1) run_batch "$dir" 1 ;;
        batch2) run_batch "$dir" 2 ;;
      esac
      end=$(now)
      key="$mode/$tool"
      total[$key]=$((${total[$key]:-0} + end - start))
    done
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-8s %-32s %14s\n" symbols tool "ms per dump"
for mode in none store; do
  for tool in breakpad ours batch1 batch2; do
    case $tool in
      breakpad) name="minidump_stackwalk, process/dump" ;;
      ours) name="dumptriage, process/dump" ;;
      batch1) name="dumptriage batch, --jobs 1" ;;
      batch2) name="dumptriage batch, --jobs 2" ;;
    esac
    awk -v ns="${total[$mode/$tool]}" -v n=$((count * rounds)) -v m="$mode" -v t="$name" \
      'BEGIN { printf "%-8s %-32s %14.2f\n", m, t, ns / n / 1e6 }'
  done
  awk -v ours="${total[$mode/ours]}" -v bp="${total[$mode/breakpad]}" -v m="$mode" \
    -v batch="${total[$mode/batch1]}" \
    'BEGIN { printf "%-8s ratio ours/breakpad: process/dump %.2f, batch --jobs 1 %.2f\n", m,
      ours / bp, batch / bp }'
done
