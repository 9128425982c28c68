"""Province scale in one store (issue 12): build it set-based, then time each page beside the demo county.

    .venv/bin/python -m bench.province [--persons 150000 --homes 2000 --staff 20000 --lines 2000000]
    .venv/bin/python -m bench.province --quick          # a tiny size, in the suite (tests/bench)

Two SQLite stores in the same run: the demo county (1,600 persons) and one store filled by `build_store()`
with the product's schema (migrated first, so the kept-state triggers fill resident_state and
economy_total as the rows go in). Each store is served by a real `eldercare serve --no-scheduler`; every
page and API list is timed with one client (median of `--repeat`) and with 32 concurrent clients
(p50/p99 over `--rounds` rounds). The daily checks and verify_kept_state() run in-process against each
store. Results go to bench/results.json (and the table in docs/performance.md is copied from the output).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SURNAMES, SURNAME_INITIALS = "张王李刘陈杨赵黄周吴", "zwllcyzhzw"
GIVEN, GIVEN_INITIALS = "秀英兰华明国建福长发", "xylhmgjfcf"
NOW = "2026-06-01T00:00:00+00:00"


def _series(n: int) -> str:
    """A recursive CTE `n(i)` counting 1..n (bound as the first parameter)."""
    return "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "


def build_store(
    conn: sqlite3.Connection, *, persons: int, homes: int, staff: int, lines: int,
    townships: int | None = None, year: int = 2026,
) -> dict[str, Any]:  # fmt: skip
    """Fill the current (migrated, empty) SQLite store set-based: townships, homes, residents with their admit
    events (and a care-level change for one in ten), staff, two years of economy lines. Deterministic: every
    value is a function of the row number. Returns the counts and seconds taken."""
    started = time.perf_counter()
    townships = townships or max(1, homes * 4 // 5)
    centralized = persons * 2 // 5
    beds = centralized // homes + 10
    c = conn.cursor()
    c.execute(_series(townships) + "INSERT INTO township (code, name) "
              "SELECT printf('36%07d', i), printf('第%d乡镇', i) FROM n", (townships,))  # fmt: skip
    c.execute(_series(homes) + "INSERT INTO home (code, name, kind, township, beds) "
              "SELECT printf('H%05d', i), printf('第%d敬老院', i), 'nursing_home', 1 + (i - 1) % ?, ? FROM n",
              (homes, townships, beds))  # fmt: skip
    c.execute(
        _series(persons) + """
        INSERT INTO resident (id_number, name, name_initials, sex, birth_date, township, village, mode, home,
            care_level, status, admitted_on, status_on, last_review_on, created_at)
        SELECT printf('36%04d%04d%02d%02d%03dX', i % 10000, 1930 + i % 36, 1 + i % 12, 1 + i % 28, i / 10000),
               substr(?, 1 + i % 10, 1) || substr(?, 1 + (i / 10) % 10, 1) || substr(?, 1 + (i / 100) % 10, 1),
               substr(?, 1 + i % 10, 1) || substr(?, 1 + (i / 10) % 10, 1) || substr(?, 1 + (i / 100) % 10, 1),
               CASE WHEN i % 2 = 0 THEN 'M' ELSE 'F' END,
               printf('%04d-%02d-%02d', 1930 + i % 36, 1 + i % 12, 1 + i % 28), 1 + i % ?, '东村',
               CASE WHEN i <= ? THEN 'centralized' ELSE 'dispersed' END,
               CASE WHEN i <= ? THEN 1 + (i - 1) % ? ELSE NULL END,
               CASE i % 3 WHEN 0 THEN 'self_care' WHEN 1 THEN 'partial' ELSE 'full' END, 'active',
               date('2024-01-01', printf('+%d days', i % 600)), date('2024-01-01', printf('+%d days', i % 600)),
               date('2025-06-01', printf('+%d days', i % 300)), ?
        FROM n""",
        (persons, SURNAMES, GIVEN, GIVEN, SURNAME_INITIALS, GIVEN_INITIALS, GIVEN_INITIALS, townships,
         centralized, centralized, homes, NOW),
    )  # fmt: skip
    c.execute("""
        INSERT INTO resident_event (resident, seq, kind, dated_on, reason, status_after, mode_after, home_after,
            care_level_after, created_at, created_by)
        SELECT id, 1, 'admit', admitted_on, '纳入特困供养', 'active', mode, home, care_level, ?, NULL
        FROM resident ORDER BY id""", (NOW,))  # fmt: skip
    c.execute("""
        INSERT INTO resident_event (resident, seq, kind, dated_on, reason, status_after, mode_after, home_after,
            care_level_after, created_at, created_by)
        SELECT id, 2, 'care_level', '2026-03-01', '复评', 'active', mode, home,
               CASE care_level WHEN 'full' THEN 'partial' ELSE 'full' END, ?, NULL
        FROM resident WHERE id % 10 = 0 ORDER BY id""", (NOW,))  # fmt: skip
    c.execute("""UPDATE resident SET care_level = CASE care_level WHEN 'full' THEN 'partial' ELSE 'full' END,
                 status_on = '2026-03-01' WHERE id % 10 = 0""")  # fmt: skip
    c.execute(_series(staff) + """
        INSERT INTO staff (home, name, id_number, position, is_director, hired_on, left_on)
        SELECT 1 + (i - 1) % ?, substr(?, 1 + i % 10, 1) || substr(?, 1 + (i / 7) % 10, 1),
               printf('36%04d%04d0101%03d1', i % 10000, 1966 + i % 30, i / 10000),
               CASE WHEN i <= ? THEN '院长' ELSE '护理员' END, CASE WHEN i <= ? THEN 1 ELSE 0 END,
               date('2015-01-01', printf('+%d days', i % 3000)), NULL FROM n""",
              (staff, homes, SURNAMES, GIVEN, homes, homes))  # fmt: skip
    c.execute(_series(lines) + """
        INSERT INTO economy_line (home, dated_on, kind, category, amount_fen, in_kind, quantity, unit,
            unit_price_fen, note, reverses, created_at, created_by)
        SELECT 1 + i % ?, date(?, printf('+%d days', i % 700)),
               CASE WHEN i % 3 = 0 THEN 'expense' ELSE 'income' END,
               CASE i % 4 WHEN 0 THEN 'planting' WHEN 1 THEN 'livestock' WHEN 2 THEN 'rental' ELSE 'other' END,
               1000 + (i * 7919) % 90000, 0, '', '', NULL, '', NULL, ?, NULL FROM n""",
              (lines, homes, f"{year - 1}-01-01", NOW))  # fmt: skip
    conn.commit()
    c.execute("ANALYZE")
    return {"townships": townships, "homes": homes, "persons": persons, "staff": staff, "lines": lines,
            "seconds": round(time.perf_counter() - started, 1)}  # fmt: skip


# ---- serving and timing ------------------------------------------------------------------------------------


def _cli(url: str, *args: str, stdin: str | None = None) -> None:
    env = {**os.environ, "ELDERCARE_DATABASE_URL": url}
    env.pop("ELDERCARE_TEST_ENGINE", None)
    result = subprocess.run([sys.executable, "-m", "eldercare.cli", *args], env=env, cwd=ROOT, input=stdin,
                            capture_output=True, text=True, timeout=1800)  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"eldercare {' '.join(args)}: {result.stderr[-2000:]}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tokens(path: Path) -> dict[str, Any]:
    """Users and API tokens for the bench (written straight into the store, as `eldercare createuser` would)."""
    code = """
