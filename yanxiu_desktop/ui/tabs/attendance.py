"""签到考勤 tab: print blank / filled 签到表, type a signed sheet back by keyboard, hours per teacher, history.

Keyboard flow for a sheet of 60: choose the activity, Ctrl+D 全部出勤, then for each exception move with
↑/↓ (or "/" and pinyin initials to jump) and press a status key (legend on screen); minutes, leave reason
and approver are cells of the same row (Tab/→ to reach them, type, Enter); Ctrl+S saves.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop.domain import activities as acts
from yanxiu_desktop.domain import attendance as att
from yanxiu_desktop.domain import attendance_docs as docs
from yanxiu_desktop.domain.names import matches, pinyin_of
from yanxiu_desktop.ui.context import AppContext, show_error
from yanxiu_desktop.ui.dialogs.activity_record import ActivityRecordDialog, scan_list
from yanxiu_desktop.ui.dialogs.import_attendance import AttendanceImportDialog
from yanxiu_desktop.ui.models.attendance import (
    COL_REASON,
    COL_STATUS,
    LEGEND,
    STATUS_KEYS,
    SheetModel,
)
from yanxiu_desktop.ui.models.base import Column, RowsTableModel
from yanxiu_desktop.ui.tabs.attendance_hours import HoursPage
from yanxiu_desktop.ui.widgets.common import fit_columns
from yanxiu_desktop.ui.widgets.pdf_preview import PdfPreviewDialog, print_all_with_progress


class SheetView(QTableView):
    """The entry grid: status keys on the 姓名/考勤 columns, ordinary editing on the text columns."""

    def __init__(self, tab: AttendanceTab):
        super().__init__(tab)
        self.tab = tab
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        model: SheetModel = self.model()
        idx = self.currentIndex()
        text = event.text().upper()
        if event.text() == "/" and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.tab.jump_box.setFocus()
            self.tab.jump_box.selectAll()
            return
        if idx.isValid() and idx.column() <= COL_STATUS and text in STATUS_KEYS and not (
                event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)):
            status = STATUS_KEYS[text]
            model.set_status(idx.row(), status)
            if status in ("事假", "病假"):
                # The leave reason is required: go straight to it (the approver is one Tab further).
                target = model.index(idx.row(), COL_REASON)
                self.setCurrentIndex(target)
                self.edit(target)
            else:
                self.setCurrentIndex(model.index(min(idx.row() + 1, model.rowCount() - 1), idx.column()))
            self.tab.update_counts()
            return
        super().keyPressEvent(event)


class AttendanceTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._activities: list = []
        self._labels: list[tuple[str, str, str]] = []
        self._pinyin_done = False
        self._shown_aid: int | None = None  # the activity whose sheet is in the grid
        self._stale = False  # a reload was postponed to keep unsaved rows

        # -- activity chooser and commands --
        self.filter_box = QLineEdit(placeholderText="筛选活动：主题 / 拼音首字母")
        self.filter_box.setMinimumWidth(200)
        self.filter_box.textChanged.connect(self._fill_combo)
        self.combo = QComboBox()
        self.combo.setMinimumWidth(420)
        self.combo.currentIndexChanged.connect(self._on_activity)
        top = QHBoxLayout()
        top.addWidget(QLabel("研修活动："))
        top.addWidget(self.filter_box)
        top.addWidget(self.combo, 1)

        self.all_present_btn = QPushButton("全部出勤 (Ctrl+D)")
        self.save_btn = QPushButton("保存 (Ctrl+S)")
        self.reason_box = QLineEdit(placeholderText="修改原因（修改已录入的考勤时填写，写入审计日志）")
        self.blank_btn = QPushButton("打印空白签到表")
        self.filled_btn = QPushButton("打印已填签到表")
        self.record_btn = QPushButton("打印活动记录表")
        self.term_btn = QPushButton("打印本学期全部签到表")
        self.scan_btn = QPushButton("附加签到表扫描件…")
        self.record_edit_btn = QPushButton("活动记录…")
        self.record_edit_btn.setToolTip("填写活动过程、效果、反思、记录人，添加活动照片")
        self.import_btn = QPushButton("导入考勤表…")
        self.import_btn.setToolTip("从 Excel 考勤表（每位教师一行、每次活动一列）导入本学期的考勤")
        self.all_present_btn.clicked.connect(self.mark_all_present)
        self.save_btn.clicked.connect(self.save)
        self.blank_btn.clicked.connect(lambda: self.print_sheet(blank=True))
        self.filled_btn.clicked.connect(lambda: self.print_sheet(blank=False))
        self.record_btn.clicked.connect(self.print_record)
        self.term_btn.clicked.connect(self.print_term)
        self.scan_btn.clicked.connect(self.attach_scan)
        self.record_edit_btn.clicked.connect(self.edit_record)
        self.import_btn.clicked.connect(self.import_attendance)
        row1 = QHBoxLayout()
        for w in (self.all_present_btn, self.save_btn):
            row1.addWidget(w)
        row1.addWidget(self.reason_box, 1)
        row1.addWidget(self.record_edit_btn)
        row1.addWidget(self.import_btn)
        row2 = QHBoxLayout()
        for w in (self.blank_btn, self.filled_btn, self.record_btn, self.term_btn, self.scan_btn):
            row2.addWidget(w)
        row2.addStretch(1)

        # -- entry grid --
        self.model = SheetModel(self)
        self.view = SheetView(self)
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().hide()
        self.jump_box = QLineEdit(placeholderText="跳转：拼音首字母")
        self.jump_box.setMaximumWidth(160)
        self.jump_box.textChanged.connect(self.jump_to)
        self.jump_box.returnPressed.connect(self._back_to_grid)
        self.legend = QLabel(LEGEND)
        self.legend.setWordWrap(True)
        self.counts_label = QLabel()
        self.scan_label = QLabel()
        legend_row = QHBoxLayout()
        legend_row.addWidget(self.legend, 1)
        legend_row.addWidget(self.jump_box)
        entry = QWidget()
        el = QVBoxLayout(entry)
        el.setContentsMargins(0, 0, 0, 0)
        el.addLayout(legend_row)
        el.addWidget(self.view, 1)
        el.addWidget(self.counts_label)
        el.addWidget(self.scan_label)

        # -- per-teacher hours (its own page) and history --
        self.hours_page = HoursPage(ctx, self)
        self.history_model: RowsTableModel = RowsTableModel([
            Column("时间", lambda h: h.ts.strftime("%Y-%m-%d %H:%M")), Column("操作人", lambda h: h.operator),
            Column("教师", lambda h: h.teacher), Column("项目", lambda h: h.field), Column("原值", lambda h: h.old),
            Column("新值", lambda h: h.new), Column("原因", lambda h: h.reason)])
        self.history_table = QTableView()
        self.history_table.setModel(self.history_model)
        self.history_table.horizontalHeader().setStretchLastSection(True)

        self.pages = QTabWidget()
        self.pages.addTab(entry, "签到表录入")
        self.pages.addTab(self.hours_page, "教师学时与出勤率")
        self.pages.addTab(self.history_table, "本活动修改记录")
        self.scans = scan_list(self)
        self.pages.addTab(self.scans, "签到表扫描件")

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(row1)
        lay.addLayout(row2)
        lay.addWidget(self.pages, 1)

        QShortcut(QKeySequence("Ctrl+D"), self, self.mark_all_present)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        ctx.semester_changed.connect(self._on_semester_changed)
        ctx.data_changed.connect(self._on_data_changed)
        self.reload()

    # -- loading ---------------------------------------------------------------------------------
    def reload(self) -> None:
        sem = self.ctx.semester
        self._activities = acts.list_activities(sem) if sem is not None else []
        # Pinyin of the themes only once a pinyin filter is typed: pypinyin costs ~0.3 s to import at start-up.
        self._labels = [(acts.activity_label(a) + ("（已取消）" if a.status == "取消" else ""), "", "")
                        for a in self._activities]
        self._pinyin_done = False
        self._stale = False
        self._fill_combo(reload_sheet=True)
        self.reload_hours()

    def _fill_combo(self, _text: str = "", *, reload_sheet: bool = False) -> None:
        current = self.current_activity_id()
        query = self.filter_box.text().strip()
        if query.isascii() and query and not self._pinyin_done:
            self._labels = [(label, *pinyin_of(a.theme)) for a, (label, _f, _i) in zip(self._activities, self._labels,
                                                                                      strict=True)]
            self._pinyin_done = True
        self.combo.blockSignals(True)
        self.combo.clear()
        # The sheet being typed stays in the list whatever the filter: filtering must not switch it away.
        keep = self._shown_aid if self.model.dirty else None
        for a, (label, full, initials) in zip(self._activities, self._labels, strict=True):
            if a.id == keep or matches(query, label, full, initials):
                self.combo.addItem(label, a.id)
        pos = self.combo.findData(current) if current is not None else -1
        if pos < 0:  # default: the latest activity that already happened
            pos = max(0, max((i for i in range(self.combo.count())
                              if self._activity(self.combo.itemData(i)).status == "已完成"), default=0))
        self.combo.setCurrentIndex(pos if self.combo.count() else -1)
        self.combo.blockSignals(False)
        self._on_activity(force=reload_sheet)

    def _activity(self, activity_id: int):  # noqa: ANN202 - an Activity row
        return next(a for a in self._activities if a.id == activity_id)

    def current_activity_id(self) -> int | None:
        return self.combo.currentData() if self.combo.count() else None

    def select_activity(self, activity_id: int) -> None:
        self.filter_box.clear()
        self.combo.setCurrentIndex(self.combo.findData(activity_id))

    def _select_quietly(self, activity_id: int | None) -> None:
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(self.combo.findData(activity_id) if activity_id is not None else -1)
        self.combo.blockSignals(False)

    def _on_activity(self, _index: int = -1, *, force: bool = False) -> None:
        """Show the chosen activity's sheet; unsaved rows of the shown one are saved, dropped or kept first."""
        aid = self.current_activity_id()
        if aid == self._shown_aid and not force:
            return
        if not self.confirm_unsaved():
            self._select_quietly(self._shown_aid)  # 取消: stay on the sheet being typed
            return
        if self._stale:
            self.reload()  # the postponed reload, now that the rows are saved or dropped
            return
        self._load_sheet(aid)

    def _load_sheet(self, aid: int | None) -> None:
        self._shown_aid = aid
        if aid is None:
            self.model.read_only = True
            self.model.set_rows([])
            self.history_model.set_rows([])
        else:
            a = acts.get_activity(aid)
            self.model.set_rows(att.sheet(a))
            self.history_model.set_rows(list(reversed(att.attendance_history(aid))))
            fit_columns(self.history_table)  # the 时间 column showed "2026-11-23 ⋯"
            scans = docs.signed_scans(aid)
            early = att.not_yet_held(a)
            self.scan_label.setText(f"{early}；可以先打印空白签到表。" if early else
                                    f"已附加签到表扫描件 {len(scans)} 份（见“签到表扫描件”页）" if scans else "")
            editable = a.status != "取消" and not a.semester.closed and not early
            self.model.read_only = not editable
            for w in (self.all_present_btn, self.save_btn, self.filled_btn):
                w.setEnabled(editable)
            self.scans.set_read_only(a.semester.closed)
        self.scans.set_owner("activity", aid)
        self.record_edit_btn.setEnabled(aid is not None)
        self.view.resizeColumnsToContents()
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, COL_STATUS))
        self.update_counts()

    def reload_hours(self) -> None:
        sem = self.ctx.semester
        self.import_btn.setEnabled(sem is not None and not sem.closed)
        self.hours_page.reload()

    def _on_data_changed(self, area: str) -> None:
        if area == "hours_credit":  # only 学时 change: the sheet being typed stays as it is
            self.reload_hours()
            return
        if area not in ("activities", "teachers", "groups", "policy", "all", "attendance", "semesters"):
            return
        if not self.confirm_unsaved():
            self._stale = True  # 取消: keep the typed rows; reload once they are saved or dropped
            return
        if area == "attendance" and not self._stale:
            self._on_activity(force=True)
            self.reload_hours()
        else:
            self.reload()

    def _on_semester_changed(self, _sem: object) -> None:
        # The term has already changed: the rows can be saved or dropped, not kept.
        if not self.confirm_unsaved(cancellable=False):
            self.model.revert()  # saving failed (the error was shown): nothing to come back to
        self.reload()

    def update_counts(self) -> None:
        c = att.counts(self.model.rows)
        pending = sum(1 for r in self.model.rows if not r.status)
        self.counts_label.setText(
            f"应到 {c.expected} 人　实到 {c.present} 人　请假 {c.leave} 人　缺席 {c.absent} 人"
            + (f"　未录入 {pending} 人" if pending else "") + ("　（有未保存的修改）" if self.model.dirty else ""))

    # -- keyboard helpers ---------------------------------------------------------------------------
    def jump_to(self, text: str) -> None:
        """Select the first teacher whose name, pinyin or initials match what was typed."""
        for i, r in enumerate(self.model.rows):
            if text and matches(text, r.name, r.pinyin, r.initials):
                self.view.setCurrentIndex(self.model.index(i, COL_STATUS))
                self.view.scrollTo(self.model.index(i, COL_STATUS))
                return

    def _back_to_grid(self) -> None:
        self.jump_box.clear()
        self.view.setFocus()

    # -- commands -------------------------------------------------------------------------------
    def mark_all_present(self) -> None:
        n = self.model.mark_all_present()
        self.update_counts()
        self.ctx.status_message.emit(f"已将 {n} 位未录入的教师标为出勤，记得保存（Ctrl+S）")
        self.view.setFocus()

    def save(self) -> bool:
        aid = self._shown_aid
        if aid is None or not self.model.dirty:
            return False
        try:
            result = att.save_sheet(aid, self.model.entries(), reason=self.reason_box.text().strip())
        except Exception as exc:
            show_error(self, exc, "考勤未保存")
            return False
        self.model.mark_saved()
        self.reason_box.clear()
        self.ctx.status_message.emit(f"考勤已保存：新录入 {result.created} 人，修改 {result.changed} 人")
        self.ctx.changed("attendance")
        return True

    def has_unsaved(self) -> bool:
        """Typed attendance rows that are not stored yet (for the main window's close check)."""
        return self.model.dirty

    def confirm_unsaved(self, cancellable: bool = True) -> bool:
        """Ask what to do with unsaved rows before they would be replaced or the window closes.

        保存 saves (False if saving failed), 不保存 drops them, 取消 returns False and keeps them.
        True when there is nothing unsaved.
        """
        if not self.model.dirty:
            return True
        b = QMessageBox.StandardButton
        buttons = b.Save | b.Discard | (b.Cancel if cancellable else b.NoButton)
        label = self.combo.itemText(self.combo.findData(self._shown_aid)) or "当前活动"  # kept in the list
        answer = QMessageBox.question(
            self, "签到表未保存", f"“{label}”的签到表有未保存的修改，先保存吗？\n"
            "保存：保存后继续；不保存：放弃这些修改" + ("；取消：回到签到表继续录入。" if cancellable else "。"),
            buttons, b.Save)
        if answer in (b.Save, b.Yes):
            return self.save()
        if answer in (b.Discard, b.No) or not cancellable:
            self.model.revert()
            self.update_counts()
            return True
        return False

    def _preview(self, pdf: bytes, title: str, name: str) -> PdfPreviewDialog:
        dlg = PdfPreviewDialog(pdf, title, self, suggested_name=name)
        dlg.open()
        return dlg

    def print_sheet(self, blank: bool) -> PdfPreviewDialog | None:
        aid = self.current_activity_id()
        if aid is None or (not blank and not self.confirm_unsaved()):
            return None
        try:
            pdf = docs.signin_pdf(aid, blank=blank)
        except Exception as exc:
            show_error(self, exc, "无法打印签到表")
            return None
        a = acts.get_activity(aid)
        kind = "空白签到表" if blank else "签到表"
        return self._preview(pdf, f"{kind} {acts.activity_label(a)}", f"{a.date.isoformat()} {a.theme} {kind}.pdf")

    def print_record(self) -> PdfPreviewDialog | None:
        aid = self.current_activity_id()
        if aid is None:
            return None
        try:
            pdf = docs.activity_record_pdf(aid)
        except Exception as exc:
            show_error(self, exc, "无法打印活动记录表")
            return None
        a = acts.get_activity(aid)
        return self._preview(pdf, f"活动记录表 {acts.activity_label(a)}", f"{a.date.isoformat()} {a.theme} 活动记录表.pdf")

    def print_term(self) -> PdfPreviewDialog | None:
        sem = self.ctx.semester
        if sem is None:
            return None
        pdf = print_all_with_progress(self, "正在生成本学期全部签到表",
                                      lambda progress: docs.term_signin_pdf(sem, progress=progress))
        if pdf is None:
            return None
        return self._preview(pdf, "本学期全部签到表", "本学期签到表.pdf")

    def attach_scan(self, path: str | None = None) -> None:
        aid = self.current_activity_id()
        if aid is None:
            return
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "选择签到表扫描件或照片", "",
                                                  "图片或 PDF (*.jpg *.jpeg *.png *.pdf);;所有文件 (*)")
        if not path:
            return
        try:
            docs.attach_signed_scan(aid, path)
        except Exception as exc:
            show_error(self, exc, "未能附加扫描件")
            return
        self.ctx.changed("attendance")

    def edit_record(self) -> ActivityRecordDialog | None:
        """活动记录… for the chosen activity (modeless, like the previews); the tab refreshes on save."""
        aid = self.current_activity_id()
        if aid is None:
            return None
        dlg = ActivityRecordDialog(self, acts.get_activity(aid))
        dlg.accepted.connect(lambda: self.ctx.changed("activities"))
        dlg.open()
        return dlg

    def import_attendance(self) -> AttendanceImportDialog | None:
        sem = self.ctx.semester
        if sem is None:
            return None
        if not self.confirm_unsaved():
            return None
        dlg = AttendanceImportDialog(self, sem)
        dlg.accepted.connect(lambda: self.ctx.changed("attendance"))
        dlg.open()
        return dlg
