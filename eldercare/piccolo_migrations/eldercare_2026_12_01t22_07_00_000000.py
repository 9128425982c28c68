"""Pinyin initials read surnames as surnames (曾 → z, 单 → s, 解 → x …): recompute the stored initials."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-01T22:07:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "resident: name_initials with surname readings"


class RawTable(Table, tablename="resident"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="eldercare", description=DESCRIPTION)

    async def run():
        from eldercare.pinyin import initials

        rows = await RawTable.raw("SELECT id, name, name_initials FROM resident")
        for row in rows:
            wanted = initials(row["name"])
            if wanted != row["name_initials"]:
                await RawTable.raw("UPDATE resident SET name_initials = {} WHERE id = {}", wanted, row["id"])

    manager.add_raw(run)
    return manager
