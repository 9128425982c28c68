"""Who may open which dashboard and report: personas bureau, director_a, director_b, staff_a, anonymous."""

import pytest


async def test_a_director_is_refused_another_homes_dashboard(client_for, county):
    client = await client_for("director_a")
    assert (await client.get(f"/homes/{county.home_a}/dashboard")).status_code == 200
    refused = await client.get(f"/homes/{county.home_b}/dashboard")
    assert refused.status_code == 403 and "无权" in refused.text


async def test_director_b_is_refused_home_as_dashboard(client_for, county):
    # one client per test: closing a second test client on the same app hangs in the test harness
    client = await client_for("director_b")
    assert (await client.get(f"/homes/{county.home_a}/dashboard")).status_code == 403


async def test_the_bureau_may_open_any_homes_dashboard(client_for, county):
    client = await client_for("bureau")
    assert (await client.get(f"/homes/{county.home_b}/dashboard")).status_code == 200


@pytest.mark.parametrize("path", ["/dashboard", "/reports", "/reports/homes", "/reports/supported/xlsx"])
@pytest.mark.parametrize("persona", ["director_a", "staff_a"])
async def test_staff_and_directors_are_refused_bureau_pages(client_for, persona, path):
    client = await client_for(persona)
    assert (await client.get(path)).status_code == 403


async def test_staff_are_refused_a_home_dashboard(client_for, county):
    client = await client_for("staff_a")
    assert (await client.get(f"/homes/{county.home_a}/dashboard")).status_code == 403


@pytest.mark.parametrize("path", ["/dashboard", "/reports", "/me/years"])
async def test_anonymous_visitors_are_not_let_in(anonymous, county, path):
    response = await anonymous.get(path)
    assert response.status_code in (302, 303, 401)


async def test_an_unknown_report_is_not_found(client_for):
    client = await client_for("bureau")
    assert (await client.get("/reports/nothing")).status_code == 404


async def test_the_bureau_nav_links_to_the_dashboard_and_reports(client_for, county):
    bureau = await client_for("bureau")
    text = (await bureau.get("/dashboard")).text
    assert 'href="/dashboard"' in text and 'href="/reports"' in text


async def test_the_director_nav_links_to_their_homes_dashboard(client_for, county):
    director = await client_for("director_a")
    assert f'href="/homes/{county.home_a}/dashboard"' in (await director.get(f"/homes/{county.home_a}")).text
