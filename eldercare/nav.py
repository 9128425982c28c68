"""The navigation each role sees, grouped 人员 / 资金 / 考核 / 报表 / 系统, with the current page marked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NavLink:
    href: str
    label: str
    current: bool = False


@dataclass(frozen=True)
class NavGroup:
    label: str
    links: tuple[NavLink, ...]

    @property
    def current(self) -> NavLink | None:
        return next((link for link in self.links if link.current), None)


def _bureau() -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        ("人员", [("/residents", "供养对象"), ("/admissions", "入院审批"), ("/reviews", "年审"),
                  ("/census", "集中供养率"), ("/integrity", "专项治理"), ("/homes", "敬老院"), ("/certificates", "供养证")]),
        ("资金", [("/payments/standards", "供养标准"), ("/payments/batches", "供养金发放"), ("/fund", "资金分户"),
                  ("/pocket-money", "零用钱"), ("/economy", "院办经济"), ("/approvals", "待审核")]),
        ("考核", [("/ratings", "星级评定"), ("/years", "年终考核")]),
        ("报表", [("/county", "全县概况"), ("/dashboard", "数据看板"), ("/reports", "统计报表")]),
        ("系统", [("/settings", "本县设置"), ("/jobs", "定时任务"), ("/audit", "审计日志")]),
    ]  # fmt: skip


def _director(home: int) -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        ("人员", [("/residents", "供养对象"), ("/admissions", "入院申请"), ("/reviews", "年审"),
                  ("/census", "在院人数"), (f"/homes/{home}/staff", "工作人员")]),
        ("资金", [("/payments/batches", "供养金发放"), (f"/homes/{home}/economy", "院办经济"),
                  (f"/homes/{home}/disclosure", "财务公开")]),
        ("考核", [(f"/homes/{home}/assessments", "年度考核"), (f"/homes/{home}/trust-surveys", "信任测评"),
                  (f"/homes/{home}/rating", "星级评定")]),
        ("报表", [(f"/homes/{home}", "本院首页")]),
    ]  # fmt: skip


def _staff() -> list[tuple[str, list[tuple[str, str]]]]:
    return [("考核", [("/me", "我的绩效"), ("/me/years", "历年绩效")])]


def _matches(href: str, path: str) -> bool:
    return path == href or path.startswith(href.rstrip("/") + "/")


def nav_for(actor: Any, path: str) -> list[NavGroup]:
    """The actor's groups; the link whose address is the longest prefix of `path` is the current one."""
    if actor is None or not getattr(actor, "role", None):
        return []
    if actor.role in ("city", "province"):
        # a reader: the roll-up, and the county chosen as its bureau sees it (no settings: nothing to change)
        groups = [("各县", [("/counties", "各县对比")])]
        if getattr(actor, "county_code", None):
            groups += [(label, [(h, t) for h, t in links if h != "/settings"]) for label, links in _bureau()]
    elif actor.role == "bureau":
        groups = _bureau()
    elif actor.role == "director":
        groups = _director(actor.home_id)
    else:
        groups = _staff()
    hrefs = [href for _, links in groups for href, _ in links if _matches(href, path)]
    current = max(hrefs, key=len, default=None)
    return [NavGroup(label, tuple(NavLink(h, text, h == current) for h, text in links)) for label, links in groups]
