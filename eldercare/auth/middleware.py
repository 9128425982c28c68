"""Who is asking: a session cookie (pages) or a bearer token (API); CSRF for unsafe cookie requests; role guards."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from eldercare.auth.actor import Actor
from eldercare.auth.services import session_actor, token_actor

SESSION_COOKIE = "ec_session"
LOGIN_CSRF_COOKIE = "ec_login_csrf"
MFA_COOKIE = "ec_mfa"  # a sign-in whose password was right, waiting for its TOTP code
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "_csrf"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class AuthMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        header = connection.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            actor = await token_actor(header[7:].strip())
            if actor is None:
                raise NotAuthorizedException("令牌无效或已过期。")
            return AuthenticationResult(user=actor, auth="token")
        cookie = connection.cookies.get(SESSION_COOKIE)
        found = await session_actor(cookie) if cookie else None
        if found is None:
            raise NotAuthorizedException("请先登录。")
        actor, csrf = found
        connection.state.csrf_token = csrf
        return AuthenticationResult(user=actor, auth="session")


async def csrf_guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """Unsafe cookie requests carry the session's token in the X-CSRF-Token header or the _csrf form field."""
    if connection.scope.get("method", "GET") in SAFE_METHODS or connection.scope.get("auth") != "session":
        return
    expected = connection.state.get("csrf_token") or ""
    sent = connection.headers.get(CSRF_HEADER)
    if sent is None and "form" in connection.headers.get("content-type", ""):
        form = await connection.form()  # type: ignore[attr-defined]
        sent = form.get(CSRF_FIELD)
    if not expected or not sent or not secrets.compare_digest(str(sent), expected):
        raise PermissionDeniedException("CSRF 校验失败，请刷新页面后重试。")


def requires(*roles: str) -> Callable:
    """Route guard: only these roles may enter."""

    def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        actor: Actor = connection.user
        if actor.role not in roles:
            raise PermissionDeniedException("您的角色无权访问此页面。")

    return guard
