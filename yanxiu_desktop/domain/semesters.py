"""学年/学期 and 第N周 as schools write them.

A semester starts on the Monday of 第一周; week N runs Monday to Sunday. 学年 "2025—2026" uses an em dash
as school documents do; "2025-2026" and "2025~2026" are accepted on input.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from yanxiu_desktop.domain.errors import NotFound, ValidationError
from yanxiu_desktop.domain.school import current_school
from yanxiu_desktop.store.db import transaction
from yanxiu_desktop.store.models import Semester

TERM_NAMES = {1: "第一学期", 2: "第二学期"}
CN_DIGITS = "零一二三四五六七八九"
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def cn_number(n: int) -> str:
    """1→一, 10→十, 12→十二, 20→二十 (week numbers and months as printed on a 校历)."""
    if n < 0:
        raise ValueError(n)
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    if n < 100:
        return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")
    return str(n)


def week_label(n: int) -> str:
    return f"第{cn_number(n)}周"


def year_label(year_start: int) -> str:
    return f"{year_start}—{year_start + 1}"


def semester_label(sem: Semester) -> str:
    return f"{year_label(sem.year_start)}学年{TERM_NAMES[sem.term]}"


def cn_date(d: dt.date, weekday: bool = False) -> str:
    text = f"{d.year}年{d.month}月{d.day}日"
    return f"{text} {WEEKDAYS[d.weekday()]}" if weekday else text


_SPEC = re.compile(r"^\s*(\d{4})\s*[—–\-~～至]+\s*(\d{4})\s*[-—_/ ]?\s*(?:学年)?\s*(?:第)?([12一二])(?:学期)?\s*$")


def parse_semester_spec(spec: str) -> tuple[int, int]:
    """"2025—2026-1" / "2025-2026-2" / "2025—2026学年第二学期" → (2025, 2)."""
    m = _SPEC.match(spec)
    if not m:
        raise ValidationError(f"学期「{spec}」格式不对，应写成 2025—2026-1（第一学期）或 2025—2026-2")
    y1, y2, t = int(m.group(1)), int(m.group(2)), m.group(3)
    if y2 != y1 + 1:
        raise ValidationError(f"学年「{y1}—{y2}」的两个年份应相差一年")
    return y1, {"1": 1, "一": 1, "2": 2, "二": 2}[t]


@dataclass(frozen=True)
class Week:
    number: int
    monday: dt.date

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def label(self) -> str:
        return week_label(self.number)


def week_of(sem: Semester, day: dt.date) -> int | None:
    """第N周 of *day*, or None outside the term's weeks."""
    delta = (day - sem.start_date).days
    if delta < 0:
        return None
    n = delta // 7 + 1
    return n if n <= sem.weeks else None


def weeks(sem: Semester) -> list[Week]:
    return [Week(i + 1, sem.start_date + dt.timedelta(days=7 * i)) for i in range(sem.weeks)]


def end_date(sem: Semester) -> dt.date:
    return sem.start_date + dt.timedelta(days=7 * sem.weeks - 1)


def term_over(sem: Semester, today: dt.date | None = None) -> bool:
    """Past its last day, or archived: results are final (合格/不合格) rather than 进行中."""
    return (today or dt.date.today()) > end_date(sem) or bool(sem.closed)


# -- the months of a term ----------------------------------------------------------------------------------
# One rule for every monthly figure (听课 month-end counts, 每月 portfolio requirements, activities per month,
# the calendar's month list): a week belongs to the month of its Wednesday, the month holding most of its
# school days, and the months of a term are the months its weeks belong to. A term starting on Monday
# 31 August has no one-day 八月: that week is September's. Holidays do not change the months (the quota
# module decides which weeks are teaching weeks).


def month_of_week(week: Week) -> tuple[int, int]:
    """(year, month) a week is counted under: its Wednesday's."""
    mid = week.monday + dt.timedelta(days=2)
    return mid.year, mid.month


def term_months(sem: Semester) -> list[tuple[int, int]]:
    """(year, month) of the term in order: a 20-week term from Monday 2026-08-31 gives Sep … Jan (5)."""
    out: list[tuple[int, int]] = []
    for w in weeks(sem):
        ym = month_of_week(w)
        if ym not in out:
            out.append(ym)
    return out


