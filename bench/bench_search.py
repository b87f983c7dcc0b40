"""Clause search latency: the shipped corpus, and the corpus repeated to about 10k clauses.

Prints median and 95th-percentile latency per query set. Run: .venv/bin/python bench/bench_search.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlite_utils import Database

from gisplanner.store import Project, build_project
from gisplanner.store.search import search_clauses

QUERIES = ["高铁", "疫苗", "渝万高铁", "珠海国际健康港", "生物城 平台", "醫療器械", "中药材种植", "110kV", "人才公寓", "秦巴"]


def timings(db: Database, rounds: int = 20) -> list[float]:
    out = []
    for _ in range(rounds):
        for q in QUERIES:
            t0 = time.perf_counter()
            search_clauses(db, q, limit=20)
            out.append((time.perf_counter() - t0) * 1000)
    return out


def report(label: str, ms: list[float], clauses: int) -> None:
    ms = sorted(ms)
    p95 = ms[int(len(ms) * 0.95)]
    print(f"{label:<28} clauses {clauses:>6}  median {statistics.median(ms):6.2f} ms  p95 {p95:6.2f} ms")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.gpkg"
        build_project(path)
        with Project.open(path) as project:
            n = project.db.execute("SELECT count(*) FROM clauses").fetchone()[0]
            report("shipped corpus", timings(project.db), n)
        big = Database(path)
        copies = max(1, 10_000 // n)
        with big.conn:
            for i in range(1, copies):
                big.execute(
                    "INSERT INTO clauses (id, plan_id, path, number, level, heading, text, start, end, seq,"
                    " parent_id, departments, inferred_number, search_text)"
                    " SELECT id || '#' || ?, plan_id, path, number, level, heading, text, start, end, seq,"
                    " parent_id, departments, inferred_number, search_text FROM clauses WHERE id NOT LIKE '%#%'",
                    [i],
                )
        n = big.execute("SELECT count(*) FROM clauses").fetchone()[0]
        report("corpus repeated", timings(big, rounds=5), n)
        big.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
