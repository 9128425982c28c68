import datetime as dt

import pytest

from eldercare.audit.tables import AuditLog
from eldercare.economy import services
from eldercare.economy.contributions import set_contributions
from eldercare.economy.tables import Contribution, EconomyLine
from eldercare.errors import Conflict, Forbidden, Invalid
from tests.economy.helpers import actor, finalize
from tests.factories import make_resident

D = dt.date(2025, 3, 15)


async def add(county, amount_fen, kind="income", on=D, who="director_a", **kw):
    return await services.add_line(actor=actor(county, who), home_id=county.home_a, dated_on=on, kind=kind,
                                   category=kw.pop("category", "planting"), amount_fen=amount_fen, **kw)  # fmt: skip


async def test_a_director_adds_income_and_expense_and_the_year_nets_them(county):
    await add(county, 600_001)
    await add(county, 120_000, kind="expense", category="livestock")
    figures = await services.year_figures(county.home_a, 2025)
    # net 480,001 → pool 96,000
    assert figures == {"income_fen": 600_001, "expense_fen": 120_000, "net_fen": 480_001, "pool_fen": 96_000}
    assert await AuditLog.count().where(AuditLog.table_name == "economy_line") == 2


async def test_in_kind_produce_is_stored_as_quantity_times_unit_price(county):
    line = await add(
        county, None, in_kind=True, quantity="120", unit="斤", unit_price_fen=650, note="自种蔬菜"
    )
    assert line["amount_fen"] == 78_000 and line["in_kind"] and line["quantity"] == "120"


async def test_in_kind_produce_must_be_income(county):
    with pytest.raises(Invalid) as exc:
        await add(county, None, kind="expense", in_kind=True, quantity="1", unit_price_fen=100)
    assert "kind" in exc.value.fields


async def test_a_reversing_line_negates_the_original_once_and_cannot_be_reversed(county):
    line = await add(county, 50_000)
    reversal = await services.reverse_line(actor=actor(county, "director_a"), home_id=county.home_a,
                                           line_id=line["id"], reason="重复录入")  # fmt: skip
    assert (
        reversal["amount_fen"] == -50_000
        and reversal["reverses"] == line["id"]
        and reversal["note"] == "重复录入"
    )
    assert (await services.year_figures(county.home_a, 2025))["income_fen"] == 0
    with pytest.raises(Conflict):
        await services.reverse_line(actor=actor(county, "director_a"), home_id=county.home_a,
                                    line_id=line["id"], reason="再次")  # fmt: skip
    with pytest.raises(Conflict):
        await services.reverse_line(actor=actor(county, "director_a"), home_id=county.home_a,
                                    line_id=reversal["id"], reason="冲销冲销")  # fmt: skip
    rows, total = await services.list_lines(actor=actor(county, "bureau"), home_id=county.home_a, year=2025)
    assert total == 2 and {r["id"]: r["reversed"] for r in rows} == {line["id"]: True, reversal["id"]: False}


async def test_a_reversal_needs_a_reason(county):
    line = await add(county, 50_000)
    with pytest.raises(Invalid):
        await services.reverse_line(actor=actor(county, "director_a"), home_id=county.home_a, line_id=line["id"],
                                    reason="  ")  # fmt: skip


@pytest.mark.parametrize("who", ["director_b", "staff_a", "bureau"])
async def test_only_the_homes_own_director_writes_its_ledger(county, who):
    with pytest.raises(Forbidden):
        await add(county, 100, who=who)
    assert await EconomyLine.count() == 0


async def test_bad_lines_are_refused_with_every_field_named_and_nothing_written(county):
    with pytest.raises(Invalid) as exc:
        await services.add_line(actor=actor(county, "director_a"), home_id=county.home_a, dated_on=None,
                                kind="gift", category="mining", amount_fen=-5)  # fmt: skip
    assert set(exc.value.fields) == {"on", "kind", "category", "amount"}
    assert await EconomyLine.count() == 0


async def test_a_finalized_year_refuses_lines_and_contributions(county):
    line = await add(county, 1000)
    await finalize(2025)
    with pytest.raises(Conflict) as exc:
        await add(county, 1000)
    assert exc.value.code == "year_finalized"
    with pytest.raises(Conflict):
        await services.reverse_line(actor=actor(county, "director_a"), home_id=county.home_a,
                                    line_id=line["id"], reason="错")  # fmt: skip
    with pytest.raises(Conflict):
        await set_contributions(
            actor=actor(county, "director_a"), home_id=county.home_a, year=2025, entries=[]
        )
    await add(county, 1000, on=dt.date(2026, 1, 2))  # the next year stays open


