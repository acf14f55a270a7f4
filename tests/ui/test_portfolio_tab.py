"""The 成长档案 tab: add an item with an attachment (file dialog, drag-and-drop), progress, lending, batch print."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.conftest import DEMO_TODAY
from yanxiu_desktop.domain import attachments, lending, portfolio, semesters
from yanxiu_desktop.store.models import PortfolioItem
from yanxiu_desktop.ui.context import AppContext
from yanxiu_desktop.ui.dialogs.portfolio_item import PortfolioItemDialog
from yanxiu_desktop.ui.models.portfolio import OVERDUE_TEXT
from yanxiu_desktop.ui.tabs.portfolio import PortfolioTab


@pytest.fixture
def tab(demo_db: Path, qtbot):  # noqa: ANN001
    ctx = AppContext(demo_db)
    ctx.set_semester(semesters.current_semester(DEMO_TODAY))
    w = PortfolioTab(ctx, today=DEMO_TODAY)
    qtbot.addWidget(w)
    w.resize(1280, 760)
    w.show()
    return w


def _photo(tmp_path: Path, name: str = "证书.png") -> Path:
    p = tmp_path / name
    Image.new("RGB", (800, 600), (30, 120, 200)).save(p)
    return p


def test_add_item_with_attachment_by_file_dialog(tab: PortfolioTab, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    assert tab.progress_model.rowCount() == 60
    tab.teacher_view.selectRow(0)
    teacher = tab.current_teacher()
    photo = _photo(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(photo)], ""))
    dlg = PortfolioItemDialog(tab, teacher, tab.ctx.semester, today=DEMO_TODAY)
    dlg.kind.setCurrentText("获奖")
    dlg.title_edit.setText("县级优质课评比一等奖")
    dlg.level.setCurrentText("县级")
    dlg.rank.setCurrentText("一等奖")
    dlg.files.add_by_dialog()
    assert dlg.files.list.count() == 1 and "待保存" in dlg.files.list.item(0).text()
    photo_bytes = photo.read_bytes()
    dlg.accept()
    photo.unlink()  # the original may go: the archive has its own copy
    item = PortfolioItem.get(PortfolioItem.title == "县级优质课评比一等奖")
    assert (item.kind, item.level, item.rank, item.date) == ("获奖", "县级", "一等奖", DEMO_TODAY)
    links = attachments.links_for("portfolio_item", item.id)
    assert [lk.display_name for lk in links] == ["证书.png"]
    assert attachments.file_path(links[0].attachment).read_bytes() == photo_bytes

    tab._after_write(item.id)
    entry = tab.current_entry()
    assert entry.item_id == item.id and entry.attachments == 1
    assert tab.files.list.count() == 1 and not tab.files.list.item(0).icon().isNull()


def test_drop_files_onto_a_saved_item(tab: PortfolioTab, tmp_path: Path) -> None:
    tab.teacher_view.selectRow(1)
    teacher = tab.current_teacher()
    item = portfolio.create_item(teacher.id, kind="读书笔记", title="读《给教师的建议》", date=DEMO_TODAY)
    tab._after_write(item.id)
    assert tab.current_entry().item_id == item.id
    doc = tmp_path / "笔记.docx"
    doc.write_bytes(b"PK notes")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(doc)), QUrl.fromLocalFile(str(_photo(tmp_path)))])
    drop = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    tab.files.dropEvent(drop)
    assert sorted(lk.display_name for lk in attachments.links_for("portfolio_item", item.id)) == [
        "笔记.docx", "证书.png"]
    assert tab.current_entry().attachments == 2
    tab.files.list.setCurrentRow(0)
    tab.files.remove_selected(confirm=False)
    assert len(attachments.links_for("portfolio_item", item.id)) == 1


def test_auto_entries_progress_filter_and_delete(tab: PortfolioTab) -> None:
    behind = sum(1 for r in tab._all_progress if r.behind)
    assert f"{behind} 位进度落后" in tab.summary.text()
    tab.only_behind.setChecked(True)
    assert tab.progress_model.rowCount() == behind
    tab.only_behind.setChecked(False)
    # Someone the demo gave observations to has automatic entries, shown as 自动.
    for i in range(tab.progress_model.rowCount()):
        tab.teacher_view.selectRow(i)
        if any(r.source == "自动" for r in tab.entries_model.rows):
            break
    auto_row = next(i for i, r in enumerate(tab.entries_model.rows) if r.source == "自动")
    tab.entry_view.selectRow(auto_row)
    assert not tab.btn_edit.isEnabled() and tab.files.read_only
    assert not tab.files.btn_add.isVisible()
    manual_row = next(i for i, r in enumerate(tab.entries_model.rows) if r.item_id is not None)
    tab.entry_view.selectRow(manual_row)  # from an automatic row to a hand-entered one: 添加附件 works
    assert tab.btn_edit.isEnabled() and tab.files.btn_add.isVisible() and tab.files.btn_add.isEnabled()
    item = portfolio.create_item(tab.current_teacher().id, kind="教学反思", title="要删除的反思", date=DEMO_TODAY)
    tab._after_write(item.id)
    tab.delete_item(confirm=False)
    assert PortfolioItem.get_or_none(PortfolioItem.id == item.id) is None


def test_loans_overdue_in_red(tab: PortfolioTab) -> None:
    before = lending.overdue_count(DEMO_TODAY)
    lending.lend("教研组活动记录", "县教研室王老师", DEMO_TODAY - dt.timedelta(days=30))
    lending.lend("课题材料", "张校长", DEMO_TODAY - dt.timedelta(days=1))
    tab.inner.setCurrentIndex(1)
    tab.reload_loans()
    m = tab.loans_model
    assert m.rowCount() == len(lending.list_loans(DEMO_TODAY))
    assert m.data(m.index(0, 0)) == "教研组活动记录" and m.data(m.index(0, 5)) == "逾期 23 天"
    assert m.data(m.index(0, 0), Qt.ItemDataRole.ForegroundRole).color() == OVERDUE_TEXT
    fresh = next(i for i, r in enumerate(m.rows) if r.item == "课题材料")
    assert m.data(m.index(fresh, 0), Qt.ItemDataRole.ForegroundRole) is None
    assert f"逾期 {before + 1} 件" in tab.loans_label.text()
    tab.loan_view.selectRow(0)
    tab.return_selected()
    assert lending.overdue_count(DEMO_TODAY) == before


def test_loan_still_out_can_be_corrected_a_returned_one_cannot(tab: PortfolioTab, qtbot, monkeypatch) -> None:  # noqa: ANN001
    from yanxiu_desktop.store.models import AuditEntry
    from yanxiu_desktop.ui.dialogs.portfolio_item import LoanDialog

    loan = lending.lend("课题材料", "张校长", DEMO_TODAY - dt.timedelta(days=2))
    tab.inner.setCurrentIndex(1)
    tab.reload_loans()
    tab.loan_view.selectRow(next(i for i, r in enumerate(tab.loans_model.rows) if r.id == loan.id))

    def correct(dlg: LoanDialog) -> int:  # what the user types into the dialog, then 保存
        assert dlg.item.text() == "课题材料" and dlg.borrower.text() == "张校长"
        dlg.borrower.setText("张副校长")
        dlg.note.insert("结题用")  # typed with an input method (QTest cannot type Chinese)
        dlg.accept()
        return dlg.result()

    monkeypatch.setattr(LoanDialog, "exec", correct)
    tab.edit_loan()
    row = next(r for r in tab.loans_model.rows if r.id == loan.id)
    assert (row.borrower, row.note) == ("张副校长", "结题用")
    assert AuditEntry.select().where((AuditEntry.table_name == "archive_loan") & (AuditEntry.row_id == loan.id)
                                     & (AuditEntry.field == "borrower")).exists()

    lending.return_loan(loan.id, DEMO_TODAY)
    tab.reload_loans()
    tab.loan_view.selectRow(next(i for i, r in enumerate(tab.loans_model.rows) if r.id == loan.id))
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: warned.append(text))
    assert tab.edit_loan() is None
    assert warned and "已于" in warned[0] and "不能再修改" in warned[0]


def test_batch_print_to_one_pdf(tab: PortfolioTab, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    out = tmp_path / "全校.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail(str(a)))
    tab._all_progress = tab._all_progress[:4]
    assert tab.print_school(one_file=True) == out
    assert PdfReader(out).pages[0].extract_text().count("个人成长档案") == 1
    assert "".join(p.extract_text() for p in PdfReader(out).pages).count("校本研修报告册") == 4
