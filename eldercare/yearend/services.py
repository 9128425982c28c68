"""年度目标考核: preview, run (stored, replacing an unfinalized run) and finalize (locks the year)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from piccolo.query.functions.aggregate import Sum

from eldercare import db
from eldercare.approvals import services as approvals
from eldercare.auth.actor import BUREAU, Actor
from eldercare.auth.scope import require_role
from eldercare.county.tables import Home
from eldercare.economy.tables import Contribution, EconomyLine
from eldercare.errors import Conflict, year_finalized
from eldercare.ratings import rules as rating_rules
from eldercare.ratings.process import ensure_notice_closed
from eldercare.ratings.services import get_rubric, home_totals
from eldercare.yearend import rules
from eldercare.yearend.inputs import staff_inputs, year_settings
from eldercare.yearend.lock import ensure_year_open, is_finalized
from eldercare.yearend.tables import YearEnd


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


async def _economy_inputs(year: int) -> dict[int, dict[str, Any]]:
    """Each home's income, expense, net, pool and pool shares for the year (two grouped/ordered queries)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    sums = await EconomyLine.select(
        EconomyLine.home, EconomyLine.kind, Sum(EconomyLine.amount_fen, alias="fen")
    ).where((EconomyLine.dated_on >= start) & (EconomyLine.dated_on <= end)).group_by(
        EconomyLine.home, EconomyLine.kind
    )  # fmt: skip
    points = await Contribution.select(
        Contribution.home, Contribution.position, Contribution.person_kind, Contribution.person_id,
        Contribution.points,
    ).where(Contribution.year == year).order_by(Contribution.home).order_by(Contribution.position)  # fmt: skip
    homes: dict[int, dict[str, Any]] = {}
    for r in sums:
        entry = homes.setdefault(r["home"], {"income_fen": 0, "expense_fen": 0})
        entry[f"{r['kind']}_fen"] += int(r["fen"] or 0)
    contributions: dict[int, list[dict[str, Any]]] = {}
    for r in points:
        contributions.setdefault(r["home"], []).append(
            {"person_kind": r["person_kind"], "person_id": r["person_id"], "points": r["points"]}
        )
    out = {}
    for home_id in sorted(set(homes) | set(contributions)):
        money = homes.get(home_id, {"income_fen": 0, "expense_fen": 0})
        net = money["income_fen"] - money["expense_fen"]
        pool = rules.pool_fen(net)
        shares = rules.pool_shares(pool, contributions.get(home_id, []))
        out[home_id] = {**money, "net_fen": net, "pool_fen": pool, "shares": shares}
    return out


async def missing_inputs(*, year: int) -> dict[str, Any]:
    """What the year-end still lacks: homes not scored, staff (employed ≥ 1 month) not assessed."""
    homes = await Home.select(Home.id, Home.code, Home.name).order_by(Home.code)
    scored = {t["home_id"] for t in await home_totals(year=year)}
    staff = [s for s in await staff_inputs(year) if s["grade"] is None
             and rules.months_served(s["hired_on"], s["left_on"], year) > 0]  # fmt: skip
    return {
        "year": year,
        "homes_not_scored": [h for h in homes if h["id"] not in scored],
        "staff_not_assessed": [{"id": s["id"], "home_id": s["home"], "name": s["name"]} for s in staff],
    }


def _home_results(year: int, totals: list[dict], homes: dict[int, dict], settings: dict, thresholds: list,
                  economy: dict) -> list[dict[str, Any]]:  # fmt: skip
    plain = [{"home_id": t["home_id"], "code": homes[t["home_id"]]["code"], "total_tenths": t["total_tenths"],
              "service_tenths": t["areas"].get(rating_rules.SERVICE, 0),
              "management_tenths": t["areas"].get(rating_rules.MANAGEMENT, 0)} for t in totals]  # fmt: skip
    out = []
    for h in rules.rank_homes(plain):
        money = economy.get(h["home_id"], {"income_fen": 0, "expense_fen": 0, "net_fen": 0, "pool_fen": 0})
        award = rules.award_fen(h["rank"], count=settings["award_count"], amount_fen=settings["award_fen"])
        star = rating_rules.star_for(h["total_tenths"], thresholds)
        eligible = h["total_tenths"] >= settings["pension_threshold_tenths"]
        why = {"total_tenths": h["total_tenths"], "service_tenths": h["service_tenths"],
               "management_tenths": h["management_tenths"], "star_thresholds_tenths": list(thresholds),
               "award_count": settings["award_count"], "award_each_fen": settings["award_fen"],
               "pension_threshold_tenths": settings["pension_threshold_tenths"],
               "rank_rule": "总分高者在前；同分比供养服务，再比院务管理，再按编码"}  # fmt: skip
        out.append({"rank": h["rank"], "home_id": h["home_id"], "code": h["code"],
                    "name": homes[h["home_id"]]["name"], "total": h["total_tenths"] / 10,
                    "total_tenths": h["total_tenths"], "star": star, "award_fen": award,
                    "pension_eligible": eligible, "income_fen": money["income_fen"],
                    "expense_fen": money["expense_fen"], "net_fen": money["net_fen"],
                    "pool_fen": money["pool_fen"], "why": why})  # fmt: skip
    return out


