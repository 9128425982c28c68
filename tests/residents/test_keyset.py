"""Keyset pages (issue 12): every resident exactly once, forwards and back, whatever the depth."""

import datetime as dt

from eldercare import db
from eldercare.residents import roster
from tests.factories import make_resident
from tests.residents.helpers import actor

NAMES = ["张秀英", "张秀兰", "王长发", "李四", "刘长发", "赵一", "钱二", "孙三", "周五", "吴六", "郑七"]


async def test_keyset_pages_return_every_resident_once_forwards_and_back(county):
    for i in range(23):
        await make_resident(township=county.township_a, home=county.home_a, name=NAMES[i % len(NAMES)],
                            born=dt.date(1940, 1, 1) + dt.timedelta(days=i))  # fmt: skip
    bureau = actor(county, "bureau")
    seen, pages, after = [], [], None
    while True:
        page = await roster.roster_page(actor=bureau, limit=5, after=after)
        pages.append(page)
        seen += [r["id"] for r in page.rows]
        assert page.total == 23 and not page.capped
        if page.next_after is None:
            break
        after = page.next_after
    assert len(seen) == len(set(seen)) == 23 and len(pages) == 5
    everyone, _ = await roster.list_residents(actor=bureau, limit=100)
    assert seen == [r["id"] for r in everyone]  # the same order as offset paging
    back = await roster.roster_page(actor=bureau, limit=5, before=pages[2].prev_before)
    assert [r["id"] for r in back.rows] == [r["id"] for r in pages[1].rows]
    capped = await roster.roster_page(actor=bureau, limit=5, cap=10)
    assert capped.total == 10 and capped.capped


async def test_search_uses_prefixes_of_initials_name_given_name_and_id(county):
    rid = await make_resident(township=county.township_a, home=county.home_a, name="刘长发")
    await make_resident(township=county.township_a, home=county.home_a, name="王秀英",
                        born=dt.date(1941, 2, 2))  # fmt: skip
    bureau = actor(county, "bureau")
    row = (await db.fetch("SELECT id_number FROM resident WHERE id = ?", rid))[0]
    for q in ("刘", "长发", row["id_number"][:10], row["id_number"][-6:]):
        page = await roster.roster_page(actor=bureau, filters=roster.Filters(q=q))
        assert [r["id"] for r in page.rows] == [rid], q
    assert (await roster.roster_page(actor=bureau, filters=roster.Filters(q="发"))).rows == []  # not a substring


async def test_the_api_pages_by_offset_or_by_keyset(client_for, county):
    for i in range(7):
        await make_resident(township=county.township_a, home=county.home_a, name=NAMES[i],
                            born=dt.date(1940, 1, 1) + dt.timedelta(days=i))  # fmt: skip
    client = await client_for("bureau", via="token")
    first = (await client.get("/api/v1/residents?limit=3")).json()
    assert first["total"] == 7 and len(first["items"]) == 3 and first["next_after"]
    second = (await client.get(f"/api/v1/residents?limit=3&after={first['next_after']}")).json()
    by_offset = (await client.get("/api/v1/residents?limit=3&offset=3")).json()
    assert [r["id"] for r in second["items"]] == [r["id"] for r in by_offset["items"]]
    bad = await client.get("/api/v1/residents?after=nonsense")
    assert bad.status_code == 422 and bad.json()["error"] == "invalid"
