"""审核 (issue 13 point 2): the county's two-person rule setting and the approval requests.

payload and result have no SQL default: a `{}` in raw SQL is a Piccolo placeholder.
approval_request is not hash-chained: its rows change state (pending → approved/rejected). Every request,
approval and rejection is written to the audit log in its transaction, and the audit log is chained.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-02T01:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "approval_request, county_profile.two_person_rule"

STATEMENTS = [
    "ALTER TABLE county_profile ADD COLUMN two_person_rule BOOLEAN NOT NULL DEFAULT FALSE",
    """CREATE TABLE IF NOT EXISTS approval_request (
    id {id},
    kind VARCHAR(10) NOT NULL CONSTRAINT approval_request_kind
        CHECK (kind IN ('inflow', 'standard', 'finalize', 'rule_off')),
    state VARCHAR(10) NOT NULL DEFAULT 'pending' CONSTRAINT approval_request_state
        CHECK (state IN ('pending', 'approved', 'rejected')),
    subject VARCHAR(120) NOT NULL, year INTEGER NOT NULL, summary VARCHAR(300) NOT NULL,
    payload TEXT NOT NULL,
    requested_by INTEGER NOT NULL, requested_by_name VARCHAR(100) NOT NULL, requested_at TIMESTAMPTZ NOT NULL,
    decided_by INTEGER, decided_by_name VARCHAR(100) NOT NULL DEFAULT '', decided_at TIMESTAMPTZ,
    reason TEXT NOT NULL DEFAULT '', result TEXT NOT NULL,
    CONSTRAINT approval_request_decided CHECK (state = 'pending' OR decided_at IS NOT NULL))""",
    "CREATE UNIQUE INDEX IF NOT EXISTS approval_request_one_pending ON approval_request (subject) "
    "WHERE state = 'pending'",
    "CREATE INDEX IF NOT EXISTS approval_request_state ON approval_request (state, id)",
]
BACKWARDS = [
    "DROP TABLE IF EXISTS approval_request",
    "ALTER TABLE county_profile DROP COLUMN two_person_rule",
]


class RawTable(Table, tablename="approval_request"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="eldercare", description=DESCRIPTION)

    async def run():
        sqlite = RawTable._meta.db.engine_type == "sqlite"
        key = "INTEGER PRIMARY KEY AUTOINCREMENT" if sqlite else "SERIAL PRIMARY KEY"
        for statement in STATEMENTS:
            await RawTable.raw(statement.format(id=key))

    async def run_backwards():
        for statement in BACKWARDS:
            await RawTable.raw(statement)

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
