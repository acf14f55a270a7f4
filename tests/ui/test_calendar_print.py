"""Calendar tab: 打印安排表 opens the shared print preview with the term's plan; 活动记录… edits the record."""

from __future__ import annotations

import io

import pypdf
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from tests.ui.test_calendar import _run_in_dialog, tab  # noqa: F401 - the fixture
from yanxiu_desktop.domain import activities as acts
from yanxiu_desktop.domain import semesters


def test_print_plan_opens_preview_with_the_plan(tab, qtbot, monkeypatch) -> None:  # noqa: ANN001, F811
    from yanxiu_desktop.ui.widgets.pdf_preview import PdfPreviewDialog

    def no_save_dialog(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("printing must preview, not ask for a file")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", no_save_dialog)
    sem = tab.ctx.semester
    qtbot.mouseClick(tab.buttons["print"], Qt.MouseButton.LeftButton)
    previews = tab.findChildren(PdfPreviewDialog)
    assert len(previews) == 1 and previews[0].isVisible()
    dlg = previews[0]
    label = f"{semesters.semester_label(sem)}校本研修活动安排表"
    assert dlg.windowTitle() == f"打印预览 - {label}" and dlg.suggested_name.endswith(f"{label}.pdf")
    reader = pypdf.PdfReader(io.BytesIO(dlg.pdf_bytes))
    assert dlg.doc.pageCount() == len(reader.pages) >= 2
    text = "".join("".join(p.extract_text().split()) for p in reader.pages)
    assert "校本研修活动安排表" in text
    live = [a for a in acts.list_activities(sem) if a.status != "取消"]
    assert live and all("".join(a.theme.split()) in text for a in live)
    dlg.close()


def test_record_from_calendar_list(tab, qtbot) -> None:  # noqa: ANN001, F811
    sem = tab.ctx.semester
    tab.views.setCurrentIndex(2)
    target = next(a for a in tab.list_model.rows if a.status == "已完成")
    row = tab.list_model.rows.index(target)
    tab.list_view.selectionModel().select(
        tab.list_model.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def fill(dlg) -> None:  # noqa: ANN001
        assert dlg.activity.id == target.id
        dlg.reflection.setPlainText("教研主题聚焦，但课后跟进不够。")
        qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)

    seen = _run_in_dialog(fill, qtbot)
    qtbot.mouseClick(tab.buttons["record"], Qt.MouseButton.LeftButton)
    assert seen, "the record dialog did not open"
    saved = acts.get_activity(target.id)
    assert saved.reflection == "教研主题聚焦，但课后跟进不够。" and saved.semester_id == sem.id
    assert saved.process == target.process  # untouched fields kept
