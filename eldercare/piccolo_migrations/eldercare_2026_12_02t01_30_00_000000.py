"""notice_period: the 公示期 a county sets per year (admission notices, the rating notice); blank inherits."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-02T01:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "notice_period: 公示期 per county and year"


class RawTable(Table, tablename="notice_period"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="eldercare", description=DESCRIPTION)

    async def run():
        engine = RawTable._meta.db.engine_type
        key = "INTEGER PRIMARY KEY AUTOINCREMENT" if engine == "sqlite" else "SERIAL PRIMARY KEY"
        await RawTable.raw(
            f"CREATE TABLE IF NOT EXISTS notice_period (id {key}, year INTEGER NOT NULL UNIQUE, "
            "admission_days INTEGER NULL, rating_days INTEGER NULL, set_at TIMESTAMPTZ NOT NULL, set_by INTEGER NULL, "
            "CONSTRAINT notice_period_days CHECK ((admission_days IS NULL OR admission_days BETWEEN 1 AND 30) "
            "AND (rating_days IS NULL OR rating_days BETWEEN 1 AND 30)))"
        )

    async def run_backwards():
        await RawTable.raw("DROP TABLE IF EXISTS notice_period")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
