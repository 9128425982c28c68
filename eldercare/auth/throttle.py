"""The login throttle: attempts counted atomically, before the password is checked, per client address, per
account and overall (a ceiling), each in a fixed window (`login_lock_minutes`) that starts at its first attempt.

One upsert per counter (`INSERT … ON CONFLICT DO UPDATE SET n = n + 1 RETURNING n`, pitfall 28): concurrent
attempts each get their own number, so of 60 simultaneous guesses at most `login_max_failures` reach the
password check. The counters go address → account → ceiling; the first one over its limit refuses the attempt
and rolls the transaction back, so a refused attempt counts nowhere: one address hammering the form neither
extends its own lock nor burns the county's ceiling. A successful login resets its
account and gives its address and the ceiling their attempt back: good logins never lock anyone out.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from eldercare import db
from eldercare.config import get_settings
from eldercare.errors import DomainError

LOCKED = "登录失败次数过多，请{minutes}分钟后再试。"
BUSY = "登录尝试过于频繁，请{minutes}分钟后再试。"

_COUNT = """
INSERT INTO login_throttle (username, failures, locked_until, window_start) VALUES (?, 1, NULL, ?)
ON CONFLICT (username) DO UPDATE SET
  failures = CASE WHEN login_throttle.window_start <= ? THEN 1 ELSE login_throttle.failures + 1 END,
  window_start = CASE WHEN login_throttle.window_start <= ? THEN excluded.window_start
                      ELSE login_throttle.window_start END
RETURNING failures, window_start"""

GLOBAL_KEY = "*"


class Throttled(DomainError):
    status_code = 429
    code = "throttled"


def account_key(username: str) -> str:
    return "u:" + username[:48]


def address_key(address: str) -> str:
    return "a:" + address[:48]


@dataclass(frozen=True)
class Limits:
    window_s: int
    per_account: int
    per_address: int
    overall: int


def limits() -> Limits:
    s = get_settings()
    return Limits(window_s=s.login_lock_minutes * 60, per_account=s.login_max_failures,
                  per_address=s.login_max_per_address, overall=s.login_max_global)  # fmt: skip


async def count_attempt(w: db.Writer, *, username: str, address: str | None) -> None:
    """Count one attempt (inside the caller's write transaction); raise Throttled when a counter is over."""
    lim, now = limits(), int(time.time())
    stale = now - lim.window_s
    counters = [(account_key(username), lim.per_account, LOCKED), (GLOBAL_KEY, lim.overall, BUSY)]
    if address:
        counters.insert(0, (address_key(address), lim.per_address, BUSY))
    for key, limit, message in counters:
        row = (await w.fetch(_COUNT, key, now, stale, stale))[0]
        n, started = int(row["failures"]), int(row["window_start"])
        if n > limit:
            minutes = max(1, math.ceil((started + lim.window_s - now) / 60))
            raise Throttled(message.format(minutes=minutes))


async def forgive(w: db.Writer, *, username: str, address: str | None) -> None:
    """A login succeeded: its account starts afresh, its address and the ceiling get the attempt back."""
    await w.fetch("DELETE FROM login_throttle WHERE username = ?", account_key(username))
    keys = [GLOBAL_KEY] + ([address_key(address)] if address else [])
    for key in keys:
        await w.fetch(
            "UPDATE login_throttle SET failures = failures - 1 WHERE username = ? AND failures > 0", key
        )
