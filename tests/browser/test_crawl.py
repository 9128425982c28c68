"""Every link alive, for every role, at a desktop and a phone width: a breadth-first crawl from the landing page
finds no link answering 404, none answering 403 to the role that was shown it, no 500, no page wider than a
375 px screen, and no developer text (a Python dict, a `_fen` name, an English enum value) on any page."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import log_in
from tests.browser.crawl import crawl

pytestmark = pytest.mark.browser

ROLES = ["bureau", "director01", "staff001"]
WIDTHS = {"desktop": 1366, "phone": 375}


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("username", ROLES)
def test_every_link_a_role_is_shown_opens_and_fits_the_screen(browser, server, username, width):
    context = browser.new_context(base_url=server, viewport={"width": WIDTHS[width], "height": 800},
                                  locale="zh-CN", is_mobile=width == "phone")  # fmt: skip
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        log_in(page, username)
        landing = urlsplit(page.url).path
        report = crawl(page, server, landing, check_width=width == "phone")
    finally:
        context.close()
    assert len(report.visited) > (2 if username.startswith("staff") else 20), report.describe()
    assert report.counts() == {"404": 0, "403": 0, "500": 0, "overflow": 0, "developer_text": 0}, report.describe()
