"""Browser tests: a real `eldercare serve` on a fresh migrated SQLite file with the demo county, driven by
Playwright through Debian's Chromium (/usr/bin/chromium; never a downloaded browser).

Outside CI a missing chromium or a Playwright driver that cannot start skips; with CI=true it fails.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
DEMO_PASSWORD = "eldercare2026"


def pytest_collection_modifyitems(config, items):
    """Browser tests run last: Playwright's sync API keeps its event loop marked as running in the main thread
    while the session-scoped browser is open, and asyncio.run() (the database template fixture) refuses that."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _eldercare_command() -> list[str]:
    script = Path(sys.executable).with_name("eldercare")
    return [str(script)] if script.exists() else [sys.executable, "-m", "eldercare.cli"]


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"eldercare serve exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"eldercare serve did not answer {url} in {seconds:.0f} s:\n{log.read_text()[-3000:]}")


@dataclass(frozen=True)
class Server:
    base: str
    env: dict[str, str]

    def eldercare(self, *args: str, stdin: str | None = None) -> str:
        """Run `eldercare ARGS` on this server's database (`stdin` fed to it); its standard output."""
        done = subprocess.run([*_eldercare_command(), *args], env=self.env, cwd=ROOT, check=True, input=stdin,
                              capture_output=True, text=True, timeout=300)  # fmt: skip
        return done.stdout


@contextmanager
def running_server(name: str, database_url: str | None = None) -> Iterator[Server]:
    """A real `eldercare serve` on a fresh database (a new SQLite file in WAL unless given another, e.g. an
    empty PostgreSQL database), migrated, with the demo county loaded."""
    workdir = Path(tempfile.mkdtemp(prefix=f"eldercare-{name}-"))
    env = {**os.environ, "ELDERCARE_DATABASE_URL": database_url or f"sqlite:///{workdir / 'live.sqlite3'}"}
    env.pop("ELDERCARE_TEST_ENGINE", None)
    port = _free_port()
    server = Server(base=f"http://127.0.0.1:{port}", env=env)
    server.eldercare("migrate")
    server.eldercare("demo")
    # the readers: a city and a province user who look into the demo county (read only)
    server.eldercare("createuser", "city", "--role", "city", "--counties", "360827", "--password-stdin",
                     stdin=DEMO_PASSWORD + "\n")  # fmt: skip
    server.eldercare("createuser", "province", "--role", "province", "--province", "36", "--password-stdin",
                     stdin=DEMO_PASSWORD + "\n")  # fmt: skip
    log = workdir / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [*_eldercare_command(), "serve", "--no-scheduler", "--host", "127.0.0.1", "--port", str(port)],
            env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        _wait_until_up(server.base + "/login", process, log)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """The base URL of the browser tests' server."""
    with running_server("browser") as live:
        yield live.base


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
    except Exception as exc:  # the driver is a Node process shipped in the wheel; it may fail to start
        skip_or_fail(f"the Playwright driver cannot start: {exc}")
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as exc:
        playwright.stop()
        skip_or_fail(f"chromium cannot start under Playwright: {exc}")
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def page(browser, server):
    """A fresh browser context (no cookies) with a desktop viewport; the base URL is the server's."""
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser, server):
    """The same at 375 px wide (a phone)."""
    context = browser.new_context(
        base_url=server,
        viewport={"width": 375, "height": 740},
        locale="zh-CN",
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    """Keep a screenshot in test-artifacts/ (git-ignored) to look at after the run."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login")
    page.fill("#f-username", username)
    page.fill("#f-password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")