async def test_monthly_and_yearly_totals_by_category_come_from_one_group_by(county):
    await add(county, 1000, on=dt.date(2025, 1, 5))
    await add(county, 2000, on=dt.date(2025, 1, 20), category="fishery")
    await add(county, 300, kind="expense", on=dt.date(2025, 12, 31))
    await add(county, 999, on=dt.date(2026, 1, 1))
    totals = await services.category_totals(
        actor=actor(county, "director_a"), home_id=county.home_a, year=2025
    )
    assert totals["months"][1] == {"income": 3000, "expense": 0}
    assert totals["months"][12] == {"income": 0, "expense": 300}
    assert totals["categories"]["planting"] == {"income": 1000, "expense": 300}
    assert totals["categories"]["fishery"]["income"] == 2000


async def test_contributions_split_the_pool_and_the_summary_shows_the_why(county):
    await add(county, 600_001)
    await add(county, 120_000, kind="expense")
    resident = await make_resident(township=county.township_a, home=county.home_a)
    entries = [
        {"person_kind": "staff", "person_id": county.staff_ids["staff_a"], "points": 4},
        {"person_kind": "resident", "person_id": resident, "points": 2},
        {"person_kind": "staff", "person_id": county.staff_ids["director_a"], "points": 1},
    ]
    await set_contributions(
        actor=actor(county, "director_a"), home_id=county.home_a, year=2025, entries=entries
    )
    summary = await services.year_summary(actor=actor(county, "bureau"), home_id=county.home_a, year=2025)
    assert [s["share_fen"] for s in summary["shares"]] == [54_857, 27_429, 13_714]
    assert summary["status"] == "split" and any("96,000" in w for w in summary["why"])
    assert [s["share_fen"] for s in await services.pool_shares(home_id=county.home_a, year=2025)] == [
        54_857, 27_429, 13_714]  # fmt: skip
    await set_contributions(
        actor=actor(county, "director_a"), home_id=county.home_a, year=2025, entries=entries[:1]
    )
    assert await Contribution.count() == 1


async def test_a_pool_without_contributions_waits(county):
    await add(county, 10_000)
    summary = await services.year_summary(actor=actor(county, "director_a"), home_id=county.home_a, year=2025)
    assert summary["status"] == "waiting" and summary["pool_fen"] == 2000 and summary["shares"] == []


async def test_contributions_refuse_people_of_another_home_and_write_nothing(county):
    other = await make_resident(township=county.township_b, home=county.home_b)
    entries = [
        {"person_kind": "staff", "person_id": county.staff_ids["staff_a"], "points": 3},
        {"person_kind": "staff", "person_id": county.staff_ids["staff_b"], "points": 3},
        {"person_kind": "resident", "person_id": other, "points": 1},
    ]
    with pytest.raises(Invalid) as exc:
        await set_contributions(actor=actor(county, "director_a"), home_id=county.home_a, year=2025,
                                entries=entries)  # fmt: skip
    assert set(exc.value.fields) == {"items.1.person_id", "items.2.person_id"}
    assert await Contribution.count() == 0


async def test_contributions_refuse_zero_points_and_duplicates(county):
    staff = county.staff_ids["staff_a"]
    entries = [{"person_kind": "staff", "person_id": staff, "points": 0},
               {"person_kind": "staff", "person_id": staff, "points": 2},
               {"person_kind": "cat", "person_id": 1, "points": 1}]  # fmt: skip
    with pytest.raises(Invalid) as exc:
        await set_contributions(actor=actor(county, "director_a"), home_id=county.home_a, year=2025,
                                entries=entries)  # fmt: skip
    assert set(exc.value.fields) == {"items.0.points", "items.1.person_id", "items.2.person_kind"}


async def test_economy_year_lists_every_home_with_its_figures(county):
    await add(county, 10_000)
    rows = await services.economy_year(year=2025)
    assert rows == [
        {
            "home_id": county.home_a,
            "income_fen": 10_000,
            "expense_fen": 0,
            "net_fen": 10_000,
            "pool_fen": 2000,
        },
        {"home_id": county.home_b, "income_fen": 0, "expense_fen": 0, "net_fen": 0, "pool_fen": 0},
    ]
