"""审核 rules without a database: who may decide a request, and the line that says what it changes."""

from eldercare.approvals import rules


def test_the_requester_cannot_approve_but_may_withdraw():
    assert rules.refusal(requester_id=7, approver_id=7, state="pending", approving=True)[0] == "own_request"
    assert rules.refusal(requester_id=7, approver_id=7, state="pending", approving=False) is None
    assert rules.refusal(requester_id=7, approver_id=8, state="pending", approving=True) is None


def test_a_decided_request_cannot_be_decided_again():
    code, sentence = rules.refusal(requester_id=7, approver_id=8, state="approved", approving=True)
    assert code == "already_decided" and sentence == "该申请已批准，不能再审核。"
    assert rules.refusal(requester_id=7, approver_id=8, state="rejected", approving=False)[1] == "该申请已退回，不能再审核。"


def test_each_kind_says_what_it_changes_in_yuan():
    inflow = {"on": "2025-03-01", "amount_fen": 123_450, "source": "县财政", "document_no": "遂财〔2025〕1号"}
    assert rules.summary("inflow", inflow) == "2025-03-01 拨入 1,234.50 元，来源：县财政，文号：遂财〔2025〕1号"
    standard = {"year": 2025, "values": {"centralized_fen": 192_000, "dispersed_fen": 132_000,
                                         "supplement_full_fen": 36_000}, "base_version": 1}  # fmt: skip
    assert rules.summary("standard", standard) == (
        "2025年度供养标准：集中 1,920.00 元/年，分散 1,320.00 元/年，护理补贴 全自理 0.00 / 半失能 0.00 / 全失能 360.00 元/年")
    assert rules.summary("finalize", {"year": 2025}).startswith("2025年度年终考核定案")
