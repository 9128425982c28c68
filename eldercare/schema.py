"""Bring the schema up to date: Piccolo's migrations in eldercare/piccolo_migrations, on either engine,
in the main store and then in every county's own store (eldercare.stores)."""

from __future__ import annotations

import contextlib
import io

from piccolo.apps.migrations.commands.forwards import run_forwards

from eldercare import db
from eldercare.errors import DomainError


async def migrate(*, quiet: bool = True) -> None:
    await db.start()
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out) if quiet else contextlib.nullcontext():
            result = await run_forwards(app_name="eldercare")
            if result.success:
                from eldercare.county.directory import migrate_stores

                await migrate_stores()
    finally:
        await db.stop()
    if not result.success:
        raise DomainError(f"数据库迁移失败：{result.message}\n{out.getvalue()}")
