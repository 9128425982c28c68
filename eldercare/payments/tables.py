"""供养金: standards, the special fund ledger (农村五保供养资金分户), monthly batches and their lines."""

from piccolo.columns import BigInt, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.constraints import Check, Unique
from piccolo.table import Table

from eldercare.county.tables import Home
from eldercare.residents.tables import Mode, Resident


class Standard(Table, tablename="standard"):
    """Yearly amounts per person, a new version per change (history kept); the highest version is in force."""

    year = Integer(index=True)
    version = Integer(default=1)
    centralized_fen = BigInt()
    dispersed_fen = BigInt()
    supplement_self_care_fen = BigInt(default=0)
    supplement_partial_fen = BigInt(default=0)
    supplement_full_fen = BigInt(default=0)
    set_at = Timestamptz()
    set_by = Integer(null=True, default=None)
    standard_unique_year_version = Unique(["year", "version"])
    standard_not_negative = Check(
        (centralized_fen >= 0)
        & (dispersed_fen >= 0)
        & (supplement_self_care_fen >= 0)
        & (supplement_partial_fen >= 0)
        & (supplement_full_fen >= 0)
    )


class PaymentBatch(Table, tablename="payment_batch"):
    period = Varchar(length=7, unique=True)
    count = Integer(default=0)
    total_fen = BigInt(default=0)
    status = Varchar(length=10, default="paid")
    created_at = Timestamptz()
    created_by = Integer(null=True, default=None)


class FundEntry(Table, tablename="fund_entry"):
    """One ledger line: an inflow (appropriation) or an outflow (a batch). The balance after it is never < 0."""

    dated_on = Date(index=True)
    kind = Varchar(length=8)
    amount_fen = BigInt()
    balance_after_fen = BigInt()
    source = Varchar(length=200, default="")
    document_no = Varchar(length=100, default="")
    batch = ForeignKey(references=PaymentBatch, on_delete=OnDelete.restrict, null=True, unique=True)
    created_at = Timestamptz()
    created_by = Integer(null=True, default=None)
    fund_entry_amount_positive = Check(amount_fen > 0)
    fund_entry_balance_not_negative = Check(balance_after_fen >= 0)


class PaymentLine(Table, tablename="payment_line"):
    """A month's payment for one resident: regular, or back pay (补发) for an earlier month after a raise."""

    batch = ForeignKey(references=PaymentBatch, on_delete=OnDelete.cascade, null=False, index=True)
    resident = ForeignKey(references=Resident, on_delete=OnDelete.restrict, null=False, index=True)
    for_period = Varchar(length=7)
    kind = Varchar(length=10, default="regular")
    standard_version = Integer(default=1)
    mode = Varchar(length=12, choices=Mode)
    care_level = Varchar(length=10)
    home = ForeignKey(references=Home, on_delete=OnDelete.restrict, null=True, index=True)
    payee = Varchar(length=10)
    standard_fen = BigInt(default=0)
    supplement_fen = BigInt(default=0)
    amount_fen = BigInt()
    note = Text(default="")
    payment_line_once_per_month = Unique(["resident", "for_period", "kind", "standard_version"])
