"""审核 is per county: another county's bureau neither sees nor approves a request; city and province users
(read only) see the county's list and approve nothing."""

from __future__ import annotations

from eldercare import stores
from eldercare.approvals.tables import ApprovalRequest
from eldercare.auth.actor import Actor
from eldercare.payments.tables import FundEntry
from eldercare.profile.services import set_two_person_rule

INFLOW = {"on": "2025-03-01", "amount_fen": 1_000_000, "source": "县财政", "document_no": "遂财〔2025〕9号"}


async def test_another_countys_bureau_cannot_see_or_approve_a_request(client_of, two_counties):
    bureau = two_counties.personas["bureau"]
    await set_two_person_rule(actor=Actor(user_id=bureau.user_id, username="bureau", role="bureau"), on=True)
    pending = (await (await client_of("bureau")).post("/api/v1/fund/inflows", json=INFLOW)).json()
    outsider = await client_of("bureau_wa")
    assert (await outsider.get("/api/v1/approvals")).json() == {"items": [], "total": 0}
    assert (await outsider.get(f"/api/v1/approvals/{pending['id']}")).status_code == 404
    assert (await outsider.post(f"/api/v1/approvals/{pending['id']}/approve")).status_code == 404
    assert (await outsider.post(f"/api/v1/approvals/{pending['id']}/reject", json={"reason": "x"})).status_code == 404
    assert "遂财〔2025〕9号" not in (await (await client_of("bureau_wa", via="session")).get("/approvals")).text
    assert await FundEntry.count() == 0
    assert (await ApprovalRequest.select(ApprovalRequest.state).first())["state"] == "pending"
    with stores.use(two_counties.b_store):
        assert await ApprovalRequest.count() == 0


async def test_city_and_province_see_the_countys_requests_and_approve_nothing(client_of, two_counties):
    bureau = two_counties.personas["bureau"]
    await set_two_person_rule(actor=Actor(user_id=bureau.user_id, username="bureau", role="bureau"), on=True)
    pending = (await (await client_of("bureau")).post("/api/v1/fund/inflows", json=INFLOW)).json()
    for name in ("city", "province"):
        reader = await client_of(name)
        listed = (await reader.get("/api/v1/approvals?county=360827")).json()
        assert [r["id"] for r in listed["items"]] == [pending["id"]]
        refused = await reader.post(f"/api/v1/approvals/{pending['id']}/approve?county=360827")
        assert refused.status_code == 403
        page = await (await client_of(name, via="session")).get("/approvals?county=360827")
        assert page.status_code == 200 and "遂财〔2025〕9号" in page.text and "批准</button>" not in page.text
    assert await FundEntry.count() == 0
