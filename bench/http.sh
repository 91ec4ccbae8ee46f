#!/usr/bin/env bash
# Latency and throughput under load with wrk against `zhixing serve` on
# $ZX_DATA (made by bench/seed.sh), logged in as command_center (basic court 苏0205, ~46% of the
# cases) and command_center_02 (intermediate court 苏02: all three courts). Also idle and peak RSS of the server.
#
# Usage: bench/http.sh            (WRK_THREADS=2 WRK_CONN=16 WRK_DURATION=20s by default)
# Each endpoint is measured twice: under load (-c$WRK_CONN) and alone
# (-t1 -c1, for the latency of one request with nothing else running).
. "$(dirname "$0")/lib.sh"
need wrk curl jq
check_bin
WRK_THREADS="${WRK_THREADS:-2}"
WRK_CONN="${WRK_CONN:-16}"
WRK_DURATION="${WRK_DURATION:-20s}"
WRK_SOLO_DURATION="${WRK_SOLO_DURATION:-5s}"
# wrk gives up on a request after WRK_TIMEOUT (default 10s; wrk's own default of 2s hides slow endpoints).
ZX_USER2="${ZX_USER2:-command_center_02}"
OUT="${OUT:-/tmp/zx-bench-http}"
mkdir -p "$OUT"

trap stop_server EXIT
start_server
wait_200 "$ZX_URL/readyz" >/dev/null
sleep 3
echo "server pid $ZX_PID idle after start: $(rss "$ZX_PID")   ($(load))"

TOKEN="$(login_token)"
[ -n "$TOKEN" ] || { echo "login as $ZX_USER failed" >&2; exit 1; }
AUTH="Authorization: Bearer $TOKEN"
COOKIE="Cookie: zx_session=$TOKEN"

first=$(curl -s -H "$AUTH" "$ZX_URL/api/v1/cases?per_page=1")
TOTAL=$(echo "$first" | jq -r '.total')
# A party name to search for: the first debtor of the newest case.
NAME=$(echo "$first" | jq -r '.items[0].debtors[0] // .items[0].applicants[0]')
NAME_Q=$(jq -rn --arg s "$NAME" '$s|@uri')
# The case page: the median case of the list (about half a year old, a typical timeline).
CASE_ID=$(curl -s -H "$AUTH" "$ZX_URL/api/v1/cases?per_page=1&page=$(( TOTAL / 2 ))" | jq -r '.items[0].id')
EVENTS=$(curl -s -H "$AUTH" "$ZX_URL/api/v1/cases/$CASE_ID/events" | jq 'if type == "array" then length else (.items // .events // []) | length end')
echo "$ZX_USER sees $TOTAL cases; case page id $CASE_ID ($EVENTS events); search name: $NAME"

# The intermediate court's command center sees all three courts (court_id IN (…)).
TOKEN2="$(ZX_USER="$ZX_USER2" login_token)"
[ -n "$TOKEN2" ] || { echo "login as $ZX_USER2 failed" >&2; exit 1; }
AUTH2="Authorization: Bearer $TOKEN2"
COOKIE2="Cookie: zx_session=$TOKEN2"
TOTAL2=$(curl -s -H "$AUTH2" "$ZX_URL/api/v1/cases?per_page=1" | jq -r '.total')
echo "$ZX_USER2 sees $TOTAL2 cases"

# name|path|header
ENDPOINTS=(
    "healthz (ceiling)|/healthz|"
    "HTML case list p1|/cases|$COOKIE"
    "HTML case page|/cases/$CASE_ID|$COOKIE"
    "API case list p1|/api/v1/cases|$AUTH"
    "API case|/api/v1/cases/$CASE_ID|$AUTH"
    "API list ?deadline=overdue|/api/v1/cases?deadline=overdue|$AUTH"
    "API list ?q=<party name>|/api/v1/cases?q=$NAME_Q|$AUTH"
    "HTML list ?q=<party name>|/cases?q=$NAME_Q|$COOKIE"
    "API list page 2000 (OFFSET 39980)|/api/v1/cases?page=2000|$AUTH"
    "API board|/api/v1/board|$AUTH"
    "API case list p1, $ZX_USER2 (3 courts)|/api/v1/cases|$AUTH2"
    "HTML case list p1, $ZX_USER2 (3 courts)|/cases|$COOKIE2"
    "API list ?q=<party name>, $ZX_USER2|/api/v1/cases?q=$NAME_Q|$AUTH2"
)

