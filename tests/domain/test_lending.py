"""档案借阅登记: lend, return, overdue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from yanxiu_desktop.domain import lending
from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.store.models import ArchiveLoan


def test_lend_return_and_overdue(db: Path) -> None:
    a = lending.lend("2024—2025学年教研组活动记录", "县教研室 王老师", dt.date(2025, 10, 8))
    assert a.due_date == dt.date(2025, 10, 15)
    b = lending.lend("李华成长档案袋", "李华", dt.date(2025, 10, 1), dt.date(2025, 10, 20))
    c = lending.lend("课题结题材料", "张校长", dt.date(2025, 9, 1), dt.date(2025, 9, 8))
    lending.return_loan(c.id, dt.date(2025, 9, 12))
    rows = lending.list_loans(today=dt.date(2025, 10, 18))
    assert [r.id for r in rows] == [a.id, b.id, c.id]  # most overdue first, returned last
    assert rows[0].overdue and rows[0].days_overdue == 3 and rows[0].state == "逾期 3 天"
    assert not rows[1].overdue and rows[1].state == "借出中"
    assert rows[2].state == "逾期 4 天归还" and not rows[2].overdue
    assert lending.overdue_count(dt.date(2025, 10, 18)) == 1
    assert [r.id for r in lending.list_loans(dt.date(2025, 10, 18), open_only=True)] == [a.id, b.id]


def test_bad_loans_are_refused(db: Path) -> None:
    with pytest.raises(ValidationError) as exc:
        lending.lend(" ", "", dt.date(2025, 10, 8), dt.date(2025, 10, 1))
    assert len(exc.value.problems) == 3
    loan = lending.lend("档案", "王", dt.date(2025, 10, 8))
    with pytest.raises(ValidationError, match="早于"):
        lending.return_loan(loan.id, dt.date(2025, 10, 1))
    lending.return_loan(loan.id, dt.date(2025, 10, 9))
    with pytest.raises(ValidationError, match="已于"):
        lending.return_loan(loan.id, dt.date(2025, 10, 10))
    with pytest.raises(ValidationError, match="不能再修改"):
        lending.update_loan(loan.id, "档案", "王", dt.date(2025, 10, 8), dt.date(2025, 10, 9))
    assert ArchiveLoan.select().count() == 1
