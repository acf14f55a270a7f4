"""Teachers' growth portfolios (个人成长档案): items typed in by hand, and progress against the policy.

Automatic entries (what the database already knows) are in ``portfolio_auto``; the lending log of the
paper archive is in ``lending``. An item belongs to a term: given explicitly, or found from its date.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yanxiu_desktop.domain import attachments
from yanxiu_desktop.domain.errors import NotFound, ValidationError
from yanxiu_desktop.domain.guards import ensure_semester_open
from yanxiu_desktop.domain.policy import Policy, PortfolioRequirement, load_policy
from yanxiu_desktop.domain.semesters import end_date, month_of_date, term_months, week_of
from yanxiu_desktop.store import audit
from yanxiu_desktop.store.db import database, transaction
from yanxiu_desktop.store.models import PortfolioItem, Semester, Teacher

KINDS = ("专业发展规划", "教学反思", "读书笔记", "教育叙事", "案例评析", "学习心得", "论文", "获奖", "课题",
         "公开课/示范课", "优秀教案", "课件", "外出学习汇报", "其他")
LEVELS = ("校级", "县级", "市级", "省级", "国家级")
RANKS = ("特等奖", "一等奖", "二等奖", "三等奖", "优秀奖", "入围奖")
# Kinds whose level and rank the county counts in 成果统计 (papers and awards by level).
LEVELLED_KINDS = frozenset({"论文", "获奖", "课题", "公开课/示范课", "优秀教案", "课件"})
PERIODS = ("学期", "月", "两周", "周")
TITLE_MAX = 200
_FIELDS = ("kind", "title", "date", "semester", "level", "rank", "issuer", "notes")


def get_item(item_id: int) -> PortfolioItem:
    item = PortfolioItem.get_or_none(PortfolioItem.id == item_id)
    if item is None:
        raise NotFound(f"找不到档案材料（编号 {item_id}），可能已被删除")
    return item


def semester_for_date(day: dt.date | None) -> Semester | None:
    """The term whose weeks contain *day*, else the last term that started before it (holidays)."""
    if day is None:
        return None
    for sem in Semester.select().where(Semester.start_date <= day).order_by(Semester.start_date.desc()):
        return sem if day <= end_date(sem) + dt.timedelta(days=60) else None
    return None


def _clean(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    problems: list[str] = []
    out: dict[str, Any] = {}
    kind = str(data.get("kind") or "").strip()
    if kind not in KINDS:
        problems.append(f"类别「{kind}」无效，应为：{'、'.join(KINDS)}" if kind else "请选择材料类别")
    out["kind"] = kind
    title = str(data.get("title") or "").strip()
    if not title:
        problems.append("标题不能为空")
    elif len(title) > TITLE_MAX:
        problems.append(f"标题过长（最多 {TITLE_MAX} 字）")
    out["title"] = title
    day = data.get("date")
    if day is not None and not isinstance(day, dt.date):
        problems.append("日期格式不对，应写成 2025-09-01")
        day = None
    if day is not None and day < dt.date(1950, 1, 1):
        problems.append(f"日期 {day.isoformat()} 不合理")
    elif day is not None and day > dt.date.today():  # a 材料 is registered once it exists
        problems.append(f"日期 {day.isoformat()} 在今天之后：档案材料在完成、获得之后再登记")
    out["date"] = day
    level = str(data.get("level") or "").strip()
    if level and level not in LEVELS:
        problems.append(f"级别「{level}」无效，应为：{'、'.join(LEVELS)}")
    out["level"] = level
    out["rank"] = str(data.get("rank") or "").strip()
    if len(out["rank"]) > 20:
        problems.append("获奖等次过长（最多 20 字）")
    out["issuer"] = str(data.get("issuer") or "").strip()
    out["notes"] = str(data.get("notes") or "").strip()
    sem = data.get("semester")
    if isinstance(sem, int):
        sem = Semester.get_or_none(Semester.id == sem)
        if sem is None:
            problems.append("所选学期不存在")
    out["semester"] = sem if sem is not None else semester_for_date(day)
    return out, problems


def create_item(teacher_id: int, **data: Any) -> PortfolioItem:
    """Add one item. ``data``: kind, title, date, semester (Semester | id | None), level, rank, issuer, notes."""
    teacher = Teacher.get_or_none(Teacher.id == teacher_id)
    clean, problems = _clean(data)
    if teacher is None:
        problems.insert(0, f"找不到教师（编号 {teacher_id}）")
    if problems:
        raise ValidationError(problems)
    if clean["semester"] is not None:
        ensure_semester_open(clean["semester"])
    with transaction():
        item = PortfolioItem.create(teacher=teacher, **clean)
        audit.record("portfolio_item", item.id, "created", None, f"{clean['kind']}：{clean['title']}")
    return item


def save_item_with_files(item_id: int | None, teacher_id: int, files: Iterable[str | Path] = (),
                         **data: Any) -> PortfolioItem:
    """Create (``item_id`` None) or update an item and add files to it, all in one transaction."""
    with transaction():
        item = create_item(teacher_id, **data) if item_id is None else update_item(item_id, **data)
        for f in files:
            attachments.add_file(f, "portfolio_item", item.id, role="附件")
    return item


def update_item(item_id: int, **data: Any) -> PortfolioItem:
    item = get_item(item_id)
    merged = {k: getattr(item, k) for k in _FIELDS}
    merged.update(data)
    if "date" in data and "semester" not in data:
        merged["semester"] = None  # re-derive from the new date
    clean, problems = _clean(merged)
    if problems:
        raise ValidationError(problems)
    for sem in (item.semester, clean["semester"]):
        if sem is not None:
            ensure_semester_open(sem)
    with transaction():
        for key, value in clean.items():
            old = getattr(item, key)
            old_cmp = old.id if isinstance(old, Semester) else old
            new_cmp = value.id if isinstance(value, Semester) else value
            if old_cmp != new_cmp:
                audit.record("portfolio_item", item.id, key, old_cmp, new_cmp)
                setattr(item, key, value)
        item.updated_at = dt.datetime.now().replace(microsecond=0)
        item.save()
    return item


def delete_item(item_id: int, reason: str = "") -> None:
    """Delete an item and its links; a stored file stays while any other record still uses it."""
    item = get_item(item_id)
    if item.semester is not None:
        ensure_semester_open(item.semester)
    with transaction():
        candidates = attachments.detach_owner("portfolio_item", item.id)
        audit.record("portfolio_item", item.id, "deleted", f"{item.kind}：{item.title}", None, reason)
        item.delete_instance()
    attachments.drop_files_if_unused(candidates)


def list_items(teacher_id: int | None = None, semester: Semester | None = None,
               kind: str | None = None) -> list[PortfolioItem]:
    """Items newest first; with *semester*, only that term's items."""
    q = PortfolioItem.select(PortfolioItem, Teacher).join(Teacher)
    if teacher_id is not None:
        q = q.where(PortfolioItem.teacher == teacher_id)
    if semester is not None:
        q = q.where(PortfolioItem.semester == semester.id)
    if kind:
        q = q.where(PortfolioItem.kind == kind)
    return list(q.order_by(PortfolioItem.date.desc(nulls="LAST"), PortfolioItem.id.desc()))


