"""Who is asking: a session cookie (pages) or a bearer token (API); CSRF for unsafe cookie requests; role guards."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from eldercare import stores
from eldercare.auth.actor import BUREAU, Actor
from eldercare.auth.scope import county_context
from eldercare.auth.services import session_actor, token_actor
from eldercare.errors import CountyRequired

SESSION_COOKIE = "ec_session"
LOGIN_CSRF_COOKIE = "ec_login_csrf"
MFA_COOKIE = "ec_mfa"  # a sign-in whose password was right, waiting for its TOTP code
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "_csrf"
COUNTY_COOKIE = "ec_county"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class AuthMiddleware(AbstractAuthenticationMiddleware):
    """Finds the actor in the directory, then puts the rest of the request in the actor's county store."""

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[override]
        token = stores.set_current(stores.MAIN)
        try:
            await super().__call__(scope, receive, send)
        finally:
            stores.reset(token)

    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        header = connection.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            actor = await token_actor(header[7:].strip())
            if actor is None:
                raise NotAuthorizedException("令牌无效或已过期。")
            auth = "token"
        else:
            cookie = connection.cookies.get(SESSION_COOKIE)
            found = await session_actor(cookie) if cookie else None
            if found is None:
                raise NotAuthorizedException("请先登录。")
            actor, csrf = found
            connection.state.csrf_token = csrf
            auth = "session"
        wanted = connection.query_params.get("county") or (
            connection.cookies.get(COUNTY_COOKIE) if auth == "session" else None
        )
        actor, store = await county_context(actor, wanted=wanted)
        stores.set_current(store, actor.county_code)
        return AuthenticationResult(user=actor, auth=auth)


async def csrf_guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """Unsafe cookie requests carry the session's token in the X-CSRF-Token header or the _csrf form field."""
    if connection.scope.get("method", "GET") in SAFE_METHODS or connection.scope.get("auth") != "session":
        return
    expected = connection.state.get("csrf_token") or ""
    sent = connection.headers.get(CSRF_HEADER)
    if sent is None and "form" in connection.headers.get("content-type", ""):
        form = await connection.form()  # type: ignore[attr-defined]
        sent = form.get(CSRF_FIELD)
    # as bytes: compare_digest refuses str with non-ASCII characters (a TypeError, a 500)
    if not expected or not sent or not secrets.compare_digest(str(sent).encode(), expected.encode()):
        raise PermissionDeniedException("CSRF 校验失败，请刷新页面后重试。")


READER_WRITES = {("POST", "/api/v1/counties"), ("POST", "/logout")}


async def readers_guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """City and province users write nothing: every unsafe request of theirs is refused before it is read,
    except adding a county (a province's one write) and signing out."""
    actor = connection.scope.get("user")
    method = connection.scope.get("method", "GET")
    if actor is None or not getattr(actor, "is_reader", False) or method in SAFE_METHODS:
        return
    if (method, connection.scope.get("path", "")) in READER_WRITES:
        return
    raise PermissionDeniedException("市、省级账号只能查看，不能修改县里的数据。")


def requires(*roles: str) -> Callable:
    """Route guard: only these roles may enter."""

    def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        if connection.scope.get("method") == "OPTIONS":
            return  # answered by Litestar (204 with Allow) before any auth: it reveals no data (pitfall 23)
        actor: Actor = connection.user
        if actor.role in roles:
            return
        if actor.is_reader and BUREAU in roles:
            # City and province users see a county as its bureau does, and write nothing.
            if connection.scope.get("method", "GET") not in SAFE_METHODS:
                raise PermissionDeniedException("市、省级账号只能查看，不能修改县里的数据。")
            if actor.county_code is None:
                raise CountyRequired()
            return
        raise PermissionDeniedException("您的角色无权访问此页面。")

    return guard
