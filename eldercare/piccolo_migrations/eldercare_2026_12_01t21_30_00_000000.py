"""Counties: the directory table, users with a county (or a region), and the old database's county.

Every store runs this. In the main store of a database made before counties existed, the county is read from
its townships' codes (their first six digits, the most common if they disagree) and every bureau, director and
staff user is put in it; nothing else changes, so every figure stays as it was. A user's home and staff record
become plain ids (they may live in another county's store, which no foreign key can reach): SQLite rebuilds
app_user without its two foreign keys (the 12-step way, foreign keys off), PostgreSQL drops the constraints.
"""

import datetime as dt
import sqlite3

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-01T21:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "county directory; users with a county; the existing database's county"

SQLITE_USER = (
    'CREATE TABLE "app_user_new" ("id" INTEGER PRIMARY KEY NOT NULL, "username" VARCHAR(50) UNIQUE NOT NULL '
    "DEFAULT '', \"password_hash\" VARCHAR(200) NOT NULL DEFAULT '', \"role\" VARCHAR(10) NOT NULL DEFAULT '', "
    '"home" INTEGER DEFAULT null, "staff" INTEGER DEFAULT null, "display_name" VARCHAR(50) NOT NULL '
    "DEFAULT '', \"active\" BOOLEAN NOT NULL DEFAULT true, \"created_at\" TIMESTAMPTZ NOT NULL DEFAULT "
    "current_timestamp, \"county_code\" VARCHAR(6) DEFAULT null, \"counties\" VARCHAR(2000) NOT NULL DEFAULT '')"
)
COUNTY = (
    'CREATE TABLE IF NOT EXISTS "county" ("id" SERIAL PRIMARY KEY NOT NULL, "code" VARCHAR(6) NOT NULL '
    "DEFAULT '', \"name\" VARCHAR(50) NOT NULL DEFAULT '', \"store_no\" INTEGER NOT NULL DEFAULT 0, "
    '"created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)'
)


class RawTable(Table, tablename="county"):
    pass


def _rebuild_sqlite_users(path: str) -> None:
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        columns = [r[1] for r in conn.execute('PRAGMA table_info("app_user")')]
        if "county_code" in columns:
            return
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(SQLITE_USER)
        conn.execute(
            'INSERT INTO "app_user_new" (id, username, password_hash, role, home, staff, display_name, active, '
            "created_at) SELECT id, username, password_hash, role, home, staff, display_name, active, created_at "
            'FROM "app_user"'
        )
        conn.execute('DROP TABLE "app_user"')
        conn.execute('ALTER TABLE "app_user_new" RENAME TO "app_user"')
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            conn.execute("ROLLBACK")
            raise RuntimeError(f"foreign key check failed after rebuilding app_user: {problems[:5]}")
        conn.execute("COMMIT")
    finally:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.close()


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="eldercare", description=DESCRIPTION, wrap_in_transaction=False
    )

    async def run():
        from eldercare.county.divisions import default_county_name
        from eldercare.db import PooledSQLiteEngine, get_engine

        engine = get_engine()
        sqlite = isinstance(engine, PooledSQLiteEngine)
        county_ddl = COUNTY.replace("SERIAL", "INTEGER") if sqlite else COUNTY
        await RawTable.raw(county_ddl)
        await RawTable.raw('CREATE UNIQUE INDEX IF NOT EXISTS county_code_key ON "county" ("code")')
        await RawTable.raw('CREATE UNIQUE INDEX IF NOT EXISTS county_store_no_key ON "county" ("store_no")')
        if sqlite:
            await engine.close_pool()
            _rebuild_sqlite_users(engine.store_path())
        else:
            await RawTable.raw('ALTER TABLE "app_user" DROP CONSTRAINT IF EXISTS "app_user_home_fkey"')
            await RawTable.raw('ALTER TABLE "app_user" DROP CONSTRAINT IF EXISTS "app_user_staff_fkey"')
            await RawTable.raw('ALTER TABLE "app_user" ADD COLUMN IF NOT EXISTS "county_code" VARCHAR(6) DEFAULT null')
            await RawTable.raw(
                'ALTER TABLE "app_user" ADD COLUMN IF NOT EXISTS "counties" VARCHAR(2000) NOT NULL DEFAULT \'\''
            )
        rows = await RawTable.raw(
            'SELECT substr(code, 1, 6) AS county, count(*) AS n FROM "township" GROUP BY substr(code, 1, 6) '
            "ORDER BY count(*) DESC, substr(code, 1, 6) LIMIT 1"
        )
        existing = await RawTable.raw('SELECT count(*) AS n FROM "county"')
        if rows and not existing[0]["n"]:
            code = rows[0]["county"]
            await RawTable.raw(
                'INSERT INTO "county" (code, name, store_no, created_at) VALUES ({}, {}, 0, {})',
                code,
                default_county_name(code),
                dt.datetime.now(dt.UTC),
            )
            await RawTable.raw(
                "UPDATE \"app_user\" SET county_code = {} WHERE role IN ('bureau', 'director', 'staff')", code
            )

    manager.add_raw(run)
    return manager
