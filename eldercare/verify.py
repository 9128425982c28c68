"""`eldercare verify`: the hash chains checked and the money reconciled; every broken row named.

- every chain of eldercare/chain.py (audit log, fund entries, batches and lines, economy lines, year-end
  results): each row's hash over its content and the previous hash;
- each batch: its total and count = the sum and count of its lines = its ledger outflow; each line's
  amount = standard + supplement;
- the fund's balance chain: each entry's balance = the previous balance ± its amount;
- each home's economy: a reversal negates the line it reverses (same home and kind, once); a finalized
  year's stored results (income, expense, net, pool) = the ledger's sums for that home and year.

The daily checks run it and keep the report (verify_report); the integrity page shows the latest one.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
from typing import Any

from eldercare import chain, db
from eldercare.money import format_fen

PAGE = 5000


def _problem(check: str, table: str, row_id: int, what: str) -> dict[str, Any]:
    return {"check": check, "kind": check, "table": table, "id": int(row_id), "what": what}


async def check_chains() -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    problems: list[dict[str, Any]] = []
    heads: dict[str, dict[str, Any]] = {}
    for c in chain.CHAINS:
        walker = chain.Walker(c)
        last_id, last_hash = 0, None
        while True:
            rows = await db.fetch(f"{chain.select_sql(c, 'WHERE id > ?')} LIMIT {PAGE}", last_id)
            if not rows:
                break
            await asyncio.to_thread(walker.feed, rows)  # hashing off the loop: pages answer during the check
            last_id = rows[-1]["id"]
            last_hash = next((r["row_hash"] for r in reversed(rows) if r["row_hash"]), last_hash)
        problems += walker.problems
        heads[c.table] = {"rows": walker.rows, "last_id": last_id, "head": last_hash}
    return problems, heads


BATCHES_SQL = """
SELECT b.id, b.period, b.count, b.total_fen, COALESCE(l.n, 0) AS n, COALESCE(l.total, 0) AS lines_fen,
       f.id AS entry_id, f.amount_fen AS outflow_fen
FROM payment_batch b
LEFT JOIN (SELECT batch, COUNT(*) AS n, CAST(SUM(amount_fen) AS BIGINT) AS total FROM payment_line
           GROUP BY batch) l ON l.batch = b.id
LEFT JOIN fund_entry f ON f.batch = b.id
ORDER BY b.id
"""
LINES_SQL = """
SELECT id, batch, amount_fen, standard_fen, supplement_fen FROM payment_line
WHERE amount_fen <> standard_fen + supplement_fen ORDER BY id
"""


async def check_batches() -> list[dict[str, Any]]:
    out = []
    for b in await db.fetch(BATCHES_SQL):
        p = b["period"]
        if int(b["lines_fen"]) != b["total_fen"]:
            out.append(_problem("batch_total", "payment_batch", b["id"],
                                f"{p} 批次合计 {format_fen(b['total_fen'])} 元，明细之和 {format_fen(int(b['lines_fen']))} 元。"))  # fmt: skip
        if int(b["n"]) != b["count"]:
            out.append(_problem("batch_count", "payment_batch", b["id"],
                                f"{p} 批次记 {b['count']} 笔，明细 {b['n']} 笔。"))  # fmt: skip
        if b["total_fen"] and b["outflow_fen"] is None:
            out.append(_problem("batch_outflow", "payment_batch", b["id"], f"{p} 批次在专户流水中没有支出。"))
        elif b["outflow_fen"] is not None and b["outflow_fen"] != b["total_fen"]:
            out.append(_problem("batch_outflow", "fund_entry", b["entry_id"],
                                f"{p} 批次合计 {format_fen(b['total_fen'])} 元，专户支出 {format_fen(b['outflow_fen'])} 元。"))  # fmt: skip
    for line in await db.fetch(LINES_SQL):
        out.append(_problem("line_amount", "payment_line", line["id"],
                            f"发放明细金额 {format_fen(line['amount_fen'])} 元 ≠ 标准 {format_fen(line['standard_fen'])} 元"
                            f" + 补助 {format_fen(line['supplement_fen'])} 元。"))  # fmt: skip
    return out


async def check_fund() -> list[dict[str, Any]]:
    out = []
    balance = 0
    rows = await db.fetch("SELECT id, kind, amount_fen, balance_after_fen FROM fund_entry ORDER BY id")
    for r in rows:
        if r["kind"] == "inflow":
            expected = balance + r["amount_fen"]
        elif r["kind"] == "outflow":
            expected = balance - r["amount_fen"]
        else:
            out.append(_problem("fund_kind", "fund_entry", r["id"], f"专户流水类别不明：{r['kind']}。"))
            expected = r["balance_after_fen"]
        if r["balance_after_fen"] != expected:
            out.append(_problem("fund_balance", "fund_entry", r["id"],
                                f"余额应为 {format_fen(expected)} 元，记为 {format_fen(r['balance_after_fen'])} 元。"))  # fmt: skip
        balance = r["balance_after_fen"]
    return out


REVERSALS_SQL = """
SELECT r.id, r.home, r.kind, r.amount_fen, o.id AS original, o.home AS o_home, o.kind AS o_kind,
       o.amount_fen AS o_amount, o.reverses AS o_reverses
