"""The dashboards put together: role and scope checked here, figures from queries, arithmetic from rules."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from eldercare.auth.actor import BUREAU, STAFF, Actor
from eldercare.auth.scope import require_home, require_role
from eldercare.dashboards import home_queries, queries, rules
from eldercare.errors import NotFound


def _with_rates(townships: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for t in townships:
        t["rate_permille"] = rules.rate_permille(t["centralized"], t["total"])
        t["meets_target"] = rules.meets_target(t["rate_permille"])
    return townships


def _with_occupancy(homes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for h in homes:
        h["occupancy_permille"] = rules.rate_permille(h["residents"], h["beds"])
        h["free_beds"] = max(h["beds"] - h["residents"], 0)
    return homes


def _with_net(homes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for h in homes:
        h["net_fen"] = h["income_fen"] - h["expense_fen"]
        h["pool_fen"] = rules.bonus_pool_fen(h["net_fen"])
    return homes


def sum_rows(items: list[dict[str, Any]], keys: tuple[str, ...]) -> dict[str, int]:
    return {k: sum(r.get(k) or 0 for r in items) for k in keys}


async def townships(on: dt.date) -> list[dict[str, Any]]:
    return _with_rates(await queries.supported_by_township(on))


async def homes(on: dt.date, home_id: int | None = None) -> list[dict[str, Any]]:
    return _with_occupancy(await queries.homes_occupancy(on, home_id))


async def economy(year: int) -> list[dict[str, Any]]:
    return _with_net(await queries.economy_by_home(year))


async def fund(on: dt.date) -> dict[str, Any]:
    """Balance now, and the year's month-end balances, inflows and batches."""
    year = on.year
    opening = await queries.fund_balance_on(dt.date(year - 1, 12, 31)) or 0
    moves = await queries.fund_moves_by_month(year)
    signed = [(m["period"], m["inflow_fen"] - m["outflow_fen"]) for m in moves]
    return {
        "balance_fen": await queries.fund_balance_on(on),
        "month_end_fen": rules.month_end_balances(opening, signed, year),
        "inflow_fen": rules.month_series([(m["period"], m["inflow_fen"]) for m in moves], year),
        "batches": await queries.batches_by_month(year),
    }


async def rating(on: dt.date) -> dict[str, Any]:
    progress = await queries.rating_progress(on.year)
    items = progress["items"]
    done = [h for h in progress["homes"] if items and h["scored"] >= items]
    progress["scored"] = len(done)
    progress["not_scored"] = [h for h in progress["homes"] if not (items and h["scored"] >= items)]
    run = await queries.latest_year_end(on.year)
    progress["year_end"] = run
    progress["ranking"] = await queries.ranking(run["year"]) if run else []
    return progress


async def county_dashboard(*, actor: Actor, on: dt.date) -> dict[str, Any]:
    """数据看板: the county at a glance on a date."""
    require_role(actor, BUREAU)
    towns = await townships(on)
    totals = sum_rows(towns, ("total", "centralized", "dispersed"))
    totals["rate_permille"] = rules.rate_permille(totals["centralized"], totals["total"])
    home_rows = await homes(on)
    beds = sum_rows(home_rows, ("beds", "residents"))
    beds["occupancy_permille"] = rules.rate_permille(beds["residents"], beds["beds"])
    return {
        "on": on,
        "townships": towns,
        "totals": totals,
        "homes": home_rows,
        "beds": beds,
        "fund": await fund(on),
        "economy": await economy(on.year),
        "rating": await rating(on),
        "admissions": await queries.admissions_by_stage(),
        "notices": await queries.notices(),
        "integrity": await queries.integrity_findings(),
        "target_permille": rules.CENTRALIZED_TARGET_PERMILLE,
    }


async def home_dashboard(*, actor: Actor, home_id: int, on: dt.date) -> dict[str, Any]:
    """本院看板: today's census, this month's batch, economy this year against last, and what is due."""
    require_home(actor, home_id)
    found = await homes(on, home_id)
    if not found:
        raise NotFound("敬老院不存在。")
    months = await home_queries.economy_months(home_id, (on.year - 1, on.year))
    net = [(m["period"], m["amount_fen"] if m["kind"] == "income" else -m["amount_fen"]) for m in months]
    round_no = rules.half_year_round(on)
    return {
        "on": on,
        "home": found[0],
        "census": await home_queries.census_on(home_id, on),
        "batch": await home_queries.home_batch(home_id, rules.period_of(on)),
        "net_this_year": rules.month_series(net, on.year),
        "net_last_year": rules.month_series(net, on.year - 1),
        "notices": await queries.notices(
            ends_by=on + dt.timedelta(days=rules.NOTICE_WINDOW_DAYS), home_id=home_id
        ),
        "reviews": await home_queries.reviews_due(home_id, due_cutoff=rules.review_due_cutoff(on)),
        "trust_round": round_no,
        "trust_done": await home_queries.trust_round_done(home_id, year=on.year, round_no=round_no),
        "scores": await home_queries.scores_missing(home_id, on.year),
    }


async def my_years(*, actor: Actor, limit: int = 10, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """A staff member's own pay and share per year, with the why (JSON decoded)."""
    require_role(actor, STAFF)
    if actor.staff_id is None:
        return [], 0
    items, total = await home_queries.staff_years(actor.staff_id, limit=limit, offset=offset)
    for item in items:
        item["why"] = _json(item["why"], {})
        item["reasons"] = _json(item["reasons"], [])
    return items, total


def _json(text: Any, default: Any) -> Any:
    if isinstance(text, (dict, list)):
        return text
    try:
        return json.loads(text or "")
    except ValueError:
        return default
