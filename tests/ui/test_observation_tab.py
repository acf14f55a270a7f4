"""GUI: record an observation through the dialog and run the S-T coder with simulated time."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from yanxiu_desktop.domain import roster, semesters
from yanxiu_desktop.store.models import AuditEntry, Observation


@pytest.fixture
def setup(db, qtbot):
    from yanxiu_desktop.ui.context import AppContext
    from yanxiu_desktop.ui.tabs.observation import ObservationTab

    today = dt.date.today()
    monday = today - dt.timedelta(days=today.weekday() + 14)
    year = monday.year if monday.month >= 8 else monday.year - 1
    sem = semesters.create_semester(year, 1 if monday.month >= 8 else 2, monday, 20)
    observer = roster.add_teacher(name="王丽", subject="语文", role="教研组长")
    observed = roster.add_teacher(name="张三丰", subject="数学")
    ctx = AppContext(db)
    tab = ObservationTab(ctx)
    qtbot.addWidget(tab)
    ctx.set_semester(sem)
    return ctx, tab, sem, observer, observed


def test_record_observation_with_st_coder(setup, qtbot, monkeypatch) -> None:
    from yanxiu_desktop.ui.dialogs.observation import ObservationDialog

    ctx, tab, sem, observer, observed = setup
    dlg = ObservationDialog(tab, sem)
    qtbot.addWidget(dlg)
    assert dlg.date.date().toPython() == dt.date.today()
    dlg.observer.set_teacher(observer.id)
    dlg.observed.setEditText("张三丰")
    dlg.observed.setCurrentIndex(dlg.observed.findText("张三丰"))
    assert dlg.subject.text() == "数学"  # taken from the observed teacher
    dlg.period.setValue(3)
    dlg.class_name.setText("七年级(3)班")
    dlg.topic.setText("一元一次方程")
    dlg.lesson_type.setCurrentText("新授课")
    dlg.process_model.setData(dlg.process_model.index(0, 0), "复习导入")
    dlg.process_model.setData(dlg.process_model.index(0, 1), "联系旧知")
    dlg.strengths.setPlainText("思路清楚")
    # Rubric: the policy default is offered; typing scores fills the total and suggests the 等级.
    assert dlg._rubric is not None and dlg._rubric.id == "five_aspects_100"
    for spin in dlg._spins.values():
        spin.setValue(18)
    assert "90" in dlg.total_label.text()
    assert dlg.grade.currentText() == "优"

    coder = dlg.st_coder
    dlg.tabs.setCurrentWidget(coder)
    coder.setFocus()
    QTest.keyClick(coder, Qt.Key.Key_Space)  # start the timer; the test never waits for it
    assert coder.running
    for key in "TTSDS":
        coder.tick()  # one 30 s interval passes
        assert "请记录" in coder.prompt.text()
        QTest.keyClick(coder, getattr(Qt.Key, f"Key_{key}"))
    coder.tick()
    QTest.keyClick(coder, Qt.Key.Key_S)
    QTest.keyClick(coder, Qt.Key.Key_Backspace)  # undo the last one
    assert coder.samples() == "TTSTS"
    assert coder.due == 6 and "应记 6，已记 5" in coder.prompt.text()
    QTest.keyClick(coder, Qt.Key.Key_Space)  # pause
    assert not coder.running
    assert "对话型" in coder.result_label.text()
    assert "不是对课堂质量的评分" in "".join(lbl.text() for lbl in coder.findChildren(type(coder.prompt)))

    assert dlg.save()
    o = Observation.get()
    assert (o.observer_id, o.observed_id, o.period, o.class_name) == (observer.id, observed.id, 3, "七年级(3)班")
    assert o.st_samples == "TTSTS" and o.st_interval == 30
    assert o.total == 90 and o.grade == "优" and o.process == [["复习导入", "联系旧知"]]
    ctx.changed("observations")
    assert tab.model.rowCount() == 1 and tab.model.rows[0].st_type == "对话型"
    assert tab.quota.rowCount() == 2

    # Edit: the stored record comes back into the form; a change is audit-logged with its reason.
    tab.view.selectRow(0)
    edit = ObservationDialog(tab, sem, tab.selected_id())
    qtbot.addWidget(edit)
    assert edit.st_coder.samples() == "TTSTS" and edit.topic.text() == "一元一次方程"
    edit.topic.setText("一元一次方程（第2课时）")
    edit.reason.setText("按听课本更正")
    assert edit.save()
    entry = AuditEntry.select().where(AuditEntry.table_name == "observation").get()
    assert entry.field == "topic" and entry.reason == "按听课本更正"

    # After the list reloads the record is selected again; with nothing selected a button says why.
    oid = tab.selected_id()
    ctx.changed("observations")
    tab.select_record(oid)
    assert tab.selected_id() == oid
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, text: shown.append((title, text)))
    tab.view.clearSelection()
    tab.delete_record()
    assert shown == [("删除听课记录", "请先在列表中选择一条听课记录。")] and Observation.select().count() == 1


def test_bad_input_keeps_dialog_open(setup, qtbot, monkeypatch) -> None:
    from yanxiu_desktop.ui.dialogs import observation as dialog_mod

    _ctx, tab, sem, observer, _ = setup
    shown: list[str] = []
    monkeypatch.setattr(dialog_mod, "show_error", lambda _p, exc, _t="": shown.append(str(exc)))
    dlg = dialog_mod.ObservationDialog(tab, sem)
    qtbot.addWidget(dlg)
    dlg.observer.set_teacher(observer.id)
    assert not dlg.save()
    assert "授课教师" in shown[0]
    assert Observation.select().count() == 0


def test_save_and_next_keeps_observer_and_date(setup, qtbot) -> None:
    from yanxiu_desktop.ui.dialogs.observation import ObservationDialog

    _ctx, tab, sem, observer, observed = setup
    dlg = ObservationDialog(tab, sem)
    qtbot.addWidget(dlg)
    dlg.observer.set_teacher(observer.id)
    dlg.observed.setCurrentIndex(dlg.observed.findData(observed.id))
    dlg.period.setValue(2)
    dlg.topic.setText("认识分数")
    assert dlg._spins, "the policy's rubric is offered"
    for spin in dlg._spins.values():  # a well-taught lesson: the total suggests its 等级
        spin.setValue(spin.maximum() * 0.85)
    suggested = dlg.grade.currentText()
    assert suggested
    assert dlg.save(next_sheet=True)
    assert Observation.get(Observation.topic == "认识分数").grade == suggested
    # The next sheet starts ungraded: resetting the scores one by one must not leave a 差 behind.
    assert dlg.grade.currentText() == "" and all(s.value() == s.minimum() for s in dlg._spins.values())
    assert dlg.observer.teacher_id() == observer.id and dlg.period.value() == 3
    assert dlg.topic.text() == "" and dlg.observed.teacher_id() is None
    dlg.observed.setEditText("李老师")
    dlg.observed_school.setText("实验小学")
    assert dlg.observed_school.isEnabled()
    dlg.topic.setText("外校示范课")
    assert dlg.save(next_sheet=True)
    assert Observation.select().count() == 2
    outside = Observation.get(Observation.topic == "外校示范课")
    assert outside.observed_school == "实验小学" and outside.grade == "" and outside.total is None


def test_records_filter_by_pinyin_and_initials(setup) -> None:  # noqa: ANN001
    from yanxiu_desktop.domain import observations as obs_mod

    ctx, tab, sem, observer, observed = setup
    other = roster.add_teacher(name="李明", subject="英语")
    day = sem.start_date + dt.timedelta(days=2)
    obs_mod.create_observation(sem, obs_mod.ObservationInput(observer_id=observer.id, observed_id=observed.id,
                                                            date=day, topic="分数"))
    obs_mod.create_observation(sem, obs_mod.ObservationInput(observer_id=other.id, observed_name="赵外校",
                                                            observed_school="实验小学", date=day, topic="外校课"))
    ctx.changed("observations")

    def shown(text: str) -> list[str]:
        tab.search.setText(text)
        tab.search.flush()
        return sorted(r.topic for r in tab.model.rows)

    assert shown("") == ["分数", "外校课"]
    assert shown("zsf") == ["分数"]  # observed teacher's initials
    assert shown("wangli") == ["分数"]  # observer's full pinyin
    assert shown("lm") == ["外校课"]
    assert shown("赵外") == ["外校课"]  # an outside teacher by Chinese name
    assert all(not k.endswith("_pinyin") for k in tab.model.rows[0].to_json())
