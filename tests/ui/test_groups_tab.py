"""The 教师与小组 tab used the way the 教导处 uses it."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel

from yanxiu_desktop.domain import groups, roster, semesters
from yanxiu_desktop.store.models import Group, Membership, MentorPair, Semester, Teacher


def _find_button(widget, text: str):  # noqa: ANN001, ANN202
    from PySide6.QtWidgets import QPushButton

    for b in widget.findChildren(QPushButton):
        if b.text() == text:
            return b
    raise AssertionError(f"no button {text}")


def test_six_tabs_in_chinese(main_window) -> None:  # noqa: ANN001
    titles = [main_window.tabs.tabText(i) for i in range(main_window.tabs.count())]
    assert titles == ["教师与小组", "研修日历", "签到考勤", "听课记录", "成长档案", "统计报表"]
    assert main_window.semester_box.currentText().endswith("第一学期")


def test_find_teacher_by_initials(main_window, qtbot) -> None:  # noqa: ANN001
    tab = main_window.show_tab("groups")
    target = roster.list_teachers()[5]
    tab.search.setText(target.initials)
    tab.search.flush()
    names = [r.name for r in tab.teachers.rows]
    assert target.name in names
    assert all(target.initials in r.initials or r.pinyin.replace(" ", "").startswith(target.initials)
               or target.initials in r.name for r in tab.teachers.rows)
    tab.search.setText("qqqqzz")
    tab.search.flush()
    assert tab.teachers.rowCount() == 0
    assert "共 0 人" in tab.roster_count.text()


def test_create_group_add_members_set_leader(main_window, qtbot, monkeypatch) -> None:  # noqa: ANN001
    from yanxiu_desktop.ui.dialogs.group import GroupDialog

    tab = main_window.show_tab("groups")
    sem = main_window.ctx.semester
    # The user fills the 新建小组 dialog and presses 保存.
    dlg = GroupDialog(tab, sem)
    dlg.kind.setCurrentText("课题组")
    dlg.name.setText("“乡村阅读”课题组")
    dlg.subject.setText("语文")
    dlg.save()
    assert dlg.result() == 1
    main_window.ctx.changed("groups")
    row = next(i for i, r in enumerate(tab.group_rows.rows) if r.name == "“乡村阅读”课题组")
    tab.group_view.selectRow(row)
    # Pick two teachers on the left and press 加入所选小组.
    tab.search.setText("")
    tab.search.flush()
    sel = tab.teacher_view.selectionModel()
    for r in (0, 1):
        sel.select(tab.teachers.index(r, 0), QItemSelectionModel.SelectionFlag.Select
                   | QItemSelectionModel.SelectionFlag.Rows)
    picked = tab.selected_teacher_ids()
    _find_button(tab, "加入所选小组").click()
    g = Group.get(Group.name == "“乡村阅读”课题组")
    assert {m.teacher_id for m in Membership.select().where(Membership.group == g)} == set(picked)
    # Make the first member the 组长.
    tab.member_view.selectRow(0)
    first = tab.member_rows.rows[0].teacher_id
    _find_button(tab, "设为组长").click()
    assert Membership.get(Membership.group == g, Membership.teacher == first).role == "组长"
    assert tab.member_rows.rows[0].role == "组长"
    assert "2 人" in tab.members_box.title()


def test_new_term_copies_groups(main_window, no_modal) -> None:  # noqa: ANN001
    from yanxiu_desktop.ui.dialogs.semester import SemesterDialog

    before = Semester.select().count()
    dlg = SemesterDialog(main_window)
    assert dlg.copy.isChecked()
    dlg.save()
    assert Semester.select().count() == before + 1
    new = dlg.created
    old = semesters.previous_semester(new)
    assert len(groups.list_groups(new)) == len(groups.list_groups(old))
    assert MentorPair.select().where(MentorPair.semester == new).count() > 0
    main_window.ctx.changed("semesters")
    main_window.semester_box.setCurrentIndex(main_window.semester_box.findData(new.id))
    tab = main_window.show_tab("groups")
    assert tab.group_rows.rowCount() == len(groups.list_groups(new))
    # Copying again from the groups tab adds nothing and says so.
    _find_button(tab, "复制上学期小组").click()
    assert "小组 0 个" in no_modal[-1][1]


def test_retire_keeps_teacher(main_window, monkeypatch) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QInputDialog

    tab = main_window.show_tab("groups")
    tab.teacher_view.selectRow(0)
    tid = tab.selected_teacher_ids()[0]
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("退休", True))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("到龄退休", True))
    _find_button(tab, "调出/退休…").click()
    assert Teacher.get_by_id(tid).status == "退休"
    assert tid not in [r.id for r in tab.teachers.rows]
    tab.show_inactive.setChecked(True)
    assert tid in [r.id for r in tab.teachers.rows]


def test_teacher_dialog_validation_and_save(main_window, no_modal) -> None:  # noqa: ANN001
    from yanxiu_desktop.ui.dialogs.teacher import TeacherDialog

    dlg = TeacherDialog(main_window)
    dlg.save()  # empty name
    assert no_modal and "姓名不能为空" in no_modal[-1][1]
    n = Teacher.select().count()
    dlg.name.setText(" 欧阳 堃 ")
    dlg.gender.setCurrentText("男")
    dlg.honours.setText("县级骨干教师、市级教坛新秀")
    dlg.save()
    assert Teacher.select().count() == n + 1
    t = Teacher.get(Teacher.name == "欧阳堃")
    assert t.initials == "oyk"
    assert sorted((h.level, h.name) for h in t.honours) == [("县级", "骨干教师"), ("市级", "教坛新秀")]


def test_closing_with_unsaved_attendance_asks(main_window, monkeypatch) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QMessageBox

    from tests.conftest import DEMO_TODAY
    from yanxiu_desktop.domain import activities

    sem = main_window.ctx.semester
    held = activities.create_activity(  # held today, nobody has entered its sheet yet
        sem, kind="专题讲座", theme="今天的讲座", date=DEMO_TODAY, start_time="15:30", end_time="17:00",
        hours=2.0, hours_category="学校培训", participants_mode="custom",
        participant_ids=[t.id for t in activities.expected_teachers(
            activities.list_activities(sem, status="已完成")[0])])
    main_window.ctx.changed("activities")
    tab = main_window.show_tab("attendance")
    tab.combo.setCurrentIndex(tab.combo.findData(held.id))
    tab.all_present_btn.click()  # 全部出勤: rows typed but not saved yet
    assert tab.has_unsaved()
    asked: list[str] = []

    def cancel(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        asked.append(args[1] if len(args) > 1 else "")
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", cancel)
    monkeypatch.setattr(QMessageBox, "warning", cancel)
    assert main_window.close() is False
    assert asked and main_window.isVisible()
    assert tab.has_unsaved()  # 取消 keeps the typed rows
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    assert main_window.close() is True
