"""Users, login (throttled in auth/throttle.py, optional TOTP), database-backed sessions, hashed API tokens that
expire and can be revoked, deactivation and "log out everywhere"."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from eldercare import db
from eldercare.auth import throttle
from eldercare.auth.actor import ROLES, Actor
from eldercare.auth.passwords import hash_password, verify_password
from eldercare.auth.policy import password_problem
from eldercare.auth.tables import ApiToken, LoginThrottle, User, WebSession
from eldercare.config import get_settings
from eldercare.county.tables import Home
from eldercare.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized
from eldercare.staff.tables import Staff

WRONG_CREDENTIALS = "用户名或密码错误。"
WRONG_CODE = "动态验证码不正确或已过期。"
MFA_MINUTES = 5  # a password-checked sign-in waits this long for its TOTP code


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def actor_from_row(row: dict) -> Actor:
    return Actor(
        user_id=row["id"],
        username=row["username"],
        role=row["role"],
        home_id=row.get("home"),
        staff_id=row.get("staff"),
        display_name=row.get("display_name") or row["username"],
    )


_USER_COLUMNS = (User.id, User.username, User.role, User.home, User.staff, User.display_name)


async def create_user(
    *,
    actor: Actor | None,
    username: str,
    password: str,
    role: str,
    home_code: str | None = None,
    staff_id: int | None = None,
    display_name: str = "",
) -> int:
    if role not in ROLES:
        raise Invalid("角色不正确。", fields={"role": "角色只能是 bureau、director 或 staff。"})
    problem = password_problem(password, username=username)
    if problem:
        raise Invalid(problem, fields={"password": problem})
    home_id = None
    if role == "director":
        home = await Home.select(Home.id).where(Home.code == (home_code or "")).first()
        if home is None:
            raise Invalid("院长账号需要所属敬老院。", fields={"home": "找不到该敬老院编码。"})
        home_id = home["id"]
    if role == "staff":
        staff = await Staff.select(Staff.id, Staff.home).where(Staff.id == (staff_id or 0)).first()
        if staff is None:
            raise Invalid("工作人员账号需要对应的工作人员记录。", fields={"staff": "找不到该工作人员。"})
        home_id = staff["home"]
    password_hash = await hash_password(password)
    async with db.write(actor) as w:
        if await User.exists().where(User.username == username):
            raise Conflict("用户名已存在。", code="duplicate", fields={"username": "用户名已存在。"})
        return await w.insert(
            User,
            username=username,
            password_hash=password_hash,
            role=role,
            home=home_id,
            staff=staff_id if role == "staff" else None,
            display_name=display_name or username,
            created_at=_now(),
        )


@dataclass(frozen=True)
class NewSession:
    cookie: str
    csrf_token: str
    actor: Actor
    mfa_pending: bool = False  # the password was right; the session starts once the TOTP code is


async def login(*, username: str, password: str, address: str | None = None) -> NewSession:
    """Count the attempt (throttle, before any check); check the password; open a fresh session (a new id at
    every login; several sessions per user are allowed). With TOTP enrolled the session waits for the code."""
    now = _now()
    async with db.write(None) as w:
        await throttle.count_attempt(w, username=username, address=address)
    user = (
        await User.select(*_USER_COLUMNS, User.password_hash, User.active, User.totp_secret)
        .where(User.username == username)
        .first()
    )
    ok, needs_rehash = await verify_password(user["password_hash"] if user else None, password)
    if not ok or not user["active"]:
        async with db.write(None) as w:
            await w.audit(table=LoginThrottle, row_id=username[:50], action="login_failed", before=None,
                          after={"address": address})  # fmt: skip
        raise Unauthorized(WRONG_CREDENTIALS, code="wrong_credentials")
    actor = actor_from_row(user)
    new_hash = await hash_password(password) if needs_rehash else None
    pending = bool(user["totp_secret"])
    async with db.write(actor) as w:
        if not pending:
            await throttle.forgive(w, username=username, address=address)
        if new_hash:
            await User.update({User.password_hash: new_hash}).where(User.id == actor.user_id)
        return await _open_session(w, actor, now=now, pending=pending)


async def _open_session(w: db.Writer, actor: Actor, *, now: dt.datetime, pending: bool) -> NewSession:
    cookie, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    lifetime = dt.timedelta(minutes=MFA_MINUTES) if pending else dt.timedelta(hours=get_settings().session_hours)
    await w.insert(WebSession, id_hash=digest(cookie), user=actor.user_id, csrf_token=csrf, created_at=now,
                   expires_at=now + lifetime, mfa_pending=pending)  # fmt: skip
    return NewSession(cookie=cookie, csrf_token=csrf, actor=actor, mfa_pending=pending)


async def complete_mfa(*, cookie: str, code: str, address: str | None = None) -> NewSession:
    """The second step: the TOTP code of a password-checked sign-in. Counted like a password attempt; on
    success the waiting session is replaced by a real one (a new id)."""
    import pyotp

    row = (
        await WebSession.select(WebSession.id, WebSession.expires_at, WebSession.mfa_pending,
                                *[getattr(WebSession.user, c._meta.name) for c in _USER_COLUMNS],
                                WebSession.user.active, WebSession.user.totp_secret)  # fmt: skip
        .where(WebSession.id_hash == digest(cookie or "-"))
        .first()
    )
    if row is None or not row["mfa_pending"] or row["expires_at"] <= _now() or not row["user.active"]:
        raise Unauthorized("登录已过期，请重新输入用户名和密码。", code="unauthorized")
    user = {k.removeprefix("user."): v for k, v in row.items() if k.startswith("user.")}
    actor = actor_from_row(user)
    async with db.write(None) as w:
        await throttle.count_attempt(w, username=actor.username, address=address)
    if not pyotp.TOTP(user["totp_secret"]).verify(code.strip(), valid_window=1):
        raise Unauthorized(WRONG_CODE, code="wrong_credentials")
    async with db.write(actor) as w:
        await throttle.forgive(w, username=actor.username, address=address)
        await w.delete(WebSession, row["id"])
        return await _open_session(w, actor, now=_now(), pending=False)


def new_totp_secret() -> str:
    import pyotp

    return pyotp.random_base32()


def totp_uri(*, secret: str, username: str) -> str:
    import pyotp

    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name="eldercare")


MFA_ROLES = ("bureau", "city", "province")


async def enrol_totp(*, actor: Actor, secret: str, code: str) -> None:
    """Turn the second factor on once the user shows a code from the secret they were given."""
    import pyotp

    if actor.role not in MFA_ROLES:
        raise Forbidden("只有县民政局及以上账号可以启用动态验证码。")
    if len(secret) < 16 or not pyotp.TOTP(secret).verify(code.strip(), valid_window=1):
        raise Invalid(WRONG_CODE, fields={"code": WRONG_CODE})
    async with db.write(actor) as w:
        await w.update(User, actor.user_id, totp_secret=secret)


async def disable_totp(*, actor: Actor) -> None:
    async with db.write(actor) as w:
        await w.update(User, actor.user_id, totp_secret="")


async def has_totp(user_id: int) -> bool:
    row = await User.select(User.totp_secret).where(User.id == user_id).first()
    return bool(row and row["totp_secret"])


async def session_actor(cookie: str) -> tuple[Actor, str] | None:
    """The actor and CSRF token of a live session, or None."""
    row = (
        await WebSession.select(
            WebSession.csrf_token,
            WebSession.expires_at,
            WebSession.mfa_pending,
            *[getattr(WebSession.user, c._meta.name) for c in _USER_COLUMNS],
            WebSession.user.active,
        )
        .where(WebSession.id_hash == digest(cookie))
        .first()
    )
    if row is None or row["mfa_pending"] or row["expires_at"] <= _now() or not row["user.active"]:
        return None
    user = {k.removeprefix("user."): v for k, v in row.items() if k.startswith("user.")}
    return actor_from_row(user), row["csrf_token"]


async def logout(*, actor: Actor, cookie: str) -> None:
    async with db.write(actor) as w:
        row = await WebSession.select(WebSession.id).where(WebSession.id_hash == digest(cookie)).first()
        if row:
            await w.delete(WebSession, row["id"])


async def logout_everywhere(*, actor: Actor) -> int:
    """退出所有设备: end every session of this user (this one too). Tokens stay: they are revoked one by one."""
    async with db.write(actor) as w:
        rows = await w.fetch('DELETE FROM web_session WHERE "user" = ? RETURNING id', actor.user_id)
        await w.audit(table=WebSession, row_id=actor.user_id, action="logout_everywhere", before=None,
                      after={"sessions": len(rows)})  # fmt: skip
    return len(rows)


async def deactivate_user(*, actor: Actor | None, username: str) -> dict[str, int]:
    """Refuse the user's logins from now on, end every session and revoke every token."""
    user = await User.select(User.id, User.active).where(User.username == username).first()
    if user is None:
        raise NotFound(f"没有用户 {username}。")
    async with db.write(actor) as w:
        if user["active"]:
            await w.update(User, user["id"], active=False)
        sessions = await w.fetch('DELETE FROM web_session WHERE "user" = ? RETURNING id', user["id"])
        live = (ApiToken.user == user["id"]) & ApiToken.revoked_at.is_null()
        tokens = await ApiToken.select(ApiToken.id).where(live)
        await ApiToken.update({ApiToken.revoked_at: _now()}).where(live)
        result = {"sessions": len(sessions), "tokens": len(tokens)}
        await w.audit(table=User, row_id=user["id"], action="deactivate", before=None, after=result)
    return result


