"""Users, login (throttled in auth/throttle.py, optional TOTP), database-backed sessions, hashed API tokens that
expire and can be revoked, deactivation and "log out everywhere"."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from eldercare import db, stores
from eldercare.auth import throttle
from eldercare.auth.actor import COUNTY_ROLES, ROLES, Actor
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
    counties = tuple(c for c in (row.get("counties") or "").split(",") if c)
    region = None
    if row["role"] == "province":
        region, counties = (counties[0] if counties else None), ()
    elif row["role"] == "city" and counties:
        region = counties[0][:4]
    return Actor(
        user_id=row["id"],
        username=row["username"],
        role=row["role"],
        home_id=row.get("home"),
        staff_id=row.get("staff"),
        display_name=row.get("display_name") or row["username"],
        county_code=row.get("county_code") if row["role"] in COUNTY_ROLES else None,
        counties=counties,
        region_code=region,
    )


_USER_COLUMNS = (User.id, User.username, User.role, User.home, User.staff, User.display_name, User.county_code,
                 User.counties)  # fmt: skip


async def _user_scope(
    *, role: str, county: str | None, counties: str | None, province: str | None
) -> tuple[str | None, str]:
    """(county_code, counties) of a new user, checked against the directory (see docs/domain-decisions.md)."""
    from eldercare.county import directory
    from eldercare.county.divisions import city_code_problem, county_code_problem, province_code_problem

    known = {r["code"]: r for r in await directory.list_counties()}
    if role in COUNTY_ROLES:
        if counties or province:
            raise Invalid("县级账号只属于一个县。", fields={"county": "县级账号请用 --county 指定一个县。"})
        if not county:
            if len(known) > 1:
                raise Invalid("请指定账号所属的县。", fields={"county": "本系统有多个县，请用 --county 指定。"})
            return (next(iter(known)) if known else None), ""
        if county_code_problem(county):
            raise Invalid("县级区划代码有误。", fields={"county": county_code_problem(county) or ""})
        if county not in known:
            raise Invalid("没有这个县。", fields={"county": f"系统中没有代码为 {county} 的县，请先新增该县。"})
        return county, ""
    if role == "city":
        codes = [c.strip() for c in (counties or "").split(",") if c.strip()]
        if not codes:
            raise Invalid("市级账号需要所辖的县。", fields={"counties": "请用 --counties 列出所辖县的代码。"})
        for code in codes:
            problem = county_code_problem(code)
            if problem:
                raise Invalid("县级区划代码有误。", fields={"counties": problem})
        if len({c[:4] for c in codes}) > 1:
            raise Invalid("所列的县不属于同一个市。", fields={"counties": "市级账号所辖的县应同属一个市（前四位相同）。"})
        if city_code_problem(codes[0][:4] + "00"):
            raise Invalid("市级区划代码有误。", fields={"counties": city_code_problem(codes[0][:4] + "00") or ""})
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise Invalid("有的县不在系统中。", fields={"counties": f"系统中没有这些县：{'、'.join(unknown)}。"})
        return None, ",".join(codes)
    problem = province_code_problem(province or "")
    if problem:
        raise Invalid("省级区划代码有误。", fields={"province": problem})
    return None, (province or "")[:2]


async def create_user(
    *,
    actor: Actor | None,
    username: str,
    password: str,
    role: str,
    home_code: str | None = None,
    staff_id: int | None = None,
    display_name: str = "",
    county: str | None = None,
    counties: str | None = None,
    province: str | None = None,
) -> int:
    from eldercare.county import directory

    if role not in ROLES:
        raise Invalid("角色不正确。", fields={"role": "角色只能是 bureau、director、staff、city 或 province。"})
    problem = password_problem(password, username=username)
    if problem:
        raise Invalid(problem, fields={"password": problem})
    with stores.main():
        county_code, region = await _user_scope(role=role, county=county, counties=counties, province=province)
    home_id = None
    # A director's home and a staff member's record are looked up in the user's county.
    with stores.use(await directory.store_of(county_code) if county_code else stores.MAIN):
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
    with stores.main():
        async with db.write(actor, directory_write=True) as w:
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
                county_code=county_code,
                counties=region,
            )


@dataclass(frozen=True)
class NewSession:
    cookie: str
    csrf_token: str
    actor: Actor
    mfa_pending: bool = False  # the password was right; the session starts once the TOTP code is


@stores.in_main
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
    async with db.write(actor, directory_write=True) as w:
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


@stores.in_main
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
    async with db.write(actor, directory_write=True) as w:
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


@stores.in_main
async def enrol_totp(*, actor: Actor, secret: str, code: str) -> None:
    """Turn the second factor on once the user shows a code from the secret they were given."""
    import pyotp

    if actor.role not in MFA_ROLES:
        raise Forbidden("只有县民政局及以上账号可以启用动态验证码。")
    if len(secret) < 16 or not pyotp.TOTP(secret).verify(code.strip(), valid_window=1):
        raise Invalid(WRONG_CODE, fields={"code": WRONG_CODE})
    async with db.write(actor, directory_write=True) as w:
        await w.update(User, actor.user_id, totp_secret=secret)


@stores.in_main
async def disable_totp(*, actor: Actor) -> None:
    async with db.write(actor, directory_write=True) as w:
        await w.update(User, actor.user_id, totp_secret="")


@stores.in_main
async def has_totp(user_id: int) -> bool:
    row = await User.select(User.totp_secret).where(User.id == user_id).first()
    return bool(row and row["totp_secret"])


_ACTOR_COLUMNS = "u.id AS id, u.username AS username, u.role AS role, u.home AS home, u.staff AS staff, " \
    "u.display_name AS display_name, u.active AS active, u.county_code AS county_code, u.counties AS counties"
SESSION_SQL = f"SELECT s.csrf_token AS csrf_token, s.expires_at AS expires_at, s.mfa_pending AS mfa_pending, {_ACTOR_COLUMNS} " \
    "FROM web_session s JOIN app_user u ON u.id = s.user WHERE s.id_hash = ?"
TOKEN_SQL = f"SELECT t.expires_at AS expires_at, t.revoked_at AS revoked_at, {_ACTOR_COLUMNS} " \
    "FROM api_token t JOIN app_user u ON u.id = t.user WHERE t.token_hash = ?"


def _moment(value) -> dt.datetime | None:
    """A timestamptz read raw: PostgreSQL gives a datetime, SQLite the ISO text Piccolo stored."""
    if value is None or isinstance(value, dt.datetime):
        return value
    moment = dt.datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _active(value) -> bool:
    return value in (True, 1, "1", "true", "True")


@stores.in_main
async def session_actor(cookie: str) -> tuple[Actor, str] | None:
    """The actor and CSRF token of a live session, or None (on every request: one db.fetch, SQL built once).
    A session still waiting for its TOTP code is not signed in yet."""
    found = await db.fetch(SESSION_SQL, digest(cookie))
    if not found or _active(found[0]["mfa_pending"]):
        return None
    row = found[0]
    if _moment(row["expires_at"]) <= _now() or not _active(row["active"]):
        return None
    return actor_from_row(row), row["csrf_token"]


@stores.in_main
async def logout(*, actor: Actor, cookie: str) -> None:
    with stores.main():
        async with db.write(actor, directory_write=True) as w:
            row = await WebSession.select(WebSession.id).where(WebSession.id_hash == digest(cookie)).first()
            if row:
                await w.delete(WebSession, row["id"])


@stores.in_main
async def logout_everywhere(*, actor: Actor) -> int:
    """退出所有设备: end every session of this user (this one too). Tokens stay: they are revoked one by one."""
    async with db.write(actor, directory_write=True) as w:
        rows = await w.fetch('DELETE FROM web_session WHERE "user" = ? RETURNING id', actor.user_id)
        await w.audit(table=WebSession, row_id=actor.user_id, action="logout_everywhere", before=None,
                      after={"sessions": len(rows)})  # fmt: skip
    return len(rows)


@stores.in_main
async def deactivate_user(*, actor: Actor | None, username: str) -> dict[str, int]:
    """Refuse the user's logins from now on, end every session and revoke every token."""
    user = await User.select(User.id, User.active).where(User.username == username).first()
    if user is None:
        raise NotFound(f"没有用户 {username}。")
    async with db.write(actor, directory_write=True) as w:
        if user["active"]:
            await w.update(User, user["id"], active=False)
        sessions = await w.fetch('DELETE FROM web_session WHERE "user" = ? RETURNING id', user["id"])
        live = (ApiToken.user == user["id"]) & ApiToken.revoked_at.is_null()
        tokens = await ApiToken.select(ApiToken.id).where(live)
        await ApiToken.update({ApiToken.revoked_at: _now()}).where(live)
        result = {"sessions": len(sessions), "tokens": len(tokens)}
        await w.audit(table=User, row_id=user["id"], action="deactivate", before=None, after=result)
    return result


