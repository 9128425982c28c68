"""审核 on the pages: the fund, standards and year-end pages show what waits instead of its effect; 待审核 lists
it with 批准 / 退回; the setting is on 本县设置, and switching it off needs a second bureau user too."""

from __future__ import annotations

import datetime as dt

from eldercare.approvals.services import rule_on as rule_is_on
from eldercare.payments.tables import FundEntry, Standard
from eldercare.yearend.lock import is_finalized
from eldercare.yearend.tables import YearEnd

INFLOW_FORM = {"on": "2025-03-01", "amount": "1234.50", "source": "县财政", "document_no": "遂财〔2025〕12号"}


async def test_the_bureau_turns_the_rule_on_and_off_needs_a_second_clerk(client_for, clerks):
    bureau, bureau2 = await client_for("bureau"), await client_for("bureau2")
    page = await bureau.get("/settings")
    assert "资金事项双人审核" in page.text and "未开启" in page.text
    on = await bureau.post("/settings/two-person-rule", data={"two_person_rule": "on"})
    assert on.status_code == 303 and await rule_is_on()
    off = await bureau.post("/settings/two-person-rule", data={"two_person_rule": "off"})
    assert off.status_code == 303 and await rule_is_on()  # waits for the second clerk
    assert "关闭本县的资金事项双人审核" in (await bureau.get("/settings")).text
    pending = (await bureau2.get("/api/v1/approvals")).json()["items"][0]
    assert pending["kind"] == "rule_off"
    assert (await bureau2.post(f"/approvals/{pending['id']}/approve")).status_code == 303
    assert not await rule_is_on()
    bad = await bureau.post("/settings/two-person-rule", data={"two_person_rule": "maybe"})
    assert bad.status_code == 422 and "选择不正确" in bad.text


async def test_the_fund_page_shows_the_pending_inflow_until_another_clerk_approves_it(client_for, rule_on):
    bureau, bureau2 = await client_for("bureau"), await client_for("bureau2")
    posted = await bureau.post("/fund/inflows", data=INFLOW_FORM)
    assert posted.status_code == 303
    fund = (await bureau.get("/fund")).text
    assert "待审核（尚未生效）" in fund and "1,234.50" in fund and "0.00 元" in fund
    assert await FundEntry.count() == 0
    listing = await bureau2.get("/approvals")
    assert listing.status_code == 200 and "遂财〔2025〕12号" in listing.text and "批准" in listing.text
    request_id = (await bureau2.get("/api/v1/approvals")).json()["items"][0]["id"]

    own = await bureau.post(f"/approvals/{request_id}/approve")
    assert own.status_code == 403 and "不能审核自己提交的申请" in own.text
    approved = await bureau2.post(f"/approvals/{request_id}/approve")
    assert approved.status_code == 303
    assert "已批准" in (await bureau2.get("/approvals")).text  # the flash
    fund = (await bureau.get("/fund")).text
    assert "待审核（尚未生效）" not in fund and "1,234.50 元" in fund
    again = await bureau2.post(f"/approvals/{request_id}/approve")
    assert again.status_code == 409 and "该申请已已批准" not in again.text and "不能再审核" in again.text


async def test_a_rejection_needs_a_reason_and_leaves_the_fund_as_it_was(client_for, rule_on):
    bureau, bureau2 = await client_for("bureau"), await client_for("bureau2")
    await bureau.post("/fund/inflows", data=INFLOW_FORM)
    request_id = (await bureau2.get("/api/v1/approvals")).json()["items"][0]["id"]
    blank = await bureau2.post(f"/approvals/{request_id}/reject", data={"reason": " "})
    assert blank.status_code == 422 and "请填写退回理由" in blank.text
    rejected = await bureau2.post(f"/approvals/{request_id}/reject", data={"reason": "文号有误"})
    assert rejected.status_code == 303
    history = (await bureau2.get("/approvals?state=rejected")).text
    assert "文号有误" in history and "bureau2" in history
    assert await FundEntry.count() == 0


async def test_the_standards_page_shows_the_pending_version_not_its_effect(client_for, rule_on):
    bureau = await client_for("bureau")
    form = {"centralized": "1920", "dispersed": "1320", "supplement_self_care": "0", "supplement_partial": "0",
            "supplement_full": "360", "version": ""}  # fmt: skip
    saved = await bureau.post("/payments/standards/2025", data=form)
    assert saved.status_code == 303
    page = (await bureau.get("/payments/standards?year=2025")).text
    assert "待审核（尚未生效）" in page and "集中 1,920.00 元/年" in page and "尚未设定供养标准" in page
    assert await Standard.count() == 0


async def test_the_year_page_shows_the_pending_finalize_and_the_year_stays_open(client_for, rule_on):
    bureau = await client_for("bureau")
    await YearEnd.insert(YearEnd(year=2025, status="run", run_at=dt.datetime(2026, 1, 10, tzinfo=dt.UTC))).run()
    assert (await bureau.post("/years/2025/finalize")).status_code == 303
    page = (await bureau.get("/years/2025")).text
    assert "2025年度年终考核定案" in page and "待审核（尚未生效）" in page and "已运行，未定案" in page
    assert 'action="/years/2025/finalize"' not in page  # no second finalize while one waits
    assert not await is_finalized(2025)


async def test_the_bureau_navigation_leads_to_the_approvals_and_others_are_kept_out(client_for, rule_on):
    bureau = await client_for("bureau")
    assert 'href="/approvals"' in (await bureau.get("/fund")).text
    for name in ("director_a", "staff_a"):
        assert (await (await client_for(name)).get("/approvals")).status_code == 403
