#!/usr/bin/env bash
# Generates the demo database with N cases (default 100,000) in $ZX_DATA and
# times it, printing progress (cases, events, deadlines) every minute.
#
# Usage: bench/seed.sh [CASES]            (ZX_DATA=/tmp/zx100k by default)
#        SEED_DEADLINE_INDEX=1 bench/seed.sh 100000
#
# SEED_DEADLINE_INDEX=1 is a workaround, not the shipped schema: while the
# generator runs, an extra index deadlines(case_id, status, due_on) is added
# from outside (sqlite3), and dropped again at the end so the file has exactly
# the schema of the migrations. Without it, every
#   SELECT … FROM deadlines WHERE case_id = $1 AND status = 'open' ORDER BY due_on
# walks index deadlines_due(status, due_on) over all open deadlines of all
# courts, so seeding is quadratic (see README). The data generated is the same.
. "$(dirname "$0")/lib.sh"
check_bin
CASES="${1:-100000}"
DB="$ZX_DATA/zhixing.db"
LOG="${SEED_LOG:-/tmp/zx-bench-seed.log}"
echo "seed: $CASES cases into $ZX_DATA, binary $ZX_BIN${SEED_DEADLINE_INDEX:+, with the extra deadlines index (workaround)}   ($(load))"
if [ -x /usr/bin/time ]; then TIMER=(/usr/bin/time -f 'wall=%es user=%Us sys=%Ss maxrss=%MKiB'); else TIMER=(); fi

t0=$(now_ms)
"${TIMER[@]}" "$ZX_BIN" demo --data-dir "$ZX_DATA" --cases "$CASES" --no-serve >"$LOG" 2>&1 &
DEMO=$!

progress() {
    command -v sqlite3 >/dev/null || return 0
    local added=0
    sleep 2
    while kill -0 "$DEMO" 2>/dev/null; do
        if [ -n "${SEED_DEADLINE_INDEX:-}" ] && [ $added = 0 ] &&
            sqlite3 -cmd '.timeout 10000' "$DB" "SELECT 1 FROM sqlite_master WHERE name = 'deadlines'" 2>/dev/null | grep -q 1; then
            sqlite3 -cmd '.timeout 30000' "$DB" "CREATE INDEX IF NOT EXISTS bench_deadlines_case_due ON deadlines(case_id, status, due_on)" && added=1 &&
                echo "  (extra index bench_deadlines_case_due created)"
        fi
        sleep "${SEED_PROGRESS_EVERY:-60}"
        kill -0 "$DEMO" 2>/dev/null || break
        echo "  t=$(( ($(now_ms) - t0) / 1000 ))s $(sqlite3 -cmd '.timeout 5000' "$DB" "SELECT 'cases=' || (SELECT COUNT(*) FROM cases) || ' events=' || (SELECT COUNT(*) FROM events) || ' deadlines=' || (SELECT COUNT(*) FROM deadlines) || ' open=' || (SELECT COUNT(*) FROM deadlines WHERE status = 'open')" 2>/dev/null)"
    done
}
progress &
PROG=$!
set +e
wait "$DEMO"; rc=$?
set -e
kill "$PROG" 2>/dev/null || true
t1=$(now_ms)
grep -v '^  ' "$LOG" || true
if [ -n "${SEED_DEADLINE_INDEX:-}" ]; then
    sqlite3 "$DB" "DROP INDEX IF EXISTS bench_deadlines_case_due" && echo "  (extra index dropped: schema as shipped)"
fi
if [ "$rc" != 0 ]; then echo "seed: FAILED (exit $rc) after $(( (t1 - t0) / 1000 )) s" >&2; exit "$rc"; fi
echo "seed: $CASES cases in $(( (t1 - t0) / 1000 )).$(( (t1 - t0) % 1000 / 100 )) s = $(( CASES * 1000 / (t1 - t0 + 1) )) cases/s   ($(load))"
ls -l "$ZX_DATA"/zhixing.db* | awk '{printf "  %s %.1f MiB\n", $NF, $5/1048576}'
if command -v sqlite3 >/dev/null; then
    sqlite3 "$DB" "SELECT '  rows: cases=' || (SELECT COUNT(*) FROM cases) || ' parties=' || (SELECT COUNT(*) FROM parties) || ' events=' || (SELECT COUNT(*) FROM events) || ' deadlines=' || (SELECT COUNT(*) FROM deadlines);"
fi
