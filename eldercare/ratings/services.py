"""星级评定: the bureau's rubric per year and its scores per home (scores freeze the rubric)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from piccolo.query.functions.aggregate import Sum

from eldercare import db, versions
from eldercare.auth.actor import BUREAU, Actor
from eldercare.auth.scope import require_home, require_role
from eldercare.county.tables import Home
from eldercare.errors import Conflict, NotFound
from eldercare.ratings import rules
from eldercare.ratings.tables import RatingScore, RatingSheet, Rubric, RubricArea, RubricItem
from eldercare.yearend.lock import ensure_year_open


async def _rubric_row(year: int) -> dict[str, Any] | None:
    return await Rubric.select().where(Rubric.year == year).first()


async def _areas(rubric_id: int) -> list[dict[str, Any]]:
    areas = await RubricArea.select().where(RubricArea.rubric == rubric_id).order_by(RubricArea.position)
    items = await RubricItem.select().where(RubricItem.rubric == rubric_id).order_by(RubricItem.position)
    return [
        {"id": a["id"], "code": a["code"], "name": a["name"],
         "items": [{"id": i["id"], "code": i["code"], "name": i["name"], "max_tenths": i["max_tenths"],
                    "max_points": i["max_tenths"] / 10} for i in items if i["area"] == a["id"]]}
        for a in areas
    ]  # fmt: skip


def _as_in_force(areas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Checked areas (validate_rubric) in get_rubric's shape, with no ids: they are not in the store yet."""
    return [{"id": None, "code": a["code"], "name": a["name"],
             "items": [{"id": None, **i, "max_points": i["max_tenths"] / 10} for i in a["items"]]}
            for a in areas]  # fmt: skip


async def get_rubric(*, year: int) -> dict[str, Any]:
    """The year's rubric and star lines (`source` says whose, `in_force` whether homes can be scored on it):
    - `county`: the county's own, once saved (or once a first score adopted the province's);
    - `province`: the province's default for the year, in force until the county saves its own;
    - `earlier_year`: not in force, an unsaved copy of the county's latest earlier year to start editing from;
    - `built_in`: not in force, no items yet.
    Star lines: the county's own with its rubric, else the province's for the year, else the rule book's."""
    row = await _rubric_row(year)
    if row is not None:
        thresholds = rules.parse_thresholds(row["star_thresholds"])
        return {"year": year, "saved": True, "frozen": row["frozen"], "copied_from": None, "source": "county",
                "in_force": True, "star_thresholds_tenths": list(thresholds),
                "areas": await _areas(row["id"])}  # fmt: skip
    from eldercare.county.defaults import province_defaults

    default = await province_defaults(year)
    lines = list(rules.parse_thresholds(default.get("thresholds")))
    unsaved = {"year": year, "saved": False, "frozen": False, "copied_from": None, "star_thresholds_tenths": lines}  # fmt: skip
    if default.get("rubric"):
        areas = _as_in_force(rules.validate_rubric(default["rubric"]["areas"]))
        return {**unsaved, "source": "province", "in_force": True, "areas": areas}
    earlier = await Rubric.select().where(Rubric.year < year).order_by(Rubric.year, ascending=False).first()
    if earlier is None:
        return {**unsaved, "source": "built_in", "in_force": False, "areas": []}
    copy = await get_rubric(year=earlier["year"])
    return {**copy, **unsaved, "copied_from": earlier["year"], "source": "earlier_year", "in_force": False,
            "star_thresholds_tenths": lines if "thresholds" in default else copy["star_thresholds_tenths"]}  # fmt: skip


def rubric_out(rubric: dict[str, Any]) -> dict[str, Any]:
    """The API shape: points with one decimal."""
    return {
        "year": rubric["year"], "saved": rubric["saved"], "frozen": rubric["frozen"],
        "copied_from": rubric["copied_from"], "source": rubric["source"], "in_force": rubric["in_force"],
        "star_thresholds": [t / 10 for t in rubric["star_thresholds_tenths"]],
        "areas": [{"code": a["code"], "name": a["name"],
                   "items": [{"code": i["code"], "name": i["name"], "max_points": i["max_tenths"] / 10}
                             for i in a["items"]]} for a in rubric["areas"]],
    }  # fmt: skip


