"""bench/province.py at a tiny size: the builder fills a store the product serves, every measure answers 200,
and the kept figures of both stores (the demo county and the built one) agree with their source rows."""

import argparse

import pytest

from bench import province


@pytest.mark.live
def test_the_province_bench_runs_at_a_tiny_size():
    args = argparse.Namespace(persons=300, homes=6, staff=40, lines=2000, repeat=1, clients=2, rounds=1,
                              quick=True, keep=False)  # fmt: skip
    results = province.run(args)
    assert results["built"]["persons"] == 300
    for name, m in results["measures"].items():
        for scale in ("county", "province"):
            assert m[scale] is not None, (name, scale)
            assert m[scale].get("status", 200) == 200, (name, scale, m[scale])
    kept = results["measures"]["kept-state differences"]
    assert kept["county"]["ms"] == 0 and kept["province"]["ms"] == 0
    assert "| county overview |" in province.table(results)
