"""The optional TOTP second factor: a bureau user enrols on the 账号安全 page (secret and otpauth URI shown as
text), then signs in with password and the 6-digit code. Off unless enrolled; not offered to directors."""

from __future__ import annotations

import re

import pyotp

from eldercare.auth.tables import User, WebSession
from tests.personas import PASSWORD
from tests.security.helpers import client_from, login_form


async def enrol(client) -> str:
    page = await client.get("/account")
    secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', page.text).group(1)
    assert "otpauth://totp/eldercare:bureau?secret=" + secret in page.text
    wrong = await client.post("/account/totp", data={"secret": secret, "code": "000000"})
    assert wrong.status_code == 422 and "不正确" in wrong.text
    done = await client.post("/account/totp", data={"secret": secret, "code": pyotp.TOTP(secret).now()})
    assert done.status_code == 303
    return secret


async def code_form(client, code: str):
    page = await client.get("/login/code")
    token = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)
    return await client.post("/login/code", data={"code": code, "_csrf": token})


async def test_without_enrolment_a_password_is_enough(app, county):
    assert (await login_form(client_from(app), "bureau", PASSWORD)).headers["location"] == "/county"


async def test_an_enrolled_bureau_user_needs_the_code_after_the_password(app, client_for, county):
    secret = await enrol(await client_for("bureau"))
    assert (await User.select(User.totp_secret).where(User.username == "bureau").first())["totp_secret"]
    browser = client_from(app, "10.9.0.1")
    step_one = await login_form(browser, "bureau", PASSWORD)
    assert step_one.status_code == 303 and step_one.headers["location"] == "/login/code"
    assert (await browser.get("/county")).status_code == 303  # not signed in yet
    wrong = await code_form(browser, "123456" if pyotp.TOTP(secret).now() != "123456" else "654321")
    assert wrong.status_code == 401 and "验证码不正确" in wrong.text
    right = await code_form(browser, pyotp.TOTP(secret).now())
    assert right.status_code == 303 and right.headers["location"] == "/county"
    assert (await browser.get("/county")).status_code == 200
    assert await WebSession.count().where(WebSession.mfa_pending == True) == 0  # noqa: E712


async def test_the_code_step_is_throttled_like_a_password(app, client_for, county):
    await enrol(await client_for("bureau"))
    browser = client_from(app, "10.9.0.2")
    await login_form(browser, "bureau", PASSWORD)
    answers = [(await code_form(browser, "000001")).status_code for _ in range(8)]
    assert 429 in answers and set(answers) <= {401, 429}


async def test_the_code_page_without_a_password_step_goes_back_to_login(app, county):
    assert (await client_from(app).get("/login/code")).headers["location"] == "/login"


async def test_directors_are_not_offered_a_second_factor(client_for, county):
    client = await client_for("director_a")
    page = await client.get("/account")
    assert "动态验证码" not in page.text
    assert (await client.post("/account/totp", data={"secret": pyotp.random_base32(), "code": "1"})).status_code == 403
