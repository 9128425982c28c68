"""Work over every county on every core: `in_workers(per_county, at_a_time)` for the command line.

One Python process runs its Python on one core at a time, however many counties it runs concurrently, so
a job, a verify or a build over a province of county stores uses `at_a_time` worker processes, each taking
its share of the counties (every `at_a_time`-th, in code order) one after another, each county in its own
store. The workers are forked before this process starts any thread or opens any connection (call it
first thing, outside an event loop); each worker opens its own connections. The answers come back in code
order, and a county whose work raised answers `Failed` with the message, never stopping the others.

`per_county(code)` must be picklable (a module-level coroutine function, or a functools.partial of one) and
its answer too.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import logging
import multiprocessing
import os
import signal
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, TypeVar

from eldercare import db

T = TypeVar("T")
log = logging.getLogger("eldercare")
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Failed:
    """What a county's work raised, as text (an exception does not always survive the trip back)."""

    error: str
    domain: bool  # a DomainError (a refusal with a Chinese message), not a fault


def error_text(exc: BaseException) -> str:
    from eldercare.errors import DomainError

    if isinstance(exc, DomainError):
        return exc.detail
    return f"{type(exc).__name__}: {exc}"[:2000]


def in_workers(
    per_county: Callable[[str | None], Awaitable[T]], at_a_time: int, only: str | None = None
) -> list[tuple[str | None, T | Failed]]:
    """`per_county(code)` for every county (or `only`), `at_a_time` processes at once; a database of one
    county (or `at_a_time` 1, or `only`) runs here, in this process."""
    if at_a_time <= 1 or only is not None:
        return asyncio.run(db.started(each_county(per_county, 1, only=only)))
    with ProcessPoolExecutor(max_workers=at_a_time, mp_context=multiprocessing.get_context("fork"),
                             initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:  # fmt: skip
        warm = [pool.submit(int) for _ in range(at_a_time)]  # fork them all now, before any thread starts here
        targets = asyncio.run(db.started(_targets()))
        if len(targets) <= 1:
            return asyncio.run(db.started(each_county(per_county, 1, targets=targets)))
        wait(warm)
        shares = [targets[i::at_a_time] for i in range(at_a_time)]
        answers = dict(pair for share in pool.map(_share_in_worker, [per_county] * at_a_time, shares)
                       for pair in share)  # fmt: skip
    return [(code, answers[code]) for code, _store in targets]


async def each_county(
    per_county: Callable[[str | None], Awaitable[T]],
    at_a_time: int,
    *,
    only: str | None = None,
    targets: list[tuple[str | None, str]] | None = None,
) -> list[tuple[str | None, T | Failed]]:
    """In this process and event loop (the scheduler's, a test's): `per_county(code)` in each county's store,
    `at_a_time` counties at once (one county's SQL runs in its connection's thread while another's Python
    works), answers in code order."""
    from eldercare import stores
    from eldercare.errors import DomainError

    gate = asyncio.Semaphore(max(1, at_a_time))

    async def one(code: str | None, store: str) -> T | Failed:
        async with gate:
            with stores.use(store, code):
                try:
                    return await per_county(code)
                except Exception as exc:  # noqa: BLE001 - one county's trouble is its own answer
                    if not isinstance(exc, DomainError):  # a fault: its traceback goes to the log, here
                        log.exception("county %s", code)
                    return Failed(error_text(exc), isinstance(exc, DomainError))

    targets = targets if targets is not None else await _targets(only)
    answers = await asyncio.gather(*(one(code, store) for code, store in targets))
    return list(zip((code for code, _ in targets), answers, strict=True))


def _die_with_parent(parent: int) -> None:
    """A worker ends when the command does, even by kill -9: the kernel sends it SIGKILL (Linux), so no
    orphan goes on with a county's period that the lease will hand to the next run."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the worker still ends when its pipe to the command closes
        return
    if os.getppid() != parent:  # the command died before the call above
        os._exit(1)


async def _targets(only: str | None = None) -> list[tuple[str | None, str]]:
    from eldercare.county.directory import county_stores

    return await county_stores(only)


def _share_in_worker(
    per_county: Callable[[str | None], Awaitable[Any]], share: list[tuple[str | None, str]]
) -> list[tuple[str | None, Any]]:
    return asyncio.run(db.started(each_county(per_county, 1, targets=share)))
