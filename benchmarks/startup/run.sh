#!/usr/bin/env bash
# How long `orderflow serve --demo` takes on an empty embedded database
# until /health answers (the process listens) and until /ready answers
# (migrated, demo data loaded: usable). Issue 16 point 7: /health within
# 10 s on a release build, 30 s on a debug build.
#
#   ORDERFLOW_BIN   the binary (default: the debug build's)
#   RUNS            how many starts (default 3), each on a new database
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${ORDERFLOW_BIN:-$(swift build --show-bin-path)/orderflow}"
runs="${RUNS:-3}"
[ -x "$bin" ] || { echo "no binary at $bin (swift build first)" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
work=$(mktemp -d /tmp/orderflow-startup.XXXXXX)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
now() { date +%s.%N; }

echo "binary $bin; $runs starts of serve --demo on an empty SQLite file; $(nproc) cores"
printf '| run | /health s | /ready s | orders loaded |\n|---|---|---|---|\n'
for run in $(seq "$runs"); do
    rm -rf "$work/db" && mkdir "$work/db"
    started=$(now)
    ORDERFLOW_LOG_LEVEL=warning "$bin" serve --demo --port "$port" --sqlite-path "$work/db/orderflow.sqlite" \
        >"$work/server.log" 2>&1 &
    pid=$!
    health=""
    ready=""
    for _ in $(seq 1800); do
        kill -0 "$pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
        if [ -z "$health" ] && curl -fs -o /dev/null "http://127.0.0.1:$port/health"; then
            health=$(echo "$(now) - $started" | bc)
        fi
        if curl -fs -o /dev/null "http://127.0.0.1:$port/ready"; then
            ready=$(echo "$(now) - $started" | bc)
            break
        fi
        sleep 0.05
    done
    [ -n "$ready" ] || { echo "not ready within 90 s" >&2; exit 1; }
    orders=$(grep -o '[0-9]* orders' "$work/server.log" | head -1 || true)
    printf '| %d | %.2f | %.2f | %s |\n' "$run" "$health" "$ready" "${orders:-?}"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
done
