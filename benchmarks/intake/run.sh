#!/usr/bin/env bash
# Intake benchmark: order creations/s and p50/p99 latency over HTTP on
# loopback, for SQLite and PostgreSQL, at several concurrency levels, each
# beside the raw ceiling of its database measured on the same machine in the
# same run. See README.md beside this file.
#
# Settings (environment):
#   ORDERFLOW_BIN          the binary; unset: `swift build -c release --product orderflow`
#   BENCH_SECONDS          wrk duration per level (default 10)
#   BENCH_WARMUP_SECONDS   unmeasured wrk run before each level (default 2; 0 = none)
#   BENCH_CEILING_SECONDS  duration of each raw-ceiling run (default 5)
#   BENCH_CONCURRENCY      levels, space-separated (default "1 16 64")
#   BENCH_DATABASES        "sqlite postgres" (default), or just one of them
#   BENCH_THREADS          at most this many wrk / pgbench threads (default 2)
#   BENCH_TMPDIR           where the databases live (default /tmp; must be a real disk)
#   BENCH_KEEP=1           keep the temp dir (databases, server logs) for inspection
#   PG_BIN                 PostgreSQL's bin dir (default: found under /usr/lib/postgresql)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

# The exact command, with the settings that were given, for the report.
COMMAND=""
for name in ORDERFLOW_BIN BENCH_SECONDS BENCH_WARMUP_SECONDS BENCH_CEILING_SECONDS BENCH_CONCURRENCY \
    BENCH_DATABASES BENCH_THREADS BENCH_TMPDIR BENCH_KEEP PG_BIN; do
    if [[ -n "${!name:-}" ]]; then COMMAND+="$name=$(printf '%q' "${!name}") "; fi
done
COMMAND+="$(printf '%q' "$0")"
for arg in "$@"; do COMMAND+=" $(printf '%q' "$arg")"; done

# The server reads its settings from ORDERFLOW_* variables: none of the
# caller's (say, an ORDERFLOW_DATABASE_URL) may leak into the runs.
for name in $(compgen -e | grep '^ORDERFLOW_' | grep -vx ORDERFLOW_BIN || true); do unset "$name"; done

SECONDS_PER_LEVEL="${BENCH_SECONDS:-10}"
WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-2}"
CEILING_SECONDS="${BENCH_CEILING_SECONDS:-5}"
LEVELS="${BENCH_CONCURRENCY:-1 16 64}"
DATABASES="${BENCH_DATABASES:-sqlite postgres}"
MAX_THREADS="${BENCH_THREADS:-2}"
TOKEN=""  # made by start_server with `orderflow token create`
STORE="SH01"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- what the run needs ----------------------------------------------------

