"""No 500 from input: the hostile values a careless clerk or an attacker types are answered with a Chinese
message beside the field (4xx), OPTIONS is answered on every route, dates outside 2000–2100 are a 422."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlencode

import pytest

from eldercare.forms import FormReader
from tests.factories import make_resident, make_rubric

HOSTILE_YEARS = ["abc", "-1", "1e9", "", "99999999999999999999999", " 2025x", "２０２５"]
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def encoded(pairs: list[tuple[str, str]]) -> bytes:
    return urlencode(pairs).encode()


def test_the_form_reader_turns_every_bad_value_into_a_chinese_message_on_its_field():
    f = FormReader({"year": "abc", "on": "0001-01-02", "n": "1e9", "big": "9" * 40, "pick": "x"})
    assert f.year("year") is None and "年度" in f.errors["year"]
    assert f.date("on") is None and "2000" in f.errors["on"]
    assert f.integer("n") is None and f.integer("big") is None
    assert f.choice("pick", ["a", "b"]) is None and f.errors["pick"] == "选择不正确。"
    assert f.date("missing") is None and "日期" in f.errors["missing"]
    with pytest.raises(Exception) as raised:
        f.check()
    assert raised.value.status_code == 422 and set(raised.value.fields) >= {"year", "on", "n", "big", "pick"}


def test_a_repeated_field_with_different_values_is_an_error_not_a_guess():
    from litestar.datastructures import FormMultiDict

    f = FormReader(FormMultiDict([("year", "2024"), ("year", "2025"), ("same", "1"), ("same", "1")]))
    assert f.year("year") is None and f.errors["year"] == "此项只能填写一个值。"
    assert f.integer("same") == 1
    assert FormReader(FormMultiDict([("year", "2024")])).year("year") == 2024


@pytest.mark.parametrize("year", HOSTILE_YEARS)
async def test_the_assessment_and_trust_survey_forms_refuse_a_bad_year_beside_the_field(
    client_for, county, year
):
    director = await client_for("director_a")
    home = county.home_a
    answer = await director.post(f"/homes/{home}/assessments", data={"year": year})
    assert answer.status_code in (303, 422), answer.text[:200]  # blank: the default year, saved nothing
    if answer.status_code == 422:
        assert "年度应为 2000–2100" in answer.text
    answer = await director.post(f"/homes/{home}/trust-surveys", data={"year": year, "round": "1", "on": "2025-05-01"})
    assert answer.status_code == 422 and "<form" in answer.text and "年度" in answer.text


async def test_a_repeated_year_is_refused_on_both_forms(client_for, county):
    director = await client_for("director_a")
    body = encoded([("year", "2024"), ("year", "2025"), ("round", "1"), ("on", "2025-05-01")])
    for path in ("assessments", "trust-surveys"):
        answer = await director.post(f"/homes/{county.home_a}/{path}", content=body, headers=FORM)
        assert answer.status_code == 422 and "只能填写一个值" in answer.text


async def test_trust_survey_votes_that_are_not_whole_numbers_are_refused_beside_the_field(client_for, county):
    director = await client_for("director_a")
    staff = county.staff_ids["staff_a"]
    body = encoded([("year", "2025"), ("round", "1"), ("on", "2025-05-01"), ("staff_id", str(staff)),
                    ("trust_" + str(staff), "1e9"), ("cast_" + str(staff), "-3"), ("staff_id", "abc")])  # fmt: skip
    answer = await director.post(f"/homes/{county.home_a}/trust-surveys", content=body, headers=FORM)
    assert answer.status_code == 422 and "<form" in answer.text


async def test_the_rubric_form_without_area_code_is_a_message_not_a_500(client_for, county):
    bureau = await client_for("bureau")
    answer = await bureau.post("/ratings/2025/rubric",
                               data={"item_code": "1.1", "item_name": "制度", "max_points": "5"})  # fmt: skip
    assert answer.status_code == 422 and "评分标准的行不完整" in answer.text
    answer = await bureau.post("/ratings/2025/rubric", data={})
    assert answer.status_code in (409, 422)


async def test_scores_and_census_refuse_garbage(client_for, county):
    await make_rubric(year=2025, items=2)
    bureau = await client_for("bureau")
    answer = await bureau.post(f"/ratings/2025/homes/{county.home_a}", content=encoded(
        [("s_A1", "1e9"), ("s_A1", "2"), ("note", "x" * 5000)]), headers=FORM)  # fmt: skip
    assert answer.status_code == 422
    director = await client_for("director_a")
    answer = await director.post("/census", data={"present": "1e9", "hospitalized": "-1", "on_leave": "abc"})
    assert answer.status_code == 422 and "不能为负数" in answer.text


async def test_dates_outside_2000_to_2100_are_refused_on_pages_and_in_the_api(client_for, county):
    resident = await make_resident(home=county.home_a, township=county.township_a)
    bureau = await client_for("bureau", via="token")
    for url in ("/api/v1/reviews?on=0001-01-02", "/api/v1/reviews?on=2101-01-01",
                "/api/v1/reviews?on=9999-12-31"):  # fmt: skip
        answer = await bureau.get(url)
        assert answer.status_code == 422, url
        assert answer.json()["fields"] == {"on": "日期应在 2000-01-01 至 2100-12-31 之间。"}
    answer = await bureau.post(f"/api/v1/residents/{resident}/events",
                               json={"kind": "suspend", "on": "0001-01-02", "reason": "x"})  # fmt: skip
    assert answer.status_code == 422 and "on" in answer.json()["fields"]
    page = await client_for("director_a")
    answer = await page.post(f"/residents/{resident}/events", data={"kind": "suspend", "on": "0001-01-02"})
    assert answer.status_code == 422 and "2000-01-01 至 2100-12-31" in answer.text
    answer = await page.get("/residents/roster?on=0001-01-02")
    assert answer.status_code == 422
    assert (await page.get(f"/residents/roster?on={dt.date(2025, 1, 1).isoformat()}")).status_code == 200


async def test_options_is_answered_on_every_route_whoever_asks(app, client_for, anonymous, county):
    director = await client_for("director_a")
    values = {"home_id": county.home_a, "year": 2025, "resident_id": 1, "staff_id": 1, "admission_id": 1,
              "period": "2025-01", "township_id": county.township_a, "name": "daily-checks", "run_id": 1,
              "line_id": 1, "on": "2025-01-01", "path": "css/app.css"}  # fmt: skip
    paths = set()
    for route in app.routes:
        path = re.sub(r"\{(\w+):\w+\}", lambda m: str(values.get(m.group(1), 1)), route.path)
        paths.add(path)
    assert len(paths) > 60
    for client in (director, anonymous):
        for path in sorted(paths):
            answer = await client.options(path)
            assert answer.status_code < 500, (path, answer.status_code)
            if not path.startswith("/schema/"):  # the schema's file route: 404 for a file it lacks
                assert answer.status_code in (204, 405) and answer.headers.get("allow"), path


async def test_a_json_body_nested_beyond_reason_is_a_422_not_a_500(client_for, county):
    bureau = await client_for("bureau", via="token")
    body = b"[" * 20_000 + b"]" * 20_000
    answer = await bureau.put(f"/api/v1/homes/{county.home_a}/contributions/2025", content=body,
                              headers={"Content-Type": "application/json"})  # fmt: skip
    assert 400 <= answer.status_code < 500


async def test_a_multipart_text_part_that_is_not_utf8_is_refused_not_a_500(client_for, county):
    boundary = "a93f"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="item"\r\n\r\nB1\r\n--{boundary}\r\n'
            'Content-Disposition: form-data; name="file"\r\n\r\n').encode() + b"\x89PNG\r\n\x1a\n\xff\xfe" + (
            f"\r\n--{boundary}--\r\n").encode()  # fmt: skip
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    api = await client_for("director_a", via="token")
    answer = await api.post(f"/api/v1/ratings/2025/homes/{county.home_a}/evidence", content=body, headers=headers)
    assert answer.status_code == 400 and answer.json()["error"] == "invalid" and "UTF-8" in answer.json()["detail"]
    page = await client_for("director_a")
    answer = await page.post(f"/homes/{county.home_a}/rating/2025/evidence", content=body,
                             headers=headers)  # fmt: skip
    assert answer.status_code == 400 and "UTF-8" in answer.text
