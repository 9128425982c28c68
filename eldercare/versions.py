"""Optimistic concurrency for read-then-replace writes: a record's version is a hash of what a reader sees.

- `tag(value)`: the strong ETag of a representation (SHA-256 over its canonical JSON), so no version column
  is needed and any change by anyone (page, API, import) changes it.
- The API answers GET and PUT/PATCH with `ETag` (`etag_response`) and takes `If-Match`; the page forms carry
  the same value in a hidden `version` field.
- `guard(w, key, expected, current)` runs first inside the service's `db.write()`: it serialises writers of
  the record (SQLite's BEGIN IMMEDIATE already does; on PostgreSQL a transaction-scoped advisory lock on the
  record's key) and, when the client sent a version, compares it with the record as it is now: a stale one
  is `PreconditionFailed` (412 `stale_version`), nothing written. No version sent: the write goes on as the
  contract's clients send it (last write wins for them).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Response
from litestar.params import Parameter

from eldercare.db import Writer
from eldercare.errors import PreconditionFailed

STALE = "此记录已被他人修改，下面是最新内容，请核对后再保存。"
FIELD = "version"

IfMatch = Parameter(header="If-Match", required=False, description="the ETag of the version being replaced")


def tag(value: Any) -> str:
    body = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str, separators=(",", ":"))
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'


def matches(expected: str, current: str) -> bool:
    """If-Match: `*`, or one of a comma-separated list of tags (a weak `W/` prefix or missing quotes tolerated,
    as a hidden form field sends the tag bare)."""
    wanted = {t.strip().removeprefix("W/").strip('"') for t in expected.split(",") if t.strip()}
    return "*" in wanted or current.strip('"') in wanted


async def guard(
    w: Writer, key: str, expected: str | None, current: Callable[[], Awaitable[Any]]
) -> None:
    await w.lock(key)
    if expected is not None and expected.strip() and not matches(expected, tag(await current())):
        raise PreconditionFailed(STALE, fields={FIELD: STALE})


def etag_response(body: Any, version: Any, *, status_code: int = 200) -> Response:
    """The JSON body with the ETag of `version` (the representation the version is computed from)."""
    return Response(body, status_code=status_code, headers={"ETag": tag(version)})
