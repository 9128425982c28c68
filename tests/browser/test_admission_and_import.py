"""A director registers an admission through the pages, passes the village review and prints the 公示;
the bureau imports a roster workbook and sees the upload progress, in a real browser."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from eldercare import idnumber
from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser


def test_a_director_registers_an_admission_and_prints_the_masked_notice(page):
    number = idnumber.make("360827", dt.date(1948, 5, 6), 777)
    log_in(page, "director01")
    page.goto("/admissions")
    page.fill("#f-name", "钟满英")
    page.fill("#f-id_number", number)
    page.select_option("#f-township_code", "360827100")
    page.fill("#f-village", "东村")
    page.select_option("#f-home_id", index=1)
    with page.expect_navigation():
        page.get_by_role("button", name="登记申请").click()
    assert "申请已登记" in page.inner_text("main")
    with page.expect_navigation():
        page.get_by_role("button", name="登记审核").click()
    assert "公示中" in page.inner_text("main")
    with page.expect_navigation():
        page.get_by_role("link", name="打印公示").click()
    text = page.inner_text("main")
    assert "钟满英" in text and idnumber.mask(number) in text and number not in page.content()
    page.emulate_media(media="print")
    assert not page.locator("header.topbar").is_visible(), "the navigation does not print"
    screenshot(page, "admission-notice-print")


def test_the_bureau_imports_a_roster_and_sees_the_progress(page, tmp_path):
    log_in(page, "bureau")
    exported = page.request.get("/residents/export.xlsx")
    assert exported.ok
    book = load_workbook(io.BytesIO(exported.body()))
    assert book.active.max_row > 10
    page.goto("/residents/import")
    path = tmp_path / "roster.xlsx"
    path.write_bytes(exported.body())
    page.set_input_files("#f-file", str(path))
    page.get_by_role("button", name="导入").click()
    # Its own export back: every person is recognised as already present, nothing is imported twice.
    page.wait_for_url("**/residents", timeout=120_000)
    assert "已在系统中" in page.inner_text("main")
    screenshot(page, "import-recognised")
