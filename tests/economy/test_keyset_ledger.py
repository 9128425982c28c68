"""收支台账 by keyset (issue 12): every line once, newest first (ties on the date broken by id), forwards and
back; a director's cursor cannot reach another home's lines; bad cursors are refused, never a 500."""

from __future__ import annotations

import datetime as dt

from eldercare.economy import services
from tests.economy.helpers import actor
from tests.factories import make_economy_line
from tests.keyset_walk import walk, walk_api


async def _lines(home: int, n: int = 25) -> None:
    for i in range(n):  # five lines on each of five days: ties on dated_on
        await make_economy_line(
            home=home, dated_on=dt.date(2025, 3, 1 + i % 5), kind="income", amount_fen=100 + i
        )


async def test_keyset_pages_return_every_economy_line_once_newest_first(county, client_for):
    await _lines(county.home_a)
    await _lines(county.home_b, 3)
    bureau = actor(county, "bureau")
    everyone, total = await services.list_lines(actor=bureau, home_id=county.home_a, year=2025, limit=500)
    expected = [r["id"] for r in sorted(everyone, key=lambda r: (r["dated_on"], r["id"]), reverse=True)]
    assert total == 25 and [r["id"] for r in everyone] == expected

    async def read(after, before):
        window, n, _ = await services.lines_page(actor=bureau, home_id=county.home_a, year=2025, limit=10,
                                                 after=after, before=before)  # fmt: skip
        assert n == 25
        return window

    windows, rows = await walk(read)
    assert [r["id"] for r in rows] == expected and len(windows) == 3
    assert (await read(after=None, before=windows[2].prev_before)).rows == windows[1].rows
    client = await client_for("director_a", via="token")
    seen, pages = await walk_api(client, f"/api/v1/homes/{county.home_a}/economy?year=2025&limit=10")
    assert seen == expected and pages == 3
    by_offset = (
        await client.get(f"/api/v1/homes/{county.home_a}/economy?year=2025&limit=10&offset=10")
    ).json()
    assert [r["id"] for r in by_offset["items"]] == expected[10:20] and by_offset["next_after"]


async def test_a_directors_economy_cursor_cannot_reach_another_home(county, client_for):
    await _lines(county.home_a)
    own = (await (await client_for("director_a", via="token")).get(
        f"/api/v1/homes/{county.home_a}/economy?year=2025&limit=5")).json()  # fmt: skip
    other = await client_for("director_b", via="token")
    refused = await other.get(f"/api/v1/homes/{county.home_a}/economy?year=2025&after={own['next_after']}")
    assert refused.status_code == 403 and "泉江镇" not in refused.text
    mine = (
        await other.get(f"/api/v1/homes/{county.home_b}/economy?year=2025&after={own['next_after']}")
    ).json()
    assert mine["items"] == [] and mine["next_after"] is None


async def test_bad_economy_cursors_are_refused_not_a_500(county, client_for):
    api = await client_for("bureau", via="token")
    bad = await api.get(f"/api/v1/homes/{county.home_a}/economy?year=2025&after=nonsense")
    assert bad.status_code == 422 and bad.json()["fields"]["after"].startswith("分页位置不正确")
    page = await (await client_for("director_a")).get(f"/homes/{county.home_a}/economy?year=2025&before=x")
    assert page.status_code == 422 and "分页位置不正确" in page.text


async def test_the_ledger_page_links_the_next_page(county, client_for):
    await _lines(county.home_a, 55)
    client = await client_for("director_a")
    first = await client.get(f"/homes/{county.home_a}/economy?year=2025")
    assert first.status_code == 200 and "下一页" in first.text and "共 55 笔" in first.text
    cursor = first.text.split("after=", 1)[1].split('"', 1)[0]
    second = await client.get(f"/homes/{county.home_a}/economy?year=2025&after={cursor}")
    assert second.status_code == 200 and "上一页" in second.text
