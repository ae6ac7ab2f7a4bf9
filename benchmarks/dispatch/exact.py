"""The exact optimum of a dispatch instance exported by `dispatch-bench --export`.

Why: the day-queue solver is a heuristic; this solves the same (linear,
fixed-start) instance as an integer program with HiGHS through scipy, so the
heuristic's cost can be reported against the true optimum.

    x[o] = 1 when option o (job j on technician t at cost c) is chosen
    minimise   sum_o (c_o - U_j) x_o   (+ sum_j U_j, leaving a job costs U_j)
    subject to each job at most once; on each technician, no two chosen jobs
               closer than the travel buffer (when either is on site).
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix


def solve(path: str) -> dict[str, float]:
    data = json.load(open(path))
    unassigned = data["unassigned"]
    options = data["options"]
    intervals = data["intervals"]
    by_tech: dict[int, list[int]] = defaultdict(list)
    for index, (_, tech, _) in enumerate(options):
        by_tech[tech].append(index)

    rows, cols = [], []
    row = 0
    jobs: dict[int, list[int]] = defaultdict(list)
    for index, (job, _, _) in enumerate(options):
        jobs[job].append(index)
    for indices in jobs.values():
        for index in indices:
            rows.append(row)
            cols.append(index)
        row += 1
    for indices in by_tech.values():
        for a_pos, a in enumerate(indices):
            ja = options[a][0]
            sa, ea, ga = intervals[ja]
            for b in indices[a_pos + 1:]:
                jb = options[b][0]
                sb, eb, gb = intervals[jb]
                gap = max(ga, gb)
                if sa < eb + gap and sb < ea + gap:
                    rows += [row, row]
                    cols += [a, b]
                    row += 1
    matrix = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(row, len(options)))
    cost = np.array([c - unassigned[j] for j, _, c in options])
    started = time.perf_counter()
    result = milp(
        cost, constraints=LinearConstraint(matrix, -np.inf, 1), integrality=np.ones(len(options)),
        bounds=Bounds(0, 1), options={"time_limit": 600},
    )
    seconds = time.perf_counter() - started
    if result.x is None:
        raise SystemExit(f"no solution: {result.message}")
    optimum = float(result.fun) + sum(unassigned)
    return {
        "optimum": optimum, "heuristic": float(data["heuristic_cost"]), "exact_seconds": seconds,
        "proven_optimal": bool(result.status == 0), "options": len(options), "constraints": row,
    }


if __name__ == "__main__":
    figures = solve(sys.argv[1])
    gap = (figures["heuristic"] - figures["optimum"]) / abs(figures["optimum"]) * 100
    print(f"optimum {figures['optimum']:.3f} (proven: {figures['proven_optimal']}, "
          f"{figures['exact_seconds']:.1f} s, {figures['options']} options, {figures['constraints']} constraints)")
    print(f"heuristic {figures['heuristic']:.3f}  gap {gap:.2f} %")
