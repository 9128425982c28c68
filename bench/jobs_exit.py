"""`eldercare jobs run` exits every time on a province-sized database (issue 13, point 6).

    .venv/bin/python -m bench.jobs_exit                       # build 150,000 persons in one store, 200 runs
    .venv/bin/python -m bench.jobs_exit --database /tmp/prov/province.sqlite3 --runs 200
    .venv/bin/python -m bench.jobs_exit --quick               # 2,000 persons, 10 runs (proves it works)

Each run is a fresh `eldercare jobs run` process (alternately the daily checks for a new day, and the monthly
batch, which the built store refuses (no standard is set: the refusal path must exit as cleanly), with a 120 s
timeout: a process that has not exited by then counts as a hang and is killed. Prints one JSON object: runs,
hangs, exit codes counted, seconds per run (p50 / max). Exits 1 on any hang or on a daily check that failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _build(path: Path, persons: int) -> None:
    from bench.province import build_store

    env = {**os.environ, "ELDERCARE_DATABASE_URL": f"sqlite:///{path}"}
    env.pop("ELDERCARE_TEST_ENGINE", None)
    subprocess.run([sys.executable, "-m", "eldercare.cli", "migrate"], env=env, cwd=ROOT, check=True,
                   capture_output=True)  # fmt: skip
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        build_store(conn, persons=persons, homes=max(6, persons // 75), staff=max(40, persons // 8),
                    lines=persons * 2)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database", help="an existing SQLite file (default: build one)")
    p.add_argument("--persons", type=int, default=150_000)
    p.add_argument("--runs", type=int, default=200)
    p.add_argument("--quick", action="store_true")
    args = p.parse_args(argv)
    if args.quick:
        args.persons, args.runs = 2_000, 10
    workdir = Path(tempfile.mkdtemp(prefix="eldercare-jobs-exit-"))
    path = Path(args.database) if args.database else workdir / "province.sqlite3"
    if not args.database:
        _build(path, args.persons)
    env = {**os.environ, "ELDERCARE_DATABASE_URL": f"sqlite:///{path}"}
    env.pop("ELDERCARE_TEST_ENGINE", None)
    first_day = dt.date(2026, 1, 1)
    hangs = failures = 0
    codes: dict[str, int] = {}
    seconds: list[float] = []
    for i in range(args.runs):
        if i % 2 == 0:
            job = ["daily-checks", "--period", (first_day + dt.timedelta(days=i // 2)).isoformat()]
        else:
            job = ["monthly-payments", "--period", "2026-01"]
        start = time.perf_counter()
        try:
            done = subprocess.run([sys.executable, "-m", "eldercare.cli", "jobs", "run", *job], env=env, cwd=ROOT,
                                  capture_output=True, text=True, timeout=120)  # fmt: skip
            codes[str(done.returncode)] = codes.get(str(done.returncode), 0) + 1
            failures += i % 2 == 0 and done.returncode != 0
        except subprocess.TimeoutExpired:
            hangs += 1
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"database": str(path), "runs": args.runs, "hangs": hangs, "exit_codes": codes, "failed_daily_checks": failures,
                      "p50_s": round(statistics.median(seconds), 2), "max_s": round(max(seconds), 2)}))  # fmt: skip
    return 1 if hangs or failures else 0


if __name__ == "__main__":
    sys.exit(main())
