"""API tokens: they expire (90 days by default), are listed without their secret, and can be revoked; a revoked
or expired token gets 401 in the error shape. `eldercare token create` still prints only the token."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

from eldercare import db
from eldercare.auth import services
from eldercare.auth.tables import ApiToken
from eldercare.config import child_environment, get_settings
from tests.personas import asgi_client

API = "/api/v1/homes"


def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    engine = db.get_engine()
    url = f"sqlite:///{engine.path}" if db.is_sqlite(engine) else get_settings().database_url
    return subprocess.run([sys.executable, "-m", "eldercare.cli", *args], input=stdin, capture_output=True,
                          text=True, env=child_environment(ELDERCARE_DATABASE_URL=url), timeout=60,
                          cwd=get_settings().project_root)  # fmt: skip


async def _get(app, token: str):
    async with asgi_client(app) as client:
        return await client.get(API, headers={"Authorization": f"Bearer {token}"})


async def test_a_new_token_expires_after_90_days_by_default(county):
    await services.create_token(username="bureau")
    row = await ApiToken.select().first()
    lifetime = row["expires_at"] - row["created_at"]
    assert dt.timedelta(days=89, hours=23) < lifetime <= dt.timedelta(days=90)


async def test_a_revoked_token_gets_401_in_the_error_shape(app, county):
    token = await services.create_token(username="director_a")
    assert (await _get(app, token)).status_code == 200
    (listed,) = await services.list_tokens(username="director_a")
    await services.revoke_token(actor=None, token_id=listed["id"])
    answer = await _get(app, token)
    assert answer.status_code == 401
    assert answer.json()["error"] == "unauthorized" and set(answer.json()) == {"error", "detail", "fields"}


async def test_an_expired_token_gets_401(app, county):
    token = await services.create_token(username="bureau", days=1)
    await ApiToken.update({ApiToken.expires_at: dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)}).where(
        ApiToken.id > 0
    )  # fmt: skip
    answer = await _get(app, token)
    assert answer.status_code == 401 and answer.json()["error"] == "unauthorized"
    assert (await services.list_tokens(username="bureau"))[0]["status"] == "expired"


async def test_the_command_line_creates_lists_and_revokes_tokens(app, county):
    created = _cli("token", "create", "bureau")
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip()
    assert token.startswith("ec_") and "\n" not in token  # only the token
    listed = _cli("token", "list", "bureau", "--json")
    rows = json.loads(listed.stdout)
    assert len(rows) == 1 and rows[0]["status"] == "active" and token not in listed.stdout
    assert token.startswith(rows[0]["hint"])
    assert "bureau" in _cli("token", "list").stdout
    revoked = _cli("token", "revoke", str(rows[0]["id"]))
    assert revoked.returncode == 0 and "已吊销" in revoked.stdout
    assert (await _get(app, token)).status_code == 401
    assert json.loads(_cli("token", "list", "--json").stdout)[0]["status"] == "revoked"
    assert _cli("token", "revoke", "99999").returncode == 1
    assert _cli("token", "list", "nobody").returncode == 1


async def test_a_user_lists_and_revokes_their_own_tokens_on_a_page(client_for, app, county):
    mine = await services.create_token(username="director_a")
    theirs = await services.create_token(username="director_b")
    client = await client_for("director_a")
    page = await client.get("/account")
    assert page.status_code == 200 and "我的 API 令牌" in page.text
    assert mine[:9] in page.text and theirs[:9] not in page.text and mine not in page.text
    (own,) = await services.list_tokens(username="director_a")
    (other,) = await services.list_tokens(username="director_b")
    assert (await client.post(f"/account/tokens/{other['id']}/revoke")).status_code == 404
    assert (await _get(app, theirs)).status_code == 200
    assert (await client.post(f"/account/tokens/{own['id']}/revoke")).status_code == 303
    assert (await _get(app, mine)).status_code == 401
    assert "已吊销" in (await client.get("/account")).text
