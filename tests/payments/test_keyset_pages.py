"""The fund ledger (专户) and a batch's lines by keyset (issue 12): every row once, in order, forwards and back;
a director's cursor reaches only their home's lines; bad cursors are refused, never a 500."""

from __future__ import annotations

import datetime as dt

from eldercare.payments import selectors
from tests.factories import make_batch, make_fund_entry, make_resident
from tests.keyset_walk import walk, walk_api
from tests.payments.helpers import BUREAU


async def _fund(n: int = 25) -> None:
    for i in range(n):  # several entries a day: the id keeps the entry order
        await make_fund_entry(dated_on=dt.date(2025, 1 + i // 10, 1), kind="inflow", amount_fen=100,
                              balance_after_fen=100 * (i + 1))  # fmt: skip


async def test_keyset_pages_return_every_fund_entry_once_in_entry_order(county, client_for):
    await _fund()
    await make_fund_entry(dated_on=dt.date(2026, 1, 1), kind="inflow", amount_fen=1, balance_after_fen=2501)
    whole = await selectors.ledger(actor=BUREAU, year=2025, limit=500)
    expected = [i["id"] for i in whole["items"]]
    assert whole["total"] == 25 and expected == sorted(expected)

    async def read(after, before):
        found = await selectors.ledger(actor=BUREAU, year=2025, limit=10, after=after, before=before, cap=100)
        return selectors.keyset.Window(found["items"], found["next_after"], found["prev_before"])

    windows, rows = await walk(read)
    assert [r["id"] for r in rows] == expected and len(windows) == 3
    assert (await read(after=None, before=windows[2].prev_before)).rows == windows[1].rows
    client = await client_for("bureau", via="token")
    seen, pages = await walk_api(client, "/api/v1/fund/ledger?year=2025&limit=10", key="balance_after_fen")
    assert seen == [100 * (i + 1) for i in range(25)] and pages == 3
    assert len((await client.get("/api/v1/fund/ledger")).json()["items"]) == 26  # no cursor: as before
    bad = await client.get("/api/v1/fund/ledger?after=nonsense")
    assert bad.status_code == 422 and bad.json()["error"] == "invalid"
    page = await (await client_for("bureau")).get("/fund?after=nonsense")
    assert page.status_code == 422 and "分页位置不正确" in page.text


async def test_the_fund_page_links_the_next_page_and_back(county, client_for):
    await _fund(60)
    client = await client_for("bureau")
    first = await client.get("/fund")
    assert first.status_code == 200 and "下一页" in first.text and "共 60 笔" in first.text
    cursor = first.text.split("after=", 1)[1].split('"', 1)[0]
    second = await client.get(f"/fund?after={cursor}", headers={"HX-Request": "true"})
    assert second.status_code == 200 and "上一页" in second.text and "<html" not in second.text


async def _batch(county) -> None:
    lines = []
    for i in range(25):  # 20 of home A, 5 of home B
        home = county.home_a if i % 5 else county.home_b
        rid = await make_resident(
            township=county.township_a, home=home, born=dt.date(1940, 1, 1) + dt.timedelta(i)
        )
        lines.append({"resident": rid, "mode": "centralized", "home": home, "amount_fen": 19_000})
    await make_batch(period="2025-03", lines=lines)


async def test_keyset_pages_return_every_batch_line_once_and_a_director_only_theirs(county, client_for):
    await _batch(county)
    whole = await selectors.get_batch(actor=BUREAU, period="2025-03", limit=500)
    expected = [r["id"] for r in whole["lines"]]
    assert len(expected) == 25 and whole["next_after"] is None
    bureau = await client_for("bureau", via="token")
    seen, pages = await walk_api(bureau, "/api/v1/payments/batches/2025-03?limit=10", items="lines",
                                 key="resident_id")  # fmt: skip
    assert seen == [r["resident"] for r in whole["lines"]] and pages == 3
    by_offset = (await bureau.get("/api/v1/payments/batches/2025-03?limit=10&offset=20")).json()
    assert len(by_offset["lines"]) == 5 and by_offset["next_after"] is None
    director = await client_for("director_b", via="token")
    mine, _ = await walk_api(
        director, "/api/v1/payments/batches/2025-03?limit=2", items="lines", key="resident_id"
    )
    b_residents = [r["resident"] for r in whole["lines"] if r["home"] == county.home_b]
    assert mine == b_residents
    first = (await bureau.get("/api/v1/payments/batches/2025-03?limit=1")).json()
    reached = (await director.get(f"/api/v1/payments/batches/2025-03?after={first['next_after']}")).json()
    assert {line["home_id"] for line in reached["lines"]} <= {county.home_b}
    bad = await bureau.get("/api/v1/payments/batches/2025-03?after=%7B%7D")
    assert bad.status_code == 422 and bad.json()["error"] == "invalid"
