"""Signing in through the real login form, from a chosen client address."""

from __future__ import annotations

import re

import httpx

from tests.personas import asgi_client


def client_from(app, address: str = "127.0.0.1") -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(address, 50000)),
                             base_url="http://testserver.local", follow_redirects=False)  # fmt: skip


async def login_form(client: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    page = await client.get("/login")
    token = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)
    return await client.post("/login", data={"username": username, "password": password, "_csrf": token})


__all__ = ["asgi_client", "client_from", "login_form"]
