"""Optimistic concurrency in the API: every read-then-replace record answers with an ETag and takes If-Match;
a stale version is a 412 in the error shape with nothing written; without If-Match a PUT works as before;
clients that use If-Match lose no update however many write at once."""

from __future__ import annotations

import asyncio

import pytest

from eldercare.versions import STALE, matches, tag
from tests.payments.test_api import STANDARD
from tests.yearend.helpers import FULL as PARTIAL
from tests.yearend.helpers import RUBRIC, YEAR

FULL = {**PARTIAL, "G1": 10}


def test_a_version_is_the_hash_of_what_a_reader_sees_and_if_match_accepts_its_spellings():
    one = tag({"a": 1, "b": [1, 2]})
    assert one == tag({"b": [1, 2], "a": 1}) and one != tag({"a": 2, "b": [1, 2]})
    assert matches(one, one) and matches(one.strip('"'), one) and matches(f"W/{one}", one)
    assert matches(f'"x", {one}', one) and matches("*", one) and not matches('"x"', one)


async def _stale_is_refused(client, url: str, method: str, first: dict, second: dict) -> None:
    read = await client.get(url)
    assert read.status_code == 200, read.text
    old = read.headers["etag"]
    saved = await client.request(method, url, json=first, headers={"If-Match": old})
    assert saved.status_code == 200, saved.text
    new = saved.headers["etag"]
    assert new != old and (await client.get(url)).headers["etag"] == new
    stale = await client.request(method, url, json=second, headers={"If-Match": old})
    assert stale.status_code == 412
    assert stale.json() == {"error": "stale_version", "detail": STALE, "fields": {"version": STALE}}
    assert (await client.get(url)).headers["etag"] == new  # nothing written
    plain = await client.request(method, url, json=second)  # the contract's clients send no If-Match
    assert plain.status_code == 200 and plain.headers["etag"] != new


async def test_contributions_rubric_and_standards_refuse_a_stale_version(client_for, county):
    director = await client_for("director_a", via="token")
    staff = county.staff_ids["staff_a"]
    await _stale_is_refused(director, f"/api/v1/homes/{county.home_a}/contributions/2025", "PUT",
                            [{"person_kind": "staff", "person_id": staff, "points": 3}],
                            [{"person_kind": "staff", "person_id": staff, "points": 5}])  # fmt: skip
    bureau = await client_for("bureau", via="token")
    await bureau.put(f"/api/v1/standards/{YEAR}", json=STANDARD)
    await _stale_is_refused(bureau, f"/api/v1/standards/{YEAR}", "PUT", {**STANDARD, "centralized_fen": 200_000},
                            {**STANDARD, "centralized_fen": 210_000})  # fmt: skip
    await _stale_is_refused(bureau, f"/api/v1/rubrics/{YEAR}", "PUT",
                            {"areas": RUBRIC, "star_thresholds": [60, 70, 80, 90, 95]},
                            {"areas": RUBRIC, "star_thresholds": [61, 70, 80, 90, 95]})  # fmt: skip


async def test_scores_settings_and_staff_records_refuse_a_stale_version(client_for, county):
    bureau = await client_for("bureau", via="token")
    await bureau.put(f"/api/v1/rubrics/{YEAR}", json={"areas": RUBRIC, "star_thresholds": [60, 70, 80, 90, 95]})
    await bureau.put(f"/api/v1/ratings/{YEAR}/homes/{county.home_a}", json={"scores": FULL})
    await _stale_is_refused(bureau, f"/api/v1/ratings/{YEAR}/homes/{county.home_a}", "PUT",
                            {"scores": FULL, "note": "一"}, {"scores": FULL, "note": "二"})  # fmt: skip
    await _stale_is_refused(bureau, f"/api/v1/years/{YEAR}/settings", "PUT", {"award_count": 5},
                            {"award_count": 4})  # fmt: skip
    director = await client_for("director_a", via="token")
    await _stale_is_refused(director, f"/api/v1/staff/{county.staff_ids['staff_a']}", "PATCH",
                            {"position": "厨师"}, {"position": "保洁"})  # fmt: skip


@pytest.mark.parametrize("writers", [8])
async def test_concurrent_read_then_write_updates_lose_nothing_with_if_match(client_for, county, writers):
    """Each clerk adds 1 to a person's points, five times: read, add, PUT with If-Match, on 412 read again."""
    staff = county.staff_ids["staff_a"]
    url = f"/api/v1/homes/{county.home_a}/contributions/2025"
    clients = [await client_for("director_a", via="token") for _ in range(writers)]
    await clients[0].put(url, json=[{"person_kind": "staff", "person_id": staff, "points": 1}])
    refused = 0

    async def clerk(client) -> None:
        nonlocal refused
        for _ in range(5):
            while True:
                read = await client.get(url)
                points = read.json()[0]["points"]
                body = [{"person_kind": "staff", "person_id": staff, "points": points + 1}]
                answer = await client.put(url, json=body, headers={"If-Match": read.headers["etag"]})
                if answer.status_code == 200:
                    break
                assert answer.status_code == 412, answer.text
                refused += 1

    await asyncio.gather(*[clerk(c) for c in clients])
    final = (await clients[0].get(url)).json()
    assert final[0]["points"] == 1 + 5 * writers  # not one of the 40 increments lost
