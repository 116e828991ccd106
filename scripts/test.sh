#!/usr/bin/env bash
# Runs every test. Installs what the tests need when it is missing (Debian chromium for the browser
# tests, redis-server for the shared-cache tests, postgresql and nginx for the scale-out test), then
# `dotnet test`, then prints "N passed, N failed".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
# Scale-out test (LogAnalyzer.Tests/Storage/ScaleOutTests.cs): it starts its own postgres and nginx on loopback.
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || need+=(nginx)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing test dependencies: ${need[*]}"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
export LOGANALYZER_CHROMIUM="${LOGANALYZER_CHROMIUM:-$(command -v chromium)}"
export LOGANALYZER_REDIS_SERVER="${LOGANALYZER_REDIS_SERVER:-$(command -v redis-server)}"
export LOGANALYZER_NGINX="${LOGANALYZER_NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"

results="$(mktemp -d)"
status=0
dotnet test LogAnalyzer.sln --logger "trx;LogFileName=tests.trx" --results-directory "$results" "$@" || status=$?

trx="$(find "$results" -name '*.trx' | head -n 1)"
if [ -z "$trx" ]; then
  echo "0 passed, 1 failed"
  echo "No test results were written (the build or the test host failed)." >&2
  exit 1
fi
counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
passed="$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")"
failed="$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")"
errors="$(sed -E 's/.* error="([0-9]+)".*/\1/' <<<"$counters")"
failed=$((failed + errors))
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  status=1
fi
[ "$failed" -eq 0 ] || status=1
echo "${passed} passed, ${failed} failed"
exit "$status"