def _staff_results(year: int, staff: list[dict], by_home: dict[int, dict], settings: dict,
                   economy: dict) -> list[dict[str, Any]]:  # fmt: skip
    out = []
    for s in staff:
        months = rules.months_served(s["hired_on"], s["left_on"], year)
        pay = rules.performance_pay(s["grade"], months, settings["tiers_fen"])
        home = by_home.get(s["home"])
        pension = rules.pension_eligible(home["total_tenths"] if home else None, s["grade"],
                                         settings["pension_threshold_tenths"])  # fmt: skip
        adjust = rules.adjustment(s["grade"], s["surveys"], settings["trust_line_percent"])
        money = economy.get(s["home"], {"pool_fen": 0, "shares": []})
        mine = [x for x in money["shares"] if x["person_kind"] == "staff" and x["person_id"] == s["id"]]
        share = {"points": sum(x["points"] for x in mine), "pool_fen": money["pool_fen"],
                 "total_points": sum(x["points"] for x in money["shares"]),
                 "share_fen": sum(x["share_fen"] for x in mine)}  # fmt: skip
        out.append({"staff_id": s["id"], "home_id": s["home"], "name": s["name"],
                    "is_director": s["is_director"], "grade": s["grade"], "months": months,
                    "rate_fen": pay["rate_fen"], "performance_pay_fen": pay["performance_pay_fen"],
                    "bonus_share_fen": share["share_fen"], "pension_eligible": pension["eligible"],
                    "flagged_for_adjustment": adjust["flagged"], "reasons": adjust["reasons"],
                    "why": {"pay": pay["why"], "share": share, "pension": pension["why"],
                            "adjustment": adjust["why"]}})  # fmt: skip
    return out


async def compute(year: int) -> dict[str, Any]:
    """Everything the year-end decides, from the stored inputs; writes nothing."""
    settings = await year_settings(year)
    rubric = await get_rubric(year=year)
    homes = {h["id"]: h for h in await Home.select(Home.id, Home.code, Home.name)}
    economy = await _economy_inputs(year)
    ranking = _home_results(year, await home_totals(year=year), homes, settings,
                            rubric["star_thresholds_tenths"], economy)  # fmt: skip
    by_home = {h["home_id"]: h for h in ranking}
    staff = _staff_results(year, await staff_inputs(year), by_home, settings, economy)
    shares = [{"home_id": home_id, **{k: x[k] for k in ("person_kind", "person_id", "points", "share_fen")}}
              for home_id, money in sorted(economy.items()) for x in money["shares"]]  # fmt: skip
    return {"year": year, "settings": settings, "homes": ranking, "staff": staff, "shares": shares,
            "missing": await missing_inputs(year=year)}  # fmt: skip


async def year_end(*, actor: Actor, year: int, preview: bool) -> dict[str, Any]:
    """Preview computes and writes nothing; a run stores the results, replacing an earlier unfinalized run."""
    require_role(actor, BUREAU)
    if await is_finalized(year):
        raise year_finalized(year)
    result = await compute(year)
    missing = result["missing"]
    if preview:
        return {**result, "preview": True, "status": "preview"}
    if missing["homes_not_scored"] or missing["staff_not_assessed"]:
        raise Conflict(
            f"{year}年度还有{len(missing['homes_not_scored'])}所敬老院未评分、"
            f"{len(missing['staff_not_assessed'])}名工作人员未考核，不能正式运行。",
            code="inputs_missing",
        )
    async with db.write(actor) as w:
        await ensure_year_open(year)
        await _store(w, year, result)
        current = await YearEnd.select(YearEnd.id).where(YearEnd.year == year).first()
        inputs = _json({"settings": result["settings"]})
        now = dt.datetime.now(dt.UTC)
        if current is None:
            await w.insert(
                YearEnd, year=year, status="run", run_at=now, run_by=actor.user_id or None, inputs=inputs
            )
        else:
            await w.update(YearEnd, current["id"], status="run", run_at=now, run_by=actor.user_id or None,
                           inputs=inputs)  # fmt: skip
    return {**result, "preview": False, "status": "run"}


