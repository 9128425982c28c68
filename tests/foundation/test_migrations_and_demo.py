"""Migrations on empty SQLite and PostgreSQL databases; the demo county loads, deterministic, like the seed."""

import asyncio
import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from eldercare.config import suite_environment
from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]


def _eldercare(args, url, **kw):
    env = {**os.environ, "ELDERCARE_DATABASE_URL": url}
    return subprocess.run([sys.executable, "-m", "eldercare.cli", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=300, **kw)  # fmt: skip


def test_migrations_apply_to_an_empty_sqlite_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    result = _eldercare(["migrate"], url)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "empty.sqlite3") as conn:
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
        assert {"resident", "payment_line", "audit_log", "job_run"} <= tables
        assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert _eldercare(["migrate"], url).returncode == 0  # safe to repeat


@pytest.mark.postgres
def test_migrations_apply_to_an_empty_postgresql_database():
    base = suite_environment()["postgres_url"]
    if not base:
        skip_or_fail("ELDERCARE_TEST_POSTGRES_URL is not set")
    import asyncpg

    name = f"eldercare_migrate_{os.getpid()}"

    async def admin(sql):
        conn = await asyncpg.connect(base)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}"'))
    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        url = base.rsplit("/", 1)[0] + "/" + name
        result = _eldercare(["migrate"], url)
        assert result.returncode == 0, result.stderr

        async def tables():
            conn = await asyncpg.connect(url)
            try:
                return {r["tablename"] for r in await conn.fetch("select tablename from pg_tables")}
            finally:
                await conn.close()

        assert {"resident", "payment_line", "audit_log", "job_run"} <= asyncio.run(tables())
        assert _eldercare(["migrate"], url).returncode == 0
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    with sqlite3.connect(path) as conn:
        for table in ("township", "home", "resident", "resident_event", "staff"):
            for row in conn.execute(f"select * from {table} order by id"):
                row = [v for v in row if not (isinstance(v, str) and v.startswith("20") and "T" in v)]
                digest.update(repr(row).encode())
        for row in conn.execute("select username, role, home, staff from app_user order by id"):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def test_the_demo_county_loads_deterministically_and_looks_like_the_seed(tmp_path):
    prints = []
    for name in ("one", "two"):
        url = f"sqlite:///{tmp_path / name}.sqlite3"
        assert _eldercare(["migrate"], url).returncode == 0
        result = _eldercare(["demo", "--if-empty"], url)
        assert result.returncode == 0, result.stderr
        prints.append(_fingerprint(tmp_path / f"{name}.sqlite3"))
    assert prints[0] == prints[1]
    with sqlite3.connect(tmp_path / "one.sqlite3") as conn:
        one = lambda sql: conn.execute(sql).fetchone()  # noqa: E731
        assert one("select code from township limit 1")[0].startswith("360827")
        assert one("select count(*) from township")[0] == 23
        assert one("select count(*), sum(beds) from home") == (26, 1600)
        central, total = one("select sum(mode='centralized'), count(*) from resident where status='active'")
        assert 0.85 <= central / total <= 0.88
        assert one("select count(*) from home h where (select count(*) from resident r where r.home=h.id "
                   "and r.status='active' and r.mode='centralized') > h.beds")[0] == 0  # fmt: skip
        assert one("select count(*) from app_user where role='director'")[0] == 26
        assert one("select min(dated_on) from resident_event")[0] <= "2024-12-31"
        assert one("select count(*) from staff s where not exists (select 1 from staff d where d.home=s.home "
                   "and d.is_director)")[0] == 0  # fmt: skip
    from eldercare import idnumber

    with sqlite3.connect(tmp_path / "one.sqlite3") as conn:
        for (number,) in conn.execute("select id_number from resident union all select id_number from staff"):
            assert idnumber.validate(number) == number
    again = _eldercare(["demo", "--if-empty"], f"sqlite:///{tmp_path / 'one'}.sqlite3")
    assert again.returncode == 0 and "未载入" in again.stderr  # a message: stderr (data goes to stdout)


def test_backup_makes_a_consistent_copy(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    assert _eldercare(["migrate"], url).returncode == 0
    result = _eldercare(["backup", str(tmp_path / "copy.sqlite3")], url)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "copy.sqlite3") as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
