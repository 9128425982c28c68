"""Kept state (issue 12): resident_state intervals and economy_total, kept by triggers, backfilled from the log.

- resident_state: one interval per event (valid_from = its date, valid_to = the next event's date, NULL while
  open); an event on the open interval's own day restates it. An AFTER INSERT trigger on resident_event keeps
  it, so every writer (services, the demo, the Excel import, the benchmark's set-based builder) keeps it in the
  transaction of the event.
- economy_total: per home, year, kind and in_kind the sum and count of economy_line (an append-only ledger:
  a reversal is a new line), kept by an AFTER INSERT trigger.
- Composite indexes the pages need (economy_line by home and date, resident by home/mode/status, the roster's
  order, events by resident and date).
Both tables are backfilled from the existing rows. Raw SQL, one text per engine where they differ.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.sqlite import SQLiteEngine
from piccolo.table import Table

ID = "2026-12-01T21:47:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "kept state: resident_state intervals, economy_total, composite indexes"


class RawTable(Table, tablename="resident_state"):
    pass


TABLES = {
    "sqlite": [
        """CREATE TABLE IF NOT EXISTS resident_state (
            id INTEGER PRIMARY KEY,
            resident INTEGER NOT NULL REFERENCES resident (id) ON DELETE CASCADE,
            valid_from DATE NOT NULL, valid_to DATE NULL, seq INTEGER NOT NULL,
            status VARCHAR(10) NOT NULL, mode VARCHAR(12) NOT NULL,
            home INTEGER NULL REFERENCES home (id) ON DELETE RESTRICT, care_level VARCHAR(10) NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS economy_total (
            id INTEGER PRIMARY KEY,
            home INTEGER NOT NULL REFERENCES home (id) ON DELETE RESTRICT,
            year INTEGER NOT NULL, kind VARCHAR(8) NOT NULL, in_kind BOOLEAN NOT NULL,
            amount_fen BIGINT NOT NULL DEFAULT 0, lines INTEGER NOT NULL DEFAULT 0)""",
    ],
    "postgres": [
        """CREATE TABLE IF NOT EXISTS resident_state (
            id SERIAL PRIMARY KEY,
            resident INTEGER NOT NULL REFERENCES resident (id) ON DELETE CASCADE,
            valid_from DATE NOT NULL, valid_to DATE NULL, seq INTEGER NOT NULL,
            status VARCHAR(10) NOT NULL, mode VARCHAR(12) NOT NULL,
            home INTEGER NULL REFERENCES home (id) ON DELETE RESTRICT, care_level VARCHAR(10) NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS economy_total (
            id SERIAL PRIMARY KEY,
            home INTEGER NOT NULL REFERENCES home (id) ON DELETE RESTRICT,
            year INTEGER NOT NULL, kind VARCHAR(8) NOT NULL, in_kind BOOLEAN NOT NULL,
            amount_fen BIGINT NOT NULL DEFAULT 0, lines INTEGER NOT NULL DEFAULT 0)""",
    ],
}

INDEXES = [
    "CREATE UNIQUE INDEX IF NOT EXISTS resident_state_resident_from ON resident_state (resident, valid_from)",
    "CREATE INDEX IF NOT EXISTS resident_state_open ON resident_state (resident) WHERE valid_to IS NULL",
    "CREATE INDEX IF NOT EXISTS resident_state_home ON resident_state (home)",
    "CREATE UNIQUE INDEX IF NOT EXISTS economy_total_key ON economy_total (home, year, kind, in_kind)",
    "CREATE INDEX IF NOT EXISTS economy_line_home_dated ON economy_line (home, dated_on, id)",
    "CREATE INDEX IF NOT EXISTS resident_home_mode_status ON resident (home, mode, status)",
    "CREATE INDEX IF NOT EXISTS resident_status_mode_home ON resident (status, mode, home, care_level)",
    "CREATE INDEX IF NOT EXISTS resident_roster_order ON resident (name_initials, name, id)",
    "CREATE INDEX IF NOT EXISTS resident_home_roster_order ON resident (home, name_initials, name, id)",
    "CREATE INDEX IF NOT EXISTS resident_event_resident_dated ON resident_event (resident, dated_on, seq)",
    "CREATE INDEX IF NOT EXISTS payment_line_batch_id ON payment_line (batch, id)",
    "CREATE INDEX IF NOT EXISTS payment_line_period_resident ON payment_line (for_period, resident)",
]

# The search box reads prefixes as ranges (residents/roster.search_condition): SQLite compares UTF-8 bytes;
# PostgreSQL compares COLLATE "C" against these expression indexes, whatever the database's collation.
# Stored search keys, kept by triggers: the given name (the name without its first character) and the ID
# number's last six characters, so "长发" finds 刘长发 and the last six digits find the person, by prefix.
SEARCH_COLUMNS = [
    "ALTER TABLE resident ADD COLUMN name_tail VARCHAR(50) NOT NULL DEFAULT ''",
    "ALTER TABLE resident ADD COLUMN id_tail VARCHAR(6) NOT NULL DEFAULT ''",
    "UPDATE resident SET name_tail = substr(name, 2), id_tail = substr(id_number, length(id_number) - 5)",
]
SEARCH_TRIGGERS = {
    "sqlite": [
        "CREATE TRIGGER IF NOT EXISTS resident_search_keys_insert AFTER INSERT ON resident BEGIN "
        "UPDATE resident SET name_tail = substr(NEW.name, 2), id_tail = substr(NEW.id_number, -6) "
        "WHERE id = NEW.id; END",
        "CREATE TRIGGER IF NOT EXISTS resident_search_keys_update AFTER UPDATE OF name, id_number ON resident "
        "BEGIN UPDATE resident SET name_tail = substr(NEW.name, 2), id_tail = substr(NEW.id_number, -6) "
        "WHERE id = NEW.id; END",
    ],
    "postgres": [
        "CREATE OR REPLACE FUNCTION resident_search_keys() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "NEW.name_tail := substr(NEW.name, 2); NEW.id_tail := right(NEW.id_number, 6); RETURN NEW; END $$",
        "DROP TRIGGER IF EXISTS resident_search_keys ON resident",
        "CREATE TRIGGER resident_search_keys BEFORE INSERT OR UPDATE OF name, id_number ON resident "
        "FOR EACH ROW EXECUTE FUNCTION resident_search_keys()",
    ],
}
SEARCH_INDEXES = {
    "sqlite": [
        "CREATE INDEX IF NOT EXISTS resident_name ON resident (name)",
        "CREATE INDEX IF NOT EXISTS resident_name_tail ON resident (name_tail)",
        "CREATE INDEX IF NOT EXISTS resident_id_tail ON resident (id_tail)",
    ],
    "postgres": [
        'CREATE INDEX IF NOT EXISTS resident_name_tail_c ON resident ((name_tail COLLATE "C"))',
        'CREATE INDEX IF NOT EXISTS resident_id_tail_c ON resident ((id_tail COLLATE "C"))',
        'CREATE INDEX IF NOT EXISTS resident_name_c ON resident ((name COLLATE "C"))',
        'CREATE INDEX IF NOT EXISTS resident_initials_c ON resident ((name_initials COLLATE "C"))',
        'CREATE INDEX IF NOT EXISTS resident_id_number_c ON resident ((id_number COLLATE "C"))',
    ],
}

STATE_STEPS = """
    DELETE FROM resident_state WHERE resident = NEW.resident AND valid_to IS NULL AND valid_from = NEW.dated_on;
    UPDATE resident_state SET valid_to = NEW.dated_on WHERE resident = NEW.resident AND valid_to IS NULL;
    INSERT INTO resident_state (resident, valid_from, valid_to, seq, status, mode, home, care_level)
    VALUES (NEW.resident, NEW.dated_on, NULL, NEW.seq, NEW.status_after, NEW.mode_after, NEW.home_after,
            NEW.care_level_after);
"""

TOTAL_STEP = """
    INSERT INTO economy_total (home, year, kind, in_kind, amount_fen, lines)
    VALUES (NEW.home, {year}, NEW.kind, NEW.in_kind, NEW.amount_fen, 1)
    ON CONFLICT (home, year, kind, in_kind)
    DO UPDATE SET amount_fen = economy_total.amount_fen + excluded.amount_fen, lines = economy_total.lines + 1;
"""

YEAR = {"sqlite": "CAST(substr({col}, 1, 4) AS INTEGER)", "postgres": "CAST(EXTRACT(YEAR FROM {col}) AS INTEGER)"}


def triggers(engine: str) -> list[str]:
    total = TOTAL_STEP.replace("{year}", YEAR[engine].replace("{col}", "NEW.dated_on"))
    if engine == "sqlite":
        return [
            "CREATE TRIGGER IF NOT EXISTS resident_event_keeps_state AFTER INSERT ON resident_event "
            f"BEGIN {STATE_STEPS} END",
            f"CREATE TRIGGER IF NOT EXISTS economy_line_keeps_total AFTER INSERT ON economy_line BEGIN {total} END",
        ]
    out = []
    for name, table, body in (
        ("resident_event_keeps_state", "resident_event", STATE_STEPS),
        ("economy_line_keeps_total", "economy_line", total),
    ):
        out += [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} "
            "RETURN NULL; END $$",
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"CREATE TRIGGER {name} AFTER INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()",
        ]
    return out


BACKFILL_STATE = """
INSERT INTO resident_state (resident, valid_from, valid_to, seq, status, mode, home, care_level)
SELECT resident, dated_on, next_on, seq, status_after, mode_after, home_after, care_level_after FROM (
    SELECT e.resident, e.dated_on, e.seq, e.status_after, e.mode_after, e.home_after, e.care_level_after,
           LEAD(e.dated_on) OVER (PARTITION BY e.resident ORDER BY e.dated_on, e.seq) AS next_on
    FROM resident_event e) x
WHERE (next_on IS NULL OR next_on > dated_on)
  AND NOT EXISTS (SELECT 1 FROM resident_state)
"""

BACKFILL_TOTAL = """
INSERT INTO economy_total (home, year, kind, in_kind, amount_fen, lines)
SELECT home, {year}, kind, in_kind, SUM(amount_fen), COUNT(*) FROM economy_line
WHERE NOT EXISTS (SELECT 1 FROM economy_total)
GROUP BY home, {year}, kind, in_kind
"""


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="eldercare", description=DESCRIPTION)

    async def run():
        engine = "sqlite" if isinstance(RawTable._meta.db, SQLiteEngine) else "postgres"
        for sql in [*TABLES[engine], *INDEXES, *SEARCH_COLUMNS, *SEARCH_TRIGGERS[engine], *SEARCH_INDEXES[engine],
                    *triggers(engine)]:
            await RawTable.raw(sql)
        await RawTable.raw(BACKFILL_STATE)
        await RawTable.raw(BACKFILL_TOTAL.replace("{year}", YEAR[engine].replace("{col}", "dated_on")))

    async def run_backwards():
        engine = "sqlite" if isinstance(RawTable._meta.db, SQLiteEngine) else "postgres"
        if engine == "sqlite":
            await RawTable.raw("DROP TRIGGER IF EXISTS resident_event_keeps_state")
            await RawTable.raw("DROP TRIGGER IF EXISTS economy_line_keeps_total")
        else:
            await RawTable.raw("DROP TRIGGER IF EXISTS resident_event_keeps_state ON resident_event")
            await RawTable.raw("DROP TRIGGER IF EXISTS economy_line_keeps_total ON economy_line")
        for index in [*INDEXES, *SEARCH_INDEXES[engine]]:
            name = index.split(" ON ")[0].split()[-1]
            await RawTable.raw(f"DROP INDEX IF EXISTS {name}")
        await RawTable.raw("DROP TABLE IF EXISTS resident_state")
        await RawTable.raw("DROP TABLE IF EXISTS economy_total")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
