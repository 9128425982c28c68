"""The login form, the code form and the jobs page's 立即运行 are read by the FormReader like every page form:
a blank, repeated, overly long or malformed field is a Chinese message on the page (4xx, never a 500), and
nothing is written: no login attempt counted, no session, no job run."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from eldercare.audit.tables import AuditLog
from eldercare.auth.middleware import SESSION_COOKIE
from eldercare.auth.tables import LoginThrottle, WebSession
from eldercare.jobs_tables import JobRun
from tests.personas import PASSWORD

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


async def _post(client, path: str, pairs: list[tuple[str, str]], **headers: str):
    """A form as posted, repeated fields included."""
    return await client.post(path, content=urlencode(pairs).encode(), headers={**FORM, **headers})


async def _login(client, pairs: list[tuple[str, str]]):
    page = await client.get("/login")
    token = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)
    return await _post(client, "/login", [("_csrf", token), *pairs])


async def _nothing_counted() -> bool:
    return await LoginThrottle.count() == 0 and await WebSession.count() == 0 and await AuditLog.count().where(
        AuditLog.action == "login_failed") == 0  # fmt: skip


@pytest.mark.parametrize(
    ("pairs", "field", "message"),
    [
        ([("username", ""), ("password", PASSWORD)], "username", "此项必填"),
        ([("username", "bureau"), ("password", "")], "password", "此项必填"),
        ([("username", "bureau"), ("username", "director_a"), ("password", PASSWORD)], "username", "只能填写一个值"),
        ([("username", "b" * 51), ("password", PASSWORD)], "username", "最多 50 个字"),
        ([("username", "bureau"), ("password", "x" * 1025)], "password", "最多 1024 个字"),
        ([("username", "bur\x00eau"), ("password", PASSWORD)], "username", "空字符"),
        ([("password", PASSWORD)], "username", "此项必填"),
    ],
)
async def test_a_malformed_login_form_is_a_message_beside_its_field_and_counts_no_attempt(
    anonymous, county, pairs, field, message
):
    answer = await _login(anonymous, pairs)
    assert answer.status_code == 422, answer.text[:300]
    assert message in re.search(rf'id="f-{field}-error">([^<]+)<', answer.text).group(1)
    assert "请修改下面标出的内容" in answer.text and SESSION_COOKIE not in anonymous.cookies
    assert await _nothing_counted()


async def test_a_password_keeps_its_spaces(anonymous, county):
    """The reader strips text, but a password is compared as typed: ` secret` is not `secret`."""
    answer = await _login(anonymous, [("username", "bureau"), ("password", f" {PASSWORD} ")])
    assert answer.status_code == 401 and "用户名或密码错误" in answer.text
    assert (await _login(anonymous, [("username", " bureau "), ("password", PASSWORD)])).status_code == 303


async def test_a_repeated_or_non_ascii_login_token_is_an_expired_page_not_a_500(anonymous, county):
    page = await anonymous.get("/login")
    token = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)
    for pairs in ([("_csrf", token), ("_csrf", "other")], [("_csrf", "令牌")]):
        answer = await _post(anonymous, "/login", [*pairs, ("username", "bureau"), ("password", PASSWORD)])
        assert answer.status_code == 403 and "页面已过期" in answer.text
    assert await _nothing_counted()


async def test_a_non_ascii_csrf_token_on_a_signed_in_form_is_refused_not_a_500(client_for, county):
    client = await client_for("bureau")
    del client.headers["X-CSRF-Token"]
    answer = await client.post("/census", data={"_csrf": "令牌"})
    assert answer.status_code == 403


async def test_a_malformed_code_form_is_a_message_beside_the_field(anonymous, county):
    page = await anonymous.get("/login")
    token = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)
    for code, message in (("", "此项必填"), ("1234567", "最多 6 个字")):
        answer = await anonymous.post("/login/code", data={"_csrf": token, "code": code})
        assert answer.status_code == 422 and message in answer.text and 'id="f-code-error"' in answer.text


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        ([("period", "")], "期间格式不正确"),
        ([], "期间格式不正确"),
        ([("period", "2026-01"), ("period", "2026-02")], "只能填写一个值"),
        ([("period", "2026-01" * 100)], "最多 20 个字"),
        ([("period", "2026-13")], "期间格式不正确"),
        ([("period", "abc")], "期间格式不正确"),
        ([("period", "２０２６-０１")], "期间格式不正确"),
        ([("period", "2999-01")], "尚未到来"),
    ],
)
async def test_run_now_with_a_bad_period_is_a_message_beside_the_field_and_runs_nothing(client_for, pairs, message):
    client = await client_for("bureau")
    answer = await _post(client, "/jobs/monthly-payments/run", pairs, **{"HX-Request": "true"})
    assert answer.status_code == 422 and "has-error" in answer.text
    assert message in re.search(r'class="error" role="alert"[^>]*>([^<]+)<', answer.text).group(1)
    assert await JobRun.count() == 0


async def test_run_now_of_a_job_that_does_not_exist_is_not_found(client_for):
    client = await client_for("bureau")
    assert (await client.post("/jobs/" + "x" * 300 + "/run", data={"period": "2026-01"})).status_code == 404
    assert await JobRun.count() == 0
