"""Attendance (考勤) per activity: the signed 签到表 typed back, its counts, and its history.

Entering a sheet is one transaction: everyone's row is stored, or nothing. The first entry of a row is
not audited (it copies the paper); every later change is written to the append-only audit log with the
old and new value, the operator and the reason, because attendance decides 学时, 满勤奖 and pay.
Credit hours are in ``domain/hours.py``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from yanxiu_desktop.domain import activities as acts
from yanxiu_desktop.domain.audit_log import field_label
from yanxiu_desktop.domain.dates import minutes_between, stored_date
from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.domain.guards import ensure_semester_open, require_reason
from yanxiu_desktop.domain.hours import status_counts_json
from yanxiu_desktop.domain.policy import ATTENDANCE_STATUSES, Policy, load_policy
from yanxiu_desktop.store import audit
from yanxiu_desktop.store.db import transaction
from yanxiu_desktop.store.models import Activity, Attendance, AuditEntry, Participant, Teacher

STATUSES = ATTENDANCE_STATUSES
LEAVE_STATUSES = ("公假", "事假", "病假")
NEEDS_APPROVAL = ("事假", "病假")  # a leave note approved by the group head / a doctor's certificate
TIMED_STATUSES = ("迟到", "早退")
MAX_LATE_MINUTES = 600  # when the activity has no start and end time
# What the filled 签到表 prints in the 签到 column.
SHEET_MARK = {"出勤": "√", "迟到": "迟到", "早退": "早退", "公假": "公假", "事假": "事假", "病假": "病假",
              "缺席": "缺席"}
FIELD_LABELS = {k: field_label(k, "attendance") for k in ("status", "late_minutes", "leave_reason", "approver",
                                                          "note")}
_AUDITED_FIELDS = tuple(FIELD_LABELS)


@dataclass
class Entry:
    """One teacher's line of a sheet as typed in."""

    teacher_id: int
    status: str
    late_minutes: int | None = None
    leave_reason: str = ""
    approver: str = ""
    note: str = ""

    def values(self) -> dict[str, Any]:
        return {"status": self.status, "late_minutes": self.late_minutes,
                "leave_reason": self.leave_reason.strip(), "approver": self.approver.strip(),
                "note": self.note.strip()}


@dataclass
class SheetRow:
    """A line of the sheet: the expected teacher and what was entered (status "" = not yet)."""

    teacher_id: int
    name: str
    pinyin: str
    initials: str
    subject: str
    expected: bool = True
    status: str = ""
    late_minutes: int | None = None
    leave_reason: str = ""
    approver: str = ""
    note: str = ""

    def entry(self) -> Entry:
        return Entry(self.teacher_id, self.status, self.late_minutes, self.leave_reason, self.approver,
                     self.note)

    def remark(self) -> str:
        """备注 on the filled sheet: minutes late, leave reason and approver, note."""
        parts: list[str] = []
        if self.status in TIMED_STATUSES and self.late_minutes:
            parts.append(f"{self.late_minutes}分钟")
        if self.leave_reason:
            parts.append(self.leave_reason)
        if self.approver:
            parts.append(f"{self.approver}批")
        if self.note:
            parts.append(self.note)
        return "，".join(parts)


@dataclass
class Counts:
    expected: int = 0
    present: int = 0  # 实到: policy.present_statuses
    leave: int = 0  # 请假: 公假 + 事假 + 病假
    absent: int = 0  # 缺席
    entered: int = 0
    by_status: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"expected": self.expected, "present": self.present, "leave": self.leave,
                "absent": self.absent, "entered": self.entered,
                "by_status": status_counts_json(self.by_status)}


@dataclass
class SaveResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0


def sheet(activity: Activity | int) -> list[SheetRow]:
    """The expected teachers in sign-in order with what was entered; anyone entered but no longer
    expected (the list was edited afterwards) follows at the end so nothing is hidden."""
    a = acts.get_activity(activity) if isinstance(activity, int) else activity
    entered = {r.teacher_id: r for r in Attendance.select().where(Attendance.activity == a)}
    rows: list[SheetRow] = []
    for t in acts.expected_teachers(a):
        rows.append(_row(t, entered.pop(t.id, None), True))
    if entered:
        extra = Teacher.select().where(Teacher.id.in_(list(entered)))
        for t in sorted(extra, key=lambda t: (t.pinyin, t.name)):
            rows.append(_row(t, entered[t.id], False))
    return rows


