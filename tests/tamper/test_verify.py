"""Tamper evidence: a direct database edit of any money row or audit row is found by `eldercare verify` and
named; the database refuses UPDATE and DELETE of sealed rows; a clean demo county verifies clean; the chains
survive a backup and its restore and the upgrade of an existing database."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from eldercare import chain, db
from eldercare.demo import load_demo
from eldercare.verify import verify
from tests.conftest import ENGINE

ROOT = Path(__file__).resolve().parents[2]


async def raw(sql: str, *, drop_triggers_of: str | None = None) -> None:
    """What an attacker with database access does: drop the table's guard, then edit the row directly."""
    engine = db.get_engine()
    statements = []
    if drop_triggers_of:
        if ENGINE == "postgres":
            statements.append(f"DROP TRIGGER IF EXISTS {drop_triggers_of}_append_only ON {drop_triggers_of}")
        else:
            statements += [f"DROP TRIGGER IF EXISTS {drop_triggers_of}_append_only_update",
                           f"DROP TRIGGER IF EXISTS {drop_triggers_of}_append_only_delete"]  # fmt: skip
    statements.append(sql)
    if ENGINE == "postgres":
        import asyncpg

        conn = await asyncpg.connect(os.environ["ELDERCARE_DATABASE_URL"])
        try:
            for s in statements:
                await conn.execute(s)
        finally:
            await conn.close()
    else:
        with sqlite3.connect(engine.path) as conn:
            for s in statements:
                conn.execute(s)


async def refused(sql: str) -> bool:
    try:
        await raw(sql)
    except Exception as exc:  # sqlite3.IntegrityError / asyncpg RaiseError
        return "append-only" in str(exc)
    return False


@pytest.fixture
async def demo(database):
    await load_demo()
    await db.start()
    return database


def named(report, table: str, row_id: int) -> list[str]:
    return [p["kind"] for p in report["problems"] if p["table"] == table and p["id"] == row_id]


async def one(sql: str) -> int:
    return (await db.fetch(sql))[0]["id"]


async def test_the_demo_county_verifies_clean(demo):
    report = await verify()
    assert report["ok"], report["problems"][:5]
    assert report["chains"]["payment_line"]["rows"] > 1000
    assert all(c["head"] for c in report["chains"].values())


async def test_a_sealed_row_cannot_be_changed_or_deleted(demo):
    audit = await one("SELECT id FROM audit_log ORDER BY id LIMIT 1")
    line = await one("SELECT id FROM payment_line ORDER BY id LIMIT 1")
    entry = await one("SELECT id FROM fund_entry ORDER BY id LIMIT 1")
    assert await refused(f"UPDATE audit_log SET actor = 'x' WHERE id = {audit}")
    assert await refused(f"DELETE FROM audit_log WHERE id = {audit}")
    assert await refused(f"UPDATE payment_line SET amount_fen = amount_fen + 100000 WHERE id = {line}")
    assert await refused(f"UPDATE fund_entry SET row_hash = NULL WHERE id = {entry}")
    assert await refused(f"DELETE FROM payment_batch WHERE id = {await one('SELECT id FROM payment_batch LIMIT 1')}")


async def test_the_results_of_a_finalized_year_cannot_be_deleted(demo):
    await raw("UPDATE year_end SET status = 'finalized'")
    assert await refused("DELETE FROM year_end_home")
    assert await refused("DELETE FROM year_end_share")


TAMPERS = {
    "an audit row rewritten": ("audit_log", "SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 3",
                               "UPDATE audit_log SET actor = 'nobody' WHERE id = {id}", "hash_mismatch", 0),
    "an audit row deleted": ("audit_log", "SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 3",
                             "DELETE FROM audit_log WHERE id = {id}", "broken_link", 1),
    "+1,000 元 on a payment line": ("payment_line", "SELECT id FROM payment_line ORDER BY id LIMIT 1 OFFSET 7",
                                    "UPDATE payment_line SET amount_fen = amount_fen + 100000 WHERE id = {id}",
                                    "hash_mismatch", 0),
    "-50 元 on a fund inflow": ("fund_entry", "SELECT id FROM fund_entry WHERE kind = 'inflow' ORDER BY id LIMIT 1",
                                "UPDATE fund_entry SET amount_fen = amount_fen - 5000 WHERE id = {id}",
                                "hash_mismatch", 0),
    "+999.99 元 on an economy line": ("economy_line", "SELECT id FROM economy_line ORDER BY id LIMIT 1 OFFSET 5",
                                      "UPDATE economy_line SET amount_fen = amount_fen + 99999 WHERE id = {id}",
                                      "hash_mismatch", 0),
    "a batch total changed": ("payment_batch", "SELECT id FROM payment_batch ORDER BY id LIMIT 1",
                              "UPDATE payment_batch SET total_fen = total_fen + 1 WHERE id = {id}", "hash_mismatch", 0),
    "a year-end award changed": ("year_end_home", "SELECT id FROM year_end_home ORDER BY id LIMIT 1",
                                 "UPDATE year_end_home SET award_fen = award_fen + 100000 WHERE id = {id}",
                                 "hash_mismatch", 0),
    "a staff share changed": ("year_end_staff", "SELECT id FROM year_end_staff ORDER BY id LIMIT 1",
                              "UPDATE year_end_staff SET bonus_share_fen = bonus_share_fen + 1 WHERE id = {id}",
                              "hash_mismatch", 0),
    "a courtyard share changed": ("year_end_share", "SELECT id FROM year_end_share ORDER BY id LIMIT 1",
                                  "UPDATE year_end_share SET share_fen = share_fen + 1 WHERE id = {id}",
                                  "hash_mismatch", 0),
}  # fmt: skip


