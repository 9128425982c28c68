"""Pages: the director's ledger (htmx inline add, in-kind, reversal, totals with a chart), contributions,
the pool and its shares with the why, and the bureau's county table with its Excel export."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.response import Template

from eldercare import versions
from eldercare.auth.actor import BUREAU, DIRECTOR
from eldercare.auth.middleware import requires
from eldercare.county import services as county_services
from eldercare.economy import contributions, county, services
from eldercare.economy.views import ledger_context, parse_form_line
from eldercare.errors import DomainError, Invalid, PreconditionFailed
from eldercare.forms import FormReader
from eldercare.web import is_partial, redirect, render
from eldercare.yearend.lock import is_finalized

READERS = [requires(BUREAU, DIRECTOR)]


class EconomyPages(Controller):
    path = "/"

    @get("/homes/{home_id:int}/economy", guards=READERS)
    async def ledger(
        self, request: Request, home_id: int, year: int | None = None, after: str = "", before: str = ""
    ) -> Template:
        context = await ledger_context(request.user, home_id, year or services.local_today().year, after, before)
        template = "economy/_ledger.html" if is_partial(request) else "economy/ledger.html"
        return render(request, template, **context)

    @post("/homes/{home_id:int}/economy/lines", guards=[requires(DIRECTOR)])
    async def create(self, request: Request, home_id: int) -> Template | Response:
        raw = await request.form()
        form = FormReader(raw).values()
        values, parse_errors = parse_form_line(raw)
        try:
            line = await services.add_line(actor=request.user, home_id=home_id, **values)
        except Invalid as exc:
            return await self._ledger_with_errors(request, home_id, form, {**exc.fields, **parse_errors}, exc)
        except DomainError as exc:
            return await self._ledger_with_errors(request, home_id, form, exc.fields, exc)
        keep = {
            k: form.get(k, "") for k in ("on", "kind", "category", "in_kind", "unit")
        }  # the next line is quick
        return await self._after_write(request, home_id, line["dated_on"].year, "已记一笔。", keep)

    @post("/homes/{home_id:int}/economy/lines/{line_id:int}/reverse", guards=[requires(DIRECTOR)])
    async def reverse(self, request: Request, home_id: int, line_id: int) -> Template | Response:
        f = FormReader(await request.form())
        form = f.values()
        try:
            reason = f.text("reason", max_length=500)
            f.check("冲销原因有误。")
            line = await services.reverse_line(actor=request.user, home_id=home_id, line_id=line_id, reason=reason)
        except DomainError as exc:
            errors = {f"reverse_{line_id}": exc.fields.get("reason") or exc.detail}
            return await self._ledger_with_errors(request, home_id, {"year": form.get("year")}, errors, exc)
        return await self._after_write(request, home_id, line["dated_on"].year, "已冲销。")

    async def _after_write(
        self, request: Request, home_id: int, year: int, message: str, keep: dict | None = None
    ) -> Template | Response:
        if is_partial(request):
            context = await ledger_context(request.user, home_id, year)
            context.update(form=keep or {}, message=message)
            return render(request, "economy/_ledger.html", **context)
        return redirect(f"/homes/{home_id}/economy?year={year}", flash=message)

    async def _ledger_with_errors(
        self, request: Request, home_id: int, form: dict, errors: dict, exc: DomainError
    ) -> Template:
        f = FormReader(form)
        on = f.date("on", required=False)
        year = f.year("year", default=on.year if on else None) or services.local_today().year
        context = await ledger_context(request.user, home_id, year)
        template = "economy/_ledger.html" if is_partial(request) else "economy/ledger.html"
        context.update(errors=errors, form=form, message_error=exc.detail)
        return render(request, template, status_code=exc.status_code, **context)

    @get("/homes/{home_id:int}/economy/{year:int}/pool", guards=READERS)
    async def pool(self, request: Request, home_id: int, year: int) -> Template:
        home = await county_services.get_home(actor=request.user, home_id=home_id)
        summary = await services.year_summary(actor=request.user, home_id=home_id, year=year)
        return render(request, "economy/pool.html", home=home, summary=summary, year=year)

    @get("/homes/{home_id:int}/contributions/{year:int}", guards=READERS)
    async def contributions_form(self, request: Request, home_id: int, year: int) -> Template:
        return render(
            request, "economy/contributions.html", **await _contribution_context(request, home_id, year)
        )

    @post("/homes/{home_id:int}/contributions/{year:int}", guards=[requires(DIRECTOR)])
    async def contributions_save(self, request: Request, home_id: int, year: int) -> Template | Response:
        raw = await request.form()
        form = FormReader(raw).values()
        version = FormReader(raw).text("version", max_length=100) or None
        context = await _contribution_context(request, home_id, year)
        entries, errors = _entries_from_form(raw, context["people"])
        try:
            if errors:
                raise Invalid("贡献积分有误。", fields=errors)
            await contributions.set_contributions(
                actor=request.user, home_id=home_id, year=year, entries=entries, if_match=version
            )
        except PreconditionFailed as exc:  # someone saved first: their list, to check before saving again
            context = await _contribution_context(request, home_id, year)
            context.update(message_error=exc.detail)
            return render(request, "economy/contributions.html", status_code=exc.status_code, **context)
        except DomainError as exc:
            context.update(
                form=form, errors=errors or _by_person(exc.fields, entries), message_error=exc.detail
            )
            return render(request, "economy/contributions.html", status_code=exc.status_code, **context)
        return redirect(f"/homes/{home_id}/economy/{year}/pool", flash="贡献积分已保存。")

    @get("/economy", guards=[requires(BUREAU)])
    async def county(
        self, request: Request, year: int | None = None, sort: str = "code", desc: bool = False
    ) -> Template:
        year = year or services.local_today().year
        rows = await county.county_table(actor=request.user, year=year, sort=sort, descending=desc)
        template = "economy/_county_table.html" if is_partial(request) else "economy/county.html"
        return render(
            request, template, rows=rows, totals=county.totals(rows), year=year, sort=sort, desc=desc
        )

    @get("/economy/{year:int}/xlsx", guards=[requires(BUREAU)])
    async def county_xlsx(
        self, request: Request, year: int, sort: str = "code", desc: bool = False
    ) -> Response:
        rows = await county.county_table(actor=request.user, year=year, sort=sort, descending=desc)
        return county.county_download(rows, year=year, prepared_by=request.user.display_name or request.user.username,
                                      unit=request.state.county["issuing_unit"],
                                      draft="" if await is_finalized(year) else "试算")  # fmt: skip


def _int(text: Any) -> int | None:
    try:
        return int(str(text))
    except (TypeError, ValueError):
        return None


async def _contribution_context(request: Request, home_id: int, year: int) -> dict[str, Any]:
    home = await county_services.get_home(actor=request.user, home_id=home_id)
    people = await contributions.candidates(actor=request.user, home_id=home_id)
    current = await contributions.list_contributions(actor=request.user, home_id=home_id, year=year)
    points = {(c["person_kind"], c["person_id"]): c["points"] for c in current}
    order = {(c["person_kind"], c["person_id"]): i for i, c in enumerate(current)}
    people.sort(key=lambda p: (order.get((p["person_kind"], p["person_id"]), len(order)),))
    for p in people:
        p["points"] = points.get((p["person_kind"], p["person_id"]), "")
    return {"home": home, "people": people, "year": year, "errors": {}, "form": {}, "version": versions.tag(current)}


def _entries_from_form(form: Any, people: list[dict]) -> tuple[list[dict], dict[str, str]]:
    """A points field per person (`points_staff_12`); blank means not on the list; the page order is the line order."""
    f = FormReader(form)
    entries = []
    for p in people:
        key = f"points_{p['person_kind']}_{p['person_id']}"
        points = f.integer(key, required=False, minimum=1, maximum=1_000_000, message="积分应为正整数。")
        if points is not None:
            entries.append({"person_kind": p["person_kind"], "person_id": p["person_id"], "points": points})
    return entries, f.errors


def _by_person(fields: dict[str, str], entries: list[dict]) -> dict[str, str]:
    """The service names fields `items.N.x`; the page names them per person."""
    out = {}
    for name, message in fields.items():
        parts = name.split(".")
        if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(entries):
            e = entries[int(parts[1])]
            out[f"points_{e['person_kind']}_{e['person_id']}"] = message
    return out
