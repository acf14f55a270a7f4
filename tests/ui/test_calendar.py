"""Calendar tab: a recurring activity created by clicking through the dialog shows in the week view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from tests.conftest import DEMO_TODAY
from yanxiu_desktop.domain import activities as acts
from yanxiu_desktop.domain import semesters


def _run_in_dialog(handler, qtbot) -> list:  # noqa: ANN001
    """Run *handler(dialog)* once the modal dialog opened by the next click is up."""
    seen: list = []

    def poll() -> None:
        dlg = QApplication.activeModalWidget()
        if dlg is None:
            QTimer.singleShot(20, poll)
            return
        seen.append(dlg)
        handler(dlg)

    QTimer.singleShot(0, poll)
    return seen


@pytest.fixture
def tab(qtbot, demo_db, no_modal):  # noqa: ANN001, ANN201
    """The calendar tab on its own (other tabs are other features' business)."""
    from yanxiu_desktop.ui.app import create_app
    from yanxiu_desktop.ui.context import AppContext
    from yanxiu_desktop.ui.tabs.calendar import CalendarTab

    create_app()
    ctx = AppContext(demo_db)
    ctx.set_semester(semesters.current_semester(DEMO_TODAY))
    widget = CalendarTab(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def _week_cell_text(tab, week: int, weekday: int) -> str:
    m = tab.week_model
    return m.data(m.index(week - 1, weekday))


def test_series_dialog_creates_meetings_shown_in_week_view(tab, qtbot) -> None:  # noqa: ANN001
    sem = tab.ctx.semester
    before = len(acts.list_activities(sem))

    def fill(dlg) -> None:  # noqa: ANN001
        dlg.common.kind.setCurrentText("专题讲座")
        dlg.common.theme.setText("微课制作系列培训")
        dlg.common.group.setCurrentIndex(0)  # 全校
        dlg.common.place.setEditText("计算机教室")
        dlg.weekday.setCurrentIndex(0)  # 星期一
        dlg.start.setTime(dlg.start.time().fromString("16:00", "HH:mm"))
        dlg.end.setTime(dlg.end.time().fromString("17:30", "HH:mm"))
        dlg.first_week.setValue(3)
        dlg.last_week.setValue(9)
        dlg.every.setCurrentIndex(1)  # 两周一次
        assert "将生成 4 次活动" in dlg.preview.text()
        qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)

    seen = _run_in_dialog(fill, qtbot)
    qtbot.mouseClick(tab.buttons["series"], Qt.MouseButton.LeftButton)
    assert seen, "the series dialog did not open"
    made = [a for a in acts.list_activities(sem, kind="专题讲座") if a.theme == "微课制作系列培训"]
    assert [semesters.week_of(sem, a.date) for a in made] == [3, 5, 7, 9]
    assert all(a.hours == 2.0 and a.participants_mode == "all" for a in made)
    assert len(acts.list_activities(sem)) == before + 4
    assert "16:00 全校 专题讲座" in _week_cell_text(tab, 3, 0)
    assert "专题讲座" not in _week_cell_text(tab, 4, 0)


def test_activity_dialog_shows_clash_before_saving_and_edits(tab, qtbot) -> None:  # noqa: ANN001
    from yanxiu_desktop.ui.dialogs.activity import ActivityDialog, qdate

    sem = tab.ctx.semester
    existing = next(a for a in acts.list_activities(sem) if a.place == "数学组办公室" and a.status == "计划")
    dlg = ActivityDialog(tab, sem, day=existing.date)
    qtbot.addWidget(dlg)
    dlg.common.kind.setCurrentText("读书交流")
    dlg.common.theme.setText("读书分享会")
    dlg.common.place.setEditText("数学组办公室")
    dlg.date.setDate(qdate(existing.date))
    dlg.start.setTime(dlg.start.time().fromString(existing.start_time, "HH:mm"))
    dlg.refresh_checks()
    assert "数学组办公室同时安排了两项活动" in dlg.warnings.text()
    # Hand-pick: untick one of the 全体教师 list → 指定人员
    dlg.mode_buttons["all"].click()
    n_all = len(dlg.checked_ids())
    from PySide6.QtCore import Qt

    m = dlg.people_model
    assert m.setData(m.index(0, 0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert dlg.mode() == "custom" and len(dlg.checked_ids()) == n_all - 1
    dlg.save()
    assert dlg.result() and dlg.saved
    saved = acts.get_activity(dlg.saved[0].id)
    assert saved.participants_mode == "custom" and len(acts.expected_teachers(saved)) == n_all - 1
    tab.ctx.changed("activities")
    tab.views.setCurrentIndex(2)
    tab.teacher_filter.setText(acts.expected_teachers(saved)[0].pinyin.replace(" ", ""))
    tab.teacher_filter.flush()
    assert saved in tab.list_model.rows


def test_plan_import_dialog_previews_errors_and_imports(tab, qtbot, tmp_path) -> None:  # noqa: ANN001
    import openpyxl

    from yanxiu_desktop.ui.dialogs.plan_import import PlanImportDialog

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["日期", "时间", "主题", "形式", "参加对象"])
    ws.append(["11月25日", "15:30-17:00", "界面导入的活动", "集体备课", "数学教研组"])
    ws.append(["11月26日", "15:30-17:00", "有错的行", "集体备课", "不存在的小组"])
    wb.save(tmp_path / "plan.xlsx")
    dlg = PlanImportDialog(tab, tab.ctx.semester, tmp_path / "plan.xlsx")
    qtbot.addWidget(dlg)
    assert [line.status for line in dlg.model.rows] == ["新增", "错误"]
    assert not dlg.import_button.isEnabled()
    ws.delete_rows(3)
    wb.save(tmp_path / "plan.xlsx")
    dlg.load_file(tmp_path / "plan.xlsx")
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    assert [a.theme for a in dlg.created] == ["界面导入的活动"]
