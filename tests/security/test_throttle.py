"""The login throttle under bursts: counted before the password is checked, per account, per address and
overall; never a 409 or a 500. A checked wrong password leaves one `login_failed` audit row, so counting those
rows counts the guesses that reached the password check."""

from __future__ import annotations

import asyncio
import dataclasses
import time

from eldercare.audit.tables import AuditLog
from eldercare.auth import throttle
from eldercare.config import get_settings
from tests.personas import PASSWORD
from tests.security.helpers import client_from, login_form

BURST = 60


async def checked_guesses() -> int:
    return await AuditLog.count().where(AuditLog.action == "login_failed")


async def burst(clients, attempts):
    """attempts: (client index, username, password); every form fetched first, then all posts at once."""
    started = time.perf_counter()
    answers = await asyncio.gather(*(login_form(clients[i], u, p) for i, u, p in attempts))
    return [a.status_code for a in answers], time.perf_counter() - started


async def test_60_concurrent_wrong_passwords_check_at_most_five_and_the_right_one_is_then_refused(app, county):
    clients = [client_from(app, f"10.1.0.{i}") for i in range(BURST)]  # 60 addresses: the account limit acts
    statuses, seconds = await burst(clients, [(i, "bureau", f"wrong-guess-{i}") for i in range(BURST)])
    assert set(statuses) <= {401, 429} and 500 not in statuses and 409 not in statuses
    assert await checked_guesses() <= get_settings().login_max_failures
    assert statuses.count(401) == await checked_guesses()
    right = await login_form(client_from(app, "10.2.0.1"), "bureau", PASSWORD)
    assert right.status_code == 429 and "次数过多" in right.text
    print(f"\nburst of {BURST} wrong logins on one account: {statuses.count(401)} checked, "
          f"{statuses.count(429)} refused unchecked, {seconds:.2f} s")


async def test_a_burst_mixing_the_right_password_among_wrong_ones_never_errs(app, county):
    clients = [client_from(app, f"10.3.0.{i}") for i in range(30)]
    attempts = [(i, "bureau", PASSWORD if i == 15 else f"bad-{i}") for i in range(30)]
    statuses, _ = await burst(clients, attempts)
    assert set(statuses) <= {303, 401, 429}
    # The right password resets its account (good logins never lock anyone out): the wrong ones counted before
    # that reset and those counted after it each stay within the limit.
    assert await checked_guesses() <= 2 * get_settings().login_max_failures


async def test_one_address_guessing_over_many_accounts_is_stopped_by_its_address_limit(app, county):
    client = client_from(app, "10.4.0.9")
    attempts = [(0, f"user{i % 20}", f"guess-{i}") for i in range(80)]  # 20 accounts, 4 guesses each
    statuses, _ = await burst([client], attempts)
    assert set(statuses) <= {401, 429}
    assert await checked_guesses() <= get_settings().login_max_per_address
    assert statuses.count(429) >= 80 - get_settings().login_max_per_address


async def test_the_global_ceiling_holds_when_every_guess_comes_from_a_new_address(app, county, monkeypatch):
    low = dataclasses.replace(get_settings(), login_max_global=10)
    monkeypatch.setattr(throttle, "get_settings", lambda: low)
    clients = [client_from(app, f"10.5.{i // 200}.{i % 200}") for i in range(BURST)]
    statuses, _ = await burst(clients, [(i, f"acct{i}", "guess-guess") for i in range(BURST)])
    assert set(statuses) <= {401, 429}
    assert await checked_guesses() <= 10
    assert "过于频繁" in (await login_form(client_from(app, "10.6.0.1"), "bureau", PASSWORD)).text


async def test_good_logins_do_not_use_up_an_address(app, county):
    client = client_from(app, "10.7.0.1")
    for _ in range(get_settings().login_max_per_address + 5):
        assert (await login_form(client, "bureau", PASSWORD)).status_code == 303


async def test_a_refused_attempt_counts_nowhere_and_the_window_ends(app, county, monkeypatch):
    short = dataclasses.replace(get_settings(), login_lock_minutes=0)  # a zero-length window: always fresh
    for _ in range(get_settings().login_max_failures):
        await login_form(client_from(app, "10.8.0.1"), "bureau", "wrong-wrong")
    assert (await login_form(client_from(app, "10.8.0.2"), "bureau", PASSWORD)).status_code == 429
    monkeypatch.setattr(throttle, "get_settings", lambda: short)
    assert (await login_form(client_from(app, "10.8.0.3"), "bureau", PASSWORD)).status_code == 303
