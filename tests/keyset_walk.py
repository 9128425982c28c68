"""Walking keyset pages in tests: forwards to the end, and one page back, collecting ids."""

from __future__ import annotations

from typing import Any


async def walk_api(client: Any, url: str, *, items: str = "items", key: str = "id") -> tuple[list[Any], int]:
    """Every page of a list answer by its `next_after`, the ids in the order given, and how many pages."""
    seen: list[Any] = []
    pages = 0
    sep = "&" if "?" in url else "?"
    next_url = url
    while True:
        answer = await client.get(next_url)
        assert answer.status_code == 200, answer.text[:300]
        body = answer.json()
        pages += 1
        seen += [item[key] for item in body[items]]
        if not body["next_after"]:
            return seen, pages
        next_url = f"{url}{sep}after={body['next_after']}"
        assert pages < 100


async def walk(read: Any) -> tuple[list[Any], list[Any]]:
    """`read(after=…, before=…)` → a keyset.Window; every window forwards, then the rows as read."""
    windows, rows, after = [], [], None
    while True:
        window = await read(after=after, before=None)
        windows.append(window)
        rows += window.rows
        if window.next_after is None:
            return windows, rows
        after = window.next_after
        assert len(windows) < 100
