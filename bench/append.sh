#!/usr/bin/env bash
# Event append rate with hashing (crates/zhixing-app/benches/append.rs).
# Set ZHIXING_BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/test to add the
# PostgreSQL leg (the bench creates and drops its own database zx_bench_<pid>),
# ZHIXING_BENCH_EVENTS to change N (default 20,000).
#
# Runs twice: as is, then pinned to one CPU (taskset -c 0). On this VM the
# append path is dominated by hand-offs between the tokio worker and sqlx's
# SQLite worker thread (one per connection); on one CPU a hand-off is a plain
# context switch, across two CPUs it is a cross-CPU wake-up, whose cost varies
# with what the other CPU is doing. The two passes bracket it. PIN=0 skips the
# pinned pass.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
echo "== append bench, unpinned   ($(load))"
cargo bench -p zhixing-app --bench append
if [ "${PIN:-1}" = 1 ] && command -v taskset >/dev/null; then
    echo "== append bench, pinned to CPU 0 (taskset -c 0)   ($(load))"
    taskset -c 0 cargo bench -p zhixing-app --bench append
fi
echo "done   ($(load))"
