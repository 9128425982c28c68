"""审核 through the API: with the county's two-person rule on, an inflow, a standard change and a year-end
finalize answer 202 with the pending request and take effect only when another bureau user approves."""

from __future__ import annotations

import asyncio
import datetime as dt

from eldercare.audit.tables import AuditLog
from eldercare.payments.tables import FundEntry, Standard
from eldercare.yearend.lock import is_finalized
from eldercare.yearend.tables import YearEnd

INFLOW = {"on": "2025-03-01", "amount_fen": 50_000_000, "source": "县财政", "document_no": "遂财〔2025〕8号"}
STANDARD = {"centralized_fen": 192_000, "dispersed_fen": 132_000,
            "care_supplement_fen": {"self_care": 0, "partial": 12_000, "full": 36_000}}  # fmt: skip


async def balance(client) -> int:
    return (await client.get("/api/v1/fund/ledger")).json()["balance_fen"]


async def year_run(year: int) -> None:
    await YearEnd.insert(YearEnd(year=year, status="run", run_at=dt.datetime(2026, 1, 10, tzinfo=dt.UTC))).run()


async def test_with_the_rule_off_the_contracts_answers_are_unchanged(client_for, clerks):
    bureau = await client_for("bureau", via="token")
    inflow = await bureau.post("/api/v1/fund/inflows", json=INFLOW)
    assert inflow.status_code == 201 and inflow.json()["balance_fen"] == 50_000_000
    standard = await bureau.put("/api/v1/standards/2025", json=STANDARD)
    assert standard.status_code == 200 and standard.json()["version"] == 1
    await year_run(2025)
    finalized = await bureau.post("/api/v1/years/2025/finalize")
    assert finalized.status_code == 200 and finalized.json() == {"year": 2025, "status": "finalized"}
    assert (await bureau.get("/api/v1/approvals")).json() == {"items": [], "total": 0}


async def test_an_inflow_waits_for_a_second_bureau_user_and_then_enters_the_fund(client_for, rule_on):
    bureau, bureau2 = await client_for("bureau", via="token"), await client_for("bureau2", via="token")
    answer = await bureau.post("/api/v1/fund/inflows", json=INFLOW)
    assert answer.status_code == 202
    pending = answer.json()
    assert pending["kind"] == "inflow" and pending["state"] == "pending" and pending["requested_by"] == "bureau"
    assert pending["requested_at"] and pending["payload"] == INFLOW and pending["result"] is None
    assert "500,000.00 元" in pending["summary"] and "遂财〔2025〕8号" in pending["summary"]
    assert await balance(bureau) == 0 and await FundEntry.count() == 0  # nothing took effect
    listed = (await bureau2.get("/api/v1/approvals")).json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == pending["id"]

    approved = await bureau2.post(f"/api/v1/approvals/{pending['id']}/approve")
    assert approved.status_code == 200
    body = approved.json()
    assert body["state"] == "approved" and body["decided_by"] == "bureau2" and body["decided_at"]
    assert body["result"]["balance_fen"] == 50_000_000
    assert await balance(bureau) == 50_000_000
    assert (await bureau2.get("/api/v1/approvals")).json()["total"] == 0
    assert (await bureau2.get("/api/v1/approvals?state=approved")).json()["total"] == 1


async def test_the_two_person_rule_cannot_be_met_by_one_user_with_two_sessions(client_for, rule_on):
    by_session = await client_for("bureau")  # a cookie session
    by_token = await client_for("bureau", via="token")  # the same user, another way in
    another_session = await client_for("bureau")
    pending = (await by_session.post("/api/v1/fund/inflows", json=INFLOW)).json()
    for client in (by_token, another_session, by_session):
        refused = await client.post(f"/api/v1/approvals/{pending['id']}/approve")
        assert refused.status_code == 403
        assert refused.json()["error"] == "own_request" and "不能审核自己提交的申请" in refused.json()["detail"]
    assert await FundEntry.count() == 0
    assert (await by_token.get(f"/api/v1/approvals/{pending['id']}")).json()["state"] == "pending"
    bureau2 = await client_for("bureau2", via="token")
    assert (await bureau2.post(f"/api/v1/approvals/{pending['id']}/approve")).status_code == 200


