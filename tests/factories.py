"""Hand-built data for tests, written through the same tables the app uses (no mocks)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from eldercare import idnumber
from eldercare.auth.passwords import hash_password_sync
from eldercare.auth.tables import User
from eldercare.county.tables import Home, Township
from eldercare.profile.tables import CountyProfile
from eldercare.residents.tables import Resident, ResidentEvent
from eldercare.staff.tables import Staff
from tests.personas import PASSWORD, Persona

_HASH = hash_password_sync(PASSWORD)
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
_sequence = iter(range(1, 10_000_000))


def id_number(born: dt.date = dt.date(1950, 3, 7), area: str = "360827") -> str:
    """A fresh valid ID number (the sequence keeps them apart)."""
    n = next(_sequence)
    return idnumber.make(area, born + dt.timedelta(days=n // 900), n % 900 + 1)


async def make_township(code: str = "360827100", name: str = "泉江镇") -> int:
    rows = await Township.insert(Township(code=code, name=name)).returning(Township.id).run()
    return rows[0]["id"]


async def make_home(
    *, township: int, code: str, name: str, beds: int = 10, kind: str = "nursing_home"
) -> int:
    rows = (
        await Home.insert(Home(code=code, name=name, township=township, beds=beds, kind=kind))
        .returning(Home.id)
        .run()
    )
    return rows[0]["id"]


async def make_staff(*, home: int, name: str = "王护理", is_director: bool = False,
                     hired_on: dt.date = dt.date(2020, 1, 1), left_on: dt.date | None = None,
                     position: str = "护理员") -> int:  # fmt: skip
    rows = await Staff.insert(
        Staff(home=home, name=name, id_number=id_number(dt.date(1975, 5, 5)), position=position,
              is_director=is_director, hired_on=hired_on, left_on=left_on)
    ).returning(Staff.id).run()  # fmt: skip
    return rows[0]["id"]


async def make_user(*, username: str, role: str, home: int | None = None, staff: int | None = None) -> int:
    rows = await User.insert(
        User(username=username, password_hash=_HASH, role=role, home=home, staff=staff, display_name=username,
             created_at=NOW)
    ).returning(User.id).run()  # fmt: skip
    return rows[0]["id"]


async def make_resident(
    *,
    township: int,
    home: int | None = None,
    mode: str = "centralized",
    admitted_on: dt.date = dt.date(2025, 1, 1),
    care_level: str = "self_care",
    name: str = "张秀英",
    born: dt.date = dt.date(1950, 3, 7),
) -> int:
    """An active resident with their admit event."""
    number = id_number(born)
    rows = await Resident.insert(
        Resident(id_number=number, name=name, name_initials="", sex=idnumber.sex(number),
                 birth_date=idnumber.birth_date(number), township=township, village="东村", mode=mode,
                 home=home if mode == "centralized" else None, care_level=care_level, status="active",
                 admitted_on=admitted_on, status_on=admitted_on, created_at=NOW)
    ).returning(Resident.id).run()  # fmt: skip
    resident_id = rows[0]["id"]
    await ResidentEvent.insert(
        ResidentEvent(resident=resident_id, seq=1, kind="admit", dated_on=admitted_on, reason="测试纳入",
                      status_after="active", mode_after=mode, home_after=home if mode == "centralized" else None,
                      care_level_after=care_level, created_at=NOW)
    ).run()  # fmt: skip
    return resident_id


@dataclass
class County:
    township_a: int
    township_b: int
    home_a: int
    home_b: int
    staff_ids: dict[str, int]
    personas: dict[str, Persona] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


async def make_county() -> County:
    """Two townships, home A (泉江镇敬老院, 10 beds) and home B (雩田镇敬老院, 8 beds), and the personas."""
    ta = await make_township("360827100", "泉江镇")
    tb = await make_township("360827101", "雩田镇")
    ha = await make_home(township=ta, code="JLY01", name="泉江镇敬老院", beds=10)
    hb = await make_home(township=tb, code="JLY02", name="雩田镇敬老院", beds=8)
    await CountyProfile.insert(CountyProfile(issuing_unit="遂川县民政局", county_name="遂川县",
                                             objection_phone="0796-6322110", address="遂川县泉江镇")).run()  # fmt: skip
    staff = {
        "director_a": await make_staff(home=ha, name="李院长", is_director=True, position="院长"),
        "director_b": await make_staff(home=hb, name="陈院长", is_director=True, position="院长"),
        "staff_a": await make_staff(home=ha, name="王护理"),
        "staff_a2": await make_staff(home=ha, name="赵炊事", position="炊事员"),
        "staff_b": await make_staff(home=hb, name="刘护理"),
    }
    county = County(township_a=ta, township_b=tb, home_a=ha, home_b=hb, staff_ids=staff)
    specs = [
        ("bureau", "bureau", None, None),
        ("director_a", "director", ha, staff["director_a"]),
        ("director_b", "director", hb, staff["director_b"]),
        ("staff_a", "staff", ha, staff["staff_a"]),
        ("staff_a2", "staff", ha, staff["staff_a2"]),
        ("staff_b", "staff", hb, staff["staff_b"]),
    ]
    for username, role, home, staff_id in specs:
        user_id = await make_user(username=username, role=role, home=home, staff=staff_id)
        county.personas[username] = Persona(username=username, role=role, user_id=user_id, home_id=home,
                                            staff_id=staff_id)  # fmt: skip
    return county


# --- dashboards: direct inserts for the figures (appended) ---


async def add_resident_event(*, resident: int, seq: int, kind: str, dated_on: dt.date, status: str, mode: str,
                             home: int | None, care_level: str = "self_care") -> None:  # fmt: skip
    """A later event; the resident row is moved to the same state (as the residents service would)."""
    await ResidentEvent.insert(
        ResidentEvent(resident=resident, seq=seq, kind=kind, dated_on=dated_on, reason="测试", status_after=status,
                      mode_after=mode, home_after=home, care_level_after=care_level, created_at=NOW)
    ).run()  # fmt: skip
    await Resident.update({Resident.status: status, Resident.mode: mode, Resident.home: home,
                           Resident.care_level: care_level, Resident.status_on: dated_on}).where(
        Resident.id == resident).run()  # fmt: skip


async def make_census(
    *, home: int, dated_on: dt.date, present: int, hospitalized: int = 0, on_leave: int = 0
) -> None:
    from eldercare.residents.tables import Census

    await Census.insert(Census(home=home, dated_on=dated_on, present=present, hospitalized=hospitalized,
                               on_leave=on_leave)).run()  # fmt: skip


async def make_fund_entry(*, dated_on: dt.date, kind: str, amount_fen: int, balance_after_fen: int,
                          batch: int | None = None) -> None:  # fmt: skip
    from eldercare.payments.tables import FundEntry

    await FundEntry.insert(FundEntry(dated_on=dated_on, kind=kind, amount_fen=amount_fen,
                                     balance_after_fen=balance_after_fen, batch=batch, created_at=NOW)).run()  # fmt: skip


async def make_batch(*, period: str, lines: list[dict[str, Any]], status: str = "paid") -> int:
    """A batch (paid unless told) with its lines: each line {resident, mode, home, amount_fen[, kind, for_period]}."""
    from eldercare.payments.tables import PaymentBatch, PaymentLine

    total = sum(line["amount_fen"] for line in lines)
    rows = await PaymentBatch.insert(PaymentBatch(period=period, count=len(lines), total_fen=total, status=status,
                                                  created_at=NOW)).returning(PaymentBatch.id).run()  # fmt: skip
    batch_id = rows[0]["id"]
    if lines:
        await PaymentLine.insert(*[
            PaymentLine(batch=batch_id, resident=line["resident"], for_period=line.get("for_period", period),
                        kind=line.get("kind", "regular"), mode=line["mode"], care_level="self_care",
                        home=line.get("home"), payee="home" if line["mode"] == "centralized" else "person",
                        standard_fen=line["amount_fen"], amount_fen=line["amount_fen"])
            for line in lines
        ]).run()  # fmt: skip
    return batch_id


async def make_economy_line(*, home: int, dated_on: dt.date, kind: str, amount_fen: int,
                            category: str = "planting", in_kind: bool = False) -> None:  # fmt: skip
    from eldercare.economy.tables import EconomyLine

    await EconomyLine.insert(EconomyLine(home=home, dated_on=dated_on, kind=kind, category=category,
                                         amount_fen=amount_fen, in_kind=in_kind, created_at=NOW)).run()  # fmt: skip


async def make_rubric(*, year: int, items: int) -> tuple[int, list[int]]:
    """A rubric with one area and `items` items of 10 points each; returns (rubric id, item ids)."""
    from eldercare.ratings.tables import Rubric, RubricArea, RubricItem

    rubric = (await Rubric.insert(Rubric(year=year)).returning(Rubric.id).run())[0]["id"]
    area = (await RubricArea.insert(RubricArea(rubric=rubric, code="A", name="院务管理", position=1))
            .returning(RubricArea.id).run())[0]["id"]  # fmt: skip
    ids = []
    for n in range(items):
        row = await RubricItem.insert(RubricItem(rubric=rubric, area=area, code=f"A{n}", name=f"项目{n}",
                                                 max_tenths=100, position=n)).returning(RubricItem.id).run()  # fmt: skip
        ids.append(row[0]["id"])
    return rubric, ids


async def make_scores(*, rubric: int, home: int, points: dict[int, int]) -> None:
    """A home's sheet with points (tenths) for the given items."""
    from eldercare.ratings.tables import RatingScore, RatingSheet

    sheet = (await RatingSheet.insert(RatingSheet(rubric=rubric, home=home, saved_at=NOW))
             .returning(RatingSheet.id).run())[0]["id"]  # fmt: skip
    for item, tenths in points.items():
        await RatingScore.insert(RatingScore(sheet=sheet, item=item, points_tenths=tenths)).run()