async def create_token(*, username: str, days: int | None = None) -> str:
    """A new API token (shown once; only its SHA-256 is kept), expiring after `days` (default 90)."""
    user = await User.select(*_USER_COLUMNS, User.active).where(User.username == username).first()
    if user is None:
        raise NotFound(f"没有用户 {username}。")
    if not user["active"]:
        raise Invalid(f"用户 {username} 已停用。")
    days = get_settings().token_days if days is None else days
    if days < 1 or days > 3660:
        raise Invalid("令牌有效期应为 1 至 3660 天。", fields={"days": "1 至 3660 天"})
    token = "ec_" + secrets.token_urlsafe(32)
    now = _now()
    async with db.write(actor_from_row(user)) as w:
        await w.insert(ApiToken, user=user["id"], token_hash=digest(token), created_at=now,
                       expires_at=now + dt.timedelta(days=days), hint=token[:9])  # fmt: skip
    return token


def token_status(row: dict, now: dt.datetime | None = None) -> str:
    now = now or _now()
    if row["revoked_at"] is not None:
        return "revoked"
    if row["expires_at"] is not None and row["expires_at"] <= now:
        return "expired"
    return "active"


TOKEN_STATUS_NAMES = {"active": "有效", "revoked": "已吊销", "expired": "已过期"}


