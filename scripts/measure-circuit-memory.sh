#!/usr/bin/env bash
# What dashboard tabs (Blazor circuits) retain after analysing the worst-case pastes (issue 15): one fresh server per
# case, two tabs in headless Chromium analyse the same 20,000,000-byte paste one after the other and stay open; the
# server's VmRSS is read after each run and after 20 s idle (bench/LogAnalyzer.LoadTest circuit-memory).
# Usage: scripts/measure-circuit-memory.sh [CASE...]   (cases: tiny unique; default both)
#   SRC=/path/to/another/checkout  measures that checkout's server (e.g. main, for a before/after) with this driver.
#   TABS=2 BYTES=20000000 SETTLE=20 PORT=5392 WORK=/tmp/la-circuit-memory; extra server settings as environment
#   variables (e.g. Dashboard__MaxRecordsHeld=1000000).
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=${SRC:-$PWD}
PORT=${PORT:-5392}
TABS=${TABS:-2}
BYTES=${BYTES:-20000000}
SETTLE=${SETTLE:-20}
WORK=${WORK:-/tmp/la-circuit-memory}
mkdir -p "$WORK"
LABEL=$(cd "$SRC" && git describe --always --dirty 2>/dev/null || echo "$SRC") # what is built, before it is built
export LOGANALYZER_CHROMIUM="${LOGANALYZER_CHROMIUM:-$(command -v chromium)}"
dotnet build "$SRC/LogAnalyzer.Web" -c Release -v q --nologo >"$WORK/build-web.log" 2>&1 || { tail -20 "$WORK/build-web.log"; exit 1; }
dotnet build bench/LogAnalyzer.LoadTest -c Release -v q --nologo >"$WORK/build-driver.log" 2>&1 || { tail -20 "$WORK/build-driver.log"; exit 1; }
DLL=$SRC/LogAnalyzer.Web/bin/Release/net10.0/LogAnalyzer.Web.dll
DRIVER=$PWD/bench/LogAnalyzer.LoadTest/bin/Release/net10.0/LogAnalyzer.LoadTest.dll

run_case() {
  local name=$1 data=$WORK/data-$1
  rm -rf "$data"
  # Development: the dashboard's static assets come from the build output (no publish step), as the load test runs it.
  ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=http://127.0.0.1:$PORT Llm__Enabled=false Llm__ApiKey= HF_TOKEN= \
    RateLimiting__AnalysesPerMinute=0 RateLimiting__ConcurrentAnalyses=0 AllowedHosts="*" Analysis__TimeoutSeconds=1800 \
    Storage__DataDirectory="$data" Serilog__MinimumLevel__Default=Warning \
    dotnet "$DLL" --contentRoot "$SRC/LogAnalyzer.Web" >"$WORK/server-$name.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/health/live" >/dev/null 2>&1 && break; sleep 0.5; done
  echo "== $name ($LABEL, $(date -u +%H:%M) UTC)"
  dotnet "$DRIVER" circuit-memory --url "http://127.0.0.1:$PORT" --pid "$pid" --input "$name" --bytes "$BYTES" --tabs "$TABS" \
    --settle-seconds "$SETTLE" | grep -v '^{' || echo "the driver failed (see above)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

cases=("$@"); [ ${#cases[@]} -eq 0 ] && cases=(tiny unique)
for c in "${cases[@]}"; do run_case "$c"; done