import asyncio, json, sys
from eldercare import db
from eldercare.auth import services
async def main():
    home = (await db.fetch("SELECT h.id, h.code FROM home h ORDER BY h.id LIMIT 1"))[0]
    director = (await db.fetch("SELECT id FROM staff WHERE home = ? AND is_director = ? ORDER BY id LIMIT 1",
                               home["id"], True))
    await services.create_user(actor=None, username="bench_bureau", password="bench-password", role="bureau")
    await services.create_user(actor=None, username="bench_director", password="bench-password",
                               role="director", home_code=home["code"],
                               staff_id=director[0]["id"] if director else None)
    out = {"home_id": home["id"],
           "bureau": await services.create_token(username="bench_bureau"),
           "director": await services.create_token(username="bench_director")}
    await db.stop()
    print(json.dumps(out))
asyncio.run(main())
"""
    env = {**os.environ, "ELDERCARE_DATABASE_URL": f"sqlite:///{path}"}
    env.pop("ELDERCARE_TEST_ENGINE", None)
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True,
                            timeout=300)  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def _deep_cursor(path: Path) -> str:
    """The keyset cursor of the row in the middle of the roster (a deep page)."""
    from eldercare.residents.roster import encode_cursor

    with sqlite3.connect(path) as conn:
        conn.row_factory = sqlite3.Row
        n = conn.execute("SELECT COUNT(*) FROM resident").fetchone()[0]
        row = conn.execute("SELECT id, name, name_initials FROM resident ORDER BY name_initials, name, id "
                           "LIMIT 1 OFFSET ?", (n // 2,)).fetchone()  # fmt: skip
    return encode_cursor(dict(row))


def measures(home_id: int, deep: str, year: int) -> list[tuple[str, str, str]]:
    """(name, who, path) of every timed page and API list."""
    return [
        ("county overview", "bureau", "/county"),
        ("roster, first page", "bureau", "/residents"),
        ("roster, a deep page (keyset)", "bureau", f"/residents?after={deep}"),
        ("roster search by name", "bureau", "/residents?q=%E5%BC%A0%E7%A7%80"),
        ("roster search by pinyin", "bureau", "/residents?q=zx"),
        ("director's home dashboard", "director", f"/homes/{home_id}/dashboard"),
        ("county economy table", "bureau", f"/economy?year={year}"),
        ("county dashboard", "bureau", "/dashboard"),
        ("residents API list", "bureau", "/api/v1/residents?limit=100"),
        ("residents API, keyset page", "bureau", f"/api/v1/residents?limit=100&after={deep}"),
        ("staff API list", "bureau", "/api/v1/staff?limit=100"),
    ]


async def _time(client, token: str, path: str, *, repeat: int) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"}
    first = await client.get(path, headers=headers)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        await client.get(path, headers=headers)
        times.append((time.perf_counter() - t) * 1000)
    return {"status": first.status_code, "bytes": len(first.content), "ms": round(statistics.median(times), 1)}


async def _concurrent(client, token: str, path: str, *, clients: int, rounds: int) -> dict[str, float]:
    headers = {"Authorization": f"Bearer {token}"}
    times: list[float] = []

    async def one() -> None:
        for _ in range(rounds):
            t = time.perf_counter()
            await client.get(path, headers=headers)
            times.append((time.perf_counter() - t) * 1000)

    await asyncio.gather(*(one() for _ in range(clients)))
    times.sort()
    return {"p50_ms": round(times[len(times) // 2], 1), "p99_ms": round(times[min(len(times) - 1,
            int(len(times) * 0.99))], 1)}  # fmt: skip


def _in_process(path: Path) -> dict[str, float]:
    """The daily checks and the kept-state check, timed in a child process on the store."""
    code = """
