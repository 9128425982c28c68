"""Optimistic concurrency on the pages: each edit form carries the record's version in a hidden field; a save
over someone else's newer save says "此记录已被他人修改" and shows the newer values, and saves nothing."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from eldercare.economy.tables import Contribution
from tests.payments.test_api import STANDARD
from tests.yearend.helpers import FULL as PARTIAL
from tests.yearend.helpers import RUBRIC, YEAR

FULL = {**PARTIAL, "G1": 10}


def version_of(page: str) -> str:
    found = re.search(r'name="version" value="([^"]*)"', page)
    assert found, "the form carries no version"
    return found.group(1).replace("&#34;", '"').replace("&quot;", '"')


async def test_two_directors_editing_one_contribution_list_the_second_is_told_and_shown_the_first(
    client_for, county
):
    staff = county.staff_ids["staff_a"]
    key = f"points_staff_{staff}"
    url = f"/homes/{county.home_a}/contributions/2025"
    first, second = await client_for("director_a"), await client_for("director_a")
    seen_by_first = version_of((await first.get(url)).text)
    seen_by_second = version_of((await second.get(url)).text)
    assert (await first.post(url, data={key: "7", "version": seen_by_first})).status_code == 303
    stale = await second.post(url, data={key: "3", "version": seen_by_second})
    assert stale.status_code == 412 and "此记录已被他人修改" in stale.text
    assert f'name="{key}" inputmode="numeric" size="6"\n          value="7"' in stale.text  # the newer list
    assert [c["points"] for c in await Contribution.select(Contribution.points)] == [7]
    again = await second.post(url, data={key: "3", "version": version_of(stale.text)})
    assert again.status_code == 303  # with the newer version in hand the save goes through


async def test_a_stale_staff_record_standard_rubric_and_score_sheet_save_is_refused_on_the_page(
    client_for, county
):
    director = await client_for("director_a")
    api = await client_for("director_a", via="token")
    url = f"/staff/{county.staff_ids['staff_a']}"
    version = version_of((await director.get(url)).text)
    await api.patch(f"/api/v1{url}", json={"position": "厨师"})
    stale = await director.post(url, data={"position": "保洁", "version": version})
    assert stale.status_code == 412 and "此记录已被他人修改" in stale.text and 'value="厨师"' in stale.text

    bureau, bureau_api = await client_for("bureau"), await client_for("bureau", via="token")
    await bureau_api.put(f"/api/v1/standards/{YEAR}", json=STANDARD)
    version = version_of((await bureau.get(f"/payments/standards?year={YEAR}")).text)
    await bureau_api.put(f"/api/v1/standards/{YEAR}", json={**STANDARD, "centralized_fen": 200_000})
    stale = await bureau.post(f"/payments/standards/{YEAR}", data={"centralized": "1900", "dispersed": "1300",
                                                                    "version": version})  # fmt: skip
    assert stale.status_code == 412 and "此记录已被他人修改" in stale.text and "2,000.00" in stale.text

    version = version_of((await bureau.get(f"/ratings/{YEAR}/rubric")).text)
    await bureau_api.put(f"/api/v1/rubrics/{YEAR}", json={"areas": RUBRIC, "star_thresholds": [60, 70, 80, 90, 95]})
    rows = [(a["code"], i["code"], i["name"] + "改", str(i["max_points"])) for a in RUBRIC for i in a["items"]]
    body = [(name, row[n]) for row in rows for n, name in enumerate(("area_code", "item_code", "item_name",
                                                                     "max_points"))]  # fmt: skip
    stale = await bureau.post(f"/ratings/{YEAR}/rubric", content=urlencode([*body, ("version", version)]),
                              headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert stale.status_code == 412 and "此记录已被他人修改" in stale.text and "房屋安全" in stale.text

    version = version_of((await bureau.get(f"/ratings/{YEAR}/homes/{county.home_a}")).text)
    await bureau_api.put(f"/api/v1/ratings/{YEAR}/homes/{county.home_a}", json={"scores": FULL, "note": "先存"})
    form = {f"s_{code}": "1" for code in FULL} | {"version": version}
    stale = await bureau.post(f"/ratings/{YEAR}/homes/{county.home_a}", data=form)
    assert stale.status_code == 412 and "此记录已被他人修改" in stale.text and 'value="先存"' in stale.text
