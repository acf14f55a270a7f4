from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from yanxiu_desktop.domain import semesters as s
from yanxiu_desktop.domain.errors import ValidationError


def test_labels() -> None:
    assert s.cn_number(1) == "一" and s.cn_number(10) == "十" and s.cn_number(12) == "十二"
    assert s.cn_number(20) == "二十" and s.week_label(19) == "第十九周"
    assert s.parse_semester_spec("2025—2026-1") == (2025, 1)
    assert s.parse_semester_spec("2025-2026-2") == (2025, 2)
    assert s.parse_semester_spec("2025—2026学年第二学期") == (2025, 2)
    with pytest.raises(ValidationError):
        s.parse_semester_spec("2025-2027-1")
    with pytest.raises(ValidationError):
        s.parse_semester_spec("去年")


def test_weeks_cross_new_year(db: Path) -> None:
    sem = s.create_semester(2025, 1, dt.date(2025, 9, 1), 20)
    assert s.semester_label(sem) == "2025—2026学年第一学期"
    assert s.week_of(sem, dt.date(2025, 9, 1)) == 1
    assert s.week_of(sem, dt.date(2025, 9, 7)) == 1  # Sunday still week 1
    assert s.week_of(sem, dt.date(2025, 9, 8)) == 2
    assert s.week_of(sem, dt.date(2025, 12, 31)) == 18
    assert s.week_of(sem, dt.date(2026, 1, 1)) == 18
    assert s.week_of(sem, dt.date(2026, 1, 5)) == 19
    assert s.week_of(sem, dt.date(2025, 8, 31)) is None
    assert s.week_of(sem, dt.date(2026, 1, 19)) is None
    assert s.end_date(sem) == dt.date(2026, 1, 18)
    w = s.weeks(sem)[17]
    assert (w.label, w.monday, w.sunday) == ("第十八周", dt.date(2025, 12, 29), dt.date(2026, 1, 4))


def test_create_semester_validation(db: Path) -> None:
    with pytest.raises(ValidationError, match="不是星期一"):
        s.create_semester(2025, 1, dt.date(2025, 9, 2))
    with pytest.raises(ValidationError, match="2026 年"):
        s.create_semester(2025, 2, dt.date(2025, 3, 3))
    s.create_semester(2025, 1, dt.date(2025, 9, 1))
    with pytest.raises(ValidationError, match="已经存在"):
        s.create_semester(2025, 1, dt.date(2025, 9, 1))
    # 2025-09-01 + 20 weeks runs to 2026-01-18: a second term starting 01-12 would share a week.
    with pytest.raises(ValidationError, match="与2025—2026学年第一学期（2025年9月1日～2026年1月18日）有重叠"):
        s.create_semester(2025, 2, dt.date(2026, 1, 12))
    assert s.create_semester(2025, 2, dt.date(2026, 1, 19), 2).start_date == dt.date(2026, 1, 19)  # the day after


def test_current_previous_and_suggest(db: Path) -> None:
    a = s.create_semester(2025, 1, dt.date(2025, 9, 1), 20)
    b = s.create_semester(2025, 2, dt.date(2026, 3, 2), 19)
    assert s.current_semester(dt.date(2025, 10, 1)).id == a.id
    assert s.current_semester(dt.date(2026, 2, 10)).id == a.id  # winter break: last started term
    assert s.current_semester(dt.date(2026, 4, 1)).id == b.id
    assert s.previous_semester(b).id == a.id and s.previous_semester(a) is None
    y, t, monday = s.suggest_next()
    assert (y, t) == (2026, 1) and monday.weekday() == 0 and monday.month in (8, 9)


def test_term_months_by_week_wednesday(db: Path) -> None:
    # 20 weeks from Monday 2026-08-31 to Sunday 2027-01-17: the first week's Wednesday is 2 September.
    sem = s.create_semester(2026, 1, dt.date(2026, 8, 31))
    assert s.term_months(sem) == [(2026, 9), (2026, 10), (2026, 11), (2026, 12), (2027, 1)]
    assert s.month_of_date(sem, dt.date(2026, 8, 31)) == (2026, 9)
    # Thursday 1 October is in the week of Monday 28 September, whose Wednesday is 30 September.
    assert s.month_of_date(sem, dt.date(2026, 10, 1)) == (2026, 9)
    assert s.month_of_date(sem, dt.date(2026, 10, 5)) == (2026, 10)
    assert s.month_of_date(sem, dt.date(2027, 2, 1)) == (2027, 2)  # after the term: its calendar month
