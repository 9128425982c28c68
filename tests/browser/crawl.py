"""Follow every same-site link a role is shown, breadth-first from its landing page, in a real browser.

Each page is opened once; links are grouped by their shape (digits become `#`, query keys kept) and at most
`PER_SHAPE` of each shape are opened, so a list of 300 residents costs two resident pages, not 300. Logout and
downloads (Excel files) are not followed. A page answering 404, 403 (to the role that was shown the link) or
500 is counted, and so is a page wider than the screen, and a page whose text shows developer words; for a
reader (city, province), so is a page showing a writing control (a visible POST form other than logout's, or a
visible element that would POST, PUT, PATCH or DELETE through htmx).
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

PER_SHAPE = 2
MAX_PAGES = 160
SKIP = re.compile(r"(^/logout|^/static/|^/api/|xlsx|/export|/download)")
# Words only a developer should read: a Python dict, a fen field name, or an English enum value.
ENUM_WORDS = (
    "centralized", "dispersed", "monthly-payments", "daily-checks", "year-end", "yearend", "basic", "paid",
    "pending", "running", "succeeded", "failed", "draft", "finalized", "bureau", "director", "staff",
    "admitted", "discharged", "deceased", "approved", "rejected", "township", "county_review", "published",
)  # fmt: skip
# A writing control a reader can see: the style sheet hides them under body.read-only; the server refuses anyway.
VISIBLE_WRITE_CONTROLS = """() => [...document.querySelectorAll(
    'form[method=post i], [hx-post], [hx-put], [hx-patch], [hx-delete]')]
  .filter(el => el.getClientRects().length > 0)
  .filter(el => !(el.tagName === 'FORM' && new URL(el.action, location.href).pathname === '/logout'))
  .map(el => el.outerHTML.slice(0, 120))"""
DEVELOPER_TEXT = re.compile(r"\{'|_fen\b|\b(" + "|".join(re.escape(w) for w in ENUM_WORDS) + r")\b")


@dataclass
class CrawlReport:
    visited: list[str] = field(default_factory=list)
    not_found: list[tuple[str, str]] = field(default_factory=list)  # (url, the page that linked it)
    forbidden: list[tuple[str, str]] = field(default_factory=list)
    server_errors: list[tuple[str, str]] = field(default_factory=list)
    too_wide: list[tuple[str, int]] = field(default_factory=list)  # (url, scrollWidth)
    developer_text: list[tuple[str, str]] = field(default_factory=list)  # (url, what matched, in context)
    write_controls: list[tuple[str, str]] = field(default_factory=list)  # (url, the control's markup)

    def counts(self) -> dict[str, int]:
        return {"404": len(self.not_found), "403": len(self.forbidden), "500": len(self.server_errors),
                "overflow": len(self.too_wide), "developer_text": len(self.developer_text),
                "write_controls": len(self.write_controls)}  # fmt: skip

    def describe(self) -> str:
        lines = [f"{len(self.visited)} pages; counts {self.counts()}"]
        for name in ("not_found", "forbidden", "server_errors", "too_wide", "developer_text", "write_controls"):
            lines += [f"  {name}: {item}" for item in getattr(self, name)]
        return "\n".join(lines)


def shape(url: str) -> str:
    parts = urlsplit(url)
    keys = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return re.sub(r"\d+", "#", parts.path) + ("?" + "&".join(keys) if keys else "")


def _same_site_links(page, base: str, skip: re.Pattern | None = None) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.filter(a => !a.hasAttribute('download')).map(a => a.href)")
    links = []
    for href in hrefs:
        if not href.startswith(base):
            continue
        path = href[len(base) :].split("#", 1)[0] or "/"
        if not SKIP.search(path) and not (skip and skip.search(path)):
            links.append(path)
    return links


def crawl(page, base: str, start: str = "/", *, check_width: bool = False, max_pages: int = MAX_PAGES,
          skip: re.Pattern | None = None, reader: bool = False) -> CrawlReport:  # fmt: skip
    """Crawl from `start` as the signed-in page's role; `check_width` counts pages wider than the viewport;
    `skip` names more links not to follow; `reader` counts the writing controls a city or province user sees."""
    report = CrawlReport()
    queue: deque[tuple[str, str]] = deque([(start, "")])
    seen: set[str] = {start}
    per_shape: dict[str, int] = {}
    while queue and len(report.visited) < max_pages:
        url, referrer = queue.popleft()
        response = page.goto(url)
        report.visited.append(url)
        status = response.status if response else 0
        if status == 404:
            report.not_found.append((url, referrer))
        elif status == 403:
            report.forbidden.append((url, referrer))
        elif status >= 500:
            report.server_errors.append((url, referrer))
        if status >= 400:
            continue
        if check_width:
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > page.viewport_size["width"]:
                report.too_wide.append((url, width))
        text = page.inner_text("body")
        # an authenticator's enrolment link (otpauth://…, shown on /account) is meant to be copied as it is
        text = re.sub(r"otpauth://\S+", "", text)
        for match in DEVELOPER_TEXT.finditer(text):
            report.developer_text.append((url, text[max(0, match.start() - 30) : match.end() + 30]))
            break
        if reader:
            report.write_controls += [(url, markup) for markup in page.evaluate(VISIBLE_WRITE_CONTROLS)]
        for link in _same_site_links(page, base, skip):
            key = shape(link)
            if link in seen or per_shape.get(key, 0) >= PER_SHAPE:
                continue
            seen.add(link)
            per_shape[key] = per_shape.get(key, 0) + 1
            queue.append((link, url))
    return report
