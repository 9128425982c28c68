"""The API smoke test's own live server (it writes: it must not share the browser tests' database)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import Server, running_server


@pytest.fixture(scope="session")
def api_server() -> Iterator[Server]:
    with running_server("api-smoke") as live:
        yield live
