"""`eldercare jobs run` exits every time on a province-sized database (issue 13, point 6).

    .venv/bin/python -m bench.counties --template /tmp/bench-template --build-only     # 100 counties, once
    .venv/bin/python -m bench.jobs_exit --database /tmp/bench-template/province-100/eldercare.sqlite3
    .venv/bin/python -m bench.jobs_exit --quick        # a 3-county demo, 10 runs (proves it works)

Each run is a fresh `eldercare jobs run monthly-payments` process for every county of the database (100
counties ≈ 155,000 supported persons, each county in its own store: a connection opened per store, the case
where a connection left open would hold the process at exit), alternately for two months the demo has paid
(each county answers from its ledger), with a 120 s timeout: a process that has not exited by then counts as
a hang and is killed. The database is copied first and left untouched. Prints one JSON object: runs, hangs,
exit codes counted, seconds per run (p50 / max); exits 1 on any hang or failed run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXE = Path(sys.executable).parent / "eldercare"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database", type=Path, help="a SQLite main file of a demo province (copied with its stores)")
    p.add_argument("--runs", type=int, default=200)
    p.add_argument("--periods", default="2026-10,2026-11", help="two months the demo has paid")
    p.add_argument("--quick", action="store_true")
    args = p.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="eldercare-jobs-exit-"))
    path = workdir / "eldercare.sqlite3"
    env = {**os.environ, "ELDERCARE_DATABASE_URL": f"sqlite:///{path}"}
    env.pop("ELDERCARE_TEST_ENGINE", None)
    try:
        if args.quick or not args.database:
            args.runs = min(args.runs, 10)
            for step in (["migrate"], ["demo", "--counties", "3"]):
                subprocess.run([str(EXE), *step], env=env, cwd=ROOT, check=True, capture_output=True)
        else:
            shutil.copytree(args.database.parent, workdir, dirs_exist_ok=True)
            if args.database.name != path.name:
                (workdir / args.database.name).rename(path)
        periods = args.periods.split(",")
        hangs = failures = 0
        codes: dict[str, int] = {}
        seconds: list[float] = []
        for i in range(args.runs):
            start = time.perf_counter()
            try:
                done = subprocess.run([str(EXE), "jobs", "run", "monthly-payments", "--period", periods[i % 2]],
                                      env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)  # fmt: skip
                codes[str(done.returncode)] = codes.get(str(done.returncode), 0) + 1
                failures += done.returncode != 0
            except subprocess.TimeoutExpired:
                hangs += 1
            seconds.append(time.perf_counter() - start)
            if (i + 1) % 10 == 0:
                print(f"{i + 1} runs, {hangs} hangs, {failures} failed, last {seconds[-1]:.1f} s", file=sys.stderr,
                      flush=True)  # fmt: skip
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps({"database": str(args.database or "3-county demo"), "runs": args.runs, "hangs": hangs,
                      "exit_codes": codes, "failed": failures, "p50_s": round(statistics.median(seconds), 2),
                      "max_s": round(max(seconds), 2)}))  # fmt: skip
    return 1 if hangs or failures else 0


if __name__ == "__main__":
    sys.exit(main())
