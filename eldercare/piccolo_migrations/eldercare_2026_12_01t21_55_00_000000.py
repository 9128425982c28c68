"""Pocket money (零用钱), kept savings (代管金), the rating process (自评, evidence, 公示, objections), the support
certificate (供养证) and dispersed support agreements with the caretaker's visits: raw SQL for both engines."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.sqlite import SQLiteEngine
from piccolo.table import Table

ID = "2026-12-01T21:55:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "pocket money, savings, rating process, support certificate, dispersed agreements"

TABLES = [
    """CREATE TABLE pocket_money_setting (
    id {id}, year INTEGER NOT NULL UNIQUE,
    source VARCHAR(10) NOT NULL CHECK (source IN ('economy', 'fund')),
    self_care_fen BIGINT NOT NULL DEFAULT 0, partial_fen BIGINT NOT NULL DEFAULT 0, full_fen BIGINT NOT NULL DEFAULT 0,
    set_at TIMESTAMPTZ NOT NULL, set_by INTEGER,
    CONSTRAINT pocket_money_setting_not_negative CHECK (self_care_fen >= 0 AND partial_fen >= 0 AND full_fen >= 0))""",
    """CREATE TABLE pocket_money_line (
    id {id}, batch INTEGER NOT NULL REFERENCES payment_batch (id) ON DELETE RESTRICT,
    resident INTEGER NOT NULL REFERENCES resident (id) ON DELETE RESTRICT,
    home INTEGER NOT NULL REFERENCES home (id) ON DELETE RESTRICT,
    for_period VARCHAR(7) NOT NULL, care_level VARCHAR(10) NOT NULL, source VARCHAR(10) NOT NULL,
    amount_fen BIGINT NOT NULL CONSTRAINT pocket_money_line_positive CHECK (amount_fen > 0),
    CONSTRAINT pocket_money_line_once_per_month UNIQUE (resident, for_period))""",
    "CREATE INDEX pocket_money_line_batch ON pocket_money_line (batch)",
    "CREATE INDEX pocket_money_line_home_period ON pocket_money_line (home, for_period)",
    """CREATE TABLE savings_entry (
    id {id}, resident INTEGER NOT NULL REFERENCES resident (id) ON DELETE RESTRICT,
    home INTEGER NOT NULL REFERENCES home (id) ON DELETE RESTRICT, seq INTEGER NOT NULL, dated_on DATE NOT NULL,
    kind VARCHAR(10) NOT NULL CHECK (kind IN ('deposit', 'withdrawal')),
    amount_fen BIGINT NOT NULL CONSTRAINT savings_entry_amount_positive CHECK (amount_fen > 0),
    balance_after_fen BIGINT NOT NULL CONSTRAINT savings_entry_balance_not_negative CHECK (balance_after_fen >= 0),
    witness VARCHAR(50) NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL, created_by INTEGER,
    CONSTRAINT savings_entry_withdrawal_witnessed CHECK (kind = 'deposit' OR witness <> ''),
    CONSTRAINT savings_entry_unique_seq UNIQUE (resident, seq))""",
    """CREATE TABLE rating_self_score (
    id {id}, home INTEGER NOT NULL REFERENCES home (id) ON DELETE RESTRICT,
    item INTEGER NOT NULL REFERENCES rubric_item (id) ON DELETE CASCADE,
    points_tenths INTEGER NOT NULL CONSTRAINT rating_self_score_not_negative CHECK (points_tenths >= 0),
    note TEXT NOT NULL DEFAULT '', saved_at TIMESTAMPTZ NOT NULL, saved_by INTEGER,
    CONSTRAINT rating_self_score_unique_item UNIQUE (home, item))""",
    """CREATE TABLE rating_evidence (
    id {id}, home INTEGER NOT NULL REFERENCES home (id) ON DELETE RESTRICT,
    item INTEGER NOT NULL REFERENCES rubric_item (id) ON DELETE CASCADE,
    filename VARCHAR(200) NOT NULL, content_type VARCHAR(50) NOT NULL,
    size_bytes INTEGER NOT NULL CONSTRAINT rating_evidence_size CHECK (size_bytes > 0 AND size_bytes <= 5242880),
    data {blob} NOT NULL, uploaded_at TIMESTAMPTZ NOT NULL, uploaded_by INTEGER)""",
    "CREATE INDEX rating_evidence_home_item ON rating_evidence (home, item)",
    """CREATE TABLE rating_notice (
    id {id}, year INTEGER NOT NULL UNIQUE, starts_on DATE NOT NULL, ends_on DATE NOT NULL,
    issuer VARCHAR(100) NOT NULL, object_to VARCHAR(200) NOT NULL,
    published_at TIMESTAMPTZ NOT NULL, published_by INTEGER,
    CONSTRAINT rating_notice_period CHECK (ends_on >= starts_on))""",
    """CREATE TABLE rating_objection (
    id {id}, notice INTEGER NOT NULL REFERENCES rating_notice (id) ON DELETE CASCADE,
    home INTEGER REFERENCES home (id) ON DELETE RESTRICT, dated_on DATE NOT NULL,
    objector VARCHAR(50) NOT NULL, content TEXT NOT NULL, answer TEXT NOT NULL DEFAULT '',
    answered_on DATE, answered_by INTEGER, created_at TIMESTAMPTZ NOT NULL, created_by INTEGER)""",
    "CREATE INDEX rating_objection_notice ON rating_objection (notice)",
    """CREATE TABLE support_certificate (
    id {id}, resident INTEGER NOT NULL UNIQUE REFERENCES resident (id) ON DELETE RESTRICT,
    number VARCHAR(30) NOT NULL UNIQUE, year INTEGER NOT NULL, seq INTEGER NOT NULL,
    issued_on DATE NOT NULL, issued_by INTEGER,
    CONSTRAINT support_certificate_unique_seq UNIQUE (year, seq))""",
    """CREATE TABLE support_agreement (
    id {id}, resident INTEGER NOT NULL REFERENCES resident (id) ON DELETE RESTRICT,
    township INTEGER NOT NULL REFERENCES township (id) ON DELETE RESTRICT,
    caretaker_name VARCHAR(50) NOT NULL, caretaker_phone VARCHAR(20) NOT NULL, signed_on DATE NOT NULL,
    duties TEXT NOT NULL DEFAULT '', created_at TIMESTAMPTZ NOT NULL, created_by INTEGER)""",
    "CREATE INDEX support_agreement_resident ON support_agreement (resident)",
    """CREATE TABLE caretaker_visit (
    id {id}, resident INTEGER NOT NULL REFERENCES resident (id) ON DELETE RESTRICT,
    agreement INTEGER NOT NULL REFERENCES support_agreement (id) ON DELETE RESTRICT,
    dated_on DATE NOT NULL, found TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, created_by INTEGER)""",
    "CREATE INDEX caretaker_visit_resident_day ON caretaker_visit (resident, dated_on)",
]
DROPPED = ["caretaker_visit", "support_agreement", "support_certificate", "rating_objection", "rating_notice",
           "rating_evidence", "rating_self_score", "savings_entry", "pocket_money_line", "pocket_money_setting"]  # fmt: skip


class RawTable(Table, tablename="pocket_money_setting"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="eldercare", description=DESCRIPTION)

    async def run():
        sqlite = isinstance(RawTable._meta.db, SQLiteEngine)
        kinds = {"id": "INTEGER PRIMARY KEY NOT NULL" if sqlite else "SERIAL PRIMARY KEY",
                 "blob": "BLOB" if sqlite else "BYTEA"}  # fmt: skip
        for statement in TABLES:
            await RawTable.raw(statement.format(**kinds))

    async def run_backwards():
        for name in DROPPED:
            await RawTable.raw(f"DROP TABLE IF EXISTS {name}")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
