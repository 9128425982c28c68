"""审核: the two-person rule for money. With the county's setting on, an inflow (资金拨入), a standard change
(供养标准) and a year-end finalize (年度定案) are stored as a pending request; they take effect when another
bureau user of the county approves, in the approval's own write transaction, checked again as they would be
if entered then. The rule is per user, never per session or token (docs/domain-decisions.md, docs/security.md).

Each county's requests live in its own store, so another county's bureau never sees or reaches them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Awaitable, Callable
from typing import Any

from eldercare import db
from eldercare.approvals import rules
from eldercare.approvals.tables import ApprovalRequest
from eldercare.auth.actor import BUREAU, Actor
from eldercare.auth.scope import require_role
from eldercare.errors import Conflict, Forbidden, Invalid, NotFound
from eldercare.profile.tables import CountyProfile

Apply = Callable[[db.Writer, Actor, dict[str, Any]], Awaitable[dict[str, Any]]]
COLUMNS = ("id", "kind", "state", "subject", "year", "summary", "payload", "requested_by", "requested_by_name",
           "requested_at", "decided_by", "decided_by_name", "decided_at", "reason", "result")  # fmt: skip


class Pending(dict):
    """What a service answers instead of its effect when the change waits for approval: the request."""


async def rule_on() -> bool:
    """The county's setting (本县设置 → 资金事项双人审核); off when the county has saved no profile."""
    row = await CountyProfile.select(CountyProfile.two_person_rule).first()
    return bool(row and row["two_person_rule"])


def _out(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: row[k] for k in COLUMNS}
    for key in ("payload", "result"):
        out[key] = json.loads(row[key]) if isinstance(row[key], str) and row[key] else None
    out["kind_name"] = rules.KIND_NAMES[row["kind"]]
    out["state_name"] = rules.STATE_NAMES[row["state"]]
    return out


async def _pending_with(w: db.Writer, subject: str) -> dict[str, Any] | None:
    rows = await w.fetch("SELECT id, summary FROM approval_request WHERE subject = ? AND state = 'pending'", subject)
    return rows[0] if rows else None


async def request(w: db.Writer, *, actor: Actor, kind: str, subject: str, year: int,
                  payload: dict[str, Any]) -> Pending:  # fmt: skip
    """Store the change as a pending request, inside the caller's write transaction (audited: `request`)."""
    waiting = await _pending_with(w, subject)
    if waiting:
        raise Conflict(f"已有一项相同的申请在等待审核（第 {waiting['id']} 号：{waiting['summary']}），请先审核或退回它。",
                       code="approval_pending")  # fmt: skip
    now = dt.datetime.now(dt.UTC)
    summary = rules.summary(kind, payload)
    name = actor.display_name or actor.username
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True)
    rows = await w.fetch(
        "INSERT INTO approval_request (kind, state, subject, year, summary, payload, requested_by, requested_by_name,"
        " requested_at, decided_by_name, reason, result) VALUES (?, 'pending', ?, ?, ?, ?, ?, ?, ?, '', '', '')"
        " RETURNING id",
        kind, subject, year, summary, body, actor.user_id, name, now,
    )  # fmt: skip
    request_id = int(rows[0]["id"])
    await w.audit(table=ApprovalRequest, row_id=request_id, action="request", before=None,
                  after={"kind": kind, "summary": summary, "payload": payload, "requested_by": actor.username})  # fmt: skip
    return Pending(await _read(request_id, w))


async def _read(request_id: int, w: db.Writer | None = None) -> dict[str, Any]:
    sql = f"SELECT {', '.join(COLUMNS)} FROM approval_request WHERE id = ?"
    rows = await (w.fetch(sql, request_id) if w else db.fetch(sql, request_id))
    if not rows:
        raise NotFound("没有这项审核申请。")
    return _out(rows[0])


async def list_requests(*, actor: Actor, state: str | None = "pending", limit: int = 100,
                        offset: int = 0) -> tuple[list[dict[str, Any]], int]:  # fmt: skip
    """The county's requests, newest first (this store's only: another county's are in its own)."""
    _may_read(actor)
    if state is not None and state not in rules.STATES:
        raise Invalid("审核状态不正确。", fields={"state": "只能是 pending、approved 或 rejected。"})
    where, args = ("WHERE state = ?", [state]) if state else ("", [])
    total = int((await db.fetch(f"SELECT COUNT(*) AS n FROM approval_request {where}", *args))[0]["n"])
    rows = await db.fetch(f"SELECT {', '.join(COLUMNS)} FROM approval_request {where} ORDER BY id DESC"
                          " LIMIT ? OFFSET ?", *args, limit, offset)  # fmt: skip
    return [_out(r) for r in rows], total


