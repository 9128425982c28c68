"""/api/v1/audit: the county's audit log for the bureau, newest first, by keyset."""

from __future__ import annotations

from litestar import Controller, Request, get

from eldercare.api_common import Limit, Out, clamp_limit, errors, typed
from eldercare.audit import services
from eldercare.auth.actor import BUREAU
from eldercare.auth.middleware import requires


class AuditEntryOut(Out):
    id: int
    at: str
    actor: str
    action: str
    table_name: str
    row_id: str
    before: str | None
    after: str | None


class AuditList(Out):
    items: list[AuditEntryOut]
    total: int
    """the count, stopped at 10,000 (`capped`: there are more)"""
    capped: bool
    next_after: str | None = None
    """keyset cursor of the next (older) page (`?after=`), null at the end"""


class AuditApi(Controller):
    path = "/api/v1/audit"
    tags = ["audit"]
    guards = [requires(BUREAU)]

    @get("/", responses=errors())
    async def index(
        self, request: Request, table: str = "", limit: Limit = 100, after: str = ""
    ) -> AuditList:
        """Newest first; `?table=` one table's changes; `?after=<next_after>` the next page."""
        window, total, capped = await services.audit_page(actor=request.user, table_name=table[:50],
                                                          limit=clamp_limit(limit), after=after or None)  # fmt: skip
        return typed(AuditList, {"items": window.rows, "total": total, "capped": capped,
                                 "next_after": window.next_after})  # fmt: skip
