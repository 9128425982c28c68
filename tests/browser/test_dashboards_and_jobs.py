"""Each role's dashboard at desktop and phone widths (screenshots kept), and the bureau's jobs page: run now,
see it finish, in a real browser."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser

DASHBOARDS = [
    # (account, path, a heading or figure the page must show)
    ("bureau", "/dashboard", "集中供养率"),
    ("director01", "/homes/1/dashboard", "院办经济"),
    ("staff001", "/me", "我的信息"),
    ("bureau", "/reports", "统计"),
]


@pytest.mark.parametrize(("username", "path", "text"), DASHBOARDS, ids=[f"{d[0]}{d[1]}" for d in DASHBOARDS])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_each_dashboard_loads_for_its_role_at_desktop_and_phone_widths(request, width, username, path, text):
    page = request.getfixturevalue("page" if width == "desktop" else "phone")
    log_in(page, username)
    response = page.goto(path)
    assert response is not None and response.status == 200
    assert text in page.inner_text("main")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at {width} width"
    screenshot(page, f"dashboard-{username}-{path.strip('/').replace('/', '-')}-{width}")


def test_the_bureau_runs_a_job_now_and_watches_it_finish(page):
    log_in(page, "bureau")
    page.goto("/jobs")
    job = page.locator("#job-daily-checks")
    job.locator("input[name=period]").fill("2026-11-28")
    job.get_by_role("button", name="立即运行").click()
    page.locator("#job-daily-checks .badge").filter(has_text="成功").wait_for(timeout=30_000)
    screenshot(page, "jobs-run-now")
    page.reload()
    assert "2026-11-28" in page.inner_text("main")


def test_a_director_cannot_open_the_jobs_page(page):
    log_in(page, "director01")
    response = page.goto("/jobs")
    assert response is not None and response.status == 403
