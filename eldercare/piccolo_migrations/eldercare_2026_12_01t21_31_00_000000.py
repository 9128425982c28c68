"""A province's defaults per year (directory): standards and year settings for counties that set none."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-01T21:31:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "province_default"


class RawTable(Table, tablename="province_default"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="eldercare", description=DESCRIPTION)

    async def run():
        from eldercare.db import is_sqlite

        key = "INTEGER" if is_sqlite() else "SERIAL"
        await RawTable.raw(
            f'CREATE TABLE IF NOT EXISTS "province_default" ("id" {key} PRIMARY KEY NOT NULL, '
            "\"province_code\" VARCHAR(2) NOT NULL DEFAULT '', \"year\" INTEGER NOT NULL DEFAULT 0, "
            "\"body\" TEXT NOT NULL DEFAULT '{}', \"set_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)"
        )
        await RawTable.raw(
            'CREATE UNIQUE INDEX IF NOT EXISTS province_default_year ON "province_default" (province_code, year)'
        )

    manager.add_raw(run)
    return manager
