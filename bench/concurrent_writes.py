"""32 concurrent read-then-write transactions through db.write(), on a fresh SQLite file (WAL).

Each client repeatedly opens `db.write(actor)`, reads a home's bed count and writes it back plus one (with its
audit row), the shape that failed 94% of the time with Piccolo's default DEFERRED transactions. Reported:
errors (must be 0), lost updates (must be 0: the final count equals the committed transactions) and txn/s.

    .venv/bin/python -m bench.concurrent_writes [--clients 32] [--per-client 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections import Counter

from bench.common import migrate_fresh, use_fresh_sqlite

PATH = use_fresh_sqlite("writes")

from eldercare import db  # noqa: E402
from eldercare.audit.tables import AuditLog  # noqa: E402
from eldercare.auth.actor import SYSTEM  # noqa: E402
from eldercare.county.tables import Home, Township  # noqa: E402


async def setup() -> int:
    await migrate_fresh(demo=False)
    async with db.write(SYSTEM) as w:
        township = await w.insert(Township, code="360827100", name="泉江镇")
        return await w.insert(Home, code="BENCH01", name="压测敬老院", township=township, beds=0)


async def client(home_id: int, transactions: int, errors: Counter) -> int:
    committed = 0
    for _ in range(transactions):
        try:
            async with db.write(SYSTEM) as w:
                row = await Home.select(Home.beds).where(Home.id == home_id).first()
                await w.update(Home, home_id, beds=row["beds"] + 1)
            committed += 1
        except Exception as exc:  # counted, not raised: the figure is how many fail
            errors[f"{type(exc).__name__}: {exc}"] += 1
    return committed


async def main(clients: int, per_client: int) -> dict:
    home_id = await setup()
    errors: Counter = Counter()
    start = time.perf_counter()
    committed = sum(await asyncio.gather(*[client(home_id, per_client, errors) for _ in range(clients)]))
    elapsed = time.perf_counter() - start
    beds = (await Home.select(Home.beds).where(Home.id == home_id).first())["beds"]
    audited = await AuditLog.count().where(AuditLog.action == "update").run()
    await db.stop()
    result = {
        "clients": clients,
        "transactions": clients * per_client,
        "committed": committed,
        "errors": sum(errors.values()),
        "lost_updates": committed - beds,
        "audit_rows": audited,
        "txn_per_s": round(committed / elapsed, 1),
        "seconds": round(elapsed, 2),
    }
    print(
        f"concurrent writes: {clients} clients × {per_client} read-then-write transactions through db.write()"
    )
    print(
        f"committed {committed}, errors {result['errors']}, lost updates {result['lost_updates']}, "
        f"audit rows {audited}, {result['txn_per_s']} txn/s ({elapsed:.2f} s)"
    )
    for message, count in errors.most_common(5):
        print(f"  {count} × {message}")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--per-client", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()
    figures = asyncio.run(main(args.clients, args.per_client))
    if args.json:
        print(json.dumps(figures))
    raise SystemExit(1 if figures["errors"] or figures["lost_updates"] else 0)
