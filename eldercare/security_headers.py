"""Security headers on every response (pages, API, static files, errors, 404s): a `before_send` hook on the app.

The CSP allows scripts and styles from this server only: no inline <script>, no on*= handler, no javascript:
URL, no style attribute (templates use classes; htmx's own indicator <style> is switched off by the
`htmx-config` meta tag in base.html and its CSS lives in app.css). HSTS only when the request came over HTTPS
(directly or through a proxy that says so in X-Forwarded-Proto), so a plain-HTTP intranet is not locked out.
"""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")  # fmt: skip
HEADERS = {
    "content-security-policy": CSP,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
}
HSTS = "max-age=31536000"


def over_https(scope: Scope) -> bool:
    if scope.get("scheme") == "https":
        return True
    return any(k == b"x-forwarded-proto" and v == b"https" for k, v in scope.get("headers", []))


async def security_headers(message: Message, scope: Scope) -> None:
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    for name, value in HEADERS.items():
        headers[name] = value
    if over_https(scope):
        headers["strict-transport-security"] = HSTS
