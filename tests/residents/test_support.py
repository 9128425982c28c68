"""The support certificate (供养证) with its 年审 rows and number on the pay lists; dispersed support agreements,
the caretaker's visits and the visit-overdue check."""

import datetime as dt

import pytest

from eldercare.errors import Conflict, Forbidden, Invalid
from eldercare.residents import care, integrity, support
from eldercare.residents.tables import CaretakerVisit, SupportAgreement
from tests.factories import make_resident
from tests.payments.helpers import fund, pay, standard
from tests.yearend.helpers import actor


def test_the_certificate_number_is_county_year_and_sequence():
    assert support.certificate_number(county_code="360827", year=2026, seq=7) == "360827202600007"


def test_three_months_before_keeps_the_day_or_takes_the_month_end():
    assert support.three_months_before(dt.date(2026, 5, 31)) == dt.date(2026, 2, 28)
    assert support.three_months_before(dt.date(2026, 2, 10)) == dt.date(2025, 11, 10)


async def test_the_certificate_has_one_review_row_per_year_and_the_level_changes(county):
    bureau, director = actor(county, "bureau"), actor(county, "director_a")
    rid = await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2023, 3, 1))
    for on in (dt.date(2024, 2, 20), dt.date(2025, 2, 18), dt.date(2025, 6, 1)):
        await care.record_review(actor=director, resident_id=rid, on=on)
    managed = {"eating": True, "dressing": False, "transfer": True, "toileting": False, "walking": True,
               "bathing": False}  # fmt: skip
    await care.assess(actor=director, resident_id=rid, on=dt.date(2025, 7, 1), managed=managed)
    first = await support.issue_certificate(actor=bureau, resident_id=rid, today=dt.date(2026, 3, 2))
    again = await support.issue_certificate(actor=bureau, resident_id=rid, today=dt.date(2026, 3, 5))
    assert first["number"] == again["number"] == "360827202600001"
    other = await make_resident(township=county.township_b, mode="dispersed")
    assert (await support.issue_certificate(actor=bureau, resident_id=other, today=dt.date(2026, 3, 2)))["number"] \
        == "360827202600002"
    found = await support.certificate(actor=director, resident_id=rid)
    # three reviews in two years: one row per year, the year's latest
    assert [(r["year"], r["on"]) for r in found["reviews"]] == [(2024, dt.date(2024, 2, 20)), (2025, dt.date(2025, 6, 1))]
    assert found["reviews"][0]["by"] == "director_a"
    # 3 items not managed → 半失能, a change from 全自理
    assert [(c["from"], c["to"]) for c in found["level_changes"]] == [(None, "self_care"), ("self_care", "partial")]
    with pytest.raises(Forbidden):
        await support.certificate(actor=actor(county, "director_b"), resident_id=rid)


async def test_the_certificate_page_is_whole_and_the_listing_masks(client_for, county):
    rid = await make_resident(township=county.township_a, home=county.home_a, name="张秀英")
    bureau = await client_for("bureau")
    assert (await bureau.post(f"/residents/{rid}/certificate")).status_code in (302, 303)
    from eldercare.residents.tables import Resident

    number = (await Resident.select(Resident.id_number).where(Resident.id == rid).first())["id_number"]
    page = await bureau.get(f"/residents/{rid}/certificate")
    assert number in page.text and "特困人员救助供养证" in page.text and "泉江镇敬老院" in page.text
    listing = await bureau.get("/certificates")
    assert "张秀英" in listing.text and number not in listing.text and number[:6] in listing.text
    assert (await (await client_for("director_a")).get("/certificates")).status_code == 403


async def test_the_certificate_number_is_printed_on_the_pay_list(client_for, county):
    await standard(2025)
    await fund()
    rid = await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 1, 1))
    cert = await support.issue_certificate(actor=actor(county, "bureau"), resident_id=rid)
    await pay("2025-01")
    page = await (await client_for("director_a")).get(f"/payments/batches/2025-01/homes/{county.home_a}")
    assert "供养证号" in page.text and cert["number"] in page.text


