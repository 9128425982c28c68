"""Test set-up: the environment is fixed before eldercare is imported; every test gets a fresh real database.

SQLite (default): a migrated template file is copied (online backup) into a new file per test, WAL mode.
PostgreSQL (ELDERCARE_TEST_ENGINE=postgres): one database per run on the server, migrated once, emptied
(TRUNCATE … RESTART IDENTITY) before each test.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import tempfile
import uuid
from pathlib import Path

import pytest

ENGINE = os.environ.get("ELDERCARE_TEST_ENGINE", "sqlite")
PG_URL = os.environ.get("ELDERCARE_TEST_POSTGRES_URL")
IN_CI = os.environ.get("CI") == "true"
WORKDIR = Path(tempfile.mkdtemp(prefix="eldercare-tests-"))
PG_DB = f"eldercare_test_{os.getpid()}"

if ENGINE == "postgres":
    if not PG_URL:
        raise RuntimeError("ELDERCARE_TEST_ENGINE=postgres needs ELDERCARE_TEST_POSTGRES_URL")
    os.environ["ELDERCARE_DATABASE_URL"] = PG_URL.rsplit("/", 1)[0] + "/" + PG_DB
else:
    os.environ["ELDERCARE_DATABASE_URL"] = f"sqlite:///{WORKDIR / 'template.sqlite3'}"
os.environ["ELDERCARE_SECRET_KEY"] = "test-secret"
os.environ["ELDERCARE_LOGIN_MAX_FAILURES"] = "5"

from eldercare import db as eldercare_db  # noqa: E402
from eldercare.piccolo_app import TABLES  # noqa: E402
from eldercare.schema import migrate  # noqa: E402
from tests.factories import County, make_county  # noqa: E402
from tests.personas import Persona, asgi_client, persona_client  # noqa: E402


def skip_or_fail(reason: str) -> None:
    """Outside CI a missing browser or database skips with a reason; in CI it fails."""
    if IN_CI:
        pytest.fail(f"CI must run this test: {reason}")
    pytest.skip(reason)


async def _create_pg_database() -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_URL)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}"')
        await conn.execute(f'CREATE DATABASE "{PG_DB}"')
    finally:
        await conn.close()


async def _drop_pg_database() -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_URL)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def migrated_template() -> Path | None:
    if ENGINE == "postgres":
        asyncio.run(_create_pg_database())
        asyncio.run(migrate())
        yield None
        asyncio.run(_drop_pg_database())
        return
    asyncio.run(migrate())
    template = WORKDIR / "template.sqlite3"
    with sqlite3.connect(template) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    yield template


@pytest.fixture
async def database(migrated_template: Path | None):
    """A fresh, migrated, empty database for this test (the engine points at it)."""
    from eldercare.county.directory import forget_cached_stores

    forget_cached_stores()
    engine = eldercare_db.get_engine()
    if ENGINE == "postgres":
        names = ", ".join(f'"{t._meta.tablename}"' for t in TABLES)
        await engine._run_in_new_connection(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        for row in await eldercare_db.fetch("SELECT nspname FROM pg_namespace WHERE nspname ~ '^c[0-9]{6}$'"):
            await eldercare_db.fetch(f'DROP SCHEMA "{row["nspname"]}" CASCADE')
    else:
        await engine.close_pool()
        path = WORKDIR / f"test-{uuid.uuid4().hex}.sqlite3"
        with sqlite3.connect(migrated_template) as src, sqlite3.connect(path) as dst:
            src.backup(dst)
        engine.path = str(path)
        engine.ensure_wal()
    yield engine
    await eldercare_db.stop()


@pytest.fixture
async def county(database) -> County:
    """Two townships and two homes (A and B), staff in each, a user for every persona."""
    return await make_county()


@pytest.fixture
async def app(database):
    from eldercare.app import create_app

    return create_app()


@pytest.fixture
async def client_for(app, county):
    """client_for("director_a") → an httpx client signed in as that persona (cookie session + CSRF)."""
    opened = []

    async def make(name: str, *, via: str = "session"):
        persona: Persona = county.personas[name]
        client = await persona_client(app, persona, via=via)
        opened.append(client)
        return client

    yield make
    for client in opened:
        await client.__aexit__(None, None, None)


@pytest.fixture
async def anonymous(app):
    async with asgi_client(app) as client:
        yield client
