"""Under the strict CSP the pages still run their scripts: no console report of a refused script or style."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

PAGES = ["/county", "/residents", "/residents?q=a", "/dashboard", "/jobs", "/payments/standards", "/account"]


def test_the_bureaus_pages_raise_no_content_security_policy_violation(page):
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)  # fmt: skip
    log_in(page, "bureau")
    base = "/".join(page.url.split("/", 3)[:3])
    for path in [*PAGES, "/residents"]:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
    page.fill("input[name=q]", "张")
    page.wait_for_timeout(800)
    assert page.evaluate("window.htmx && htmx.config.includeIndicatorStyles") is False
    assert refused == []