def _row(t: Teacher, r: Attendance | None, expected: bool) -> SheetRow:
    row = SheetRow(t.id, t.name, t.pinyin, t.initials, t.subject, expected)
    if r is not None:
        row.status, row.late_minutes = r.status, r.late_minutes
        row.leave_reason, row.approver, row.note = r.leave_reason, r.approver, r.note
    return row


def counts(rows: Sequence[SheetRow], policy: Policy | None = None) -> Counts:
    """应到/实到/请假/缺席 for the footer of the sheet."""
    policy = policy or load_policy()
    by = Counter(r.status for r in rows if r.status)
    return Counts(
        expected=sum(1 for r in rows if r.expected),
        present=sum(by[s] for s in policy.present_statuses),
        leave=sum(by[s] for s in LEAVE_STATUSES),
        absent=by["缺席"],
        entered=sum(by.values()),
        by_status={s: by[s] for s in STATUSES if by[s]},
    )


def validate_entries(a: Activity, entries: Sequence[Entry], require_leave_details: bool = True) -> list[str]:
    """Every problem of a sheet, each naming the teacher and the field.

    *require_leave_details* False is for an old term's 考勤表 imported from Excel, which has no
    leave notes; typed-in sheets always need the reason and the approver for 事假/病假."""
    problems: list[str] = []
    expected = {p.teacher_id for p in Participant.select(Participant.teacher).where(Participant.activity == a)}
    stored = {r.teacher_id: (r.status, r.leave_reason, r.approver) for r in Attendance.select(
        Attendance.teacher, Attendance.status, Attendance.leave_reason, Attendance.approver)
        .where(Attendance.activity == a)}
    entered = set(stored)
    names = {t.id: t.name for t in Teacher.select(Teacher.id, Teacher.name)
             .where(Teacher.id.in_([e.teacher_id for e in entries]))}
    seen: set[int] = set()
    length = minutes_between(a.start_time, a.end_time) if a.start_time and a.end_time else 0
    longest = length if 0 < length < MAX_LATE_MINUTES else MAX_LATE_MINUTES  # late by more than the session?
    for e in entries:
        who = names.get(e.teacher_id)
        if who is None:
            problems.append(f"没有编号为 {e.teacher_id} 的教师")
            continue
        if e.teacher_id in seen:
            problems.append(f"{who}：同一张签到表中出现了两次")
        seen.add(e.teacher_id)
        if e.teacher_id not in expected and e.teacher_id not in entered:
            problems.append(f"{who}：不在本次活动的应到名单中（请先在研修日历中调整参加人员）")
        if e.status not in STATUSES:
            problems.append(f"{who}：考勤状态「{e.status}」无效，应为 {'、'.join(STATUSES)} 之一")
            continue
        # A leave stored without its note (an imported 考勤表 has none) is judged when it changes, not each
        # time another line of the sheet is corrected.
        kept = stored.get(e.teacher_id) == (e.status, e.leave_reason, e.approver)
        if e.status in NEEDS_APPROVAL and require_leave_details and not kept:
            if not e.leave_reason.strip():
                problems.append(f"{who}：{e.status}须填写请假事由")
            if not e.approver.strip():
                problems.append(f"{who}：{e.status}须填写批准人")
        if e.late_minutes is not None:
            if e.status not in TIMED_STATUSES:
                problems.append(f"{who}：只有迟到、早退才填写分钟数")
            elif not 0 < e.late_minutes <= longest:
                problems.append(f"{who}：迟到/早退分钟数应在 1～{longest} 之间"
                                + (f"（活动共 {longest} 分钟）" if longest != MAX_LATE_MINUTES else ""))
        for key, limit in (("leave_reason", 200), ("approver", 40), ("note", 200)):
            if len(getattr(e, key)) > limit:
                problems.append(f"{who}：{FIELD_LABELS[key]}太长（最多 {limit} 字）")
    return problems


def not_yet_held(a: Activity, today: dt.date | None = None) -> str:
    """Why *a* cannot have attendance yet, or '' once its day has come: a sign-in sheet records who came,
    so a sheet for next month would earn 学时 for a meeting nobody has attended."""
    day = stored_date(a.date)
    today = today or dt.date.today()
    if day is not None and day > today:
        return (f"{acts.activity_label(a)}还没有举行（{day.month}月{day.day}日，今天是 {today.month}月{today.day}日），"
                "活动当天或之后才能录入考勤")
    return ""


def _check_writable(a: Activity, today: dt.date | None = None) -> None:
    ensure_semester_open(a.semester)
    if a.status == "取消":
        raise ValidationError(f"{acts.activity_label(a)}已取消，不记考勤")
    problem = not_yet_held(a, today)
    if problem:
        raise ValidationError(problem)