def month_of_date(sem: Semester, day: dt.date) -> tuple[int, int]:
    """The term month *day* is counted under: its week's (Monday 2026-08-31 → September). Outside the
    term's weeks a day keeps its calendar month."""
    n = week_of(sem, day)
    if n is None:
        return day.year, day.month
    return month_of_week(Week(n, sem.start_date + dt.timedelta(days=7 * (n - 1))))


def create_semester(year_start: int, term: int, start_date: dt.date, weeks_count: int = 20,
                    copy_groups_from: Semester | None = None) -> Semester:
    """A new term; with *copy_groups_from*, last term's groups and pairs come along in the same transaction."""
    problems: list[str] = []
    if term not in (1, 2):
        problems.append("学期只能是第一学期或第二学期")
    if start_date.weekday() != 0:
        problems.append(f"开学第一周应从星期一开始，{cn_date(start_date, True)}不是星期一")
    if not 1 <= weeks_count <= 30:
        problems.append("学期周数应在 1～30 之间")
    if not 2000 <= year_start <= 2100:
        problems.append(f"学年起始年份 {year_start} 不合理")
    expected_year = year_start if term == 1 else year_start + 1
    if start_date.year != expected_year:
        problems.append(
            f"{year_label(year_start)}学年{TERM_NAMES.get(term, '')}的开学日期应在 {expected_year} 年"
        )
    if problems:
        raise ValidationError(problems)
    school = current_school()
    exists = Semester.get_or_none(
        (Semester.school == school) & (Semester.year_start == year_start) & (Semester.term == term)
    )
    if exists:
        raise ValidationError(f"{year_label(year_start)}学年{TERM_NAMES[term]}已经存在")
    # One week belongs to one term: otherwise an activity, its 学时 and 第N周 would have two homes.
    last = start_date + dt.timedelta(days=7 * weeks_count - 1)
    for other in Semester.select().where(Semester.school == school):
        if other.start_date <= last and start_date <= end_date(other):
            raise ValidationError(
                f"新学期（{cn_date(start_date)}～{cn_date(last)}，{weeks_count} 周）与{semester_label(other)}"
                f"（{cn_date(other.start_date)}～{cn_date(end_date(other))}）有重叠的日期，"
                "请改开学日期或周数")
    with transaction():
        sem = Semester.create(school=school, year_start=year_start, term=term, start_date=start_date,
                              weeks=weeks_count)
        if copy_groups_from is not None:
            from yanxiu_desktop.domain.groups import copy_groups

            copy_groups(copy_groups_from, sem)
        return sem


def list_semesters() -> list[Semester]:
    """Newest first, as a dropdown shows them."""
    return list(Semester.select().where(Semester.school == current_school())
                .order_by(Semester.year_start.desc(), Semester.term.desc()))


def get_semester(semester_id: int) -> Semester:
    sem = Semester.get_or_none(Semester.id == semester_id)
    if sem is None:
        raise NotFound(f"没有编号为 {semester_id} 的学期")
    return sem


def current_semester(today: dt.date | None = None) -> Semester | None:
    """The term containing *today*, else the latest that has started, else the newest."""
    today = today or dt.date.today()
    sems = list_semesters()
    for s in sems:
        if s.start_date <= today <= end_date(s):
            return s
    started = [s for s in sems if s.start_date <= today]
    return started[0] if started else (sems[-1] if sems else None)


def previous_semester(sem: Semester) -> Semester | None:
    prev = (Semester.select()
            .where((Semester.school == sem.school)
                   & ((Semester.year_start < sem.year_start)
                      | ((Semester.year_start == sem.year_start) & (Semester.term < sem.term))))
            .order_by(Semester.year_start.desc(), Semester.term.desc()).first())
    return prev


def suggest_next(today: dt.date | None = None) -> tuple[int, int, dt.date]:
    """A sensible default for the 新建学期 dialog: the term after the newest one (or today's)."""
    sems = list_semesters()
    if sems:
        y, t = sems[0].year_start, sems[0].term
        y, t = (y, 2) if t == 1 else (y + 1, 1)
    else:
        today = today or dt.date.today()
        y, t = (today.year, 1) if today.month >= 8 else (today.year - 1, 2)
    first = dt.date(y, 9, 1) if t == 1 else dt.date(y + 1, 3, 1)
    monday = first - dt.timedelta(days=first.weekday())
    return y, t, monday
