"""The attendance documents from the database: 签到表 (blank / filled, one or a whole term) and
校本研修活动记录表. Gathers plain data and hands it to ``pdf/signin.py`` / ``pdf/activity_record.py``."""

from __future__ import annotations

from collections.abc import Callable

from yanxiu_desktop.domain import activities as acts
from yanxiu_desktop.domain import attendance as att
from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.domain.policy import Policy, load_policy
from yanxiu_desktop.domain.semesters import cn_date, week_label, week_of
from yanxiu_desktop.store.models import Activity, Semester


def _hours_text(value: float) -> str:
    return "" if not value else (f"{value:g}")


def time_text(a: Activity) -> str:
    """"2025年9月10日 星期三 15:30–17:00（第三周）"."""
    text = cn_date(a.date, weekday=True)
    if a.start_time:
        text += f" {a.start_time}" + (f"–{a.end_time}" if a.end_time else "")
    week = week_of(a.semester, a.date)
    return text + (f"（{week_label(week)}）" if week else "")


def organizer_text(a: Activity) -> str:
    return a.group.name if a.group_id else "全校"


def signin_sheet(a: Activity, blank: bool, policy: Policy | None = None):
    """A SigninSheet for *a*; filled sheets need the attendance to have been entered."""
    from yanxiu_desktop.pdf.signin import SigninLine, SigninSheet

    rows = att.sheet(a)
    if blank:
        rows = [r for r in rows if r.expected]
    sheet = SigninSheet(
        school=a.semester.school.name, theme=a.theme, time=time_text(a), place=a.place,
        host=acts.host_label(a), presenter=acts.presenter_label(a), organizer=organizer_text(a),
        kind=a.kind, hours=_hours_text(a.hours), category=a.hours_category, filled=not blank,
        label=acts.activity_label(a),
        lines=[SigninLine(r.name, r.subject, att.SHEET_MARK.get(r.status, ""), r.remark()) for r in rows],
    )
    if not blank:
        if not any(r.status for r in rows):
            raise ValidationError(f"{acts.activity_label(a)}还没有录入考勤，无法打印已填签到表（可打印空白签到表）")
        c = att.counts(rows, policy)
        sheet.present, sheet.leave, sheet.absent = c.present, c.leave, c.absent
    return sheet


def signin_pdf(activity_id: int, blank: bool = True) -> bytes:
    from yanxiu_desktop.pdf.signin import render_signin

    a = acts.get_activity(activity_id)
    if a.status == "取消":  # a sheet for a meeting that will not take place would be signed by mistake
        raise ValidationError(f"{acts.activity_label(a)}已取消，不打印签到表")
    return render_signin([signin_sheet(a, blank)])


def term_activities(semester: Semester) -> list[Activity]:
    """The term's activities that get a sheet: everything not cancelled, by date."""
    return [a for a in acts.list_activities(semester) if a.status != "取消"]


def term_signin_pdf(semester: Semester, filled_where_entered: bool = True,
                    progress: Callable[[int, int], bool | None] | None = None) -> bytes:
    """The whole term's sheets as ONE PDF: filled where attendance was entered, blank otherwise."""
    from yanxiu_desktop.pdf.signin import render_signin

    policy = load_policy(semester)
    items = term_activities(semester)
    if not items:
        raise ValidationError("本学期还没有可打印签到表的研修活动")
    entered = {r.activity_id for r in att.Attendance.select(att.Attendance.activity).distinct()
               .where(att.Attendance.activity.in_([a.id for a in items]))}
    sheets = [signin_sheet(a, not (filled_where_entered and a.id in entered), policy) for a in items]
    return render_signin(sheets, progress=progress)


def absentees_text(rows: list[att.SheetRow], policy: Policy | None = None) -> str:
    """"李四（事假：家中有事，王校长批）、王五（缺席）" — everyone not counted as 实到."""
    present = set((policy or load_policy()).present_statuses)
    parts = []
    for r in rows:
        if r.status and r.status not in present:
            detail = r.status + (f"：{r.remark()}" if r.remark() else "")
            parts.append(f"{r.name}（{detail}）")
    return "、".join(parts) or "无"


def activity_record(a: Activity, photos: list | None = None):
    from yanxiu_desktop.pdf.activity_record import ActivityRecord

    rows = att.sheet(a)
    entered = any(r.status for r in rows)
    c = att.counts(rows)
    return ActivityRecord(
        school=a.semester.school.name, theme=a.theme, time=time_text(a), place=a.place, kind=a.kind,
        host=acts.host_label(a), presenter=acts.presenter_label(a), organizer=organizer_text(a),
        hours=_hours_text(a.hours), expected=c.expected, present=c.present if entered else None,
        absentees=absentees_text(rows) if entered else "",
        process=a.process, effect="\n".join(x for x in (a.effect, a.reflection) if x),
        recorder=a.recorder, record_date=cn_date(a.date), photos=list(photos or []),
    )


def activity_photos(a: Activity) -> list:
    """Up to two archived photos of the activity (活动照片), if the archive has any."""
    from yanxiu_desktop.domain import attachments

    out = []
    for link in attachments.links_for("activity", a.id):
        if attachments.is_image(link.attachment) and link.role != SCAN_ROLE:
            path = attachments.file_path(link.attachment)
            if path.is_file():
                out.append(path)
        if len(out) == 2:
            break
    return out


SCAN_ROLE = "签到表扫描件"


def activity_record_pdf(activity_id: int) -> bytes:
    from yanxiu_desktop.pdf.activity_record import render_activity_record

    a = acts.get_activity(activity_id)
    return render_activity_record(activity_record(a, activity_photos(a)))


def attach_signed_scan(activity_id: int, path: str) -> int:
    """Copy the scanned / photographed signed sheet into the archive, linked to the activity.

    The same scan chosen again for the same activity is not linked twice: the existing link's id is returned.
    """
    import hashlib
    from pathlib import Path

    from yanxiu_desktop.domain import attachments

    a = acts.get_activity(activity_id)
    src = Path(path)
    if src.is_file():
        sha = hashlib.sha256(src.read_bytes()).hexdigest()
        same = [ln for ln in signed_scans(a.id) if ln.attachment.sha256 == sha]
        if same:
            return same[0].id
    link = attachments.add_file(path, "activity", a.id, role=SCAN_ROLE)
    return link.id


def signed_scans(activity_id: int) -> list:
    from yanxiu_desktop.domain import attachments

    return [ln for ln in attachments.links_for("activity", activity_id) if ln.role == SCAN_ROLE]
