"""The county directory (main store): which counties exist, who may look at which, and each one's store.

Adding a county creates its store (a SQLite file or a PostgreSQL schema, eldercare.stores) with the whole
schema migrated and its id sequences started at its block, so that ids never repeat across counties.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
from typing import Any

from eldercare import db, stores
from eldercare.auth.actor import Actor
from eldercare.county.divisions import county_code_problem, default_county_name
from eldercare.county.tables import County
from eldercare.errors import Conflict, DomainError, Forbidden, Invalid, NotFound

_stores: dict[str, str] = {}
_names: dict[str, str] = {}


async def list_counties() -> list[dict[str, Any]]:
    with stores.main():
        rows = await db.fetch("SELECT code, name, store_no FROM county ORDER BY code")
    _names.update({r["code"]: r["name"] for r in rows})
    return rows


def cached_name(code: str) -> str:
    return _names.get(code) or default_county_name(code)


async def store_of(code: str) -> str:
    """The store of a county (cached: a county's store never changes once made)."""
    store = _stores.get(code)
    if store is None:
        with stores.main():
            rows = await db.fetch("SELECT store_no FROM county WHERE code = ?", code)
        if not rows:
            raise NotFound(f"没有代码为 {code} 的县。")
        store = _stores[code] = stores.store_name(rows[0]["store_no"], code)
    return store


def forget_cached_stores() -> None:
    _stores.clear()


def visible_to(actor: Actor, codes: list[str]) -> list[str]:
    """The counties a user may look at, of those that exist."""
    if actor.role == "province":
        return [c for c in codes if c[:2] == (actor.region_code or "")[:2]]
    if actor.role == "city":
        return [c for c in codes if c in actor.counties]
    return [c for c in codes if c == actor.county_code]


async def visible_counties(actor: Actor) -> list[dict[str, Any]]:
    rows = await list_counties()
    allowed = set(visible_to(actor, [r["code"] for r in rows]))
    return [r for r in rows if r["code"] in allowed]


async def counties_of(actor: Actor) -> list[dict[str, Any]]:
    """What GET /api/v1/counties lists: a reader's counties (narrowed by ?county=), or one's own county."""
    if actor.is_reader:
        rows = await visible_counties(actor)
        return [r for r in rows if actor.county_code in (None, r["code"])]
    rows = await list_counties()
    return [r for r in rows if r["code"] == actor.county_code]


async def get_county(code: str) -> dict[str, Any] | None:
    for row in await list_counties():
        if row["code"] == code:
            return row
    return None


def _check(code: str, name: str) -> None:
    fields = {}
    problem = county_code_problem(code)
    if problem:
        fields["code"] = problem
    if name is not None and not name.strip():
        fields["name"] = "请填写县名称。"
    if fields:
        raise Invalid("县的信息有误。", fields=fields)


async def add_county(*, actor: Actor | None, code: str, name: str | None = None,
                     with_store: bool = True) -> dict[str, Any]:
    """A new county: its directory row, then its store. The first county of a database keeps its books in
    the main store (a single-county office works as before); later ones get their own. `with_store=False`
    (the demo's parallel build) leaves the store for the caller to make with `create_store`."""
    code = (code or "").strip()
    name = (name or "").strip() or default_county_name(code)
    if actor is not None and actor.role != "province":
        raise Forbidden("只有省级账号可以新增县（或在服务器上用 eldercare county add）。")
    _check(code, name)
    if actor is not None and code[:2] != (actor.region_code or "")[:2]:
        raise Forbidden("只能新增本省的县。", fields={"code": "该县不在您的省内。"})
    with stores.main():
        async with db.write(actor, directory_write=True) as w:
            rows = await w.fetch("SELECT code, store_no FROM county")
            if any(r["code"] == code for r in rows):
                raise Conflict("该县已存在。", code="duplicate", fields={"code": "该县已存在。"})
            store_no = max((r["store_no"] for r in rows), default=-1) + 1
            await w.insert(County, code=code, name=name, store_no=store_no, created_at=dt.datetime.now(dt.UTC))
    if store_no > 0 and with_store:
        try:
            await create_store(stores.store_name(store_no, code), store_no)
        except Exception:
            with stores.main():
                await db.fetch("DELETE FROM county WHERE code = ?", code)
            raise
    _stores[code] = stores.store_name(store_no, code)
    return {"code": code, "name": name}


async def create_store(store: str, store_no: int) -> None:
    """Make the store with every migration applied and its ids starting at store_no × ID_BLOCK."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    from eldercare.piccolo_app import TABLES

    engine = db.get_engine()
    sqlite = db.is_sqlite(engine)
    if sqlite:
        path = engine.store_path(store)  # type: ignore[attr-defined]
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if os.path.exists(path):
            os.remove(path)
        engine.ensure_wal(path)  # type: ignore[attr-defined]
    else:
        with stores.main():
            # A schema left by an add that failed halfway holds nothing the directory knows: start afresh.
            await db.fetch(f'DROP SCHEMA IF EXISTS "{store}" CASCADE')
            await db.fetch(f'CREATE SCHEMA "{store}"')
            await db.fetch(f'CREATE TABLE IF NOT EXISTS "{store}"."migration" (LIKE public."migration" INCLUDING ALL)')
    with stores.use(store):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            result = await run_forwards(app_name="eldercare")
        if not result.success:
            raise DomainError(f"新县的数据库结构创建失败：{result.message}")
        start = store_no * stores.ID_BLOCK
        async with db.write(None) as w:
            for table in TABLES:
                name = table._meta.tablename
                if sqlite:
                    await w.fetch("DELETE FROM sqlite_sequence WHERE name = ?", name)
                    await w.fetch("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", name, start)
                else:
                    await w.fetch(f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), {start})")


async def migrate_stores() -> None:
    """Bring every county's own store up to date (the main store is migrated first, by schema.migrate)."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    for row in await list_counties():
        if row["store_no"] == 0:
            continue
        with stores.use(stores.store_name(row["store_no"], row["code"])):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                result = await run_forwards(app_name="eldercare")
            if not result.success:
                raise DomainError(f"县 {row['code']} 的数据库迁移失败：{result.message}")


async def the_only_county() -> str | None:
    rows = await list_counties()
    return rows[0]["code"] if len(rows) == 1 else None


async def adopt_unassigned_users(code: str) -> None:
    """Users made before the database had a county belong to its first one."""
    with stores.main():
        async with db.write(None, directory_write=True) as w:
            await w.fetch(
                "UPDATE app_user SET county_code = ? WHERE county_code IS NULL "
                "AND role IN ('bureau', 'director', 'staff')",
                code,
            )


async def county_stores(only: str | None = None) -> list[tuple[str | None, str]]:
    """(county code, store) of every county, in code order; a database with no county yet is its main store.

    The jobs run once per county this way, each county's period in its own store's (job, period) ledger.
    """
    rows = await list_counties()
    if only:
        rows = [r for r in rows if r["code"] == only]
        if not rows:
            raise NotFound(f"没有代码为 {only} 的县。")
    if not rows:
        return [(None, stores.MAIN)]
    return [(r["code"], stores.store_name(r["store_no"], r["code"])) for r in rows]
