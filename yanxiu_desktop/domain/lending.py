"""档案借阅登记: archive items leave the office only with a signed record and come back on time (seed 001).

Loans are never deleted: the log is the record the county inspects. A wrong entry is corrected by editing it
before it is returned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from yanxiu_desktop.domain.errors import NotFound, ValidationError
from yanxiu_desktop.store import audit
from yanxiu_desktop.store.db import transaction
from yanxiu_desktop.store.models import ArchiveLoan

DEFAULT_DAYS = 7


def _validate(item: str, borrower: str, date_out: Any, due_date: Any) -> list[str]:
    problems = []
    if not item.strip():
        problems.append("借阅材料名称不能为空")
    if not borrower.strip():
        problems.append("借阅人不能为空")
    if not isinstance(date_out, dt.date):
        problems.append("请填写借出日期")
    if not isinstance(due_date, dt.date):
        problems.append("请填写应还日期")
    elif isinstance(date_out, dt.date) and due_date < date_out:
        problems.append("应还日期不能早于借出日期")
    return problems


def get_loan(loan_id: int) -> ArchiveLoan:
    loan = ArchiveLoan.get_or_none(ArchiveLoan.id == loan_id)
    if loan is None:
        raise NotFound(f"找不到借阅记录（编号 {loan_id}）")
    return loan


def lend(item: str, borrower: str, date_out: dt.date, due_date: dt.date | None = None,
         note: str = "") -> ArchiveLoan:
    """Record an item going out; due in a week unless said otherwise."""
    if due_date is None and isinstance(date_out, dt.date):
        due_date = date_out + dt.timedelta(days=DEFAULT_DAYS)
    problems = _validate(item, borrower, date_out, due_date)
    if problems:
        raise ValidationError(problems)
    with transaction():
        loan = ArchiveLoan.create(item=item.strip(), borrower=borrower.strip(), date_out=date_out,
                                  due_date=due_date, note=note.strip())
        audit.record("archive_loan", loan.id, "lent", None, f"{loan.item} → {loan.borrower}")
    return loan


def update_loan(loan_id: int, item: str, borrower: str, date_out: dt.date, due_date: dt.date,
                note: str = "") -> ArchiveLoan:
    loan = get_loan(loan_id)
    if loan.returned_date is not None:
        raise ValidationError("已归还的借阅记录不能再修改")
    problems = _validate(item, borrower, date_out, due_date)
    if problems:
        raise ValidationError(problems)
    with transaction():
        for key, value in (("item", item.strip()), ("borrower", borrower.strip()), ("date_out", date_out),
                           ("due_date", due_date), ("note", note.strip())):
            if getattr(loan, key) != value:
                audit.record("archive_loan", loan.id, key, getattr(loan, key), value)
                setattr(loan, key, value)
        loan.save()
    return loan


def return_loan(loan_id: int, returned: dt.date | None = None) -> ArchiveLoan:
    loan = get_loan(loan_id)
    returned = returned or dt.date.today()
    if loan.returned_date is not None:
        raise ValidationError(f"「{loan.item}」已于 {loan.returned_date.isoformat()} 归还")
    if returned < loan.date_out:
        raise ValidationError("归还日期不能早于借出日期")
    with transaction():
        loan.returned_date = returned
        loan.save()
        audit.record("archive_loan", loan.id, "returned_date", None, returned)
    return loan


@dataclass
class LoanRow:
    id: int
    item: str
    borrower: str
    date_out: dt.date
    due_date: dt.date
    returned_date: dt.date | None
    note: str
    days_overdue: int  # > 0 only while out past the due date (or returned late: how late)

    @property
    def overdue(self) -> bool:
        return self.returned_date is None and self.days_overdue > 0

    @property
    def state(self) -> str:
        if self.returned_date is not None:
            return f"逾期 {self.days_overdue} 天归还" if self.days_overdue > 0 else "已归还"
        return f"逾期 {self.days_overdue} 天" if self.days_overdue > 0 else "借出中"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "item": self.item, "borrower": self.borrower, "date_out": self.date_out,
                "due_date": self.due_date, "returned_date": self.returned_date, "overdue": self.overdue,
                "days_overdue": self.days_overdue, "note": self.note}


def list_loans(today: dt.date | None = None, open_only: bool = False) -> list[LoanRow]:
    """Items still out first (most overdue on top), then returned ones, newest first."""
    today = today or dt.date.today()
    q = ArchiveLoan.select()
    if open_only:
        q = q.where(ArchiveLoan.returned_date.is_null())
    rows = []
    for loan in q:
        end = loan.returned_date or today
        rows.append(LoanRow(loan.id, loan.item, loan.borrower, loan.date_out, loan.due_date, loan.returned_date,
                            loan.note, max(0, (end - loan.due_date).days)))
    rows.sort(key=lambda r: (r.returned_date is not None, -r.days_overdue if r.returned_date is None else 0,
                             -r.date_out.toordinal(), -r.id))
    return rows


def overdue_count(today: dt.date | None = None) -> int:
    return sum(1 for r in list_loans(today, open_only=True) if r.overdue)
