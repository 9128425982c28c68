"""What the benches share: a fresh migrated SQLite file chosen before eldercare is imported."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def use_fresh_sqlite(prefix: str) -> Path:
    """Point eldercare at a new SQLite file (call before importing eldercare's engine)."""
    path = Path(tempfile.mkdtemp(prefix=f"eldercare-bench-{prefix}-")) / "bench.sqlite3"
    os.environ["ELDERCARE_DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("ELDERCARE_SECRET_KEY", "bench")
    return path


async def migrate_fresh(*, demo: bool) -> None:
    from eldercare import db
    from eldercare.schema import migrate

    await migrate()
    if demo:
        from eldercare.demo import load_demo

        await load_demo()
    await db.stop()