# -- requirements ------------------------------------------------------------------------------------------


def term_periods(sem: Semester, per: str) -> int:
    """How many periods of *per* the term has: its weeks, fortnights, or its months (``term_months``)."""
    weeks = int(sem.weeks)
    if per == "周":
        return weeks
    if per == "两周":
        return math.ceil(weeks / 2)
    if per == "月":
        return len(term_months(sem))
    return 1


def periods_elapsed(sem: Semester, per: str, today: dt.date) -> float:
    """Completed periods by *today* (a 学期 requirement is prorated over the weeks gone by)."""
    if today < sem.start_date:
        return 0
    if today > end_date(sem):
        return term_periods(sem, per)
    done_weeks = (week_of(sem, today) or 1) - 1
    if per == "周":
        return done_weeks
    if per == "两周":
        return done_weeks // 2
    if per == "月":
        # A month is done at the end of its last week (its Sunday), as the 听课 month-end count judges it.
        tomorrow = today + dt.timedelta(days=1)
        months = term_months(sem)
        if tomorrow > end_date(sem):
            return len(months)
        return sum(1 for ym in months if ym < month_of_date(sem, tomorrow))
    return done_weeks / int(sem.weeks)


@dataclass
class RequirementProgress:
    kind: str
    count: int
    per: str
    required: int  # over the whole term
    due: int  # by today
    done: int

    @property
    def behind(self) -> bool:
        return self.done < self.due

    @property
    def label(self) -> str:
        per = {"学期": "每学期", "月": "每月", "两周": "每两周", "周": "每周"}.get(self.per, self.per)
        return f"{self.kind}（{per}{self.count}篇）"

    @property
    def behind_text(self) -> str:
        """What a warning says: done against what is due by now, and the term's total beside it, so it
        does not read as a second, smaller requirement next to the 成长档案 tab's done/required."""
        return f"{self.kind} {self.done}/{self.due}（按进度此时应交 {self.due} 篇，全学期 {self.required} 篇）"

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "per": self.per, "count": self.count, "required": self.required,
                "due": self.due, "done": self.done, "behind": self.behind}


