#!/usr/bin/env bash
# Peak server memory (VmHWM) of the worst-case inputs, one fresh server per case (VmHWM is a process-lifetime peak).
# Usage: scripts/measure-memory.sh [CASE...]   (cases: tiny tiny-records unique templates long trace; default all)
# Builds LogAnalyzer.Web in Release once, starts it on 127.0.0.1:$PORT with the LLM off and rate limits off,
# posts each input as text/plain, prints one line per case: case, HTTP status, response bytes, seconds, VmHWM, VmRSS after.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-5391}
WORK=${WORK:-/tmp/la-memory}
mkdir -p "$WORK"
dotnet build LogAnalyzer.Web -c Release -v q --nologo >"$WORK/build.log" 2>&1 || { tail -20 "$WORK/build.log"; exit 1; }
DLL=$PWD/LogAnalyzer.Web/bin/Release/net10.0/LogAnalyzer.Web.dll

make_inputs() {
  python3 - "$WORK" <<'PY'
import os, random, sys
work = sys.argv[1]; limit = 20_000_000
def write(name, gen):
    path = os.path.join(work, name)
    if os.path.exists(path): return
    with open(path, "w") as f:
        size = 0
        for line in gen():
            if size + len(line) + 1 > limit: break
            f.write(line + "\n"); size += len(line) + 1
rnd = random.Random(15)
letters = "abcdefghijklmnopqrstuvwxyz"
def word(n): return "".join(rnd.choice(letters) for _ in range(n))
write("tiny.log", lambda: ("a" for _ in range(10_000_000)))
# never-repeating: every line a different sequence of alphabetic words (no digits for the masker to fold)
write("unique.log", lambda: (" ".join(word(rnd.randint(3, 9)) for _ in range(8)) for _ in iter(int, 1)))
# 100k distinct templates: distinct word shapes, each template seen a few times with a varying number
def templates():
    heads = [" ".join(word(6) for _ in range(4)) for _ in range(100_000)]
    i = 0
    while True:
        yield f"2026-11-29 10:00:{i % 60:02d} INFO svc - {heads[i % 100_000]} id={i}"; i += 1
write("templates.log", templates)
write("long.log", lambda: ("ERROR " + word(10) + " " + "x" * 65_000 for _ in iter(int, 1)))
def trace():
    yield "2026-11-29 10:00:00 ERROR main - request failed"
    yield "java.lang.IllegalStateException: boom"
    i = 0
    while True:
        yield f"\tat com.example.pkg{i % 97}.Service{i % 31}.method{i % 13}(Service.java:{i % 400})"; i += 1
write("trace.log", trace)
PY
}

case_file() { case "$1" in tiny|tiny-records) echo tiny.log;; unique) echo unique.log;; templates) echo templates.log;; long) echo long.log;; trace) echo trace.log;; esac; }
case_records() { case "$1" in tiny-records) echo true;; *) echo false;; esac; }

run_case() {
  local name=$1 file; file=$WORK/$(case_file "$name")
  ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS=http://127.0.0.1:$PORT Llm__Enabled=false \
    RateLimiting__AnalysesPerMinute=0 RateLimiting__ConcurrentAnalyses=0 AllowedHosts="*" Analysis__TimeoutSeconds=1800 \
    dotnet "$DLL" --contentRoot "$(dirname "$DLL")" >"$WORK/server-$name.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/health/live" >/dev/null 2>&1 && break; sleep 0.5; done
  local start end status
  start=$(date +%s.%N)
  status=$(curl -s --max-time 1800 -o "$WORK/response-$name" -w '%{http_code}' -H 'Content-Type: text/plain' --data-binary "@$file" \
    "http://127.0.0.1:$PORT/api/v1/analyses?includeRecords=$(case_records "$name")")
  end=$(date +%s.%N)
  local hwm rss bytes
  sleep 3 # the server may give memory back once the response is written
  hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status"); rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  bytes=$(stat -c %s "$WORK/response-$name")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  printf '%-13s status=%s input=%s response=%s seconds=%.1f peakRssMB=%d rssAfter3sMB=%d\n' "$name" "$status" \
    "$(stat -c %s "$file")" "$bytes" "$(echo "$end - $start" | bc)" $((hwm / 1024)) $((rss / 1024))
  rm -f "$WORK/response-$name"
}

make_inputs
cases=("$@"); [ ${#cases[@]} -eq 0 ] && cases=(tiny tiny-records unique templates long trace)
for c in "${cases[@]}"; do run_case "$c"; done
