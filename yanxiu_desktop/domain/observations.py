"""听课记录: create, edit, delete, list.

Counts of these records feed each teacher's assessment (教导处 counts them at each month end), so every
edit after creation and every deletion is written to the audit log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any

from peewee import JOIN

from yanxiu_desktop.domain import rubrics, st_analysis
from yanxiu_desktop.domain.errors import NotFound, ValidationError
from yanxiu_desktop.domain.guards import ensure_semester_open, require_reason
from yanxiu_desktop.domain.names import matches, normalize_name
from yanxiu_desktop.domain.semesters import cn_date, end_date
from yanxiu_desktop.store import audit
from yanxiu_desktop.store.db import transaction
from yanxiu_desktop.store.models import Activity, Observation, Semester, Teacher

LESSON_TYPES = ("新授课", "复习课", "练习课", "讲评课", "实验课", "活动课", "阅读课", "写作课", "自主课")
GRADES = ("优", "良", "中", "差")
OPEN_LESSON_KINDS = ("公开课", "示范课", "研讨课", "同课异构", "听评课")
MAX_PERIOD = 12


def when_label(date: dt.date, period: int | None) -> str:
    """"2025年10月15日 第3节" as written at the top of a 听课记录."""
    return cn_date(date) + (f" 第{period}节" if period else "")


@dataclass
class ObservationInput:
    """Everything a 听课记录 holds, as the form and the CLI supply it."""

    observer_id: int | None
    date: dt.date | None
    observed_id: int | None = None
    observed_name: str = ""  # an outside teacher (observed_id None)
    observed_school: str = ""
    period: int | None = None
    class_name: str = ""
    subject: str = ""
    topic: str = ""
    lesson_type: str = ""
    activity_id: int | None = None
    process: list[list[str]] = field(default_factory=list)  # [[教学过程, 旁评], …]
    strengths: str = ""
    weaknesses: str = ""
    suggestions: str = ""
    grade: str = ""
    rubric_id: str = ""  # "" = not scored on a 评价表
    rubric_version: str = ""
    scores: dict[str, float] = field(default_factory=dict)
    st_samples: str = ""
    st_interval: int = 30


def _clean(inp: ObservationInput, semester: Semester, exclude_id: int | None) -> tuple[dict[str, Any], Any]:
    """Validated column values (and the rubric used), or ValidationError naming every bad field."""
    problems: list[str] = []
    observer = Teacher.get_or_none(Teacher.id == inp.observer_id) if inp.observer_id else None
    if observer is None:
        problems.append("听课人：请从教师名册中选择")
    observed = None
    outside = normalize_name(inp.observed_name)
    if inp.observed_id:
        observed = Teacher.get_or_none(Teacher.id == inp.observed_id)
        if observed is None:
            problems.append("授课教师：名册中没有这位教师")
        outside = ""
    elif not outside:
        problems.append("授课教师：请从名册中选择，或填写外校教师姓名")
    if observer is not None and observed is not None and observer.id == observed.id:
        problems.append("授课教师与听课人不能是同一人")
    if inp.date is None:
        problems.append("听课日期：不能为空")
    elif not semester.start_date <= inp.date <= end_date(semester):
        problems.append(f"听课日期：{cn_date(inp.date)}不在本学期（{cn_date(semester.start_date)}—"
                        f"{cn_date(end_date(semester))}）内")
    if inp.period is not None and not 1 <= inp.period <= MAX_PERIOD:
        problems.append(f"节次：应在 1～{MAX_PERIOD} 之间")
    if inp.grade and inp.grade not in GRADES:
        problems.append(f"等级：应为 {'、'.join(GRADES)} 之一")
    for label, value, limit in (("班级", inp.class_name, 30), ("学科", inp.subject, 20), ("课题", inp.topic, 100),
                                ("课型", inp.lesson_type, 20)):
        if len(value.strip()) > limit:
            problems.append(f"{label}：不能超过 {limit} 个字")
    activity = None
    if inp.activity_id:
        activity = Activity.get_or_none(Activity.id == inp.activity_id)
        if activity is None or activity.semester_id != semester.id:
            problems.append("关联活动：本学期没有这项活动")
    process = []
    for row in inp.process:
        a = (row[0] if row else "").strip()
        b = (row[1] if len(row) > 1 else "").strip()
        if a or b:
            process.append([a, b])
    rubric = None
    total = None
    scores = {k: v for k, v in inp.scores.items() if v is not None}
    if inp.rubric_id:
        try:
            rubric = rubrics.get_rubric(inp.rubric_id, inp.rubric_version or None)
        except (NotFound, ValidationError) as exc:
            problems.append(f"评价表：{exc}")
        else:
            problems.extend(rubric.validate_scores(scores))
            total = rubric.total(scores)
    elif scores:
        problems.append("评价表：有评分但没有选择评价表")
    samples = ""
    if inp.st_samples.strip():
        try:
            samples = st_analysis.analyse(inp.st_samples, inp.st_interval).samples
        except ValidationError as exc:
            problems.extend(exc.problems)
    if (observer is not None and inp.date is not None and inp.period
            and Observation.select().where((Observation.observer == observer) & (Observation.date == inp.date)
                                           & (Observation.period == inp.period)
                                           & (Observation.id != (exclude_id or 0))).exists()):
        problems.append(f"节次：{observer.name}在{when_label(inp.date, inp.period)}已有一条听课记录")
    if problems:
        raise ValidationError(problems)
    values = {
        "observer": observer, "observed": observed, "observed_name": outside,
        "observed_school": inp.observed_school.strip() if observed is None else "",
        "date": inp.date, "period": inp.period, "class_name": inp.class_name.strip(),
        "subject": inp.subject.strip(), "topic": inp.topic.strip(), "lesson_type": inp.lesson_type.strip(),
        "activity": activity, "process": process, "strengths": inp.strengths.strip(),
        "weaknesses": inp.weaknesses.strip(), "suggestions": inp.suggestions.strip(), "grade": inp.grade,
        "rubric_id": rubric.id if rubric else "", "rubric_version": rubric.version if rubric else "",
        "scores": scores if rubric else {}, "total": total, "st_samples": samples,
        "st_interval": int(inp.st_interval),
    }
    return values, rubric


def create_observation(semester: Semester, inp: ObservationInput) -> Observation:
    ensure_semester_open(semester)
    values, rubric = _clean(inp, semester, None)
    with transaction():
        if rubric is not None:
            rubrics.remember(rubric)
        return Observation.create(semester=semester, **values)


def _plain(value: Any) -> Any:
    if isinstance(value, Teacher | Activity):
        return value.id
    return value


def update_observation(obs_id: int, inp: ObservationInput, reason: str = "") -> Observation:
    obs = get_observation(obs_id)
    ensure_semester_open(obs.semester)
    values, rubric = _clean(inp, obs.semester, obs.id)
    with transaction():
        if rubric is not None:
            rubrics.remember(rubric)
        for key, new in values.items():
            old = getattr(obs, key + "_id") if key in ("observer", "observed", "activity") else getattr(obs, key)
            if old != _plain(new):
                reason = require_reason(reason, "修改已保存的听课记录须填写修改原因（写入审计日志）")
                audit.record("observation", obs.id, key, old, _plain(new), reason)
            setattr(obs, key, new)
        obs.updated_at = dt.datetime.now().replace(microsecond=0)
        obs.save()
    return obs


def delete_observation(obs_id: int, reason: str = "") -> None:
    obs = get_observation(obs_id)
    ensure_semester_open(obs.semester)
    reason = require_reason(reason, "删除听课记录须填写原因（写入审计日志）")
    with transaction():
        audit.record("observation", obs.id, "deleted", row_summary(obs), None, reason)
        obs.delete_instance()


def get_observation(obs_id: int) -> Observation:
    obs = Observation.get_or_none(Observation.id == obs_id)
    if obs is None:
        raise NotFound(f"没有编号为 {obs_id} 的听课记录")
    return obs


def input_from(obs: Observation) -> ObservationInput:
    """The stored record as an editable input (the edit dialog starts from this)."""
    kw: dict[str, Any] = {f.name: getattr(obs, f.name) for f in fields(ObservationInput)}
    kw["process"] = [list(r) for r in obs.process or []]
    kw["scores"] = dict(obs.scores or {})
    return ObservationInput(**kw)


def observed_label(obs: Observation) -> str:
    if obs.observed_id:
        return obs.observed.name
    return obs.observed_name + (f"（{obs.observed_school}）" if obs.observed_school else "")


def row_summary(obs: Observation) -> str:
    return f"{obs.observer.name}听{observed_label(obs)}《{obs.topic}》{when_label(obs.date, obs.period)}"


def last_observer_id() -> int | None:
    """The observer of the most recently entered record: staff type in one notebook at a time."""
    last = Observation.select(Observation.observer).order_by(Observation.created_at.desc(),
                                                             Observation.id.desc()).first()
    return last.observer_id if last else None


def open_lessons(semester: Semester) -> list[Activity]:
    """公开课/示范课/研讨课… of the term an observation may be linked to."""
    return list(Activity.select().where((Activity.semester == semester) & (Activity.kind.in_(OPEN_LESSON_KINDS))
                                        & (Activity.status != "取消")).order_by(Activity.date))


@dataclass(frozen=True)
class ObservationRow:
    """Plain data for the table, the CLI and exports."""

    id: int
    date: dt.date
    period: int | None
    when: str
    observer_id: int
    observer_name: str
    observed_id: int | None
    observed_name: str
    observed_school: str
    class_name: str
    subject: str
    topic: str
    lesson_type: str
    grade: str
    total: float | None
    rubric_id: str
    st_type: str
    activity_id: int | None
    activity_theme: str
    # For the pinyin filter ("zsf" finds 张三丰); an outside teacher has none.
    observer_pinyin: str = ""
    observer_initials: str = ""
    observed_pinyin: str = ""
    observed_initials: str = ""

    def matches(self, query: str) -> bool:
        """Does *query* (Chinese, full pinyin or initials) name the observer or the observed teacher?"""
        return (matches(query, self.observer_name, self.observer_pinyin, self.observer_initials)
                or matches(query, self.observed_name, self.observed_pinyin, self.observed_initials))

    def to_json(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if not k.endswith(("_pinyin", "_initials"))}
        d["date"] = self.date.isoformat()
        return d


def _row(o: Observation) -> ObservationRow:
    st_type = st_analysis.analyse(o.st_samples, o.st_interval).lesson_type if o.st_samples else ""
    return ObservationRow(
        id=o.id, date=o.date, period=o.period, when=when_label(o.date, o.period), observer_id=o.observer_id,
        observer_name=o.observer.name, observed_id=o.observed_id,
        observed_name=o.observed.name if o.observed_id else o.observed_name,
        observed_school="" if o.observed_id else o.observed_school, class_name=o.class_name, subject=o.subject,
        topic=o.topic, lesson_type=o.lesson_type, grade=o.grade, total=o.total, rubric_id=o.rubric_id,
        st_type=st_type, activity_id=o.activity_id, activity_theme=o.activity.theme if o.activity_id else "",
        observer_pinyin=o.observer.pinyin, observer_initials=o.observer.initials,
        observed_pinyin=o.observed.pinyin if o.observed_id else "",
        observed_initials=o.observed.initials if o.observed_id else "")


def list_observations(semester: Semester, teacher_id: int | None = None, as_: str = "any") -> list[ObservationRow]:
    """Newest first. With *teacher_id*: records where the teacher listened (as_="observer"), taught
    (as_="observed") or either (as_="any")."""
    # Observer, observed teacher and activity in the same query: one row per record, no query per row
    # (a 200-teacher term has ~4,000 records; lazy foreign keys made the tab take seconds to open).
    observed = Teacher.alias()
    # Only the columns a row shows (not the process/scores JSON and the long texts of every record).
    q = (Observation.select(Observation.id, Observation.date, Observation.period, Observation.observer,
                            Observation.observed, Observation.observed_name, Observation.observed_school,
                            Observation.class_name, Observation.subject, Observation.topic, Observation.lesson_type,
                            Observation.grade, Observation.total, Observation.rubric_id, Observation.st_samples,
                            Observation.st_interval, Observation.activity, Teacher.id, Teacher.name,
                            Teacher.pinyin, Teacher.initials, observed.id, observed.name, observed.pinyin,
                            observed.initials, Activity.id, Activity.theme)
         .join(Teacher, on=(Observation.observer == Teacher.id), attr="observer")
         .switch(Observation)
         .join(observed, JOIN.LEFT_OUTER, on=(Observation.observed == observed.id), attr="observed")
         .switch(Observation)
         .join(Activity, JOIN.LEFT_OUTER, on=(Observation.activity == Activity.id), attr="activity")
         .where(Observation.semester == semester))
    if teacher_id is not None:
        cond = {"observer": Observation.observer == teacher_id, "observed": Observation.observed == teacher_id,
                "any": (Observation.observer == teacher_id) | (Observation.observed == teacher_id)}[as_]
        q = q.where(cond)
    q = q.order_by(Observation.date.desc(), Observation.period.desc(), Observation.id.desc())
    return [_row(o) for o in q]


@dataclass
class ObservationPrint:
    """One 听课记录表 as plain data for ``pdf/observation.py``; ``blank`` is a form to fill in by hand."""

    school: str
    rubric: rubrics.Rubric | None
    observed: str = ""
    subject: str = ""
    class_name: str = ""
    topic: str = ""
    lesson_type: str = ""
    when: str = ""
    observer: str = ""
    activity: str = ""
    process: list[list[str]] = field(default_factory=list)  # [[教学过程, 旁评], …]
    strengths: str = ""
    weaknesses: str = ""
    suggestions: str = ""
    grade: str = ""
    scores: dict[str, float] = field(default_factory=dict)
    total: float | None = None
    st: st_analysis.STResult | None = None
    blank: bool = False


def blank_print_data(rubric: rubrics.Rubric | None, school: str | None = None) -> ObservationPrint:
    """An empty 听课记录表 with *rubric*'s 评价表 (the main school's name unless *school* is given)."""
    if school is None:
        from yanxiu_desktop.domain.school import current_school

        school = current_school().name
    return ObservationPrint(school=school, rubric=rubric, blank=True)


def observation_print_data(obs_id: int) -> ObservationPrint:
    """Record *obs_id* as printed, scored on the rubric version it was entered with."""
    from yanxiu_desktop.domain.school import current_school

    obs = get_observation(obs_id)
    rubric = rubrics.get_rubric(obs.rubric_id, obs.rubric_version) if obs.rubric_id else None
    return ObservationPrint(
        school=current_school().name, rubric=rubric, observed=observed_label(obs), subject=obs.subject,
        class_name=obs.class_name, topic=obs.topic, lesson_type=obs.lesson_type,
        when=when_label(obs.date, obs.period), observer=obs.observer.name,
        activity=f"{obs.activity.kind}：{obs.activity.theme}" if obs.activity_id else "",
        process=[list(r) for r in obs.process or []], strengths=obs.strengths, weaknesses=obs.weaknesses,
        suggestions=obs.suggestions, grade=obs.grade, scores=dict(obs.scores or {}), total=obs.total,
        st=st_analysis.analyse(obs.st_samples, obs.st_interval) if obs.st_samples else None)
