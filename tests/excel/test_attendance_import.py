"""考勤表 matrix import: preview, row errors, all-or-nothing, matched by date (and theme)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from tests.attendance_helpers import make_activity, make_teachers, make_term
from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.domain.imports import commit_attendance
from yanxiu_desktop.excel.attendance_import import preview_attendance
from yanxiu_desktop.store.models import Attendance, AuditEntry


def _write(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["城关镇中心小学2025年秋季校本研修考勤表"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


@pytest.fixture
def term(db):
    sem = make_term()
    ts = make_teachers(4)
    a1 = make_activity(sem, ts, day=dt.date(2025, 9, 10), theme="集体备课一")
    a2 = make_activity(sem, ts[:3], day=dt.date(2025, 9, 17), theme="专题讲座")
    a3 = make_activity(sem, ts, day=dt.date(2025, 9, 17), theme="读书交流")
    return sem, ts, (a1, a2, a3)


def test_good_matrix_imports_everything(term, tmp_path: Path) -> None:
    sem, ts, (a1, a2, a3) = term
    path = _write(tmp_path / "k.xlsx", [
        ["序号", "姓名", dt.datetime(2025, 9, 10), "9月17日 专题讲座", "9.17 读书交流"],
        [1, ts[0].name, "√", "迟", "事假"],
        [2, ts[1].name, "出勤", "×", "√"],
        [3, ts[2].name, "公", "", "病"],
        [4, ts[3].name, "√", "√", "√"],  # not expected at the 专题讲座: joins its list
    ])
    p = preview_attendance(path, sem)
    assert p.errors == [] and [c.activity_id for c in p.columns] == [a1.id, a2.id, a3.id]
    assert "其中事假/病假 2 条，考勤表上没有请假事由和批准人" in p.summary()
    # Imported as written, but shown for a look: an expected teacher left blank, a teacher added to a list.
    assert p.notes == [f"第 5 行（{ts[2].name}）：「9月17日 专题讲座」列为空：在该活动应到名单中，导入后仍为未录入",
                       f"第 6 行（{ts[3].name}）：「9月17日 专题讲座」：不在该活动应到名单中，导入后加入应到名单"]
    assert "请核对 2 处" in p.summary()
    result = commit_attendance(p)
    assert result.created == 11 and result.activities == 3
    status = {(r.activity_id, r.teacher_id): r.status for r in Attendance.select()}
    assert status[(a1.id, ts[2].id)] == "公假" and status[(a2.id, ts[0].id)] == "迟到"
    assert status[(a3.id, ts[0].id)] == "事假" and (a2.id, ts[2].id) not in status
    # Importing a corrected file changes one cell, audited with the import reason.
    path2 = _write(tmp_path / "k2.xlsx", [["姓名", "2025-09-10"], [ts[0].name, "×"]])
    r2 = commit_attendance(preview_attendance(path2, sem))
    assert r2.changed == 1
    assert AuditEntry.select().where((AuditEntry.table_name == "attendance") & (AuditEntry.new == "缺席")
                                     & (AuditEntry.reason == "导入考勤表")).exists()


def test_errors_named_and_nothing_written(term, tmp_path: Path) -> None:
    sem, ts, _ = term
    path = _write(tmp_path / "bad.xlsx", [
        ["姓名", "9月10日", "9月17日", "10月1日"],
        [ts[0].name, "√", "√", "√"],
        ["查无此人", "√", "", ""],
        [ts[1].name, "好", "", ""],
    ])
    p = preview_attendance(path, sem)
    text = "\n".join(p.errors)
    assert "9月17日有 2 次活动" in text and "10月1日没有研修活动" in text
    assert "第 4 行（查无此人）：教师「查无此人」不在花名册中" in text
    assert "「好」无法识别" in text
    with pytest.raises(ValidationError):
        commit_attendance(p)
    assert Attendance.select().count() == 0


def test_not_a_matrix(term, tmp_path: Path) -> None:
    sem, _, _ = term
    p = preview_attendance(_write(tmp_path / "x.xlsx", [["名称", "备注"], ["a", "b"]]), sem)
    assert p.errors and "找不到考勤表" in p.errors[0]


def test_a_column_for_an_activity_not_yet_held_is_an_error(term, tmp_path: Path) -> None:
    sem, ts, _ = term
    path = _write(tmp_path / "early.xlsx", [["姓名", "9月10日"], [ts[0].name, "√"]])
    p = preview_attendance(path, sem, today=dt.date(2025, 9, 9))
    assert any("还没有举行（9月10日，今天是 9月9日）" in e for e in p.errors), p.errors
    with pytest.raises(ValidationError):
        commit_attendance(p)
    assert Attendance.select().count() == 0
    assert preview_attendance(path, sem, today=dt.date(2025, 9, 10)).errors == []  # on the day it is fine
