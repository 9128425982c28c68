"""PostgreSQL: a pooled connection keeps the search_path of the store it last served, and is set again only
when it serves another store (the main store included)."""

from __future__ import annotations

import asyncio

import pytest

from eldercare import db, stores

pytestmark = pytest.mark.skipif(db.is_sqlite(), reason="PostgreSQL only: SQLite has a file per county")


async def _schema() -> str:
    return (await db.fetch("SELECT current_schema() AS s"))[0]["s"]


async def test_each_query_sees_its_own_store_however_the_connections_were_used_before(two_counties):
    b = two_counties.b_store
    for store in [b, b, stores.MAIN, b, stores.MAIN, stores.MAIN, b]:
        with stores.use(store):
            assert await _schema() == (b if store else "public")


async def test_stores_queried_at_once_each_see_their_own(two_counties):
    b = two_counties.b_store

    async def one(store: str) -> str:
        with stores.use(store):
            await asyncio.sleep(0)
            return await _schema()

    order = [b, stores.MAIN] * 15
    assert await asyncio.gather(*[one(s) for s in order]) == [b if s else "public" for s in order]


async def test_a_connection_back_in_the_pool_keeps_its_search_path_and_is_not_set_again(two_counties):
    b = two_counties.b_store
    sent: list[str] = []

    def log(record) -> None:
        sent.append(record.query)

    with stores.use(b):
        async with db.get_engine().pool.acquire() as conn:
            raw = conn._con
            assert raw.search_path == b
            raw.add_query_logger(log)
        for _ in range(3):
            async with db.get_engine().pool.acquire() as again:
                if again._con is raw:
                    assert await again.fetchval("SHOW search_path") == b
    raw.remove_query_logger(log)
    assert sent and not [q for q in sent if q.upper().startswith("SET")]
