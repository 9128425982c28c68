"""The published ranking: a director sees other homes only as the printed 通报 shows them (rank, total, star,
award); their own home and, for the bureau, every home in full."""

from __future__ import annotations

from eldercare.yearend import services
from tests.yearend.helpers import YEAR, actor, build_year

PRIVATE = ("income_fen", "expense_fen", "net_fen", "pool_fen", "why")


async def test_a_director_sees_other_homes_only_as_the_notice_shows_them(client_for, county):
    await build_year(county)
    await services.year_end(actor=actor(county, "bureau"), year=YEAR, preview=False)
    director = await client_for("director_a", via="token")
    items = (await director.get(f"/api/v1/years/{YEAR}/ranking")).json()["items"]
    own = next(r for r in items if r["home_id"] == county.home_a)
    other = next(r for r in items if r["home_id"] == county.home_b)
    assert all(own[k] is not None for k in PRIVATE)
    assert all(other[k] is None for k in PRIVATE)
    assert all(other[k] is not None for k in ("rank", "total", "star", "award_fen", "home_id"))
    bureau = await client_for("bureau", via="token")
    whole = (await bureau.get(f"/api/v1/years/{YEAR}/ranking")).json()["items"]
    assert all(r[k] is not None for r in whole for k in PRIVATE)


async def test_the_ranking_pages_stay_with_the_bureau(client_for, county):
    await build_year(county)
    await services.year_end(actor=actor(county, "bureau"), year=YEAR, preview=False)
    director = await client_for("director_a")
    for path in (f"/years/{YEAR}", f"/years/{YEAR}/notice", "/dashboard"):
        assert (await director.get(path)).status_code == 403
