"""The set-based SQL of pocket money (`?` placeholders on both engines). The amounts come in as a VALUES table
from rules.monthly_rates(), so the money rule lives once, in rules.py."""

from __future__ import annotations

from eldercare.payments.sql import values_table
from eldercare.residents.sql import STATE_ON

RATES = (("care_level", "TEXT"), ("amount_fen", "BIGINT"))
PAID_RESIDENTS = "s.status = 'active' AND s.mode = 'centralized' AND s.home IS NOT NULL"


def needs(rate_rows: int) -> str:
    """Per home: how many are paid and how much. Params: rates…, date, date."""
    return f"""
WITH {values_table("rates", RATES, rate_rows)}, state AS ({STATE_ON})
SELECT s.home AS home, COUNT(*) AS n, CAST(SUM(r.amount_fen) AS BIGINT) AS total
FROM state s JOIN rates r ON r.care_level = s.care_level
WHERE {PAID_RESIDENTS} GROUP BY s.home
"""


def insert_lines(rate_rows: int) -> str:
    """Params: rates…, date, date, batch id, period, source."""
    return f"""
WITH {values_table("rates", RATES, rate_rows)}, state AS ({STATE_ON})
INSERT INTO pocket_money_line (batch, resident, home, for_period, care_level, source, amount_fen)
SELECT CAST(? AS BIGINT), s.resident, s.home, CAST(? AS TEXT), s.care_level, CAST(? AS TEXT), r.amount_fen
FROM state s JOIN rates r ON r.care_level = s.care_level
WHERE {PAID_RESIDENTS}
"""


ECONOMY_NET = """
SELECT home, CAST(SUM(CASE WHEN kind = 'income' THEN amount_fen ELSE -amount_fen END) AS BIGINT) AS net
FROM economy_line WHERE dated_on >= ? AND dated_on <= ? GROUP BY home
"""

ECONOMY_PAID = """
SELECT home, CAST(SUM(amount_fen) AS BIGINT) AS paid FROM pocket_money_line
WHERE source = 'economy' AND for_period >= ? AND for_period <= ? GROUP BY home
"""

ELIGIBLE_BY_HOME = f"""
SELECT s.home AS home, COUNT(*) AS n FROM ({STATE_ON}) s WHERE {PAID_RESIDENTS} GROUP BY s.home
"""

PAID_BY_HOME = "SELECT home, COUNT(*) AS n FROM pocket_money_line WHERE for_period = ? GROUP BY home"

MONTHS = """
SELECT for_period, source, COUNT(*) AS n, CAST(SUM(amount_fen) AS BIGINT) AS total FROM pocket_money_line
WHERE for_period >= ? AND for_period <= ? GROUP BY for_period, source ORDER BY for_period
"""
