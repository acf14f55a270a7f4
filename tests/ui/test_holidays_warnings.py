"""节假日与调休 dialog and the calendar's planning warnings: model/view tables with Chinese dates."""

from __future__ import annotations

import datetime as dt

from tests.attendance_helpers import make_term
from yanxiu_desktop.domain import activities as acts


def _cells(model, column: int) -> list[str]:  # noqa: ANN001
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def test_holiday_dialog_lists_chinese_dates_and_removes(qtbot, db, no_modal) -> None:  # noqa: ANN001
    from yanxiu_desktop.ui.app import create_app
    from yanxiu_desktop.ui.dialogs.activity import qdate
    from yanxiu_desktop.ui.dialogs.holidays import HolidayDialog

    create_app()
    sem = make_term()
    dlg = HolidayDialog(None, sem)
    qtbot.addWidget(dlg)
    dlg.first.setDate(qdate(dt.date(2025, 10, 1)))
    dlg.last.setDate(qdate(dt.date(2025, 10, 3)))
    dlg.name.setText("国庆节")
    dlg.add_button.click()
    assert _cells(dlg.model, 0) == ["10月1日（星期三）", "10月2日（星期四）", "10月3日（星期五）"]
    assert _cells(dlg.model, 1) == ["放假"] * 3 and _cells(dlg.model, 2) == ["国庆节"] * 3
    dlg.table.selectRow(1)
    dlg.remove_button.click()
    assert _cells(dlg.model, 0) == ["10月1日（星期三）", "10月3日（星期五）"] and dlg.changed
    assert [c.date.day for c in acts.calendar_days(sem)] == [1, 3]


def test_calendar_warnings_table_opens_the_activity(qtbot, db, no_modal, monkeypatch) -> None:  # noqa: ANN001
    from yanxiu_desktop.ui.app import create_app
    from yanxiu_desktop.ui.context import AppContext
    from yanxiu_desktop.ui.tabs.calendar import CalendarTab

    create_app()
    sem = make_term()
    a, b = (acts.create_activity(sem, kind="集体备课", theme=theme, date=dt.date(2025, 9, 10), start_time="15:30",
                                 end_time="17:00", place="三楼会议室") for theme in ("语文备课", "数学备课"))
    ctx = AppContext(db)
    ctx.set_semester(sem)
    tab = CalendarTab(ctx)
    qtbot.addWidget(tab)
    m = tab.warning_model
    row = _cells(m, 0).index("场地冲突")
    assert "三楼会议室" in m.data(m.index(row, 1)) and set(m.rows[row].activity_ids) == {a.id, b.id}
    opened: list = []
    monkeypatch.setattr(tab, "edit_activity", opened.append)
    from PySide6.QtWidgets import QInputDialog

    # Two activities are involved: the user is asked which one (the second is picked here).
    monkeypatch.setattr(QInputDialog, "getItem", lambda _p, _t, _l, items, *_a, **_k: (items[1], True))
    tab.warning_list.doubleClicked.emit(m.index(row, 1))
    assert [x.theme for x in opened] == [acts.get_activity(m.rows[row].activity_ids[1]).theme]