@pytest.mark.parametrize("case", list(TAMPERS))
async def test_a_direct_edit_is_found_and_the_row_named(demo, case):
    table, pick, edit, kind, named_offset = TAMPERS[case]
    row_id = await one(pick)
    await raw(edit.format(id=row_id), drop_triggers_of=table)
    report = await verify()
    assert not report["ok"]
    # a deleted row is named through the row after it, whose link to its predecessor no longer holds
    target = row_id if not named_offset else await one(f"SELECT MIN(id) AS id FROM {table} WHERE id > {row_id}")
    assert kind in named(report, table, target), report["problems"]
    assert all(p["what"] for p in report["problems"])


async def test_a_forged_audit_row_is_found(demo):
    await raw("INSERT INTO audit_log (at, user_id, actor, action, table_name, row_id, before, after) "
              "VALUES ('2026-11-30 10:00:00+00:00', NULL, 'bureau', 'delete', 'fund_entry', '1', NULL, NULL)")  # fmt: skip
    forged = await one("SELECT MAX(id) AS id FROM audit_log")
    # a later write through the system does not make the forged row its own
    from eldercare.auth.actor import SYSTEM

    async with db.write(SYSTEM) as w:
        await w.audit(table="test", row_id=1, action="note", before=None, after={"x": 1})
    report = await verify()
    assert named(report, "audit_log", forged) == ["unsealed"]
    assert len([p for p in report["problems"] if p["table"] == "audit_log"]) == 1  # the chain runs past it


async def test_a_batch_that_no_longer_adds_up_is_reconciled_and_named(demo):
    batch = await one("SELECT id FROM payment_batch WHERE total_fen > 0 ORDER BY id LIMIT 1")
    line = await one(f"SELECT id FROM payment_line WHERE batch = {batch} ORDER BY id LIMIT 1")
    await raw(f"UPDATE payment_line SET amount_fen = amount_fen + 100000 WHERE id = {line}",
              drop_triggers_of="payment_line")  # fmt: skip
    report = await verify()
    assert "batch_total" in named(report, "payment_batch", batch)
    assert "line_amount" in named(report, "payment_line", line)


async def test_a_fund_balance_that_does_not_follow_is_named(demo):
    entry = await one("SELECT id FROM fund_entry WHERE kind = 'inflow' ORDER BY id LIMIT 1 OFFSET 1")
    await raw(f"UPDATE fund_entry SET amount_fen = amount_fen - 5000 WHERE id = {entry}", drop_triggers_of="fund_entry")
    report = await verify()
    assert "fund_balance" in named(report, "fund_entry", entry)


async def test_a_finalized_years_economy_totals_are_reconciled(demo):
    await raw("UPDATE year_end SET status = 'finalized'")
    year = (await db.fetch("SELECT MIN(year) AS y FROM year_end_home"))[0]["y"]
    home = (await db.fetch(f"SELECT home FROM year_end_home WHERE year = {year} ORDER BY id LIMIT 1"))[0]["home"]
    line = await one(f"SELECT id FROM economy_line WHERE home = {home} AND kind = 'income' "
                     f"AND dated_on >= '{year}-01-01' AND dated_on <= '{year}-12-31' ORDER BY id LIMIT 1")  # fmt: skip
    await raw(f"UPDATE economy_line SET amount_fen = amount_fen + 99999 WHERE id = {line}",
              drop_triggers_of="economy_line")  # fmt: skip
    report = await verify()
    result = await one(f"SELECT id FROM year_end_home WHERE year = {year} AND home = {home}")
    assert "economy_totals" in named(report, "year_end_home", result)
    assert "hash_mismatch" in named(report, "economy_line", line)


