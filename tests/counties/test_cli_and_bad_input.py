"""The county commands and their refusals: a clear Chinese message, a non-zero exit, nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from eldercare import stores
from eldercare.auth.services import create_user
from eldercare.auth.tables import User
from eldercare.county import directory
from eldercare.county.divisions import county_code_problem
from eldercare.errors import Invalid

EXE = Path(sys.executable).parent / "eldercare"


@pytest.mark.parametrize("code", ["36082", "3608270", "36082x", "990827", "360000", "360800"])
def test_a_county_code_must_be_a_county_level_code(code):
    assert county_code_problem(code)


def test_county_level_codes_pass():
    assert county_code_problem("360827") is None and county_code_problem("360881") is None


async def test_user_scopes_are_checked_against_the_directory(two_counties):
    cases = [
        ({"role": "bureau"}, "county"),  # two counties: which one?
        ({"role": "bureau", "county": "360899"}, "county"),  # not in the directory
        ({"role": "bureau", "county": "3608"}, "county"),
        ({"role": "city", "counties": ""}, "counties"),
        ({"role": "city", "counties": "360827,440103"}, "counties"),  # outside the city
        ({"role": "city", "counties": "360827,360899"}, "counties"),  # unknown county
        ({"role": "province", "province": "99"}, "province"),
    ]
    for kwargs, field in cases:
        with pytest.raises(Invalid) as refused:
            await create_user(actor=None, username="newbie", password="a-long-password", **kwargs)
        assert field in refused.value.fields, kwargs
    with stores.main():
        assert not await User.exists().where(User.username == "newbie")
    user_id = await create_user(actor=None, username="wa2", password="a-long-password", role="director",
                                county="360828", home_code="JLY01")  # fmt: skip
    with stores.main():
        row = await User.select(User.county_code, User.home).where(User.id == user_id).first()
    assert row == {"county_code": "360828", "home": two_counties.b["home"]}


def _cli(*args: str, url: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "ELDERCARE_DATABASE_URL": url}
    return subprocess.run([str(EXE), *args], env=env, input=stdin, capture_output=True, text=True, timeout=120)


def test_county_add_and_createuser_on_the_command_line(tmp_path):
    from tests.conftest import ENGINE

    if ENGINE == "postgres":
        pytest.skip("the command line is the same on both engines; its store code is tested above")
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert _cli("migrate", url=url).returncode == 0
    # one county or none: --county may be left out (and the first township makes the county)
    made = _cli("createuser", "boss", "--role", "bureau", "--password-stdin", url=url, stdin="long-password-1\n")
    assert made.returncode == 0, made.stderr
    bad = _cli("county", "add", "3608", "x", url=url)
    assert bad.returncode == 1 and "6位数字" in bad.stderr
    assert _cli("county", "add", "360827", "遂川县", url=url).returncode == 0
    assert _cli("county", "add", "360828", "万安县", url=url).returncode == 0
    assert (tmp_path / "c.counties" / "360828.sqlite3").exists()
    again = _cli("county", "add", "360828", "万安县", url=url)
    assert again.returncode == 1 and "已存在" in again.stderr
    which = _cli("createuser", "boss2", "--role", "bureau", "--password-stdin", url=url, stdin="long-password-1\n")
    assert which.returncode == 1 and "多个县" in which.stderr
    ok = _cli("createuser", "wa", "--role", "bureau", "--county", "360828", "--password-stdin", url=url,
              stdin="long-password-1\n")  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    city = _cli("createuser", "ja", "--role", "city", "--counties", "360827,360828", "--password-stdin", url=url,
                stdin="long-password-1\n")  # fmt: skip
    assert city.returncode == 0, city.stderr


async def test_first_township_of_an_empty_database_makes_its_county(database, app):
    from tests.factories import make_user
    from tests.personas import Persona, persona_client

    user_id = await make_user(username="boss", role="bureau")
    client = await persona_client(app, Persona(username="boss", role="bureau", user_id=user_id), via="token")
    try:
        answer = await client.post("/api/v1/townships", json={"code": "360827100", "name": "泉江镇"})
        assert answer.status_code == 201, answer.text
        assert [(c["code"], c["store_no"]) for c in await directory.list_counties()] == [("360827", 0)]
        with stores.main():
            assert (await User.select(User.county_code).first())["county_code"] == "360827"
        outside = await client.post("/api/v1/townships", json={"code": "360828100", "name": "芙蓉镇"})
        assert outside.status_code == 422
    finally:
        await client.__aexit__(None, None, None)


def test_a_bad_defaults_file_exits_2_in_chinese_and_writes_nothing(tmp_path):
    import json
    import sqlite3

    from tests.conftest import ENGINE

    if ENGINE == "postgres":
        pytest.skip("the command line is the same on both engines; check_body is tested on both")
    url = f"sqlite:///{tmp_path / 'd.sqlite3'}"
    assert _cli("migrate", url=url).returncode == 0
    bad = tmp_path / "bad.json"
    body = {"notice_days": {"admission": 0}, "thresholds": [60, 70, 70, 90, 95]}
    bad.write_text(json.dumps(body), encoding="utf-8")
    refused = _cli("defaults", "set", "36", "2027", str(bad), url=url)
    assert refused.returncode == 2
    assert all(words in refused.stderr for words in ("省级默认值格式不正确", "公示期应为1到30", "递增"))
    with sqlite3.connect(tmp_path / "d.sqlite3") as con:
        assert con.execute("SELECT COUNT(*) FROM province_default").fetchone() == (0,)
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"notice_days": {"admission": 10}, "thresholds": [50, 65, 75, 85, 92]}),
                    encoding="utf-8")  # fmt: skip
    done = _cli("defaults", "set", "36", "2027", str(good), url=url)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(tmp_path / "d.sqlite3") as con:
        assert con.execute("SELECT COUNT(*) FROM province_default").fetchone() == (1,)
