"""导入考勤表 from the attendance tab: a bad matrix names every problem and imports nothing; the corrected
file imports in one go; the per-group 出勤率 table then shows the hand-computed rate."""

from __future__ import annotations

import datetime as dt

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from tests.attendance_helpers import make_activity, make_teachers, make_term
from tests.ui.test_attendance_tab import open_tab
from yanxiu_desktop.store.models import Attendance


def _write(path, rows) -> None:  # noqa: ANN001
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "考勤"
    ws.append(["2025—2026学年第一学期校本研修考勤表"])
    for r in rows:
        ws.append(r)
    wb.save(path)


def test_import_from_tab_bad_then_good(qtbot, db, no_modal, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from yanxiu_desktop.ui.dialogs.import_attendance import AttendanceImportDialog

    sem = make_term()
    t = make_teachers(5)
    a1 = make_activity(sem, t[:4])
    a2 = make_activity(sem, t[:4], day=dt.date(2025, 9, 17), theme="听评课")
    tab = open_tab(qtbot, db, sem)
    path = tmp_path / "考勤表.xlsx"
    _write(path, [["姓名", "9月10日", "9月17日", "9月11日"],
                  [t[0].name, "√", "迟", "√"],
                  ["查无此人", "√", "", ""],
                  [t[1].name, "?", "√", ""]])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))

    assert tab.import_btn.isEnabled()
    qtbot.mouseClick(tab.import_btn, Qt.MouseButton.LeftButton)
    dlg = tab.findChild(AttendanceImportDialog)
    assert dlg is not None and dlg.isVisible()
    dlg.choose_file()
    problems = dlg.problem_model.texts()
    assert any(p.startswith("工作表「考勤」D 列「9月11日」：本学期 9月11日没有研修活动") for p in problems), problems
    assert any(p.startswith("工作表「考勤」第 4 行（查无此人）：") and "不在花名册中" in p for p in problems)
    assert any(p.startswith(f"工作表「考勤」第 5 行（{t[1].name}，B 列）：「9月10日」列的「?」无法识别")
               for p in problems)
    assert [line.status for line in dlg.model.rows] == ["新增", "错误", "错误"]
    assert 2 in dlg.model.rows[2].bad_columns  # the "?" cell is marked
    assert all(4 in line.bad_columns for line in dlg.model.rows)  # and the column with no activity
    assert not dlg.import_button.isEnabled()
    assert "有错误时不会导入任何一条考勤" in dlg.summary.text()
    assert dlg.do_import() is False and not Attendance.select().exists()

    # Corrected in Excel, then 重新检查 with the same file.
    _write(path, [["姓名", "学科", "9月10日", "9.17 听评课"],
                  [t[0].name, t[0].subject, "√", "出勤"],
                  [t[1].name, t[1].subject, "事", "×"],
                  [t[2].name, t[2].subject, "公", "√"],
                  [t[3].name, t[3].subject, "迟", ""],
                  [t[4].name, t[4].subject, "", "病"]])
    qtbot.mouseClick(dlg.reload_button, Qt.MouseButton.LeftButton)
    assert dlg.problem_model.rowCount() == 0 and dlg.import_button.isEnabled()
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible() and dlg.result is not None
    assert no_modal[-1] == ("information", "导入完成|" + dlg.result.summary())
    stored = {(r.activity_id, r.teacher_id): r.status for r in Attendance.select()}
    assert stored == {(a1.id, t[0].id): "出勤", (a1.id, t[1].id): "事假", (a1.id, t[2].id): "公假",
                      (a1.id, t[3].id): "迟到", (a2.id, t[0].id): "出勤", (a2.id, t[1].id): "缺席",
                      (a2.id, t[2].id): "出勤", (a2.id, t[4].id): "病假"}

    # The tab refreshed: the grid of the shown activity and the 出勤率 per group (全校 here).
    # 9月10日: √ 事 公 迟 → 2 present of 3 (公假 left out); 9月17日: √ × √ 病 → 2 of 4. Together 4 / 7.
    tab.select_activity(a1.id)
    assert {r.name: r.status for r in tab.model.rows}[t[1].name] == "事假"
    rates = tab.hours_page.group_rates_model
    assert rates.rowCount() == 1
    assert [rates.data(rates.index(0, c)) for c in range(rates.columnCount())] == ["全校", "2", "4", "7", "57.1%"]


def test_import_refused_for_a_closed_term(qtbot, db, no_modal, tmp_path) -> None:  # noqa: ANN001
    from yanxiu_desktop.domain import term_close
    from yanxiu_desktop.ui.dialogs.import_attendance import AttendanceImportDialog

    sem = make_term()
    t = make_teachers(2)
    make_activity(sem, t)
    path = tmp_path / "考勤表.xlsx"
    _write(path, [["姓名", "9月10日"], [t[0].name, "√"], [t[1].name, "×"]])
    sem, _backup = term_close.close_term(sem.id, reason="期末归档", force=True)
    tab = open_tab(qtbot, db, sem)
    assert not tab.import_btn.isEnabled()
    dlg = AttendanceImportDialog(tab, sem, path)
    qtbot.addWidget(dlg)
    assert dlg.problem_model.rowCount() == 0 and not dlg.import_button.isEnabled()
    assert dlg.do_import() is False and not Attendance.select().exists()