async def test_a_standard_change_waits_and_the_year_keeps_its_standard_until_approved(client_for, rule_on):
    bureau, bureau2 = await client_for("bureau", via="token"), await client_for("bureau2", via="token")
    answer = await bureau.put("/api/v1/standards/2025", json=STANDARD)
    assert answer.status_code == 202 and answer.json()["kind"] == "standard"
    assert answer.json()["payload"]["base_version"] == 0
    assert (await bureau.get("/api/v1/standards/2025")).status_code == 404  # still no standard
    again = await bureau.put("/api/v1/standards/2025", json={**STANDARD, "centralized_fen": 200_000})
    assert again.status_code == 409 and again.json()["error"] == "approval_pending"  # one pending per year
    done = await bureau2.post(f"/api/v1/approvals/{answer.json()['id']}/approve")
    assert done.status_code == 200 and done.json()["result"]["version"] == 1
    shown = (await bureau.get("/api/v1/standards/2025")).json()
    assert shown["centralized_fen"] == 192_000 and shown["care_supplement_fen"]["full"] == 36_000


async def test_a_standard_changed_meanwhile_is_refused_on_approval_and_nothing_applied(client_for, rule_on):
    from eldercare.payments.services import put_standard
    from eldercare.profile.services import set_two_person_rule
    from tests.approvals.conftest import actor_of

    bureau, bureau2 = await client_for("bureau", via="token"), await client_for("bureau2", via="token")
    stale = (await bureau.put("/api/v1/standards/2025", json=STANDARD)).json()
    # meanwhile the rule goes off (with bureau3's approval) and a clerk sets the year's standard directly
    off = await set_two_person_rule(actor=actor_of(rule_on, "bureau2"), on=False)
    assert (await (await client_for("bureau3", via="token")).post(f"/api/v1/approvals/{off['id']}/approve")).status_code == 200
    await put_standard(actor=actor_of(rule_on, "bureau2"), year=2025,
                       values={"centralized_fen": 180_000, "dispersed_fen": 120_000})  # fmt: skip
    refused = await bureau2.post(f"/api/v1/approvals/{stale['id']}/approve")
    assert refused.status_code == 409 and refused.json()["error"] == "stale_request"
    assert "第 1 版" in refused.json()["detail"]
    assert [r["centralized_fen"] for r in await Standard.select(Standard.centralized_fen)] == [180_000]
    assert (await bureau2.get(f"/api/v1/approvals/{stale['id']}")).json()["state"] == "pending"


async def test_a_finalize_waits_and_the_year_stays_open_until_approved(client_for, rule_on):
    bureau, bureau2 = await client_for("bureau", via="token"), await client_for("bureau2", via="token")
    await year_run(2025)
    answer = await bureau.post("/api/v1/years/2025/finalize")
    assert answer.status_code == 202 and answer.json()["kind"] == "finalize" and answer.json()["year"] == 2025
    assert not await is_finalized(2025)
    assert (await bureau.post("/api/v1/fund/inflows", json=INFLOW)).status_code == 202  # 2025 still takes writes
    done = await bureau2.post(f"/api/v1/approvals/{answer.json()['id']}/approve")
    assert done.status_code == 200 and done.json()["result"] == {"year": 2025, "status": "finalized"}
    assert await is_finalized(2025)


async def test_a_year_finalized_meanwhile_refuses_the_approval_and_a_rejection_keeps_who_and_why(client_for, rule_on):
    bureau, bureau2 = await client_for("bureau", via="token"), await client_for("bureau2", via="token")
    pending = (await bureau.post("/api/v1/fund/inflows", json=INFLOW)).json()
    await year_run(2025)
    await YearEnd.update({YearEnd.status: "finalized"}).where(YearEnd.year == 2025).run()
    refused = await bureau2.post(f"/api/v1/approvals/{pending['id']}/approve")
    assert refused.status_code == 409 and refused.json()["error"] == "year_finalized"
    assert await FundEntry.count() == 0
    no_reason = await bureau2.post(f"/api/v1/approvals/{pending['id']}/reject", json={"reason": "  "})
    assert no_reason.status_code == 422 and no_reason.json()["fields"] == {"reason": "请填写退回理由。"}
    rejected = await bureau2.post(f"/api/v1/approvals/{pending['id']}/reject", json={"reason": "2025年度已定案"})
    assert rejected.status_code == 200
    body = rejected.json()
    assert body["state"] == "rejected" and body["decided_by"] == "bureau2" and body["reason"] == "2025年度已定案"
    again = await bureau2.post(f"/api/v1/approvals/{pending['id']}/approve")
    assert again.status_code == 409 and again.json()["error"] == "already_decided"


