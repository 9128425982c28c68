"""Tamper evidence: a SHA-256 hash chain over the audit log and the money tables (see docs/security.md).

Each chained row carries `prev_hash` (the hash of the row before it in its chain) and `row_hash`
= SHA-256(prev_hash + canonical(row)), where canonical(row) is JSON of the table name, the id and the listed
columns' values (dates and times as ISO text in UTC, booleans as 0/1), in a fixed column order. A chain is a
table in id order; the year-end result tables have one chain per year (a run replaces an unfinalized year's
rows, so that year's chain starts again).

A row is written unsealed (row_hash NULL) and sealed by `seal()` at the end of the same write transaction
(db.write calls it before COMMIT): every row any statement of the transaction added, through Writer.insert
or set-based SQL, is hashed in one pass and sealed with one executemany UPDATE. The database refuses UPDATE
and DELETE of a sealed row (triggers made by the migration); the one exception is DELETE of a year-end
result of a year not finalized (a re-run). So a batch's count and total, filled in after its lines, are part
of its hash: they are set before the seal.

The chain heads are read under the write lock: SQLite's BEGIN IMMEDIATE, and on PostgreSQL
`lock_chains()` (pg_advisory_xact_lock, taken first thing in every write transaction, since every write
appends to the audit chain).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True)
class Chain:
    table: str
    columns: tuple[str, ...]
    partition: str | None = None  # a chain per value of this column (year-end results: per year)
    title: str = ""


CHAINS: tuple[Chain, ...] = (
    Chain("audit_log", ("at", "user_id", "actor", "action", "table_name", "row_id", "before", "after"),
          title="审计日志"),
    Chain("fund_entry", ("dated_on", "kind", "amount_fen", "balance_after_fen", "source", "document_no", "batch",
                         "created_at", "created_by"), title="专户资金流水"),
    Chain("payment_batch", ("period", "count", "total_fen", "status", "created_at", "created_by"),
          title="发放批次"),
    Chain("payment_line", ("batch", "resident", "for_period", "kind", "standard_version", "mode", "care_level",
                           "home", "payee", "standard_fen", "supplement_fen", "amount_fen", "note"),
          title="发放明细"),
    Chain("economy_line", ("home", "dated_on", "kind", "category", "amount_fen", "in_kind", "quantity", "unit",
                           "unit_price_fen", "note", "reverses", "created_at", "created_by"), title="院办经济流水"),
    Chain("year_end_home", ("year", "home", "rank", "total_tenths", "star", "award_fen", "pension_eligible",
                            "income_fen", "expense_fen", "net_fen", "pool_fen", "why"), "year", "年终考核结果（敬老院）"),
    Chain("year_end_staff", ("year", "staff", "home", "grade", "months", "rate_fen", "performance_pay_fen",
                             "bonus_share_fen", "pension_eligible", "flagged_for_adjustment", "reasons", "why"),
          "year", "年终考核结果（工作人员）"),
    Chain("year_end_share", ("year", "home", "person_kind", "person_id", "points", "share_fen"), "year",
          "院办经济分成"),
)  # fmt: skip
BY_TABLE = {c.table: c for c in CHAINS}


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind is int or kind is str or value is None:  # most values: the fast path of the checks below
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | str) or value is None:
        return value
    return str(value)


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # json.dumps' own output, its encoder kept


def canonical(chain: Chain, row: dict[str, Any]) -> bytes:
    values = [_plain(row[c]) for c in chain.columns]
    return _JSON.encode([chain.table, int(row["id"]), values]).encode()


def row_hash(chain: Chain, prev_hash: str, row: dict[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(chain, row)).hexdigest()


def select_sql(chain: Chain, where: str = "") -> str:
    cols = ", ".join(f'"{c}"' for c in ("id", *chain.columns, "prev_hash", "row_hash"))
    return f"SELECT {cols} FROM {chain.table} {where} ORDER BY id"


UNSEALED_PROBE = " UNION ALL ".join(
    f"SELECT '{c.table}' AS t FROM (SELECT 1 FROM {c.table} WHERE row_hash IS NULL LIMIT 1) AS u{i}"
    for i, c in enumerate(CHAINS)
)


async def lock_chains(w: Any) -> None:
    """PostgreSQL: serialise the chain heads of this store (its schema) until COMMIT."""
    await w.lock("eldercare.chain")


async def unsealed_ids(w: Any) -> dict[str, set[int]]:
    """Rows without a hash already there when a transaction starts writing: not ours, never sealed by us."""
    found: dict[str, set[int]] = {}
    for r in await w.fetch(UNSEALED_PROBE):
        rows = await w.fetch(f"SELECT id FROM {r['t']} WHERE row_hash IS NULL")
        found[r["t"]] = {int(x["id"]) for x in rows}
    return found


async def seal(w: Any, *, foreign: dict[str, set[int]]) -> int:
    """Hash and seal the rows this transaction added to every chain, in id order; the number sealed."""
    pending = [r["t"] for r in await w.fetch(UNSEALED_PROBE)]
    sealed = 0
    for name in pending:
        chain = BY_TABLE[name]
        skip = foreign.get(name, set())
        rows = [r for r in await w.fetch(select_sql(chain, "WHERE row_hash IS NULL")) if int(r["id"]) not in skip]
        heads: dict[Any, str] = {}
        updates = []
        for row in rows:
            key = row[chain.partition] if chain.partition else None
            if key not in heads:
                heads[key] = await _head(w, chain, key, before_id=row["id"])
            digest = row_hash(chain, heads[key], row)
            updates.append((heads[key], digest, row["id"]))
            heads[key] = digest
        if updates:
            await w.execute_many(f"UPDATE {chain.table} SET prev_hash = ?, row_hash = ? WHERE id = ?", updates)
        sealed += len(updates)
    return sealed


async def _head(w: Any, chain: Chain, key: Any, *, before_id: int) -> str:
    where = "row_hash IS NOT NULL AND id < ?"
    args: list[Any] = [before_id]
    if chain.partition:
        where += f" AND {chain.partition} = ?"
        args.append(key)
    found = await w.fetch(f"SELECT row_hash FROM {chain.table} WHERE {where} ORDER BY id DESC LIMIT 1", *args)
    return found[0]["row_hash"] if found else GENESIS


class Walker:
    """Walks one table's rows in id order (fed in pages) and names every row whose link or hash fails."""

    def __init__(self, chain: Chain) -> None:
        self.chain = chain
        self.heads: dict[Any, str] = {}
        self.problems: list[dict[str, Any]] = []
        self.rows = 0

    def feed(self, rows: Iterable[dict[str, Any]]) -> None:
        chain = self.chain
        for row in rows:
            self.rows += 1
            key = row[chain.partition] if chain.partition else None
            if row["row_hash"] is None:  # a forged or bypassing row: named, and the chain runs past it
                self.problems.append(_problem(chain, row, "unsealed", "没有哈希（未经系统写入的行）"))
                continue
            if row["prev_hash"] != self.heads.get(key, GENESIS):
                self.problems.append(_problem(chain, row, "broken_link",
                                              "与前一行的哈希链接不上（其前的行被删除或插入）"))  # fmt: skip
            elif row_hash(chain, row["prev_hash"], row) != row["row_hash"]:
                self.problems.append(_problem(chain, row, "hash_mismatch", "内容与哈希不符（该行被改写）"))
            self.heads[key] = row["row_hash"]


