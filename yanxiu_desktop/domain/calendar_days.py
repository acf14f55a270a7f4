"""Holidays and make-up workdays (调休) the school enters for a term.

No built-in holiday table is trusted (chinese-calendar stops at 2026): the staff type the dates from the
county's 校历, once per term.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from yanxiu_desktop.domain import semesters
from yanxiu_desktop.domain.dates import stored_date
from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.domain.guards import ensure_semester_open
from yanxiu_desktop.store.db import database, transaction
from yanxiu_desktop.store.models import CalendarDay, Semester

CALENDAR_DAY_KINDS = ("放假", "调休上班")


def _check(semester: Semester, day: dt.date, kind: str) -> list[str]:
    problems = []
    if kind not in CALENDAR_DAY_KINDS:
        problems.append(f"日期类型应为 {'、'.join(CALENDAR_DAY_KINDS)} 之一，不是「{kind}」")
    if not semester.start_date <= day <= semesters.end_date(semester):
        problems.append(f"{semesters.cn_date(day)} 不在本学期之内")
    if kind == "调休上班" and day.weekday() < 5:
        problems.append(f"{semesters.cn_date(day, True)} 本来就是工作日，调休上班应是周六或周日")
    return problems


def set_calendar_day(semester: Semester, date: dt.date, kind: str, name: str = "") -> CalendarDay:
    """Mark one day as 放假 or 调休上班 (replacing what was there)."""
    ensure_semester_open(semester)
    problems = _check(semester, date, kind)
    if problems:
        raise ValidationError(problems)
    with transaction():
        row = CalendarDay.get_or_none((CalendarDay.semester == semester) & (CalendarDay.date == date))
        if row is None:
            row = CalendarDay(semester=semester, date=date)
        row.kind, row.name = kind, name.strip()
        row.save()
    return row


def set_holiday_range(semester: Semester, first: dt.date, last: dt.date, name: str) -> list[CalendarDay]:
    """国庆节 10月1日—7日 in one step (every day of the range becomes 放假)."""
    ensure_semester_open(semester)
    if last < first:
        raise ValidationError("放假结束日期早于开始日期")
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    problems = [p for d in days for p in _check(semester, d, "放假")]
    if problems:
        raise ValidationError(problems)
    with transaction():
        return [set_calendar_day(semester, d, "放假", name) for d in days]


def remove_calendar_day(semester: Semester, date: dt.date) -> None:
    ensure_semester_open(semester)
    with transaction():
        CalendarDay.delete().where((CalendarDay.semester == semester) & (CalendarDay.date == date)).execute()


def calendar_days(semester: Semester) -> list[CalendarDay]:
    return list(CalendarDay.select().where(CalendarDay.semester == semester).order_by(CalendarDay.date))


def day_map(semester: Semester) -> dict[dt.date, CalendarDay]:
    return {c.date: c for c in calendar_days(semester)}


class DayRow(NamedTuple):
    """A 放假/调休上班 day as plain values (``CalendarDay``'s attribute names)."""

    date: dt.date
    kind: str
    name: str


def day_rows(semester: Semester) -> dict[dt.date, DayRow]:
    """:func:`day_map` as plain rows read in hand-written SQL (term statistics and quotas read it on every
    refresh)."""
    rows = database.obj.execute_sql("SELECT date, kind, name FROM calendar_day WHERE semester_id = ? ORDER BY date",
                                    (semester.id,))
    return {d: DayRow(d, kind, name) for d, kind, name in ((stored_date(d), k, n) for d, k, n in rows)}


def is_school_day(semester: Semester, date: dt.date, days: dict[dt.date, CalendarDay] | None = None) -> bool:
    """A weekday that is not a holiday, or a weekend 调休上班 day."""
    if days is None:
        row = CalendarDay.get_or_none((CalendarDay.semester == semester) & (CalendarDay.date == date))
    else:
        row = days.get(date)
    if row is not None:
        return row.kind == "调休上班"
    return date.weekday() < 5
