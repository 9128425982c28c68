"""Every Excel export in the one civil-affairs layout, opened with openpyxl: A4, fit to one page wide, header rows
repeated and frozen, real dates shown 年月日, ID numbers as text (masked in what is posted), money and rates as
real numbers, one CJK font, Chinese file names; and a resident named =HYPERLINK(...) is text, never a formula."""

import io
import re
import zipfile
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from eldercare.county.tables import Home
from eldercare.reports.excel import DATE_CN, FONT_NAME, MONEY, date_cn, now
from eldercare.residents.tables import Resident
from tests.dashboards.data import build

EVIL = '=HYPERLINK("http://x","y")'
EVIL_HOME = "-1+2敬老院"
Q = "?on=2026-06-15&year=2026"


def exports(county):
    return {
        "roster": ("/residents/export.xlsx", False),
        "home pay list": (f"/payments/batches/2026-06/homes/{county.home_a}/xlsx", True),
        "township pay list": (f"/payments/batches/2026-01/townships/{county.township_a}/xlsx", True),
        "county economy": ("/economy/2026/xlsx", False),
        **{f"report {k}": (f"/reports/{k}/xlsx{Q}", False) for k in ("homes", "supported", "payments", "economy")},
        "report ranking": ("/reports/ranking/xlsx?on=2026-06-15&year=2025", False),
    }


@pytest.fixture
async def county_with_a_formula_name(county):
    await build(county)
    await Resident.update({Resident.name: EVIL}).where(Resident.township == county.township_a)
    await Home.update({Home.name: EVIL_HOME}).where(Home.id == county.home_b)
    return county


async def test_every_export_is_in_the_civil_affairs_layout_and_prints_on_a4(client_for, county_with_a_formula_name):
    county = county_with_a_formula_name
    client = await client_for("bureau")
    made = f"制表时间：{date_cn(now().date())}"
    for what, (url, posted) in exports(county).items():
        response = await client.get(url)
        assert response.status_code == 200, what
        disposition = response.headers["content-disposition"]
        name = unquote(re.search(r"filename\*=UTF-8''(\S+)", disposition).group(1))
        assert name.endswith(".xlsx") and re.search(r"[\u4e00-\u9fff]", name) and re.search(r"\d{4}年", name), what
        with zipfile.ZipFile(io.BytesIO(response.content)) as z:
            sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in sheet_xml and "<f " not in sheet_xml, f"{what}: a live formula"
        book = load_workbook(io.BytesIO(response.content))
        ws = book.active
        assert ws.page_setup.paperSize in ("9", 9) and ws.page_setup.fitToWidth in (1, "1"), what
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight in (0, "0"), what
        assert ws.print_title_rows and ws.freeze_panes, what
        width = sum(ws.column_dimensions[c].width for c in ws.column_dimensions)
        assert ws.page_setup.orientation == ("landscape" if width > 95 else "portrait"), what
        first_data = int(ws.freeze_panes[1:])
        assert ws.cell(row=first_data, column=1).value == "合计", what
        assert ws["A2"].value.startswith("统计单位：") and any(
            str(c.value or "").startswith("统计时间：") for c in ws[2]), what  # fmt: skip
        cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
        assert made in [c.value for c in cells], what
        assert {c.font.name for c in cells} == {FONT_NAME}, what
        headers = {c.column: c.value for r in range(3, first_data) for c in ws[r] if c.value}
        for c in cells:
            if isinstance(c.value, str) and c.value[:1] in "=+-@\t\r":
                assert c.data_type == "s" and c.quotePrefix, f"{what}: {c.coordinate} {c.value!r}"
            label = str(headers.get(c.column, "")) if c.row < ws.max_row else ""  # not the 制表人 line
            if c.row > first_data and "身份证" in label:
                assert c.data_type == "s" and c.number_format == "@", what
                assert ("*" in c.value) == posted, f"{what}: ID numbers masked only where posted"
            if c.row >= first_data and c.is_date:
                assert c.number_format == DATE_CN, what
            if "元" in label or label in ("收入", "支出", "纯收入", "净收入", "奖励基金", "合计", "其中实物"):
                if isinstance(c.value, int | float) and c.row >= first_data:
                    assert c.number_format == MONEY, f"{what}: {label}"
            if "率" in label and c.row >= first_data and isinstance(c.value, int | float):
                assert 0 <= c.value <= 1 and c.number_format.endswith("%"), what
        values = [c.value for c in cells]
        if what in ("roster", "home pay list", "township pay list"):
            assert EVIL in values, what
        if what in ("county economy", "report homes", "report economy", "report ranking"):
            assert EVIL_HOME in values, what


async def test_the_roster_carries_real_dates_and_the_pay_list_rows_are_tall_enough_to_sign(
    client_for, county_with_a_formula_name
):
    county = county_with_a_formula_name
    client = await client_for("bureau")
    ws = load_workbook(io.BytesIO((await client.get("/residents/export.xlsx")).content)).active
    admitted = [c for c in ws["L"] if c.row > 4]
    assert admitted and all(c.is_date for c in admitted if c.value is not None)
    ws = load_workbook(io.BytesIO((await client.get(exports(county)["home pay list"][0])).content)).active
    assert [ws.cell(row=3, column=c).value for c in (2, 3)] == ["姓名", "领款人签名（或手印）"]
    assert all(ws.row_dimensions[r].height >= 30 for r in range(5, ws.max_row - 1))
