"""Security headers on every response (pages, API, static files, errors), and templates a strict CSP can serve."""

from __future__ import annotations

import re

import pytest

from eldercare.config import get_settings

EXPECTED = {"x-frame-options": "DENY", "x-content-type-options": "nosniff", "referrer-policy": "same-origin"}


def assert_hardened(response) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (response.request.url, name)
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp


@pytest.mark.parametrize("path", ["/login", "/static/css/app.css", "/static/vendor/htmx.min.js", "/healthz",
                                  "/api/v1/homes", "/no-such-page", "/api/v1/no-such", "/county"])  # fmt: skip
async def test_every_kind_of_response_carries_the_headers(anonymous, county, path):
    response = await anonymous.get(path)
    assert_hardened(response)
    assert "strict-transport-security" not in response.headers


async def test_signed_in_pages_api_answers_and_errors_carry_them(client_for, county):
    bureau = await client_for("bureau")
    for path in ("/county", "/account", "/api/v1/homes", "/api/v1/years/abc/ranking", "/homes/999999"):
        assert_hardened(await bureau.get(path))
    assert_hardened(await bureau.options("/county"))


async def test_hsts_only_over_https(anonymous, county):
    plain = await anonymous.get("/login")
    proxied = await anonymous.get("/login", headers={"x-forwarded-proto": "https"})
    assert "strict-transport-security" not in plain.headers
    assert proxied.headers["strict-transport-security"].startswith("max-age=")


def test_no_template_has_inline_script_handlers_or_styles():
    """What the CSP refuses: inline <script>, on*= handlers, javascript: URLs, style attributes."""
    root = get_settings().project_root / "templates"
    for path in root.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path
        assert not re.search(r"\son[a-z]+\s*=", text), path
        assert "javascript:" not in text and not re.search(r"\sstyle\s*=", text), path
        assert "<style" not in text, path
    base = (root / "base.html").read_text(encoding="utf-8")
    assert '"includeIndicatorStyles": false' in base
