"""Tamper evidence: prev_hash/row_hash on the audit log and the money tables, the rows there hashed (the
chains backfilled in id order), and triggers refusing UPDATE and DELETE of a sealed row (eldercare/chain.py)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Boolean, Integer, Text, Timestamptz
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

ID = "2026-12-01T21:53:17:000000"
VERSION = "1.38.0"
DESCRIPTION = "hash chains on the audit log and money tables, append-only triggers"


class RawTable(Table, tablename="audit_log"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="eldercare", description=DESCRIPTION)
    manager.add_table(class_name="VerifyReport", tablename="verify_report", schema=None, columns=None)
    for name, column_class, default, index in (
        ("checked_at", Timestamptz, TimestamptzNow(), True),
        ("ok", Boolean, True, False),
        ("problem_count", Integer, 0, False),
        ("report", Text, "{}", False),
    ):
        manager.add_column(
            table_class_name="VerifyReport", tablename="verify_report", column_name=name, db_column_name=name,
            column_class_name=column_class.__name__, column_class=column_class,
            params={"default": default, "null": False, "primary_key": False, "unique": False, "index": index,
                    "index_method": IndexMethod.btree, "choices": None, "db_column_name": None, "secret": False},
            schema=None,
        )  # fmt: skip

    async def run():
        from eldercare import chain, db

        engine = RawTable._meta.db
        tx = engine.current_transaction.get()
        sqlite = db.is_sqlite(engine)
        for statement in chain.columns_ddl():
            await tx.connection.execute(statement)
        writer = db.Writer(actor=None, engine=engine, transaction=tx, foreign_unsealed={})
        await chain.seal(writer, foreign={})
        for statement in chain.ddl(sqlite=sqlite):
            await tx.connection.execute(statement)

    async def run_backwards():
        from eldercare import chain, db

        sqlite = db.is_sqlite(RawTable._meta.db)
        for c in chain.CHAINS:
            if sqlite:
                await RawTable.raw(f"DROP TRIGGER IF EXISTS {c.table}_append_only_update")
                await RawTable.raw(f"DROP TRIGGER IF EXISTS {c.table}_append_only_delete")
            else:
                await RawTable.raw(f"DROP TRIGGER IF EXISTS {c.table}_append_only ON {c.table}")
            await RawTable.raw(f"DROP INDEX IF EXISTS {c.table}_unsealed")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
