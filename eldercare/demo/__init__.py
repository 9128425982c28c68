"""The demo county: 遂川县 (360827), deterministic, shaped like the seed report.

Each area adds its part as a module here with `async def load(w, county)`, called in order inside one
write transaction; `county` is a dict of what earlier parts made (ids by code) for later parts to use.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from eldercare import db, stores
from eldercare.auth.actor import SYSTEM
from eldercare.auth.tables import User
from eldercare.county import directory
from eldercare.county.divisions import demo_county_codes, demo_county_name
from eldercare.county.tables import Township
from eldercare.demo import (
    accounts,
    economy,
    geography,
    payments,
    people,
    pocket,
    profile,
    ratings,
    records,
    stages,
)

PARTS = [geography, profile, people, accounts, pocket, payments, economy, ratings, records, stages]


async def load_demo(*, if_empty: bool = False, counties: int | None = None, jobs: int = 1) -> bool:
    """Load the demo county (遂川县) into an empty database; True when loaded.

    `counties=N`: N counties of 吉安市 (遂川县 first, in the main store; the others in their own stores), each
    with the same deterministic shape and its own seed, plus the readers `city` (吉安市) and `province` (江西省).
    `jobs=K` (K > 1) loads K counties at a time in worker processes: every county is registered first, in order,
    so its store number (and so its ids) and its users' order are those of a build one county at a time.
    """
    from eldercare.errors import Conflict, Invalid

    codes = ["360827"]
    if counties is not None:
        if not 1 <= counties <= 200:
            raise Invalid("示例县数应在 1 到 200 之间。", fields={"counties": "县数超出范围。"})
        codes = demo_county_codes(counties)
    await db.start()
    try:
        if await Township.count() > 0 or len(await directory.list_counties()) > 1:
            if if_empty:
                return False
            raise Conflict("数据库不是空的：示例县只能载入空数据库。")
        suffix = counties is not None
        if jobs > 1 and len(codes) > 1:
            for code in codes:
                await directory.add_county(actor=None, code=code, name=demo_county_name(code), with_store=False)
            await db.stop()  # the workers open their own connections; nothing of ours is held meanwhile
            with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
                loaded = list(pool.map(_load_in_worker, range(len(codes)), codes, [suffix] * len(codes)))
            await db.start()
            for rows in loaded:
                await _directory_users([User(**row) for row in rows])
        else:
            for n, code in enumerate(codes):
                if await directory.get_county(code) is None:
                    await directory.add_county(actor=None, code=code, name=demo_county_name(code))
                await _directory_users(await _load_county(n, code, suffix))
        if counties is not None:
            await _readers(codes)
        return True
    finally:
        await db.stop()


async def _load_county(n: int, code: str, suffix: bool) -> list[User]:
    """Every part of one county, in its own store, in one write transaction; its users (for the directory)."""
    county: dict = {"code": code, "name": demo_county_name(code), "plain_names": n == 0, "suffix": suffix}
    with stores.use(await directory.store_of(code), code):
        async with db.write(SYSTEM) as w:
            for part in PARTS:
                await part.load(w, county)
    return county["users"]


def _load_in_worker(n: int, code: str, suffix: bool) -> list[dict]:
    """A worker process's county: make its store (registered by the parent), load it, hand back its users."""

    async def run() -> list[dict]:
        row = await directory.get_county(code)
        if row["store_no"] > 0:
            await directory.create_store(stores.store_name(row["store_no"], code), row["store_no"])
        users = await _load_county(n, code, suffix)
        return [{k: v for k, v in u.to_dict().items() if k != "id"} for u in users]

    return asyncio.run(db.started(run()))


async def _directory_users(users: list[User]) -> None:
    with stores.main():
        async with db.write(SYSTEM) as w:
            await User.insert(*users).run()
            await w.audit(table=User, row_id="demo", action="demo", before=None, after={"users": len(users)})


async def _readers(codes: list[str]) -> None:
    from eldercare.auth.passwords import hash_password
    from eldercare.demo.accounts import DEMO_PASSWORD
    from eldercare.demo.people import CREATED_AT

    password_hash = await hash_password(DEMO_PASSWORD)
    await _directory_users([
        User(username="city", password_hash=password_hash, role="city",
             counties=",".join(c for c in codes if c.startswith("3608")),
             display_name="吉安市民政局", created_at=CREATED_AT),
        User(username="province", password_hash=password_hash, role="province", counties="36",
             display_name="江西省民政厅", created_at=CREATED_AT),
    ])  # fmt: skip