async def save_rubric(*, actor: Actor, year: int, areas: list[dict[str, Any]], star_thresholds: Any,
                      if_match: str | None = None) -> dict:  # fmt: skip
    """Replace the year's rubric (areas and items); refused once the first score of the year is saved, and
    (412) when `if_match` is not the version of get_rubric(year) any more."""
    require_role(actor, BUREAU)
    checked = rules.validate_rubric(areas)
    if star_thresholds is None or star_thresholds == "":  # the lines in force: own, province's, built-in
        star_thresholds = (await get_rubric(year=year))["star_thresholds_tenths"]
        thresholds = tuple(star_thresholds)
    else:
        thresholds = rules.parse_thresholds(star_thresholds)
    async with db.write(actor) as w:
        await versions.guard(w, f"rubric:{year}", if_match, lambda: get_rubric(year=year))
        await ensure_year_open(year)
        row = await _rubric_row(year)
        if row is not None and row["frozen"]:
            raise Conflict(f"{year}年度已开始评分，评分标准已冻结。", code="rubric_frozen")
        rubric_id = await _write_rubric(w, year=year, areas=checked, thresholds=thresholds,
                                        rubric_id=row["id"] if row else None)  # fmt: skip
        await w.audit(table=RubricItem, row_id=rubric_id, action="replace", before=None,
                      after={"year": year, "items": sum(len(a["items"]) for a in checked)})  # fmt: skip
    return await get_rubric(year=year)


async def _write_rubric(w: db.Writer, *, year: int, areas: list[dict[str, Any]], thresholds: Any,
                        rubric_id: int | None = None) -> int:  # fmt: skip
    """Write the year's rubric row (or replace the areas and items of `rubric_id`) inside the caller's write."""
    text = ",".join(f"{t // 10}.{t % 10}".removesuffix(".0") for t in thresholds)
    if rubric_id is None:
        rubric_id = await w.insert(Rubric, year=year, star_thresholds=text, frozen=False)
    else:
        await w.update(Rubric, rubric_id, star_thresholds=text)
        await RubricArea.delete().where(RubricArea.rubric == rubric_id)
    for position, area in enumerate(areas, start=1):
        area_id = await w.insert(RubricArea, rubric=rubric_id, code=area["code"], name=area["name"],
                                 position=position)  # fmt: skip
        await w.execute_many(
            "INSERT INTO rubric_item (rubric, area, code, name, max_tenths, position) VALUES (?, ?, ?, ?, ?, ?)",
            [(rubric_id, area_id, i["code"], i["name"], i["max_tenths"], n)
             for n, i in enumerate(area["items"], start=1)],
        )  # fmt: skip
    return rubric_id


async def own_rubric(w: db.Writer, *, year: int, rubric: dict[str, Any]) -> tuple[int, dict[str, int]]:
    """(rubric id, item id by code) of the county's rubric for the year, inside the caller's write. When the
    province's default is in force (`rubric` as get_rubric read it) the first score, self-score or evidence
    copies it into the county's store: the county's scores then point at its own items, and a later change of
    the province's default leaves them (and the frozen rubric) as they were."""
    row = await _rubric_row(year)
    if row is None and rubric["source"] == "province":
        rubric_id = await _write_rubric(w, year=year, areas=rubric["areas"],
                                        thresholds=rubric["star_thresholds_tenths"])  # fmt: skip
        await w.audit(table=Rubric, row_id=rubric_id, action="adopt_default", before=None,
                      after={"year": year, "items": sum(len(a["items"]) for a in rubric["areas"]),
                             "star_thresholds_tenths": rubric["star_thresholds_tenths"]})  # fmt: skip
        row = {"id": rubric_id}
    elif row is None or not rubric["saved"]:  # saved or removed since it was read: the caller checked another
        raise Conflict(f"{year}年度评分标准刚刚有变动，请刷新页面后重试。", code="rubric_changed")
    items = await RubricItem.select(RubricItem.id, RubricItem.code).where(RubricItem.rubric == row["id"])
    return row["id"], {i["code"]: i["id"] for i in items}


async def rubric_in_force(year: int) -> dict[str, Any]:
    """The rubric homes are scored on (the county's own or the province's default), else 404."""
    rubric = await get_rubric(year=year)
    if not rubric["in_force"]:
        raise NotFound(f"{year}年度的评分标准尚未制定。")
    return rubric


def maxima(rubric: dict[str, Any]) -> dict[str, int]:
    return {i["code"]: i["max_tenths"] for a in rubric["areas"] for i in a["items"]}


