#!/usr/bin/env bash
# The deadline monitor over a million open orders (issue 6): the time of one
# scan when nothing is due (target < 100 ms, index-backed), beside a bare
# `SELECT 1` on the same database as the ceiling, and the time from a
# deadline passing to its alert being written (target < 5 s) with the
# monitor running as the server runs it.
#
#   benchmarks/deadlines/run.sh                 # SQLite and PostgreSQL, 1,000,000 orders
#   ORDERS=100000 ENGINES=sqlite benchmarks/deadlines/run.sh
#
# PostgreSQL: a throwaway cluster in a temp folder (initdb/postgres as the
# postgres user when run as root), stopped at the end.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
ORDERS="${ORDERS:-1000000}"
ENGINES="${ENGINES:-sqlite postgres}"
BIN="$ROOT/.build-release/release/deadline-bench"
echo "building deadline-bench (release)…" >&2
(cd "$ROOT" && swift build -c release --product deadline-bench --scratch-path .build-release >&2)
WORK="$(mktemp -d)"
chmod 755 "$WORK"
PGPID=""
cleanup() {
    if [ -n "$PGPID" ]; then kill -INT "$PGPID" 2>/dev/null || true; wait "$PGPID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

as_postgres() {
    if [ "$(id -u)" = 0 ]; then setpriv --reuid=postgres --regid=postgres --init-groups "$@"; else "$@"; fi
}

start_postgres() {
    local bindir
    bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
    [ -x "$bindir/initdb" ] || { echo "no PostgreSQL binaries: skipping postgres" >&2; return 1; }
    [ "$(id -u)" = 0 ] && chown postgres "$WORK"
    as_postgres "$bindir/initdb" -D "$WORK/pg" -A trust -U postgres >/dev/null
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_postgres "$bindir/postgres" -D "$WORK/pg" -p "$PORT" -k "$WORK" -c listen_addresses=127.0.0.1 \
        -c fsync=off -c shared_buffers=512MB >"$WORK/pg.log" 2>&1 &
    PGPID=$!
    for _ in $(seq 1 50); do
        as_postgres "$bindir/pg_isready" -h 127.0.0.1 -p "$PORT" -q && break
        sleep 0.2
    done
    as_postgres "$bindir/createdb" -h 127.0.0.1 -p "$PORT" -U postgres bench
    echo "postgres://postgres@127.0.0.1:$PORT/bench"
}

echo "| engine | open orders | empty scan median | p95 | SELECT 1 (ceiling) | alerts | latency median | latency max | plan |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
for engine in $ENGINES; do
    case "$engine" in
        sqlite) out="$("$BIN" --orders "$ORDERS" --sqlite "$WORK/bench.sqlite")" ;;
        postgres)
            url="$(start_postgres)" || continue
            out="$("$BIN" --orders "$ORDERS" --postgres "$url")" ;;
    esac
    get() { awk -v k="$1" '$1==k { $1=""; sub(/^ /, ""); print }' <<<"$out"; }
    echo "| $engine | $(get watched_orders) | $(get empty_scan_ms_median) ms | $(get empty_scan_ms_p95) ms |" \
        "$(get ceiling_select1_ms_median) ms | $(get alerts_raised)/$(get alerts_expected) |" \
        "$(get alert_latency_ms_median) ms | $(get alert_latency_ms_max) ms | $(get due_query_plan) |"
done
echo
echo "command: ORDERS=$ORDERS ENGINES=\"$ENGINES\" benchmarks/deadlines/run.sh · $(date -u +%Y-%m-%dT%H:%MZ) · $(nproc) cores"
