"""零用钱 (pocket money, paid with the monthly batch) and 代管金 (a resident's own savings kept by the home)."""

from piccolo.columns import BigInt, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from eldercare.county.tables import Home
from eldercare.payments.tables import PaymentBatch
from eldercare.residents.tables import Resident


class PocketMoneySetting(Table, tablename="pocket_money_setting"):
    """The year's monthly amount per centralized resident by care level, and where it is paid from."""

    year = Integer(unique=True)
    source = Varchar(length=10)  # economy (the home's courtyard income) | fund (the support fund)
    self_care_fen = BigInt(default=0)
    partial_fen = BigInt(default=0)
    full_fen = BigInt(default=0)
    set_at = Timestamptz()
    set_by = Integer(null=True, default=None)


class PocketMoneyLine(Table, tablename="pocket_money_line"):
    """One resident's pocket money for one month, paid with that month's batch (once: unique per month)."""

    batch = ForeignKey(references=PaymentBatch, on_delete=OnDelete.restrict, null=False)
    resident = ForeignKey(references=Resident, on_delete=OnDelete.restrict, null=False)
    home = ForeignKey(references=Home, on_delete=OnDelete.restrict, null=False)
    for_period = Varchar(length=7)
    care_level = Varchar(length=10)
    source = Varchar(length=10)
    amount_fen = BigInt()


class SavingsEntry(Table, tablename="savings_entry"):
    """代管金 ledger line: a deposit or a witnessed withdrawal; the balance after it is never below zero."""

    resident = ForeignKey(references=Resident, on_delete=OnDelete.restrict, null=False)
    home = ForeignKey(references=Home, on_delete=OnDelete.restrict, null=False)
    seq = Integer()
    dated_on = Date()
    kind = Varchar(length=10)
    amount_fen = BigInt()
    balance_after_fen = BigInt()
    witness = Varchar(length=50, default="")
    note = Text(default="")
    created_at = Timestamptz()
    created_by = Integer(null=True, default=None)
