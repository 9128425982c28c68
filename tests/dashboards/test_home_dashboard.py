"""A director's home dashboard: census, this month's batch, economy this year against last, what is due."""

import datetime as dt

from eldercare.auth.actor import Actor
from eldercare.dashboards import services
from tests.dashboards.data import ON, build
from tests.factories import make_trust_survey


def director(county, home: str = "a") -> Actor:
    home_id = county.home_a if home == "a" else county.home_b
    return Actor(user_id=2, username=f"director_{home}", role="director", home_id=home_id)


async def test_census_batch_and_economy_months_for_the_home(county):
    await build(county)
    d = await services.home_dashboard(actor=director(county), home_id=county.home_a, on=ON)
    assert d["census"] == {"present": 2, "hospitalized": 1, "on_leave": 0}
    # June batch: r1 and r2 at 160.00 元 each are home A's; r4 is home B's, d1 is paid to the person
    assert d["batch"] == {"period": "2026-06", "lines": 2, "total_fen": 32_000, "paid": True}
    # March +300,000; April +50,000 − 100,000; May −20,000 (reversal)
    assert d["net_this_year"][:6] == [0, 0, 300_000, -50_000, -20_000, 0]
    assert d["net_last_year"][6] == 99_999 and sum(d["net_last_year"]) == 99_999


async def test_what_is_due_notices_reviews_trust_round_and_scores(county):
    await build(county)
    d = await services.home_dashboard(actor=director(county), home_id=county.home_a, on=ON)
    assert [n["name"] for n in d["notices"]] == ["欧阳伯"]  # ends 18 June; 罗婆婆's ends 30 July
    # 年审: r1 admitted 1 Jan 2025 is due; r2 reviewed 10 Jan 2026 is not; r3 has exited
    assert d["reviews"]["count"] == 1
    assert (d["trust_round"], d["trust_done"]) == (1, False)
    assert d["scores"] == {"rubric": True, "items": 2, "missing": 0}
    b = await services.home_dashboard(actor=director(county, "b"), home_id=county.home_b, on=ON)
    assert b["trust_done"] is True and b["scores"]["missing"] == 1
    assert b["census"] is None and b["batch"]["total_fen"] == 16_000


async def test_the_second_half_year_needs_its_own_trust_round(county):
    await build(county)
    await make_trust_survey(home=county.home_a, year=2026, round_no=1, dated_on=dt.date(2026, 6, 1))
    july = await services.home_dashboard(
        actor=director(county), home_id=county.home_a, on=dt.date(2026, 7, 2)
    )
    assert (july["trust_round"], july["trust_done"]) == (2, False)


async def test_the_home_page_fits_the_facts_on_one_screen(client_for, county):
    await build(county)
    client = await client_for("director_a")
    page = await client.get(f"/homes/{county.home_a}/dashboard?on=2026-06-15")
    assert page.status_code == 200
    assert "320.00" in page.text and "欧阳伯" in page.text and "第1轮" in page.text and "<svg" in page.text


async def test_a_home_without_census_says_where_to_record_it(client_for, county):
    client = await client_for("director_b")
    page = await client.get(f"/homes/{county.home_b}/dashboard?on=2026-06-15")
    assert page.status_code == 200 and "今天还没有登记在院人数" in page.text
    assert 'href="/census"' in page.text  # the director's census page (there is no /homes/{id}/census)
