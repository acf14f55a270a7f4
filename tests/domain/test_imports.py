"""Applying imports (domain.imports): a verified backup first, one transaction, audited participants;
and the one month/day rule both imports use (domain.dates.parse_month_day)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from tests.attendance_helpers import make_activity, make_teachers, make_term
from tests.excel.rosters import good_rows, write_roster
from yanxiu_desktop.domain import imports
from yanxiu_desktop.domain.dates import parse_month_day
from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.excel.attendance_import import preview_attendance
from yanxiu_desktop.excel.roster_import import preview_roster
from yanxiu_desktop.paths import backup_dir
from yanxiu_desktop.store import backup as bk
from yanxiu_desktop.store.models import Attendance, AuditEntry, Participant, Teacher

AUTUMN = (dt.date(2025, 9, 1), dt.date(2026, 1, 18))  # a 第一学期 across New Year
SPRING = (dt.date(2026, 2, 23), dt.date(2026, 7, 5))


@pytest.mark.parametrize(("text", "term", "expected"), [
    ("9月10日", AUTUMN, dt.date(2025, 9, 10)),
    ("12.31", AUTUMN, dt.date(2025, 12, 31)),
    ("1月5日", AUTUMN, dt.date(2026, 1, 5)),  # after New Year: the next calendar year
    ("1-18", AUTUMN, dt.date(2026, 1, 18)),  # the term's last day
    ("１月５日（周一）", AUTUMN, dt.date(2026, 1, 5)),  # full-width digits, a note after the day
    ("9.17 听评课", AUTUMN, dt.date(2025, 9, 17)),
    ("8月31日", AUTUMN, None),  # the day before the term
    ("1月19日", AUTUMN, None),  # the day after
    ("2月30日", AUTUMN, None),  # no such day
    ("3月1日", SPRING, dt.date(2026, 3, 1)),
    ("9月10日", SPRING, None),
    ("2025年9月10日", SPRING, dt.date(2025, 9, 10)),  # a year typed is taken as typed
    ("集体备课", AUTUMN, None),
])
def test_parse_month_day_puts_the_date_inside_the_term(text: str, term: tuple[dt.date, dt.date],
                                                        expected: dt.date | None) -> None:
    assert parse_month_day(text, *term) == expected


def test_leap_day_found_in_the_year_that_has_it() -> None:
    assert parse_month_day("2月29日", dt.date(2027, 9, 1), dt.date(2028, 3, 1)) == dt.date(2028, 2, 29)


def _backups(db: Path) -> list[bk.BackupInfo]:
    return bk.list_backups(db)


def test_roster_import_takes_a_backup_first(db: Path, tmp_path: Path) -> None:
    preview = preview_roster(write_roster(tmp_path / "r.xlsx", good_rows()))
    assert _backups(db) == []  # a preview (the dry run) takes none
    imports.commit_roster(preview)
    [info] = _backups(db)
    assert info.reason == "import" and info.reason_label == "导入前" and info.path.parent == backup_dir(db)
    assert Teacher.select().count() == 11


def test_refused_import_takes_no_backup(db: Path, tmp_path: Path) -> None:
    rows = good_rows()
    rows[0][2] = "未知"
    with pytest.raises(ValidationError):
        imports.commit_roster(preview_roster(write_roster(tmp_path / "bad.xlsx", rows)))
    assert _backups(db) == []


def test_failed_backup_leaves_the_database_untouched(db: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    preview = preview_roster(write_roster(tmp_path / "r.xlsx", good_rows()))

    def full_disk(*_a: object, **_k: object) -> None:
        raise bk.BackupError("备份失败（磁盘已满或文件夹不可写？）：database or disk is full。数据库本身未受影响。")

    monkeypatch.setattr(imports, "backup_now", full_disk)
    audit_before = AuditEntry.select().count()
    with pytest.raises(imports.ImportBackupError) as err:
        imports.commit_roster(preview)
    assert "导入前的自动备份没有成功" in str(err.value) and "磁盘已满" in str(err.value)
    assert Teacher.select().count() == 0 and AuditEntry.select().count() == audit_before


def test_damaged_database_refuses_the_import(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    preview = preview_roster(write_roster(tmp_path / "r.xlsx", good_rows()))
    monkeypatch.setattr(bk, "quick_check_file", lambda _path: ["*** in database main *** Page 3 is never used"])
    with pytest.raises(imports.ImportBackupError) as err:
        imports.commit_roster(preview)
    assert "数据库文件已损坏" in str(err.value)
    assert Teacher.select().count() == 0


def _matrix(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "考勤"
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_attendance_import_audits_the_teachers_it_adds(db: Path, tmp_path: Path) -> None:
    sem = make_term()
    ts = make_teachers(3)
    a = make_activity(sem, ts[:2])
    path = _matrix(tmp_path / "k.xlsx", [["姓名", "9月10日"], [ts[0].name, "√"], [ts[1].name, "×"],
                                         [ts[2].name, "迟"]])
    result = imports.commit_attendance(preview_attendance(path, sem))
    assert result.created == 3
    assert {p.teacher_id for p in Participant.select().where(Participant.activity == a)} == {t.id for t in ts}
    entry = AuditEntry.get((AuditEntry.table_name == "activity") & (AuditEntry.row_id == a.id)
                           & (AuditEntry.field == "participants"))
    assert entry.reason == "导入考勤表"
    assert entry.old == str(sorted(t.id for t in ts[:2])) and entry.new == str(sorted(t.id for t in ts))
    assert [b.reason for b in _backups(db)] == ["import"]


def test_impossible_date_header_is_reported(db: Path, tmp_path: Path) -> None:
    sem = make_term()
    ts = make_teachers(2)
    make_activity(sem, ts)
    path = _matrix(tmp_path / "k.xlsx", [["姓名", "9月10日", "2月30日"], [ts[0].name, "√", "√"],
                                         [ts[1].name, "√", ""]])
    p = preview_attendance(path, sem)
    [col] = [c for c in p.columns if c.problem]
    assert (col.index, col.header, col.date, col.activity_id) == (2, "2月30日", None, None)
    assert p.errors == ["工作表「考勤」第 3 列「2月30日」：表头「2月30日」不是本学期（2025-09-01～"
                        f"{sem.start_date + dt.timedelta(days=7 * sem.weeks - 1)}）中的有效日期，请改正"]
    with pytest.raises(ValidationError):
        imports.commit_attendance(p)
    assert not Attendance.select().exists()
