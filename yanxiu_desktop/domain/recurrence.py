"""Recurring activities: "every Wednesday 15:30–17:00 for 数学教研组, weeks 2–18, skipping holidays".

A series is a set of ordinary activities sharing ``series_id``; each occurrence can be edited alone
("one") or together with every later one ("following").
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from yanxiu_desktop.domain import semesters
from yanxiu_desktop.domain.activities import apply_update, get_activity, insert_prepared, prepare
from yanxiu_desktop.domain.calendar_days import day_map, is_school_day
from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.domain.guards import ensure_semester_open
from yanxiu_desktop.domain.policy import load_policy
from yanxiu_desktop.store.db import transaction
from yanxiu_desktop.store.models import Activity, Semester

SERIES_SCOPES = ("one", "following")


def series_dates(semester: Semester, weekday: int, first_week: int, last_week: int, every_n_weeks: int = 1,
                 skip_holidays: bool = True) -> tuple[list[dt.date], list[dt.date]]:
    """(dates to create, dates skipped because they are 放假). *weekday* 0 = 星期一 … 6 = 星期日."""
    problems = []
    if not 0 <= weekday <= 6:
        problems.append("星期应在星期一到星期日之间")
    if not 1 <= first_week <= semester.weeks or not 1 <= last_week <= semester.weeks:
        problems.append(f"周次应在第一周到{semesters.week_label(semester.weeks)}之间")
    elif last_week < first_week:
        problems.append("结束周次早于开始周次")
    if every_n_weeks < 1:
        problems.append("间隔周数至少为 1")
    if problems:
        raise ValidationError(problems)
    days = day_map(semester)
    keep: list[dt.date] = []
    skipped: list[dt.date] = []
    for week in range(first_week, last_week + 1, every_n_weeks):
        d = semester.start_date + dt.timedelta(days=7 * (week - 1) + weekday)
        if skip_holidays and not is_school_day(semester, d, days) and d in days:
            skipped.append(d)
        else:
            keep.append(d)
    return keep, skipped


def create_series(semester: Semester, weekday: int, start_time: str, end_time: str, first_week: int,
                  last_week: int, every_n_weeks: int = 1, skip_holidays: bool = True,
                  **activity_fields: Any) -> list[Activity]:
    """Create every occurrence in one transaction; all or nothing."""
    ensure_semester_open(semester)
    dates, _skipped = series_dates(semester, weekday, first_week, last_week, every_n_weeks, skip_holidays)
    if not dates:
        raise ValidationError("按所选星期和周次没有可安排的日期（可能都是放假日）")
    policy = load_policy()
    base = dict(activity_fields, start_time=start_time, end_time=end_time)
    prepared = [prepare(semester, dict(base, date=d), policy) for d in dates]
    series_id = uuid.uuid4().hex[:12]
    with transaction():
        return [insert_prepared(semester, data, series_id) for data in prepared]


def update_series(activity_id: int, scope: str = "one", reason: str = "", **fields: Any) -> list[Activity]:
    """Edit one occurrence, or it and every later occurrence of its series.

    With "following", a new ``date`` moves each later occurrence by the same number of days, so "from week 9
    on we meet on Thursday" is one edit. Cancelled occurrences are left as they are.
    """
    if scope not in SERIES_SCOPES:
        raise ValidationError("修改范围应为“仅此一次”或“此次及以后”")
    a = get_activity(activity_id)
    ensure_semester_open(a.semester)
    if scope == "one" or not a.series_id:
        with transaction():
            return [apply_update(a, fields, reason)]
    later = list(Activity.select().where((Activity.series_id == a.series_id) & (Activity.date >= a.date)
                                         & ((Activity.status != "取消") | (Activity.id == a.id)))
                 .order_by(Activity.date))
    shift = None
    if "date" in fields and fields["date"] is not None:
        shift = fields["date"] - a.date
        # Creating a series skips 放假 days; moving it must not land later meetings on them unnoticed.
        days = day_map(a.semester)
        blocked = [occ.date + shift for occ in later[1:]
                   if (occ.date + shift) in days and not is_school_day(a.semester, occ.date + shift, days)]
        if blocked:
            names = "、".join(f"{d.month}月{d.day}日" + (f"（{days[d].name}）" if days[d].name else "")
                             for d in blocked)
            raise ValidationError(f"改期后以后的 {len(blocked)} 次活动会落在放假日：{names}。请先把这几次"
                                  "单独改期或取消，再修改“此次及以后”")
    updated = []
    with transaction():
        for occ in later:
            f = dict(fields)
            if shift is not None:
                f["date"] = occ.date + shift
            updated.append(apply_update(occ, f, reason))
    return updated


def series_members(activity: Activity) -> list[Activity]:
    if not activity.series_id:
        return [activity]
    return list(Activity.select().where(Activity.series_id == activity.series_id).order_by(Activity.date))
