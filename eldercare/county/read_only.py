"""A city or province user's pages carry no control that writes (issue 11, point 2).

The county's own pages are rendered as its bureau sees them; for a reader this middleware then takes out of the
HTML every form that posts (except signing out and choosing a county) and every element that would send a write
through htmx (hx-post/put/patch/delete). The writes themselves are refused anyway (readers_guard, db.write);
this is so that a reader is never shown a button that cannot work. Gzipped answers are unpacked and packed
again; htmx partials are parsed as fragments and written back as such.
"""

from __future__ import annotations

import gzip
import re
from typing import Any

from lxml import html as lxml_html

KEEP_ACTIONS = ("/logout",)
WRITE_XPATH = (
    "//form[translate(@method, 'POST', 'post') = 'post']"
    " | //*[@hx-post or @hx-put or @hx-patch or @hx-delete]"
)
_DOCTYPE = re.compile(rb"^\s*<!doctype[^>]*>", re.I)


def strip_writes(body: bytes) -> bytes:
    """The page without its writing controls (the document otherwise as it was)."""
    if b"<form" not in body and b"hx-post" not in body and b"hx-put" not in body and b"hx-delete" not in body:
        return body
    doctype = _DOCTYPE.match(body)
    whole = b"<html" in body[:1000].lower()
    text = body.decode("utf-8")
    # a whole page, or an htmx partial (parsed inside a wrapper that is not written back)
    tree = lxml_html.document_fromstring(text) if whole else lxml_html.fragment_fromstring(text, create_parent="div")
    removed = 0
    for element in tree.xpath(WRITE_XPATH):
        if element.tag == "form" and (element.get("action") or "").startswith(KEEP_ACTIONS):
            continue
        if element.getparent() is not None:
            element.drop_tree()
            removed += 1
    if not removed:
        return body
    if whole:
        out = lxml_html.tostring(tree, encoding="unicode", method="html")
        return ((doctype.group(0).decode().strip() + "\n") if doctype else "").encode() + out.encode("utf-8")
    inner = (tree.text or "") + "".join(lxml_html.tostring(c, encoding="unicode", method="html") for c in tree)
    return inner.encode("utf-8")


class ReaderPages:
    """ASGI middleware: a reader's HTML answers pass through strip_writes()."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        actor = scope.get("user")
        if scope["type"] != "http" or not getattr(actor, "is_reader", False) or scope.get("path", "").startswith(
            ("/api/", "/static/")
        ):
            await self.app(scope, receive, send)
            return
        start: dict | None = None  # the held response start of an HTML answer (None: passed through)
        chunks: list[bytes] = []

        async def buffered(message: dict) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if dict(message.get("headers") or []).get(b"content-type", b"").startswith(b"text/html"):
                    start = message
                else:
                    await send(message)
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            gzipped = dict(start.get("headers") or []).get(b"content-encoding") == b"gzip"
            body = strip_writes(gzip.decompress(body) if gzipped else body)
            body = gzip.compress(body, compresslevel=6) if gzipped else body
            headers = [(k, v) for k, v in start.get("headers") or [] if k.lower() != b"content-length"]
            await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, buffered)
