"""The (job, period) ledger that makes every scheduled job run exactly once per period."""

from piccolo.columns import Integer, Text, Timestamptz, Varchar
from piccolo.constraints import Unique
from piccolo.table import Table


class JobRun(Table, tablename="job_run"):
    job = Varchar(length=40)
    period = Varchar(length=10)
    status = Varchar(length=10, default="running")
    started_at = Timestamptz()
    finished_at = Timestamptz(null=True, default=None)
    heartbeat_at = Timestamptz(null=True, default=None)
    progress = Integer(default=0)
    total = Integer(default=0)
    summary = Text(default="")
    error = Text(default="")
    attempts = Integer(default=1)
    job_run_unique_job_period = Unique(["job", "period"])
