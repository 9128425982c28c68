"""Time the roster import and export at province size in a fresh SQLite file, and how the event loop and a
read answer meanwhile; print the process's RSS (this process is the server: the same services the pages call).

    .venv/bin/python -m bench.import_export [--rows 150000] [--path /tmp/eldercare-import-bench.sqlite3]
    .venv/bin/python -m bench.import_export --postgres postgresql://postgres@127.0.0.1:5432

Steps: migrate; one township and 100 homes (set-up); write a roster workbook of N rows with the export's writer
(timed: the writer alone); read it with openpyxl's read-only mode and with python-calamine (timed);
import it through `excel_io.import_roster` (timed; a probe meanwhile sleeps 50 ms
in a loop and runs `SELECT COUNT(*) FROM township` through `db.fetch`, and the worst lateness of each is
reported); export the N residents through `excel_io.export_roster` (timed). RSS: VmRSS now and VmHWM (peak).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import time


def rss_mb() -> tuple[float, float]:
    """(VmRSS, VmHWM) of this process in MB."""
    values = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


async def setup() -> None:
    """One township and 100 homes with room for everyone, on either engine."""
    from eldercare import db

    async with db.write(None) as w:  # the one write path (db.fetch is for reads)
        await w.fetch("INSERT INTO township (code, name) VALUES ('360827100', '泉江镇')")
        await w.execute_many("INSERT INTO home (code, name, kind, township, beds) VALUES (?, ?, 'nursing_home', "
                             "(SELECT id FROM township WHERE code = '360827100'), 1000000)",
                             [(f"B{i:03d}", f"第{i}敬老院") for i in range(100)])  # fmt: skip


def roster_rows(n: int):
    from eldercare import idnumber

    for i in range(n):
        number = idnumber.make("360827", dt.date(1930, 1, 1) + dt.timedelta(days=i // 999), i % 999 + 1)
        centralized = i % 100 < 86
        yield {"n": i + 1, "township_name": "泉江镇", "village": "东村", "name": f"对象{i}", "id_number": number,
               "mode": "集中供养" if centralized else "分散供养",
               "home_name": f"第{i % 100}敬老院" if centralized else "", "care_level": "全自理", "status": "在册",
               "admitted_on": dt.date(2024, 1, 1)}  # fmt: skip


def compare_readers(data: bytes) -> tuple[float, float]:
    """Reading every row of the file: openpyxl read-only (values only) against python-calamine."""
    import io

    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    for _ in book.worksheets[0].iter_rows(values_only=True):
        pass
    book.close()
    middle = time.perf_counter()
    for _ in CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).iter_rows():
        pass
    return middle - started, time.perf_counter() - middle


async def probe(stop: asyncio.Event, lateness: list[float], reads: list[float]) -> None:
    from eldercare import db

    while not stop.is_set():
        started = time.perf_counter()
        await asyncio.sleep(0.05)
        lateness.append(time.perf_counter() - started - 0.05)
        started = time.perf_counter()
        await db.fetch("SELECT COUNT(*) AS n FROM township")
        reads.append(time.perf_counter() - started)


async def run(n: int) -> dict[str, float]:
    from eldercare import db
    from eldercare.auth.actor import SYSTEM
    from eldercare.reports.excel import Report, write_workbook
    from eldercare.residents import excel_io
    from eldercare.schema import migrate

    await migrate()
    await db.start()
    await setup()
    figures: dict[str, float] = {"rows": n}
    try:
        started = time.perf_counter()
        data = write_workbook(Report(key="roster", title="花名册", unit="遂川县民政局", period="2026年12月1日",
                                     columns=excel_io.COLUMNS, total={}, rows=roster_rows(n)))  # fmt: skip
        figures["write_s"] = time.perf_counter() - started
        figures["file_mb"] = len(data) / 1e6
        figures["read_openpyxl_s"], figures["read_calamine_s"] = compare_readers(data)
        figures["rss_before_mb"] = rss_mb()[0]
        stop, lateness, reads = asyncio.Event(), [], []
        prober = asyncio.create_task(probe(stop, lateness, reads))
        started = time.perf_counter()
        result = await excel_io.import_roster(actor=SYSTEM, data=data, filename="bench.xlsx")
        figures["import_s"] = time.perf_counter() - started
        stop.set()
        await prober
        figures["loop_late_max_ms"] = max(lateness) * 1000
        figures["read_max_ms"] = max(reads) * 1000
        figures["read_p50_ms"] = sorted(reads)[len(reads) // 2] * 1000
        figures["rss_after_import_mb"], _ = rss_mb()
        del data
        started = time.perf_counter()
        exported = await excel_io.export_roster(actor=SYSTEM, on=dt.date(2026, 12, 1))
        figures["export_s"] = time.perf_counter() - started
        figures["rss_after_export_mb"], figures["rss_peak_mb"] = rss_mb()
        assert result.imported == n, result
        assert len(exported) > 0
    finally:
        await db.stop()
    for key, value in figures.items():
        print(f"{key:>22}: {value:,.1f}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=150_000)
    parser.add_argument("--path", default="/tmp/eldercare-import-bench.sqlite3")
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server (e.g. postgresql://postgres@127.0.0.1:5432): "
                        "the bench makes its own database there instead of the SQLite file")  # fmt: skip
    args = parser.parse_args()
    if args.postgres:
        import subprocess

        name = "eldercare_bench_import"
        for sql in (f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'):
            subprocess.run(["psql", f"{args.postgres}/postgres", "-qc", sql], check=True, capture_output=True)
        os.environ["ELDERCARE_DATABASE_URL"] = f"{args.postgres}/{name}"
    else:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(args.path + suffix):
                os.remove(args.path + suffix)
        os.environ["ELDERCARE_DATABASE_URL"] = f"sqlite:///{args.path}"
    asyncio.run(run(args.rows))


if __name__ == "__main__":
    main()
