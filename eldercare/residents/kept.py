"""Kept figures (issue 12) and their check: every kept figure recomputed from its source rows.

What is kept, and where it is written (always in the transaction of the source row):
- `resident` (mode, home, care_level, status, status_on): the state after the last event, set by
  residents/services.apply_event, insert_admitted, the Excel import and the demo loader;
- `resident_state`: the event log folded into intervals, by the AFTER INSERT trigger on resident_event
  (migration 2026-12-01T21:47), so no writer can forget it;
- `economy_total`: per home, year, kind and in_kind the sum and count of economy_line, by the AFTER INSERT
  trigger on economy_line (the ledger is append-only: a reversal is a new line).

`verify_kept_state()` returns the differences as findings {check, subject, detail}, empty when all agree.
"""

from __future__ import annotations

from typing import Any

from eldercare import db

CHECK_NAMES = {
    "resident_row_state": "供养对象现状与最后一次变动不符",
    "resident_state_interval": "状态区间与变动记录不符",
    "economy_total": "院办经济年度合计与收支明细不符",
}

# The resident row against its last event (the greatest seq: dates never go back, rules.check_event_date).
ROW_VS_LAST_EVENT = """
SELECT r.id AS id, r.name AS name, r.status AS status, r.mode AS mode, r.home AS home, r.care_level AS care_level,
       e.status_after AS e_status, e.mode_after AS e_mode, e.home_after AS e_home,
       e.care_level_after AS e_care_level
FROM resident r
LEFT JOIN resident_event e ON e.resident = r.id
     AND e.seq = (SELECT MAX(l.seq) FROM resident_event l WHERE l.resident = r.id)
WHERE e.id IS NULL OR r.status <> e.status_after OR r.mode <> e.mode_after
   OR r.care_level <> e.care_level_after OR COALESCE(r.home, 0) <> COALESCE(e.home_after, 0)
ORDER BY r.id
"""

# The intervals rebuilt from the events (as the migration's backfill does), compared both ways.
REBUILT_INTERVALS = """
SELECT resident, dated_on AS valid_from, next_on AS valid_to, status_after AS status, mode_after AS mode,
       home_after AS home, care_level_after AS care_level FROM (
    SELECT e.resident, e.dated_on, e.status_after, e.mode_after, e.home_after, e.care_level_after,
           LEAD(e.dated_on) OVER (PARTITION BY e.resident ORDER BY e.dated_on, e.seq) AS next_on
    FROM resident_event e) x
WHERE next_on IS NULL OR next_on > dated_on
"""
KEPT_INTERVALS = """
SELECT resident, valid_from, valid_to, status, mode, home, care_level FROM resident_state
"""
# Each side is computed once (MATERIALIZED: SQLite would otherwise inline the CTE in both EXCEPTs).
INTERVAL_DIFFERENCES = f"""
WITH rebuilt AS MATERIALIZED ({REBUILT_INTERVALS}), kept AS MATERIALIZED ({KEPT_INTERVALS})
SELECT 'missing' AS side, a.* FROM (SELECT * FROM rebuilt EXCEPT SELECT * FROM kept) a
UNION ALL
SELECT 'extra' AS side, b.* FROM (SELECT * FROM kept EXCEPT SELECT * FROM rebuilt) b
ORDER BY 2, 3, 1
"""


def _year(column: str) -> str:
    if db.is_sqlite():
        return f"CAST(substr({column}, 1, 4) AS INTEGER)"
    return f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)"


def _total_differences() -> str:
    """Every economy line summed once, in table order: on SQLite `NOT INDEXED` (the (home) index would visit two
    million rows in random order: 45 s against 11 s for the scan at province size, measured in docs/performance.md)."""
    year = _year("dated_on")
    scan = "NOT INDEXED" if db.is_sqlite() else ""
    rebuilt = (
        f"SELECT home, {year} AS year, kind, in_kind, CAST(SUM(amount_fen) AS BIGINT) AS amount_fen, "
        f"COUNT(*) AS lines FROM economy_line {scan} GROUP BY home, {year}, kind, in_kind"
    )
    kept = (
        "SELECT home, year, kind, in_kind, CAST(amount_fen AS BIGINT) AS amount_fen, lines FROM economy_total "
        "WHERE lines <> 0 OR amount_fen <> 0"
    )
    return f"""
WITH rebuilt AS MATERIALIZED ({rebuilt}), kept AS MATERIALIZED ({kept})
SELECT 'missing' AS side, a.* FROM (SELECT * FROM rebuilt EXCEPT SELECT * FROM kept) a
UNION ALL
SELECT 'extra' AS side, b.* FROM (SELECT * FROM kept EXCEPT SELECT * FROM rebuilt) b
ORDER BY 2, 3, 4, 5, 1"""


def _finding(check: str, subject: str, detail: str) -> dict[str, str]:
    return {"check": check, "subject": subject, "detail": detail}


def _state(status: Any, mode: Any, home: Any, care_level: Any) -> str:
    return f"{status}/{mode}/{home if home is not None else '-'}/{care_level}"


async def verify_kept_state(*, limit: int = 1000) -> list[dict[str, str]]:
    """Recompute every kept figure from its source rows; one finding per difference (at most `limit` each)."""
    found: list[dict[str, str]] = []
    for r in (await db.fetch(ROW_VS_LAST_EVENT))[:limit]:
        if r["e_status"] is None:
            detail = f"供养对象 {r['name']}（#{r['id']}）没有任何变动记录。"
        else:
            kept = _state(r["status"], r["mode"], r["home"], r["care_level"])
            rebuilt = _state(r["e_status"], r["e_mode"], r["e_home"], r["e_care_level"])
            detail = f"供养对象 {r['name']}（#{r['id']}）记录为 {kept}，最后一次变动为 {rebuilt}。"
        found.append(_finding("resident_row_state", f"resident #{r['id']}", detail))
    for r in (await db.fetch(INTERVAL_DIFFERENCES))[:limit]:
        what = "缺少" if r["side"] == "missing" else "多出"
        span = f"{r['valid_from']}–{r['valid_to'] or '至今'}"
        state = _state(r["status"], r["mode"], r["home"], r["care_level"])
        found.append(_finding("resident_state_interval", f"resident #{r['resident']}",
                              f"状态区间{what}：{span} {state}。"))  # fmt: skip
    for r in (await db.fetch(_total_differences()))[:limit]:
        what = "明细合计" if r["side"] == "missing" else "保存的合计"
        found.append(_finding("economy_total", f"home #{r['home']} {r['year']}",
                              f"{what}：{r['kind']}{'（实物）' if r['in_kind'] else ''} {r['amount_fen']} 分，"
                              f"{r['lines']} 笔；另一方不同。"))  # fmt: skip
    return found