async def _store(w: db.Writer, year: int, result: dict[str, Any]) -> None:
    for table in ("year_end_share", "year_end_staff", "year_end_home"):
        await w.fetch(f"DELETE FROM {table} WHERE year = ?", year)
    await w.execute_many(
        "INSERT INTO year_end_home (year, home, rank, total_tenths, star, award_fen, pension_eligible, income_fen,"
        " expense_fen, net_fen, pool_fen, why) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(year, h["home_id"], h["rank"], h["total_tenths"], h["star"], h["award_fen"], h["pension_eligible"],
          h["income_fen"], h["expense_fen"], h["net_fen"], h["pool_fen"], _json(h["why"])) for h in result["homes"]],
    )  # fmt: skip
    await w.execute_many(
        "INSERT INTO year_end_staff (year, staff, home, grade, months, rate_fen, performance_pay_fen,"
        " bonus_share_fen, pension_eligible, flagged_for_adjustment, reasons, why)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(year, s["staff_id"], s["home_id"], s["grade"], s["months"], s["rate_fen"], s["performance_pay_fen"],
          s["bonus_share_fen"], s["pension_eligible"], s["flagged_for_adjustment"], _json(s["reasons"]),
          _json(s["why"])) for s in result["staff"]],
    )  # fmt: skip
    await w.execute_many(
        "INSERT INTO year_end_share (year, home, person_kind, person_id, points, share_fen) VALUES (?, ?, ?, ?, ?, ?)",
        [(year, x["home_id"], x["person_kind"], x["person_id"], x["points"], x["share_fen"])
         for x in result["shares"]],
    )  # fmt: skip
    await w.audit(table=YearEnd, row_id=year, action="run", before=None,
                  after={"homes": len(result["homes"]), "staff": len(result["staff"])})  # fmt: skip


async def finalize_year(*, actor: Actor, year: int) -> dict[str, Any]:
    """定案: lock the year; later writes dated in it are refused with 409 year_finalized. With the county's
    two-person rule on, the finalize waits for another bureau user (approvals.Pending); the year stays open."""
    require_role(actor, BUREAU)
    await ensure_notice_closed(year=year)
    async with db.write(actor) as w:
        current = await _finalizable(year)
        if await approvals.rule_on():
            return await approvals.request(w, actor=actor, kind="finalize", subject=f"finalize:{year}", year=year,
                                           payload={"year": year, "run_at": str(current["run_at"])})  # fmt: skip
        await _finalize(w, actor, current)
    return {"year": year, "status": "finalized"}


async def _finalizable(year: int) -> dict[str, Any]:
    current = await YearEnd.select().where(YearEnd.year == year).first()
    if current is None:
        raise Conflict(f"{year}年度尚未正式运行年终考核，不能定案。", code="not_run")
    if current["status"] == "finalized":
        raise year_finalized(year)
    return current


async def _finalize(w: db.Writer, actor: Actor, current: dict[str, Any]) -> None:
    await w.update(YearEnd, current["id"], status="finalized", finalized_at=dt.datetime.now(dt.UTC),
                   finalized_by=actor.user_id or None)  # fmt: skip


async def apply_finalize(w: db.Writer, actor: Actor, payload: dict[str, Any]) -> dict[str, Any]:
    """审核 approved: finalize, if the year is still run and not finalized, and its rating notice closed."""
    year = payload["year"]
    await ensure_notice_closed(year=year)
    current = await _finalizable(year)
    if str(current["run_at"]) != payload.get("run_at", str(current["run_at"])):
        raise Conflict(f"{year}年度年终考核在提交审核后又重新运行过，这项定案申请已过时，未生效；请退回后重新提交。",
                       code="stale_request")  # fmt: skip
    await _finalize(w, actor, current)
    return {"year": year, "status": "finalized"}


async def year_status(year: int) -> dict[str, Any] | None:
    return (
        await YearEnd.select(YearEnd.year, YearEnd.status, YearEnd.run_at, YearEnd.finalized_at)
        .where(YearEnd.year == year)
        .first()
    )
