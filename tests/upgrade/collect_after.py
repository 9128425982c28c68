"""Run in a subprocess against an upgraded database: print every API figure (tests/upgrade/figures.py) as JSON."""

import asyncio
import json
import sys

import httpx

from eldercare import db
from eldercare.app import create_app
from eldercare.auth.services import create_token
from eldercare.county.directory import list_counties
from tests.upgrade.figures import collect


async def main() -> None:
    await db.start()
    token = await create_token(username="bureau")
    counties = await list_counties()
    app = create_app()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://upgrade") as client:
        client.headers["Authorization"] = f"Bearer {token}"
        figures = await collect(client)
    await db.stop()
    json.dump({"counties": counties, "figures": figures}, sys.stdout, ensure_ascii=False, default=str)


asyncio.run(main())