async def make_year_end(*, year: int, status: str = "run", homes: list[dict[str, Any]] = (),
                        staff: list[dict[str, Any]] = ()) -> None:  # fmt: skip
    """A stored year-end run with its home results (rank, total_tenths, star, …) and staff results."""
    from eldercare.yearend.tables import HomeResult, StaffResult, YearEnd

    await YearEnd.insert(YearEnd(year=year, status=status, run_at=NOW)).run()
    for h in homes:
        await HomeResult.insert(HomeResult(year=year, **h)).run()
    for s in staff:
        await StaffResult.insert(StaffResult(year=year, **s)).run()


async def make_admission(*, township: int, home: int | None, stage: str = "village", in_notice: bool = False,
                         notice_ends_on: dt.date | None = None, name: str = "钟老汉") -> int:  # fmt: skip
    from eldercare.residents.tables import Admission

    rows = await Admission.insert(
        Admission(id_number=id_number(), name=name, township=township, mode="centralized" if home else "dispersed",
                  home=home, applied_on=dt.date(2026, 1, 2), stage=stage, in_notice=in_notice,
                  notice_starts_on=notice_ends_on and notice_ends_on - dt.timedelta(days=7),
                  notice_ends_on=notice_ends_on, created_at=NOW)
    ).returning(Admission.id).run()  # fmt: skip
    return rows[0]["id"]


async def make_trust_survey(*, home: int, year: int, round_no: int, dated_on: dt.date) -> int:
    from eldercare.staff.tables import TrustSurvey

    rows = await TrustSurvey.insert(TrustSurvey(home=home, year=year, round=round_no, dated_on=dated_on)).returning(
        TrustSurvey.id).run()  # fmt: skip
    return rows[0]["id"]
async def add_event(
    resident: int,
    *,
    kind: str,
    dated_on: dt.date,
    status: str = "active",
    mode: str = "centralized",
    home: int | None = None,
    care_level: str = "self_care",
    reason: str = "测试事件",
) -> int:
    """A further dated event carrying the full state after it (seq = the resident's next number)."""
    last = await ResidentEvent.select(ResidentEvent.seq).where(ResidentEvent.resident == resident).order_by(
        ResidentEvent.seq, ascending=False
    ).first()
    seq = (last["seq"] if last else 0) + 1
    await ResidentEvent.insert(
        ResidentEvent(resident=resident, seq=seq, kind=kind, dated_on=dated_on, reason=reason, status_after=status,
                      mode_after=mode, home_after=home if mode == "centralized" else None,
                      care_level_after=care_level, created_at=NOW)
    ).run()  # fmt: skip
    return seq
