"""The API smoke test's own live server (it writes: it must not share the browser tests' database). With
ELDERCARE_TEST_ENGINE=postgres it serves a PostgreSQL database of its own, made and dropped here."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator

import pytest

from tests.browser.conftest import Server, running_server
from tests.conftest import ENGINE, PG_URL

LIVE_DB = f"eldercare_live_{os.getpid()}"


async def _pg(statement: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_URL)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def api_server() -> Iterator[Server]:
    if ENGINE != "postgres":
        with running_server("api-smoke") as live:
            yield live
        return
    asyncio.run(_pg(f'DROP DATABASE IF EXISTS "{LIVE_DB}"'))
    asyncio.run(_pg(f'CREATE DATABASE "{LIVE_DB}"'))
    try:
        with running_server("api-smoke", database_url=PG_URL.rsplit("/", 1)[0] + "/" + LIVE_DB) as live:
            yield live
    finally:
        asyncio.run(_pg(f'DROP DATABASE IF EXISTS "{LIVE_DB}" WITH (FORCE)'))
