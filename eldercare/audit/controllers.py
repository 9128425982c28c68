"""The bureau's 审计日志 page: newest first, 下一页/上一页 by keyset, optionally one table's changes."""

from __future__ import annotations

from urllib.parse import urlencode

from litestar import Controller, Request, get
from litestar.response import Template

from eldercare.audit import services
from eldercare.auth.actor import BUREAU
from eldercare.auth.middleware import requires
from eldercare.web import page_or_partial

PAGE = 50


class AuditPages(Controller):
    path = "/audit"
    guards = [requires(BUREAU)]

    @get("/")
    async def index(self, request: Request, table: str = "", after: str = "", before: str = "") -> Template:
        table = table.strip()[:50]
        window, total, capped = await services.audit_page(
            actor=request.user, table_name=table, limit=PAGE, after=after or None, before=before or None
        )
        base = "/audit?" + (urlencode({"table": table}) + "&" if table else "")
        return page_or_partial(request, "audit/index.html", "audit/_list.html", rows=window.rows, total=total,
                               capped=capped, next_after=window.next_after, prev_before=window.prev_before,
                               base=base, table=table)  # fmt: skip
