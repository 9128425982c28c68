"""The password policy (pure): at least 10 characters, not a common password, not the account name."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

MIN_LENGTH = 10


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = (Path(__file__).with_name("common_passwords.txt")).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def password_problem(password: str, *, username: str) -> str | None:
    """The Chinese reason this password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"密码至少{MIN_LENGTH}位。"
    lowered, name = password.lower(), username.strip().lower()
    if lowered in common_passwords():
        return "这个密码太常见，容易被猜中，请换一个。"
    if name and (lowered == name or (len(name) >= 3 and name in lowered) or lowered == name[::-1]):
        return "密码不能包含用户名。"
    if len(set(password)) <= 2:
        return "密码不能只由一两个字符重复组成。"
    return None