import asyncio, datetime as dt, json, time
from eldercare import db
from eldercare.auth.actor import Actor
from eldercare.residents.kept import verify_kept_state
from eldercare.residents.services import run_daily_checks
async def main():
    out = {}
    t = time.perf_counter()
    await run_daily_checks(actor=Actor(user_id=None, username="system", role="bureau"), on=dt.date(2026, 6, 1))
    out["daily checks"] = round((time.perf_counter() - t) * 1000, 1)
    t = time.perf_counter()
    out["kept-state differences"] = len(await verify_kept_state())
    out["verify kept state"] = round((time.perf_counter() - t) * 1000, 1)
    await db.stop()
    print(json.dumps(out))
asyncio.run(main())
"""
    env = {**os.environ, "ELDERCARE_DATABASE_URL": f"sqlite:///{path}"}
    env.pop("ELDERCARE_TEST_ENGINE", None)
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True,
                            timeout=1800)  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


async def _measure_store(path: Path, *, repeat: int, clients: int, rounds: int, year: int) -> dict[str, Any]:
    import httpx

    auth = _tokens(path)
    deep = _deep_cursor(path)
    port = _free_port()
    env = {**os.environ, "ELDERCARE_DATABASE_URL": f"sqlite:///{path}"}
    env.pop("ELDERCARE_TEST_ENGINE", None)
    log = open(path.parent / "serve.log", "w")  # noqa: SIM115
    server = subprocess.Popen([sys.executable, "-m", "eldercare.cli", "serve", "--no-scheduler", "--host",
                               "127.0.0.1", "--port", str(port)], env=env, cwd=ROOT, stdout=log,
                              stderr=subprocess.STDOUT)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    out: dict[str, Any] = {}
    try:
        async with httpx.AsyncClient(base_url=base, timeout=120,
                                     limits=httpx.Limits(max_connections=clients + 4)) as client:  # fmt: skip
            for _ in range(300):
                try:
                    await client.get("/login")
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
            for name, who, url in measures(auth["home_id"], deep, year):
                one = await _time(client, auth[who], url, repeat=repeat)
                if clients:
                    one.update(await _concurrent(client, auth[who], url, clients=clients, rounds=rounds))
                out[name] = one
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
    out.update({k: {"ms": v} for k, v in _in_process(path).items()})
    return out


def run(args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="eldercare-province-"))
    county, province = workdir / "county.sqlite3", workdir / "province.sqlite3"
    _cli(f"sqlite:///{county}", "migrate")
    _cli(f"sqlite:///{county}", "demo")
    _cli(f"sqlite:///{province}", "migrate")
    with sqlite3.connect(province) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=OFF")
        built = build_store(conn, persons=args.persons, homes=args.homes, staff=args.staff, lines=args.lines)
    print(f"built {built}", flush=True)
    results: dict[str, Any] = {"engine": "sqlite", "built": built, "sizes": vars(args), "measures": {}}
    scale = {}
    for label, path in (("county", county), ("province", province)):
        scale[label] = asyncio.run(_measure_store(path, repeat=args.repeat, clients=args.clients,
                                                  rounds=args.rounds, year=2026))  # fmt: skip
    for name in scale["province"]:
        results["measures"][name] = {"county": scale["county"].get(name), "province": scale["province"][name]}
    if not args.keep:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)
    return results


def table(results: dict[str, Any]) -> str:
    lines = ["| page or job | county (demo), 1 client | province, 1 client | ratio | province, 32 clients p50 / p99 |",
             "|---|---|---|---|---|"]  # fmt: skip
    for name, m in results["measures"].items():
        c, p = m["county"] or {}, m["province"]
        ratio = f"{p['ms'] / c['ms']:.2f}×" if c.get("ms") and "kept" not in name else ""
        conc = f"{p['p50_ms']} / {p['p99_ms']} ms" if "p50_ms" in p else ""
        unit = "" if "differences" in name else " ms"
        lines.append(f"| {name} | {c.get('ms', '')}{unit} | {p['ms']}{unit} | {ratio} | {conc} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=150_000)
    parser.add_argument("--homes", type=int, default=2_000)
    parser.add_argument("--staff", type=int, default=20_000)
    parser.add_argument("--lines", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--quick", action="store_true", help="a tiny size that runs in the test suite")
    parser.add_argument("--keep", action="store_true", help="keep the two SQLite files")
    parser.add_argument("--out", default=None, help="results file (default bench/results.json; none with --quick)")
    args = parser.parse_args(argv)
    if args.quick:
        args.persons, args.homes, args.staff, args.lines = 300, 6, 40, 2_000
        args.repeat, args.clients, args.rounds = 1, 2, 1
    out = args.out or (None if args.quick else str(ROOT / "bench" / "results.json"))
    del args.out
    results = run(args)
    print(table(results))
    if out:
        Path(out).write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n")
    return 0 if all(m["province"].get("status", 200) == 200 for m in results["measures"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
