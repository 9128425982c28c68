"""Users, login with per-account throttling, database-backed sessions, hashed API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from eldercare import db, stores
from eldercare.auth.actor import COUNTY_ROLES, ROLES, Actor
from eldercare.auth.passwords import hash_password, verify_password
from eldercare.auth.tables import ApiToken, LoginThrottle, User, WebSession
from eldercare.config import get_settings
from eldercare.county.tables import Home
from eldercare.errors import Conflict, Invalid, NotFound, Unauthorized
from eldercare.staff.tables import Staff

WRONG_CREDENTIALS = "用户名或密码错误。"
LOCKED = "登录失败次数过多，请{minutes}分钟后再试。"


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
    if len(password) < 8:
        raise Invalid("密码太短。", fields={"password": "密码至少8位。"})
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
                county_code=county_code,
                counties=region,
            )


@dataclass(frozen=True)
class NewSession:
    cookie: str
    csrf_token: str
    actor: Actor


@stores.in_main
async def login(*, username: str, password: str) -> NewSession:
    """Check the password; count failures per account name in the database; open a fresh session."""
    settings = get_settings()
    now = _now()
    throttle = await LoginThrottle.select().where(LoginThrottle.username == username).first()
    if throttle and throttle["locked_until"] and throttle["locked_until"] > now:
        raise Unauthorized(LOCKED.format(minutes=settings.login_lock_minutes), code="throttled")
    user = (
        await User.select(*_USER_COLUMNS, User.password_hash, User.active)
        .where(User.username == username)
        .first()
    )
    ok, needs_rehash = await verify_password(user["password_hash"] if user else None, password)
    if not ok or not user["active"]:
        await _count_failure(username=username, now=now)
        raise Unauthorized(WRONG_CREDENTIALS, code="wrong_credentials")
    actor = actor_from_row(user)
    cookie, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    new_hash = await hash_password(password) if needs_rehash else None
    async with db.write(actor, directory_write=True) as w:
        if throttle:
            await LoginThrottle.delete().where(LoginThrottle.username == username)
        if new_hash:
            await User.update({User.password_hash: new_hash}).where(User.id == actor.user_id)
        await w.insert(
            WebSession,
            id_hash=digest(cookie),
            user=actor.user_id,
            csrf_token=csrf,
            created_at=now,
            expires_at=now + dt.timedelta(hours=settings.session_hours),
        )
    return NewSession(cookie=cookie, csrf_token=csrf, actor=actor)


@stores.in_main
async def _count_failure(*, username: str, now: dt.datetime) -> None:
    settings = get_settings()
    async with db.write(None) as w:
        row = await LoginThrottle.select().where(LoginThrottle.username == username).first()
        failures = (row["failures"] if row else 0) + 1
        locked_until = None
        if failures >= settings.login_max_failures:
            locked_until = now + dt.timedelta(minutes=settings.login_lock_minutes)
        if row:
            await LoginThrottle.update(
                {LoginThrottle.failures: failures, LoginThrottle.locked_until: locked_until}
            ).where(LoginThrottle.id == row["id"])
        else:
            await LoginThrottle.insert(LoginThrottle(username=username, failures=failures))
        await w.audit(
            table=LoginThrottle,
            row_id=username,
            action="login_failed",
            before=None,
            after={"failures": failures},
        )


_ACTOR_COLUMNS = "u.id AS id, u.username AS username, u.role AS role, u.home AS home, u.staff AS staff, " \
    "u.display_name AS display_name, u.active AS active, u.county_code AS county_code, u.counties AS counties"
SESSION_SQL = f"SELECT s.csrf_token AS csrf_token, s.expires_at AS expires_at, {_ACTOR_COLUMNS} " \
    "FROM web_session s JOIN app_user u ON u.id = s.user WHERE s.id_hash = ?"
TOKEN_SQL = f"SELECT t.expires_at AS expires_at, {_ACTOR_COLUMNS} " \
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
    """The actor and CSRF token of a live session, or None (on every request: one db.fetch, SQL built once)."""
    found = await db.fetch(SESSION_SQL, digest(cookie))
    if not found:
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
async def create_token(*, username: str, days: int | None = None) -> str:
    user = await User.select(*_USER_COLUMNS).where(User.username == username).first()
    if user is None:
        raise NotFound(f"没有用户 {username}。")
    token = "ec_" + secrets.token_urlsafe(32)
    expires = _now() + dt.timedelta(days=days) if days else None
    async with db.write(actor_from_row(user), directory_write=True) as w:
        await w.insert(
            ApiToken, user=user["id"], token_hash=digest(token), created_at=_now(), expires_at=expires
        )
    return token


@stores.in_main
async def token_actor(token: str) -> Actor | None:
    """The actor of a live API token, or None (on every API request: one db.fetch, SQL built once)."""
    found = await db.fetch(TOKEN_SQL, digest(token))
    if not found:
        return None
    row = found[0]
    expires = _moment(row["expires_at"])
    if not _active(row["active"]) or (expires and expires <= _now()):
        return None
    actor = actor_from_row(row)
    return Actor(**{**actor.__dict__, "via_token": True})
