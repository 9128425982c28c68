"""Personas, as in every controller test: the bureau clerk, director A, director B, a staff member of A
(staff_a), another staff member of A (staff_a2); each signs in for real (session cookie or API token)."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from eldercare.auth import services
from eldercare.auth.middleware import SESSION_COOKIE

PASSWORD = "correct-horse-9"


@dataclass
class Persona:
    username: str
    role: str
    user_id: int
    home_id: int | None = None
    staff_id: int | None = None


def asgi_client(app) -> httpx.AsyncClient:
    """A client on the test's own event loop, straight into the ASGI app (no lifespan, no portal thread:
    several personas can talk to one app in one test)."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver.local",
                             follow_redirects=False)  # fmt: skip


async def persona_client(app, persona: Persona, *, via: str = "session") -> httpx.AsyncClient:
    client = asgi_client(app)
    await client.__aenter__()
    if via == "token":
        token = await services.create_token(username=persona.username)
        client.headers["Authorization"] = f"Bearer {token}"
    else:
        session = await services.login(username=persona.username, password=PASSWORD)
        client.cookies.set(SESSION_COOKIE, session.cookie)
        client.headers["X-CSRF-Token"] = session.csrf_token
    return client
