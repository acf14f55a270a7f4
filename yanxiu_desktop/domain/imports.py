"""Applying an import: the one place a previewed 花名册, 研修活动安排表 or 考勤表 is written.

``excel.*_import`` reads a file into a plain preview (rows, problems, what would change) and writes nothing;
the GUI and the command line show it; the functions here store it. Each one:

1. refuses while the preview has errors (nothing written, no backup taken);
2. takes a verified backup (``store.backup``, reason "import"): an import that cannot be backed up does not
   run, and the user reads why (issue 8: a backup is forced before an import);
3. writes everything in ONE transaction, audit-logged like the same change made by hand.

A dry run is a preview only: it never reaches this module, so it takes no backup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from yanxiu_desktop.domain import activities as acts
from yanxiu_desktop.domain import attendance as att
from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.domain.guards import ensure_semester_open
from yanxiu_desktop.domain.policy import load_policy
from yanxiu_desktop.domain.roster_import import apply_roster_rows
from yanxiu_desktop.excel.attendance_import import IMPORT_REASON, AttendanceImportResult, AttendancePreview
from yanxiu_desktop.excel.plan_import import PlanPreview
from yanxiu_desktop.excel.roster_import import ImportResult, RosterPreview
from yanxiu_desktop.store import audit
from yanxiu_desktop.store.backup import BackupError, BackupInfo, backup_now
from yanxiu_desktop.store.db import StoreError, current_path, transaction
from yanxiu_desktop.store.models import Activity, Participant, Semester

T = TypeVar("T")


class ImportBackupError(BackupError):
    """The backup an import takes first failed; the import did not run and nothing was written."""


def backup_before_import() -> BackupInfo | None:
    """A verified backup of the open database before an import writes (None for an in-memory database).

    Raises ImportBackupError with the reason (disk full, damaged database…) when it cannot be made.
    """
    path = current_path()
    if path is None or str(path) == ":memory:":
        return None
    try:
        return backup_now("import", path)
    except StoreError as exc:
        raise ImportBackupError(f"导入前的自动备份没有成功，为安全起见没有导入任何数据。\n{exc}") from exc


def _backed_up_transaction(write: Callable[[], T]) -> T:
    backup_before_import()
    with transaction():
        return write()


# -- 花名册 ------------------------------------------------------------------------------------------------

def commit_roster(preview: RosterPreview, skip_invalid: bool = False) -> ImportResult:
    """Store the previewed rows in one transaction: all of them, or (``skip_invalid``) all valid ones."""
    errors = preview.errors
    if errors and not skip_invalid:
        raise ValidationError([*(str(p) for p in errors), "花名册有错误，未导入任何数据。改正后重新导入，"
                               "或选择“仅导入无误的行”。"])
    return _backed_up_transaction(lambda: apply_roster_rows(preview.rows, f"导入花名册 {preview.path.name}"))


# -- 研修活动安排表 -------------------------------------------------------------------------------------------

def commit_plan(sem: Semester, preview: PlanPreview) -> list[Activity]:
    """Create every new row in one transaction; any row error means nothing is written."""
    ensure_semester_open(sem)
    if preview.errors:
        raise ValidationError(preview.errors)
    todo = preview.to_create()
    if not todo:
        raise ValidationError(preview.notes or ["没有可导入的新活动（都已存在）"])
    policy = load_policy()
    prepared = [acts.prepare(sem, dict(r.fields), policy) for r in todo]
    return _backed_up_transaction(lambda: [acts.insert_prepared(sem, data) for data in prepared])


# -- 考勤表 ------------------------------------------------------------------------------------------------

def commit_attendance(preview: AttendancePreview) -> AttendanceImportResult:
    """Store the whole matrix in one transaction; refuses (writes nothing) while any error remains.

    A teacher the paper shows at an activity they were not expected at joins its list (the matrix is the
    record of that term); each such list change is audit-logged like a hand edit of the participants.
    """
    if preview.errors:
        raise ValidationError(preview.errors)
    sem = Semester.get_by_id(preview.semester_id)
    ensure_semester_open(sem)
    per_activity: dict[int, list[att.Entry]] = {}
    joins: dict[int, list[int]] = {}
    for r in preview.rows:
        assert r.teacher_id is not None
        for aid, status in r.cells.items():
            per_activity.setdefault(aid, []).append(att.Entry(r.teacher_id, status))
        for aid in r.joins:
            joins.setdefault(aid, []).append(r.teacher_id)

    def write() -> AttendanceImportResult:
        result = AttendanceImportResult(activities=len(per_activity))
        for aid, tids in joins.items():
            _add_participants(aid, tids)
        for aid, entries in per_activity.items():
            existing = {r.teacher_id: r for r in att.Attendance.select().where(att.Attendance.activity == aid)}
            # Keep what was typed before (reason, approver) when the status is the same.
            for e in entries:
                old = existing.get(e.teacher_id)
                if old is not None and old.status == e.status:
                    e.late_minutes, e.leave_reason, e.approver, e.note = (
                        old.late_minutes, old.leave_reason, old.approver, old.note)
            saved = att.save_sheet(aid, entries, reason=IMPORT_REASON, require_leave_details=False)
            result.created += saved.created
            result.changed += saved.changed
            result.unchanged += saved.unchanged
        return result

    return _backed_up_transaction(write)


def _add_participants(activity_id: int, teacher_ids: list[int]) -> None:
    """Add teachers to an activity's expected list, audited as one participants change (call in a transaction)."""
    before = sorted(p.teacher_id for p in Participant.select(Participant.teacher)
                    .where(Participant.activity == activity_id))
    Participant.insert_many([{"activity": activity_id, "teacher": t} for t in teacher_ids]
                            ).on_conflict_ignore().execute()
    after = sorted({*before, *teacher_ids})
    if after != before:
        audit.record("activity", activity_id, "participants", before, after, IMPORT_REASON)
