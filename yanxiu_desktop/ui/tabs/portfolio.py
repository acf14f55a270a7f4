"""成长档案 tab: every teacher's portfolio with progress against the policy, booklets, and the lending log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop.domain import attachments, lending, portfolio, portfolio_auto, portfolio_booklet, roster
from yanxiu_desktop.domain.errors import DomainError, ValidationError
from yanxiu_desktop.domain.lending import LoanRow
from yanxiu_desktop.domain.names import matches
from yanxiu_desktop.domain.semesters import semester_label
from yanxiu_desktop.store.models import Teacher
from yanxiu_desktop.ui.context import AppContext, show_error
from yanxiu_desktop.ui.dialogs.portfolio_item import LoanDialog, PortfolioItemDialog
from yanxiu_desktop.ui.models.portfolio import EntriesModel, EntryRow, LoansModel, ProgressModel
from yanxiu_desktop.ui.widgets.attachments import AttachmentList
from yanxiu_desktop.ui.widgets.common import read_only_table
from yanxiu_desktop.ui.widgets.search_box import PinyinSearchBox


def _table(model) -> QTableView:  # noqa: ANN001
    return read_only_table(model, fit_contents=True, single=True)


def _button(text: str, slot, row: QHBoxLayout) -> QPushButton:  # noqa: ANN001
    b = QPushButton(text)
    b.clicked.connect(slot)
    row.addWidget(b)
    return b


class PortfolioTab(QWidget):
    def __init__(self, ctx: AppContext, today: dt.date | None = None):
        super().__init__()
        self.ctx = ctx
        self._today = today  # tests pin the date; the app follows the clock
        self._all_progress: list[portfolio.TeacherProgress] = []
        self.inner = QTabWidget()
        self.inner.addTab(self._build_teachers_page(), "教师成长档案")
        self.inner.addTab(self._build_loans_page(), "档案借阅登记")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.inner)
        ctx.semester_changed.connect(lambda _s: self.reload())
        ctx.data_changed.connect(self._on_data_changed)
        self.reload()

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    # -- layout ----------------------------------------------------------------------------
    def _build_teachers_page(self) -> QWidget:
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        self.search = PinyinSearchBox()
        self.search.search.connect(lambda _t: self._apply_filter())
        self.only_behind = QCheckBox("只看进度落后的教师")
        self.only_behind.toggled.connect(lambda _c: self._apply_filter())
        self.progress_model = ProgressModel(self)
        self.teacher_view = _table(self.progress_model)
        self.teacher_view.setAccessibleName("教师档案进度")
        self.teacher_view.selectionModel().selectionChanged.connect(lambda *_: self._show_teacher())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        for w in (self.search, self.only_behind, self.teacher_view, self.summary):
            ll.addWidget(w)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        buttons = QHBoxLayout()
        self.btn_add = _button("新增材料…", self.add_item, buttons)
        self.btn_edit = _button("编辑…", self.edit_item, buttons)
        self.btn_delete = _button("删除", self.delete_item, buttons)
        buttons.addStretch(1)
        self.btn_print = _button("打印个人档案…", self.print_teacher, buttons)
        self.btn_batch = _button("全校批量打印…", self.print_school, buttons)
        self.entries_model = EntriesModel(self)
        self.entry_view = _table(self.entries_model)
        self.entry_view.setAccessibleName("档案材料")
        self.entry_view.selectionModel().selectionChanged.connect(lambda *_: self._entry_selected())
        self.entry_view.doubleClicked.connect(lambda _i: self.edit_item())
        self.files = AttachmentList(self)
        self.files.changed.connect(self._files_changed)
        self.files_label = QLabel("附件：选中一条手工录入的材料后可添加、查看附件（自动记录来自活动与听课记录）")
        splitter_r = QSplitter(Qt.Orientation.Vertical)
        splitter_r.addWidget(self.entry_view)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.files_label)
        bl.addWidget(self.files)
        splitter_r.addWidget(bottom)
        splitter_r.setSizes([420, 200])
        rl.addWidget(self.header)
        rl.addLayout(buttons)
        rl.addWidget(splitter_r, 1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([430, 850])
        split.setStretchFactor(0, 0)  # a narrow screen takes the room from the materials table, not the list:
        split.setStretchFactor(1, 1)  # the list's 进度 column would otherwise scroll out of sight at 1024 px
        return split

    def _build_loans_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        row = QHBoxLayout()
        _button("借出登记…", self.lend, row)
        self.btn_edit_loan = _button("修改…", self.edit_loan, row)
        self.btn_return = _button("登记归还", self.return_selected, row)
        self.only_open = QCheckBox("只看未归还")
        self.only_open.toggled.connect(lambda _c: self.reload_loans())
        row.addWidget(self.only_open)
        row.addStretch(1)
        self.loans_label = QLabel()
        row.addWidget(self.loans_label)
        self.loans_model = LoansModel(self)
        self.loan_view = _table(self.loans_model)
        self.loan_view.setAccessibleName("档案借阅登记")
        self.loan_view.doubleClicked.connect(lambda _i: self.edit_loan())
        lay.addLayout(row)
        lay.addWidget(self.loan_view)
        return page

    # -- data --------------------------------------------------------------------------------
    def _on_data_changed(self, area: str) -> None:
        if area in ("portfolio", "activities", "attendance", "hours_credit", "observations", "teachers", "policy",
                    "all"):
            self.reload()

    def reload(self) -> None:
        sem = self.ctx.semester
        self._all_progress = portfolio.progress(sem, self.today) if sem else []
        self._apply_filter()
        self.reload_loans()
        for b in (self.btn_add, self.btn_print, self.btn_batch):
            b.setEnabled(sem is not None and (b is self.btn_batch or self.current_teacher() is not None))

    def _apply_filter(self) -> None:
        keep = self.current_teacher()
        text = self.search.text().strip()
        rows = [r for r in self._all_progress if matches(text, r.name, r.pinyin, r.initials)]
        if self.only_behind.isChecked():
            rows = [r for r in rows if r.behind]
        self.progress_model.set_rows(rows)
        behind = sum(1 for r in self._all_progress if r.behind)
        reqs = self._all_progress[0].requirements if self._all_progress else []
        rule = "；".join(q.label for q in reqs) or "制度未规定档案材料要求"
        self.summary.setText(f"共 {len(self._all_progress)} 位教师，{behind} 位进度落后。要求：{rule}")
        if not (keep is not None and self.select_teacher(keep.id)) and rows:
            self.teacher_view.selectRow(0)  # never show an empty right-hand side when there is someone
        self._show_teacher()

    def current_teacher(self) -> Teacher | None:
        idx = self.teacher_view.currentIndex() if hasattr(self, "teacher_view") else None
        row = self.progress_model.row_at(idx.row()) if idx is not None and idx.isValid() else None
        return roster.get_teacher(row.teacher_id) if row else None

    def select_teacher(self, teacher_id: int) -> bool:
        for i, r in enumerate(self.progress_model.rows):
            if r.teacher_id == teacher_id:
                self.teacher_view.selectRow(i)
                return True
        return False

    def _show_teacher(self) -> None:
        t, sem = self.current_teacher(), self.ctx.semester
        self.btn_add.setEnabled(t is not None and sem is not None)
        self.btn_print.setEnabled(t is not None and sem is not None)
        if t is None or sem is None:
            self.header.setText("请在左侧选择一位教师。" if sem else "请先选择学期。")
            self.entries_model.set_rows([])
            self._entry_selected()
            return
        prog = next((r for r in self._all_progress if r.teacher_id == t.id), None)
        made, received = portfolio_auto.observation_counts(t.id, sem)
        hours = portfolio_auto.attendance_summary(t.id, sem).hours
        parts = [f"<b>{t.name}</b>　{t.subject}　{semester_label(sem)}",
                 f"研修学时 {hours:g}　听课 {made} 节　被听课 {received} 次"]
        if prog and prog.requirements:
            parts.append("　".join(
                f"<span style='color:{'#c00000' if r.behind else '#206020'}'>{r.kind} {r.done}/{r.required}"
                f"{'（落后）' if r.behind else ''}</span>" for r in prog.requirements))
        self.header.setText("<br>".join(parts))
        items = portfolio.list_items(t.id, sem)
        counts = attachments.link_counts("portfolio_item", [i.id for i in items])
        rows = [EntryRow.of_item(i, counts.get(i.id, 0)) for i in items]
        rows += [EntryRow.of_auto(e) for e in portfolio_auto.auto_entries(t.id, sem)]
        self.entries_model.set_rows(rows)
        self._entry_selected()

    def current_entry(self) -> EntryRow | None:
        idx = self.entry_view.currentIndex()
        return self.entries_model.row_at(idx.row()) if idx.isValid() else None

    def select_item(self, item_id: int) -> None:
        for i, r in enumerate(self.entries_model.rows):
            if r.item_id == item_id:
                self.entry_view.selectRow(i)
                return

    def _entry_selected(self) -> None:
        e = self.current_entry()
        manual = e is not None and e.item_id is not None
        closed = bool(self.ctx.semester and self.ctx.semester.closed)
        self.btn_edit.setEnabled(manual)
        self.btn_delete.setEnabled(manual and not closed)
        self.files.set_owner("portfolio_item" if manual else "", e.item_id if manual else None)
        self.files.set_read_only(not manual or closed)

    def _files_changed(self) -> None:
        e = self.current_entry()
        if e is not None and e.item_id is not None:
            e.attachments = len(attachments.links_for("portfolio_item", e.item_id))
            self.entries_model.layoutChanged.emit()

    # -- actions -----------------------------------------------------------------------------
    def add_item(self) -> None:
        t = self.current_teacher()
        if t is None or self.ctx.semester is None:
            return
        dlg = PortfolioItemDialog(self, t, self.ctx.semester, today=self.today)
        if dlg.exec() and dlg.saved is not None:
            self._after_write(dlg.saved.id)

    def edit_item(self) -> None:
        t, e = self.current_teacher(), self.current_entry()
        if t is None or e is None or e.item_id is None:
            return
        dlg = PortfolioItemDialog(self, t, self.ctx.semester, portfolio.get_item(e.item_id), today=self.today)
        if dlg.exec() and dlg.saved is not None:
            self._after_write(dlg.saved.id)

    def delete_item(self, confirm: bool = True) -> None:
        e = self.current_entry()
        if e is None or e.item_id is None:
            return
        if confirm and QMessageBox.question(
                self, "删除档案材料", f"删除「{e.title}」？\n它的附件如无其他记录使用，也将从档案库中删除。"
        ) != QMessageBox.StandardButton.Yes:
            return
        try:
            portfolio.delete_item(e.item_id)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self._after_write(None)

    def _after_write(self, item_id: int | None) -> None:
        self.ctx.changed("portfolio")  # reloads this tab too
        if item_id is not None:
            self.select_item(item_id)

    def _preview_or_save(self, pdf: bytes, title: str, name: str) -> None:
        try:
            from yanxiu_desktop.ui.widgets.pdf_preview import PdfPreviewDialog
        except ModuleNotFoundError:
            PdfPreviewDialog = None  # noqa: N806 - the shared preview is optional
        if PdfPreviewDialog is not None:
            PdfPreviewDialog(pdf, title, self, name).exec()
            return
        self._save_pdf(pdf, name)

    def _save_pdf(self, pdf: bytes, name: str) -> Path | None:
        from yanxiu_desktop.fileio import write_atomic

        path, _ = QFileDialog.getSaveFileName(self, "保存 PDF", str(Path.home() / name), "PDF 文件 (*.pdf)")
        if not path:
            return None
        try:
            write_atomic(path, lambda tmp: tmp.write_bytes(pdf))
        except OSError as exc:
            show_error(self, exc, "未保存")
            return None
        self.ctx.status_message.emit(f"已保存：{path}")
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))
        return Path(path)

    def print_teacher(self) -> None:
        t, sem = self.current_teacher(), self.ctx.semester
        if t is None or sem is None:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pdf = portfolio_booklet.render_teacher(t.id, sem, self.today)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, "未生成成长档案")
            return
        finally:
            QApplication.restoreOverrideCursor()
        self._preview_or_save(pdf, f"{t.name} 个人成长档案", f"{t.name}个人成长档案（{semester_label(sem)}）.pdf")

    def print_school(self, one_file: bool | None = None) -> Path | None:
        """Every active teacher's booklet: one PDF, or one file per teacher into a folder."""
        from yanxiu_desktop.fileio import write_atomic

        sem = self.ctx.semester
        if sem is None:
            return None
        if one_file is None:
            box = QMessageBox(QMessageBox.Icon.Question, "全校批量打印", "全校在职教师的成长档案如何保存？",
                              parent=self)
            merged = box.addButton("合成一个 PDF", QMessageBox.ButtonRole.AcceptRole)
            box.addButton("每位教师一个文件", QMessageBox.ButtonRole.AcceptRole)
            box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.buttonRole(box.clickedButton()) == QMessageBox.ButtonRole.RejectRole:
                return None
            one_file = box.clickedButton() is merged
        label = semester_label(sem)
        if one_file:
            suggested = str(Path.home() / f"全校教师成长档案（{label}）.pdf")
            path, _ = QFileDialog.getSaveFileName(self, "保存全校成长档案", suggested, "PDF 文件 (*.pdf)")
        else:
            path = QFileDialog.getExistingDirectory(self, "选择保存成长档案的文件夹", str(Path.home()))
        if not path:
            return None
        teachers = [r.teacher_id for r in self._all_progress]
        dlg = QProgressDialog("正在生成成长档案…", "取消", 0, len(teachers), self)
        dlg.setWindowTitle("全校批量打印")
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(0)

        def step(done: int, total: int, name: str) -> bool:
            dlg.setValue(done)
            dlg.setLabelText(f"正在生成：{name}（{done + 1}/{total}）" if name else "正在排版…")
            QApplication.processEvents()
            return not dlg.wasCanceled()

        try:
            if one_file:
                pdf = portfolio_booklet.render_school(sem, teachers, progress=step, today=self.today)
                write_atomic(path, lambda tmp: tmp.write_bytes(pdf))
            else:
                names = {r.teacher_id: r.name for r in self._all_progress}
                for i, tid in enumerate(teachers):
                    if not step(i, len(teachers), names[tid]):
                        raise DomainError("已取消打印")
                    pdf = portfolio_booklet.render_teacher(tid, sem, self.today)
                    target = Path(path) / f"{names[tid]}（{tid}）个人成长档案.pdf"
                    write_atomic(target, lambda tmp, pdf=pdf: tmp.write_bytes(pdf))
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, "批量打印未完成")
            return None
        finally:
            dlg.close()
        self.ctx.status_message.emit(f"已保存 {len(teachers)} 位教师的成长档案：{path}")
        return Path(path)

    # -- lending ----------------------------------------------------------------------------
    def reload_loans(self) -> None:
        rows = lending.list_loans(self.today, open_only=self.only_open.isChecked())
        self.loans_model.set_rows(rows)
        overdue = lending.overdue_count(self.today)
        out = sum(1 for r in lending.list_loans(self.today, open_only=True))
        self.loans_label.setText(f"借出未还 {out} 件" + (f"，<span style='color:#c00000'>逾期 {overdue} 件</span>"
                                                      if overdue else ""))

    def lend(self) -> None:
        dlg = LoanDialog(self, self.today)
        if dlg.exec() and dlg.saved is not None:
            self.reload_loans()

    def _selected_loan(self) -> LoanRow | None:
        idx = self.loan_view.currentIndex()
        return self.loans_model.row_at(idx.row()) if idx.isValid() else None

    def edit_loan(self) -> LoanDialog | None:
        """Correct a loan still out; a returned one stays as it was recorded."""
        row = self._selected_loan()
        if row is None:
            return None
        if row.returned_date is not None:
            show_error(self, ValidationError(f"「{row.item}」已于 {row.returned_date.isoformat()} 归还，"
                                             "借阅记录不能再修改。"), "不能修改")
            return None
        dlg = LoanDialog(self, self.today, row)
        if dlg.exec() and dlg.saved is not None:
            self.reload_loans()
        return dlg

    def return_selected(self) -> None:
        row = self._selected_loan()
        if row is None:
            return
        try:
            lending.return_loan(row.id, self.today)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.reload_loans()

