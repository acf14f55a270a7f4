"""学时认定 from the 签到考勤 tab's 学时 page: grant, refuse bad input, withdraw — as the office worker does it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog

from yanxiu_desktop.domain.semesters import end_date
from yanxiu_desktop.store.models import AuditEntry, HoursCredit

CATEGORY = "自主研修"


@pytest.fixture
def hours_page(main_window):  # noqa: ANN001, ANN201
    tab = main_window.show_tab("attendance")
    tab.pages.setCurrentIndex(1)  # 教师学时与出勤率
    return tab


def click_row(view, row: int, column: int = 0) -> None:  # noqa: ANN001
    view.scrollTo(view.model().index(row, column))
    rect = view.visualRect(view.model().index(row, column))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())


def click_teacher(tab, teacher_id: int) -> None:  # noqa: ANN001
    click_row(tab.hours_page.hours_table, tab.hours_page.hours.rows.index(tab.hours_page.hours_row(teacher_id)))


def open_dialog(tab, qtbot):  # noqa: ANN001, ANN201
    from yanxiu_desktop.ui.dialogs.hours_credit import HoursCreditDialog

    qtbot.mouseClick(tab.hours_page.credit_btn, Qt.MouseButton.LeftButton)
    dlg = tab.findChildren(HoursCreditDialog)[-1]
    qtbot.waitExposed(dlg)
    return dlg


def tick_by_initials(dlg, teacher) -> None:  # noqa: ANN001
    """Type the teacher's pinyin initials in the search box, move to the name, Space ticks it."""
    dlg.people_search.setText(teacher.initials)
    dlg.people_search.flush()
    row = next(i for i, t in enumerate(dlg.people_model.rows) if t.id == teacher.id)
    dlg.people.setCurrentIndex(dlg.people_model.index(row, 0))
    QTest.keyClick(dlg.people, Qt.Key.Key_Space)


def type_hours(dlg, text: str) -> None:  # noqa: ANN001
    dlg.hours.selectAll()
    QTest.keyClicks(dlg.hours, text)


def type_basis(dlg, text: str) -> None:  # noqa: ANN001
    """Chinese goes in through the input method, not key events (QTest types ASCII only)."""
    dlg.basis.lineEdit().insert(text)


def save(dlg, qtbot) -> None:  # noqa: ANN001
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def without_credit(tab, n: int) -> list:  # noqa: ANN001
    """*n* teachers on the 学时 table with no 学时认定 yet."""
    from yanxiu_desktop.domain.roster import list_teachers

    credited = {c.teacher_id for c in HoursCredit.select()}
    shown = {h.teacher_id for h in tab.hours_page.hours.rows}
    return [t for t in list_teachers() if t.id in shown and t.id not in credited][:n]


def test_grant_to_two_teachers_updates_the_hours_table(hours_page, qtbot, no_modal) -> None:  # noqa: ANN001
    tab = hours_page
    first, second = without_credit(tab, 2)
    before = {t.id: tab.hours_page.hours_row(t.id).hours(CATEGORY) for t in (first, second)}
    click_teacher(tab, first.id)
    assert tab.hours_page.teacher_label.text().startswith(first.name)
    dlg = open_dialog(tab, qtbot)
    assert dlg.checked_ids() == [first.id]  # the teacher chosen in the hours table
    assert dlg.category.currentText() == CATEGORY
    tick_by_initials(dlg, second)
    assert set(dlg.checked_ids()) == {first.id, second.id}
    assert "已选 2 人" in dlg.people_count.text() and second.name in dlg.people_count.text()
    assert not dlg.item.isEnabled()  # material only for one teacher
    type_hours(dlg, "2.5")
    type_basis(dlg, "教育叙事《山里的孩子》")
    save(dlg, qtbot)
    assert no_modal == [] and not dlg.isVisible()
    stored = list(HoursCredit.select().where(HoursCredit.teacher.in_([first.id, second.id])))
    assert {(c.teacher_id, c.category, c.hours, c.basis) for c in stored} == {
        (first.id, CATEGORY, 2.5, "教育叙事《山里的孩子》"), (second.id, CATEGORY, 2.5, "教育叙事《山里的孩子》")}
    sem = tab.ctx.semester
    assert sem.start_date <= stored[0].date <= end_date(sem)  # today, or the nearest day of the term
    # The 学时 table, the teacher line and the credits list show it without anything else to do.
    for t in (first, second):
        assert tab.hours_page.hours_row(t.id).hours(CATEGORY) == before[t.id] + 2.5
    row = tab.hours_page.hours.rows.index(tab.hours_page.hours_row(first.id))
    col = next(i for i, c in enumerate(tab.hours_page.hours.columns) if c.header == CATEGORY)
    assert tab.hours_page.hours.data(tab.hours_page.hours.index(row, col)) == f"{before[first.id] + 2.5:g}"
    assert "其中学时认定 2.5 学时" in tab.hours_page.teacher_label.text()
    assert [r.basis for r in tab.hours_page.credits_model.rows] == ["教育叙事《山里的孩子》"]  # this teacher's credits
    qtbot.mouseClick(tab.hours_page.all_credits_btn, Qt.MouseButton.LeftButton)
    assert len(tab.hours_page.credits_model.rows) == HoursCredit.select().count()
    assert "本学期全部" in tab.hours_page.credits_label.text()


