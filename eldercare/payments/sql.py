"""The set-based SQL of a batch (`?` placeholders on both engines; see db.Writer.fetch).

The amounts are not computed here: rules.monthly_rates() gives the month's (mode, care level) rates, passed in
as a VALUES table, so the money rule lives once, in rules.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from eldercare.residents.sql import STATE_ON

LINE_COLUMNS = (
    "batch, resident, for_period, kind, standard_version, mode, care_level, home, payee, "
    "standard_fen, supplement_fen, amount_fen, note"
)


def values_table(name: str, columns: Sequence[tuple[str, str]], row_count: int) -> str:
    """`name(c1, c2) AS (VALUES (CAST(? AS T1), CAST(? AS T2)), …)`: typed on PostgreSQL, plain on SQLite."""
    row = "(" + ", ".join(f"CAST(? AS {kind})" for _, kind in columns) + ")"
    names = ", ".join(c for c, _ in columns)
    return f"{name}({names}) AS (VALUES {', '.join([row] * row_count)})"


RATE_COLUMNS = (("mode", "TEXT"), ("care_level", "TEXT"), ("payee", "TEXT"),
                ("standard_fen", "BIGINT"), ("supplement_fen", "BIGINT"))  # fmt: skip


def insert_regular(rate_rows: int) -> str:
    """Params: rates…, date, date, batch id, period, standard version."""
    return f"""
WITH {values_table("rates", RATE_COLUMNS, rate_rows)},
state AS ({STATE_ON})
INSERT INTO payment_line ({LINE_COLUMNS})
SELECT CAST(? AS BIGINT), s.resident, CAST(? AS TEXT), 'regular', CAST(? AS INTEGER), s.mode, s.care_level,
       s.home, r.payee, r.standard_fen, r.supplement_fen, r.standard_fen + r.supplement_fen, ''
FROM state s JOIN rates r ON r.mode = s.mode AND r.care_level = s.care_level
WHERE s.status = 'active'
"""


DUE_COLUMNS = (("for_period", "TEXT"), ("mode", "TEXT"), ("care_level", "TEXT"),
               ("standard_fen", "BIGINT"), ("supplement_fen", "BIGINT"), ("version", "INTEGER"))  # fmt: skip


def insert_back_pay(due_rows: int) -> str:
    """补发 for months already paid under an older version, to residents paid regularly in this batch.

    Params: due…, from period, to period (exclusive), batch id, note, batch id.
    """
    return f"""
WITH {values_table("due", DUE_COLUMNS, due_rows)},
paid AS (
    SELECT resident, for_period, SUM(standard_fen) AS standard_paid, SUM(supplement_fen) AS supplement_paid,
           MAX(standard_version) AS version
    FROM payment_line WHERE for_period >= ? AND for_period < ?
    GROUP BY resident, for_period)
INSERT INTO payment_line ({LINE_COLUMNS})
SELECT CAST(? AS BIGINT), p.resident, p.for_period, 'back_pay', d.version, l.mode, l.care_level, l.home, l.payee,
       d.standard_fen - p.standard_paid, d.supplement_fen - p.supplement_paid,
       (d.standard_fen + d.supplement_fen) - (p.standard_paid + p.supplement_paid), CAST(? AS TEXT)
FROM paid p
JOIN payment_line l ON l.resident = p.resident AND l.for_period = p.for_period AND l.kind = 'regular'
JOIN due d ON d.for_period = p.for_period AND d.mode = l.mode AND d.care_level = l.care_level
WHERE d.version > p.version
  AND d.standard_fen + d.supplement_fen > p.standard_paid + p.supplement_paid
  AND EXISTS (SELECT 1 FROM payment_line c WHERE c.batch = ? AND c.resident = p.resident AND c.kind = 'regular')
"""


BATCH_TOTALS = """
SELECT COUNT(*) AS n, CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) AS total,
       COUNT(DISTINCT resident) AS people
FROM payment_line WHERE batch = ?
"""

ROSTER_COUNTS = f"""
SELECT s.mode AS mode, s.care_level AS care_level, COUNT(*) AS n
FROM ({STATE_ON}) s WHERE s.status = 'active' GROUP BY s.mode, s.care_level
"""

LAST_BALANCE = "SELECT balance_after_fen AS balance FROM fund_entry ORDER BY id DESC LIMIT 1"