@dataclass
class TeacherProgress:
    teacher_id: int
    name: str
    pinyin: str
    items: int
    requirements: list[RequirementProgress] = field(default_factory=list)
    initials: str = ""

    @property
    def behind(self) -> list[RequirementProgress]:
        return [r for r in self.requirements if r.behind]

    @property
    def summary(self) -> str:
        return "；".join(f"{r.kind} {r.done}/{r.required}" for r in self.requirements)


_KIND_COUNTS = "SELECT teacher_id, kind, COUNT(*) FROM portfolio_item WHERE semester_id = ?{teachers} GROUP BY 1, 2"


def _only(ids: list[int]) -> str:
    """The SQL condition keeping *ids*' items (bound as parameters)."""
    return f" AND teacher_id IN ({','.join('?' * len(ids)) or 'NULL'})"


def kind_counts(semester: Semester, teacher_ids: Iterable[int] | None = None) -> dict[tuple[int, str], int]:
    """(teacher id, kind) → number of items in the term (one query)."""
    ids = [] if teacher_ids is None else [int(i) for i in teacher_ids]
    rows = database.obj.execute_sql(_KIND_COUNTS.format(teachers="" if teacher_ids is None else _only(ids)),
                                    (semester.id, *ids))
    return {(tid, kind): n for tid, kind, n in rows}


# Per teacher: all items of the term, then the items of each requirement's kind (one SUM per requirement).
_PROGRESS = "SELECT teacher_id, COUNT(*){kinds} FROM portfolio_item WHERE semester_id = ?{until}{teachers} GROUP BY 1"
_UNTIL = " AND (date IS NULL OR date <= ?)"  # an undated item counts from the day it was entered


def requirement_targets(semester: Semester, today: dt.date,
                        reqs: list[PortfolioRequirement] | None = None) -> list[tuple[PortfolioRequirement, int, int]]:
    """Each policy requirement with its (whole-term, due-by-today) counts."""
    out = []
    for r in (load_policy(semester).portfolio_requirements if reqs is None else reqs):
        total = r.count * term_periods(semester, r.per)
        due = math.floor(r.count * periods_elapsed(semester, r.per, today) + 1e-9)
        out.append((r, total, min(due, total)))
    return out


def progress(semester: Semester, today: dt.date | None = None, teacher_ids: Iterable[int] | None = None,
             teachers: Sequence[Any] | None = None, policy: Policy | None = None,
             until: dt.date | None = None) -> list[TeacherProgress]:
    """Every active teacher's progress on the policy's portfolio requirements for the term (only
    *teacher_ids*; *teachers*: the active staff when the caller already read them, e.g.
    ``roster.staff_rows``; *until*: only items dated up to that day)."""
    from yanxiu_desktop.domain.roster import list_teachers

    today = today or dt.date.today()
    teachers = teachers if teachers is not None else list_teachers()
    if teacher_ids is not None:
        wanted = set(teacher_ids)
        teachers = [t for t in teachers if t.id in wanted]
    targets = requirement_targets(semester, today, policy.portfolio_requirements if policy else None)
    kinds = [r.kind for r, _total, _due in targets]
    # The whole term when many teachers are asked for: quicker than a long IN list.
    ids = [t.id for t in teachers] if len(teachers) <= 20 else []
    sql = _PROGRESS.format(kinds=", SUM(kind = ?)" * len(kinds), until=_UNTIL if until else "",
                           teachers=_only(ids) if ids or not teachers else "")
    day = (until.isoformat(),) if until else ()
    counts = {r[0]: r[1:] for r in database.obj.execute_sql(sql, (*kinds, semester.id, *day, *ids))}
    nothing = (0,) * (len(kinds) + 1)
    rows = []
    for t in teachers:
        items, *done = counts.get(t.id, nothing)
        reqs = [RequirementProgress(r.kind, r.count, r.per, total, due, n)
                for (r, total, due), n in zip(targets, done, strict=True)]
        rows.append(TeacherProgress(t.id, t.name, t.pinyin, items, reqs, t.initials))
    return rows
