"""What `make run` prints before serving: where to go and how to sign in to the demo county."""

from __future__ import annotations

import sys

from eldercare.demo.accounts import DEMO_PASSWORD


def sign_in_help(url: str) -> str:
    return "\n".join([
        "",
        f"  敬老院运营管理系统: {url}",
        "  示例县账号（密码均为 " + DEMO_PASSWORD + "）:",
        "    bureau                    县民政局（全县）",
        "    bureau2                   县民政局复核人（资金双人审核：批准 bureau 提交的拨入、标准变更和定案）",
        "    director01 … director26   各敬老院院长（director01 = 泉江镇敬老院）",
        "    staff001 …                工作人员（本人记录）",
        "  首次启动时定时任务会补跑到期的期间：本月供养金批次、今天的公示推进与数据核查、最近一个已过 12 月 31 日的年度的年终结算预览（只预览，不定稿）。",
        "",
    ])  # fmt: skip


if __name__ == "__main__":
    print(sign_in_help(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"))
