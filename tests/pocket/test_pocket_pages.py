"""The pocket-money pages and API for every persona: the setting, the signature list, the resident's page."""

import datetime as dt
import io

from openpyxl import load_workbook

from eldercare.pocket.tables import PocketMoneySetting
from tests.factories import make_resident
from tests.payments.helpers import fund, pay, standard
from tests.pocket.helpers import pocket


async def test_the_api_sets_and_reads_the_year_and_refuses_bad_amounts(client_for, county):
    api = await client_for("bureau", via="token")
    body = {"source": "fund", "monthly_fen": {"self_care": 5_000, "partial": 6_000, "full": 8_000}}
    assert (await api.put("/api/v1/pocket-money/2025", json=body)).status_code == 200
    assert (await api.get("/api/v1/pocket-money/2025")).json() == {"year": 2025, **body}
    bad = await api.put("/api/v1/pocket-money/2026", json={"source": "fund", "monthly_fen": {"self_care": -1}})
    assert bad.status_code == 422 and bad.json()["fields"]["self_care_fen"]
    absurd = await api.put("/api/v1/pocket-money/2026", json={"source": "fund", "monthly_fen": {"full": 10**12}})
    assert absurd.status_code == 422
    director = await client_for("director_a", via="token")
    assert (await director.put("/api/v1/pocket-money/2026", json=body)).status_code == 403
    assert await PocketMoneySetting.count() == 1


async def test_the_page_shows_a_bad_amount_beside_its_field(client_for, county):
    client = await client_for("bureau")
    page = await client.post("/pocket-money/2025", data={"self_care": "-3", "partial": "0", "full": "0",
                                                         "source": "fund"})  # fmt: skip
    assert page.status_code == 422 and "负数" in page.text
    assert await PocketMoneySetting.count() == 0
    saved = await client.post("/pocket-money/2025", data={"self_care": "50", "partial": "60", "full": "80",
                                                          "source": "economy"})  # fmt: skip
    assert saved.status_code in (302, 303)
    assert (await PocketMoneySetting.select().first())["partial_fen"] == 6_000


async def test_the_signature_list_prints_and_downloads_and_the_resident_page_shows_it(client_for, county):
    await standard(2025)
    await fund()
    await pocket(2025)
    rid = await make_resident(township=county.township_a, home=county.home_a, name="张秀英", admitted_on=dt.date(2024, 1, 1))
    await pay("2025-03")
    director = await client_for("director_a")
    page = await director.get(f"/pocket-money/2025-03/homes/{county.home_a}")
    assert page.status_code == 200 and "张秀英" in page.text and "领取人签名" in page.text and "50.00" in page.text
    sheet = await director.get(f"/pocket-money/2025-03/homes/{county.home_a}/xlsx")
    ws = load_workbook(io.BytesIO(sheet.content)).active
    assert ws["A1"].value == "2025年3月零用钱领取签名表" and ws["B5"].value == "张秀英"
    other = await client_for("director_b")
    assert (await other.get(f"/pocket-money/2025-03/homes/{county.home_a}")).status_code == 403
    resident = await director.get(f"/residents/{rid}")
    assert "零用钱领取记录" in resident.text and "2025-03" in resident.text
    bureau = await client_for("bureau")
    year = await bureau.get("/pocket-money?year=2025")
    assert year.status_code == 200 and "已发放" in year.text
    assert (await other.get("/pocket-money?year=2025")).status_code == 403