# Runs wrk, prints "req/s p50 p99 non2xx/timeouts others%": others% is the CPU
# that processes other than the server and wrk used meanwhile (other people's
# builds), in % of the whole machine; a run with a big number was disturbed.
busy_jiffies() { awk '/^cpu / {print $2+$3+$4+$7+$8+$9}' /proc/stat; }
proc_jiffies() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
run_wrk() {
    local file="$1"; shift
    local b0 s0 b1 s1 w=0 hz ncpu secs
    hz=$(getconf CLK_TCK); ncpu=$(nproc)
    b0=$(busy_jiffies); s0=$(proc_jiffies "$ZX_PID")
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -o "$file.time" -f '%e %U %S' wrk "$@" --latency --timeout "${WRK_TIMEOUT:-10s}" > "$file" 2>&1 || true
        w=$(awk -v hz="$hz" '{print int(($2+$3)*hz)}' "$file.time")
        secs=$(awk '{print $1}' "$file.time")
    else
        local t0; t0=$(now_ms)
        wrk "$@" --latency --timeout "${WRK_TIMEOUT:-10s}" > "$file" 2>&1 || true
        secs=$(awk -v ms=$(( $(now_ms) - t0 )) 'BEGIN {print ms/1000}')
    fi
    b1=$(busy_jiffies); s1=$(proc_jiffies "$ZX_PID")
    awk -v other=$(( (b1 - b0) - (s1 - s0) - w )) -v hz="$hz" -v ncpu="$ncpu" -v secs="$secs" '
        /Requests\/sec/ {rps=$2}
        /^ +50%/ {p50=$2}
        /^ +99%/ {p99=$2}
        /Non-2xx/ {err=$NF}
        /Socket errors/ {to=$NF}
        END {o=100*other/hz/ncpu/secs; if (o<0) o=0; printf "%s %s %s %s/%s %.0f%%\n", rps, p50, p99, (err==""?0:err), (to==""?0:to), o}
    ' "$file"
}

sampler() { # peak VmRSS seen while wrk runs (VmHWM covers it too)
    local max=0 r
    while kill -0 "$ZX_PID" 2>/dev/null; do
        r=$(awk '/^VmRSS/ {print $2}' "/proc/$ZX_PID/status" 2>/dev/null || echo 0)
        [ "${r:-0}" -gt "$max" ] && max=$r && echo "$max" > "$OUT/peak_rss_kib"
        sleep 0.5
    done
}
sampler & SAMPLER=$!
trap 'kill $SAMPLER 2>/dev/null; stop_server' EXIT

printf '\n| endpoint | status | req/s (c%s) | p50 | p99 | non-2xx/timeouts | alone: req/s | alone: p50 | alone: p99 | other CPU (loaded / alone) |\n' "$WRK_CONN"
printf '|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n'
i=0
for e in "${ENDPOINTS[@]}"; do
    IFS='|' read -r name path header <<<"$e"
    i=$((i + 1))
    hdr=(); [ -n "$header" ] && hdr=(-H "$header")
    status=$(curl -s -o "$OUT/body-$i" -w '%{http_code} %{size_download}B' "${hdr[@]}" "$ZX_URL$path")
    read -r rps p50 p99 err oth <<<"$(run_wrk "$OUT/wrk-$i.txt" -t"$WRK_THREADS" -c"$WRK_CONN" -d"$WRK_DURATION" "${hdr[@]}" "$ZX_URL$path")"
    read -r rps1 p501 p991 _ oth1 <<<"$(run_wrk "$OUT/wrk-solo-$i.txt" -t1 -c1 -d"$WRK_SOLO_DURATION" "${hdr[@]}" "$ZX_URL$path")"
    printf '| %s `%s` | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s |\n' "$name" "${path//$NAME_Q/<name>}" "$status" "$rps" "$p50" "$p99" "$err" "$rps1" "$p501" "$p991" "$oth" "$oth1"
done
echo
echo "server after load: $(rss "$ZX_PID")  peak sampled VmRSS=$(( $(cat "$OUT/peak_rss_kib" 2>/dev/null || echo 0) / 1024 ))MiB   ($(load))"
echo "raw wrk output in $OUT/"
