#!/usr/bin/env bash
# The day-queue dispatch solver on generated days: time, cost, hard-constraint
# violations, and the cost against the exact optimum (HiGHS through scipy) on
# the same instances with fixed starts and no workload term (a linear model
# an integer program can solve exactly).
#
#   benchmarks/dispatch/run.sh            # 1,000 jobs × 200 technicians, seeds 7 11 23
#   SEEDS="1 2 3" JOBS=300 TECHNICIANS=60 benchmarks/dispatch/run.sh
#
# Needs: swift (release build of dispatch-bench), python3 with scipy and numpy.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
JOBS="${JOBS:-1000}"
TECHNICIANS="${TECHNICIANS:-200}"
SEEDS="${SEEDS:-7 11 23}"
BIN="$ROOT/.build-release/release/dispatch-bench"
python3 -c "import scipy, numpy" 2>/dev/null || { echo "needs scipy and numpy: pip install scipy" >&2; exit 1; }
echo "building dispatch-bench (release)…" >&2
(cd "$ROOT" && swift build -c release --product dispatch-bench --scratch-path .build-release >&2)
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
echo "| seed | mode | solve ms | placed | violations | heuristic cost | optimum | gap |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|"
for seed in $SEEDS; do
    out="$("$BIN" --jobs "$JOBS" --technicians "$TECHNICIANS" --seed "$seed")"
    ms="$(awk '/solve_ms/{print $2}' <<<"$out")"
    placed="$(awk '/^placed/{print $2}' <<<"$out")"
    violations="$(awk '/hard_constraint_violations/{print $2}' <<<"$out")"
    cost="$(awk '/total_cost/{print $2}' <<<"$out")"
    echo "| $seed | windows, all weights | $ms | $placed | $violations | $cost | – | – |"
    out="$("$BIN" --jobs "$JOBS" --technicians "$TECHNICIANS" --seed "$seed" --fixed-starts --export "$WORK/$seed.json")"
    ms="$(awk '/solve_ms/{print $2}' <<<"$out")"
    placed="$(awk '/^placed/{print $2}' <<<"$out")"
    violations="$(awk '/hard_constraint_violations/{print $2}' <<<"$out")"
    exact="$(python3 "$ROOT/benchmarks/dispatch/exact.py" "$WORK/$seed.json")"
    optimum="$(awk '/^optimum/{print $2}' <<<"$exact")"
    heuristic="$(awk '/^heuristic/{print $2}' <<<"$exact")"
    gap="$(awk '/^heuristic/{print $4}' <<<"$exact")"
    echo "| $seed | fixed starts, linear | $ms | $placed | $violations | $heuristic | $optimum | $gap % |"
done
echo
echo "$JOBS jobs, $TECHNICIANS technicians, 10 stores, 8 skills; $(nproc) cores; commit $(git -C "$ROOT" rev-parse --short HEAD)"
