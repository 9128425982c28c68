"""Keyset pages read an index in the list's order (issue 12): the page query, with a cursor, seeks an index
and never sorts (SQLite: no "USE TEMP B-TREE FOR ORDER BY"; PostgreSQL, with sorting and sequential scans
priced out so the question is whether an index *can* serve the order: no Sort node)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from eldercare import db, keyset
from eldercare.audit import services as audit
from eldercare.county import services as county
from eldercare.economy import services as economy
from eldercare.payments import selectors
from eldercare.pocket import savings
from eldercare.residents import roster
from eldercare.staff import services as staff

LISTS = {
    "roster": (roster.ROSTER_ORDER, roster.SELECT_ROSTER, ("r.home = ?",), [1], ["zxy", "张秀英", 5]),
    "staff of a home": (staff.STAFF_ORDER, staff.SELECT_STAFF, ("s.home = ?",), [1], [1, False, 5]),
    "staff of the county": (staff.STAFF_ORDER, staff.SELECT_STAFF, (), [], [1, False, 5]),
    "economy ledger": (economy.LINE_ORDER, economy.SELECT_LINES, ("l.home = ?", "l.dated_on >= ?", "l.dated_on < ?"),
                       [1, dt.date(2025, 1, 1), dt.date(2026, 1, 1)], [dt.date(2025, 6, 1), 5]),
    "fund ledger": (selectors.FUND_ORDER, selectors.SELECT_FUND, (), [], [5]),
    "batch lines": (selectors.LINE_ORDER, selectors.SELECT_LINES, ("l.batch = ?",), [1], [5]),
    "a director's batch lines": (selectors.LINE_ORDER, selectors.SELECT_LINES, ("l.batch = ?", "l.home = ?"),
                                 [1, 1], [5]),
    "savings ledger": (savings.SAVINGS_ORDER, savings.SELECT_SAVINGS, ("e.resident = ?",), [1], [5]),
    "homes": (county.HOME_ORDER, county.SELECT_HOMES, (), [], ["JLY01"]),
    "audit log": (audit.AUDIT_ORDER, audit.SELECT_AUDIT, (), [], [5]),
    "audit log of a table": (audit.AUDIT_ORDER, audit.SELECT_AUDIT, ("a.table_name = ?",), ["staff"], [5]),
}  # fmt: skip


def _page_sql(name: str) -> tuple[str, list]:
    order, select, conditions, args, cursor = LISTS[name]
    at = keyset.seek(order, after=keyset.encode(cursor))
    return select + keyset.where(*conditions, at.condition) + at.order_by + " LIMIT ?", [*args, *at.args, 51]


async def _plan(sql: str, args: list) -> str:
    if db.is_sqlite():
        rows = await db.fetch("EXPLAIN QUERY PLAN " + sql, *args)
        return "\n".join(r["detail"] for r in rows)
    engine = db.get_engine()
    await engine.ensure_pool()
    counter = iter(range(1, 1000))
    pg_sql = re.sub(r"\?", lambda _m: f"${next(counter)}", sql)
    async with engine.pool.acquire() as conn, conn.transaction():
        await conn.execute("SET LOCAL enable_sort = off; SET LOCAL enable_seqscan = off")
        rows = await conn.fetch("EXPLAIN " + pg_sql, *args)
    return "\n".join(r[0] for r in rows)


@pytest.mark.parametrize("name", sorted(LISTS))
async def test_a_keyset_page_reads_an_index_in_order_without_sorting(database, name):
    plan = await _plan(*_page_sql(name))
    print(f"{name}: {plan}")  # the plans, for docs/performance.md (pytest -s)
    if db.is_sqlite():
        assert "TEMP B-TREE FOR ORDER BY" not in plan, plan
        assert re.search(r"USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY", plan), plan
    else:
        assert "Sort" not in plan, plan
        assert "Index" in plan, plan