@stores.in_main
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
    async with db.write(actor_from_row(user), directory_write=True) as w:
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


@stores.in_main
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


@stores.in_main
async def revoke_token(*, actor: Actor | None, token_id: int, own_only: bool = False) -> dict:
    """Revoke a token (at once: the next request with it gets 401). `own_only`: only the actor's own."""
    row = await ApiToken.select(ApiToken.id, ApiToken.user, ApiToken.revoked_at).where(
        ApiToken.id == token_id
    ).first()  # fmt: skip
    if row is None or (own_only and actor is not None and row["user"] != actor.user_id):
        raise NotFound("没有这个令牌。")
    if row["revoked_at"] is None:
        async with db.write(actor, directory_write=True) as w:
            await w.update(ApiToken, token_id, revoked_at=_now())
    return row


@stores.in_main
async def token_actor(token: str) -> Actor | None:
    """The actor of a live API token, or None (on every API request: one db.fetch, SQL built once)."""
    found = await db.fetch(TOKEN_SQL, digest(token))
    if not found or found[0]["revoked_at"] is not None:
        return None
    row = found[0]
    expires = _moment(row["expires_at"])
    if not _active(row["active"]) or (expires and expires <= _now()):
        return None
    actor = actor_from_row(row)
    return Actor(**{**actor.__dict__, "via_token": True})
