"""A hot page, three ways, on the same SQLite file (the demo county, WAL):

  piccolo-stock   Piccolo's SQLiteEngine as shipped: a new aiosqlite connection (and thread) per query
  pooled          our PooledSQLiteEngine (eldercare/db.py): idle open connections reused
  pooled-thin     the same pool through db.fetch(sql, *args): the SQL built once, no ORM per request
  raw-floor       one persistent aiosqlite connection, the same SQL, no ORM: the floor to compare with

The page: 50 active residents with their township and home (two LEFT JOINs), ordered by id, paged with
OFFSET through the county. Both Piccolo ways run the same Piccolo query object (building the SQL and
turning rows into dicts each time, as a page handler does); the floor runs the SQL that query produces.
Each way runs serially (one query at a time) and with 8 pages in flight at once (asyncio.gather).

    .venv/bin/python -m bench.hot_page [--seconds 1] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections.abc import Awaitable, Callable

from bench.common import migrate_fresh, use_fresh_sqlite

PAGE = 50
CONCURRENCY = 8

PATH = use_fresh_sqlite("hot-page")

import aiosqlite  # noqa: E402
from piccolo.engine.sqlite import SQLiteEngine, dict_factory  # noqa: E402

from eldercare import db  # noqa: E402
from eldercare.db import BUSY_TIMEOUT_S, PooledSQLiteEngine  # noqa: E402
from eldercare.residents.tables import Resident  # noqa: E402


def page_query(offset: int):
    return (
        Resident.select(
            Resident.id,
            Resident.name,
            Resident.sex,
            Resident.care_level,
            Resident.township.name.as_alias("township_name"),
            Resident.home.name.as_alias("home_name"),
        )
        .where(Resident.status == "active")
        .order_by(Resident.id)
        .limit(PAGE)
        .offset(offset)
    )


async def measure(
    run_page: Callable[[int], Awaitable[list]], pages: int, seconds: float, concurrency: int
) -> float:
    """Queries per second over about `seconds`, `concurrency` pages in flight; every page must hold 50 rows."""
    done = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        batch = [run_page(((done + i) % pages) * PAGE) for i in range(concurrency)]
        for rows in await asyncio.gather(*batch):
            assert len(rows) == PAGE, len(rows)
        done += concurrency
    return done / (time.perf_counter() - start)


async def via_engine(engine, pages: int, seconds: float, concurrency: int) -> float:
    Resident._meta.db = engine
    try:
        await page_query(0).run()  # warm up (and open the pool's first connection)
        return await measure(lambda offset: page_query(offset).run(), pages, seconds, concurrency)
    finally:
        if hasattr(engine, "close_pool"):
            await engine.close_pool()


def page_sql() -> str:
    """The SQL Piccolo builds for the page, with the offset as a parameter."""
    sql = str(page_query(0))
    assert sql.endswith(" OFFSET 0"), sql
    return sql.removesuffix(" OFFSET 0") + " OFFSET ?"


async def via_thin_path(pages: int, seconds: float, concurrency: int) -> float:
    sql = page_sql()
    try:
        await db.fetch(sql, 0)
        return await measure(lambda offset: db.fetch(sql, offset), pages, seconds, concurrency)
    finally:
        await db.stop()


async def via_raw_connection(pages: int, seconds: float, concurrency: int) -> float:
    sql = page_sql()
    conn = await aiosqlite.connect(str(PATH))
    conn.row_factory = dict_factory  # type: ignore[assignment]
    await conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")

    async def run_page(offset: int) -> list:
        return list(await conn.execute_fetchall(sql, (offset,)))  # aiosqlite's fastest way: one thread hop

    try:
        await run_page(0)
        return await measure(run_page, pages, seconds, concurrency)
    finally:
        await conn.close()


async def main(seconds: float, rounds: int) -> dict:
    await migrate_fresh(demo=True)
    active = await Resident.count().where(Resident.status == "active").run()
    await db.stop()  # the app's engine keeps idle connections: close them, or their threads keep us alive
    pages = active // PAGE
    ways = {
        "piccolo-stock": lambda c: via_engine(
            SQLiteEngine(path=str(PATH), timeout=BUSY_TIMEOUT_S), pages, seconds, c
        ),
        "pooled": lambda c: via_engine(PooledSQLiteEngine(path=str(PATH)), pages, seconds, c),
        "pooled-thin": lambda c: via_thin_path(pages, seconds, c),
        "raw-floor": lambda c: via_raw_connection(pages, seconds, c),
    }
    best: dict[str, dict[int, float]] = {name: {} for name in ways}
    for concurrency in (1, CONCURRENCY):
        for _ in range(rounds):  # the ways take turns, the best round counts: a 2-core machine is noisy
            for name, way in ways.items():
                qps = await way(concurrency)
                best[name][concurrency] = max(best[name].get(concurrency, 0.0), qps)
    results = {
        name: {
            f"{key}_c{c}": round(value, 2 if key == "ratio" else 1)
            for c in (1, CONCURRENCY)
            for key, value in (("qps", by_c[c]), ("ratio", by_c[c] / best["raw-floor"][c]))
        }
        for name, by_c in best.items()
    }
    print(
        f"hot page: {PAGE} active residents joined to township and home, {active} active in the demo county"
    )
    print(f"best of {rounds} rounds of {seconds:g} s each; ×8 = {CONCURRENCY} pages in flight at once")
    print(f"{'way':<15}{'q/s serial':>12}{'× floor':>9}{'q/s ×8':>12}{'× floor':>9}")
    for name, r in results.items():
        print(f"{name:<15}{r['qps_c1']:>12.1f}{r['ratio_c1']:>9.2f}{r['qps_c8']:>12.1f}{r['ratio_c8']:>9.2f}")
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=1.0, help="time per round (default 1)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per way and concurrency (default 3)")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()
    figures = asyncio.run(main(args.seconds, args.rounds))
    if args.json:
        print(json.dumps(figures))
