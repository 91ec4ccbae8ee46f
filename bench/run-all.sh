#!/usr/bin/env bash
# Everything in bench/README.md, in order. Needs a release build first:
#   cargo build --release --bin zhixing
# and wrk, curl, jq, sqlite3 (apt-get install -y wrk curl jq sqlite3).
# Optional: ZHIXING_BENCH_PG_URL for the PostgreSQL append leg; CASES (default 100000).
# Seeding uses the workaround index by default (SEED_DEADLINE_INDEX=1): with the
# schema as shipped, 100,000 cases take an estimated 100 hours (README, Findings 1).
# Set SEED_DEADLINE_INDEX= (empty) to time the shipped schema.
. "$(dirname "$0")/lib.sh"
"$BENCH_DIR/append.sh"
SEED_DEADLINE_INDEX="${SEED_DEADLINE_INDEX-1}" "$BENCH_DIR/seed.sh" "${CASES:-100000}"
"$BENCH_DIR/coldstart.sh" 3
"$BENCH_DIR/http.sh"
"$BENCH_DIR/write.sh" 20
WITH_INDEX=1 "$BENCH_DIR/write.sh" 20