def test_one_teacher_can_name_the_portfolio_material(hours_page, qtbot, no_modal) -> None:  # noqa: ANN001
    from yanxiu_desktop.domain import portfolio

    tab = hours_page
    sem = tab.ctx.semester
    teacher_id = next(h.teacher_id for h in tab.hours_page.hours.rows if portfolio.list_items(h.teacher_id, sem))
    click_teacher(tab, teacher_id)
    dlg = open_dialog(tab, qtbot)
    assert dlg.item.isEnabled()
    dlg.item.setCurrentIndex(1)
    dlg.item.activated.emit(1)  # as when chosen from the list: an empty 认定依据 takes the material's title
    item = portfolio.get_item(dlg.item.currentData())
    assert item.title in dlg.basis.currentText()
    type_hours(dlg, "4")
    save(dlg, qtbot)
    assert no_modal == []
    credit = HoursCredit.select().order_by(HoursCredit.id.desc()).get()
    assert (credit.teacher_id, credit.portfolio_item_id) == (teacher_id, item.id)
    assert tab.hours_page.credits_model.rows[0].portfolio_title == item.title


def test_bad_input_lists_every_problem_and_keeps_the_dialog(hours_page, qtbot, no_modal) -> None:  # noqa: ANN001
    tab = hours_page
    (teacher,) = without_credit(tab, 1)
    count = HoursCredit.select().count()
    tab.hours_page.show_teacher(None)
    dlg = open_dialog(tab, qtbot)
    assert dlg.checked_ids() == []
    save(dlg, qtbot)  # nobody ticked, 0 学时, no 依据
    assert len(no_modal) == 1
    kind, text = no_modal[0]
    assert kind == "warning" and text.startswith("学时认定未保存|")
    for problem in ("请选择要认定学时的教师", "认定学时应大于 0", "请填写认定依据"):
        assert problem in text
    # Fix two of them: only the empty 依据 is left, the typed input stays.
    tick_by_initials(dlg, teacher)
    type_hours(dlg, "8")
    save(dlg, qtbot)
    assert "请填写认定依据" in no_modal[-1][1] and "请选择" not in no_modal[-1][1]
    assert dlg.isVisible() and dlg.hours.value() == 8 and dlg.checked_ids() == [teacher.id]
    assert HoursCredit.select().count() == count
    type_basis(dlg, "读书笔记（一万字左右）")
    save(dlg, qtbot)
    assert not dlg.isVisible() and HoursCredit.select().count() == count + 1


def test_group_ticks_its_members(hours_page, qtbot) -> None:  # noqa: ANN001
    from yanxiu_desktop.domain import groups as groups_mod

    dlg = open_dialog(hours_page, qtbot)
    index = next(i for i in range(1, dlg.group_box.count())
                 if groups_mod.members(groups_mod.get_group(dlg.group_box.itemData(i))))
    members = {m.teacher_id for m in groups_mod.members(groups_mod.get_group(dlg.group_box.itemData(index)))}
    dlg.group_box.activated.emit(index)
    assert set(dlg.checked_ids()) == members and dlg.group_box.currentIndex() == 0
    qtbot.mouseClick(dlg.none_btn, Qt.MouseButton.LeftButton)
    assert dlg.checked_ids() == []
    dlg.reject()


