"""A database made by the previous release (one county, no county table) upgrades with one `eldercare migrate`:
everything lands in county 360827 (read from its townships' codes) and every figure the API answered before is
answered the same after (fields added since are ignored; none removed or changed)."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.conftest import ENGINE, PG_URL, WORKDIR

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
EXE = Path(sys.executable).parent / "eldercare"


# Sentences that explain a figure (their wording may improve between releases); the figures they explain are
# compared everywhere else.
PROSE = {"why", "reasons"}


def _same(before, after, where="") -> list[str]:
    """Differences of `after` from `before`, ignoring keys `before` does not have."""
    if isinstance(before, dict) and isinstance(after, dict):
        out = []
        for key, value in before.items():
            if key in PROSE:
                continue
            if key not in after:
                out.append(f"{where}.{key}: missing")
            else:
                out.extend(_same(value, after[key], f"{where}.{key}"))
        return out
    if isinstance(before, list) and isinstance(after, list):
        # a list of records is compared record by record whatever its order (the roster's pinyin order moved
        # when surnames took their surname readings, issue 15)
        key = next((k for k in ("id", "resident_id", "staff_id", "home_id") if before and isinstance(before[0], dict)
                    and all(isinstance(x, dict) and k in x for x in before + after)), None)  # fmt: skip
        if key:
            before = sorted(before, key=lambda x: (x[key], json.dumps(x, sort_keys=True, default=str)))
            after = sorted(after, key=lambda x: (x[key], json.dumps(x, sort_keys=True, default=str)))
        if len(before) != len(after):
            return [f"{where}: {len(before)} items before, {len(after)} after"]
        return [d for i, (b, a) in enumerate(zip(before, after, strict=True)) for d in _same(b, a, f"{where}[{i}]")]
    return [] if before == after else [f"{where}: {before!r} → {after!r}"]


def _prepare() -> str:
    if ENGINE == "postgres":
        name = f"eldercare_upgrade_{uuid.uuid4().hex[:8]}"
        base = PG_URL.rsplit("/", 1)[0]
        subprocess.run(["psql", PG_URL, "-qc", f'CREATE DATABASE "{name}"'], check=True)
        with gzip.open(FIXTURES / "release_0_1_demo.pg.sql.gz", "rb") as dump:
            subprocess.run(["psql", f"{base}/{name}", "-q", "-v", "ON_ERROR_STOP=1"], input=dump.read(),
                           check=True, capture_output=True)  # fmt: skip
        return f"{base}/{name}"
    path = WORKDIR / f"release-{uuid.uuid4().hex[:8]}.sqlite3"
    path.write_bytes(gzip.decompress((FIXTURES / "release_0_1_demo.sqlite3.gz").read_bytes()))
    return f"sqlite:///{path}"


def test_a_release_0_1_database_upgrades_with_every_figure_unchanged():
    if ENGINE == "postgres" and not PG_URL:
        pytest.skip("no PostgreSQL")
    url = _prepare()
    env = {**os.environ, "ELDERCARE_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    try:
        migrated = subprocess.run([str(EXE), "migrate"], env=env, capture_output=True, text=True, timeout=300)
        assert migrated.returncode == 0, migrated.stderr
        answer = subprocess.run([sys.executable, "-m", "tests.upgrade.collect_after"], env=env, cwd=ROOT,
                                capture_output=True, text=True, timeout=300)  # fmt: skip
        assert answer.returncode == 0, answer.stderr[-3000:]
        after = json.loads(answer.stdout)
    finally:
        if ENGINE == "postgres":
            subprocess.run(["psql", PG_URL, "-qc", f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'])
    assert [(c["code"], c["name"], c["store_no"]) for c in after["counties"]] == [("360827", "遂川县", 0)]
    # each engine's figures as the 0.1 release answered them on its own demo database
    figures = "release_0_1_figures.pg.json.gz" if ENGINE == "postgres" else "release_0_1_figures.json.gz"
    with gzip.open(FIXTURES / figures, "rt") as f:
        before = json.load(f)
    assert len(before) == 94 and before["batch 2026-11"]["total_fen"] > 0
    # the 0.1 figures hold the roster's first page only (100 of its rows, in pinyin order, whose surname
    # readings changed): the roster on each date is compared by its total; its rows are the residents above
    for key in [k for k in before if k.startswith("roster ")]:
        before[key] = {"on": before[key]["on"], "total": before[key]["total"]}
    differences = _same(before, after["figures"])
    assert differences == [], differences[:20]
