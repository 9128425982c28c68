"""代管金 ledger by keyset (issue 12): every entry once in seq order; the balance and sums are the whole
ledger's on every page; another home's director is refused; a bad cursor is refused, never a 500."""

from __future__ import annotations

import datetime as dt

from eldercare.pocket import savings
from tests.factories import make_resident
from tests.keyset_walk import walk, walk_api
from tests.pocket.test_savings import director


async def test_keyset_pages_return_every_savings_entry_once_in_order(county, client_for):
    rid = await make_resident(township=county.township_a, home=county.home_a)
    for i in range(25):
        await savings.record_entry(actor=director(county), resident_id=rid, kind="deposit",
                                   dated_on=dt.date(2025, 3, 1), amount_fen=100 + i)  # fmt: skip
    whole = await savings.ledger(actor=director(county), resident_id=rid, limit=10)
    assert whole["total"] == 25 and whole["balance_fen"] == whole["deposits_fen"] == sum(
        100 + i for i in range(25)
    )

    async def read(after, before):
        found = await savings.ledger(
            actor=director(county), resident_id=rid, limit=10, after=after, before=before
        )
        return savings.keyset.Window(found["items"], found["next_after"], found["prev_before"])

    windows, rows = await walk(read)
    assert [r["seq"] for r in rows] == list(range(1, 26)) and len(windows) == 3
    assert (await read(after=None, before=windows[2].prev_before)).rows == windows[1].rows
    client = await client_for("director_a", via="token")
    seen, pages = await walk_api(client, f"/api/v1/residents/{rid}/savings?limit=10", key="seq")
    assert seen == list(range(1, 26)) and pages == 3
    other = await client_for("director_b", via="token")
    assert (
        await other.get(f"/api/v1/residents/{rid}/savings?after={windows[0].next_after}")
    ).status_code == 403
    assert (await client.get(f"/api/v1/residents/{rid}/savings?after=nonsense")).status_code == 422
    page = await (await client_for("director_a")).get(f"/residents/{rid}/savings?after=nonsense")
    assert page.status_code == 422 and "分页位置不正确" in page.text
