"""The kept reports of `eldercare verify` run by the daily checks (the integrity page shows the latest)."""

from piccolo.columns import Boolean, Integer, Text, Timestamptz
from piccolo.table import Table


class VerifyReport(Table, tablename="verify_report"):
    checked_at = Timestamptz(index=True)
    ok = Boolean(default=True)
    problem_count = Integer(default=0)
    report = Text(default="{}")
