"""Login, logout, and each role's landing page."""

from __future__ import annotations

import secrets

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from eldercare.auth import services
from eldercare.auth.actor import Actor
from eldercare.auth.middleware import LOGIN_CSRF_COOKIE, MFA_COOKIE, SESSION_COOKIE
from eldercare.config import get_settings
from eldercare.errors import DomainError
from eldercare.forms import FormReader
from eldercare.web import redirect, render

USERNAME_MAX = 50  # the column's length: a longer name is no one's
PASSWORD_MAX = 1024  # far above any password; hashing megabytes would only burn CPU
EXPIRED = "页面已过期，请重新登录。"


def landing_path(actor: Actor) -> str:
    if actor.is_reader:
        return "/counties"
    if actor.is_bureau:
        return "/county"
    if actor.is_director:
        return f"/homes/{actor.home_id}"
    return "/me"


def secure_cookies(request: Request) -> bool:
    """Secure when served over HTTPS (directly, or behind a proxy that says so) or when configured."""
    forwarded = request.headers.get("x-forwarded-proto", "")
    return get_settings().secure_cookies or request.url.scheme == "https" or forwarded == "https"


def client_address(request: Request) -> str | None:
    """The client's address as the server saw it (behind a proxy: uvicorn's --proxy-headers and
    --forwarded-allow-ips put the real one here)."""
    return request.client.host if request.client else None


def _login_page(request: Request, *, error: str = "", username: str = "", status_code: int = 200,
                template: str = "auth/login.html", errors: dict[str, str] | None = None) -> Template:  # fmt: skip
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(24)
    response = render(request, template, status_code=status_code, error=error, username=username,
                      login_csrf=token, errors=errors or {})  # fmt: skip
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
                        secure=secure_cookies(request), max_age=3600)  # fmt: skip
    return response


def _form_token_ok(request: Request, f: FormReader) -> bool:
    """The login form's own CSRF token (a cookie of the login page, before any session exists)."""
    sent, expected = f.raw("_csrf") or "", request.cookies.get(LOGIN_CSRF_COOKIE, "")
    f.errors.pop("_csrf", None)
    return bool(expected) and secrets.compare_digest(sent.encode(), expected.encode())


def _signed_in(request: Request, session: services.NewSession) -> Redirect:
    response = redirect(landing_path(session.actor))
    response.set_cookie(SESSION_COOKIE, session.cookie, httponly=True, samesite="lax",
                        secure=secure_cookies(request),
                        max_age=get_settings().session_hours * 3600)  # fmt: skip
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


class LoginController(Controller):
    path = "/"

    @get("/login", exclude_from_auth=True)
    async def show(self, request: Request) -> Template:
        return _login_page(request)

    @post("/login", exclude_from_auth=True, status_code=303)
    async def submit(self, request: Request) -> Template | Redirect:
        f = FormReader(await request.form())
        username = f.text("username", required=True, max_length=USERNAME_MAX)
        password = f.text("password", required=True, max_length=PASSWORD_MAX, strip=False)
        if not _form_token_ok(request, f):
            return _login_page(request, error=EXPIRED, username=username, status_code=403)
        if not f.ok:  # nothing counted: a malformed form is no attempt at a password
            return _login_page(request, error="请修改下面标出的内容。", username=username, status_code=422,
                               errors=f.errors)  # fmt: skip
        try:
            session = await services.login(username=username, password=password, address=client_address(request))
        except DomainError as exc:
            return _login_page(request, error=exc.detail, username=username, status_code=exc.status_code)
        if session.mfa_pending:
            response = redirect("/login/code")
            response.set_cookie(MFA_COOKIE, session.cookie, httponly=True, samesite="strict",
                                secure=secure_cookies(request), max_age=services.MFA_MINUTES * 60)  # fmt: skip
            return response
        return _signed_in(request, session)

    @get("/login/code", exclude_from_auth=True)
    async def code_form(self, request: Request) -> Template | Redirect:
        if not request.cookies.get(MFA_COOKIE):
            return redirect("/login")
        return _login_page(request, template="auth/code.html")

    @post("/login/code", exclude_from_auth=True, status_code=303)
    async def code_submit(self, request: Request) -> Template | Redirect:
        f = FormReader(await request.form())
        code = f.text("code", required=True, max_length=6)
        if not _form_token_ok(request, f):
            return _login_page(request, error=EXPIRED, status_code=403)
        if not f.ok:
            return _login_page(request, error="请输入6位数字验证码。", status_code=422, template="auth/code.html",
                               errors=f.errors)  # fmt: skip
        try:
            session = await services.complete_mfa(cookie=request.cookies.get(MFA_COOKIE, ""), code=code,
                                                  address=client_address(request))  # fmt: skip
        except DomainError as exc:
            return _login_page(request, error=exc.detail, status_code=exc.status_code, template="auth/code.html")
        response = _signed_in(request, session)
        response.delete_cookie(MFA_COOKIE)
        return response

    @post("/logout", status_code=303)
    async def logout(self, request: Request) -> Redirect:
        await services.logout(actor=request.user, cookie=request.cookies.get(SESSION_COOKIE, ""))
        response = redirect("/login", flash="您已退出登录。")
        response.delete_cookie(SESSION_COOKIE)
        return response

    @get("/")
    async def landing(self, request: Request) -> Redirect:
        return redirect(landing_path(request.user))
