#!/usr/bin/env bash
# Cold start: ms from launching `zhixing serve` on $ZX_DATA until /readyz
# answers 200, with the page cache dropped first (root only), then warm.
# Then, still on that cache state, one login and the first GET /api/v1/cases
# (the first list has to read the cases table from disk when cold).
# Usage: bench/coldstart.sh [RUNS]   (default 3 of each)
. "$(dirname "$0")/lib.sh"
need curl
check_bin
RUNS="${1:-3}"
trap stop_server EXIT
cached() { command -v fincore >/dev/null && fincore -nb -o RES "$ZX_DATA/zhixing.db" | awk '{printf "db cached %.0f MiB", $1/1048576}'; }
for kind in cold warm; do
    for i in $(seq 1 "$RUNS"); do
        note=""
        [ "$kind" = cold ] && note="$(drop_caches)"
        t0=$(now_ms)
        start_server
        wait_200 "$ZX_URL/readyz" >/dev/null
        t1=$(now_ms)
        ready="$(rss "$ZX_PID"), $(cached)"
        t2=$(now_ms); token=$(login_token); t3=$(now_ms)
        list=$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $token" "$ZX_URL/api/v1/cases")
        echo "$kind start #$i: readyz 200 after $(( t1 - t0 )) ms ($ready); login $(( t3 - t2 )) ms; first /api/v1/cases ${list}s ($(cached))  ${note:+[$note] }($(load))"
        stop_server
    done
done
