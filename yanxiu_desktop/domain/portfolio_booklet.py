"""Collect one teacher's term into plain data for the 个人成长档案 booklet (pdf/booklet.py draws it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from yanxiu_desktop.domain import attachments, portfolio, portfolio_auto
from yanxiu_desktop.domain.errors import DomainError, ValidationError
from yanxiu_desktop.domain.groups import groups_of_teacher
from yanxiu_desktop.domain.policy import load_policy
from yanxiu_desktop.domain.roster import get_teacher, list_teachers
from yanxiu_desktop.domain.school import current_school
from yanxiu_desktop.domain.semesters import cn_date, semester_label
from yanxiu_desktop.store.models import Honour, Observation, Semester, Teacher

if TYPE_CHECKING:  # pdf.booklet imports ReportLab: only when a booklet is made, not at GUI start-up
    from yanxiu_desktop.pdf.booklet import BookletData, BookletItem

ProgressFn = Callable[[int, int, str], bool]  # (done, total, teacher name) → False cancels


def _d(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _basic_info(t: Teacher, semester: Semester) -> list[tuple[str, str]]:
    honours = "、".join(f"{h.level}{h.name}" + (f"（{h.year}年）" if h.year else "")
                        for h in Honour.select().where(Honour.teacher == t.id))
    groups = "、".join(g.name for g in groups_of_teacher(semester, t.id))
    return [("姓名", t.name), ("性别", t.gender), ("出生年月", t.birth_date.strftime("%Y年%m月") if t.birth_date else ""),
            ("任教学科", t.subject), ("学段", t.stage), ("职称", t.title), ("学历", t.education),
            ("参加工作时间", t.hire_date.strftime("%Y年%m月") if t.hire_date else ""), ("职务", t.role),
            ("班主任", "是" if t.head_teacher else "否"), ("荣誉称号", honours), ("所在研修小组", groups)]


def _item(item, with_files: bool) -> BookletItem:  # noqa: ANN001 - a PortfolioItem row
    images, files = [], []
    if with_files:
        for link in attachments.links_for("portfolio_item", item.id):
            path = attachments.file_path(link.attachment)
            if attachments.is_image(link.attachment) and path.is_file():
                images.append((path, link.display_name))
            else:
                files.append(link.display_name + ("" if path.is_file() else "（存档文件缺失）"))
    from yanxiu_desktop.pdf.booklet import BookletItem

    meta = "，".join(x for x in (_d(item.date), item.level, item.rank, item.issuer) if x)
    return BookletItem(kind=item.kind, title=item.title, meta=meta, notes=item.notes, images=images, files=files)


def booklet_data(teacher_id: int, semester: Semester, today: dt.date | None = None,
                 with_files: bool = True) -> BookletData:
    """Everything the booklet prints for one teacher and term."""
    from yanxiu_desktop.pdf.booklet import BookletData

    today = today or dt.date.today()
    t = get_teacher(teacher_id)
    policy = load_policy(semester)
    summary = portfolio_auto.attendance_summary(t.id, semester)
    made = (Observation.select().where((Observation.observer == t.id) & (Observation.semester == semester.id))
            .order_by(Observation.date, Observation.period))
    observations_made = [(_d(o.date), o.observed.name if o.observed_id else (o.observed_name or "校外教师"),
                          o.subject, o.topic, o.grade) for o in made]
    auto = portfolio_auto.auto_entries(t.id, semester)
    activities = [(_d(e.date), e.kind, e.title, e.detail) for e in auto if e.kind not in ("听课", "研修学时")]
    prog = portfolio.progress(semester, today, [t.id])
    requirements = [(r.label, r.required, r.done, "未达标" if r.done < r.required else "达标")
                    for r in (prog[0].requirements if prog else [])]
    items = [_item(i, with_files) for i in reversed(portfolio.list_items(t.id, semester))]
    items.sort(key=lambda b: portfolio.KINDS.index(b.kind) if b.kind in portfolio.KINDS else 99)
    status_counts = [(s, summary.counts.get(s, 0)) for s in policy.present_statuses
                     + [s for s in ("公假", "事假", "病假", "缺席") if s not in policy.present_statuses]]
    quota = policy.quota_for_role(t.role)
    return BookletData(
        school=current_school().name, teacher=t.name, subject=t.subject, term=semester_label(semester),
        printed=cn_date(today), basic=_basic_info(t, semester), hours=summary.hours,
        required_hours=policy.required_hours, attendance=status_counts, present=summary.present,
        observation_quota=quota, observations_made=observations_made, activities=activities,
        requirements=requirements, items=items)


def render_teacher(teacher_id: int, semester: Semester, today: dt.date | None = None) -> bytes:
    from yanxiu_desktop.pdf.booklet import render_booklets

    return render_booklets([booklet_data(teacher_id, semester, today)])


def render_school(semester: Semester, teacher_ids: Iterable[int] | None = None,
                  progress: ProgressFn | None = None, today: dt.date | None = None) -> bytes:
    """One PDF with every (or the chosen) active teacher's booklet, each starting on a new page."""
    from yanxiu_desktop.pdf.booklet import render_booklets

    teachers = list_teachers()
    if teacher_ids is not None:
        wanted = set(teacher_ids)
        teachers = [t for t in teachers if t.id in wanted]
    if not teachers:
        raise ValidationError("没有可打印成长档案的教师")
    data = []
    for i, t in enumerate(teachers):
        if progress is not None and progress(i, len(teachers), t.name) is False:
            raise DomainError("已取消打印")
        data.append(booklet_data(t.id, semester, today))
    pdf = render_booklets(data)
    if progress is not None:
        progress(len(teachers), len(teachers), "")
    return pdf