async def test_a_pending_request_cannot_be_approved_twice_even_at_once(client_for, rule_on):
    bureau = await client_for("bureau", via="token")
    bureau2, bureau3 = await client_for("bureau2", via="token"), await client_for("bureau3", via="token")
    pending = (await bureau.post("/api/v1/fund/inflows", json=INFLOW)).json()
    url = f"/api/v1/approvals/{pending['id']}/approve"
    answers = await asyncio.gather(bureau2.post(url), bureau3.post(url))
    assert sorted(a.status_code for a in answers) == [200, 409]
    assert [a.json()["error"] for a in answers if a.status_code == 409] == ["already_decided"]
    assert await FundEntry.count() == 1 and await balance(bureau) == 50_000_000


async def test_the_requester_may_withdraw_their_own_request(client_for, rule_on):
    bureau = await client_for("bureau", via="token")
    pending = (await bureau.post("/api/v1/fund/inflows", json=INFLOW)).json()
    withdrawn = await bureau.post(f"/api/v1/approvals/{pending['id']}/reject", json={"reason": "金额填错"})
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "rejected"
    assert (await bureau.post("/api/v1/fund/inflows", json=INFLOW)).status_code == 202  # the subject is free again


async def test_bad_input_is_refused_at_once_and_never_queued(client_for, rule_on):
    bureau = await client_for("bureau", via="token")
    bad = await bureau.post("/api/v1/fund/inflows", json={**INFLOW, "source": " "})
    assert bad.status_code == 422 and "source" in bad.json()["fields"]
    await FundEntry.insert(FundEntry(dated_on=dt.date(2025, 1, 1), kind="inflow", amount_fen=1, balance_after_fen=1,
                                     document_no=INFLOW["document_no"], created_at=dt.datetime.now(dt.UTC))).run()  # fmt: skip
    duplicate = await bureau.post("/api/v1/fund/inflows", json=INFLOW)
    assert duplicate.status_code == 409 and duplicate.json()["error"] == "duplicate"
    assert (await bureau.post("/api/v1/years/2025/finalize")).json()["error"] == "not_run"
    assert (await bureau.get("/api/v1/approvals")).json()["total"] == 0


async def test_directors_and_staff_cannot_see_or_approve(client_for, rule_on):
    pending = (await (await client_for("bureau", via="token")).post("/api/v1/fund/inflows", json=INFLOW)).json()
    for name in ("director_a", "staff_a"):
        client = await client_for(name, via="token")
        assert (await client.get("/api/v1/approvals")).status_code == 403
        assert (await client.post(f"/api/v1/approvals/{pending['id']}/approve")).status_code == 403
        assert (await client.post(f"/api/v1/approvals/{pending['id']}/reject", json={"reason": "x"})).status_code == 403
    assert await FundEntry.count() == 0


async def test_the_audit_log_says_who_requested_approved_and_rejected(client_for, rule_on):
    bureau, bureau2 = await client_for("bureau", via="token"), await client_for("bureau2", via="token")
    first = (await bureau.post("/api/v1/fund/inflows", json=INFLOW)).json()
    second = (await bureau.put("/api/v1/standards/2025", json=STANDARD)).json()
    await bureau2.post(f"/api/v1/approvals/{first['id']}/approve")
    await bureau2.post(f"/api/v1/approvals/{second['id']}/reject", json={"reason": "标准待县政府批复"})
    rows = await AuditLog.select(AuditLog.actor, AuditLog.action, AuditLog.row_id).where(
        AuditLog.table_name == "approval_request").order_by(AuditLog.id)  # fmt: skip
    assert [(r["actor"], r["action"], int(r["row_id"])) for r in rows] == [
        ("bureau", "request", first["id"]), ("bureau", "request", second["id"]),
        ("bureau2", "approve", first["id"]), ("bureau2", "reject", second["id"])]  # fmt: skip
    applied = await AuditLog.select(AuditLog.actor).where(AuditLog.table_name == "fund_entry")
    assert [r["actor"] for r in applied] == ["bureau2"]  # the inflow entered with the approval
