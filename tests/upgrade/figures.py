"""Every figure a county reads through the API contract (../shared/api.md), as one JSON-able dict.

Run by the previous release (0.1, commit bcb86d7) on its demo database to make `release_0_1_figures.json.gz`,
and by the upgrade test on the same database after `eldercare migrate`: the two must be equal.
"""

from __future__ import annotations

from typing import Any

import httpx

YEARS = (2025, 2026)
PERIODS = [f"{y}-{m:02d}" for y in YEARS for m in range(1, 13)]


async def _all(client: httpx.AsyncClient, path: str) -> list[Any]:
    items: list[Any] = []
    while True:
        sep = "&" if "?" in path else "?"
        page = (await client.get(f"{path}{sep}limit=500&offset={len(items)}")).json()
        items.extend(page["items"])
        if not page["items"] or len(items) >= page["total"]:
            return items


async def collect(client: httpx.AsyncClient) -> dict[str, Any]:
    out: dict[str, Any] = {}
    out["townships"] = (await client.get("/api/v1/townships")).json()
    homes = await _all(client, "/api/v1/homes")
    out["homes"] = homes
    out["residents"] = await _all(client, "/api/v1/residents")
    out["staff"] = await _all(client, "/api/v1/staff")
    for on in ("2025-01-01", "2025-06-30", "2026-01-01", "2026-11-01"):
        out[f"roster {on}"] = (await client.get(f"/api/v1/residents/roster?on={on}")).json()
    for year in YEARS:
        out[f"standards {year}"] = (await client.get(f"/api/v1/standards/{year}")).json()
        out[f"ledger {year}"] = (await client.get(f"/api/v1/fund/ledger?year={year}")).json()
        out[f"rubric {year}"] = (await client.get(f"/api/v1/rubrics/{year}")).json()
        out[f"ranking {year}"] = (await client.get(f"/api/v1/years/{year}/ranking")).json()
        out[f"staff-pay {year}"] = (await client.get(f"/api/v1/years/{year}/staff-pay")).json()
        for home in homes:
            out[f"economy {home['code']} {year}"] = (
                await client.get(f"/api/v1/homes/{home['id']}/economy/{year}")
            ).json()
    for period in PERIODS:
        answer = await client.get(f"/api/v1/payments/batches/{period}")
        out[f"batch {period}"] = answer.json() if answer.status_code == 200 else answer.status_code
    return out
