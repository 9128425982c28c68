"""Login, logout, throttling, sessions and CSRF, through the real pages."""

import re

from eldercare.auth.middleware import LOGIN_CSRF_COOKIE, SESSION_COOKIE
from eldercare.auth.tables import WebSession
from tests.personas import PASSWORD


async def _login_form(client, username, password):
    page = await client.get("/login")
    token = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)
    return await client.post("/login", data={"username": username, "password": password, "_csrf": token})


async def test_login_page_is_in_chinese(anonymous):
    response = await anonymous.get("/login")
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in response.text and "登录" in response.text


async def test_a_bureau_clerk_signs_in_and_lands_on_the_county_page(anonymous, county):
    response = await _login_form(anonymous, "bureau", PASSWORD)
    assert response.status_code == 303 and response.headers["location"] == "/county"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert (await anonymous.get("/county")).status_code == 200


async def test_each_role_lands_on_its_own_home_page(anonymous, county):
    assert (await _login_form(anonymous, "director_a", PASSWORD)).headers[
        "location"
    ] == f"/homes/{county.home_a}"
    assert (await _login_form(anonymous, "staff_a", PASSWORD)).headers["location"] == "/me"


async def test_wrong_password_and_unknown_user_get_the_same_message(anonymous, county):
    wrong = await _login_form(anonymous, "bureau", "nope-nope-nope")
    unknown = await _login_form(anonymous, "nobody", "nope-nope-nope")
    assert wrong.status_code == unknown.status_code == 401
    assert "用户名或密码错误" in wrong.text and "用户名或密码错误" in unknown.text
    assert SESSION_COOKIE not in anonymous.cookies


async def test_five_failures_lock_the_account_even_with_the_right_password(anonymous, county):
    for _ in range(5):
        await _login_form(anonymous, "bureau", "wrong-password")
    response = await _login_form(anonymous, "bureau", PASSWORD)
    assert response.status_code == 429 and "次数过多" in response.text


async def test_unknown_accounts_are_throttled_the_same_way(anonymous, county):
    for _ in range(5):
        await _login_form(anonymous, "ghost", "wrong-password")
    assert "次数过多" in (await _login_form(anonymous, "ghost", "x")).text


async def test_a_login_post_without_its_form_token_is_refused(anonymous, county):
    await anonymous.get("/login")
    response = await anonymous.post(
        "/login", data={"username": "bureau", "password": PASSWORD, "_csrf": "forged"}
    )
    assert response.status_code == 403
    assert LOGIN_CSRF_COOKIE in anonymous.cookies


async def test_login_gives_a_new_session_id_each_time(anonymous, county):
    await _login_form(anonymous, "bureau", PASSWORD)
    first = anonymous.cookies.get(SESSION_COOKIE)
    await _login_form(anonymous, "bureau", PASSWORD)
    assert anonymous.cookies.get(SESSION_COOKIE) != first
    assert await WebSession.count() == 2


async def test_logout_ends_the_session_in_the_database(client_for):
    client = await client_for("bureau")
    response = await client.post("/logout", data={"_csrf": client.headers["X-CSRF-Token"]})
    assert response.status_code == 303
    assert await WebSession.count() == 0
    assert (await client.get("/county")).status_code == 303


async def test_pages_redirect_an_anonymous_visitor_to_login(anonymous, county):
    response = await anonymous.get("/county")
    assert response.status_code == 303 and response.headers["location"] == "/login"


async def test_an_unsafe_request_without_the_csrf_token_is_refused(client_for):
    client = await client_for("bureau")
    del client.headers["X-CSRF-Token"]
    response = await client.post("/logout")
    assert response.status_code == 403
    assert await WebSession.count() == 1


async def test_the_csrf_token_in_the_form_field_is_accepted(client_for):
    client = await client_for("bureau")
    token = client.headers.pop("X-CSRF-Token")
    response = await client.post("/logout", data={"_csrf": token})
    assert response.status_code == 303


async def test_the_session_cookie_is_secure_when_served_over_https(anonymous, county):
    page = await anonymous.get("/login", headers={"x-forwarded-proto": "https"})
    token = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)
    response = await anonymous.post(
        "/login",
        data={"username": "bureau", "password": PASSWORD, "_csrf": token},
        headers={"x-forwarded-proto": "https"},
    )
    assert "Secure" in response.headers["set-cookie"]
