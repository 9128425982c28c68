"""Every link alive, for every role, at a desktop and a phone width: a breadth-first crawl from the landing page
finds no link answering 404, none answering 403 to the role that was shown it, no 500, no page wider than a
375 px screen, and no developer text (a Python dict, a `_fen` name, an English enum value) on any page.
The readers (city, province) land on their comparison of counties, choose the demo county there
(/counties/{code}/enter) and crawl it as its bureau sees it, seeing no writing control on any page."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import log_in
from tests.browser.crawl import crawl

pytestmark = pytest.mark.browser

ROLES = ["bureau", "director01", "staff001"]
READERS = ["city", "province"]
WIDTHS = {"desktop": 1366, "phone": 375}
ALL_ZERO = {"404": 0, "403": 0, "500": 0, "overflow": 0, "developer_text": 0, "write_controls": 0}
# the roll-up is crawled on its own: going back to it forgets the chosen county
ROLLUP = re.compile(r"^/counties(/|$|\?)")


def _context(browser, server, width: str):
    context = browser.new_context(base_url=server, viewport={"width": WIDTHS[width], "height": 800},
                                  locale="zh-CN", is_mobile=width == "phone")  # fmt: skip
    context.set_default_timeout(15_000)
    return context


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("username", ROLES)
def test_every_link_a_role_is_shown_opens_and_fits_the_screen(browser, server, username, width):
    context = _context(browser, server, width)
    page = context.new_page()
    try:
        log_in(page, username)
        landing = urlsplit(page.url).path
        report = crawl(page, server, landing, check_width=width == "phone")
    finally:
        context.close()
    assert len(report.visited) > (2 if username.startswith("staff") else 20), report.describe()
    assert report.counts() == ALL_ZERO, report.describe()


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("username", READERS)
def test_a_reader_chooses_a_county_and_every_page_of_it_opens_fits_and_writes_nothing(browser, server, username,
                                                                                      width):  # fmt: skip
    context = _context(browser, server, width)
    page = context.new_page()
    try:
        log_in(page, username)
        assert urlsplit(page.url).path == "/counties"
        rollup = crawl(page, server, "/counties", check_width=width == "phone", max_pages=1, reader=True)
        with page.expect_navigation():
            page.click("a[href='/counties/360827/enter']")
        assert urlsplit(page.url).path == "/county" and "只读查看" in page.inner_text("body")
        report = crawl(page, server, "/county", check_width=width == "phone", skip=ROLLUP, reader=True)
    finally:
        context.close()
    assert rollup.counts() == ALL_ZERO, rollup.describe()
    assert len(report.visited) > 20, report.describe()
    assert report.counts() == ALL_ZERO, report.describe()
