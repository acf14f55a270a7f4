"""Activity dialog: host/presenter picked by pinyin with homonyms told apart; participants filtered by pinyin."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from tests.attendance_helpers import make_activity, make_term
from yanxiu_desktop.domain import activities as acts
from yanxiu_desktop.domain import roster


@pytest.fixture
def people(db):  # noqa: ANN001, ANN201
    sem = make_term()
    t = {key: roster.add_teacher(name=name, subject=subject) for key, name, subject in (
        ("zw_yuwen", "张伟", "语文"), ("zw_shuxue", "张伟", "数学"), ("zsf", "张三丰", "体育"),
        ("lm", "李明", "英语"), ("wf", "王芳", "语文"))}
    return sem, t


def _dialog(qtbot, sem, activity=None):  # noqa: ANN001, ANN201
    from yanxiu_desktop.ui.app import create_app
    from yanxiu_desktop.ui.dialogs.activity import ActivityDialog

    create_app()
    dlg = ActivityDialog(None, sem, activity)
    qtbot.addWidget(dlg)
    dlg.common.theme.setText("单元集体备课")
    return dlg


def test_homonym_host_is_the_one_chosen(qtbot, people, no_modal) -> None:  # noqa: ANN001
    sem, t = people
    dlg = _dialog(qtbot, sem)
    host = dlg.common.host
    second = host.findData(t["zw_shuxue"].id)
    assert host.itemText(second) == "张伟（数学）"
    host.setCurrentIndex(second)
    v = dlg.values()
    assert (v["host_id"], v["host_name"]) == (t["zw_shuxue"].id, "")
    # The same when an activity hosted by the second 张伟 is opened again.
    a = make_activity(sem, [t["lm"]])
    acts.update_activity(a.id, host_id=t["zw_shuxue"].id)
    again = _dialog(qtbot, sem, acts.get_activity(a.id))
    assert again.common.host.currentText() == "张伟（数学）"
    assert again.values()["host_id"] == t["zw_shuxue"].id
    # The bare name of two teachers is refused with a hint rather than saved as an outside person.
    host.setEditText("张伟")
    dlg.save()
    assert not dlg.result() and "多位教师" in no_modal[-1][1]


def test_pinyin_typed_without_choosing_is_the_teacher(qtbot, people, no_modal) -> None:  # noqa: ANN001
    sem, t = people
    dlg = _dialog(qtbot, sem)
    dlg.show()
    presenter = dlg.common.presenter
    presenter.lineEdit().setFocus()
    qtbot.keyClicks(presenter.lineEdit(), "zsf")  # ASCII only: never keyClicks Chinese
    presenter.lineEdit().editingFinished.emit()
    assert presenter.currentText() == "张三丰"
    v = dlg.values()
    assert (v["presenter_id"], v["presenter_name"]) == (t["zsf"].id, "")
    dlg.common.host.setEditText("zhangsanfeng")
    assert dlg.values()["host_id"] == t["zsf"].id
    dlg.common.host.setEditText("Dr. Smith")  # an outside expert stays a typed name
    assert dlg.values()["host_id"] is None and dlg.values()["host_name"] == "Dr. Smith"
    dlg.common.host.setEditText("zw")  # two 张伟: ambiguous, not saved as "zw"
    dlg.save()
    assert not dlg.result() and "zw" in no_modal[-1][1] and "张伟（语文）" in no_modal[-1][1]
    dlg.common.host.setEditText("")
    dlg.save()
    assert dlg.result() and dlg.saved[0].presenter_id == t["zsf"].id and dlg.saved[0].presenter_name == ""


def test_participants_filter_by_initials_and_keep_ticks(qtbot, people, no_modal) -> None:  # noqa: ANN001
    sem, t = people
    dlg = _dialog(qtbot, sem)
    m = dlg.people_model
    assert m.rowCount() == 5 and set(dlg.checked_ids()) == {x.id for x in t.values()}  # 全校 → 全体教师
    dlg.people_search.setText("zsf")
    dlg.people_search.flush()
    assert [m.data(m.index(r, 0)) for r in range(m.rowCount())] == ["张三丰"]
    assert m.setData(m.index(0, 0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert dlg.mode() == "custom"
    dlg.people_search.setText("zw")
    dlg.people_search.flush()
    assert m.rowCount() == 2
    dlg.people_search.setText("")
    dlg.people_search.flush()
    assert m.rowCount() == 5 and t["zsf"].id not in dlg.checked_ids() and len(dlg.checked_ids()) == 4
    assert "已选 4 人" in dlg.people_count.text()
    dlg.save()
    assert dlg.result()
    assert acts.participant_ids(dlg.saved[0]) == sorted(x.id for k, x in t.items() if k != "zsf")
    reopened = _dialog(qtbot, sem, dlg.saved[0])
    assert set(reopened.checked_ids()) == set(acts.participant_ids(dlg.saved[0]))


def test_known_places(people) -> None:  # noqa: ANN001
    sem, t = people
    make_activity(sem, [t["lm"]])
    acts.create_activity(sem, kind="专题讲座", theme="讲座", date=dt.date(2025, 9, 12),
                         place="报告厅")
    assert acts.known_places(sem) == ["三楼会议室", "报告厅"]
