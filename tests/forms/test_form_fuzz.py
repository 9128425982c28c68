"""A fuzzer for the page forms (Schemathesis sees only the JSON API): every POST page route, as the bureau and
as a director, signed in with a session and its CSRF token, gets random and hostile values for every field its
forms have (a field left out, blank, repeated with different values, far too long, a date in year 1, `1e9`,
markup, control characters …). No answer may be a 5xx.

The fields come from the forms the pages really render (parsed from their HTML), so a new form is fuzzed
without touching this file; a POST route whose form is not on the pages visited gets every field name seen.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eldercare import db
from eldercare.auth import services as auth
from eldercare.auth.middleware import LOGIN_CSRF_COOKIE, SESSION_COOKIE
from tests.factories import make_admission, make_resident, make_rubric, make_trust_survey
from tests.personas import PASSWORD, asgi_client

HOSTILE = ["", " ", "abc", "-1", "0", "1", "1e9", "9" * 40, "1.5", "NaN", "-0", "１２", "2025-13-45", "0001-01-02",
           "9999-12-31", "2025-02-29", "2025-01-01", "2025", "2025-01", "99999-01", "yes", "on", "true",
           "<script>alert(1)</script>", "'; DROP TABLE resident;--", "\x00", "\u202e", "x" * 3000, "null",
           "centralized", "self_care", "excellent", "360827100", "staff", "resident"]  # fmt: skip
# Not fuzzed: the import takes a multipart upload (tests/residents/test_excel.py); signing out would end the
# personas' sessions (tests/foundation/test_login.py). The login forms are fuzzed with their own form token; the
# jobs page's 立即运行 claims its runs, but the runs themselves do not start here (tests/jobs runs them).
SKIP = re.compile(r"^/(logout|residents/import)")
LOGIN_TOKEN = "fuzz-login-form-token"
LOGIN_FORMS = {"/login/code": {"code": "123456"}}


class _Forms(HTMLParser):
    """Every <form method=post>: its action and its fields (name → the value the page put there)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._current: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._current = {}
            self.forms.append((a.get("action") or "", self._current))
        elif tag in ("input", "select", "textarea") and self._current is not None and a.get("name"):
            if a["name"] != "_csrf":
                self._current.setdefault(a["name"], a.get("value") or "")
        elif tag == "option" and self._current is not None and a.get("value"):
            last = next(reversed(self._current), None)
            if last is not None and not self._current[last]:
                self._current[last] = a["value"]

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


SEEN: dict[str, dict] = {}


async def _discover(app, county) -> dict:
    """Data to act on, a session per persona, and every form the pages render."""
    home = county.home_a
    resident = await make_resident(township=county.township_a, home=home)
    admission = await make_admission(township=county.township_a, home=home)
    await make_rubric(year=2025, items=3)
    await make_trust_survey(home=home, year=2025, round_no=1, dated_on=dt.date(2025, 3, 1))
    staff = county.staff_ids["staff_a"]
    pages = ["/residents/", "/residents/new", f"/residents/{resident}", "/admissions/", f"/admissions/{admission}",
             f"/homes/{home}/staff", f"/homes/{home}/assessments?year=2025", f"/homes/{home}/trust-surveys",
             f"/staff/{staff}", f"/homes/{home}/economy?year=2025", f"/homes/{home}/contributions/2025",
             "/ratings/2025/rubric", f"/ratings/2025/homes/{home}", "/payments/standards?year=2025", "/fund",
             "/payments/batches", "/years/2025", "/census", "/reviews", "/login", "/jobs", "/account"]  # fmt: skip
    personas, forms = {}, {}
    for name in ("bureau", "director_a"):
        session = await auth.login(username=county.personas[name].username, password=PASSWORD)
        personas[name] = (session.cookie, session.csrf_token)
        async with asgi_client(app) as client:
            client.cookies.set(SESSION_COOKIE, session.cookie)
            for path in pages:
                parser = _Forms()
                parser.feed((await client.get(path)).text)
                for action, fields in parser.forms:
                    forms.setdefault(action.split("?")[0], {}).update(fields)
    ids = {"home_id": home, "resident_id": resident, "admission_id": admission, "staff_id": staff, "year": 2025,
           "line_id": 1, "period": "2025-01", "township_id": county.township_a, "name": "monthly-payments"}  # fmt: skip
    forms.update(LOGIN_FORMS)
    every_field = {k: v for fields in forms.values() for k, v in fields.items()}
    routes = {}
    for route in app.routes:
        if "POST" not in getattr(route, "methods", ()) or route.path.startswith("/api/") or SKIP.match(route.path):
            continue
        path = re.sub(r"\{(\w+):\w+\}", lambda m: str(ids.get(m.group(1), 1)), route.path)
        routes[path] = forms.get(path) or forms.get(path.rstrip("/") or "/") or every_field
    assert len(routes) >= 20 and sum(1 for p in routes if p in forms) >= 12, sorted(forms)
    assert {"/login", "/login/code", "/jobs/monthly-payments/run", "/account/totp"} <= set(routes) & set(forms)
    await db.stop()
    return {"personas": personas, "routes": routes}


def _value(field_default: str) -> st.SearchStrategy[list[str]]:
    """One field's values: as the page had it, left out, one hostile value, or repeated with two."""
    one = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40), st.integers(-(10**20), 10**20).map(str))
    return st.one_of(st.just([field_default]), st.just([]), one.map(lambda v: [v]), st.lists(one, min_size=2,
                                                                                             max_size=3))


@pytest.fixture
def fuzz_target(app, county, monkeypatch):
    from jobs import runs

    async def claimed_only(job, run) -> None:
        return None

    monkeypatch.setattr(runs, "execute", claimed_only)
    SEEN.clear()
    SEEN.update(asyncio.run(_discover(app, county)))
    return app


async def _post(app, persona: tuple[str, str], path: str, pairs: list[tuple[str, str]], htmx: bool) -> int:
    cookie, csrf = persona
    try:
        async with asgi_client(app) as client:
            client.cookies.set(SESSION_COOKIE, cookie)
            if path.startswith("/login"):  # the login forms carry their own token (a cookie of the login page)
                client.cookies.set(LOGIN_CSRF_COOKIE, LOGIN_TOKEN)
                pairs = [(k, LOGIN_TOKEN if k == "_csrf" else v) for k, v in pairs]
            headers = {"X-CSRF-Token": csrf, "Content-Type": "application/x-www-form-urlencoded"}
            if htmx:
                headers["HX-Request"] = "true"
            answer = await client.post(path, content=urlencode(pairs).encode(), headers=headers)
            return answer.status_code
    finally:
        await db.stop()


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_no_page_form_answers_a_server_error_whatever_is_posted(fuzz_target, data):
    persona = data.draw(st.sampled_from(sorted(SEEN["personas"])), label="persona")
    path = data.draw(st.sampled_from(sorted(SEEN["routes"])), label="route")
    pairs: list[tuple[str, str]] = [("_csrf", SEEN["personas"][persona][1])]
    for name, default in sorted(SEEN["routes"][path].items()):
        pairs += [(name, v) for v in data.draw(_value(default), label=name)]
    htmx = data.draw(st.booleans(), label="htmx")
    status = asyncio.run(_post(fuzz_target, SEEN["personas"][persona], path, pairs, htmx))
    assert status < 500, (persona, path, pairs)