FROM economy_line r LEFT JOIN economy_line o ON o.id = r.reverses
WHERE r.reverses IS NOT NULL ORDER BY r.id
"""
TWICE_SQL = "SELECT reverses, COUNT(*) AS n, MAX(id) AS id FROM economy_line WHERE reverses IS NOT NULL GROUP BY reverses HAVING COUNT(*) > 1"
FINALIZED_SQL = """
SELECT h.id, h.year, h.home, h.income_fen, h.expense_fen, h.net_fen, h.pool_fen FROM year_end_home h
JOIN year_end y ON y.year = h.year AND y.status = 'finalized' ORDER BY h.year, h.id
"""


async def check_economy() -> list[dict[str, Any]]:
    from eldercare.economy.services import figures as economy_figures

    async def economy_year(*, year: int) -> list[dict[str, Any]]:
        # from the source lines, not the kept totals: a kept total that followed a tampered line proves nothing
        rows = await db.fetch(
            "SELECT home AS home_id, "
            "CAST(COALESCE(SUM(CASE WHEN kind = 'income' THEN amount_fen ELSE 0 END), 0) AS BIGINT) AS income_fen, "
            "CAST(COALESCE(SUM(CASE WHEN kind = 'expense' THEN amount_fen ELSE 0 END), 0) AS BIGINT) AS expense_fen "
            "FROM economy_line WHERE dated_on >= ? AND dated_on <= ? GROUP BY home",
            dt.date(year, 1, 1), dt.date(year, 12, 31),
        )  # fmt: skip
        return [{"home_id": r["home_id"], **economy_figures(int(r["income_fen"]), int(r["expense_fen"]))}
                for r in rows]  # fmt: skip

    out = []
    for r in await db.fetch(REVERSALS_SQL):
        if r["original"] is None:
            out.append(_problem("economy_reversal", "economy_line", r["id"], f"冲销的第 {r['id']} 行所冲销的原行不存在。"))
        elif (r["home"], r["kind"], r["amount_fen"]) != (r["o_home"], r["o_kind"], -r["o_amount"]) or r["o_reverses"]:
            out.append(_problem("economy_reversal", "economy_line", r["id"],
                                f"冲销行与原第 {r['original']} 行不对应（敬老院、类别或金额不符）。"))  # fmt: skip
    for r in await db.fetch(TWICE_SQL):
        out.append(_problem("economy_reversal", "economy_line", r["id"], f"第 {r['reverses']} 行被冲销了 {r['n']} 次。"))
    stored = await db.fetch(FINALIZED_SQL)
    ledgers: dict[int, dict[int, dict[str, int]]] = {}
    for h in stored:
        if h["year"] not in ledgers:
            ledgers[h["year"]] = {x["home_id"]: x for x in await economy_year(year=h["year"])}
        figures = ledgers[h["year"]].get(h["home"], {"income_fen": 0, "expense_fen": 0, "net_fen": 0, "pool_fen": 0})
        for key, name in (("income_fen", "收入"), ("expense_fen", "支出"), ("net_fen", "纯收入"), ("pool_fen", "分成")):
            if h[key] != figures[key]:
                out.append(_problem("economy_totals", "year_end_home", h["id"],
                                    f"{h['year']}年度定案结果{name} {format_fen(h[key])} 元，院办经济流水合计 {format_fen(figures[key])} 元。"))  # fmt: skip
    return out


async def check_kept() -> list[dict[str, Any]]:
    """The figures kept beside their sources (residents' state intervals, economy totals) against them."""
    from eldercare.residents.kept import verify_kept_state

    return [{"check": "kept_state", "kind": f["check"], "table": f["subject"].split(" ")[0], "id": 0,
             "what": f["detail"]} for f in await verify_kept_state()]  # fmt: skip


async def verify() -> dict[str, Any]:
    """Every check; {"ok", "problems": [{check, kind, table, id, what}], "chains": {table: {rows, last_id, head}}}."""
    problems, heads = await check_chains()
    problems += await check_batches()
    problems += await check_fund()
    problems += await check_economy()
    problems += await check_kept()
    return {"ok": not problems, "checked_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "problems": problems, "chains": heads}  # fmt: skip


async def verify_and_keep(actor: Any) -> dict[str, Any]:
    """The daily checks' step: verify and keep the report for the integrity page."""
    from eldercare.verify_tables import VerifyReport

    report = await verify()
    async with db.write(actor) as w:
        await w.insert(VerifyReport, checked_at=dt.datetime.now(dt.UTC), ok=report["ok"],
                       problem_count=len(report["problems"]),
                       report=json.dumps(report, ensure_ascii=False, default=str))  # fmt: skip
    return report


async def latest_report() -> dict[str, Any] | None:
    from eldercare.verify_tables import VerifyReport

    row = await VerifyReport.select().order_by(VerifyReport.id, ascending=False).first()
    if row is None:
        return None
    return {**json.loads(row["report"]), "checked_at": row["checked_at"]}


async def _verify_county(_code: str | None) -> dict[str, Any]:
    return await verify()


def command(args: argparse.Namespace) -> int:
    """`eldercare verify [--json]`: 0 when every check holds, 1 when anything is found."""

    from eldercare.config import get_settings
    from eldercare.county.workers import Failed, in_workers

    reports = in_workers(_verify_county, get_settings().job_counties_at_a_time, getattr(args, "county", None))
    for code, report in reports:
        if isinstance(report, Failed):
            if len(reports) == 1 and report.domain:
                print(f"eldercare verify: {report.error}", file=sys.stderr)
                return 2
            raise RuntimeError(f"county {code}: {report.error}")
        for p in report["problems"]:
            p["county"] = code
    if len(reports) == 1:
        report = reports[0][1]
    else:  # several counties: one report, each chain and problem named with its county
        report = {"ok": all(r["ok"] for _, r in reports), "checked_at": reports[0][1]["checked_at"],
                  "problems": [p for _, r in reports for p in r["problems"]],
                  "chains": {f"{code}/{c}": h for code, r in reports for c, h in r["chains"].items()}}  # fmt: skip
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        for c, head in report["chains"].items():
            print(f"{c}\t{head['rows']} 行\t{head['head'] or '-'}")
        for p in report["problems"]:
            print(f"{p['table']}\t{p['id']}\t{p['kind']}\t{p['what']}", file=sys.stderr)
        print("核验通过：哈希链完整，账目相符。" if report["ok"] else f"核验发现 {len(report['problems'])} 处问题。")
    return 0 if report["ok"] else 1


def add_parser(sub: Any) -> None:
    v = sub.add_parser("verify", help="check the hash chains and reconcile the money")
    v.add_argument("--json", action="store_true", help="the report as JSON on stdout")
    v.add_argument("--county", help="only this county (GB/T 2260 code); every county when left out")
    v.set_defaults(func=command)
