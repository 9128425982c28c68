"""/api/v1/approvals: the county's requests waiting for a second bureau user (审核), approve and reject."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Parameter

from eldercare.api_common import (
    ERROR_EXAMPLES,
    ERROR_TEXT,
    ErrorBody,
    Limit,
    Offset,
    Out,
    _example,
    clamp_limit,
    clamp_offset,
    errors,
    typed,
)
from eldercare.approvals import rules, services
from eldercare.auth.actor import BUREAU
from eldercare.auth.middleware import requires
from eldercare.enums import ApprovalKind, ApprovalState

Payload = Annotated[dict[str, Any], msgspec.Meta(description="what was submitted (the request's own body)")]
Result = Annotated[dict[str, Any] | None, msgspec.Meta(description="what approving applied (null until approved)")]
StateQuery = Annotated[ApprovalState, Parameter(query="state", description="pending (default), approved or rejected")]
DECIDE_CONFLICTS = ("already_decided", "stale_request", "year_finalized", "duplicate", "not_run")


class ApprovalOut(Out):
    id: int
    kind: ApprovalKind
    state: ApprovalState
    year: int
    summary: str
    payload: Payload
    requested_by: str
    requested_by_id: int
    requested_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    reason: str
    result: Result


class ApprovalList(Out):
    items: list[ApprovalOut]
    total: int


class RejectIn(msgspec.Struct):
    reason: Annotated[str, msgspec.Meta(max_length=500, description="why it goes back (required)")]


def approval_out(row: dict[str, Any]) -> ApprovalOut:
    return typed(ApprovalOut, {
        "id": row["id"], "kind": row["kind"], "state": row["state"], "year": row["year"], "summary": row["summary"],
        "payload": row["payload"] or {}, "requested_by": row["requested_by_name"],
        "requested_by_id": row["requested_by"], "requested_at": row["requested_at"],
        "decided_by": row["decided_by_name"] or None, "decided_at": row["decided_at"], "reason": row["reason"],
        "result": row["result"],
    })  # fmt: skip


def pending_response(row: dict[str, Any]) -> Response[ApprovalOut]:
    """202 Accepted: the change waits for a second bureau user; nothing has taken effect yet."""
    return Response(approval_out(row), status_code=202)


def decide_errors(*conflicts: str) -> dict[int, ResponseSpec]:
    """The error responses of approve/reject: 403 also as `own_request` (the requester, from any session)."""
    specs = errors(conflicts=conflicts)
    specs[403] = ResponseSpec(data_container=ErrorBody, description=ERROR_TEXT[403], examples=[
        _example(403, *ERROR_EXAMPLES[403]), _example(403, "own_request", rules.OWN_REQUEST, {})])  # fmt: skip
    return specs


PENDING = {202: ResponseSpec(ApprovalOut, description="the county's two-person rule is on: the change waits, as "
                             "this pending request, for another bureau user to approve it (nothing changed yet)")}  # fmt: skip


class ApprovalApi(Controller):
    path = "/api/v1/approvals"
    tags = ["approvals"]
    guards = [requires(BUREAU)]

    @get("/", responses=errors())
    async def index(self, request: Request, wanted: StateQuery = ApprovalState.pending, limit: Limit = 100,
                    offset: Offset = 0) -> ApprovalList:  # fmt: skip
        """The county's requests, newest first (`?state=pending` by default; approved, rejected)."""
        rows, total = await services.list_requests(actor=request.user, state=wanted, limit=clamp_limit(limit),
                                                   offset=clamp_offset(offset))  # fmt: skip
        return typed(ApprovalList, {"items": [approval_out(r) for r in rows], "total": total})

    @get("/{request_id:int}", responses=errors())
    async def show(self, request: Request, request_id: int) -> ApprovalOut:
        return approval_out(await services.get_request(actor=request.user, request_id=request_id))

    @post("/{request_id:int}/approve", status_code=200, responses=decide_errors(*DECIDE_CONFLICTS))
    async def approve(self, request: Request, request_id: int) -> ApprovalOut:
        """Apply it as another bureau user of the county (the requester cannot, from any session or token)."""
        return approval_out(await services.approve(actor=request.user, request_id=request_id))

    @post("/{request_id:int}/reject", status_code=200, responses=decide_errors("already_decided"))
    async def reject(self, request: Request, request_id: int, data: RejectIn) -> ApprovalOut:
        """退回 with a reason: nothing applied (the requester may withdraw their own request this way)."""
        return approval_out(await services.reject(actor=request.user, request_id=request_id, reason=data.reason))
