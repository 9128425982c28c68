"""Pages: the roster (htmx search, filters, paging), a resident's page with timeline and event form,
admission, the roster on a past date, the bureau's integrity page."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from eldercare.auth.actor import BUREAU, DIRECTOR
from eldercare.auth.middleware import requires
from eldercare.errors import DomainError, Invalid
from eldercare.forms import FormReader
from eldercare.payments.services import payments_for_resident
from eldercare.pocket.services import for_resident as pocket_for_resident
from eldercare.residents import integrity, roster, services
from eldercare.web import is_partial, redirect, render

PAGE = 50


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() and len(value.strip()) < 19 else None


def person_form(f: FormReader) -> dict[str, Any]:
    """The person's fields shared by the admission and admit forms (templates/residents/_person_fields.html)."""
    return {
        "id_number": f.text("id_number", max_length=30), "name": f.text("name", max_length=50),
        "township_code": f.text("township_code", max_length=20), "mode": f.text("mode", max_length=20),
        "home_id": f.optional_id("home_id"), "village": f.text("village", max_length=100),
        "care_level": f.text("care_level", default="self_care", max_length=20),
    }  # fmt: skip


def _filters(request: Request) -> roster.Filters:
    p = request.query_params
    return roster.Filters(q=p.get("q", ""), township_code=p.get("township_code", ""),
                          home_id=_int_or_none(p.get("home_id")), mode=p.get("mode", ""),
                          status=p.get("status", ""), care_level=p.get("care_level", ""))  # fmt: skip


def _query_string(f: roster.Filters) -> str:
    from urllib.parse import urlencode

    pairs = {k: v for k, v in vars(f).items() if v not in ("", None)}
    return "?" + urlencode(pairs) + ("&" if pairs else "")


class ResidentPages(Controller):
    path = "/residents"
    guards = [requires(BUREAU, DIRECTOR)]

    @get("/")
    async def index(self, request: Request, after: str = "", before: str = "") -> Template:
        f = _filters(request)
        found = await roster.roster_page(
            actor=request.user, filters=f, limit=PAGE, after=after or None, before=before or None
        )
        context: dict[str, Any] = {"rows": found.rows, "total": found.total, "capped": found.capped,
                                   "next_after": found.next_after, "prev_before": found.prev_before,
                                   "limit": PAGE, "f": f, "base": "/residents" + _query_string(f)}  # fmt: skip
        if is_partial(request):
            return render(request, "residents/_list.html", **context)
        return render(
            request, "residents/index.html", choices=await roster.filter_choices(request.user), **context
        )

    @get("/new", guards=[requires(BUREAU)])
    async def new(self, request: Request) -> Template:
        return await self._admit_form(request, values={"on": services.local_today().isoformat()}, errors={})

    async def _admit_form(self, request, *, values, errors, message="", status=200) -> Template:
        choices = await roster.filter_choices(request.user)
        return render(request, "residents/new.html", status_code=status, values=values, errors=errors,
                      message=message, choices=choices)  # fmt: skip

    @post("/", guards=[requires(BUREAU)])
    async def create(self, request: Request) -> Template | Redirect:
        """录入既有对象: a person approved before this system existed, with the approval's document number and
        date (the audit row keeps both in the admit event's reason). New persons enter through 三审三公示."""
        f = FormReader(await request.form())
        form = f.values()
        try:
            person, on = person_form(f), f.date("on")
            document, approved_on = f.text("approval_document", max_length=60), f.date("approved_on")
            f.check()
            reason = services.existing_person_reason(document, approved_on)
            row = await services.admit_resident(actor=request.user, **person, on=on, reason=reason)
        except DomainError as exc:
            return await self._admit_form(request, values=form, errors=exc.fields, message=exc.detail,
                                          status=exc.status_code)  # fmt: skip
        return redirect(f"/residents/{row['id']}", flash=f"已录入既有对象：{row['name']}（{reason}）")

    @get("/{resident_id:int}")
    async def show(self, request: Request, resident_id: int) -> Template:
        return await self._show(request, resident_id, values={}, errors={})

    async def _show(self, request, resident_id, *, values, errors, message="", status=200) -> Template:
        row = await services.get_resident(actor=request.user, resident_id=resident_id)
        events = await services.list_events(actor=request.user, resident_id=resident_id)
        today = services.local_today()
        payments = await payments_for_resident(actor=request.user, resident_id=resident_id)
        pocket_money = await pocket_for_resident(actor=request.user, resident_id=resident_id)
        return render(request, "residents/show.html", status_code=status, r=row, events=events, payments=payments,
                      pocket_money=pocket_money,
                      person=roster.describe(row, on=today), choices=await roster.filter_choices(request.user),
                      values={"on": today.isoformat(), **values}, errors=errors, message=message)  # fmt: skip

    @post("/{resident_id:int}/events")
    async def add_event(self, request: Request, resident_id: int) -> Template | Redirect:
        f = FormReader(await request.form())
        form = f.values()
        try:
            event = {"kind": f.text("kind", max_length=20), "on": f.date("on"),
                     "reason": f.text("reason", max_length=500), "mode": f.text("mode", max_length=20) or None,
                     "home_id": f.optional_id("home_id"), "care_level": f.text("care_level", max_length=20) or None}
            f.check()
            await services.record_event(actor=request.user, resident_id=resident_id, **event)  # fmt: skip
        except (Invalid, DomainError) as exc:
            if exc.status_code == 403 or exc.status_code == 404:
                raise
            return await self._show(request, resident_id, values=form, errors=exc.fields, message=exc.detail,
                                    status=exc.status_code)  # fmt: skip
        return redirect(f"/residents/{resident_id}", flash="变动已登记。")

    @get("/roster")
    async def roster_page(self, request: Request, offset: int = 0) -> Template:
        f = FormReader(request.query_params)
        on = f.date("on", default=services.local_today())
        f.check("日期格式不正确。")
        rows, total = await roster.roster_on(actor=request.user, on=on, limit=PAGE, offset=max(offset, 0))
        template = "residents/_roster_list.html" if is_partial(request) else "residents/roster.html"
        return render(request, template, rows=rows, total=total, on=on, limit=PAGE,
                      offset=offset, base=f"/residents/roster?on={on.isoformat()}&")  # fmt: skip


class IntegrityPages(Controller):
    path = "/integrity"
    guards = [requires(BUREAU)]

    @get("/")
    async def index(self, request: Request) -> Template:
        today = services.local_today()
        findings = await integrity.integrity_for(actor=request.user, on=today)
        from eldercare.verify import latest_report

        return render(request, "residents/integrity.html", findings=findings, on=today,
                      names=integrity.CHECK_NAMES, verified=await latest_report())  # fmt: skip
