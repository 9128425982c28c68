"""Pages: the ledger (htmx inline add, in-kind, reversal), contributions, the pool, the county table and Excel."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from eldercare.economy import services
from eldercare.economy.tables import Contribution, EconomyLine
from tests.economy.helpers import actor

HTMX = {"HX-Request": "true"}


async def seed_line(county, home="a", amount_fen=600_001, kind="income"):
    who, home_id = ("director_a", county.home_a) if home == "a" else ("director_b", county.home_b)
    return await services.add_line(actor=actor(county, who), home_id=home_id, dated_on=dt.date(2025, 3, 15),
                                   kind=kind, category="planting", amount_fen=amount_fen, note="卖稻谷")  # fmt: skip


async def test_a_director_adds_a_line_inline_and_the_ledger_partial_comes_back(client_for, county):
    client = await client_for("director_a")
    form = {"on": "2025-04-02", "kind": "income", "category": "fishery", "amount": "1,234.50", "note": "卖鱼"}
    response = await client.post(f"/homes/{county.home_a}/economy/lines", data=form, headers=HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    assert "卖鱼" in response.text and "1,234.50" in response.text and "<svg" in response.text
    assert 'value="2025-04-02"' in response.text and "autofocus" in response.text  # ready for the next line
    assert (await EconomyLine.select(EconomyLine.amount_fen).first())["amount_fen"] == 123_450


async def test_a_bad_amount_is_shown_beside_its_field_and_nothing_is_written(client_for, county):
    client = await client_for("director_a")
    form = {"on": "2025-04-02", "kind": "income", "category": "fishery", "amount": "12.345"}
    response = await client.post(f"/homes/{county.home_a}/economy/lines", data=form, headers=HTMX)
    assert response.status_code == 422 and "最多两位小数" in response.text
    bad_category = {**form, "amount": "-3", "category": "mining"}
    response = await client.post(f"/homes/{county.home_a}/economy/lines", data=bad_category, headers=HTMX)
    assert response.status_code == 422 and "类别只能是" in response.text and "不能为负数" in response.text
    assert await EconomyLine.count() == 0


async def test_in_kind_produce_is_entered_as_quantity_times_unit_price(client_for, county):
    client = await client_for("director_a")
    form = {"in_kind": "1", "on": "2025-06-01", "category": "planting", "quantity": "120", "unit": "斤",
            "unit_price": "6.50", "note": "自种蔬菜"}  # fmt: skip
    response = await client.post(f"/homes/{county.home_a}/economy/lines", data=form)
    assert response.status_code == 303
    row = await EconomyLine.select(EconomyLine.amount_fen, EconomyLine.kind, EconomyLine.in_kind).first()
    assert row == {"amount_fen": 78_000, "kind": "income", "in_kind": True}
    page = await client.get(f"/homes/{county.home_a}/economy?year=2025")
    assert "实物：120 斤 × 6.50 元" in page.text and "780.00" in page.text


async def test_a_line_is_reversed_from_the_ledger_with_a_reason(client_for, county):
    line = await seed_line(county)
    client = await client_for("director_a")
    url = f"/homes/{county.home_a}/economy/lines/{line['id']}/reverse"
    response = await client.post(url, data={"reason": "金额录错", "year": "2025"}, headers=HTMX)
    assert response.status_code == 200 and "已冲销" in response.text and "金额录错" in response.text
    again = await client.post(url, data={"reason": "再冲", "year": "2025"}, headers=HTMX)
    assert again.status_code == 409 and "已经冲销过" in again.text


@pytest.mark.parametrize(
    "who, status", [("director_a", 200), ("bureau", 200), ("director_b", 403), ("staff_a", 403)]
)
async def test_who_may_open_home_as_ledger(client_for, county, who, status):
    await seed_line(county)
    client = await client_for(who)
    response = await client.get(f"/homes/{county.home_a}/economy?year=2025")
    assert response.status_code == status
    if who == "bureau":
        assert "卖稻谷" in response.text and "记一笔" not in response.text


async def test_a_director_cannot_post_to_another_homes_ledger(client_for, county):
    client = await client_for("director_b")
    form = {"on": "2025-04-02", "kind": "income", "category": "fishery", "amount": "10"}
    assert (await client.post(f"/homes/{county.home_a}/economy/lines", data=form)).status_code == 403
    assert await EconomyLine.count() == 0


async def test_anonymous_visitors_are_sent_to_login(anonymous, county):
    response = await anonymous.get(f"/homes/{county.home_a}/economy")
    assert response.status_code in (302, 303) and "/login" in response.headers["location"]


async def test_contributions_are_edited_and_the_pool_page_shows_the_why(client_for, county):
    await seed_line(county)
    await seed_line(county, amount_fen=120_000, kind="expense")
    client = await client_for("director_a")
    url = f"/homes/{county.home_a}/contributions/2025"
    assert "王护理" in (await client.get(url)).text
    form = {f"points_staff_{county.staff_ids['staff_a']}": "4", f"points_staff_{county.staff_ids['staff_a2']}": "2",
            f"points_staff_{county.staff_ids['director_a']}": "1"}  # fmt: skip
    assert (await client.post(url, data=form)).status_code == 303
    assert await Contribution.count() == 3
    pool = await client.get(f"/homes/{county.home_a}/economy/2025/pool")
    assert pool.status_code == 200 and "960.00" in pool.text and "奖励池 × 个人积分 ÷ 总积分" in pool.text
    assert "补 1 分" in pool.text


async def test_bad_points_are_shown_beside_the_person(client_for, county):
    client = await client_for("director_a")
    url = f"/homes/{county.home_a}/contributions/2025"
    response = await client.post(url, data={f"points_staff_{county.staff_ids['staff_a']}": "-2"})
    assert response.status_code == 422 and "积分应为正整数" in response.text
    assert await Contribution.count() == 0


async def test_a_pool_without_contributions_is_listed_as_waiting(client_for, county):
    await seed_line(county, amount_fen=10_000)
    client = await client_for("bureau")
    assert "待分配" in (await client.get(f"/homes/{county.home_a}/economy/2025/pool")).text


async def test_the_bureau_sorts_the_county_table_by_net_income(client_for, county):
    await seed_line(county, home="a", amount_fen=1_000)
    await seed_line(county, home="b", amount_fen=9_000)
    client = await client_for("bureau")
    response = await client.get("/economy?year=2025&sort=net_fen&desc=true", headers=HTMX)
    assert response.status_code == 200
    assert response.text.index("雩田镇敬老院") < response.text.index("泉江镇敬老院")
    assert "合计（2 所）" in response.text and "100.00" in response.text


@pytest.mark.parametrize("who", ["director_a", "staff_a"])
async def test_only_the_bureau_sees_the_county_table(client_for, county, who):
    client = await client_for(who)
    assert (await client.get("/economy?year=2025")).status_code == 403
    assert (await client.get("/economy/2025/xlsx")).status_code == 403


async def test_the_county_table_exports_to_excel_in_the_civil_affairs_layout(client_for, county):
    await seed_line(county, home="a", amount_fen=600_001)
    await seed_line(county, home="b", amount_fen=120_000, kind="expense")
    client = await client_for("bureau")
    response = await client.get("/economy/2025/xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "2025年院办经济收支统计表（试算）"  # 2025 is not finalized
    assert ws["A2"].value.startswith("统计单位") and "统计时间" in ws["D2"].value
    assert ws["A3"].value == "序号" and ws["D3"].value == "院办经济收支（元）" and ws["D4"].value == "收入"
    assert ws["A5"].value == "合计"
    assert [float(ws.cell(row=5, column=c).value) for c in (4, 5, 6, 7)] == [6000.01, 1200.0, 4800.01, 1200.0]
    assert ws["B6"].value == "泉江镇敬老院"
    assert ws["A9"].value.startswith("制表人")
