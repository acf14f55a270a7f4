from __future__ import annotations

from yanxiu_desktop.domain import policy as pol
from yanxiu_desktop.domain.school import current_school
from yanxiu_desktop.store.models import AuditEntry


def test_pick_preset_edit_and_save(main_window, no_modal) -> None:  # noqa: ANN001
    from yanxiu_desktop.ui.dialogs.settings import SettingsDialog

    dlg = SettingsDialog(main_window)
    dlg.preset.setCurrentIndex(dlg.preset.findData("zhidu_60"))
    dlg.apply_preset()
    assert dlg.required_hours.value() == 60 and dlg.per_month.value() == 4
    dlg.school_name.setText("红旗小学")
    dlg.required_hours.setValue(72)
    # Type a new category into the table the way a user edits a cell.
    dlg.categories.add_row(["师德教育", 0.0])
    idx = dlg.categories.index(dlg.categories.rowCount() - 1, 1)
    assert dlg.categories.setData(idx, "2")
    assert not dlg.categories.setData(idx, "两个")  # not a number: refused, old value kept
    dlg.save()
    assert dlg.result() == 1
    p = pol.load_policy()
    assert p.required_hours == 72 and p.category_names()[-1] == "师德教育"
    assert p.hours_categories[-1].required == 2
    assert current_school().name == "红旗小学"
    assert AuditEntry.select().where(AuditEntry.table_name == "setting").exists()


def test_invalid_settings_are_not_saved(main_window, no_modal) -> None:  # noqa: ANN001
    from yanxiu_desktop.ui.dialogs.settings import SettingsDialog

    before = pol.load_policy()
    dlg = SettingsDialog(main_window)
    dlg.required_hours.setValue(10)  # categories add up to 40 > 10
    dlg.school_name.setText("不该保存的名字")
    dlg.save()
    assert dlg.result() == 0
    assert "超过" in no_modal[-1][1]
    assert pol.load_policy() == before
    assert current_school().name != "不该保存的名字"
