"""结束学期并归档 / 重新开启学期.

Closing a term (after the district report) makes its groups, activities, attendance and observations
read-only: every write path calls ``guards.ensure_semester_open``. A verified backup is taken first, so the
reported state can always be recovered. Both directions are audit-logged; reopening needs a reason.
"""

from __future__ import annotations

import datetime as dt

from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.domain.guards import require_reason
from yanxiu_desktop.domain.policy import freeze_policy
from yanxiu_desktop.domain.semesters import (
    cn_date,
    end_date,
    get_semester,
    semester_label,
    week_label,
    week_of,
)
from yanxiu_desktop.store import audit
from yanxiu_desktop.store.backup import BackupInfo, backup_now
from yanxiu_desktop.store.db import current_path, transaction
from yanxiu_desktop.store.models import Activity, Semester

DEFAULT_CLOSE_REASON = "学期结束，已上报，归档"


def closing_concerns(sem: Semester, today: dt.date | None = None) -> list[str]:
    """Why archiving *sem* now is probably a mistake: it has not ended, or activities are still 计划
    (neither held and entered nor cancelled). Archiving makes them read-only until someone reopens the term."""
    today = today or dt.date.today()
    out: list[str] = []
    last = end_date(sem)
    if today <= last:
        week = week_of(sem, today)
        now = f"今天是{week_label(week)}" if week else f"今天是 {cn_date(today)}"
        out.append(f"{semester_label(sem)}到 {cn_date(last)} 才结束（{now}）")
    planned = Activity.select().where((Activity.semester == sem) & (Activity.status == "计划")).count()
    if planned:
        out.append(f"还有 {planned} 项活动是“计划”状态（既没有录入考勤，也没有取消）")
    return out


def close_term(semester_id: int, reason: str = "", today: dt.date | None = None,
               force: bool = False) -> tuple[Semester, BackupInfo | None]:
    """Close the term after a forced backup. Returns the semester and the backup taken. A term that has not
    ended or still has planned activities is refused unless *force* (the user saw the concerns and confirmed)."""
    sem = get_semester(semester_id)
    if sem.closed:
        raise ValidationError(f"{semester_label(sem)}已经归档，无需再次结束")
    concerns = closing_concerns(sem, today)
    if concerns and not force:
        raise ValidationError([*concerns, "归档后该学期只能查看和打印。确认仍要归档，请勾选确认（命令行加 --force）"])
    path = current_path()
    # The backup must succeed first: a close without a copy of the reported state is refused.
    info = backup_now("term_close") if path is not None and str(path) != ":memory:" else None
    with transaction():
        freeze_policy(sem.id)  # the rules the reported figures were computed with stay with the term
        sem.closed = True
        sem.closed_at = dt.datetime.now().replace(microsecond=0)
        sem.save()
        audit.record("semester", sem.id, "closed", False, True, reason.strip() or DEFAULT_CLOSE_REASON)
    return sem, info


def reopen_term(semester_id: int, reason: str) -> Semester:
    """Reopen a closed term; the reason is required and kept in the audit log."""
    sem = get_semester(semester_id)
    reason = require_reason(reason, "重新开启学期必须填写原因（例如：县教育局要求更正某次活动的考勤）")
    if not sem.closed:
        raise ValidationError(f"{semester_label(sem)}没有归档，不需要重新开启")
    with transaction():
        sem.closed = False
        sem.closed_at = None
        sem.save()
        audit.record("semester", sem.id, "closed", True, False, reason.strip())
    return sem