async def test_an_agreement_and_visits_for_a_dispersed_person_and_bad_input_writes_nothing(client_for, county):
    bureau = actor(county, "bureau")
    rid = await make_resident(township=county.township_b, mode="dispersed", admitted_on=dt.date(2024, 1, 1))
    with pytest.raises(Conflict):
        await support.record_visit(actor=bureau, resident_id=rid, dated_on=dt.date(2026, 1, 5), found="好")
    with pytest.raises(Invalid) as caught:
        await support.sign_agreement(actor=bureau, resident_id=rid, caretaker_name="", caretaker_phone="abc",
                                     signed_on=dt.date(2025, 1, 1))  # fmt: skip
    assert set(caught.value.fields) == {"caretaker_name", "caretaker_phone"}
    await support.sign_agreement(actor=bureau, resident_id=rid, caretaker_name="王大姐", caretaker_phone="13907961234",
                                 signed_on=dt.date(2025, 1, 1))  # fmt: skip
    api = await client_for("bureau", via="token")
    ok = await api.post(f"/api/v1/residents/{rid}/visits", json={"on": "2026-01-05", "found": "身体好，米油充足"})
    assert ok.status_code == 201
    bad = await api.post(f"/api/v1/residents/{rid}/visits", json={"on": "2026-01-05", "found": " "})
    assert bad.status_code == 422 and "found" in bad.json()["fields"]
    page = await (await client_for("bureau")).get(f"/residents/{rid}/agreement")
    assert "王大姐" in page.text and "13907961234" in page.text and "米油充足" in page.text
    centralized = await make_resident(township=county.township_a, home=county.home_a)
    with pytest.raises(Conflict):
        await support.sign_agreement(actor=bureau, resident_id=centralized, caretaker_name="某", caretaker_phone="13900000000",
                                     signed_on=dt.date(2025, 1, 1))  # fmt: skip
    assert (await (await client_for("director_a")).get(f"/residents/{rid}/agreement")).status_code == 403
    assert await SupportAgreement.count() == 1 and await CaretakerVisit.count() == 1


async def test_dispersed_persons_without_a_visit_in_three_months_are_listed(county):
    bureau = actor(county, "bureau")
    visited = await make_resident(township=county.township_b, mode="dispersed", name="刘常访", admitted_on=dt.date(2024, 1, 1))
    stale = await make_resident(township=county.township_b, mode="dispersed", name="赵久未", admitted_on=dt.date(2024, 1, 1))
    await make_resident(township=county.township_b, mode="dispersed", name="钱新纳", admitted_on=dt.date(2026, 4, 1))
    await make_resident(township=county.township_b, mode="dispersed", name="孙从未", admitted_on=dt.date(2024, 1, 1))
    await make_resident(township=county.township_a, home=county.home_a, name="周集中", admitted_on=dt.date(2024, 1, 1))
    for rid, on in ((visited, dt.date(2026, 3, 1)), (stale, dt.date(2026, 2, 28))):
        await support.sign_agreement(actor=bureau, resident_id=rid, caretaker_name="王大姐",
                                     caretaker_phone="13907961234", signed_on=dt.date(2025, 1, 1))  # fmt: skip
        await support.record_visit(actor=bureau, resident_id=rid, dated_on=on, found="正常")
    # on 1 June 2026 the window starts on 1 March: a visit on 1 March counts, 28 February does not;
    # 钱新纳 came in on 1 April (within the window); 孙从未 was never visited
    findings = [f for f in await integrity.find_integrity_problems(on=dt.date(2026, 6, 1)) if f["check"] == "visit_overdue"]
    assert [f["subject"] for f in findings] == ["赵久未", "孙从未"]
    assert "2026-02-28" in findings[0]["detail"] and "从未" in findings[1]["detail"]
