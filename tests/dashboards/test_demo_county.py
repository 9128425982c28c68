"""The dashboards and every report build over the demo county (the data people will first see)."""

import datetime as dt

from eldercare.auth.actor import Actor
from eldercare.dashboards import reports, services
from eldercare.demo import load_demo
from eldercare.reports.excel import write_workbook
from eldercare.residents.tables import Resident

BUREAU = Actor(user_id=1, username="bureau", role="bureau", display_name="县局")


async def test_the_demo_county_dashboard_matches_the_current_roster(database):
    await load_demo()
    on = dt.date(2026, 11, 29)
    d = await services.county_dashboard(actor=BUREAU, on=on)
    assert d["totals"]["total"] == await Resident.count().where(
        (Resident.status == "active") & (Resident.admitted_on <= on)
    )
    assert len(d["homes"]) == 26 and d["beds"]["beds"] == 1600
    for key in reports.REPORTS:
        report = await reports.build(actor=BUREAU, key=key, on=on, year=2026)
        assert write_workbook(report)[:2] == b"PK"  # an xlsx is a zip
