"""审计日志: who changed what, when, with the row before and after. Written only through db.write()."""

from piccolo.columns import Integer, Text, Timestamptz, Varchar
from piccolo.table import Table


class AuditLog(Table, tablename="audit_log"):
    at = Timestamptz(index=True)
    user_id = Integer(null=True, default=None)
    actor = Varchar(length=50)
    action = Varchar(length=20)
    table_name = Varchar(length=50, index=True)
    row_id = Varchar(length=50)
    before = Text(null=True, default=None)
    after = Text(null=True, default=None)
