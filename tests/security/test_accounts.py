"""Deactivating a user, 退出所有设备, several sessions at once, and the password policy (pure and at creation)."""

from __future__ import annotations

import pytest

from eldercare.auth import services
from eldercare.auth.policy import common_passwords, password_problem
from eldercare.auth.tables import ApiToken, User, WebSession
from eldercare.errors import Invalid
from tests.personas import PASSWORD, asgi_client
from tests.security.helpers import login_form
from tests.security.test_tokens import _cli


async def test_deactivating_a_user_ends_every_session_and_token_and_refuses_later_logins(app, client_for,
                                                                                       county):  # fmt: skip
    browser = await client_for("director_a")
    await client_for("director_a")  # a second device
    token = await services.create_token(username="director_a")
    assert await WebSession.count().where(WebSession.user == county.personas["director_a"].user_id) == 2
    done = _cli("user", "deactivate", "director_a")
    assert done.returncode == 0 and "2 个登录" in done.stdout and "1 个令牌" in done.stdout
    assert await WebSession.count().where(WebSession.user == county.personas["director_a"].user_id) == 0
    assert (await ApiToken.select(ApiToken.revoked_at).first())["revoked_at"] is not None
    assert (await browser.get(f"/homes/{county.home_a}")).status_code == 303  # back to the login page
    async with asgi_client(app) as api:
        assert (await api.get("/api/v1/homes", headers={"Authorization": f"Bearer {token}"})).status_code == 401
    async with asgi_client(app) as anonymous:
        refused = await login_form(anonymous, "director_a", PASSWORD)
    assert refused.status_code == 401 and "用户名或密码错误" in refused.text
    assert not (await User.select(User.active).where(User.username == "director_a").first())["active"]
    assert _cli("user", "deactivate", "nobody").returncode == 1


async def test_log_out_everywhere_ends_this_users_sessions_only(client_for, county):
    first = await client_for("bureau")
    second = await client_for("bureau")
    other = await client_for("director_a")
    answer = await first.post("/account/logout-everywhere")
    assert answer.status_code == 303 and answer.headers["location"] == "/login"
    assert (await second.get("/county")).status_code == 303
    assert (await first.get("/county")).status_code == 303
    assert (await other.get(f"/homes/{county.home_a}")).status_code == 200


async def test_each_login_gets_a_new_session_and_earlier_ones_stay_valid(app, county):
    async with asgi_client(app) as laptop, asgi_client(app) as phone:
        await login_form(laptop, "bureau", PASSWORD)
        await login_form(phone, "bureau", PASSWORD)
        assert laptop.cookies.get("ec_session") != phone.cookies.get("ec_session")
        assert (await laptop.get("/county")).status_code == 200 and (await phone.get("/county")).status_code == 200


@pytest.mark.parametrize(
    ("password", "reason"),
    [("12345678", "至少10位"), ("short-9", "至少10位"), ("1234567890", "太常见"), ("Password123", "太常见"),
     ("woaini1314", "太常见"), ("wangclerk-2026", "用户名"), ("aaaaaaaaaa", "重复"), ("abababababab", "重复")],
)  # fmt: skip
def test_the_password_policy_refuses_short_common_and_username_passwords(password, reason):
    assert reason in password_problem(password, username="wangclerk")


def test_the_policy_accepts_a_long_uncommon_password_and_ships_its_list():
    assert password_problem(PASSWORD, username="bureau") is None
    assert password_problem("eldercare2026", username="director01") is None  # the README's demo password
    assert len(common_passwords()) >= 300 and "123456" in common_passwords()


async def test_creating_a_user_applies_the_policy_in_chinese(county):
    with pytest.raises(Invalid) as refused:
        await services.create_user(actor=None, username="clerk2", password="12345678", role="bureau")
    assert refused.value.fields["password"] == "密码至少10位。"
    created = _cli("createuser", "clerk3", "--role", "bureau", "--password-stdin", stdin="qwerty123456\n")
    assert created.returncode == 1 and "太常见" in created.stderr
    assert await User.count().where(User.username.is_in(["clerk2", "clerk3"])) == 0
