"""Time one monthly batch (create_batch) over N residents in a fresh SQLite file.

    .venv/bin/python -m bench.batch_bench [--residents 150000] [--path /tmp/batch-bench.sqlite3]

Residents and their admit events are written with sqlite3.executemany (set-up, not measured); the figure is
the wall time of create_batch: the INSERT … SELECT over resident_event, the fund check and the ledger line.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sqlite3
import time


def build(path: str, residents: int) -> None:
    """Townships, homes, residents (86% centralized) and one admit event each, straight into the file."""
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO township (code, name) VALUES ('360827100', '泉江镇')")
        conn.executemany(
            "INSERT INTO home (code, name, kind, township, beds) VALUES (?, ?, 'nursing_home', 1, 1000000)",
            [(f"B{i:03d}", f"第{i}敬老院") for i in range(100)],
        )
        levels = ("self_care", "partial", "full")
        rows = [
            (f"3608271950{i:08d}"[:18], f"对象{i}", "", "M", "1950-01-01", 1, "东村",
             "centralized" if i % 100 < 86 else "dispersed", (i % 100) + 1 if i % 100 < 86 else None,
             levels[i % 3], "active", "2024-01-01", "2024-01-01", "2026-01-01T00:00:00+00:00")
            for i in range(residents)
        ]  # fmt: skip
        conn.executemany(
            "INSERT INTO resident (id_number, name, name_initials, sex, birth_date, township, village, mode, home,"
            " care_level, status, admitted_on, status_on, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        conn.execute(
            "INSERT INTO resident_event (resident, seq, kind, dated_on, reason, status_after, mode_after, home_after,"
            " care_level_after, created_at) SELECT id, 1, 'admit', admitted_on, '', status, mode, home, care_level,"
            " created_at FROM resident"
        )


async def run(path: str, residents: int) -> float:
    from eldercare import db
    from eldercare.auth.actor import SYSTEM
    from eldercare.payments import services
    from eldercare.schema import migrate

    await migrate()
    build(path, residents)
    await db.start()
    try:
        await services.put_standard(actor=SYSTEM, year=2025, values={"centralized_fen": 192_000,
                                    "dispersed_fen": 132_000, "supplement_full_fen": 36_000})  # fmt: skip
        await services.add_inflow(actor=SYSTEM, dated_on=dt.date(2025, 1, 1), amount_fen=10**12, source="县财政",
                                  document_no="bench-1")  # fmt: skip
        started = time.perf_counter()
        batch = await services.create_batch(actor=SYSTEM, period="2025-01")
        elapsed = time.perf_counter() - started
        again = time.perf_counter()
        await services.create_batch(actor=SYSTEM, period="2025-01")
        print(f"{residents} residents: batch of {batch['count']} lines, {batch['total_fen'] / 100:,.2f} 元 "
              f"in {elapsed:.2f} s; the same period again in {time.perf_counter() - again:.3f} s")  # fmt: skip
        return elapsed
    finally:
        await db.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--residents", type=int, default=150_000)
    parser.add_argument("--path", default="/tmp/eldercare-batch-bench.sqlite3")
    args = parser.parse_args()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(args.path + suffix):
            os.remove(args.path + suffix)
    os.environ["ELDERCARE_DATABASE_URL"] = f"sqlite:///{args.path}"
    asyncio.run(run(args.path, args.residents))


if __name__ == "__main__":
    main()
