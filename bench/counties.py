"""A province of county stores against one county: does a county's page cost what it shows?

Builds two databases with the product's own demo loader (deterministic, set-based inserts): the demo county
alone, and a province of N counties (`eldercare demo --counties N`: 遂川县, the rest of 吉安市, then made-up counties
of 江西省 — 100 counties hold about 155,000 supported persons, 2,600 homes, 8,200 staff). Then, against real
`eldercare serve --no-scheduler` processes (one, or two behind a small round-robin proxy with one
`eldercare scheduler` beside them), it measures each page at county scale and at province scale (the same
county's bureau, and a county in the middle), with one client and with 32, and the province's roll-up.

    .venv/bin/python -m bench.counties                       # SQLite, 100 counties, one server
    .venv/bin/python -m bench.counties --engine postgres --nodes 2
    .venv/bin/python -m bench.counties --quick               # 3 counties, short: proves it works (tests/bench)

Results go to bench/results_counties.json (a key per engine and node count) and a table on stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXE = Path(sys.executable).parent / "eldercare"
RESULTS = ROOT / "bench" / "results_counties.json"
PG_BASE = os.environ.get("ELDERCARE_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")

PAGES = [
    ("county overview", "/county"),
    ("homes", "/homes"),
    ("roster, first page", "/residents"),
    ("roster, a deep page (keyset)", "/residents?after={deep}"),
    ("roster search by name", "/residents?q=%E5%BC%A0"),
    ("roster search by pinyin", "/residents?q=zx"),
    ("county economy table", "/economy?year=2026"),
    ("a home's page", "/homes/{home}"),
    ("county dashboard", "/dashboard"),
    ("fund ledger", "/fund"),
    ("residents API list", "/api/v1/residents?limit=50"),
    ("homes API list", "/api/v1/homes"),
    ("staff-pay API list", "/api/v1/years/2025/staff-pay"),
    ("residents API, keyset page", "/api/v1/residents?limit=50&after={api_deep}"),
]
DIRECTOR_PAGES = [("director's home dashboard", "/homes/{home}/dashboard"), ("director's home page", "/homes/{home}")]
# (name, CLI arguments): each county's jobs, timed as `eldercare jobs run` with its peak RSS.
JOBS = [
    ("monthly batch, every county", ["jobs", "run", "monthly-payments", "--period", "2026-12", "--json"]),
    ("daily checks, every county", ["jobs", "run", "daily-checks", "--period", "2026-12-02", "--json"]),
    ("year-end preview, every county", ["jobs", "run", "year-end-preview", "--period", "2026", "--json"]),
    ("verify, every county", ["verify", "--json"]),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(url: str, *args: str, stdin: str = "") -> str:
    env = {**os.environ, "ELDERCARE_DATABASE_URL": url}
    done = subprocess.run([str(EXE), *args], env=env, input=stdin, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def timed_cli(url: str, args: list[str]) -> dict:
    """One CLI command in its own process: wall seconds and peak RSS (GNU time's %M)."""
    env = {**os.environ, "ELDERCARE_DATABASE_URL": url}
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", str(EXE), *args], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    peak_kb = int(done.stderr.strip().splitlines()[-1]) if done.stderr.strip() else 0
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(peak_kb / 1024, 1), "exit": done.returncode}