find_pg_bin() {
    if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return; fi
    local dir
    for dir in $(printf "%s\n" /usr/lib/postgresql/*/bin | sort -V -r); do
        [[ -x "$dir/postgres" ]] && { echo "$dir"; return; }
    done
    dirname "$(command -v postgres 2>/dev/null || echo /usr/local/bin/postgres)"
}

missing=()
for tool in wrk curl cc python3 setsid; do command -v "$tool" >/dev/null || missing+=("$tool"); done
[[ -f /usr/include/sqlite3.h ]] || missing+=("sqlite3.h (libsqlite3-dev)")
if [[ " $DATABASES " == *" postgres "* ]]; then
    PG_BIN="$(find_pg_bin)"
    for tool in initdb postgres pg_isready createdb psql pgbench; do
        [[ -x "$PG_BIN/$tool" ]] || command -v "$tool" >/dev/null || missing+=("$tool")
    done
fi
if ((${#missing[@]})); then
    die "missing: ${missing[*]} (Debian: apt-get install -y wrk curl gcc libsqlite3-dev postgresql)"
fi

# PostgreSQL's tools, from PG_BIN when it has them.
pg_path() { if [[ -x "$PG_BIN/$1" ]]; then echo "$PG_BIN/$1"; else command -v "$1"; fi; }
pg() { local tool="$1"; shift; "$(pg_path "$tool")" "$@"; }
# initdb and postgres refuse to run as root: as root, run them as the postgres user.
AS_PG=()
if [[ "$(id -u)" == 0 ]]; then AS_PG=(setpriv --reuid=postgres --regid=postgres --init-groups); fi

if [[ -z "${ORDERFLOW_BIN:-}" ]]; then
    log "building the release binary (swift build -c release --product orderflow)"
    (cd "$ROOT" && swift build -c release --product orderflow) >&2
    ORDERFLOW_BIN="$ROOT/.build/release/orderflow"
fi
[[ -x "$ORDERFLOW_BIN" ]] || die "no binary at $ORDERFLOW_BIN"

# --- the temp dir, and cleaning up whatever happens ---------------------------

WORK="$(mktemp -d "${BENCH_TMPDIR:-/tmp}/orderflow-bench.XXXXXX")"
chmod 755 "$WORK"  # the postgres user must reach its data dir and socket inside
SERVER_PID=""
PG_PID=""

stop_server() {
    [[ -n "$SERVER_PID" ]] || return 0
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

stop_postgres() {
    [[ -n "$PG_PID" ]] || return 0
    kill -INT "$PG_PID" 2>/dev/null || true  # SIGINT: PostgreSQL's fast shutdown
    for _ in $(seq 300); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.1; done
    kill -QUIT "$PG_PID" 2>/dev/null || true  # still there after 30 s: immediate shutdown
    wait "$PG_PID" 2>/dev/null || true
    PG_PID=""
}

cleanup() {
    local status=$?
    # Ignore a second Ctrl-C: an interrupted cleanup would leave processes behind.
    trap '' INT TERM
    trap - EXIT
    stop_server
    stop_postgres
    if [[ "${BENCH_KEEP:-}" == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
    exit "$status"
}
trap cleanup EXIT
# Ctrl-C: bash runs this once the foreground child (wrk, pgbench) has died,
# then the EXIT trap above stops the servers.
trap 'exit 130' INT
trap 'exit 143' TERM

filesystem_of() { findmnt -n -o FSTYPE --target "$1" 2>/dev/null || stat -f -c %T "$1"; }
if [[ "$(filesystem_of "$WORK")" == tmpfs ]]; then
    log "warning: $WORK is on tmpfs, where fsync costs nothing: set BENCH_TMPDIR to a directory on disk"
fi

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

threads_for() { local c="$1"; echo $((c < MAX_THREADS ? c : MAX_THREADS)); }

# An appointment window the intake check accepts: SH01 is open 08:00–20:00
# Asia/Shanghai every day, except the demo holidays 2027-02-06/07; it must
# be in the future and at most 180 days ahead. Three days from now, 10:00–12:00
# Shanghai time (02:00–04:00 UTC), skipping the holidays.
appointment_day() {
    local offset day
    for offset in 3 4 5 6; do
        day="$(TZ=Asia/Shanghai date -d "+$offset days" +%F)"
        [[ "$day" == 2027-02-06 || "$day" == 2027-02-07 ]] || { echo "$day"; return; }
    done
}
DAY="$(appointment_day)"
APPOINTMENT_START="${DAY}T02:00:00Z"
APPOINTMENT_END="${DAY}T04:00:00Z"

# --- the orderflow server --------------------------------------------------------

# start_server NAME ENV... : loads the reference data, then serves on a free port.
start_server() {
    local name="$1"; shift
    local port; port="$(free_port)"
    local log_file="$WORK/server-$name.log"
    # Only the demo stores and catalog: a benchmark starts from no orders.
    env "$@" ORDERFLOW_LOG_LEVEL=warning "$ORDERFLOW_BIN" demo --orders 0 >"$log_file" 2>&1 \
        || { cat "$log_file" >&2; die "orderflow demo failed"; }
    # A customer-service token for every store, made as an operator would.
    TOKEN="$(env "$@" ORDERFLOW_LOG_LEVEL=warning "$ORDERFLOW_BIN" token create --name bench \
        --role 'customerService@*' --quiet 2>>"$log_file")" || { cat "$log_file" >&2; die "token create failed"; }
    # setsid: the server is not in the terminal's process group; Ctrl-C
    # reaches this script, whose cleanup stops the server.
    setsid env "$@" ORDERFLOW_LOG_LEVEL=warning \
        "$ORDERFLOW_BIN" serve --host 127.0.0.1 --port "$port" >>"$log_file" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 300); do
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$log_file" >&2; die "the server exited at start"; }
        if curl -fs -o /dev/null "http://127.0.0.1:$port/ready"; then
            SERVER_URL="http://127.0.0.1:$port"
            check_one_order "$log_file"
            return
        fi
        sleep 0.1
    done
    die "the server was not ready (/ready) within 30 s"
}

# One order by hand: a body the server refuses would make the whole level
# count nothing but refusals, so stop here and show why instead.
check_one_order() {
    local answer
    answer="$(curl -s -w '\n%{http_code}' -X POST "$SERVER_URL/api/v1/orders" \
        -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
        -d '{"storeCode":"'"$STORE"'","channel":"phone","customer":{"name":"张三","phone":"13812345678",
             "address":{"province":"上海市","city":"上海市","district":"徐汇区","detail":"漕溪北路 88 号"}},
             "lines":[{"itemCode":"AC-CLEAN","quantity":1}],"paymentMethod":"cash",
             "appointmentStart":"'"$APPOINTMENT_START"'","appointmentEnd":"'"$APPOINTMENT_END"'"}')"
    [[ "${answer##*$'\n'}" == 201 ]] || { tail -20 "$1" >&2; die "a test order was refused: $answer"; }
}

# run_wrk CONCURRENCY SECONDS → the BENCH line of order.lua
run_wrk() {
    local concurrency="$1" seconds="$2" output
    output="$(wrk -t "$(threads_for "$concurrency")" -c "$concurrency" -d "${seconds}s" --timeout 10s \
        -s "$HERE/order.lua" "$SERVER_URL/api/v1/orders" \
        -- "$TOKEN" "$STORE" "$APPOINTMENT_START" "$APPOINTMENT_END")" || die "wrk failed: $output"
    grep '^BENCH first refusal' <<<"$output" >&2 || true
    grep '^BENCH created=' <<<"$output" || die "no result from wrk: $output"
}

ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }
field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<" $2"; }

RESULTS=()  # "database|concurrency|creations/s|p50|p99|non-201|ceiling"

# measure_level LABEL CONCURRENCY CEILING : wrk against the running server.
measure_level() {
    local label="$1" concurrency="$2" ceiling="$3" line
    if ((WARMUP_SECONDS > 0)); then run_wrk "$concurrency" "$WARMUP_SECONDS" >/dev/null; fi
    line="$(run_wrk "$concurrency" "$SECONDS_PER_LEVEL")"
    local created non201 errors duration p50 p99
    created="$(field created "$line")"; non201="$(field non201 "$line")"
    errors="$(field socket_errors "$line")"; duration="$(field duration_us "$line")"
    p50="$(field p50_us "$line")"; p99="$(field p99_us "$line")"
    local rate; rate="$(awk -v n="$created" -v us="$duration" 'BEGIN { printf "%.1f", n / (us / 1e6) }')"
    # Socket errors (no answer at all) are not creations either: they count with the refusals.
    local failed=$((non201 + errors))
    log "$label c=$concurrency: $rate creations/s, p50 $(ms "$p50") ms, p99 $(ms "$p99") ms," \
        "$non201 non-201, $errors socket errors"
    RESULTS+=("$label|$concurrency|$rate|$(ms "$p50")|$(ms "$p99")|$failed|$ceiling")
}

# --- SQLite ------------------------------------------------------------------------

run_sqlite() {
    log "SQLite: compiling and running the raw ceiling (${CEILING_SECONDS}s each)"
    cc -O2 -o "$WORK/sqlite_ceiling" "$HERE/sqlite_ceiling.c" -lsqlite3
    SQLITE_CEILING_FULL="$("$WORK/sqlite_ceiling" "$WORK/ceiling-full.sqlite" FULL "$CEILING_SECONDS")"
    SQLITE_CEILING_NORMAL="$("$WORK/sqlite_ceiling" "$WORK/ceiling-normal.sqlite" NORMAL "$CEILING_SECONDS")"
    log "SQLite ceiling: $SQLITE_CEILING_FULL inserts/s (FULL), $SQLITE_CEILING_NORMAL inserts/s (NORMAL)"
    local concurrency
    for concurrency in $LEVELS; do
        # A fresh file per level: every level starts from the same empty database.
        start_server "sqlite-c$concurrency" ORDERFLOW_SQLITE_PATH="$WORK/sqlite-c$concurrency.sqlite" \
            ORDERFLOW_SQLITE_SYNC=full
        measure_level "SQLite" "$concurrency" "$SQLITE_CEILING_FULL"
        stop_server
    done
}

# --- PostgreSQL ---------------------------------------------------------------------

start_postgres() {
    PG_PORT="$(free_port)"
    mkdir -p "$WORK/pg"
    chown postgres:postgres "$WORK/pg" 2>/dev/null || true
    log "PostgreSQL: initdb and start on port $PG_PORT ($PG_BIN)"
    "${AS_PG[@]}" "$(pg_path initdb)" -D "$WORK/pg/data" -U postgres --auth=trust --no-locale -E UTF8 \
        >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
    # setsid (as for the server): Ctrl-C goes to this script, whose cleanup
    # stops PostgreSQL. setsid and setpriv exec, so $! is the postmaster.
    # fsync and synchronous_commit are the defaults, said out loud: commits are durable.
    setsid "${AS_PG[@]}" "$(pg_path postgres)" -D "$WORK/pg/data" -p "$PG_PORT" -k "$WORK/pg" \
        -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c max_connections=200 \
        >"$WORK/postgres.log" 2>&1 &
    PG_PID=$!
    for _ in $(seq 300); do
        kill -0 "$PG_PID" 2>/dev/null || { cat "$WORK/postgres.log" >&2; die "postgres exited at start"; }
        pg pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && return
        sleep 0.1
    done
    die "postgres not ready within 30 s"
}

psql_run() { pg psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }

# pgbench_ceiling CONCURRENCY → single-INSERT transactions/s at that concurrency
pgbench_ceiling() {
    local concurrency="$1" output
    psql_run -d ceiling -c "TRUNCATE t" >/dev/null
    output="$(pg pgbench -n -M prepared -c "$concurrency" -j "$(threads_for "$concurrency")" \
        -T "$CEILING_SECONDS" -f "$HERE/pg_insert.sql" -h 127.0.0.1 -p "$PG_PORT" -U postgres ceiling 2>&1)" \
        || die "pgbench failed: $output"
    # pgbench 15: "tps = 1234.56 (without initial connection time)"
    awk '/^tps = / { tps = $3 } END { if (tps == "") exit 1; printf "%.1f\n", tps }' <<<"$output" \
        || die "no tps in the pgbench output: $output"
}

run_postgres() {
    start_postgres
    pg createdb -h 127.0.0.1 -p "$PG_PORT" -U postgres ceiling
    psql_run -d ceiling -c \
        "CREATE TABLE t (id bigserial PRIMARY KEY, payload text NOT NULL, created_at timestamptz NOT NULL)"
    local concurrency
    for concurrency in $LEVELS; do
        local ceiling
        ceiling="$(pgbench_ceiling "$concurrency")"
        log "PostgreSQL ceiling c=$concurrency: $ceiling single-INSERT transactions/s (pgbench)"
        local database="orderflow_c$concurrency"
        pg createdb -h 127.0.0.1 -p "$PG_PORT" -U postgres "$database"
        start_server "postgres-c$concurrency" \
            ORDERFLOW_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/$database"
        measure_level "PostgreSQL" "$concurrency" "$ceiling"
        stop_server
    done
    stop_postgres
}

# --- the run ------------------------------------------------------------------------

# Anything else running (a build, a test suite) takes cores and disk from the
# run: say how busy the machine was when it started.
LOAD_AT_START="$(cut -d ' ' -f 1 /proc/loadavg)"
log "load average at start: $LOAD_AT_START (anything well above 0 skews the numbers)"
log "binary $ORDERFLOW_BIN; ${SECONDS_PER_LEVEL}s per level at concurrency $LEVELS; work dir $WORK"
for database in $DATABASES; do
    case "$database" in
        sqlite) run_sqlite ;;
        postgres) run_postgres ;;
        *) die "unknown database $database (sqlite or postgres)" ;;
    esac
done

revision="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo
echo "## Intake benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "Command: \`$COMMAND\`"
echo
echo "Binary: \`$ORDERFLOW_BIN\` (commit $revision); $(nproc) cores; ${SECONDS_PER_LEVEL}s per level" \
    "after ${WARMUP_SECONDS}s warm-up; databases on $(filesystem_of "$WORK") under ${BENCH_TMPDIR:-/tmp};" \
    "load average $LOAD_AT_START at start."
echo
echo "| database | concurrency | creations/s | p50 ms | p99 ms | non-201 | raw ceiling/s | ratio |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for row in "${RESULTS[@]}"; do
    IFS='|' read -r database concurrency rate p50 p99 failed ceiling <<<"$row"
    ratio="$(awk -v r="$rate" -v c="$ceiling" 'BEGIN { if (c > 0) printf "%.3g", r / c; else print "n/a" }')"
    echo "| $database | $concurrency | $rate | $p50 | $p99 | $failed | $ceiling | $ratio |"
done
echo
if [[ " $DATABASES " == *" sqlite "* ]]; then
    echo "Raw ceiling, SQLite: one-row INSERT per transaction, one connection, WAL, synchronous=FULL" \
        "(the server's setting). For reference, synchronous=NORMAL: $SQLITE_CEILING_NORMAL/s."
fi
if [[ " $DATABASES " == *" postgres "* ]]; then
    echo "Raw ceiling, PostgreSQL: pgbench -M prepared, one-row INSERT per transaction, same concurrency," \
        "fsync=on, synchronous_commit=on, same throwaway cluster."
fi
echo "non-201: answers other than 201 plus requests with no answer (socket errors); none count as creations."