async def save_scores(
    *, actor: Actor, year: int, home_id: int, scores: dict[str, Any], note: str = "",
    item_notes: dict[str, str] | None = None, if_match: str | None = None,
) -> dict[str, Any]:
    """The bureau scores every item of a home (a note per item optional); the first score freezes the rubric."""
    require_role(actor, BUREAU)
    rubric = await rubric_in_force(year)
    checked = rules.validate_scores(maxima(rubric), scores)
    if not await Home.exists().where(Home.id == home_id):
        raise NotFound("敬老院不存在。")
    async with db.write(actor) as w:
        await versions.guard(w, f"scores:{year}:{home_id}", if_match,
                             lambda: home_sheet(actor=actor, year=year, home_id=home_id))  # fmt: skip
        await ensure_year_open(year)
        rubric_id, item_ids = await own_rubric(w, year=year, rubric=rubric)
        sheet = (
            await RatingSheet.select(RatingSheet.id)
            .where((RatingSheet.rubric == rubric_id) & (RatingSheet.home == home_id))
            .first()
        )
        now = dt.datetime.now(dt.UTC)
        if sheet is None:
            sheet_id = await w.insert(RatingSheet, rubric=rubric_id, home=home_id, note=note or "", saved_at=now,
                                      saved_by=actor.user_id)  # fmt: skip
        else:
            sheet_id = sheet["id"]
            await w.update(RatingSheet, sheet_id, note=note or "", saved_at=now, saved_by=actor.user_id)
            await RatingScore.delete().where(RatingScore.sheet == sheet_id)
        await w.execute_many(
            "INSERT INTO rating_score (sheet, item, points_tenths, note) VALUES (?, ?, ?, ?)",
            [(sheet_id, item_ids[code], tenths, ((item_notes or {}).get(code) or "").strip())
             for code, tenths in checked.items()],
        )
        await w.audit(table=RatingScore, row_id=sheet_id, action="replace", before=None,
                      after={"year": year, "home": home_id, "scores": checked})  # fmt: skip
        if not rubric["frozen"]:
            await w.update(Rubric, rubric_id, frozen=True)
    return await home_sheet(actor=actor, year=year, home_id=home_id)


async def home_sheet(*, actor: Actor, year: int, home_id: int) -> dict[str, Any]:
    """A home's score breakdown: every item with its maximum and score, area subtotals, total, star."""
    require_home(actor, home_id)
    home = await Home.select(Home.id, Home.code, Home.name).where(Home.id == home_id).first()
    if home is None:
        raise NotFound("敬老院不存在。")
    rubric = await rubric_in_force(year)
    sheet = (
        await RatingSheet.select()
        .where((RatingSheet.rubric.year == year) & (RatingSheet.home == home_id))
        .first()
    )
    scores = {}
    if sheet is not None:
        rows = await RatingScore.select(RatingScore.item, RatingScore.points_tenths).where(
            RatingScore.sheet == sheet["id"]
        )
        scores = {r["item"]: r["points_tenths"] for r in rows}
    areas = []
    for area in rubric["areas"]:
        items = [{**i, "points_tenths": scores.get(i["id"])} for i in area["items"]]
        areas.append({**area, "items": items, "max_tenths": sum(i["max_tenths"] for i in items),
                      "points_tenths": sum(i["points_tenths"] or 0 for i in items)})  # fmt: skip
    total = sum(a["points_tenths"] for a in areas)
    thresholds = rubric["star_thresholds_tenths"]
    return {"year": year, "home": home, "scored": sheet is not None, "note": sheet["note"] if sheet else "",
            "areas": areas, "total_tenths": total, "star": rules.star_for(total, thresholds) if sheet else None,
            "rubric": rubric}  # fmt: skip


async def home_totals(*, year: int) -> list[dict[str, Any]]:
    """Every scored home's area subtotals for the year (set-based: one grouped query)."""
    rows = await RatingScore.select(
        RatingScore.sheet.home.as_alias("home_id"), RatingScore.item.area.code.as_alias("area_code"),
        RatingScore.item.area.name.as_alias("area_name"), Sum(RatingScore.points_tenths, alias="tenths"),
    ).where(RatingScore.sheet.rubric.year == year).group_by(
        RatingScore.sheet.home, RatingScore.item.area.code, RatingScore.item.area.name
    )  # fmt: skip
    by_home: dict[int, dict[str, Any]] = {}
    for r in rows:
        entry = by_home.setdefault(r["home_id"], {"home_id": r["home_id"], "areas": {}, "total_tenths": 0})
        entry["areas"][r["area_name"]] = int(r["tenths"] or 0)
        entry["total_tenths"] += int(r["tenths"] or 0)
    return list(by_home.values())


async def scoring_status(*, actor: Actor, year: int) -> list[dict[str, Any]]:
    """The county view: every home, scored or not, with its total."""
    require_role(actor, BUREAU)
    homes = await Home.select(Home.id, Home.code, Home.name).order_by(Home.code)
    totals = {t["home_id"]: t["total_tenths"] for t in await home_totals(year=year)}
    return [{**h, "scored": h["id"] in totals, "total_tenths": totals.get(h["id"])} for h in homes]


async def item_notes(*, year: int, home_id: int) -> dict[int, str]:
    """The on-site note per rubric item id of a home's sheet."""
    rows = await RatingScore.select(RatingScore.item, RatingScore.note).where(
        (RatingScore.sheet.rubric.year == year) & (RatingScore.sheet.home == home_id)
    )
    return {r["item"]: r["note"] for r in rows}
