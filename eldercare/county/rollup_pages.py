"""/counties: a city or province user's comparison of its counties, and the choice of one to look into."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from typing import Any

from litestar import Controller, Request, get
from litestar.response import Redirect, Template

from eldercare.auth.middleware import COUNTY_COOKIE
from eldercare.county import directory, rollup
from eldercare.errors import Forbidden
from eldercare.web import redirect, render

CACHE_SECONDS = 30
log = logging.getLogger("eldercare")


async def _kept_comparison(request: Request, actor) -> dict[str, Any]:
    """The comparison for this reader's counties, computed at most once per CACHE_SECONDS in this process.

    Concurrent readers never each read every county: the first computation is waited for (one at a time);
    after that a comparison older than CACHE_SECONDS is still answered at once, while one task in the
    background sums it again (the page says when it was summed)."""
    state = request.app.state
    if "rollup_cache" not in state:
        state.rollup_cache, state.rollup_lock, state.rollup_refreshing = {}, asyncio.Lock(), {}
    year = dt.date.today().year
    key = (tuple(sorted(actor.counties or ())), actor.region_code, actor.role, year)
    kept = state.rollup_cache.get(key)
    if kept is None:
        async with state.rollup_lock:
            kept = state.rollup_cache.get(key)
            if kept is None:
                kept = state.rollup_cache[key] = await _summed(actor, year)
    elif time.monotonic() - kept[0] > CACHE_SECONDS and key not in state.rollup_refreshing:
        state.rollup_refreshing[key] = asyncio.create_task(_refresh(state, key, actor, year))
    return kept[1]


async def _summed(actor, year: int) -> tuple[float, dict[str, Any]]:
    data = await rollup.comparison(actor=actor, year=year)
    data["computed_at"] = dt.datetime.now(dt.UTC)
    return time.monotonic(), data


async def _refresh(state, key: tuple, actor, year: int) -> None:
    try:
        async with state.rollup_lock:
            state.rollup_cache[key] = await _summed(actor, year)
    except Exception:  # noqa: BLE001 - the kept comparison stays; the next reader asks again
        log.exception("summing the counties again")
    finally:
        state.rollup_refreshing.pop(key, None)


class RollupController(Controller):
    path = "/counties"
    include_in_schema = False

    @get("/")
    async def index(self, request: Request) -> Template | Redirect:
        actor = request.user
        if not actor.is_reader:
            return redirect("/county")
        data = await _kept_comparison(request, actor)
        response = render(request, "county/rollup.html", **data)
        response.delete_cookie(COUNTY_COOKIE)
        return response

    @get("/{code:str}/enter")
    async def enter(self, request: Request, code: str) -> Redirect:
        """Look into one county as its bureau sees it (read only) until the user goes back to the roll-up."""
        actor = request.user
        if not actor.is_reader or code not in [c["code"] for c in await directory.visible_counties(actor)]:
            raise Forbidden("该县不在您的查看范围内。")
        response = redirect("/county")
        response.set_cookie(COUNTY_COOKIE, code, httponly=True, samesite="lax", max_age=12 * 3600)
        return response
