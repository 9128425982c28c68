"""A document printed before it is final is marked 草稿（试算）; once final it is not."""

from tests.factories import make_year_end


async def test_the_year_notice_is_a_draft_until_the_year_is_finalized(client_for, county):
    await make_year_end(year=2025, status="run", homes=[{"home": county.home_a, "rank": 1, "total_tenths": 955}])
    bureau = await client_for("bureau")
    draft = await bureau.get("/years/2025/notice")
    assert draft.status_code == 200 and "草稿（试算）" in draft.text and "尚未定稿" in draft.text
    assert "遂川县民政局" in draft.text  # the county profile's issuing unit


async def test_a_finalized_years_notice_has_no_draft_mark(client_for, county):
    await make_year_end(year=2025, status="finalized", homes=[{"home": county.home_a, "rank": 1, "total_tenths": 955}])
    bureau = await client_for("bureau")
    final = await bureau.get("/years/2025/notice")
    assert final.status_code == 200 and "draft-mark" not in final.text
