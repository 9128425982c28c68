"""账号安全 (/account): the signed-in user's own API tokens (list, revoke), 退出所有设备, the TOTP second factor."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from eldercare.auth import services
from eldercare.auth.middleware import SESSION_COOKIE
from eldercare.errors import DomainError
from eldercare.forms import FormReader
from eldercare.web import redirect, render


async def _page(request: Request, *, status_code: int = 200, error: str = "", secret: str = "") -> Template:
    actor = request.user
    tokens = await services.list_tokens(user_id=actor.user_id)
    enrolled = await services.has_totp(actor.user_id)
    can_mfa = actor.role in services.MFA_ROLES
    if can_mfa and not enrolled and not secret:
        secret = services.new_totp_secret()
    uri = services.totp_uri(secret=secret, username=actor.username) if secret else ""
    return render(request, "auth/account.html", status_code=status_code, tokens=tokens, enrolled=enrolled,
                  can_mfa=can_mfa, secret=secret, otpauth_uri=uri, error=error,
                  status_names=services.TOKEN_STATUS_NAMES)  # fmt: skip


class AccountPages(Controller):
    path = "/account"
    include_in_schema = False

    @get("/")
    async def show(self, request: Request) -> Template:
        return await _page(request)

    @post("/tokens/{token_id:int}/revoke", status_code=303)
    async def revoke(self, request: Request, token_id: int) -> Redirect:
        await services.revoke_token(actor=request.user, token_id=token_id, own_only=True)
        return redirect("/account", flash="令牌已吊销。")

    @post("/logout-everywhere", status_code=303)
    async def logout_everywhere(self, request: Request) -> Redirect:
        count = await services.logout_everywhere(actor=request.user)
        response = redirect("/login", flash=f"已退出所有设备（{count}个登录）。")
        response.delete_cookie(SESSION_COOKIE)
        return response

    @post("/totp", status_code=303)
    async def enrol(self, request: Request) -> Template | Redirect:
        f = FormReader(await request.form())
        secret, code = f.text("secret", max_length=64), f.text("code", required=True, max_length=6)
        try:
            f.check("请输入身份验证器显示的6位数字。")
            await services.enrol_totp(actor=request.user, secret=secret, code=code)
        except DomainError as exc:
            return await _page(request, status_code=exc.status_code, error=exc.detail, secret=secret)
        return redirect("/account", flash="已启用动态验证码，下次登录时需要输入。")

    @post("/totp/disable", status_code=303)
    async def disable(self, request: Request) -> Redirect:
        await services.disable_totp(actor=request.user)
        return redirect("/account", flash="已停用动态验证码。")
