"""`make screenshots`: the bureau's, a director's and a staff member's main pages at 1366 px and 375 px, into
docs/screenshots/, from a fresh demo county served by a real `eldercare serve` (or `--base URL` to shoot a
server already running the demo)."""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, log_in, running_server

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
PAGES = [
    # (file name, account, path)
    ("bureau-county", "bureau", "/county"),
    ("bureau-dashboard", "bureau", "/dashboard"),
    ("bureau-home-hub", "bureau", "/homes/1"),
    ("bureau-residents", "bureau", "/residents"),
    ("director-home", "director01", "/homes/1"),
    ("director-admissions", "director01", "/admissions"),
    ("staff-me", "staff001", "/me"),
]
WIDTHS = {"desktop": 1366, "phone": 375}


def shoot(base: str, only: str = "") -> list[Path]:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    made = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width_name, width in WIDTHS.items():
            for account in dict.fromkeys(p[1] for p in PAGES):
                context = browser.new_context(base_url=base, viewport={"width": width, "height": 900}, locale="zh-CN",
                                              device_scale_factor=1, is_mobile=width < 500)  # fmt: skip
                page = context.new_page()
                log_in(page, account)
                for name, who, path in PAGES:
                    if who != account or (only and only not in name):
                        continue
                    page.goto(path)
                    page.wait_for_load_state("networkidle")
                    target = OUT / f"{name}-{width_name}.png"
                    page.screenshot(path=str(target), full_page=True)
                    made.append(target)
                context.close()
        browser.close()
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="", help="an already running server with the demo county")
    parser.add_argument("--only", default="", help="only the pages whose name contains this")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        base = args.base or stack.enter_context(running_server("screenshots")).base
        for path in shoot(base, args.only):
            print(path.relative_to(OUT.parents[1]))


if __name__ == "__main__":
    main()
