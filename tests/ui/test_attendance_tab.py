"""The attendance tab: a 60-teacher signed sheet entered by keyboard only, then checked in the database."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.attendance_helpers import make_activity, make_teachers, make_term
from yanxiu_desktop.store.models import Attendance


def open_tab(qtbot, db, sem):  # noqa: ANN001, ANN201
    """The attendance tab on its own, shown, for *sem*."""
    from yanxiu_desktop.ui.app import create_app
    from yanxiu_desktop.ui.context import AppContext
    from yanxiu_desktop.ui.tabs.attendance import AttendanceTab

    create_app()
    ctx = AppContext(db)
    ctx.set_semester(sem)
    tab = AttendanceTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1200, 800)
    tab.show()
    tab.activateWindow()
    qtbot.waitExposed(tab)
    return tab


@pytest.fixture
def setup(qtbot, db, no_modal):  # noqa: ANN001, ANN201
    sem = make_term()
    teachers = make_teachers(60)
    activity = make_activity(sem, teachers)
    tab = open_tab(qtbot, db, sem)
    tab.select_activity(activity.id)
    return tab, activity, teachers


def test_sixty_by_keyboard(setup, qtbot) -> None:  # noqa: ANN001
    tab, activity, _teachers = setup
    view = tab.view
    view.setFocus()
    assert tab.model.rowCount() == 60
    QTest.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # 全部出勤
    assert all(r.status == "出勤" for r in tab.model.rows)

    def goto(row: int) -> None:
        QTest.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
        for _ in range(row):
            QTest.keyClick(view, Qt.Key.Key_Down)

    rows = tab.model.rows
    goto(3)
    QTest.keyClick(view, Qt.Key.Key_2)  # 迟到, cursor moves down
    QTest.keyClick(view, Qt.Key.Key_X)  # row 4 缺席
    goto(10)
    QTest.keyClick(view, Qt.Key.Key_G)  # 公假
    # 事假 opens the leave-reason cell: type it, Tab to the approver, type, Enter.
    goto(20)
    QTest.keyClick(view, Qt.Key.Key_S)
    editor = view.focusWidget()
    QTest.keyClicks(editor, "dentist")
    QTest.keyClick(editor, Qt.Key.Key_Tab)
    QTest.keyClicks(view.focusWidget(), "Wang")
    QTest.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    # Type-ahead: "/" then pinyin initials jumps to the teacher; Enter returns to the grid.
    target = rows[47]
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Slash)
    QTest.keyClicks(tab.jump_box, target.initials)
    jumped = tab.model.rows[view.currentIndex().row()]
    assert jumped.initials == target.initials
    QTest.keyClick(tab.jump_box, Qt.Key.Key_Return)
    QTest.keyClick(view, Qt.Key.Key_T)  # 早退
    QTest.keyClick(view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # 保存
    stored = {r.teacher_id: r for r in Attendance.select().where(Attendance.activity == activity)}
    assert len(stored) == 60
    by_row = [stored[r.teacher_id] for r in rows]
    assert (by_row[3].status, by_row[4].status, by_row[10].status) == ("迟到", "缺席", "公假")
    assert (by_row[20].status, by_row[20].leave_reason, by_row[20].approver) == ("事假", "dentist", "Wang")
    assert stored[jumped.teacher_id].status == "早退"
    assert sum(r.status == "出勤" for r in stored.values()) == 55
    assert "实到 57 人" in tab.counts_label.text() and "缺席 1 人" in tab.counts_label.text()


def test_leave_without_approver_is_refused(setup, no_modal) -> None:  # noqa: ANN001
    tab, activity, _ = setup
    tab.mark_all_present()
    tab.model.set_status(0, "病假")
    assert tab.save() is False
    assert no_modal and "须填写请假事由" in no_modal[-1][1]
    assert not Attendance.select().where(Attendance.activity == activity).exists()


def test_preview_prints_and_saves(setup, qtbot, tmp_path) -> None:  # noqa: ANN001
    from PySide6.QtPrintSupport import QPrinter

    tab, _, _ = setup
    dlg = tab.print_sheet(blank=True)
    assert dlg is not None and dlg.doc.pageCount() == 1
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert dlg.print_to(printer) == 1 and out.stat().st_size > 1000
    saved = dlg.save_to(tmp_path / "saved.pdf")
    assert saved.read_bytes() == dlg.pdf_bytes
    dlg.close()


@pytest.fixture
def two_activities(qtbot, db, monkeypatch):  # noqa: ANN001, ANN201
    """The tab on the first of two activities, and a way to answer the unsaved-rows question."""
    from PySide6.QtWidgets import QMessageBox

    sem = make_term()
    teachers = make_teachers(5)
    first = make_activity(sem, teachers, theme="第一次集体备课")
    second = make_activity(sem, teachers, day=dt.date(2025, 9, 17), theme="第二次集体备课")
    asked: list[str] = []
    answer = {"button": QMessageBox.StandardButton.Cancel}

    def question(_parent, _title, text, *_args, **_kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        asked.append(text)
        return answer["button"]

    monkeypatch.setattr(QMessageBox, "question", question)
    tab = open_tab(qtbot, db, sem)
    tab.select_activity(first.id)
    return tab, first, second, asked, answer


def test_switching_activity_cancel_keeps_the_typed_rows(two_activities) -> None:  # noqa: ANN001
    tab, first, second, asked, _answer = two_activities
    tab.mark_all_present()
    tab.combo.setCurrentIndex(tab.combo.findData(second.id))
    assert len(asked) == 1 and "第一次集体备课" in asked[0]
    assert tab.current_activity_id() == first.id
    assert tab.has_unsaved() and all(r.status == "出勤" for r in tab.model.rows)
    assert not Attendance.select().exists()


def test_switching_activity_save_stores_then_switches(two_activities) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QMessageBox

    tab, first, second, asked, answer = two_activities
    tab.mark_all_present()
    answer["button"] = QMessageBox.StandardButton.Save
    tab.combo.setCurrentIndex(tab.combo.findData(second.id))
    assert len(asked) == 1
    stored = Attendance.select().where(Attendance.activity == first)
    assert stored.count() == 5 and {a.status for a in stored} == {"出勤"}
    assert tab.current_activity_id() == second.id and not tab.has_unsaved()
    assert all(not r.status for r in tab.model.rows)  # the second sheet, untouched


def test_discard_drops_rows_and_reload_asks_first(two_activities) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QMessageBox

    tab, first, _second, asked, answer = two_activities
    tab.mark_all_present()
    tab.ctx.changed("teachers")  # someone edits the roster: 取消 keeps the typed rows
    assert len(asked) == 1 and tab.has_unsaved() and tab.current_activity_id() == first.id
    answer["button"] = QMessageBox.StandardButton.Discard
    assert tab.confirm_unsaved() is True  # what the main window calls on close
    assert not tab.has_unsaved() and all(not r.status for r in tab.model.rows)
    assert not Attendance.select().exists()


def test_filter_keeps_the_sheet_being_typed(two_activities) -> None:  # noqa: ANN001
    tab, first, _second, asked, _answer = two_activities
    tab.mark_all_present()
    tab.filter_box.setText("dier")  # matches only the second activity's theme
    assert asked == [] and tab.current_activity_id() == first.id and tab.has_unsaved()


def test_an_activity_not_yet_held_prints_blank_but_takes_no_attendance(qtbot, db, no_modal) -> None:  # noqa: ANN001
    from yanxiu_desktop.domain import semesters

    today = dt.date.today()
    start = today - dt.timedelta(days=today.weekday() + 14)  # a Monday two weeks ago: next week is in term
    sem = semesters.create_semester(start.year if start.month >= 8 else start.year - 1,
                                    1 if start.month >= 8 or start.month == 1 else 2, start)
    teachers = make_teachers(3)
    later = make_activity(sem, teachers, day=today + dt.timedelta(days=7), theme="下周的集体备课")
    tab = open_tab(qtbot, db, sem)
    tab.select_activity(later.id)
    assert "还没有举行" in tab.scan_label.text() and "打印空白签到表" in tab.scan_label.text()
    assert not tab.save_btn.isEnabled() and not tab.all_present_btn.isEnabled()
    assert tab.blank_btn.isEnabled()
    tab.view.setFocus()
    tab.view.setCurrentIndex(tab.model.index(0, 3))
    QTest.keyClick(tab.view, Qt.Key.Key_2)  # 迟到: nothing can be typed into a sheet that could not be saved
    assert not tab.has_unsaved() and tab.model.rows[0].status == ""
    assert not tab.model.flags(tab.model.index(0, 6)) & Qt.ItemFlag.ItemIsEditable
    assert not Attendance.select().where(Attendance.activity == later.id).exists()
