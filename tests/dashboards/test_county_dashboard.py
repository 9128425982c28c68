"""The county dashboard's figures against a hand-built county (tests/dashboards/data.py)."""

import datetime as dt

from eldercare.auth.actor import Actor
from eldercare.dashboards import services
from tests.dashboards.data import ON, build

BUREAU = Actor(user_id=1, username="bureau", role="bureau", display_name="县局")


async def test_supported_persons_by_mode_and_township_follow_the_events_on_the_date(county):
    await build(county)
    d = await services.county_dashboard(actor=BUREAU, on=ON)
    a, b = d["townships"]
    # 泉江镇: r1, r2 centralized, d1 dispersed (r3 exited on 1 March) → 2 of 3 = 666‰
    assert (a["centralized"], a["dispersed"], a["total"], a["rate_permille"]) == (2, 1, 3, 666)
    # 雩田镇: r4 centralized, two dispersed → 1 of 3 = 333‰
    assert (b["centralized"], b["dispersed"], b["total"], b["rate_permille"]) == (1, 2, 3, 333)
    assert d["totals"] == {"total": 6, "centralized": 3, "dispersed": 3, "rate_permille": 500}
    assert not a["meets_target"]


async def test_before_an_exit_the_resident_still_counts(county):
    await build(county)
    d = await services.county_dashboard(actor=BUREAU, on=dt.date(2026, 2, 1))
    a = d["townships"][0]
    assert (a["centralized"], a["total"], a["rate_permille"]) == (3, 4, 750)  # 3 of 4


async def test_beds_and_occupancy_by_home(county):
    await build(county)
    d = await services.county_dashboard(actor=BUREAU, on=ON)
    ha, hb = d["homes"]
    assert (ha["beds"], ha["residents"], ha["free_beds"], ha["occupancy_permille"]) == (10, 2, 8, 200)
    assert (ha["present"], ha["hospitalized"], ha["on_leave"]) == (2, 1, 0)
    assert (hb["beds"], hb["residents"], hb["occupancy_permille"], hb["present"]) == (8, 1, 125, None)
    assert d["beds"] == {"beds": 18, "residents": 3, "occupancy_permille": 166}  # 3 / 18 = 166‰


async def test_fund_balance_and_month_end_balances_and_batches(county):
    await build(county)
    fund = (await services.county_dashboard(actor=BUREAU, on=ON))["fund"]
    assert fund["balance_fen"] == 1_473_000
    # opening 1,000,000; January −27,000; March +500,000
    assert fund["month_end_fen"][:3] == [973_000, 973_000, 1_473_000]
    assert fund["month_end_fen"][11] == 1_473_000
    assert [(b["period"], b["batch_count"], b["total_fen"]) for b in fund["batches"]] == [
        ("2026-01", 2, 27_000),
        ("2026-04", 1, 16_000),
        ("2026-06", 4, 59_000),
    ]


async def test_courtyard_net_income_by_home_counts_reversals_and_only_the_year(county):
    await build(county)
    a, b = (await services.county_dashboard(actor=BUREAU, on=ON))["economy"]
    # A: income 300,000 + 50,000 − 20,000 (reversal) = 330,000; expense 100,000; net 230,000; pool 20% = 46,000
    assert (a["income_fen"], a["in_kind_fen"], a["expense_fen"], a["net_fen"], a["pool_fen"]) == (
        330_000, 50_000, 100_000, 230_000, 46_000)  # fmt: skip
    assert (b["net_fen"], b["pool_fen"]) == (-30_000, 0)


async def test_rating_progress_and_the_latest_ranking(county):
    await build(county)
    r = (await services.county_dashboard(actor=BUREAU, on=ON))["rating"]
    assert r["items"] == 2 and r["scored"] == 1
    assert [h["id"] for h in r["not_scored"]] == [county.home_b]
    assert r["year_end"] == {"year": 2025, "status": "run"}
    assert [(x["rank"], x["home_id"], x["total_tenths"]) for x in r["ranking"]] == [
        (1, county.home_a, 955),
        (2, county.home_b, 800),
    ]


async def test_open_admissions_notices_and_integrity_findings(county):
    await build(county)
    d = await services.county_dashboard(actor=BUREAU, on=ON)
    assert d["admissions"] == {"village": 1, "township": 1, "county": 1}
    assert [n["name"] for n in d["notices"]] == ["欧阳伯", "罗婆婆"]
    # r3 exited on 1 March 2026 and was paid for April
    assert d["integrity"] == {"duplicate_ids": 0, "paid_after_exit": 1}


async def test_an_empty_county_shows_what_to_do_next(client_for):
    client = await client_for("bureau")
    page = await client.get("/dashboard?on=2026-06-15")
    assert page.status_code == 200
    assert (
        "还没有在册的供养对象" in page.text
        and "还没有发放批次" in page.text
        and "评分细则还没有建立" in page.text
    )


async def test_the_dashboard_page_shows_the_figures_with_links_and_the_86_line(client_for, county):
    await build(county)
    client = await client_for("bureau")
    page = await client.get("/dashboard?on=2026-06-15")
    assert page.status_code == 200
    text = page.text
    assert "66.6%" in text and "目标 86%" in text and "stroke-dasharray" in text
    assert "14,730.00" in text  # fund balance in 元
    for link in ("/residents", f"/homes/{county.home_a}", "/fund", "/payments/batches", "/economy", "/ratings/2026",
                 "/admissions"):  # fmt: skip
        assert f'href="{link}' in text
    assert "360827********" in text or "*" in text  # notices show masked ID numbers


async def test_a_bad_date_is_refused_in_chinese(client_for, county):
    client = await client_for("bureau")
    page = await client.get("/dashboard?on=2026-13-01")
    assert page.status_code == 422 and "日期格式" in page.text


async def test_the_homes_list_paginates_and_htmx_gets_only_the_list(client_for, county):
    from tests.factories import make_home

    for n in range(30):
        await make_home(township=county.township_a, code=f"JLY9{n:02d}", name=f"第{n:02d}敬老院", beds=5)
    client = await client_for("bureau")
    first = await client.get("/dashboard?on=2026-06-15")
    assert "第 1 / 2 页，共 32 条" in first.text and "offset=30" in first.text
    second = await client.get("/dashboard?on=2026-06-15&offset=30", headers={"HX-Request": "true"})
    assert second.status_code == 200 and "<html" not in second.text
    assert "第29敬老院" in second.text and "泉江镇敬老院" not in second.text
