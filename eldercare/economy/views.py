"""What the ledger page shows, and reading its forms (元 text → fen through money.parse_yuan, never float)."""

from __future__ import annotations

from typing import Any

from eldercare.auth.actor import Actor
from eldercare.charts import bar_chart
from eldercare.county import services as county_services
from eldercare.economy import rules, services
from eldercare.economy.tables import CATEGORY_NAMES
from eldercare.errors import Invalid
from eldercare.forms import FormReader
from eldercare.money import parse_yuan

PAGE = 50
KIND_NAMES = {"income": "收入", "expense": "支出"}


def parse_form_line(form: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """The add form (plain or in-kind) as add_line's arguments, with the errors of what did not parse."""
    f = FormReader(form)
    in_kind = f.flag("in_kind")
    values: dict[str, Any] = {
        "kind": "income" if in_kind else f.text("kind", max_length=20), "category": f.text("category", max_length=20),
        "note": f.text("note", max_length=500), "in_kind": in_kind, "dated_on": f.date("on"), "amount_fen": None,
    }  # fmt: skip
    errors = f.errors
    if in_kind:
        values.update(quantity=f.text("quantity", max_length=30), unit=f.text("unit", default="斤", max_length=10))
        values["unit_price_fen"] = _yuan(f.text("unit_price", max_length=30), "unit_price", errors)
    else:
        values["amount_fen"] = _yuan(f.text("amount", max_length=30), "amount", errors)
    return values, errors


def _yuan(text: str, field: str, errors: dict[str, str]) -> int | None:
    try:
        return parse_yuan(str(text), field=field)
    except Invalid as exc:
        errors.update(exc.fields)
        return None


async def ledger_context(
    actor: Actor, home_id: int, year: int, after: str = "", before: str = ""
) -> dict[str, Any]:
    home = await county_services.get_home(actor=actor, home_id=home_id)
    window, total, capped = await services.lines_page(
        actor=actor, home_id=home_id, year=year, limit=PAGE, after=after or None, before=before or None
    )
    totals = await services.category_totals(actor=actor, home_id=home_id, year=year)
    figures = await services.year_figures(home_id, year)
    return {
        "home": home, "year": year, "lines": window.rows, "total": total, "capped": capped,
        "next_after": window.next_after, "prev_before": window.prev_before,
        "totals": totals, "figures": figures, "categories": [(c, CATEGORY_NAMES[c]) for c in rules.CATEGORIES],
        "kinds": list(KIND_NAMES.items()), "category_chart": category_chart(totals, year),
        "month_chart": month_chart(totals, year), "today": services.local_today(),
        "can_write": actor.is_director, "errors": {}, "form": {},
    }  # fmt: skip


def category_chart(totals: dict[str, Any], year: int):
    rows = [
        (f"{CATEGORY_NAMES[c]}·{KIND_NAMES[k]}", totals["categories"][c][k] // 100)
        for c in rules.CATEGORIES
        for k in ("income", "expense")
        if totals["categories"][c][k]
    ]
    return bar_chart(rows, title=f"{year}年各类别收支（元）", fmt="{:,} 元") if rows else None


def month_chart(totals: dict[str, Any], year: int):
    rows = [
        (f"{m}月·{KIND_NAMES[k]}", totals["months"][m][k] // 100)
        for m in range(1, 13)
        for k in ("income", "expense")
        if totals["months"][m][k]
    ]
    return bar_chart(rows, title=f"{year}年逐月收支（元）", fmt="{:,} 元") if rows else None
