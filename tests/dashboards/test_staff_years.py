"""The staff member's own years: pay and share with the why, nothing of anyone else."""

import json

import pytest

from tests.factories import make_year_end


async def _results(county):
    ha = county.home_a
    why = {
        "performance_pay": "称职 150.00 元/月 × 12 个月 = 1,800.00 元",
        "share": "贡献 30 分 ÷ 60 分 × 奖励基金",
    }
    await make_year_end(year=2025, status="finalized", staff=[
        {"staff": county.staff_ids["staff_a"], "home": ha, "grade": "competent", "months": 12, "rate_fen": 15_000,
         "performance_pay_fen": 180_000, "bonus_share_fen": 12_345, "why": json.dumps(why, ensure_ascii=False)},
        {"staff": county.staff_ids["staff_a2"], "home": ha, "grade": "excellent", "months": 12, "rate_fen": 20_000,
         "performance_pay_fen": 240_000, "bonus_share_fen": 98_765},
    ])  # fmt: skip


async def test_a_staff_member_sees_their_own_pay_share_and_why(client_for, county):
    await _results(county)
    client = await client_for("staff_a")
    page = await client.get("/me/years")
    assert page.status_code == 200
    assert "1,800.00" in page.text and "123.45" in page.text and "称职 150.00 元/月 × 12 个月" in page.text
    assert "已定稿" in page.text
    assert "2,400.00" not in page.text and "987.65" not in page.text  # staff_a2's figures


async def test_without_results_the_section_says_when_they_come(client_for, county):
    client = await client_for("staff_a")
    page = await client.get("/me/years")
    assert page.status_code == 200 and "还没有年终考核结果" in page.text


@pytest.mark.parametrize("persona", ["director_a", "director_b", "bureau"])
async def test_directors_and_the_bureau_do_not_use_the_staff_section(client_for, persona):
    client = await client_for(persona)
    assert (await client.get("/me/years")).status_code == 403


async def test_an_htmx_request_gets_only_the_section(client_for, county):
    await _results(county)
    client = await client_for("staff_a")
    page = await client.get("/me/years", headers={"HX-Request": "true"})
    assert page.status_code == 200 and "1,800.00" in page.text and "<html" not in page.text
