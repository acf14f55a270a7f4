"""听课记录 tab: the term's records, 听课统计 (done vs required, month-end counts, pace) and 师徒互听."""

from __future__ import annotations

import datetime as dt
import importlib.util

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop.domain import observations as obs_mod
from yanxiu_desktop.domain.quota import quota_report
from yanxiu_desktop.domain.semesters import end_date, semester_label
from yanxiu_desktop.store.models import Semester
from yanxiu_desktop.ui.context import AppContext, show_error
from yanxiu_desktop.ui.dialogs.observation import ObservationDialog
from yanxiu_desktop.ui.models.observation import (
    mentor_quota_model,
    observation_model,
    quota_model,
    set_quota,
)
from yanxiu_desktop.ui.widgets.common import fit_columns, read_only_table, run_with_reason
from yanxiu_desktop.ui.widgets.search_box import PinyinSearchBox


def _button(text: str, slot, tip: str = "") -> QPushButton:  # noqa: ANN001
    b = QPushButton(text)
    b.clicked.connect(slot)
    b.setToolTip(tip)
    return b


class ObservationTab(QWidget):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        lay = QVBoxLayout(self)
        self.pages = QTabWidget()
        self.pages.addTab(self._records_page(), "听课记录")
        self.pages.addTab(self._quota_page(), "听课统计")
        self.pages.addTab(self._mentor_page(), "师徒互听")
        lay.addWidget(self.pages)
        ctx.semester_changed.connect(lambda _s: self.refresh())
        ctx.data_changed.connect(self._on_changed)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.new_record)
        self.refresh()

    # -- pages ------------------------------------------------------------------
    def _records_page(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        bar = QHBoxLayout()
        self.search = PinyinSearchBox("筛选：听课人或授课教师（姓名 / 拼音 / 首字母）")
        self.search.search.connect(lambda _t: self.refresh_records())
        bar.addWidget(self.search, 1)
        self.new_btn = _button("新建听课记录(Ctrl+N)", self.new_record)
        bar.addWidget(self.new_btn)
        bar.addWidget(_button("编辑", self.edit_record))
        bar.addWidget(_button("删除", self.delete_record))
        bar.addWidget(_button("打印听课记录表…", self.print_record, "预览并打印所选听课记录（含评价表、S-T 分析）"))
        bar.addWidget(_button("空白听课记录表…", self.print_blank, "打印空白表，供听课时手写"))
        lay.addLayout(bar)
        self.model = observation_model(self)
        self.view = read_only_table(self.model)
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first, as typed in
        self.view.doubleClicked.connect(lambda _i: self.edit_record())
        lay.addWidget(self.view)
        self.count_label = QLabel()
        lay.addWidget(self.count_label)
        return w

    def _quota_page(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        self.quota_summary = QLabel()
        self.quota_summary.setWordWrap(True)
        lay.addWidget(self.quota_summary)
        self.quota = quota_model(self)
        self.quota_view = read_only_table(self.quota)
        lay.addWidget(self.quota_view)
        note = QLabel("应听节数按制度设置：角色要求、三年内青年教师每周听课、每月听课要求取其大者；"
                      "“进度应达”按已过教学周数（节假日周不计）折算。红色为进度落后，绿色为已达标。")
        note.setWordWrap(True)
        note.setStyleSheet("color: gray")
        lay.addWidget(note)
        return w

    def _mentor_page(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        self.mentors = mentor_quota_model(self)
        self.mentor_view = read_only_table(self.mentors)
        lay.addWidget(self.mentor_view)
        return w

    # -- refresh ----------------------------------------------------------------
    def _on_changed(self, area: str) -> None:
        if area in ("observations", "teachers", "groups", "policy", "activities", "all"):
            self.refresh()

    def refresh(self) -> None:
        self.refresh_records()
        self.refresh_quota()

    def refresh_records(self) -> None:
        sem = self.ctx.semester
        rows = obs_mod.list_observations(sem) if sem else []
        text = self.search.text().strip()
        if text:
            rows = [r for r in rows if r.matches(text)]
        self.model.set_rows(rows)
        fit_columns(self.view)
        self.new_btn.setEnabled(sem is not None and not sem.closed)
        self.count_label.setText(f"{semester_label(sem)}：共 {len(rows)} 条听课记录" if sem else "请先新建学期")

    def refresh_quota(self) -> None:
        sem = self.ctx.semester
        if sem is None:
            self.quota_summary.setText("")
            return
        as_of = min(dt.date.today(), end_date(sem))
        rep = quota_report(sem, as_of)
        set_quota(self.quota, rep)
        fit_columns(self.quota_view)
        self.mentors.set_rows(rep.mentors)
        fit_columns(self.mentor_view)
        reached = sum(1 for r in rep.rows if r.reached)
        self.quota_summary.setText(
            f"{rep.heading}：{len(rep.rows)} 位教师，已达标 {reached} 位，进度落后 {len(rep.behind)} 位。")

    # -- actions ----------------------------------------------------------------
    def _sem(self) -> Semester | None:
        sem = self.ctx.semester
        if sem is None:
            QMessageBox.information(self, "听课记录", "请先新建学期。")
        return sem

    def selected_id(self, action: str = "") -> int | None:
        """The selected record's id; with *action*, None is explained to the user (a button did nothing)."""
        rows = self.view.selectionModel().selectedRows()
        row = self.model.row_at(rows[0].row()) if rows else None
        if row is None and action:
            QMessageBox.information(self, action, "请先在列表中选择一条听课记录。")
        return row.id if row else None

    def select_record(self, oid: int) -> None:
        """Select *oid* again after the list reloaded (an edit must not lose the user's place)."""
        for i, r in enumerate(self.model.rows):
            if r.id == oid:
                self.view.selectRow(i)
                self.view.scrollTo(self.model.index(i, 0))
                return

    def new_record(self) -> ObservationDialog | None:
        sem = self._sem()
        if sem is None:
            return None
        dlg = ObservationDialog(self, sem)
        dlg.exec()
        if dlg.saved_ids:
            self.ctx.changed("observations")
        return dlg

    def edit_record(self) -> None:
        oid = self.selected_id("编辑听课记录")
        sem = self.ctx.semester
        if oid is None or sem is None:
            return
        dlg = ObservationDialog(self, sem, oid)
        if dlg.exec():
            self.ctx.changed("observations")
            self.select_record(oid)

    def delete_record(self) -> None:
        oid = self.selected_id("删除听课记录")
        if oid is None:
            return
        o = obs_mod.get_observation(oid)
        if run_with_reason(self, "删除听课记录",
                           f"删除「{obs_mod.row_summary(o)}」？\n听课节数计入考核，删除会记入审计日志。\n删除原因：",
                           lambda reason: obs_mod.delete_observation(oid, reason)):
            self.ctx.changed("observations")

    def _pdf(self, blank: bool) -> tuple[bytes, str] | None:
        from yanxiu_desktop.domain import rubrics
        from yanxiu_desktop.pdf.observation import render_observation

        if blank:
            return render_observation(obs_mod.blank_print_data(rubrics.default_rubric())), "听课记录表（空白）.pdf"
        oid = self.selected_id("打印听课记录表")
        if oid is None:
            return None
        o = obs_mod.get_observation(oid)
        return render_observation(obs_mod.observation_print_data(oid)), f"听课记录表-{obs_mod.observed_label(o)}-{o.date}.pdf"

    def _show_pdf(self, blank: bool) -> None:
        try:
            made = self._pdf(blank)
        except Exception as exc:  # shown to the user; nothing was written
            show_error(self, exc, "无法生成听课记录表")
            return
        if made is None:
            return
        data, name = made
        if importlib.util.find_spec("yanxiu_desktop.ui.widgets.pdf_preview") is not None:
            from yanxiu_desktop.ui.widgets.pdf_preview import PdfPreviewDialog

            PdfPreviewDialog(data, name.removesuffix(".pdf"), self, suggested_name=name).exec()
            return
        path, _ = QFileDialog.getSaveFileName(self, "保存听课记录表", name, "PDF 文件 (*.pdf)")
        if path:
            from yanxiu_desktop.fileio import write_atomic

            write_atomic(path, lambda p: p.write_bytes(data))
            self.ctx.status_message.emit(f"已保存 {path}")

    def print_record(self) -> None:
        self._show_pdf(blank=False)

    def print_blank(self) -> None:
        self._show_pdf(blank=True)
