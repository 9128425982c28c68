"""Personas, as in every controller test: the bureau clerk, director A, director B, a staff member of A
(staff_a), another staff member of A (staff_a2); each signs in for real (session cookie or API token)."""

from __future__ import annotations

from dataclasses import dataclass

from litestar.testing import AsyncTestClient

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


async def persona_client(app, persona: Persona, *, via: str = "session") -> AsyncTestClient:
    client = AsyncTestClient(app=app)
    await client.__aenter__()
    client.follow_redirects = False
    if via == "token":
        token = await services.create_token(username=persona.username)
        client.headers["Authorization"] = f"Bearer {token}"
    else:
        session = await services.login(username=persona.username, password=PASSWORD)
        client.cookies.set(SESSION_COOKIE, session.cookie)
        client.headers["X-CSRF-Token"] = session.csrf_token
    return client
