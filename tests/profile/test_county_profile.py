"""本县设置: the county's issuing unit, phone and address, edited by its bureau, printed on its documents."""

from urllib.parse import unquote

import pytest

from eldercare.audit.tables import AuditLog
from eldercare.profile import rules
from eldercare.profile.tables import CountyProfile

FORM = {"issuing_unit": "永新县民政局", "county_name": "永新县", "objection_phone": "0796-7722110",
        "address": "永新县禾川镇"}  # fmt: skip


def test_the_unit_and_county_name_are_required_and_the_phone_is_digits():
    _, errors = rules.clean({"issuing_unit": " ", "county_name": "", "objection_phone": "请打电话"})
    assert set(errors) == {"issuing_unit", "county_name", "objection_phone"}
    cleaned, errors = rules.clean(FORM)
    assert errors == {} and cleaned["issuing_unit"] == "永新县民政局"


async def test_the_bureau_saves_the_profile_and_every_page_footer_and_report_uses_it(client_for, county):
    bureau = await client_for("bureau")
    assert (await bureau.get("/settings")).status_code == 200
    saved = await bureau.post("/settings", data=FORM)
    assert saved.status_code == 303 and "本县设置已保存" in unquote(saved.headers["set-cookie"])
    page = await bureau.get("/county")
    assert "永新县民政局 · 监督电话 0796-7722110" in page.text and "遂川县民政局" not in page.text
    report = await bureau.get("/reports/homes")
    assert "永新县民政局" in report.text
    audits = await AuditLog.count().where(AuditLog.table_name == "county_profile")
    again = await bureau.post("/settings", data=FORM)
    assert "未作修改" in unquote(again.headers["set-cookie"]), "an unchanged save writes nothing and says so"
    assert await AuditLog.count().where(AuditLog.table_name == "county_profile") == audits
    assert await CountyProfile.count() == 1


async def test_a_bad_phone_is_shown_beside_the_field_and_nothing_is_written(client_for, county):
    bureau = await client_for("bureau")
    bad = await bureau.post("/settings", data={**FORM, "objection_phone": "call me"})
    assert bad.status_code == 422 and "监督电话只能包含数字" in bad.text
    assert (await CountyProfile.select(CountyProfile.issuing_unit).first())["issuing_unit"] == "遂川县民政局"


@pytest.mark.parametrize("persona", ["director_a", "staff_a"])
async def test_only_the_bureau_edits_the_profile(client_for, county, persona):
    client = await client_for(persona)
    assert (await client.get("/settings")).status_code == 403
    assert (await client.post("/settings", data=FORM)).status_code == 403