def make_database(kind: str, engine: str, counties: int, workdir: Path,
                  template: Path | None = None) -> tuple[str, float]:  # fmt: skip
    """Migrate and load the demo (one county, or `counties`). With `template` (SQLite), a copy of the build kept
    there by an earlier run is used instead, and a fresh build is kept there for the next run: the build is
    timed once, the measures run on an untouched copy."""
    kept = template / f"{kind}-{counties}" if template else None
    if engine == "sqlite" and kept and (kept / "build.json").exists():
        shutil.copytree(kept, workdir / kind)
        url = f"sqlite:///{workdir / kind / 'eldercare.sqlite3'}"
        cli(url, "migrate")  # a build kept before a newer migration
        return url, json.loads((kept / "build.json").read_text())["s"]
    if engine == "postgres":
        name = f"eldercare_bench_{kind}"
        subprocess.run(["psql", f"{PG_BASE}/postgres", "-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
                       check=True, capture_output=True)  # fmt: skip
        subprocess.run(["psql", f"{PG_BASE}/postgres", "-qc", f'CREATE DATABASE "{name}"'], check=True)
        url = f"{PG_BASE}/{name}"
    else:
        url = f"sqlite:///{workdir / kind / 'eldercare.sqlite3'}"
        (workdir / kind).mkdir(parents=True, exist_ok=True)
    cli(url, "migrate")
    start = time.perf_counter()
    cli(url, "demo", *([] if kind == "county" else ["--counties", str(counties)]))
    seconds = time.perf_counter() - start
    if engine == "postgres":  # after a bulk load, as a deployment would: plans from real statistics
        subprocess.run(["psql", url, "-qc", "VACUUM ANALYZE"], check=True, capture_output=True)
    if engine == "sqlite" and kept:
        shutil.rmtree(kept, ignore_errors=True)
        shutil.copytree(workdir / kind, kept)
        (kept / "build.json").write_text(json.dumps({"s": seconds}))
    return url, seconds


@contextlib.contextmanager
def servers(url: str, nodes: int):
    """`eldercare serve --no-scheduler` × nodes (+ `eldercare scheduler` when nodes > 1); yields the base URL."""
    env = {**os.environ, "ELDERCARE_DATABASE_URL": url}
    ports = [free_port() for _ in range(nodes)]
    procs = [subprocess.Popen([str(EXE), "serve", "--no-scheduler", "--port", str(p)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for p in ports]  # fmt: skip
    if nodes > 1:
        # The deployment's shape (one scheduler beside the nodes: its lease and retry sweeps over every county),
        # without its jobs: their catch-up at start would run this month's batch and today's checks over the
        # province while the pages are measured, and leave the jobs below nothing to do.
        procs.append(subprocess.Popen([str(EXE), "scheduler"], env={**env, "ELDERCARE_JOBS": "none"},
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))  # fmt: skip
    try:
        for port in ports:
            wait_for(port)
        yield ports, [p.pid for p in procs[:nodes]]
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()


def wait_for(port: int) -> None:
    deadline = time.time() + 60
    while time.time() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.2)
    raise RuntimeError(f"server on {port} did not start")


async def round_robin_proxy(ports: list[int]) -> tuple[asyncio.AbstractServer, int]:
    """One port in front of the web nodes: each new connection goes to the next node."""
    turn = 0

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal turn
        port = ports[turn % len(ports)]
        turn += 1
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", port)
            await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
        except (ConnectionError, asyncio.CancelledError):  # a client gone, or the run over: nothing to pass on
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError), open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


async def measure(base: str, token: str, path: str, *, serial: int, clients: int, seconds: float,
                  pids: list[int]) -> dict:  # fmt: skip
    import httpx

    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as client:
        first = await client.get(path)
        if first.status_code != 200:
            raise RuntimeError(f"{path}: {first.status_code} {first.text[:200]}")
        single = []
        for _ in range(serial):
            t = time.perf_counter()
            await client.get(path)
            single.append((time.perf_counter() - t) * 1000)
    latencies: list[float] = []
    errors = 0
    peak = 0.0
    stop_at = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal errors
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as c:
            while time.perf_counter() < stop_at:
                t = time.perf_counter()
                answer = await c.get(path)
                latencies.append((time.perf_counter() - t) * 1000)
                errors += answer.status_code != 200

    async def watch() -> None:
        nonlocal peak
        peak = rss_mb(pids)  # at least one sample, however late the loop comes back here
        while time.perf_counter() < stop_at:
            peak = max(peak, rss_mb(pids))
            await asyncio.sleep(0.2)

    await asyncio.gather(*[worker() for _ in range(clients)], watch())
    peak = max(peak, rss_mb(pids))
    latencies.sort()
    return {
        "one_client_ms": round(statistics.median(single), 1),
        "c32_p50_ms": round(latencies[len(latencies) // 2], 1),
        "c32_p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 1),
        "c32_rps": round(len(latencies) / seconds, 1),
        "errors": errors,
        "bytes": len(first.content),
        "rss_mb": round(peak, 1),
    }


async def run_scale(url: str, users: list[tuple[str, str]], nodes: int, args: argparse.Namespace) -> dict:
    """users: (label, username) whose pages are measured; the province user measures the roll-up."""
    directors = {"bureau": "director01", "bureau360827": "director01"}
    directors.update({u: f"director{u.removeprefix('bureau')}_01" for _, u in users
                      if u.startswith("bureau") and u not in directors})  # fmt: skip
    names = {u for _, u in users} | {directors[u] for _, u in users if u in directors}
    tokens = {username: cli(url, "token", "create", username) for username in sorted(names)}
    out: dict = {}
    with servers(url, nodes) as (ports, pids):
        proxy = None
        if nodes > 1:
            proxy, port = await round_robin_proxy(ports)
        else:
            port = ports[0]
        base = f"http://127.0.0.1:{port}"
        try:
            for label, username in users:
                if username == "province":
                    out[f"{label}: counties roll-up"] = await measure(
                        base, tokens[username], "/counties", serial=args.serial, clients=args.clients,
                        seconds=args.seconds, pids=pids)  # fmt: skip
                    continue
                home = await first_home(base, tokens[username])
                deep, api_deep = await deep_cursors(base, tokens[username])
                for name, path in PAGES:
                    out[f"{label}: {name}"] = await measure(
                        base, tokens[username], path.format(home=home, deep=deep, api_deep=api_deep),
                        serial=args.serial, clients=args.clients, seconds=args.seconds, pids=pids)  # fmt: skip
                director = directors.get(username)
                if director:
                    for name, path in DIRECTOR_PAGES:
                        out[f"{label}: {name}"] = await measure(
                            base, tokens[director], path.format(home=await first_home(base, tokens[director])),
                            serial=args.serial, clients=args.clients, seconds=args.seconds,
                            pids=pids)  # fmt: skip
                    t = time.perf_counter()
                    await year_end(base, tokens[username])
                    out[f"{label}: year-end run (one county)"] = {"one_client_ms": round(
                        (time.perf_counter() - t) * 1000, 1)}  # fmt: skip
        finally:
            if proxy is not None:
                proxy.close()
    return out


async def first_home(base: str, token: str) -> int:
    import httpx

    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}) as c:
        return (await c.get("/api/v1/homes?limit=1")).json()["items"][0]["id"]


async def deep_cursors(base: str, token: str) -> tuple[str, str]:
    """Keyset cursors halfway down the roster page and the residents API (from walking `next_after`)."""
    import httpx

    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as c:
        after, pages = "", 0
        body = (await c.get("/api/v1/residents?limit=50")).json()
        total = body.get("total") or 0
        while body.get("next_after") and pages < max(1, total // 100):
            after = body["next_after"]
            body = (await c.get(f"/api/v1/residents?limit=50&after={after}")).json()
            pages += 1
        return after, after  # the page and the API share the roster's cursor


async def year_end(base: str, token: str) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=600) as c:
        answer = await c.post("/api/v1/years/2026/year-end?preview=true")
        if answer.status_code >= 500:
            raise RuntimeError(f"year-end: {answer.status_code} {answer.text[:200]}")


def table(county: dict, province: dict) -> str:
    lines = ["| page or job | county scale, 1 client | province, 1 client | ratio | province, 32 clients p50 / p99 "
             "| errors | peak RSS |", "|---|---|---|---|---|---|---|"]  # fmt: skip
    for key, row in province.items():
        label, page = key.split(": ", 1)
        twin = county.get(f"county: {page}") or {}
        if "seconds" in row:  # a job: wall time and the process's peak RSS
            ratio = f"{row['seconds'] / twin['seconds']:.2f}×" if twin.get("seconds") else "—"
            lines.append(f"| {label}: {page} | {twin.get('seconds', '—')} s | {row['seconds']} s | {ratio} | | "
                         f"exit {row['exit']} | {row['peak_rss_mb']} MB |")  # fmt: skip
            continue
        ratio = f"{row['one_client_ms'] / twin['one_client_ms']:.2f}×" if twin.get("one_client_ms") else "—"
        base = f"{twin['one_client_ms']} ms" if twin else "—"
        conc = f"{row['c32_p50_ms']} / {row['c32_p99_ms']} ms" if "c32_p50_ms" in row else ""
        lines.append(f"| {label}: {page} | {base} | {row['one_client_ms']} ms | {ratio} | {conc} | "
                     f"{row.get('errors', '')} | {row.get('rss_mb', '')} {'MB' if 'rss_mb' in row else ''} |")
    return "\n".join(lines)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--counties", type=int, default=100)
    p.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    p.add_argument("--nodes", type=int, default=1)
    p.add_argument("--seconds", type=float, default=5.0)
    p.add_argument("--clients", type=int, default=32)
    p.add_argument("--serial", type=int, default=20)
    p.add_argument("--quick", action="store_true", help="3 counties, short runs: proves the bench works")
    p.add_argument("--no-save", action="store_true")
    p.add_argument("--template", type=Path, help="SQLite: keep the builds here and reuse them on the next run")
    p.add_argument("--build-only", action="store_true", help="with --template: build, keep, measure nothing")
    args = p.parse_args()
    if args.quick:
        args.counties, args.seconds, args.clients, args.serial = 3, 0.5, 4, 2
    workdir = Path(tempfile.mkdtemp(prefix="eldercare-bench-counties-"))
    try:
        county_url, county_build = make_database("county", args.engine, 1, workdir, args.template)
        province_url, province_build = make_database("province", args.engine, args.counties, workdir,
                                                      args.template)  # fmt: skip
        if args.build_only:
            print(json.dumps({"county": county_build, "province": province_build}))
            return 0
        from eldercare.county.divisions import demo_county_codes

        middle = demo_county_codes(args.counties)[args.counties // 2]
        county = asyncio.run(run_scale(county_url, [("county", "bureau")], args.nodes, args))
        province = asyncio.run(run_scale(province_url, [("province 360827", "bureau360827"),
                                                        (f"province {middle}", f"bureau{middle}"),
                                                        ("province", "province")], args.nodes, args))  # fmt: skip
        for key in list(province):
            province[key.replace("province 360827", "province, same county")] = province.pop(key)
        for name, command in JOBS:
            county[f"county: {name}"] = timed_cli(county_url, command)
            province[f"province: {name}"] = timed_cli(province_url, command)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    result = {"engine": args.engine, "nodes": args.nodes, "counties": args.counties,
              "build_seconds": {"county": round(county_build, 1), "province": round(province_build, 1)},
              "county": county, "province": province}  # fmt: skip
    print(json.dumps(result, ensure_ascii=False, indent=1))
    print(table(county, {k.replace("province, same county", "province, same county"): v
                         for k, v in province.items()}))  # fmt: skip
    if not args.no_save and not args.quick:
        saved = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        saved[f"{args.engine}-{args.nodes}node"] = result
        RESULTS.write_text(json.dumps(saved, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
