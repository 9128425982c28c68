"""Safe flows in a real browser: the census refuses more present than the register, an unchanged save says so,
a year notice printed before the year is finalized is a draft, and a director is sent to 三审三公示."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_a_director_cannot_record_more_present_than_residents_and_an_unchanged_count_says_so(phone):
    log_in(phone, "director01")
    phone.goto("/census")
    phone.fill("#f-present", "45")  # 泉江镇敬老院: 40 beds, 30 residents
    with phone.expect_navigation():
        phone.click("main button[type=submit]")
    assert "超过本院床位 40 张" in phone.locator(".field.has-error").inner_text()
    phone.goto("/census")
    with phone.expect_navigation():
        phone.click("main button[type=submit]")  # the demo's count for today, unchanged
    assert "未作修改" in phone.inner_text("main")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_finalized_years_notice_prints_without_a_draft_mark_under_the_countys_name(page):
    log_in(page, "bureau")
    page.goto("/years/2025/notice")  # the demo's 2025 is finalized
    assert page.locator(".draft-mark").count() == 0 and "遂川县民政局" in page.inner_text(".notice")


def test_a_director_is_sent_to_the_admission_review_not_a_direct_admit(page):
    log_in(page, "director01")
    page.goto("/residents")
    assert page.locator('a[href="/residents/new"]').count() == 0
    assert page.goto("/residents/new").status == 403