def _may_read(actor: Actor) -> None:
    """The county's bureau, or a city/province user looking at the county (read only); nobody else."""
    if not actor.is_bureau:
        require_role(actor, BUREAU)


async def get_request(*, actor: Actor, request_id: int) -> dict[str, Any]:
    _may_read(actor)
    return await _read(request_id)


async def pending_of(*, kinds: tuple[str, ...], year: int | None = None) -> list[dict[str, Any]]:
    """The requests of these kinds still waiting (for the fund, standards and year-end pages)."""
    marks = ", ".join("?" for _ in kinds)
    where, args = f"state = 'pending' AND kind IN ({marks})", [*kinds]
    if year is not None:
        where, args = where + " AND year = ?", [*args, year]
    rows = await db.fetch(f"SELECT {', '.join(COLUMNS)} FROM approval_request WHERE {where} ORDER BY id", *args)
    return [_out(r) for r in rows]


def _appliers() -> dict[str, Apply]:
    from eldercare.payments.services import apply_inflow, apply_standard
    from eldercare.profile.services import apply_rule_off
    from eldercare.yearend.services import apply_finalize

    return {"inflow": apply_inflow, "standard": apply_standard, "finalize": apply_finalize,
            "rule_off": apply_rule_off}  # fmt: skip


async def _decide(w: db.Writer, actor: Actor, request_id: int, *, approving: bool) -> dict[str, Any]:
    """The request, read under the store's write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: the chain lock
    Writer.fetch takes first), and refused unless this user may decide it now."""
    found = await _read(request_id, w)
    refused = rules.refusal(requester_id=found["requested_by"], approver_id=actor.user_id, state=found["state"],
                            approving=approving)
    if refused:
        code, sentence = refused
        raise (Forbidden if code == "own_request" else Conflict)(sentence, code=code)
    return found


async def _close(w: db.Writer, actor: Actor, found: dict[str, Any], *, state: str, reason: str,
                 result: dict[str, Any] | None) -> None:  # fmt: skip
    now = dt.datetime.now(dt.UTC)
    name = actor.display_name or actor.username
    done = await w.fetch(
        "UPDATE approval_request SET state = ?, decided_by = ?, decided_by_name = ?, decided_at = ?, reason = ?,"
        " result = ? WHERE id = ? AND state = 'pending' RETURNING id",
        state, actor.user_id, name, now, reason,
        json.dumps(result, ensure_ascii=False, sort_keys=True, default=str) if result is not None else "", found["id"],
    )  # fmt: skip
    if not done:  # the lock makes this unreachable; kept so a lost race can never apply twice
        raise Conflict("该申请已被他人审核。", code="already_decided")
    await w.audit(table=ApprovalRequest, row_id=found["id"], action="approve" if state == "approved" else "reject",
                  before={"state": "pending", "requested_by": found["requested_by_name"]},
                  after={"state": state, "kind": found["kind"], "summary": found["summary"], "reason": reason,
                         "decided_by": actor.username})  # fmt: skip


async def approve(*, actor: Actor, request_id: int) -> dict[str, Any]:
    """Apply the request as another bureau user, in one transaction: checked again (a year finalized
    meanwhile, a standard changed since, a document number entered since) and refused whole, or applied."""
    require_role(actor, BUREAU)
    async with db.write(actor) as w:
        found = await _decide(w, actor, request_id, approving=True)
        result = await _appliers()[found["kind"]](w, actor, found["payload"])
        await _close(w, actor, found, state="approved", reason="", result=result)
    return await _read(request_id)


async def reject(*, actor: Actor, request_id: int, reason: str) -> dict[str, Any]:
    """退回: nothing applied; who and why are kept (the reason is required)."""
    require_role(actor, BUREAU)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("请填写退回理由。", fields={"reason": "请填写退回理由。"})
    if len(reason) > rules.MAX_REASON:
        raise Invalid("退回理由太长。", fields={"reason": f"最多 {rules.MAX_REASON} 个字。"})
    async with db.write(actor) as w:
        found = await _decide(w, actor, request_id, approving=False)
        await _close(w, actor, found, state="rejected", reason=reason, result=None)
    return await _read(request_id)
