"""Kept state (issue 12): after any sequence of events, what is kept equals what the events say.

The resident row, the resident_state intervals and the economy totals are written in the transaction of the
event or line; verify_kept_state() recomputes each from its source rows.
"""

import asyncio
import datetime as dt
import importlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eldercare import db
from eldercare.county.tables import Home
from eldercare.demo import load_demo
from eldercare.errors import DomainError
from eldercare.residents import rules, services
from eldercare.residents.kept import verify_kept_state
from eldercare.residents.sql import STATE_ON
from tests.factories import id_number, make_economy_line
from tests.residents.helpers import actor

D = dt.date
START = D(2025, 1, 1)
TODAY = D(2026, 6, 1)
PLAYED: list[int] = []
MIGRATION = importlib.import_module("eldercare.piccolo_migrations.eldercare_2026_12_01t21_47_00_000000")

steps = st.lists(
    st.tuples(
        st.sampled_from(rules.EVENT_KINDS),
        st.sampled_from([0, 0, 1, 5, 40]),  # days after the previous event: same-day events are common
        st.sampled_from(rules.MODES),
        st.sampled_from(["a", "b"]),
        st.sampled_from(rules.CARE_LEVELS),
        st.sampled_from(rules.STATUSES),
    ),
    max_size=8,
)


async def _events_of(resident_id: int) -> list[rules.Event]:
    rows = await db.fetch(
        "SELECT seq, dated_on, status_after, mode_after, home_after, care_level_after FROM resident_event "
        "WHERE resident = ? ORDER BY seq",
        resident_id,
    )
    return [
        rules.Event(r["seq"], services._as_date(r["dated_on"]),
                    rules.State(r["status_after"], r["mode_after"], r["home_after"], r["care_level_after"]))
        for r in rows
    ]  # fmt: skip


async def _kept_on(resident_id: int, on: dt.date) -> rules.State | None:
    rows = await db.fetch(f"SELECT * FROM ({STATE_ON}) s WHERE s.resident = ?", on, on, resident_id)
    assert len(rows) <= 1
    if not rows:
        return None
    r = rows[0]
    return rules.State(r["status"], r["mode"], r["home"], r["care_level"])


async def _play(county, mode: str, plan: list[tuple]) -> None:
    bureau = actor(county, "bureau")
    homes = {"a": county.home_a, "b": county.home_b}
    on = START
    async with db.write(bureau) as w:  # every example admits one more person into the same county: room for all
        for home_id in homes.values():
            await w.update(Home, home_id, beds=1000)
    row = await services.admit_resident(
        actor=bureau, id_number=id_number(), name="张秀英", township_code="360827100", mode=mode,
        home_id=county.home_a if mode == "centralized" else None, on=on, today=TODAY,
    )  # fmt: skip
    for kind, days, new_mode, home, care_level, status in plan:
        on = min(on + dt.timedelta(days=days), TODAY)
        try:
            await services.record_event(
                actor=bureau, resident_id=row["id"], kind=kind, on=on, reason="随机变动", today=TODAY,
                mode=new_mode, home_id=homes[home], care_level=care_level, status=status,
            )  # fmt: skip
        except DomainError:
            pass  # refused events write nothing, kept state included
    events = await _events_of(row["id"])
    PLAYED.append(len(events))
    dates = sorted({e.dated_on + dt.timedelta(days=k) for e in events for k in (-1, 0, 1)})
    for day in dates:
        assert await _kept_on(row["id"], day) == rules.state_on(events, day), day
    resident = (await db.fetch("SELECT status, mode, home, care_level FROM resident WHERE id = ?", row["id"]))[0]
    assert rules.State(resident["status"], resident["mode"], resident["home"], resident["care_level"]) == (
        rules.state_on(events, TODAY)
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mode=st.sampled_from(rules.MODES), plan=steps)
def test_kept_state_equals_the_state_rebuilt_from_random_events(county, mode, plan):
    async def run():
        try:
            await _play(county, mode, plan)
        finally:
            await db.stop()

    asyncio.run(run())


def test_the_random_sequences_reach_several_events():
    assert PLAYED and max(PLAYED) >= 3  # runs after the property test above (file order)


def test_nothing_differs_after_the_random_events(county):
    async def run():
        try:
            await _play(county, "centralized", [("transfer", 0, "dispersed", "a", "full", "active"),
                                                ("care_level", 0, "dispersed", "a", "full", "active"),
                                                ("suspend", 3, "dispersed", "a", "full", "active")])  # fmt: skip
            await make_economy_line(home=county.home_a, dated_on=D(2026, 2, 3), kind="income", amount_fen=1234)
            return await verify_kept_state()
        finally:
            await db.stop()

    assert asyncio.run(run()) == []


async def test_a_kept_figure_that_drifts_is_reported(county):
    row = await services.admit_resident(
        actor=actor(county, "bureau"), id_number=id_number(), name="李四", township_code="360827100",
        mode="dispersed", on=START, today=TODAY,
    )  # fmt: skip
    await make_economy_line(home=county.home_a, dated_on=D(2026, 2, 3), kind="income", amount_fen=1234)
    assert await verify_kept_state() == []
    async with db.write(None) as w:
        await w.fetch("UPDATE resident SET care_level = 'full' WHERE id = ?", row["id"])
        await w.fetch("UPDATE resident_state SET status = 'exited' WHERE resident = ?", row["id"])
        await w.fetch("UPDATE economy_total SET amount_fen = amount_fen + 1")
    checks = sorted({f["check"] for f in await verify_kept_state()})
    assert checks == ["economy_total", "resident_row_state", "resident_state_interval"]


async def test_the_migration_backfills_the_kept_tables_of_a_demo_database(database):
    """The demo county's history, with the kept tables emptied, is rebuilt by the migration's backfill."""
    await load_demo()
    before = await db.fetch("SELECT COUNT(*) AS n FROM resident_state")
    async with db.write(None) as w:
        await w.fetch("DELETE FROM resident_state")
        await w.fetch("DELETE FROM economy_total")
        engine = "sqlite" if db.is_sqlite() else "postgres"
        await w.fetch(MIGRATION.BACKFILL_STATE)
        await w.fetch(MIGRATION.BACKFILL_TOTAL.replace("{year}", MIGRATION.YEAR[engine].replace("{col}", "dated_on")))
    after = await db.fetch("SELECT COUNT(*) AS n FROM resident_state")
    assert after == before and int(after[0]["n"]) > 1000
    assert await verify_kept_state() == []
