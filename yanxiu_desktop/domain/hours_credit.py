"""学时认定: 学时 the 教导处 grants for work that has no sign-in sheet.

Every preset has a category no activity fills: 自主研修 (8 学时 a term in seed 003: 读书笔记 of about ten
thousand characters, an 教育叙事 or 论文, weekly online study), 个人研修, and the weekly 小课题 exchange of a
课题组. The office checks the teacher's work (often the 成长档案 material itself) and records the hours with
what they were granted for (认定依据). Recognised hours count in 学时汇总, the statistics and the district
workbook like hours from activities; the one-third absence rule judges sessions, so it never takes
recognised hours away. A closed term's credits are read-only; a wrong credit is withdrawn with a reason
(both audited), never edited in place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from yanxiu_desktop.domain.dates import stored_date
from yanxiu_desktop.domain.errors import NotFound, ValidationError
from yanxiu_desktop.domain.guards import ensure_semester_open, require_reason
from yanxiu_desktop.domain.policy import load_policy
from yanxiu_desktop.domain.semesters import end_date, semester_label
from yanxiu_desktop.store import audit
from yanxiu_desktop.store.db import database, transaction
from yanxiu_desktop.store.models import HoursCredit, PortfolioItem, Semester, Teacher

MAX_HOURS = 100.0  # the bound when the policy sets no term requirement
# What schools grant hours for (seed 003 方案三); offered as suggestions, any text is accepted.
BASIS_SUGGESTIONS = ("读书笔记（一万字左右）", "教育叙事", "教学心得", "学科教改研究论文", "每周网络学习心得",
                     "小课题阶段小结", "小课题结题报告", "电子导学案")


@dataclass(slots=True)  # not frozen: term statistics build one per credit of the term on every refresh
class CreditRow:
    """One 学时认定 as tables, the CLI and exports show it."""

    id: int
    teacher_id: int
    name: str
    pinyin: str
    category: str
    hours: float
    date: dt.date
    basis: str
    portfolio_item_id: int | None
    portfolio_title: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "teacher_id": self.teacher_id, "name": self.name, "category": self.category,
                "hours": self.hours, "date": self.date.isoformat(), "basis": self.basis,
                "portfolio_item_id": self.portfolio_item_id, "portfolio_title": self.portfolio_title}


def field_problems(sem: Semester, category: str, hours: Any, basis: str) -> list[str]:
    """What is wrong with a credit's 类别, 学时 and 依据 (the parts every teacher of it shares)."""
    problems: list[str] = []
    policy = load_policy()
    names = policy.category_names()
    if not category.strip():
        problems.append("请选择学时类别")
    elif names and category.strip() not in names:
        problems.append(f"学时类别“{category}”不在本校制度的类别中（{'、'.join(names)}）")
    # One credit above the term's whole requirement is a typing mistake (100 for 10), not a grant.
    limit = float(policy.required_hours) if policy.required_hours > 0 else MAX_HOURS
    if isinstance(hours, bool) or not isinstance(hours, int | float):
        problems.append("认定学时须是数字")
    elif not 0 < hours <= limit:
        problems.append(f"认定学时应大于 0、不超过 {limit:g}（本校每学期要求的学时，现为 {hours:g}）"
                        if limit != MAX_HOURS else f"认定学时应大于 0、不超过 {MAX_HOURS:g}（现为 {hours:g}）")
    if not basis.strip():
        problems.append("请填写认定依据（如：读书笔记一万字，已交教导处）")
    return problems


def date_problems(sem: Semester, day: Any) -> list[str]:
    """A credit's date must fall in its term."""
    if not isinstance(day, dt.date):
        return ["请填写认定日期"]
    if not sem.start_date <= day <= end_date(sem):
        return [f"认定日期 {day.isoformat()} 不在{semester_label(sem)}"
                f"（{sem.start_date.isoformat()}～{end_date(sem).isoformat()}）之内"]
    return []


def _validate(sem: Semester, teacher_ids: Sequence[int], category: str, hours: Any, day: Any, basis: str,
              portfolio_item_id: int | None) -> tuple[list[Teacher], PortfolioItem | None]:
    problems: list[str] = []
    ids = list(dict.fromkeys(int(i) for i in teacher_ids))
    teachers = list(Teacher.select().where(Teacher.id.in_(ids))) if ids else []
    if not ids:
        problems.append("请选择要认定学时的教师")
    elif len(teachers) != len(ids):
        missing = sorted(set(ids) - {t.id for t in teachers})
        problems.append(f"没有编号为 {'、'.join(map(str, missing))} 的教师")
    problems += field_problems(sem, category, hours, basis)
    problems += date_problems(sem, day)
    item = None
    if portfolio_item_id is not None:
        item = PortfolioItem.get_or_none(PortfolioItem.id == portfolio_item_id)
        if item is None:
            problems.append(f"没有编号为 {portfolio_item_id} 的档案材料")
        elif len(ids) != 1 or item.teacher_id != ids[0]:
            problems.append("依据的档案材料必须是这位教师本人的")
        else:
            done = HoursCredit.get_or_none(HoursCredit.portfolio_item == item.id)
            if done is not None:
                problems.append(f"档案材料《{item.title}》已于 {done.date.isoformat()} 认定 {done.hours:g} 学时"
                                f"（认定编号 {done.id}），同一份材料不能重复认定")
    if not problems:  # the same grant typed twice (a double click, a second session) would count twice
        for c in HoursCredit.select().where((HoursCredit.semester == sem) & HoursCredit.teacher.in_(ids)
                                            & (HoursCredit.category == category.strip())
                                            & (HoursCredit.basis == basis.strip()) & (HoursCredit.date == day)):
            problems.append(f"{c.teacher.name}：已有一条相同的学时认定（{day.isoformat()} {c.category} "
                            f"{c.hours:g} 学时：{c.basis}，认定编号 {c.id}）；如确是另一次研修，请在依据中写明区别")
    if problems:
        raise ValidationError(problems)
    order = {tid: i for i, tid in enumerate(ids)}
    return sorted(teachers, key=lambda t: order[t.id]), item


