"""A city or province user's county lists without `?county=`: the same list from each of their counties.

`GET /api/v1/homes` (townships, residents, staff) by a reader who has not chosen a county runs the route once
per county of theirs, in that county's store, and answers `{"items", "total"}` over all of them in county
order, each item with its `county_code`; `limit`/`offset` page through the whole. (A county's bureau is never
here: its lists are its county's.)
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlencode

from eldercare import stores
from eldercare.county import directory

FAN_OUT = {"/api/v1/townships", "/api/v1/homes", "/api/v1/residents", "/api/v1/staff"}
MAX_LIMIT = 500


class CountyFanOut:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        actor = scope.get("user")
        if (
            scope["type"] != "http"
            or scope.get("method") != "GET"
            or scope.get("path", "").rstrip("/") not in FAN_OUT
            or actor is None
            or not getattr(actor, "is_reader", False)
            or actor.county_code is not None
        ):
            await self.app(scope, receive, send)
            return
        query = dict(parse_qsl(scope.get("query_string", b"").decode()))
        try:
            limit = max(1, min(int(query.get("limit", 100)), MAX_LIMIT))
            offset = max(0, int(query.get("offset", 0)))
        except ValueError:
            await self.app(scope, receive, send)  # the route answers the bad number as usual
            return
        items: list[dict] = []
        total = 0
        for county in await directory.visible_counties(actor):
            sub_query = {**query, "limit": str(MAX_LIMIT), "offset": "0"}
            status, body = await self._one(scope, receive, actor, county, sub_query)
            if status != 200:
                await _answer(send, status, body)
                return
            page = json.loads(body)
            total += page.get("total", len(page.get("items", [])))
            items += [{**item, "county_code": county["code"]} for item in page.get("items", [])]
        await _answer(send, 200, json.dumps({"items": items[offset : offset + limit], "total": total},
                                            ensure_ascii=False).encode())  # fmt: skip

    async def _one(self, scope: dict, receive: Any, actor: Any, county: dict, query: dict) -> tuple[int, bytes]:
        from litestar.utils.scope.state import CONNECTION_STATE_KEY, ScopeState

        # a scope of its own: Litestar caches the parsed query (and more) in scope["state"]
        state = {k: v for k, v in scope.get("state", {}).items() if k != CONNECTION_STATE_KEY}
        sub = {**scope, "state": state, "user": actor.looking_at(county["code"]),
               "query_string": urlencode(query).encode()}  # fmt: skip
        # …but the route's exception handlers, set on the state by the router, stay: a refusal inside one county
        # answers its 4xx instead of failing in the exception middleware (a 500)
        ScopeState.from_scope(sub).exception_handlers = ScopeState.from_scope(scope).exception_handlers
        status, chunks = 500, []

        async def capture(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        with stores.use(stores.store_name(county["store_no"], county["code"]), county["code"]):
            await self.app(sub, receive, capture)
        return status, b"".join(chunks)


async def _answer(send: Any, status: int, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
