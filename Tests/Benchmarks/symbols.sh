#!/usr/bin/env bash
# Symbol-server benchmark: a batch triaged with symbols from an HTTP symbol server, with the
# download cache cold, warm, and warm with the server stopped; plus the default local store as
# the baseline.
#
#   Tests/Benchmarks/symbols.sh [N] [JOBS] [DELAY]
#
# N dumps (default 2,000) are the docs/samples kernel dumps copied into machine folders (each
# copy made unique), as in batch.sh. The server is Tests/SymbolsTests/Fixtures/symserver.py on
# loopback serving Symbols/, every answer delayed by DELAY seconds (default 0.05) to stand in
# for a server across the internet. The results cache is off (--no-cache) so every dump is
# analysed and its symbols looked up.
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-2000}
jobs=${2:-$(nproc)}
delay=${3:-0.05}
scratch=${DUMPTRIAGE_BENCH_DIR:-/tmp/dumptriage-symbols-bench}
swift build -c release --product dumptriage >/dev/null
bin=$(swift build -c release --show-bin-path)/dumptriage

rm -rf "$scratch"
Tests/Benchmarks/make-share.sh "$scratch" "$count"

SYMSERVER_DELAY=$delay python3 Tests/SymbolsTests/Fixtures/symserver.py Symbols >"$scratch/port" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$scratch/port" ] && break; sleep 0.1; done
url="http://127.0.0.1:$(head -1 "$scratch/port")"
echo "dumps: $count, jobs $jobs, server delay ${delay}s per request"

export DUMPTRIAGE_SYMBOL_CACHE="$scratch/default-cache" _NT_SYMBOL_PATH= _NT_ALT_SYMBOL_PATH=
run() {
  /usr/bin/time -f "  %e s wall, %M KiB peak RSS" "$bin" "$scratch/share" --jobs "$jobs" \
    --no-cache --json --output "$scratch/out-$1.json" --verbose "${@:2}" 2>&1 \
    | grep -v "^dumptriage: error" | cut -c1-160
}
server_args=(--no-default-symbols --symbol-path "srv*$scratch/symcache*$url")
echo "baseline, default local store Symbols/ (no server):"
run local
echo "cold symbol cache, server up:"
run cold "${server_args[@]}"
echo "warm symbol cache, server up:"
run warm "${server_args[@]}"
kill $server
wait $server 2>/dev/null || true
echo "warm symbol cache, server stopped:"
run stopped "${server_args[@]}"
for name in cold warm stopped; do
  if cmp -s "$scratch/out-local.json" "$scratch/out-$name.json"; then
    echo "$name: report identical to the local-store report"
  else
    echo "$name: report DIFFERS from the local-store report"
  fi
done
