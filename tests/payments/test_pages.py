"""The payment pages for every persona: what each may open, forms with errors beside fields, printable lists."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from eldercare.payments.tables import FundEntry, PaymentBatch, Standard
from tests.factories import make_resident
from tests.payments.helpers import fund, pay, standard


async def paid_january(county) -> None:
    await standard(2025, centralized=192_000, full=0)
    await fund()
    await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 1, 1), name="张秀英")
    await make_resident(township=county.township_b, home=county.home_b, admitted_on=dt.date(2024, 1, 1), name="李桂兰")
    await make_resident(township=county.township_b, mode="dispersed", admitted_on=dt.date(2024, 1, 1), name="王冬生")
    await pay("2025-01")


BUREAU_ONLY = ["/fund", "/fund/statement/2025"]
BUREAU_AND_DIRECTOR = ["/payments/standards?year=2025", "/payments/batches", "/payments/batches/2025-01"]
EXPECT = {"bureau": 200, "director_a": 403, "director_b": 403, "staff_a": 403}


@pytest.mark.parametrize("persona", ["bureau", "director_a", "director_b", "staff_a"])
async def test_who_may_open_the_payment_pages(client_for, county, persona):
    await paid_january(county)
    client = await client_for(persona)
    for path in BUREAU_ONLY:
        assert (await client.get(path)).status_code == EXPECT[persona], path
    for path in BUREAU_AND_DIRECTOR:
        assert (await client.get(path)).status_code == (403 if persona == "staff_a" else 200), path
    home_list = await client.get(f"/payments/batches/2025-01/homes/{county.home_a}")
    assert home_list.status_code == {"bureau": 200, "director_a": 200}.get(persona, 403)
    disclosure = await client.get(f"/homes/{county.home_a}/disclosure?year=2025")
    assert disclosure.status_code == {"bureau": 200, "director_a": 200}.get(persona, 403)


async def test_strangers_are_sent_to_sign_in(anonymous):
    assert (await anonymous.get("/payments/batches")).status_code in (302, 303)


async def test_the_home_pay_list_has_the_total_first_and_a_signature_column(client_for, county):
    await paid_january(county)
    client = await client_for("director_a")
    page = await client.get(f"/payments/batches/2025-01/homes/{county.home_a}")
    assert "合计" in page.text and "领款人签名" in page.text and "张秀英" in page.text and "李桂兰" not in page.text
    sheet = await client.get(f"/payments/batches/2025-01/homes/{county.home_a}/xlsx")
    ws = load_workbook(io.BytesIO(sheet.content)).active
    assert ws["A1"].value == "2025年1月特困供养金发放花名册（集中供养）"
    assert ws["A2"].value == "统计单位：泉江镇敬老院"
    assert ws["C3"].value == "领款人签名（或手印）" and ws["A4"].value == "合计"  # beside the names
    assert str(ws["D4"].value) == "160" and ws["B5"].value == "张秀英"  # 192,000 / 12 = 16,000 fen = 160 元
    assert "*" in ws["F5"].value and ws.row_dimensions[5].height >= 30  # masked (posted); room to sign
    assert "制表人" in ws.cell(row=ws.max_row, column=1).value


async def test_the_township_pay_list_holds_the_dispersed_people(client_for, county):
    await paid_january(county)
    client = await client_for("bureau")
    page = await client.get(f"/payments/batches/2025-01/townships/{county.township_b}")
    assert "王冬生" in page.text and "110.00" in page.text and "李桂兰" not in page.text
    sheet = await client.get(f"/payments/batches/2025-01/townships/{county.township_b}/xlsx")
    assert load_workbook(io.BytesIO(sheet.content)).active["A4"].value == "合计"


async def test_the_disclosure_shows_monthly_totals_without_personal_data(client_for, county):
    await paid_january(county)
    client = await client_for("director_a")
    page = await client.get(f"/homes/{county.home_a}/disclosure?year=2025")
    assert "2025-01" in page.text and "160.00" in page.text and "张秀英" not in page.text


async def test_the_preview_says_what_a_change_costs_for_todays_roster(client_for, county):
    await standard(2026, centralized=192_000, full=0)
    for _ in range(2):
        await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 1, 1))
    client = await client_for("bureau")
    form = {"centralized": "2000", "dispersed": "1320", "supplement_self_care": "0", "supplement_partial": "0",
            "supplement_full": "0"}  # fmt: skip
    answer = await client.post("/payments/standards/2026/preview", data=form, headers={"HX-Request": "true"})
    # 2 people × (200,000 − 192,000) fen = 16,000 fen = 160.00 元
    assert "增加 <strong>160.00 元" in answer.text
    assert await Standard.count() == 1


async def test_a_bad_standard_form_shows_the_error_beside_the_field(client_for, county):
    client = await client_for("bureau")
    form = {"centralized": "-5", "dispersed": "1320"}
    answer = await client.post("/payments/standards/2026", data=form)
    assert answer.status_code == 422 and "金额不能为负数" in answer.text
    assert await Standard.count() == 0


async def test_a_batch_the_fund_cannot_cover_shows_a_clear_message(client_for, county):
    await standard(2025)
    await fund(100)
    await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 1, 1))
    client = await client_for("bureau")
    answer = await client.post("/payments/batches", data={"period": "2025-02"})
    assert answer.status_code == 409 and "余额" in answer.text and "整批未发放" in answer.text
    assert len(await PaymentBatch.select(PaymentBatch.id)) == 0


async def test_the_bureau_makes_a_batch_from_the_page(client_for, county):
    await standard(2025)
    await fund()
    client = await client_for("bureau")
    answer = await client.post("/payments/batches", data={"period": "2025-02"})
    assert answer.status_code == 303 and answer.headers["location"] == "/payments/batches/2025-02"


async def test_a_zero_inflow_form_is_refused_beside_the_field(client_for):
    client = await client_for("bureau")
    answer = await client.post("/fund/inflows", data={"on": "2025-01-02", "amount": "0", "source": "县财政",
                                                      "document_no": "遂财〔2025〕9号"})  # fmt: skip
    assert answer.status_code == 422 and "金额必须大于零" in answer.text
    assert await FundEntry.count() == 0
