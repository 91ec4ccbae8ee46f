# Shared helpers for the bench scripts. Source it: `. "$(dirname "$0")/lib.sh"`.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
ZX_BIN="${ZX_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/zhixing}"
ZX_DATA="${ZX_DATA:-/tmp/zx100k}"
ZX_BIND="${ZX_BIND:-127.0.0.1:18181}"
ZX_URL="http://$ZX_BIND"
ZX_USER="${ZX_USER:-command_center}"
ZX_PASSWORD="${ZX_PASSWORD:-Zhixing@2026}"

need() {
    for t in "$@"; do
        command -v "$t" >/dev/null || { echo "missing tool: $t (apt-get install -y $t)" >&2; exit 2; }
    done
}

check_bin() {
    [ -x "$ZX_BIN" ] || { echo "no release binary at $ZX_BIN: run cargo build --release --bin zhixing (or set ZX_BIN)" >&2; exit 2; }
}

# "load 1.23 1.10 0.98" — other builds on the machine disturb numbers; every result line carries this.
load() { echo "load $(cut -d' ' -f1-3 /proc/loadavg)"; }

# RSS of PID in MiB: "rss=NN hwm=NN".
rss() {
    awk '/^VmRSS/ {r=$2} /^VmHWM/ {h=$2} END {printf "rss=%.1fMiB hwm=%.1fMiB", r/1024, h/1024}' "/proc/$1/status"
}

now_ms() { date +%s%3N; }

# Drops the page cache; prints whether it worked.
drop_caches() {
    sync
    if { echo 3 > /proc/sys/vm/drop_caches; } 2>/dev/null; then echo "page cache dropped"; else echo "page cache NOT dropped (need root)"; fi
}

# Waits until GET $1 answers 200; prints ms waited. Gives up after 120 s.
wait_200() {
    local url="$1" t0 code
    t0=$(now_ms)
    while :; do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)
        [ "$code" = 200 ] && break
        if [ $(( $(now_ms) - t0 )) -gt 120000 ]; then echo "timeout waiting for $url" >&2; return 1; fi
        sleep 0.005
    done
    echo $(( $(now_ms) - t0 ))
}

# Starts `zhixing serve` on $ZX_DATA in the background; sets ZX_PID. Logging is
# left at the shipped default (ZHIXING_LOG unset = info), output to a file.
start_server() {
    "$ZX_BIN" serve --data-dir "$ZX_DATA" --bind "$ZX_BIND" \
        >"${ZX_SERVER_LOG:-/tmp/zx-bench-server.log}" 2>&1 &
    ZX_PID=$!
}

stop_server() {
    if [ -n "${ZX_PID:-}" ] && kill -0 "$ZX_PID" 2>/dev/null; then
        kill -TERM "$ZX_PID"
        wait "$ZX_PID" 2>/dev/null || true
    fi
    ZX_PID=
}

# Logs in through the API and prints the session token.
login_token() {
    curl -s -X POST -H 'content-type: application/json' \
        -d "{\"username\":\"$ZX_USER\",\"password\":\"$ZX_PASSWORD\"}" "$ZX_URL/api/v1/session" |
        sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p'
}