def add_credits(sem: Semester, teacher_ids: Sequence[int], category: str, hours: float, day: dt.date,
                basis: str, portfolio_item_id: int | None = None) -> list[HoursCredit]:
    """The same credit for each of *teacher_ids* (a 课题组's 小课题 hours, a reading task checked for
    the whole staff), all or none, in one transaction."""
    ensure_semester_open(sem)
    teachers, item = _validate(sem, teacher_ids, category, hours, day, basis, portfolio_item_id)
    out = []
    with transaction():
        for t in teachers:
            credit = HoursCredit.create(teacher=t, semester=sem, category=category.strip(), hours=float(hours),
                                        date=day, basis=basis.strip(), portfolio_item=item)
            audit.record("hours_credit", credit.id, "created", None,
                         f"{t.name} {credit.category} {credit.hours:g}学时：{credit.basis}")
            out.append(credit)
    return out


def credited_item_ids(sem: Semester, teacher_id: int) -> set[int]:
    """The teacher's 档案材料 that already back a credit this term (one material earns 学时 once)."""
    return {iid for (iid,) in HoursCredit.select(HoursCredit.portfolio_item)
            .where((HoursCredit.semester == sem) & (HoursCredit.teacher == teacher_id)
                   & HoursCredit.portfolio_item.is_null(False)).tuples()}


def get_credit(credit_id: int) -> HoursCredit:
    credit = HoursCredit.get_or_none(HoursCredit.id == credit_id)
    if credit is None:
        raise NotFound(f"没有编号为 {credit_id} 的学时认定")
    return credit


def withdraw_credit(credit_id: int, reason: str) -> None:
    """Take a credit back (entered for the wrong teacher, twice…); the reason stays in the audit log."""
    credit = get_credit(credit_id)
    ensure_semester_open(credit.semester)
    reason = require_reason(reason, "请说明撤销这条学时认定的原因")
    with transaction():
        audit.record("hours_credit", credit.id, "deleted",
                     f"{credit.teacher.name} {credit.category} {credit.hours:g}学时：{credit.basis}", None, reason)
        credit.delete_instance()


_LIST = ("SELECT c.id, c.teacher_id, t.name, t.pinyin, c.category, c.hours, c.date, c.basis, c.portfolio_item_id, "
         "i.title FROM hours_credit c JOIN teacher t ON t.id = c.teacher_id "
         "LEFT JOIN portfolio_item i ON i.id = c.portfolio_item_id WHERE c.semester_id = ?{teacher}")


def list_credits(sem: Semester, teacher_id: int | None = None) -> list[CreditRow]:
    """The term's credits, newest first (by date, then entry). Read as tuples in hand-written SQL: term
    statistics list every credit of a large school's term."""
    if teacher_id is None:
        cursor = database.obj.execute_sql(_LIST.format(teacher=""), (sem.id,))
    else:
        cursor = database.obj.execute_sql(_LIST.format(teacher=" AND c.teacher_id = ?"), (sem.id, teacher_id))
    rows = [CreditRow(cid, tid, name, pinyin, category, hours, stored_date(day), basis, item_id, title or "")
            for cid, tid, name, pinyin, category, hours, day, basis, item_id, title in cursor]
    rows.sort(key=lambda r: (r.date, r.id), reverse=True)  # ids are unique: no tie left for the teacher order
    return rows


_SUMS = "SELECT teacher_id, category, TOTAL(hours) FROM hours_credit WHERE semester_id = ?{teachers} GROUP BY 1, 2"


def credited_hours(sem_id: int, teacher_ids: Sequence[int] | None = None,
                   until: dt.date | None = None) -> list[tuple[int, str, float]]:
    """(teacher, category, hours) sums of the term's credits (dated up to *until*), for 学时 totals
    (hand-written SQL: this runs inside ``teacher_hours``, where rendering a peewee query would cost as much
    as running it)."""
    day, day_args = (" AND date <= ?", (until.isoformat(),)) if until is not None else ("", ())
    if teacher_ids is None:
        return database.obj.execute_sql(_SUMS.format(teachers=day), (sem_id, *day_args)).fetchall()
    ids = [int(i) for i in teacher_ids]
    marks = ",".join("?" * len(ids)) or "NULL"
    return database.obj.execute_sql(_SUMS.format(teachers=f" AND teacher_id IN ({marks}){day}"),
                                    (sem_id, *ids, *day_args)).fetchall()