async def test_the_daily_checks_keep_the_report_and_the_integrity_page_lists_it(client_for):
    import datetime as dt

    from eldercare.auth.actor import SYSTEM
    from eldercare.payments.services import add_inflow
    from eldercare.residents.services import run_daily_checks

    bureau = await client_for("bureau")
    assert "尚未运行账目核验" in (await bureau.get("/integrity")).text
    entry = await add_inflow(actor=SYSTEM, dated_on=dt.date(2026, 1, 5), amount_fen=1_000_000, source="县财政",
                             document_no="遂财〔2026〕1号")  # fmt: skip
    assert (await run_daily_checks(actor=SYSTEM, on=dt.date(2026, 1, 6)))["verify_problems"] == 0
    assert "未发现篡改或不符" in (await bureau.get("/integrity")).text
    await raw(f"UPDATE fund_entry SET amount_fen = 995000 WHERE id = {entry['id']}", drop_triggers_of="fund_entry")
    summary = await run_daily_checks(actor=SYSTEM, on=dt.date(2026, 1, 7))
    assert summary["verify_problems"] == 2  # its hash, and the balance after it
    page = (await bureau.get("/integrity")).text
    assert f"fund_entry #{entry['id']}" in page and "内容与哈希不符" in page and "余额应为" in page
    api = (await bureau.get("/api/v1/integrity")).json()
    assert [f["subject"] for f in api["findings"] if f["check"] == "tamper"] == [f"fund_entry #{entry['id']}"] * 2


def _cli(args, url, **kw):
    env = {**os.environ, "ELDERCARE_DATABASE_URL": url}
    return subprocess.run([sys.executable, "-m", "eldercare.cli", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=300, **kw)  # fmt: skip


@pytest.mark.skipif(ENGINE == "postgres", reason="the SQLite files of the command line")
def test_verify_exits_0_on_the_demo_then_1_after_a_tamper_and_the_chain_survives_backup(tmp_path):
    url = f"sqlite:///{tmp_path / 'county.sqlite3'}"
    assert _cli(["migrate"], url).returncode == 0
    assert _cli(["demo"], url).returncode == 0
    clean = _cli(["verify", "--json"], url)
    assert clean.returncode == 0, clean.stderr
    copy = tmp_path / "copy.sqlite3"
    assert _cli(["backup", str(copy)], url).returncode == 0
    restored = _cli(["verify", "--json"], f"sqlite:///{copy}")  # a restore is the copy put in place
    assert restored.returncode == 0 and restored.stdout == clean.stdout.replace(
        clean.stdout.split('"checked_at": ')[1].split(",")[0], restored.stdout.split('"checked_at": ')[1].split(",")[0])
    with sqlite3.connect(copy) as conn:
        conn.execute("DROP TRIGGER audit_log_append_only_update")
        conn.execute("UPDATE audit_log SET after = '{}' WHERE id = 2")
    broken = _cli(["verify"], f"sqlite:///{copy}")
    assert broken.returncode == 1
    assert "audit_log\t2\thash_mismatch" in broken.stderr


@pytest.mark.skipif(ENGINE == "postgres", reason="the SQLite upgrade; the PostgreSQL one runs in the pg test")
def test_an_existing_database_upgrades_and_its_rows_are_hashed(tmp_path):
    """A database loaded before the chains (their columns, triggers and migration row removed) migrates clean."""
    path = tmp_path / "old.sqlite3"
    url = f"sqlite:///{path}"
    assert _cli(["migrate"], url).returncode == 0
    assert _cli(["demo"], url).returncode == 0
    with sqlite3.connect(path) as conn:
        for c in chain.CHAINS:
            conn.execute(f"DROP TRIGGER {c.table}_append_only_update")
            conn.execute(f"DROP TRIGGER {c.table}_append_only_delete")
            conn.execute(f"DROP INDEX {c.table}_unsealed")
            conn.execute(f"ALTER TABLE {c.table} DROP COLUMN prev_hash")
            conn.execute(f"ALTER TABLE {c.table} DROP COLUMN row_hash")
        conn.execute("DROP TABLE verify_report")
        conn.execute("DELETE FROM migration WHERE name = '2026-12-01T21:53:17:000000'")
    assert _cli(["migrate"], url).returncode == 0
    result = _cli(["verify"], url)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM payment_line WHERE row_hash IS NULL").fetchone()[0] == 0


@pytest.mark.skipif(ENGINE != "postgres", reason="PostgreSQL: pg_dump and pg_restore")
async def test_the_chain_survives_a_postgresql_backup_and_restore(demo, tmp_path):
    import asyncpg

    url = os.environ["ELDERCARE_DATABASE_URL"]
    dump = tmp_path / "county.dump"
    result = await asyncio.to_thread(_cli, ["backup", str(dump)], url)
    assert result.returncode == 0, result.stderr
    name = f"eldercare_restore_{os.getpid()}"
    admin = await asyncpg.connect(url.rsplit("/", 1)[0] + "/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await admin.execute(f'CREATE DATABASE "{name}"')
        target = url.rsplit("/", 1)[0] + "/" + name
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={target}", str(dump)], check=True, timeout=120)
        verified = await asyncio.to_thread(_cli, ["verify"], target)
        assert verified.returncode == 0, verified.stderr
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
