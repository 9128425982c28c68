"""The demo county: 遂川县 (360827), deterministic, shaped like the seed report.

Each area adds its part as a module here with `async def load(w, county)`, called in order inside one
write transaction; `county` is a dict of what earlier parts made (ids by code) for later parts to use.
"""

from __future__ import annotations

from eldercare import db
from eldercare.auth.actor import SYSTEM
from eldercare.county.tables import Township
from eldercare.demo import accounts, economy, geography, payments, people, profile, ratings, stages

PARTS = [geography, profile, people, accounts, payments, economy, ratings, stages]


async def load_demo(*, if_empty: bool = False) -> bool:
    """Load the demo county into an empty database; True when loaded."""
    from eldercare.errors import Conflict

    await db.start()
    try:
        if await Township.count() > 0:
            if if_empty:
                return False
            raise Conflict("数据库不是空的：示例县只能载入空数据库。")
        county: dict = {}
        async with db.write(SYSTEM) as w:
            for part in PARTS:
                await part.load(w, county)
        return True
    finally:
        await db.stop()
