#!/usr/bin/env bash
# Renders dumptriage's HTML reports in headless Chromium and takes screenshots.
#
#   Tests/Scripts/html-screenshot.sh [report.html ...]
#
# Without arguments it renders the report of docs/samples/ (when that folder exists and the
# binary builds) and the hostile-strings golden (Tests/TriageReportingTests/Goldens/batch.html,
# whose driver is named `<script>alert('x')</script>.sys`). For each page it checks:
#   - Chromium logs no console message (errors, failed loads, blocked content);
#   - the rendered DOM has no <script> element and no on*= event handler attribute;
#   - the `<script>`-named driver appears as text.
# Screenshots go to docs/screenshots/ (git-ignored). Needs Debian's `chromium`; skips without it.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=docs/screenshots
mkdir -p "$out"

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "skip: chromium is not installed (apt-get install chromium)" >&2
  exit 0
fi

pages=("$@")
if [ ${#pages[@]} -eq 0 ]; then
  if [ -d docs/samples ] && swift build --product dumptriage >/dev/null 2>&1; then
    bin=$(swift build --show-bin-path)/dumptriage
    # Exit code 1 only means some sample is deliberately corrupt.
    "$bin" docs/samples --quiet --html "$out/samples.html" >/dev/null || [ $? -eq 1 ]
    pages+=("$out/samples.html")
  fi
  pages+=("Tests/TriageReportingTests/Goldens/batch.html")
fi

status=0
for page in "${pages[@]}"; do
  name=$(basename "$page" .html)
  url="file://$(realpath "$page")"
  log="$out/$name.console.log"
  common=(--headless=new --no-sandbox --disable-gpu --no-first-run --disable-extensions
    --enable-logging=stderr --v=0 --hide-scrollbars)
  "$browser" "${common[@]}" --window-size=1280,2400 --screenshot="$out/$name.png" "$url" \
    >/dev/null 2>"$log" || { echo "FAIL $page: chromium exited non-zero" >&2; status=1; }
  dom=$("$browser" "${common[@]}" --dump-dom "$url" 2>>"$log")
  if grep -E "CONSOLE|Uncaught|Refused to|Failed to load" "$log" >&2; then
    echo "FAIL $page: console messages (see $log)" >&2
    status=1
  fi
  if grep -qiE "<script|<[^>]* on[a-z]+=" <<<"$dom"; then
    echo "FAIL $page: the DOM has a script element or an event handler" >&2
    status=1
  fi
  if grep -q "alert('x')" "$page" && ! grep -q "&lt;script&gt;alert('x')&lt;/script&gt;.sys" <<<"$dom"; then
    echo "FAIL $page: the <script>-named driver is not rendered as text" >&2
    status=1
  fi
  [ -s "$out/$name.png" ] && echo "ok   $page -> $out/$name.png" || status=1
done
exit $status
