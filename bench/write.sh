#!/usr/bin/env bash
# Write latency on the big database: files N cases one after another through
# POST /api/v1/cases as the demo clerk (court 苏0205), on a throw-away copy of
# $ZX_DATA (the original stays as seeded). Prints each time and the median.
#
# Usage: bench/write.sh [N]        (default 20)
#        WITH_INDEX=1 bench/write.sh   also adds deadlines(case_id, status, due_on)
#                                      to the copy first, to show the difference
. "$(dirname "$0")/lib.sh"
need curl jq
check_bin
N="${1:-20}"
COPY="${ZX_DATA%/}-write"
rm -rf "$COPY"
cp -a "$ZX_DATA" "$COPY"
trap 'stop_server; rm -rf "$COPY"' EXIT
if [ -n "${WITH_INDEX:-}" ]; then
    sqlite3 "$COPY/zhixing.db" "CREATE INDEX bench_deadlines_case_due ON deadlines(case_id, status, due_on)"
    echo "(copy has the extra index deadlines(case_id, status, due_on))"
fi
ZX_DATA="$COPY" start_server
wait_200 "$ZX_URL/readyz" >/dev/null
TOKEN="$(ZX_USER=clerk login_token)"
[ -n "$TOKEN" ] || { echo "login as clerk failed" >&2; exit 1; }
times=()
for i in $(seq 1 "$N"); do
    body=$(jq -nc --arg no "（2026）苏0205民初B$RANDOM$i号" '{title_type:"民事判决书", title_doc_no:$no,
        title_issuer:"无锡市新吴区人民法院", title_effective_on:"2026-10-01", cause:"买卖合同纠纷", principal:"12000",
        parties:[{role:"applicant",kind:"organization",name:"无锡测试商贸有限公司"},{role:"debtor",kind:"person",name:"张测试"}]}')
    r=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -X POST -H "Authorization: Bearer $TOKEN" \
        -H 'content-type: application/json' -d "$body" "$ZX_URL/api/v1/cases")
    [ "${r%% *}" = 201 ] || { echo "filing failed: $r" >&2; exit 1; }
    times+=("${r#* }")
done
printf '%s\n' "${times[@]}" | sort -n |
    awk -v n="$N" '{a[NR]=$1} END {printf "file case x%d: median %.0f ms, min %.0f ms, max %.0f ms\n", n, a[int((NR+1)/2)]*1000, a[1]*1000, a[NR]*1000}'
echo "in order (s): ${times[*]}   ($(load))"
