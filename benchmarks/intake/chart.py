#!/usr/bin/env python3
"""Draws the intake benchmark's table as a chart: creations/s per concurrency
level for each database, with the raw ceiling beside it.

    python3 benchmarks/intake/chart.py results/latest.md results/latest.png

Reads the markdown table that run.sh prints (save its stdout to a file).
Needs matplotlib (pip install matplotlib); the benchmark itself does not.
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def read_table(path: Path) -> list[dict[str, str]]:
    rows, header = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if header is None:
            header = cells
        elif not set(cells[0]) <= set("-: "):
            rows.append(dict(zip(header, cells)))
    return rows


def main() -> None:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/intake/results/latest.md")
    target = Path(sys.argv[2] if len(sys.argv) > 2 else source.with_suffix(".png"))
    rows = read_table(source)
    databases = sorted({r["database"] for r in rows}, key=lambda d: d != "SQLite")
    fig, axes = plt.subplots(1, len(databases), figsize=(5.2 * len(databases), 3.6), squeeze=False)
    for axis, database in zip(axes[0], databases):
        mine = [r for r in rows if r["database"] == database]
        levels = [r["concurrency"] for r in mine]
        created = [float(r["creations/s"]) for r in mine]
        ceiling = [float(r["raw ceiling/s"]) for r in mine]
        p99 = [float(r["p99 ms"]) for r in mine]
        positions = range(len(levels))
        axis.bar([p - 0.2 for p in positions], created, width=0.4, label="orders created/s (HTTP)", color="#2b6cb0")
        axis.bar([p + 0.2 for p in positions], ceiling, width=0.4, label="raw one-row commits/s", color="#cbd5e0")
        for p, value, latency in zip(positions, created, p99):
            axis.annotate(f"{value:,.0f}/s\np99 {latency:.0f} ms", (p - 0.2, value), ha="center", va="bottom", fontsize=8)
        axis.set_xticks(list(positions), [f"{level} client{'' if level == '1' else 's'}" for level in levels])
        axis.set_title(f"{database}: order creation vs. raw ceiling")
        axis.set_ylabel("per second")
        axis.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    fig.savefig(target, dpi=110)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
