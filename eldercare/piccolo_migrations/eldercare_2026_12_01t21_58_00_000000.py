"""county_profile: the county's issuing unit, name, phone for objections and address (one row per store)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-01T21:58:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "county_profile: 发布单位, 县名, 监督电话, 地址"


class RawTable(Table, tablename="county_profile"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="eldercare", description=DESCRIPTION)

    async def run():
        engine = RawTable._meta.db.engine_type
        key = "INTEGER PRIMARY KEY AUTOINCREMENT" if engine == "sqlite" else "SERIAL PRIMARY KEY"
        await RawTable.raw(
            f"CREATE TABLE IF NOT EXISTS county_profile (id {key}, "
            "issuing_unit VARCHAR(100) NOT NULL DEFAULT '', county_name VARCHAR(50) NOT NULL DEFAULT '', "
            "objection_phone VARCHAR(40) NOT NULL DEFAULT '', address VARCHAR(200) NOT NULL DEFAULT '')"
        )

    async def run_backwards():
        await RawTable.raw("DROP TABLE IF EXISTS county_profile")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