def _problem(chain: Chain, row: dict[str, Any], kind: str, what: str) -> dict[str, Any]:
    return {"check": "chain", "kind": kind, "table": chain.table, "id": int(row["id"]),
            "what": f"{chain.title} 第 {row['id']} 行：{what}。"}  # fmt: skip


# The database side: columns, a partial index for seal()'s probe, and the append-only triggers.

SQLITE_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS {t}_append_only_update BEFORE UPDATE ON {t} WHEN OLD.row_hash IS NOT NULL "
    "BEGIN SELECT RAISE(ABORT, '{t} is append-only: a sealed row cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS {t}_append_only_delete BEFORE DELETE ON {t} WHEN OLD.row_hash IS NOT NULL{extra} "
    "BEGIN SELECT RAISE(ABORT, '{t} is append-only: a sealed row cannot be deleted'); END",
)
SQLITE_YEAR_OPEN = " AND EXISTS (SELECT 1 FROM year_end y WHERE y.year = OLD.year AND y.status = 'finalized')"

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION eldercare_append_only() RETURNS trigger AS $$
BEGIN
  IF OLD.row_hash IS NULL THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' AND TG_NARGS > 0 AND TG_ARGV[0] = 'year' THEN
    IF NOT EXISTS (SELECT 1 FROM year_end y WHERE y.year = OLD.year AND y.status = 'finalized') THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION '% is append-only: a sealed row cannot be changed (%)', TG_TABLE_NAME, TG_OP;
END
$$ LANGUAGE plpgsql
"""
PG_TRIGGER = (
    "CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t} FOR EACH ROW "
    "EXECUTE FUNCTION eldercare_append_only({arg})"
)


def ddl(*, sqlite: bool) -> list[str]:
    """The statements that make the chained tables append-only (the migration, and tests that restore them)."""
    out = []
    if not sqlite:
        out.append(PG_FUNCTION)
    for c in CHAINS:
        if sqlite:
            extra = SQLITE_YEAR_OPEN if c.partition == "year" else ""
            out += [s.format(t=c.table, extra=extra) for s in SQLITE_TRIGGERS]
        else:
            out.append(f"DROP TRIGGER IF EXISTS {c.table}_append_only ON {c.table}")
            out.append(PG_TRIGGER.format(t=c.table, arg="'year'" if c.partition == "year" else ""))
    return out


def columns_ddl() -> list[str]:
    out = []
    for c in CHAINS:
        out += [f"ALTER TABLE {c.table} ADD COLUMN prev_hash VARCHAR(64)",
                f"ALTER TABLE {c.table} ADD COLUMN row_hash VARCHAR(64)",
                f"CREATE INDEX IF NOT EXISTS {c.table}_unsealed ON {c.table} (id) WHERE row_hash IS NULL"]  # fmt: skip
    return out
