"""Giving memory back to the system after a big piece of work (a 150,000-row import or export).

Python frees the work's objects as soon as it ends, but glibc keeps the freed heap (in the worker thread's own
malloc arena, too) for later use, so the server's RSS stayed at the work's peak. `malloc_trim(0)` returns the
free pages of every arena. Elsewhere than glibc it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools


@functools.cache
def _trim():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def give_back() -> None:
    trim = _trim()
    if trim is not None:
        trim(0)
