"""The SQLite hazards measured with piccolo 1.38, each pinned (see docs/architecture.md, pitfalls 1-5)."""

import asyncio
import sqlite3

import pytest

from eldercare import db
from eldercare.county.tables import Township
from eldercare.db import GuardedSQLiteTransaction

pytestmark = pytest.mark.skipif(not db.is_sqlite(), reason="SQLite only")


async def test_the_file_is_in_wal_mode_with_foreign_keys_and_a_busy_timeout(database):
    conn = await database.acquire()
    try:
        async with conn.execute("PRAGMA journal_mode") as c:
            assert (await c.fetchone())["journal_mode"] == "wal"
        async with conn.execute("PRAGMA foreign_keys") as c:
            assert (await c.fetchone())["foreign_keys"] == 1
        async with conn.execute("PRAGMA busy_timeout") as c:
            assert (await c.fetchone())["timeout"] >= 5000
    finally:
        await database.release(conn)


async def test_a_foreign_key_to_nowhere_is_refused(database):
    from eldercare.county.tables import Home

    with pytest.raises(sqlite3.IntegrityError):
        await Home.insert(Home(code="X", name="无乡镇", township=999, beds=1)).run()


async def test_write_transactions_begin_immediate_and_refuse_nesting(database):
    async with db.write(None) as w:
        assert w.transaction.transaction_type.value == "IMMEDIATE"
        with pytest.raises(Exception, match="nested"):
            async with db.write(None):
                pass


async def test_thirty_two_concurrent_read_then_write_transactions_all_land(database):
    """Each reads the count then inserts: DEFERRED failed 94% here; IMMEDIATE + busy timeout loses none."""
    await Township.insert(Township(code="360827900", name="计数")).run()

    async def bump(i: int) -> None:
        for j in range(5):
            async with db.write(None) as w:
                await Township.count()
                await w.insert(Township, code=f"9{i:03d}{j:05d}", name="并发")

    await asyncio.gather(*(bump(i) for i in range(32)))
    assert await Township.count() == 1 + 32 * 5


class FailingCommitTransaction(GuardedSQLiteTransaction):
    async def commit(self):
        raise sqlite3.OperationalError("disk I/O error (injected)")


async def test_a_failed_commit_does_not_swallow_the_next_write_in_the_task(database, monkeypatch):
    original = database.transaction
    monkeypatch.setattr(
        database,
        "transaction",
        lambda **kw: FailingCommitTransaction(engine=database, **kw),
    )
    with pytest.raises(sqlite3.OperationalError):
        async with db.write(None) as w:
            await w.insert(Township, code="360827801", name="丢失")
    monkeypatch.setattr(database, "transaction", original)
    assert database.current_transaction.get() is None
    async with db.write(None) as w:
        await w.insert(Township, code="360827802", name="保存")
    codes = [r["code"] for r in await Township.select(Township.code)]
    assert codes == ["360827802"]
    # and it is really on disk, seen by a separate connection
    with sqlite3.connect(database.path) as conn:
        assert conn.execute("select count(*) from township").fetchone()[0] == 1


async def test_reads_share_one_open_connection_per_file_while_it_keeps_moving(database):
    await Township.count()
    first = list(database._readers[database.path])
    for _ in range(20):
        await Township.count()
    await asyncio.gather(*[Township.count() for _ in range(20)])  # queued in that connection's thread
    assert database._readers[database.path] == first and len(first) == 1


SLOW = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) "
        "SELECT COUNT(*) AS n FROM c")  # fmt: skip


async def test_a_slow_read_does_not_hold_up_the_reads_queued_behind_it(database):
    await Township.count()
    slow = asyncio.create_task(db.fetch(SLOW))
    await asyncio.sleep(database.SLOW_QUERY_S * 3)  # it has held its connection's line for a while
    assert not slow.done()
    assert await Township.count() == 0  # answered on a second connection, not after the slow one
    assert not slow.done() and len(database._readers[database.path]) == 2
    assert (await slow)[0]["n"] == 3_000_000


async def test_read_connections_across_many_county_files_stay_under_the_ceiling(database, tmp_path, monkeypatch):
    from eldercare import stores

    monkeypatch.setattr(database, "MAX_READERS_PER_LOOP", 3)
    monkeypatch.setattr(stores, "sqlite_path", lambda main, store: str(tmp_path / f"{store}.sqlite3"))
    for i in range(8):
        with stores.use(f"c{i}"):
            assert (await db.fetch("SELECT 1 AS one"))[0]["one"] == 1
    readers = database._readers
    assert sum(len(v) for v in readers.values()) == 3
    assert list(readers)[-1] == str(tmp_path / "c7.sqlite3")


async def test_idle_connections_across_many_county_files_stay_under_the_ceiling(database, tmp_path, monkeypatch):
    """A province's node touches many county stores: the least recently used store's idle connection is closed
    past the ceiling, the store just used keeps its own, and every connection has the small page cache."""
    monkeypatch.setattr(database, "MAX_IDLE_PER_LOOP", 4)
    paths = [str(tmp_path / f"c{i}.sqlite3") for i in range(10)]
    for path in paths:
        conn = await database.acquire(path)
        await database.release(conn)
    idle = database._idle
    assert sum(len(v) for v in idle.values()) == 4
    assert [p for p, v in idle.items() if v] == paths[-4:]
    conn = await database.acquire(paths[-1])
    assert (await (await conn.execute("PRAGMA cache_size")).fetchone())["cache_size"] == -database.CACHE_KIB
    await database.release(conn)
    await database.close_pool()
