"""A document printed before it is final is marked 草稿（试算）; once final it is not."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from eldercare.ratings import process
from eldercare.ratings import services as ratings
from tests.factories import make_batch, make_resident, make_year_end
from tests.payments.helpers import fund, pay, standard
from tests.pocket.helpers import pocket
from tests.yearend.helpers import FULL, RUBRIC, YEAR, actor


async def test_the_year_notice_is_a_draft_until_the_year_is_finalized(client_for, county):
    await make_year_end(
        year=2025, status="run", homes=[{"home": county.home_a, "rank": 1, "total_tenths": 955}]
    )
    bureau = await client_for("bureau")
    draft = await bureau.get("/years/2025/notice")
    assert draft.status_code == 200 and "草稿（试算）" in draft.text and "尚未定稿" in draft.text
    assert "遂川县民政局" in draft.text  # the county profile's issuing unit


async def test_a_finalized_years_notice_has_no_draft_mark(client_for, county):
    await make_year_end(
        year=2025, status="finalized", homes=[{"home": county.home_a, "rank": 1, "total_tenths": 955}]
    )
    bureau = await client_for("bureau")
    final = await bureau.get("/years/2025/notice")
    assert final.status_code == 200 and "draft-mark" not in final.text


# ---- every other official document: draft → marked on the page and in its Excel title; final → not ----------


def title_of(response) -> str:
    return load_workbook(io.BytesIO(response.content)).active["A1"].value


async def finalize(year: int) -> None:
    await make_year_end(year=year, status="finalized")


async def paid_january(county) -> None:
    await standard(2025)
    await fund()
    await pocket(2025)
    await make_resident(
        township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 1, 1), name="张秀英"
    )
    await pay("2025-01")


async def test_a_pay_list_of_a_batch_not_paid_is_a_draft_and_a_paid_batchs_is_not(client_for, county):
    await paid_january(county)
    bureau = await client_for("bureau")
    path = f"/payments/batches/2025-01/homes/{county.home_a}"
    final = await bureau.get(path)
    assert final.status_code == 200 and "draft-mark" not in final.text
    assert title_of(await bureau.get(f"{path}/xlsx")) == "2025年1月特困供养金发放花名册（集中供养）"
    # a batch is made paid and sealed; one in any other status (written here directly) prints as a draft
    rid = await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 1, 1))
    await make_batch(
        period="2025-02",
        status="draft",
        lines=[{"resident": rid, "mode": "centralized", "home": county.home_a, "amount_fen": 16_000}],
    )
    path = f"/payments/batches/2025-02/homes/{county.home_a}"
    draft = await bureau.get(path)
    assert "draft-mark" in draft.text and "草稿" in draft.text and "不作领款签名用" in draft.text
    assert title_of(await bureau.get(f"{path}/xlsx")) == "2025年2月特困供养金发放花名册（集中供养）（草稿）"


async def test_a_pocket_money_signature_list_is_a_draft_until_the_month_is_paid(client_for, county):
    await paid_january(county)
    director = await client_for("director_a")
    unpaid = await director.get(f"/pocket-money/2025-02/homes/{county.home_a}")
    assert "draft-mark" in unpaid.text and "本月零用钱尚未发放" in unpaid.text
    sheet = await director.get(f"/pocket-money/2025-02/homes/{county.home_a}/xlsx")
    assert title_of(sheet) == "2025年2月零用钱领取签名表（草稿）"
    paid = await director.get(f"/pocket-money/2025-01/homes/{county.home_a}")
    assert "张秀英" in paid.text and "draft-mark" not in paid.text
    sheet = await director.get(f"/pocket-money/2025-01/homes/{county.home_a}/xlsx")
    assert title_of(sheet) == "2025年1月零用钱领取签名表"


async def test_the_disclosure_and_the_fund_statement_are_drafts_until_the_year_is_finalized(
    client_for, county
):
    await paid_january(county)
    bureau = await client_for("bureau")
    disclosure = await bureau.get(f"/homes/{county.home_a}/disclosure?year=2025")
    assert "draft-mark" in disclosure.text and "财务公开（草稿）" in disclosure.text
    statement = await bureau.get("/fund/statement/2025")
    assert "draft-mark" in statement.text and "收支表（试算）" in statement.text
    await finalize(2025)
    assert "draft-mark" not in (await bureau.get(f"/homes/{county.home_a}/disclosure?year=2025")).text
    final = await bureau.get("/fund/statement/2025")
    assert final.status_code == 200 and "draft-mark" not in final.text and "试算" not in final.text


@pytest.mark.parametrize("key", ["homes", "payments", "economy"])
async def test_a_report_of_a_year_not_finalized_is_marked_and_of_a_finalized_year_is_not(
    client_for, county, key
):
    bureau = await client_for("bureau")
    query = "on=2025-06-30&year=2025"  # homes: as on a day of 2025; the others: the year 2025
    draft = await bureau.get(f"/reports/{key}?{query}")
    assert draft.status_code == 200 and "draft-mark" in draft.text and "（试算）</h1>" in draft.text
    assert title_of(await bureau.get(f"/reports/{key}/xlsx?{query}")).endswith("（试算）")
    await finalize(2025)
    final = await bureau.get(f"/reports/{key}?{query}")
    assert final.status_code == 200 and "draft-mark" not in final.text
    assert not title_of(await bureau.get(f"/reports/{key}/xlsx?{query}")).endswith("）")


async def test_the_county_economy_excel_is_marked_until_the_year_is_finalized(client_for, county):
    bureau = await client_for("bureau")
    assert title_of(await bureau.get("/economy/2025/xlsx")) == "2025年院办经济收支统计表（试算）"
    await finalize(2025)
    assert title_of(await bureau.get("/economy/2025/xlsx")) == "2025年院办经济收支统计表"


async def test_the_rating_results_notice_is_a_draft_until_the_year_is_finalized(client_for, county):
    bureau_actor = actor(county, "bureau")
    await ratings.save_rubric(actor=bureau_actor, year=YEAR, areas=RUBRIC, star_thresholds=None)
    await ratings.save_scores(actor=bureau_actor, year=YEAR, home_id=county.home_a, scores={**FULL, "G1": 10})
    await process.publish_notice(actor=bureau_actor, year=YEAR)
    bureau = await client_for("bureau")
    draft = await bureau.get(f"/ratings/{YEAR}/notice")
    assert "draft-mark" in draft.text and "尚未定案" in draft.text
    await finalize(YEAR)
    final = await bureau.get(f"/ratings/{YEAR}/notice")
    assert final.status_code == 200 and "星级评定结果公示" in final.text and "draft-mark" not in final.text
