"""The province-of-counties benchmark runs end to end at a tiny size (figures are not asserted: benches measure)."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ENGINE

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.live
def test_the_counties_bench_runs_quick():
    if ENGINE != "sqlite":
        pytest.skip("the bench picks its engine itself")
    done = subprocess.run([sys.executable, "-m", "bench.counties", "--quick", "--no-save"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "province: counties roll-up" in done.stdout and "| 0 |" in done.stdout
