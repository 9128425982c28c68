from eldercare.demo import load_demo
from eldercare.economy import services


async def test_the_demo_countys_2025_net_income_is_the_seeds_1026000_yuan(database):
    assert await load_demo()
    rows = await services.economy_year(year=2025)
    assert len(rows) == 26 and sum(r["net_fen"] for r in rows) == 102_600_000
    assert any(r["net_fen"] < 0 and r["pool_fen"] == 0 for r in rows)
    for row in rows[:3]:
        shares = await services.pool_shares(home_id=row["home_id"], year=2025)
        assert shares and sum(s["share_fen"] for s in shares) == row["pool_fen"]
    assert sum(r["income_fen"] for r in await services.economy_year(year=2026)) > 0
