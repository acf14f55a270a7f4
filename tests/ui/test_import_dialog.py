"""The 导入花名册 dialog as a user meets it: errors shown and import blocked, then a clean import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from tests.excel.rosters import good_rows, write_roster, write_zip_bomb
from yanxiu_desktop.store.models import Teacher
from yanxiu_desktop.ui.dialogs.import_roster import RosterImportDialog


def _dialog(qtbot, parent=None) -> RosterImportDialog:  # noqa: ANN001
    dlg = RosterImportDialog(parent)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def test_bad_file_shows_errors_and_blocks_import(qtbot, db: Path, tmp_path: Path, no_modal) -> None:  # noqa: ANN001
    rows = good_rows()
    rows[1][2] = "未知"  # Excel row 5, 性别
    dlg = _dialog(qtbot)
    assert dlg.load_file(write_roster(tmp_path / "bad.xlsx", rows))
    model = dlg.model
    assert model.rowCount() == 11 and model.headerData(0, Qt.Orientation.Horizontal) == "状态"
    assert model.index(1, 0).data() == "错误"
    assert "第5行「性别」" in model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)
    gender_col = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())].index("性别")
    assert model.index(1, gender_col).data(Qt.ItemDataRole.BackgroundRole) is not None
    problems = dlg.problem_model.texts()
    assert "错误　工作表「教师花名册」第5行「性别」：性别应为 男 或 女，不是「未知」" in problems
    assert not dlg.import_button.isEnabled() and dlg.skip_invalid.isEnabled()
    assert not dlg.do_import() and Teacher.select().count() == 0
    dlg.problem_list.setCurrentIndex(dlg.problem_model.index(0))  # locating the row selects it in the table
    assert dlg.table.selectionModel().selectedRows()[0].row() == 1
    # The explicit choice: import only the valid rows.
    dlg.skip_invalid.setChecked(True)
    assert dlg.import_button.isEnabled()
    assert dlg.do_import()
    assert Teacher.select().count() == 10 and dlg.result.skipped == 1
    assert dlg.result is not None and no_modal[-1][0] == "information"


def test_good_file_imports_through_the_main_window(qtbot, demo_db: Path, tmp_path: Path, monkeypatch,  # noqa: ANN001
                                                   no_modal) -> None:  # noqa: ANN001
    from yanxiu_desktop.ui import main_window as mw
    from yanxiu_desktop.ui.app import create_app

    # Only the groups tab: this test is about the 文件 → 导入花名册 wiring, not the other tabs.
    monkeypatch.setattr(mw, "TAB_SPECS", mw.TAB_SPECS[:1])
    create_app()
    main_window = mw.MainWindow(demo_db)
    qtbot.addWidget(main_window)
    before = Teacher.select().count()
    path = write_roster(tmp_path / "good.xlsx", good_rows())
    opened: list[RosterImportDialog] = []

    def fake_exec(dlg: RosterImportDialog) -> int:
        opened.append(dlg)
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
        dlg.choose_button.click()
        assert dlg.import_button.isEnabled()
        dlg.import_button.click()
        return dlg.result is not None

    monkeypatch.setattr(RosterImportDialog, "exec", fake_exec)
    changed: list[str] = []
    main_window.ctx.data_changed.connect(changed.append)
    main_window.act_import_roster.trigger()
    assert opened and opened[0].result.added == 11
    assert Teacher.select().count() == before + 11 and changed == ["teachers"]
    assert Teacher.get(Teacher.name == "钱𬭚").staff_no == "1011"


def test_unreadable_file_is_explained(qtbot, db: Path, tmp_path: Path, no_modal) -> None:  # noqa: ANN001
    dlg = _dialog(qtbot)
    assert not dlg.load_file(write_zip_bomb(tmp_path / "bomb.xlsx"))
    assert "无法导入" in dlg.summary.text() and "压缩比异常" in dlg.summary.text()
    assert dlg.model.rowCount() == 0 and not dlg.import_button.isEnabled()


def test_failed_backup_stops_the_import_with_the_reason(qtbot, db: Path, tmp_path: Path, no_modal,  # noqa: ANN001
                                                        monkeypatch) -> None:  # noqa: ANN001
    from yanxiu_desktop.domain import imports
    from yanxiu_desktop.store.backup import BackupError

    def no_space(*_a: object, **_k: object) -> None:
        raise BackupError("备份失败（磁盘已满或文件夹不可写？）。数据库本身未受影响。")

    monkeypatch.setattr(imports, "backup_now", no_space)
    rows = good_rows()
    rows[1][2] = "未知"
    dlg = _dialog(qtbot)
    assert dlg.load_file(write_roster(tmp_path / "r.xlsx", rows))
    # Clicking a problem selects its row in the table.
    view = dlg.problem_list
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(dlg.problem_model.index(0)).center())
    assert dlg.table.selectionModel().selectedRows()[0].row() == 1
    dlg.skip_invalid.setChecked(True)
    assert not dlg.do_import() and dlg.isVisible()
    kind, text = no_modal[-1]
    assert kind == "warning" and "导入前的自动备份没有成功" in text and "磁盘已满" in text
    assert Teacher.select().count() == 0
