"""Keyset pages for every long list: a page is "the next `limit` rows after this row" in a stable order whose
last column is unique (the id), so a deep page costs what the first one does (no OFFSET), and counts stop at a
cap instead of counting the province on every page.

A list declares its `Order` (SQL columns, the row keys holding their values, their kinds, each direction);
`seek()` turns an `after`/`before` cursor into a condition and an ORDER BY; `cut()` turns the rows read
(`limit + 1` of them) into a `Window` with the cursors of the pages around it. Cursors are opaque
(URL-safe base64 of the key's values as JSON); a cursor that does not decode to the key's kinds is refused
as Invalid ("分页位置不正确") naming the parameter, never a 500.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from eldercare import db
from eldercare.errors import Invalid

COUNT_CAP = 10_000


@dataclass(frozen=True)
class Order:
    columns: tuple[str, ...]  # SQL expressions; together unique (the last one is the id)
    keys: tuple[str, ...]  # where each column's value is in a row
    kinds: tuple[type, ...]  # str, int, bool or dt.date: what a cursor must hold
    descending: tuple[bool, ...] = ()  # per column; () is ascending throughout

    def desc(self, i: int) -> bool:
        return bool(self.descending) and self.descending[i]


@dataclass(frozen=True)
class Seek:
    condition: str  # "" on the first page
    args: list[Any]
    order_by: str  # " ORDER BY …" in the direction the rows are read
    backwards: bool  # read from `before` towards the start (the rows are put back in order by cut())


@dataclass
class Window:
    rows: list[dict[str, Any]]
    next_after: str | None  # cursor of the page after this one, None on the last page
    prev_before: str | None  # cursor of the page before this one, None on the first page


def encode(values: list[Any] | tuple[Any, ...]) -> str:
    plain = [v.isoformat() if isinstance(v, dt.date) else v for v in values]
    raw = json.dumps(plain, ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _value(kind: type, value: Any) -> Any:
    if kind is bool and isinstance(value, (bool, int)) and value in (0, 1):
        return bool(value)
    if kind is dt.date and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if kind is int and isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**62:
        return value
    if kind is str and isinstance(value, str):
        return value
    raise ValueError


def decode(cursor: str, kinds: tuple[type, ...], field: str = "after") -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != len(kinds):
            raise ValueError
        return [_value(kind, v) for kind, v in zip(kinds, values, strict=True)]
    except (ValueError, TypeError, UnicodeDecodeError):
        raise Invalid("分页位置不正确。", fields={field: "分页位置不正确，请从第一页开始。"}) from None


def cursor_of(order: Order, row: dict[str, Any]) -> str:
    return encode([row[k] for k in order.keys])


def _beyond(order: Order, values: list[Any], backwards: bool) -> tuple[str, list[Any]]:
    """Rows strictly beyond `values` in the reading direction. One direction throughout: a row-value
    comparison, which both engines seek on an index. Mixed directions: the expanded form, led by a range on
    the first column so the index is still entered at the cursor."""
    cols = order.columns

    def op(i: int, strict: bool = True) -> str:
        up = order.desc(i) == backwards
        return (">" if up else "<") + ("" if strict else "=")

    if len({order.desc(i) for i in range(len(cols))}) == 1:
        marks = ", ".join("?" for _ in cols)
        return f"({', '.join(cols)}) {op(0)} ({marks})", list(values)
    inner, args = f"{cols[-1]} {op(len(cols) - 1)} ?", [values[-1]]
    for i in range(len(cols) - 2, -1, -1):
        inner = f"{cols[i]} {op(i)} ? OR ({cols[i]} = ? AND ({inner}))"
        args = [values[i], values[i], *args]
    return f"{cols[0]} {op(0, strict=False)} ? AND ({inner})", [values[0], *args]


def seek(order: Order, *, after: str | None = None, before: str | None = None) -> Seek:
    """The condition and ORDER BY of the page after `after` (or before `before`, read backwards)."""
    condition, args, backwards = "", [], False
    if after:
        condition, args = _beyond(order, decode(after, order.kinds, "after"), False)
    elif before:
        backwards = True
        condition, args = _beyond(order, decode(before, order.kinds, "before"), True)
    terms = [c + (" DESC" if order.desc(i) != backwards else "") for i, c in enumerate(order.columns)]
    return Seek(condition=condition, args=args, order_by=" ORDER BY " + ", ".join(terms), backwards=backwards)


def where(*conditions: str) -> str:
    """ " WHERE a AND b" of the conditions that are not empty (or "")."""
    found = [f"({c})" for c in conditions if c]
    return " WHERE " + " AND ".join(found) if found else ""


def cut(order: Order, found: list[dict[str, Any]], *, limit: int, at: Seek) -> Window:
    """The page from `limit + 1` rows read in `at`'s direction, with the cursors around it."""
    more = len(found) > limit
    rows = found[:limit]
    if at.backwards:
        rows.reverse()
    has_next = True if at.backwards else more
    has_prev = (at.backwards and more) or (not at.backwards and bool(at.condition))
    return Window(
        rows=rows,
        next_after=cursor_of(order, rows[-1]) if rows and has_next else None,
        prev_before=cursor_of(order, rows[0]) if rows and has_prev else None,
    )


def plain(
    rows: list[dict[str, Any]], *, dates: tuple[str, ...] = (), flags: tuple[str, ...] = ()
) -> list[dict]:
    """Rows of the thin read path as Piccolo gives them: SQLite's date text as dates, its 0/1 as booleans."""
    for row in rows:
        for key in dates:
            if isinstance(row.get(key), str):
                row[key] = dt.date.fromisoformat(row[key][:10])
        for key in flags:
            if row.get(key) is not None:
                row[key] = bool(row[key])
    return rows


async def page(
    order: Order, select: str, conditions: tuple[str, ...], args: list[Any], *, limit: int,
    after: str | None = None, before: str | None = None,
) -> Window:  # fmt: skip
    """Read one keyset page: `select` (SELECT … FROM …, no WHERE) narrowed by `conditions` (their `?` values in
    `args`) through the thin read path."""
    at = seek(order, after=after, before=before)
    sql = select + where(*conditions, at.condition) + at.order_by + " LIMIT ?"
    return cut(order, await db.fetch(sql, *args, *at.args, limit + 1), limit=limit, at=at)


async def count(
    source: str, conditions: tuple[str, ...], args: list[Any], *, cap: int | None
) -> tuple[int, bool]:
    """How many rows `source` (FROM …) holds under `conditions`; with a cap it stops there (capped: there are
    at least `cap`) instead of counting the province. `cap=None` counts them all (the API's exact `total`)."""
    clause = where(*conditions)
    if cap is None:
        found = await db.fetch(f"SELECT COUNT(*) AS n FROM {source}{clause}", *args)
        return int(found[0]["n"]), False
    found = await db.fetch(
        f"SELECT COUNT(*) AS n FROM (SELECT 1 FROM {source}{clause} LIMIT ?) x", *args, cap
    )
    n = int(found[0]["n"])
    return n, n >= cap
