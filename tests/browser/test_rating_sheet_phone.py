"""The county's on-site rating sheet on a 375 px phone: it fits, and scores typed while the connection is down
are kept in the browser and saved when the connection returns (the demo's 2026, a year in progress)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser

SHEET = "/ratings/2026/homes/1"
DRAFT = "localStorage.getItem('draft:score-2026-1')"


def test_scores_typed_offline_are_kept_and_saved_when_the_connection_returns(phone):
    log_in(phone, "bureau")
    response = phone.goto(SHEET)
    assert response is not None and response.status == 200
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    scores = phone.locator("input[name^=s_]")
    assert scores.count() == 12 and scores.first.input_value() == ""  # not scored yet
    phone.context.set_offline(True)
    for i in range(scores.count()):
        scores.nth(i).fill("5")  # 5 points: within every item's maximum (the smallest is 5)
    phone.locator("input[name^=n_]").first.fill("现场核查：消防通道畅通")
    phone.get_by_role("button", name="保存评分").click()
    phone.locator("#draft-status").filter(has_text="网络已断开").wait_for(timeout=5_000)
    assert "消防通道畅通" in (phone.evaluate(DRAFT) or "")
    screenshot(phone, "rating-sheet-offline-phone")
    with phone.expect_navigation(timeout=15_000):
        phone.context.set_offline(False)
    phone.wait_for_load_state()
    assert "评分已保存" in phone.inner_text("main")
    assert phone.evaluate(DRAFT) is None  # the saved page clears the kept draft
    phone.goto(SHEET)
    assert phone.locator("input[name^=s_]").first.input_value() == "5.0"
    assert phone.locator("input[name^=n_]").first.input_value() == "现场核查：消防通道畅通"
    assert "60.0 分" in phone.inner_text("#running-total")  # 12 items × 5
