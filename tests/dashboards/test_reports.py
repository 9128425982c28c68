"""Each report: on screen, and as Excel in the civil-affairs layout with 合计 as the first data row."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from eldercare.reports.excel import date_cn, now
from tests.dashboards.data import build

QUERY = "?on=2026-06-15&year=2026"


async def _sheet(client, key: str, query: str = QUERY):
    response = await client.get(f"/reports/{key}/xlsx{query}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


def _num(value: object) -> object:
    """Excel keeps numbers as floats: compare them as exact decimals of what was written."""
    return Decimal(str(value)) if isinstance(value, float) else value


def _total_row(ws) -> dict[str, object]:
    """Header labels (row 4 under a group, else row 3) → the 合计 row's values (row 5)."""
    assert ws.cell(row=5, column=1).value == "合计"
    labels = {}
    for col in range(1, ws.max_column + 1):
        label = ws.cell(row=4, column=col).value or ws.cell(row=3, column=col).value
        labels[label] = _num(ws.cell(row=5, column=col).value)
    return labels


def _layout(ws, title: str) -> None:
    assert ws["A1"].value == title
    assert ws["A2"].value == "统计单位：遂川县民政局"
    assert any(str(c.value or "").startswith("统计时间：") for c in ws[2])
    footer = [c.value for row in ws.iter_rows(min_row=6) for c in row if c.value]
    made = date_cn(now().date())  # the day it was made, not the statistics date
    assert "制表人：bureau" in footer and f"制表时间：{made}" in footer


async def test_the_homes_report_sums_beds_residents_staff_and_economy(client_for, county):
    await build(county)
    ws = await _sheet(await client_for("bureau"), "homes")
    _layout(ws, "2026年敬老院基本情况统计表（试算）")  # the year is not finalized
    assert ws.cell(row=3, column=4).value == "床位与入住"  # a grouped header over four columns
    assert "D3:G3" in {str(r) for r in ws.merged_cells.ranges}
    total = _total_row(ws)
    assert total["床位（张）"] == 18 and total["在院供养对象（人）"] == 3 and total["工作人员（人）"] == 5
    assert total["入住率"] == Decimal("0.166")  # 3 / 18, a real fraction shown as 16.6%
    assert ws.cell(row=5, column=7).number_format == "0.0%"
    # income 3,300.00 + 100.00; expense 1,000.00 + 400.00
    assert (total["收入"], total["支出"], total["净收入"]) == (
        Decimal("3400.00"),
        Decimal("1400.00"),
        Decimal("2000.00"),
    )
    assert [ws.cell(row=r, column=1).value for r in (6, 7)] == ["泉江镇敬老院", "雩田镇敬老院"]


async def test_the_supported_report_counts_by_township(client_for, county):
    await build(county)
    ws = await _sheet(await client_for("bureau"), "supported")
    _layout(ws, "2026年供养对象统计表（试算）")  # the year is not finalized
    total = _total_row(ws)
    assert (total["供养对象（人）"], total["集中供养"], total["分散供养"]) == (6, 3, 3)
    assert total["集中供养率"] == Decimal("0.5")
    assert (total["全自理"], total["半失能"], total["全失能"]) == (4, 1, 1)
    assert ws.cell(row=6, column=2).value + ws.cell(row=7, column=2).value == 6


async def test_the_payments_report_sums_the_years_batches(client_for, county):
    await build(county)
    ws = await _sheet(await client_for("bureau"), "payments")
    _layout(ws, "2026年供养金发放月报表（试算）")  # the year is not finalized
    total = _total_row(ws)
    # centralized 1 + 1 + 3 lines at 160.00; dispersed 2 at 110.00; 800.00 + 220.00 = 1,020.00
    assert total["发放人次"] == 7 and total["发放金额（元）"] == Decimal("1020.00")
    assert _num(ws.cell(row=5, column=3).value) == Decimal("800.00")
    assert _num(ws.cell(row=5, column=5).value) == Decimal("220.00")
    assert [ws.cell(row=r, column=1).value for r in (6, 7, 8)] == ["2026-01", "2026-04", "2026-06"]


async def test_the_economy_report_sums_each_homes_pool_not_the_countys(client_for, county):
    await build(county)
    ws = await _sheet(await client_for("bureau"), "economy")
    _layout(ws, "2026年院办经济收支统计表（试算）")  # the year is not finalized
    total = _total_row(ws)
    # nets 2,300.00 and −300.00 = 2,000.00; pools 460.00 (20% of 2,300.00) and 0 = 460.00
    assert total["净收入（元）"] == Decimal("2000.00") and total["奖励基金 20%（元）"] == Decimal("460.00")
    assert total["其中实物"] == Decimal("500.00")


async def test_the_ranking_report_lists_the_year_end_run(client_for, county):
    await build(county)
    ws = await _sheet(await client_for("bureau"), "ranking", "?on=2026-06-15&year=2025")
    _layout(ws, "2025年敬老院年度考核排名表（试算）")  # the year is not finalized
    total = _total_row(ws)
    assert total["项目资金（元）"] == Decimal("10000.00")
    assert [_num(ws.cell(row=6, column=c).value) for c in (1, 2, 3, 4)] == [
        "泉江镇敬老院",
        1,
        Decimal("95.5"),
        5,
    ]


@pytest.mark.parametrize("key", ["homes", "supported", "payments", "economy", "ranking"])
async def test_each_report_shows_on_screen_with_total_first_and_prints(client_for, county, key):
    await build(county)
    page = await (await client_for("bureau")).get(f"/reports/{key}{QUERY}")
    assert page.status_code == 200
    text = page.text
    assert "统计单位" in text and "制表人" in text and "data-print" in text
    assert text.index('class="total"') < text.index("</tbody>")


async def test_an_empty_year_says_what_to_do(client_for, county):
    page = await (await client_for("bureau")).get("/reports/payments?year=2019")
    assert page.status_code == 200 and "还没有数据" in page.text


async def test_the_report_index_links_screen_and_excel(client_for, county):
    page = await (await client_for("bureau")).get("/reports?on=2026-06-15&year=2026")
    assert page.status_code == 200
    assert (
        "/reports/homes/xlsx?on=2026-06-15&amp;year=2026" in page.text
        or "/reports/homes/xlsx?on=2026-06-15&year=2026" in page.text
    )
