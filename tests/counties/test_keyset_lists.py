"""Keyset pages of the county's lists (issue 12): staff, homes, townships and the audit log return every row
once, in order, whatever the depth; bad cursors are refused (422 in the API, a Chinese message on the page);
a director's cursor never reaches another home's rows."""

from __future__ import annotations

import datetime as dt

from eldercare.audit import services as audit
from eldercare.audit.tables import AuditLog
from eldercare.county import services as county_services
from eldercare.staff import services as staff_services
from tests.factories import make_home, make_staff, make_township
from tests.keyset_walk import walk, walk_api
from tests.residents.helpers import actor


async def _more_staff(county, n: int = 22) -> None:
    for i in range(n):  # many share (home, is_director): the id breaks the tie
        await make_staff(home=county.home_a if i % 5 else county.home_b, name=f"护理{i}")


async def test_keyset_pages_return_every_staff_member_once_in_order(county, client_for):
    await _more_staff(county)  # 5 + 22 = 27 staff: 2.7 pages of 10
    everyone, total = await staff_services.list_staff(actor=actor(county, "bureau"), limit=500)
    assert total == 27
    expected = [r["id"] for r in sorted(everyone, key=lambda r: (r["home"], not r["is_director"], r["id"]))]
    assert [r["id"] for r in everyone] == expected
    client = await client_for("bureau", via="token")
    seen, pages = await walk_api(client, "/api/v1/staff?limit=10")
    assert seen == expected and pages == 3
    by_offset = (await client.get("/api/v1/staff?limit=10&offset=10")).json()
    second = (await client.get(f"/api/v1/staff?limit=10&after={by_offset['next_after']}")).json()
    assert [r["id"] for r in second["items"]] == expected[20:]

    async def read(after, before):
        window, n, capped = await staff_services.staff_page(actor=actor(county, "bureau"), limit=10, after=after,
                                                            before=before)  # fmt: skip
        assert n == 27 and not capped
        return window

    windows, rows = await walk(read)
    assert [r["id"] for r in rows] == expected
    back = await read(after=None, before=windows[2].prev_before)
    assert back.rows == windows[1].rows


async def test_a_directors_staff_cursor_stays_in_their_home(county, client_for):
    await _more_staff(county)
    bureau_page = (await (await client_for("bureau", via="token")).get("/api/v1/staff?limit=3")).json()
    director_b = await client_for("director_b", via="token")
    seen, _ = await walk_api(director_b, "/api/v1/staff?limit=2")
    from_a = (await director_b.get(f"/api/v1/staff?after={bureau_page['next_after']}")).json()
    mine = {
        r["id"] for r in (await staff_services.list_staff(actor=actor(county, "director_b"), limit=500))[0]
    }
    assert set(seen) == mine and {r["id"] for r in from_a["items"]} <= mine
    assert all(r["home_id"] == county.home_b for r in from_a["items"])
    refused = await director_b.get(f"/api/v1/staff?home_id={county.home_a}&after={bureau_page['next_after']}")
    assert refused.status_code == 403


async def test_bad_staff_cursors_are_refused_not_a_500(county, client_for):
    api = await client_for("bureau", via="token")
    bad = await api.get("/api/v1/staff?after=nonsense")
    assert bad.status_code == 422 and bad.json()["error"] == "invalid" and "after" in bad.json()["fields"]
    page = await (await client_for("director_a")).get(f"/homes/{county.home_a}/staff?after=nonsense")
    assert page.status_code == 422 and "分页位置不正确" in page.text


async def test_the_staff_page_links_the_next_page_and_back(county, client_for):
    await _more_staff(county, 60)  # home A: 3 + 48 = 51 > one page of 50
    client = await client_for("director_a")
    first = await client.get(f"/homes/{county.home_a}/staff")
    assert first.status_code == 200 and "下一页" in first.text and "上一页" not in first.text
    cursor = first.text.split("after=", 1)[1].split('"', 1)[0]
    second = await client.get(f"/homes/{county.home_a}/staff?after={cursor}", headers={"HX-Request": "true"})
    assert second.status_code == 200 and "上一页" in second.text and "<html" not in second.text


async def test_keyset_pages_return_every_home_and_township_once(county, client_for):
    for i in range(23):  # 2 + 23 = 25 homes: 2.5 pages of 10
        township = await make_township(f"360827{200 + i}", f"测试乡{i}")
        await make_home(township=township, code=f"JLY{50 + i:02d}", name=f"测试{i}敬老院")
    homes, _ = await county_services.list_homes(actor=actor(county, "bureau"), limit=500)
    client = await client_for("bureau", via="token")
    seen, pages = await walk_api(client, "/api/v1/homes?limit=10")
    assert seen == [h["id"] for h in homes] and len(seen) == 25 and pages == 3
    towns, pages = await walk_api(client, "/api/v1/townships?limit=10", key="code")
    assert towns == sorted(towns) and len(towns) == len(set(towns)) == 25 and pages == 3
    assert (await client.get("/api/v1/townships")).json()["total"] == 25  # no cursor: the whole list (≤ 500)
    director = await client_for("director_a", via="token")
    assert [h["id"] for h in (await director.get(f"/api/v1/homes?after={_cursor(homes[0])}")).json()["items"]] in (
        [], [county.home_a])  # fmt: skip
    page = await (await client_for("bureau")).get("/homes?after=%%%")
    assert page.status_code == 422 and "分页位置不正确" in page.text
    first = await (await client_for("bureau")).get("/county")
    assert first.status_code == 200 and "测试22敬老院" in first.text and "下一页" not in first.text  # 25 < 50


def _cursor(home: dict) -> str:
    return county_services.keyset.cursor_of(county_services.HOME_ORDER, home)


async def test_keyset_pages_return_every_audit_row_once_newest_first(county, client_for):
    at = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    for i in range(25):
        await AuditLog.insert(AuditLog(at=at, actor="bureau", action="update", row_id=str(i),
                                       table_name="economy_line" if i % 2 else "staff")).run()  # fmt: skip
    await AuditLog.insert(AuditLog(at=at, actor="x", action="login", row_id="1", table_name="app_user")).run()
    expected = [r["id"] for r in await AuditLog.select(AuditLog.id).where(AuditLog.table_name != "app_user")
                .order_by(AuditLog.id, ascending=False)]  # fmt: skip
    client = await client_for("bureau", via="token")
    seen, pages = await walk_api(client, "/api/v1/audit?limit=10")
    assert seen == expected and pages == 3
    staff_rows, _ = await walk_api(client, "/api/v1/audit?limit=5&table=staff")
    assert len(staff_rows) == 13 and staff_rows == sorted(staff_rows, reverse=True)
    window, total, capped = await audit.audit_page(actor=actor(county, "bureau"), limit=10, cap=20)
    assert total == 20 and capped and len(window.rows) == 10
    assert (await (await client_for("director_a", via="token")).get("/api/v1/audit")).status_code == 403
    assert (await client.get("/api/v1/audit?after=nonsense")).status_code == 422
    page = await (await client_for("bureau")).get("/audit")
    assert page.status_code == 200 and "共 25 条" in page.text and "下一页" not in page.text  # 25 < 50
    assert "修改" in page.text and "收支台账" in page.text and "2026年3月1日 08:00" in page.text  # in Chinese, China time
    assert ">update<" not in page.text and ">economy_line<" not in page.text
    bad = await (await client_for("bureau")).get("/audit?before=nonsense")
    assert bad.status_code == 422 and "分页位置不正确" in bad.text
