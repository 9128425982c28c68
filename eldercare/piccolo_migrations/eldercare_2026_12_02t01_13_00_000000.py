"""Keyset pages (issue 12): indexes in the order each long list is read, so a page seeks instead of sorting."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-02T01:13:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "keyset: staff list order, a director's batch lines, the audit log by table"

STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS staff_home_list_order ON staff (home, is_director DESC, id)",
    "CREATE INDEX IF NOT EXISTS payment_line_batch_home_id ON payment_line (batch, home, id)",
    "CREATE INDEX IF NOT EXISTS audit_log_table_id ON audit_log (table_name, id)",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS audit_log_table_id",
    "DROP INDEX IF EXISTS payment_line_batch_home_id",
    "DROP INDEX IF EXISTS staff_home_list_order",
]


class RawTable(Table, tablename="staff"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="eldercare", description=DESCRIPTION)

    async def run():
        for sql in STATEMENTS:
            await RawTable.raw(sql)

    async def run_backwards():
        for sql in BACKWARDS:
            await RawTable.raw(sql)

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
