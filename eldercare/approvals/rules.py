"""审核 rules without a database: what each kind is called, its one-line summary, who may decide it."""

from __future__ import annotations

from typing import Any

from eldercare.money import format_fen

KINDS = ("inflow", "standard", "finalize", "rule_off")
KIND_NAMES = {"inflow": "资金拨入", "standard": "供养标准", "finalize": "年度定案", "rule_off": "关闭双人审核"}
STATES = ("pending", "approved", "rejected")
STATE_NAMES = {"pending": "待审核", "approved": "已批准", "rejected": "已退回"}
OWN_REQUEST = "不能审核自己提交的申请：须由本县另一名民政局工作人员审核（同一账号换一个登录或令牌也不行）。"
MAX_REASON = 500


def summary(kind: str, payload: dict[str, Any]) -> str:
    """The line the 待审核 list and the audit log show: what would change, in the bureau's words."""
    if kind == "inflow":
        return (f"{payload['on']} 拨入 {format_fen(payload['amount_fen'])} 元，来源：{payload['source']}，"
                f"文号：{payload['document_no']}")  # fmt: skip
    if kind == "standard":
        v = payload["values"]
        extra = "，护理补贴 全自理 {} / 半失能 {} / 全失能 {} 元/年".format(
            *(format_fen(v.get(f"supplement_{k}_fen", 0)) for k in ("self_care", "partial", "full"))
        )
        return (f"{payload['year']}年度供养标准：集中 {format_fen(v['centralized_fen'])} 元/年，"
                f"分散 {format_fen(v['dispersed_fen'])} 元/年{extra}")  # fmt: skip
    if kind == "finalize":
        return f"{payload['year']}年度年终考核定案（定案后该年度数据锁定）"
    return "关闭本县的资金事项双人审核"


def refusal(*, requester_id: int, approver_id: int, state: str, approving: bool) -> tuple[str, str] | None:
    """Why this user may not decide this request ((code, Chinese sentence)), or None. The rule is by user,
    not by session or token: the same user signed in twice is still one person. The requester may withdraw
    (reject) their own request: nothing takes effect that way."""
    if state != "pending":
        return "already_decided", f"该申请{STATE_NAMES.get(state, state)}，不能再审核。"
    if approving and requester_id == approver_id:
        return "own_request", OWN_REQUEST
    return None
