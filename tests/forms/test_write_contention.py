"""SQLite contention is waited out inside db.write(): 32 concurrent writers get 0 errors; a lock held longer
than a writer waits is a 503 with Retry-After in the error shape, with nothing written."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from eldercare import db
from eldercare.auth.actor import SYSTEM
from eldercare.county.tables import Home
from eldercare.staff.tables import Staff
from tests.conftest import ENGINE
from tests.factories import id_number

sqlite_only = pytest.mark.skipif(ENGINE != "sqlite", reason="SQLITE_BUSY is SQLite's")


async def _short_busy_timeout(monkeypatch, database, seconds: float = 0.05) -> None:
    """Connections that give up on the lock at once, so the retry in db.write() is what waits."""
    monkeypatch.setattr(db, "BUSY_TIMEOUT_S", seconds)
    await database.close_pool()


def _hold_write_lock(path: str) -> sqlite3.Connection:
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    return holder


@sqlite_only
async def test_writers_wait_out_a_lock_held_longer_than_sqlites_own_busy_timeout(database, county, monkeypatch):
    await _short_busy_timeout(monkeypatch, database)
    holder = _hold_write_lock(database.path)

    async def release_later() -> None:
        await asyncio.sleep(0.6)
        holder.execute("COMMIT")

    async def bump() -> None:
        async with db.write(SYSTEM) as w:
            row = await Home.select(Home.beds).where(Home.id == county.home_a).first()
            await w.update(Home, county.home_a, beds=row["beds"] + 1)

    before = (await Home.select(Home.beds).where(Home.id == county.home_a).first())["beds"]
    results = await asyncio.gather(release_later(), *[bump() for _ in range(32)], return_exceptions=True)
    holder.close()
    assert [r for r in results if isinstance(r, BaseException)] == []
    assert (await Home.select(Home.beds).where(Home.id == county.home_a).first())["beds"] == before + 32


@sqlite_only
async def test_a_lock_that_outlasts_the_wait_is_a_503_with_retry_after_and_nothing_written(
    database, client_for, county, monkeypatch
):
    client = await client_for("bureau", via="token")
    await _short_busy_timeout(monkeypatch, database)
    monkeypatch.setattr(db, "WRITE_WAIT_S", 0.3)
    holder = _hold_write_lock(database.path)
    try:
        answer = await client.post("/api/v1/staff", json={
            "home_id": county.home_a, "name": "李护理", "id_number": id_number(), "position": "护理员",
            "is_director": False, "hired_on": "2025-01-01"})  # fmt: skip
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert answer.status_code == 503
    assert answer.headers["retry-after"].isdigit()
    assert answer.json() == {"error": "busy", "detail": "系统繁忙，请稍后重试。", "fields": {}}
    assert not await Staff.exists().where(Staff.name == "李护理")


async def test_32_concurrent_api_writers_get_no_errors(client_for, county):
    clients = [await client_for("bureau", via="token") for _ in range(4)]

    async def writer(n: int) -> list[int]:
        statuses = []
        for k in range(4):
            answer = await clients[n % 4].post("/api/v1/staff", json={
                "home_id": county.home_a, "name": f"并发{n}-{k}", "id_number": id_number(), "position": "护理员",
                "is_director": False, "hired_on": "2025-01-01"})  # fmt: skip
            statuses.append(answer.status_code)
        return statuses

    statuses = [s for batch in await asyncio.gather(*[writer(n) for n in range(32)]) for s in batch]
    assert statuses.count(201) + statuses.count(200) == 128, sorted(set(statuses))
    assert await Staff.count().where(Staff.name.like("并发%")) == 128
