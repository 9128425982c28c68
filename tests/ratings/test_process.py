"""星级评定 as a process: 自评 with evidence, the on-site score beside it, the 公示 with objections, then finalize."""

import datetime as dt

import pytest

from eldercare.errors import Conflict
from eldercare.ratings import evidence, process
from eldercare.ratings import services as ratings
from eldercare.ratings.tables import RatingEvidence, RatingObjection, RatingSelfScore
from eldercare.yearend import services as yearend
from tests.yearend.helpers import FULL, RUBRIC, YEAR, actor, build_year

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 100
PDF = b"%PDF-1.4\n" + b"0" * 100


def test_the_type_is_read_from_the_content_not_the_name():
    assert evidence.content_type_of(JPEG) == "image/jpeg"
    assert evidence.content_type_of(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert evidence.content_type_of(PDF) == "application/pdf"
    assert evidence.content_type_of(b"MZ\x90\x00 an exe called photo.jpg") is None
    assert evidence.clean_filename("C:\\scans\\..\\房屋.pdf") == "房屋.pdf"


async def rubric(county):
    await ratings.save_rubric(actor=actor(county, "bureau"), year=YEAR, areas=RUBRIC, star_thresholds=None)


async def test_a_director_self_assesses_and_the_on_site_score_shows_the_difference(county):
    await rubric(county)
    director = actor(county, "director_a")
    await process.save_self_scores(actor=director, year=YEAR, home_id=county.home_a,
                                   scores={"B1": "9.5", "S1": 30, "M1": ""}, notes={"B1": "新修屋顶"})  # fmt: skip
    await ratings.save_scores(actor=actor(county, "bureau"), year=YEAR, home_id=county.home_a,
                              scores={**FULL, "B1": 8, "G1": 10}, item_notes={"B1": "屋顶仍有渗漏"})  # fmt: skip
    sheet = await process.self_assessment(actor=director, year=YEAR, home_id=county.home_a)
    items = {i["code"]: i for a in sheet["areas"] for i in a["items"]}
    # B1: on site 8.0 − self 9.5 = −1.5; S1 equal; M1 not self-scored
    assert (items["B1"]["self_tenths"], items["B1"]["points_tenths"], items["B1"]["diff_tenths"]) == (95, 80, -15)
    assert items["B1"]["self_note"] == "新修屋顶" and items["B1"]["score_note"] == "屋顶仍有渗漏"
    assert items["S1"]["diff_tenths"] == 0 and items["M1"]["self_tenths"] is None
    with pytest.raises(Conflict):  # the county has scored: the self-assessment is closed
        await process.save_self_scores(actor=director, year=YEAR, home_id=county.home_a, scores={"B1": 10})


async def test_a_self_score_above_the_maximum_is_refused_beside_it_and_nothing_written(client_for, county):
    await rubric(county)
    page = await (await client_for("director_a")).post(
        f"/homes/{county.home_a}/rating/{YEAR}/self", data={"s_B1": "10.5", "s_B2": "5"})
    assert page.status_code == 422 and "不能超过该项满分 10.0" in page.text
    api = await client_for("director_a", via="token")
    answer = await api.put(f"/api/v1/ratings/{YEAR}/homes/{county.home_a}/self-assessment",
                           json={"scores": {"B1": 11}})  # fmt: skip
    assert answer.status_code == 422 and "B1" in answer.json()["fields"]
    other = await client_for("director_b", via="token")
    assert (await other.put(f"/api/v1/ratings/{YEAR}/homes/{county.home_a}/self-assessment",
                            json={"scores": {"B1": 5}})).status_code == 403  # fmt: skip
    assert await RatingSelfScore.count() == 0


async def test_evidence_uploads_are_limited_in_type_and_size_and_kept_in_the_home_scope(client_for, county):
    await rubric(county)
    url = f"/api/v1/ratings/{YEAR}/homes/{county.home_a}/evidence"
    director = await client_for("director_a", via="token")
    ok = await director.post(url, data={"item": "B1"}, files={"file": ("屋顶.jpg", JPEG, "image/jpeg")})
    assert ok.status_code == 201 and ok.json()["content_type"] == "image/jpeg"
    renamed = await director.post(url, data={"item": "B1"}, files={"file": ("x.jpg", b"GIF89a....", "image/jpeg")})
    assert renamed.status_code == 422 and "JPEG" in renamed.json()["fields"]["file"]
    big = await director.post(url, data={"item": "B1"},
                              files={"file": ("big.pdf", b"%PDF-" + b"0" * evidence.MAX_BYTES, "application/pdf")})  # fmt: skip
    assert big.status_code == 422 and "5 MB" in big.json()["fields"]["file"]
    page = await (await client_for("director_a")).post(
        f"/homes/{county.home_a}/rating/{YEAR}/evidence", data={"item": "B1"},
        files={"file": ("a.txt", b"hello", "text/plain")})  # fmt: skip
    assert page.status_code == 422 and "只能上传" in page.text
    other = await client_for("director_b", via="token")
    assert (await other.post(url, data={"item": "B1"}, files={"file": ("p.pdf", PDF, "application/pdf")})).status_code == 403
    assert await RatingEvidence.count() == 1
    file_id = ok.json()["id"]
    assert (await other.get(f"/api/v1/ratings/evidence/{file_id}")).status_code == 403
    assert (await (await client_for("director_b")).get(f"/ratings/evidence/{file_id}")).status_code == 403
    bureau = await client_for("bureau", via="token")
    got = await bureau.get(f"/api/v1/ratings/evidence/{file_id}")
    assert got.status_code == 200 and got.content == JPEG and got.headers["x-evidence-content-type"] == "image/jpeg"
    page = await (await client_for("director_a")).get(f"/ratings/evidence/{file_id}")
    assert page.content == JPEG and page.headers["content-type"].startswith("image/jpeg")


async def test_the_notice_with_an_objection_holds_the_finalize_until_answered_and_ended(client_for, county):
    await build_year(county)
    bureau = actor(county, "bureau")
    await yearend.year_end(actor=bureau, year=YEAR, preview=False)
    today = process.local_today()
    await process.publish_notice(actor=bureau, year=YEAR, today=today)
    api = await client_for("bureau", via="token")
    refused = await api.post(f"/api/v1/years/{YEAR}/finalize")
    assert refused.status_code == 409 and "公示" in refused.json()["detail"]
    director = await client_for("director_b", via="token")
    objection = await director.post(f"/api/v1/ratings/{YEAR}/objections",
                                    json={"objector": "陈院长", "content": "G1 等级评定分数偏低"})  # fmt: skip
    assert objection.status_code == 201 and objection.json()["home_id"] == county.home_b
    public = (await director.get(f"/api/v1/ratings/{YEAR}/notice")).json()
    assert public["open"] and [h["total"] for h in public["homes"]] == [95.0, 94.9]
    # the notice ended (published 7 days before 8 days ago), the objection still unanswered
    await process.publish_notice(actor=bureau, year=YEAR, today=today - dt.timedelta(days=8))
    with pytest.raises(Conflict) as caught:
        await yearend.finalize_year(actor=bureau, year=YEAR)
    assert caught.value.code == "objections_unanswered"
    with pytest.raises(Conflict):  # outside the notice period an objection is not received
        await process.add_objection(actor=bureau, year=YEAR, objector="某村民", content="迟到的异议")
    answer = await api.post(f"/api/v1/ratings/objections/{objection.json()['id']}/answer",
                            json={"answer": "经复核，维持原评分。"})  # fmt: skip
    assert answer.status_code == 201
    assert (await api.post(f"/api/v1/years/{YEAR}/finalize")).status_code in (200, 201)
    assert await RatingObjection.count() == 1


async def test_the_notice_page_shows_results_and_no_evidence(client_for, county):
    await rubric(county)
    director = actor(county, "director_a")
    await process.add_evidence(actor=director, year=YEAR, home_id=county.home_a, item_code="B1",
                               filename="秘密.pdf", data=PDF)  # fmt: skip
    await ratings.save_scores(actor=actor(county, "bureau"), year=YEAR, home_id=county.home_a,
                              scores={**FULL, "G1": 10})  # fmt: skip
    bureau = await client_for("bureau")
    published = await bureau.post(f"/ratings/{YEAR}/notice", data={"days": "7", "object_to": "县民政局"})
    assert published.status_code in (302, 303)
    page = await (await client_for("director_b")).get(f"/ratings/{YEAR}/notice")
    assert page.status_code == 200 and "泉江镇敬老院" in page.text and "95.0" in page.text
    assert "秘密.pdf" not in page.text and "/evidence/" not in page.text
    sheet = await bureau.get(f"/ratings/{YEAR}/homes/{county.home_a}")
    assert "秘密.pdf" in sheet.text and "data-draft-key" in sheet.text
    bad = await bureau.post(f"/ratings/{YEAR}/notice", data={"days": "0"})
    assert bad.status_code == 422 and "1–30" in bad.text


async def test_the_rating_notice_is_signed_by_the_county_s_own_unit_with_its_phone(client_for, county):
    from eldercare.profile.services import save_profile

    await rubric(county)
    await save_profile(actor=actor(county, "bureau"), values={"issuing_unit": "万安县民政局", "county_name": "万安县",
                                                              "objection_phone": "0796-5701234", "address": ""})
    await ratings.save_scores(actor=actor(county, "bureau"), year=YEAR, home_id=county.home_a,
                              scores={**FULL, "G1": 10})  # fmt: skip
    bureau = await client_for("bureau")
    assert (await bureau.post(f"/ratings/{YEAR}/notice", data={"days": "7"})).status_code in (302, 303)
    page = (await bureau.get(f"/ratings/{YEAR}/notice")).text
    assert "万安县民政局现场评定" in page and "万安县民政局（电话 0796-5701234，来信来访均可）" in page