def save_sheet(activity_id: int, entries: Iterable[Entry], reason: str = "",
               require_leave_details: bool = True, today: dt.date | None = None) -> SaveResult:
    """Store a whole sheet in one transaction; raises ValidationError (nothing written) on any bad line.

    A row entered before and now different is updated and each changed field is audited with *reason*,
    which is then required. Entering attendance for a 计划 activity marks it 已完成 (it happened); an
    activity whose day has not come yet (after *today*) is refused.
    """
    a = acts.get_activity(activity_id)
    _check_writable(a, today)
    entries = list(entries)
    problems = validate_entries(a, entries, require_leave_details)
    if problems:
        raise ValidationError(problems)
    result = SaveResult()
    now = dt.datetime.now().replace(microsecond=0)
    with transaction():
        existing = {r.teacher_id: r for r in Attendance.select().where(Attendance.activity == a)}
        first_entry = not existing
        new_rows: list[dict[str, Any]] = []
        for e in entries:
            values = e.values()
            row = existing.get(e.teacher_id)
            if row is None:
                new_rows.append({"activity": a.id, "teacher": e.teacher_id, "entered_at": now,
                                 "updated_at": now, **values})
                continue
            changed = [k for k in _AUDITED_FIELDS if getattr(row, k) != values[k]]
            if not changed:
                result.unchanged += 1
                continue
            # Raised inside the transaction: nothing of this sheet is written.
            reason = require_reason(reason, "修改已录入的考勤须填写修改原因（写入审计日志）")
            for k in changed:
                audit.record("attendance", row.id, k, getattr(row, k), values[k], reason)
                setattr(row, k, values[k])
            row.updated_at = now
            row.save()
            result.changed += 1
        if new_rows:
            Attendance.insert_many(new_rows).execute()
            result.created = len(new_rows)
            if not first_entry:
                # Someone added to an already entered sheet: that is a change too.
                for r in Attendance.select().where((Attendance.activity == a)
                                                   & Attendance.teacher.in_([x["teacher"] for x in new_rows])):
                    audit.record("attendance", r.id, "status", None, r.status, reason or "补录")
        if first_entry and new_rows:
            audit.record("activity", a.id, "考勤录入", None, f"{len(new_rows)} 人", reason)
        if a.status == "计划":
            acts.apply_update(a, {"status": "已完成"}, "录入考勤")
    return result


def mark_all_present(activity_id: int) -> int:
    """全部出勤: everyone expected without an entry becomes 出勤; existing entries are kept. Returns how many."""
    a = acts.get_activity(activity_id)
    todo = [Entry(r.teacher_id, "出勤") for r in sheet(a) if r.expected and not r.status]
    if not todo:
        _check_writable(a)
        return 0
    save_sheet(activity_id, todo)
    return len(todo)


def set_status(activity_id: int, teacher_id: int, status: str, late_minutes: int | None = None,
               leave_reason: str = "", approver: str = "", note: str = "", reason: str = "") -> SaveResult:
    """One teacher's line (the same rules as a whole sheet)."""
    return save_sheet(activity_id, [Entry(teacher_id, status, late_minutes, leave_reason, approver, note)],
                      reason)


@dataclass(frozen=True)
class HistoryRow:
    ts: dt.datetime
    operator: str
    teacher: str  # "" for the activity itself
    field: str  # Chinese label
    old: str
    new: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"ts": self.ts, "operator": self.operator, "teacher": self.teacher, "field": self.field,
                "old": self.old, "new": self.new, "reason": self.reason}


def attendance_history(activity_id: int) -> list[HistoryRow]:
    """The activity's audit trail, oldest first: its own changes and every attendance change."""
    a = acts.get_activity(activity_id)
    att = {r.id: r.teacher.name for r in Attendance.select(Attendance, Teacher).join(Teacher)
           .where(Attendance.activity == a)}
    q = AuditEntry.select().where(
        ((AuditEntry.table_name == "activity") & (AuditEntry.row_id == a.id))
        | ((AuditEntry.table_name == "attendance") & AuditEntry.row_id.in_(list(att) or [0]))
    ).order_by(AuditEntry.id)
    out: list[HistoryRow] = []
    for e in q:
        teacher = att.get(e.row_id, "") if e.table_name == "attendance" else ""
        label = field_label(e.field, e.table_name)
        out.append(HistoryRow(e.ts, e.operator, teacher, label, _plain(e.old), _plain(e.new), e.reason))
    return out


def _plain(value: str | None) -> str:
    if value is None or value == "null":
        return ""
    return value.strip('"') if value.startswith('"') else value
