"""Role × route: county A's users (bureau, director, staff) asking for county B's objects by path, query string
or body get a 4xx and never a word of B's data; nothing of B's is written."""

from __future__ import annotations

import re

from litestar.routes import HTTPRoute

from eldercare import stores
from eldercare.audit.tables import AuditLog

B_WORDS = ("芙蓉镇", "吴大爷", "孙院长", "周护理", "万安县")


def _routes(app, methods: set[str]) -> list[tuple[str, str]]:
    found = []
    for route in app.routes:
        if isinstance(route, HTTPRoute):
            found += [(m, route.path_format) for m in sorted(route.methods) if m in methods]
    return found


def _fill(path: str, b: dict[str, int]) -> str:
    values = {"id": b["home"], "home_id": b["home"], "resident_id": b["resident"], "staff_id": b["staff"],
              "on": "2026-03-01", "period": "2026-03", "year": 2026, "code": "360828100"}  # fmt: skip
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: str(values.get(m.group(1), b["resident"])), path)


async def test_county_a_never_reads_county_b(app, client_of, two_counties):
    b = two_counties.b
    paths = sorted({p for _, p in _routes(app, {"GET"}) if "{" in p and not p.startswith("/static")})
    assert len(paths) > 20
    queries = [f"?home_id={b['home']}", f"?home={b['home']}", f"?resident_id={b['resident']}",
               f"?staff_id={b['staff']}", "?township_code=360828100", "?county=360828"]  # fmt: skip
    for persona in ("bureau", "director_a", "staff_a"):
        for via in ("token", "session"):
            client = await client_of(persona, via=via)
            for path in paths:
                url = _fill(path, b)
                answer = await client.get(url)
                assert answer.status_code < 500, (persona, url, answer.text[:300])
                assert not any(w in answer.text for w in B_WORDS), (persona, url)
            for path in ("/api/v1/residents", "/api/v1/homes", "/api/v1/staff", "/residents", "/homes", "/county"):
                for query in queries:
                    answer = await client.get(path + query)
                    assert answer.status_code != 500
                    assert not any(w in answer.text for w in B_WORDS), (persona, path + query)


async def test_county_a_never_writes_county_b(app, client_of, two_counties):
    b = two_counties.b
    with stores.use(two_counties.b_store):
        audit_before = await AuditLog.count()
    routes = [(m, p) for m, p in _routes(app, {"POST", "PUT", "PATCH", "DELETE"}) if "{" in p]
    bodies = [{}, {"home_id": b["home"], "resident_id": b["resident"], "staff_id": b["staff"],
                   "on": "2026-03-01", "kind": "death", "reason": "x", "township_code": "360828100"}]  # fmt: skip
    for persona in ("bureau", "director_a"):
        client = await client_of(persona)
        for method, path in routes:
            for body in bodies:
                answer = await client.request(method, _fill(path, b), json=body)
                if path.startswith("/api/"):  # page forms: the form-fuzzing tests own their answers
                    assert answer.status_code < 500, (persona, method, path, answer.text[:300])
    with stores.use(two_counties.b_store):
        assert await AuditLog.count() == audit_before
