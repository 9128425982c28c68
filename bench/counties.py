"""A province of county stores against one county: does a county's page cost what it shows?

Builds two databases with the product's own demo loader (deterministic, set-based inserts): the demo county
alone, and a province of N counties (`eldercare demo --counties N`: 遂川县, the rest of 吉安市, then made-up counties
of 江西省 — 100 counties hold about 155,000 supported persons, 2,600 homes, 8,200 staff). Then, against real
`eldercare serve --no-scheduler` processes for both databases, up at the same time (one per database, or two
behind a small round-robin proxy with one `eldercare scheduler` beside them), it measures each page:

- with one client, taking the county's request, the province's (the same county's bureau), the province's (a
  county in the middle), in turn, so that both sides of a ratio are timed in the same moments: on this shared
  2-core machine two runs minutes apart differ by as much as the sides being compared;
- with 32 connections on one site at a time, from wrk (Debian's `wrk`: C, two threads) where it is installed,
  else from httpx in this process: 32 httpx clients took a large share of the two cores the server is
  measured on;

and the province's roll-up, the year-end run of one county, and each job over every county.

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
from dataclasses import dataclass
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
    ("residents API, keyset page", "/api/v1/residents?limit=50&after={deep}"),
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


async def one_client(targets: list[tuple[str, str, str, str]], serial: int) -> dict[str, dict]:
    """targets: (key, base, token, path). One client, the targets' requests taken in turn (county, province,
    county, …) so that both sides of a ratio are timed in the same moments of this shared machine."""
    import httpx

    clients = {key: httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60)
               for key, base, token, _ in targets}  # fmt: skip
    out: dict[str, dict] = {}
    try:
        for key, _, _, path in targets:
            first = await clients[key].get(path)
            if first.status_code != 200:
                raise RuntimeError(f"{key} {path}: {first.status_code} {first.text[:200]}")
            await clients[key].get(path)  # warm: the page's statements prepared, its caches filled
            out[key] = {"bytes": len(first.content), "single": []}
        for _ in range(serial):
            for key, _, _, path in targets:
                t = time.perf_counter()
                await clients[key].get(path)
                out[key]["single"].append((time.perf_counter() - t) * 1000)
    finally:
        for client in clients.values():
            await client.aclose()
    return {key: {"one_client_ms": round(statistics.median(row.pop("single")), 1), **row} for key, row in out.items()}


_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def wrk_figures(text: str, seconds: float) -> dict:
    """p50/p99, requests per second and errors from `wrk --latency`'s report."""
    import re

    def ms(value: str) -> float:
        number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
        return round(float(number) * _UNIT_MS[unit], 1)

    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", text, re.M))
    requests = int(re.search(r"(\d+) requests in", text).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    return {
        "c32_p50_ms": ms(percentiles["50"]),
        "c32_p99_ms": ms(percentiles["99"]),
        "c32_rps": round(requests / seconds, 1),
        "errors": (int(bad.group(1)) if bad else 0) + (sum(map(int, socket.groups())) if socket else 0),
    }


async def under_load(base: str, token: str, path: str, *, clients: int, seconds: float, pids: list[int]) -> dict:
    """`clients` connections, each sending its next request when the last is answered, for `seconds`; the server
    processes' peak RSS meanwhile. The load comes from wrk (Debian's package: C, two threads) where it is
    installed, so that the clients take little of the two cores the server is measured on; else from httpx."""
    peak = rss_mb(pids)
    if shutil.which("wrk"):
        seconds = max(1, round(seconds))  # wrk takes whole seconds
        proc = await asyncio.create_subprocess_exec(
            "wrk", f"-t{min(2, clients)}", f"-c{clients}", f"-d{seconds}s", "--latency", "--timeout", "60s",
            "-H", f"Authorization: Bearer {token}", "-H", "Accept-Encoding: gzip", base + path,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)  # fmt: skip
        report = asyncio.ensure_future(proc.communicate())
        while not report.done():
            peak = max(peak, rss_mb(pids))
            await asyncio.wait([report], timeout=0.2)
        text = report.result()[0].decode()
        if proc.returncode != 0:
            raise RuntimeError(f"wrk {path}: {text[-500:]}")
        figures = {**wrk_figures(text, seconds), "load": "wrk"}
    else:
        figures = {**await httpx_load(base, token, path, clients=clients, seconds=seconds), "load": "httpx"}
    return {**figures, "rss_mb": round(max(peak, rss_mb(pids)), 1)}


async def httpx_load(base: str, token: str, path: str, *, clients: int, seconds: float) -> dict:
    import httpx

    latencies: list[float] = []
    errors = 0
    stop_at = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal errors
        async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as c:
            while time.perf_counter() < stop_at:
                t = time.perf_counter()
                answer = await c.get(path)
                latencies.append((time.perf_counter() - t) * 1000)
                errors += answer.status_code != 200

    await asyncio.gather(*[worker() for _ in range(clients)])
    latencies.sort()
    return {
        "c32_p50_ms": round(latencies[len(latencies) // 2], 1),
        "c32_p99_ms": round(latencies[max(int(len(latencies) * 0.99) - 1, 0)], 1),
        "c32_rps": round(len(latencies) / seconds, 1),
        "errors": errors,
    }


@dataclass
class Site:
    """One side of the comparison: a user's pages on one deployment (the county alone, or the province)."""

    key: str  # "county", "province, same county", "province 3608xx"
    base: str
    pids: list[int]
    token: str
    director_token: str | None
    home: int = 0
    director_home: int = 0
    deep: str = ""


async def run_sites(sites: list[Site], roll_up: Site | None, args: argparse.Namespace) -> dict[str, dict]:
    """Each page: one client over every site in turn, then each site alone under `clients` connections."""
    for site in sites:
        site.home = await first_home(site.base, site.token)
        site.deep = await deep_cursor(site.base, site.token)
        if site.director_token:
            site.director_home = await first_home(site.base, site.director_token)
    out: dict[str, dict] = {}
    pages = [(name, path, False) for name, path in PAGES] + [(name, path, True) for name, path in DIRECTOR_PAGES]
    for name, path, as_director in pages:
        chosen = [s for s in sites if not as_director or s.director_token]
        targets = [(f"{s.key}: {name}", s.base, s.director_token if as_director else s.token,
                    path.format(home=s.director_home if as_director else s.home, deep=s.deep)) for s in chosen]
        single = await one_client(targets, args.serial)
        for site, (key, base, token, url) in zip(chosen, targets, strict=True):
            loaded = await under_load(base, token, url, clients=args.clients, seconds=args.seconds, pids=site.pids)
            out[key] = {**single[key], **loaded}
    if roll_up is not None:
        key = f"{roll_up.key}: counties roll-up"
        single = await one_client([(key, roll_up.base, roll_up.token, "/counties")], args.serial)
        loaded = await under_load(roll_up.base, roll_up.token, "/counties", clients=args.clients,
                                  seconds=args.seconds, pids=roll_up.pids)  # fmt: skip
        out[key] = {**single[key], **loaded}
    timed: dict[str, list[float]] = {site.key: [] for site in sites}
    status: dict[str, int] = {}
    for _ in range(5):  # the sites in turn, as for the pages; the median of five
        for site in sites:
            t = time.perf_counter()
            status[site.key] = await year_end(site.base, site.token)
            timed[site.key].append((time.perf_counter() - t) * 1000)
    for key, runs in timed.items():
        out[f"{key}: year-end run (one county)"] = {"one_client_ms": round(statistics.median(runs), 1),
                                                    "status": status[key]}  # fmt: skip
    return out


@contextlib.asynccontextmanager
async def deployment(url: str, nodes: int):
    """The servers of one database, behind the round-robin proxy when there are several: (base URL, pids)."""
    with servers(url, nodes) as (ports, pids):
        proxy = None
        if nodes > 1:
            proxy, port = await round_robin_proxy(ports)
        else:
            port = ports[0]
        try:
            yield f"http://127.0.0.1:{port}", pids
        finally:
            if proxy is not None:
                proxy.close()


async def run_both(county_url: str, province_url: str, middle: str, args: argparse.Namespace) -> tuple[dict, dict]:
    """The county alone and the province, both deployments up at once, measured side by side."""
    county_tokens = {u: cli(county_url, "token", "create", u) for u in ("bureau", "director01")}
    province_users = ["bureau360827", "director01", f"bureau{middle}", f"director{middle}_01", "province"]
    province_tokens = {u: cli(province_url, "token", "create", u) for u in province_users}
    async with deployment(county_url, args.nodes) as (county_base, county_pids), \
            deployment(province_url, args.nodes) as (province_base, province_pids):  # fmt: skip
        sites = [
            Site("county", county_base, county_pids, county_tokens["bureau"], county_tokens["director01"]),
            Site("province, same county", province_base, province_pids, province_tokens["bureau360827"],
                 province_tokens["director01"]),
            Site(f"province {middle}", province_base, province_pids, province_tokens[f"bureau{middle}"],
                 province_tokens[f"director{middle}_01"]),
        ]  # fmt: skip
        roll_up = Site("province", province_base, province_pids, province_tokens["province"], None)
        out = await run_sites(sites, roll_up, args)
    county = {k: v for k, v in out.items() if k.startswith("county: ")}
    province = {k: v for k, v in out.items() if not k.startswith("county: ")}
    return county, province


async def first_home(base: str, token: str) -> int:
    import httpx

    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}) as c:
        return (await c.get("/api/v1/homes?limit=1")).json()["items"][0]["id"]


async def deep_cursor(base: str, token: str) -> str:
    """A keyset cursor halfway down the roster (from walking the residents API's `next_after`); the roster page
    and the API share it."""
    import httpx

    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as c:
        after, pages = "", 0
        body = (await c.get("/api/v1/residents?limit=50")).json()
        total = body.get("total") or 0
        while body.get("next_after") and pages < max(1, total // 100):
            after = body["next_after"]
            body = (await c.get(f"/api/v1/residents?limit=50&after={after}")).json()
            pages += 1
        return after


async def year_end(base: str, token: str) -> int:
    """The county's year-end computed through the API (a preview: the demo's year is not finalized)."""
    import httpx

    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=600) as c:
        answer = await c.post("/api/v1/years/2026/year-end?preview=true")
        if answer.status_code >= 500:
            raise RuntimeError(f"year-end: {answer.status_code} {answer.text[:200]}")
        return answer.status_code


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
        county, province = asyncio.run(run_both(county_url, province_url, middle, args))
        for name, command in JOBS:
            county[f"county: {name}"] = timed_cli(county_url, command)
            province[f"province: {name}"] = timed_cli(province_url, command)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    result = {"engine": args.engine, "nodes": args.nodes, "counties": args.counties,
              "build_seconds": {"county": round(county_build, 1), "province": round(province_build, 1)},
              "county": county, "province": province}  # fmt: skip
    print(json.dumps(result, ensure_ascii=False, indent=1))
    print(table(county, province))
    if not args.no_save and not args.quick:
        saved = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        saved[f"{args.engine}-{args.nodes}node"] = result
        RESULTS.write_text(json.dumps(saved, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
