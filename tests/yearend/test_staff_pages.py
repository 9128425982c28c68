"""Staff records on the director's pages: listed, added, changed; seen by the bureau; other homes refused."""

import pytest

from eldercare.staff.tables import Staff
from tests.factories import id_number


@pytest.mark.parametrize(("persona", "status"), [("director_a", 200), ("bureau", 200), ("director_b", 403),
                                                 ("staff_a", 403)])  # fmt: skip
async def test_a_homes_staff_list_is_for_its_director_and_the_bureau(client_for, county, persona, status):
    response = await (await client_for(persona)).get(f"/homes/{county.home_a}/staff")
    assert response.status_code == status
    if status == 200:
        assert "王护理" in response.text and "陈院长" not in response.text


async def test_a_director_adds_a_staff_member_and_a_bad_id_number_is_shown_beside_the_field(
    client_for, county
):
    client = await client_for("director_a")
    form = {"name": "新员工", "id_number": "123", "position": "护理员", "hired_on": "2025-08-10"}
    bad = await client.post(f"/homes/{county.home_a}/staff", data=form)
    assert bad.status_code == 422 and "身份证号码应为18位" in bad.text
    form["id_number"] = id_number()
    assert (await client.post(f"/homes/{county.home_a}/staff", data=form)).status_code == 303
    assert await Staff.exists().where(Staff.name == "新员工")


async def test_a_director_records_a_leaving_date(client_for, county):
    client = await client_for("director_a")
    staff_id = county.staff_ids["staff_a"]
    response = await client.post(f"/staff/{staff_id}", data={"position": "护理员", "left_on": "2025-10-03"})
    assert response.status_code == 303
    row = await Staff.select(Staff.left_on).where(Staff.id == staff_id).first()
    assert row["left_on"].isoformat() == "2025-10-03"
    other = await (await client_for("director_b")).post(f"/staff/{staff_id}", data={"position": "x"})
    assert other.status_code == 403
