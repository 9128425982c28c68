"""One active record per ID number county-wide (一人一档): a partial unique index, the same on both engines."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-29T05:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "resident: one active or suspended record per ID number"


class RawTable(Table, tablename="resident"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="eldercare", description=DESCRIPTION)

    async def run():
        await RawTable.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS resident_one_active_id_number ON resident (id_number) "
            "WHERE status IN ('active', 'suspended')"
        )

    async def run_backwards():
        await RawTable.raw("DROP INDEX IF EXISTS resident_one_active_id_number")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
