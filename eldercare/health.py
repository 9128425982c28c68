"""GET /healthz: the process answers and its database does (no sign-in; for load balancers and monitoring)."""

from __future__ import annotations

import asyncio
import logging
from typing import Literal

import msgspec
from litestar import Response, get
from litestar.openapi.datastructures import ResponseSpec

from eldercare import db

log = logging.getLogger("eldercare")
TIMEOUT_S = 3.0


class Health(msgspec.Struct):
    status: Literal["ok", "unavailable"]
    database: Literal["ok", "unreachable"]


@get(
    "/healthz",
    tags=["health"],
    summary="the service and its database",
    security=[],
    cache=False,
    responses={503: ResponseSpec(data_container=Health, description="the database cannot be reached")},
)
async def healthz() -> Response[Health]:
    try:
        await asyncio.wait_for(db.fetch("SELECT 1 AS one"), TIMEOUT_S)
    except Exception as exc:  # any failure to reach the database is "unreachable", never a 500
        log.warning("health check: database unreachable: %s", exc)
        return Response(Health(status="unavailable", database="unreachable"), status_code=503)
    return Response(Health(status="ok", database="ok"))
