"""Where a county's books live: one store per county, chosen per request or job by a context variable.

A store is a SQLite file or a PostgreSQL schema holding the whole product schema. The *main* store (the
database named by ELDERCARE_DATABASE_URL) is also the directory: users, sessions, tokens, the login throttle
and the county list live there, and the first county of a deployment keeps its books there too, so a
single-county database is exactly what it was before counties existed. Every later county gets its own store:
`<main file stem>.counties/<code>.sqlite3` beside the main SQLite file, or the schema `c<code>` on PostgreSQL.

Every query of the product runs in the store of the current context (`current()`), set once per request by
the auth middleware from the actor's county (auth/scope.py `county_context`) and once per county by the jobs;
no query carries a county filter of its own. Ids are unique across stores: the n-th store's sequences start at
n × 10,000,000, so an id read in one county never names a row of another.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
from collections.abc import Awaitable, Callable, Iterator
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

MAIN = ""
NOWHERE = "-"
"""A city or province user who has not chosen a county: no county table may be read."""
ID_BLOCK = 10_000_000

_current: contextvars.ContextVar[tuple[str, str | None]] = contextvars.ContextVar(
    "eldercare_store", default=(MAIN, None)
)


def current() -> str:
    return _current.get()[0]


def current_county() -> str | None:
    """The code of the county whose store this is, when known (for the province's defaults)."""
    return _current.get()[1]


def set_current(store: str, county: str | None = None) -> contextvars.Token:
    return _current.set((store, county))


def reset(token: contextvars.Token) -> None:
    _current.reset(token)


@contextlib.contextmanager
def use(store: str, county: str | None = None) -> Iterator[None]:
    """Run the block in one store ("" = the main store and directory)."""
    token = _current.set((store, county))
    try:
        yield
    finally:
        _current.reset(token)


def main() -> contextlib.AbstractContextManager[None]:
    """The directory: users, sessions, tokens, throttle, counties."""
    return use(MAIN)


def store_name(store_no: int, code: str) -> str:
    return MAIN if store_no == 0 else f"c{code}"


def sqlite_path(main_path: str, store: str) -> str:
    if store == MAIN:
        return main_path
    stem, _ = os.path.splitext(main_path)
    return os.path.join(stem + ".counties", store.removeprefix("c") + ".sqlite3")


def in_main(fn: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """Decorate a service of the directory (users, sessions, tokens): it always runs in the main store."""

    @functools.wraps(fn)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        with use(MAIN):
            return await fn(*args, **kwargs)

    return wrapper
