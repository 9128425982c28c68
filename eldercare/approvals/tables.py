"""审核: a money change waiting for a second bureau user (the two-person rule, docs/domain-decisions.md)."""

from piccolo.columns import Integer, Text, Timestamptz, Varchar
from piccolo.table import Table


class ApprovalRequest(Table, tablename="approval_request"):
    """One request: what a bureau user asked for (payload), and who approved or rejected it, when and why.

    `subject` names what it changes (`inflow:<文号>`, `standard:<year>`, `finalize:<year>`, `rule_off`): at most
    one request per subject is pending (a partial unique index). `result` is what approving applied.
    """

    kind = Varchar(length=10)
    state = Varchar(length=10, default="pending")
    subject = Varchar(length=120)
    year = Integer()
    summary = Varchar(length=300)
    payload = Text(default="{}")
    requested_by = Integer()
    requested_by_name = Varchar(length=100)
    requested_at = Timestamptz()
    decided_by = Integer(null=True, default=None)
    decided_by_name = Varchar(length=100, default="")
    decided_at = Timestamptz(null=True, default=None)
    reason = Text(default="")
    result = Text(default="{}")