def test_closed_term_is_read_only(hours_page, qtbot, no_modal) -> None:  # noqa: ANN001
    from yanxiu_desktop.domain import term_close
    from yanxiu_desktop.ui.dialogs.hours_credit import HoursCreditDialog

    tab = hours_page
    sem, _backup = term_close.close_term(tab.ctx.semester.id, reason="期末归档", force=True)
    tab.ctx.refresh_semester()
    assert not tab.hours_page.credit_btn.isEnabled()
    click_row(tab.hours_page.credits_table, 0)
    assert tab.hours_page.selected_credit() is not None and not tab.hours_page.withdraw_btn.isEnabled()
    count = HoursCredit.select().count()
    (teacher,) = without_credit(tab, 1)
    dlg = HoursCreditDialog(tab, sem, [teacher.id])
    qtbot.addWidget(dlg)
    dlg.show()
    type_hours(dlg, "8")
    type_basis(dlg, "教育叙事")
    save(dlg, qtbot)
    assert no_modal and "已结束归档" in no_modal[-1][1]
    assert dlg.isVisible() and HoursCredit.select().count() == count


def test_withdraw_asks_a_reason_and_removes_the_credit(hours_page, qtbot, no_modal, monkeypatch) -> None:  # noqa: ANN001
    tab = hours_page
    credit = tab.hours_page.credits_model.rows[0]
    before = tab.hours_page.hours_row(credit.teacher_id).hours(credit.category)
    answers = [("", True), ("", False), ("录错了教师", True)]
    asked: list[tuple[str, str]] = []

    def get_text(_parent, title, label, *_args, **_kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        asked.append((title, label))
        return answers.pop(0)

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    assert not tab.hours_page.withdraw_btn.isEnabled()  # nothing selected yet
    click_row(tab.hours_page.credits_table, 0)
    assert tab.hours_page.withdraw_btn.isEnabled()
    qtbot.mouseClick(tab.hours_page.withdraw_btn, Qt.MouseButton.LeftButton)  # 确定 with no reason: refused
    assert asked[0][0] == "撤销学时认定" and credit.name in asked[0][1] and "撤销原因" in asked[0][1]
    assert "请说明撤销这条学时认定的原因" in no_modal[-1][1]
    qtbot.mouseClick(tab.hours_page.withdraw_btn, Qt.MouseButton.LeftButton)  # 取消
    assert HoursCredit.get_or_none(HoursCredit.id == credit.id) is not None
    qtbot.mouseClick(tab.hours_page.withdraw_btn, Qt.MouseButton.LeftButton)
    assert HoursCredit.get_or_none(HoursCredit.id == credit.id) is None
    assert credit.id not in {r.id for r in tab.hours_page.credits_model.rows}
    assert tab.hours_page.hours_row(credit.teacher_id).hours(credit.category) == before - credit.hours
    entry = AuditEntry.select().where(AuditEntry.table_name == "hours_credit").order_by(AuditEntry.id.desc()).get()
    assert (entry.row_id, entry.reason) == (credit.id, "录错了教师")
    assert len(no_modal) == 1


def test_sessions_of_a_category_lost_to_the_one_third_rule_earn_nothing(hours_page) -> None:  # noqa: ANN001
    tab = hours_page
    lost = next(h for h in tab.hours_page.hours.rows if any(c.lost for c in h.categories.values()))
    click_teacher(tab, lost.teacher_id)
    sessions = tab.hours_page.sessions_model.rows
    for c in lost.categories.values():
        earned_by_sessions = sum(s.earns for s in sessions if s.category == c.name)
        assert earned_by_sessions == pytest.approx(c.earned - c.credited), c.name  # the column adds up
        if c.lost:
            assert any(s.category == c.name and s.hours for s in sessions)
            assert earned_by_sessions == 0
    assert "缺席三分之一以上，取消" in tab.hours_page.teacher_label.text()