async def list_tokens(*, username: str | None = None, user_id: int | None = None) -> list[dict]:
    """Tokens (never their secret): id, user, hint, created, expires, revoked, status; newest first."""
    query = ApiToken.select(ApiToken.id, ApiToken.user.username.as_alias("username"), ApiToken.hint,
                            ApiToken.created_at, ApiToken.expires_at, ApiToken.revoked_at,
                            ApiToken.last_used_at)  # fmt: skip
    if username is not None:
        if not await User.exists().where(User.username == username):
            raise NotFound(f"没有用户 {username}。")
        query = query.where(ApiToken.user.username == username)
    if user_id is not None:
        query = query.where(ApiToken.user == user_id)
    rows = await query.order_by(ApiToken.id, ascending=False)
    now = _now()
    return [{**r, "status": token_status(r, now)} for r in rows]


async def revoke_token(*, actor: Actor | None, token_id: int, own_only: bool = False) -> dict:
    """Revoke a token (at once: the next request with it gets 401). `own_only`: only the actor's own."""
    row = await ApiToken.select(ApiToken.id, ApiToken.user, ApiToken.revoked_at).where(
        ApiToken.id == token_id
    ).first()  # fmt: skip
    if row is None or (own_only and actor is not None and row["user"] != actor.user_id):
        raise NotFound("没有这个令牌。")
    if row["revoked_at"] is None:
        async with db.write(actor) as w:
            await w.update(ApiToken, token_id, revoked_at=_now())
    return row


async def token_actor(token: str) -> Actor | None:
    row = (
        await ApiToken.select(
            ApiToken.expires_at,
            ApiToken.revoked_at,
            *[getattr(ApiToken.user, c._meta.name) for c in _USER_COLUMNS],
            ApiToken.user.active,
        )
        .where(ApiToken.token_hash == digest(token))
        .first()
    )
    if row is None or not row["user.active"] or token_status(row) != "active":
        return None
    user = {k.removeprefix("user."): v for k, v in row.items() if k.startswith("user.")}
    actor = actor_from_row(user)
    return Actor(**{**actor.__dict__, "via_token": True})
