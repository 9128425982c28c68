"""City and province users: the roll-up of their counties, a county seen as its bureau sees it, and no write
anywhere (every unsafe route answers 403)."""

from __future__ import annotations

import re

from litestar.routes import HTTPRoute

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


async def test_city_compares_its_counties_and_enters_one_read_only(client_of, two_counties):
    city = await client_of("city", via="session")
    page = await city.get("/counties")
    assert page.status_code == 200
    assert "遂川县" in page.text and "万安县" in page.text and "各县对比" in page.text
    entered = await city.get("/counties/360828/enter")
    assert entered.status_code == 303 and entered.headers["location"] == "/county"
    homes = await city.get("/homes")
    assert homes.status_code == 200
    assert "芙蓉镇敬老院" in homes.text and "泉江镇敬老院" not in homes.text
    assert "只读查看" in homes.text and 'class="read-only"' in homes.text
    assert (await city.get("/counties/440103/enter")).status_code == 403


async def test_a_reader_who_chose_a_county_reads_the_pages_whose_services_ask_for_the_bureau(
    client_of, two_counties
):
    city = await client_of("city", via="session")
    assert (await city.get("/residents")).status_code == 400  # no county chosen yet: county_required
    await city.get("/counties/360828/enter")
    for path in ("/residents", "/admissions", "/payments/batches", "/fund", "/reports/homes", "/ratings"):
        assert (await city.get(path)).status_code == 200, path
    api = await client_of("province", via="token")
    assert (await api.get("/api/v1/residents", params={"county": "360828"})).status_code == 200
    assert (await api.post("/api/v1/residents", params={"county": "360828"}, json={})).status_code == 403


async def test_the_roll_up_counts_each_county(client_of, two_counties):
    province = await client_of("province", via="session")
    page = (await province.get("/counties")).text
    row = re.search(r"万安县.*?</tr>", page, re.S).group(0)
    cells = re.findall(r'<td class="num[^"]*">([^<]*)<', row)
    assert cells[:2] == ["1", "1"]  # one supported person, centralized


def _unsafe_routes(app) -> list[tuple[str, str]]:
    found = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for method in sorted(route.methods):
            if method in UNSAFE:
                found.append((method, route.path_format))
    return found


async def test_city_and_province_write_nothing_anywhere(app, client_of, two_counties):
    routes = _unsafe_routes(app)
    assert len(routes) > 30
    ids = {
        "id": two_counties.b["home"],
        "home_id": two_counties.b["home"],
        "on": "2026-03-01",
        "period": "2026-03",
        "year": 2026,
        "code": "360828",
    }
    for name in ("city", "province"):
        for via in ("token", "session"):
            client = await client_of(name, via=via)
            if via == "session":
                await client.get("/counties/360828/enter")
            for method, path in routes:
                if path in ("/login", "/logout", "/api/v1/counties"):
                    continue
                url = re.sub(
                    r"\{(\w+)(:\w+)?\}", lambda m: str(ids.get(m.group(1), two_counties.b["resident"])), path
                )
                if via == "token":
                    url += ("&" if "?" in url else "?") + "county=360828"
                answer = await client.request(method, url, json={})
                assert answer.status_code in (403, 405), (
                    name,
                    via,
                    method,
                    url,
                    answer.status_code,
                    answer.text[:200],
                )


async def test_the_roll_up_shows_each_county_s_courtyard_net_income_of_the_year(client_of, two_counties):
    import datetime as dt

    from eldercare import stores
    from tests.factories import make_economy_line

    year = dt.date.today().year
    with stores.use(two_counties.b_store):
        await make_economy_line(home=two_counties.b["home"], dated_on=dt.date(year, 1, 5), kind="income",
                                amount_fen=123_400)  # fmt: skip
        await make_economy_line(home=two_counties.b["home"], dated_on=dt.date(year, 1, 6), kind="expense",
                                amount_fen=23_400)  # fmt: skip
        await make_economy_line(home=two_counties.b["home"], dated_on=dt.date(year - 1, 6, 1), kind="income",
                                amount_fen=999_900)  # another year: not counted  # fmt: skip
    province = await client_of("province", via="session")
    row = re.search(r"万安县.*?</tr>", (await province.get("/counties")).text, re.S).group(0)
    assert "1,000.00" in row  # 1,234.00 − 234.00 元, from the kept economy totals


async def test_readers_looking_at_once_read_the_counties_once(client_of, two_counties, monkeypatch):
    import asyncio

    from eldercare.county import rollup

    calls = []
    real = rollup.comparison

    async def counted(**kwargs):
        calls.append(1)
        return await real(**kwargs)

    monkeypatch.setattr(rollup, "comparison", counted)
    province = await client_of("province", via="session")
    pages = await asyncio.gather(*(province.get("/counties") for _ in range(8)))
    assert [p.status_code for p in pages] == [200] * 8 and len(calls) == 1
    assert "统计于" in pages[0].text


async def test_an_old_comparison_is_answered_at_once_while_it_is_summed_again(app, client_of, two_counties,
                                                                               monkeypatch):  # fmt: skip
    import asyncio

    from eldercare.county import rollup, rollup_pages

    calls = []
    real = rollup.comparison
    release = asyncio.Event()

    async def slow(**kwargs):
        calls.append(1)
        if len(calls) > 1:
            await release.wait()  # the second summing is still under way while readers look
        return await real(**kwargs)

    monkeypatch.setattr(rollup, "comparison", slow)
    province = await client_of("province", via="session")
    assert (await province.get("/counties")).status_code == 200
    monkeypatch.setattr(rollup_pages, "CACHE_SECONDS", 0)  # what was summed is now old
    await asyncio.sleep(0.01)
    pages = await asyncio.wait_for(asyncio.gather(*(province.get("/counties") for _ in range(4))), timeout=10)
    assert [p.status_code for p in pages] == [200] * 4 and len(calls) == 2  # one summing again, not four
    release.set()
    for _ in range(250):  # the summing again lands
        await asyncio.sleep(0.02)
        if not app.state.rollup_refreshing:
            break
    assert not app.state.rollup_refreshing
    monkeypatch.setattr(rollup_pages, "CACHE_SECONDS", 30)
    assert (await province.get("/counties")).status_code == 200 and len(calls) == 2  # the fresh one, kept


async def test_a_reader_is_shown_no_control_that_writes_on_the_county_s_pages(client_of, two_counties):
    city = await client_of("city", via="session")
    await city.get("/counties/360828/enter")
    bureau = await client_of("bureau_wa", via="session")
    for path in ("/fund", "/residents", "/homes", f"/homes/{two_counties.b['home']}", "/payments/standards",
                 "/settings", "/economy"):  # fmt: skip
        seen_by_bureau = await bureau.get(path)
        page = await city.get(path)
        assert page.status_code == seen_by_bureau.status_code, path
        if page.status_code != 200:
            continue
        posts = re.findall(r'<form[^>]*method="post"[^>]*>', page.text, re.I)
        assert all('action="/logout"' in f for f in posts), (path, posts)
        assert not re.search(r"hx-(post|put|patch|delete)=", page.text), path
        assert "只读查看" in page.text
    assert re.search(r'<form[^>]*method="post"', (await bureau.get("/fund")).text)  # the bureau keeps its forms
