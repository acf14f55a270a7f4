"""研修日历: the term by week (as on a 校历), by month and as a filtered list; planning warnings below."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop.domain import activities as acts
from yanxiu_desktop.domain import groups as groups_mod
from yanxiu_desktop.domain import semesters
from yanxiu_desktop.domain.calendar_days import day_map
from yanxiu_desktop.domain.names import matches
from yanxiu_desktop.store.models import Activity, Semester
from yanxiu_desktop.ui.context import AppContext, show_error
from yanxiu_desktop.ui.models.activities import (
    ACTIVITY_IDS_ROLE,
    DayGridModel,
    activity_list_model,
    month_rows,
    term_months,
    term_rows,
)
from yanxiu_desktop.ui.models.plan import plan_warning_model
from yanxiu_desktop.ui.widgets.common import fit_columns, run_with_reason
from yanxiu_desktop.ui.widgets.pdf_preview import PdfPreviewDialog
from yanxiu_desktop.ui.widgets.search_box import PinyinSearchBox


def _grid_view(model: DayGridModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setWordWrap(True)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class CalendarTab(QWidget):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        lay = QVBoxLayout(self)
        lay.addLayout(self._toolbar())
        self.views = QTabWidget()
        self.week_model = DayGridModel(self)
        self.week_view = _grid_view(self.week_model)
        self.views.addTab(self.week_view, "按周（校历）")
        self.month_model = DayGridModel(self)
        month_page = QWidget()
        mlay = QVBoxLayout(month_page)
        mlay.setContentsMargins(0, 0, 0, 0)
        self.month_box = QComboBox()
        self.month_box.setAccessibleName("月份")
        self.month_box.currentIndexChanged.connect(lambda _i: self._fill_month())
        top = QHBoxLayout()
        top.addWidget(QLabel("月份："))
        top.addWidget(self.month_box)
        top.addStretch(1)
        mlay.addLayout(top)
        self.month_view = _grid_view(self.month_model)
        mlay.addWidget(self.month_view)
        self.views.addTab(month_page, "按月")
        self.views.addTab(self._list_page(), "活动列表")
        # Beside the view tabs, where there is room: in the button row it made the tab wider than 1024 px.
        self.views.setCornerWidget(self.summary, Qt.Corner.TopRightCorner)
        for view in (self.week_view, self.month_view):
            view.doubleClicked.connect(self._grid_double_clicked)
        self.list_view.doubleClicked.connect(lambda _i: self.edit_selected())
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.views)
        warn_box = QWidget()
        wlay = QVBoxLayout(warn_box)
        wlay.setContentsMargins(0, 0, 0, 0)
        self.warning_title = QLabel()
        wlay.addWidget(self.warning_title)
        self.warning_model = plan_warning_model(self)
        self.warning_list = QTableView()
        self.warning_list.setModel(self.warning_model)
        self.warning_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.warning_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.warning_list.verticalHeader().setVisible(False)
        self.warning_list.horizontalHeader().setStretchLastSection(True)
        self.warning_list.setToolTip("双击一条提醒，编辑有关的活动")
        self.warning_list.doubleClicked.connect(self._warning_double_clicked)
        wlay.addWidget(self.warning_list)
        split.addWidget(warn_box)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 1)
        lay.addWidget(split)
        ctx.semester_changed.connect(lambda _s: self.reload(reset_filters=True))
        ctx.data_changed.connect(self._on_data_changed)
        self.reload(reset_filters=True)

    # -- layout ---------------------------------------------------------------------
    def _toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("new", "新建活动", self.new_activity), ("series", "批量生成例会", self.new_series),
            ("edit", "编辑", self.edit_selected), ("record", "活动记录…", self.edit_record),
            ("cancel", "取消活动", self.cancel_selected),
            ("holidays", "节假日与调休", self.edit_holidays), ("import", "导入安排表…", self.import_plan),
            ("print", "打印安排表…", self.print_plan), ("export", "导出 Excel", self.export_plan),
        ):
            b = QPushButton(text)
            b.clicked.connect(slot)
            self.buttons[key] = b
            bar.addWidget(b)
        bar.addStretch(1)
        self.summary = QLabel()
        return bar

    def _list_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        self.group_filter = QComboBox()
        self.group_filter.setAccessibleName("小组筛选")
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("全部形式", None)
        for k in acts.ACTIVITY_KINDS:
            self.kind_filter.addItem(k, k)
        self.status_filter = QComboBox()
        self.status_filter.addItem("全部状态", None)
        for s in acts.ACTIVITY_STATUSES:
            self.status_filter.addItem(s, s)
        self.teacher_filter = PinyinSearchBox("参与教师：姓名 / 拼音 / 首字母")
        self.teacher_filter.search.connect(lambda _t: self._fill_list())
        for w in (self.group_filter, self.kind_filter, self.status_filter):
            w.currentIndexChanged.connect(lambda _i: self._fill_list())
        for label, w in (("小组：", self.group_filter), ("形式：", self.kind_filter),
                         ("状态：", self.status_filter)):
            filters.addWidget(QLabel(label))
            filters.addWidget(w)
        filters.addWidget(self.teacher_filter, 1)
        lay.addLayout(filters)
        self.list_model = activity_list_model(lambda: self.ctx.semester, self)
        self.list_view = QTableView()
        self.list_view.setModel(self.list_model)
        self.list_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_view.setSortingEnabled(True)
        self.list_view.verticalHeader().setVisible(False)
        self.list_view.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.list_view)
        return page

    # -- data -------------------------------------------------------------------------
    def _on_data_changed(self, area: str) -> None:
        # "attendance": a first sheet marks its activity 已完成, which the calendar shows.
        if area in ("activities", "attendance", "groups", "teachers", "policy", "all"):
            self.reload()

    def reload(self, reset_filters: bool = False) -> None:
        sem = self.ctx.semester
        always = {"print", "export", "record"}  # a closed term can still be printed and its records read
        for key, b in self.buttons.items():
            b.setEnabled(sem is not None and (not sem.closed or key in always))
        if reset_filters:
            self._fill_filters(sem)
        if sem is None:
            self.week_model.set_data([], [], {})
            self.month_model.set_data([], [], {})
            self.list_model.set_rows([])
            self.summary.setText("请先新建或选择学期")
            self.warning_model.set_rows([])
            return
        plan = acts.list_activities(sem)
        self._days = day_map(sem)
        self._plan = plan
        self.week_model.set_data(term_rows(sem), plan, self._days)
        self._fill_month()
        self._fill_list()
        live = [a for a in plan if a.status != "取消"]
        self.summary.setText(f"本学期共 {len(live)} 项活动（已完成 {sum(a.status == '已完成' for a in live)}，"
                             f"计划 {sum(a.status == '计划' for a in live)}）")
        self._fill_warnings(sem)
        self._scroll_to_today(sem)

    def _fill_filters(self, sem: Semester | None) -> None:
        self.group_filter.blockSignals(True)
        self.group_filter.clear()
        self.group_filter.addItem("全部小组", None)
        self.group_filter.addItem("全校活动", 0)
        for g in groups_mod.list_groups(sem) if sem else []:
            self.group_filter.addItem(g.name, g.id)
        self.group_filter.blockSignals(False)
        self.month_box.blockSignals(True)
        self.month_box.clear()
        for y, m in term_months(sem) if sem else []:
            self.month_box.addItem(f"{y}年{semesters.cn_number(m)}月份", (y, m))
        today = dt.date.today()
        idx = self.month_box.findData((today.year, today.month))
        self.month_box.setCurrentIndex(max(idx, 0))
        self.month_box.blockSignals(False)

    def _fill_month(self) -> None:
        sem, ym = self.ctx.semester, self.month_box.currentData()
        if sem is None or ym is None:
            return
        rows = month_rows(sem, *ym)
        plan = [a for a in getattr(self, "_plan", []) if rows and rows[0].days[0] <= a.date <= rows[-1].days[6]]
        self.month_model.set_data(rows, plan, getattr(self, "_days", {}), month=ym[1])

    def filtered(self) -> list[Activity]:
        sem = self.ctx.semester
        if sem is None:
            return []
        gid = self.group_filter.currentData()
        plan = acts.list_activities(sem, group_id=gid or None, kind=self.kind_filter.currentData(),
                                    status=self.status_filter.currentData())
        if gid == 0:
            plan = [a for a in plan if a.group_id is None]
        text = self.teacher_filter.text().strip()
        if text:
            wanted = [t.id for t in acts.school_teachers() if matches(text, t.name, t.pinyin, t.initials)]
            ids = acts.activity_ids_of_teachers(sem, wanted)
            plan = [a for a in plan if a.id in ids
                    or any(text in n for n in (a.host_name, a.presenter_name) if n)]
        return plan

    def _fill_list(self) -> None:
        self.list_model.set_rows(self.filtered())
        fit_columns(self.list_view)

    def _fill_warnings(self, sem: Semester) -> None:
        found = acts.plan_warnings(sem)
        self.warning_model.set_rows(found)
        self.warning_list.resizeColumnToContents(0)
        self.warning_title.setText(f"计划检查：{len(found)} 条提醒（仅提醒，不会自动修改）" if found
                                   else "计划检查：没有发现冲突或遗漏")

    def _scroll_to_today(self, sem: Semester) -> None:
        n = semesters.week_of(sem, dt.date.today())
        if n:
            # After layout: row heights are only known once the view has been shown.
            QTimer.singleShot(0, lambda: self.week_view.scrollTo(self.week_model.index(n - 1, 0),
                                                                 QAbstractItemView.ScrollHint.PositionAtTop))

    # -- selection ----------------------------------------------------------------------
    def selected_activity(self) -> Activity | None:
        page = self.views.currentIndex()
        if page == 2:
            rows = self.list_view.selectionModel().selectedRows()
            return self.list_model.row_at(rows[0].row()) if rows else None
        view = self.week_view if page == 0 else self.month_view
        idx = view.currentIndex()
        ids = idx.data(ACTIVITY_IDS_ROLE) if idx.isValid() else None
        return self._choose(ids or [])

    def _choose(self, ids: list[int]) -> Activity | None:
        if not ids:
            return None
        found = [acts.get_activity(i) for i in ids]
        if len(found) == 1:
            return found[0]
        labels = [f"{acts.time_label(a)} {acts.activity_label(a)}" for a in found]
        label, ok = QInputDialog.getItem(self, "选择活动", "这一天有多项活动：", labels, 0, False)
        return found[labels.index(label)] if ok else None

    def _warning_double_clicked(self, index: QModelIndex) -> None:
        w = self.warning_model.row_at(index.row())
        a = self._choose(list(w.activity_ids)) if w is not None else None
        if a is not None:
            self.edit_activity(a)

    def _grid_double_clicked(self, index: QModelIndex) -> None:
        ids = index.data(ACTIVITY_IDS_ROLE) or []
        if ids:
            a = self._choose(ids)
            if a is not None:
                self.edit_activity(a)
        else:
            self.new_activity(index.model().date_at(index))

    # -- actions --------------------------------------------------------------------------
    def new_activity(self, day: dt.date | None = None) -> None:
        from yanxiu_desktop.ui.dialogs.activity import ActivityDialog

        if self.ctx.semester is None:
            return
        dlg = ActivityDialog(self, self.ctx.semester, day=day if isinstance(day, dt.date) else None)
        if dlg.exec():
            self.ctx.changed("activities")

    def new_series(self) -> None:
        from yanxiu_desktop.ui.dialogs.activity_series import SeriesDialog

        if self.ctx.semester is None:
            return
        dlg = SeriesDialog(self, self.ctx.semester)
        if dlg.exec():
            self.ctx.status_message.emit(f"已生成 {len(dlg.created)} 次活动")
            self.ctx.changed("activities")

    def edit_activity(self, a: Activity) -> None:
        from yanxiu_desktop.ui.dialogs.activity import ActivityDialog

        dlg = ActivityDialog(self, self.ctx.semester, activity=a)
        if dlg.exec():
            self.ctx.changed("activities")

    def edit_selected(self) -> None:
        a = self.selected_activity()
        if a is None:
            QMessageBox.information(self, "编辑活动", "请先在日历或列表中选择一项活动。")
            return
        self.edit_activity(a)

    def cancel_selected(self) -> None:
        a = self.selected_activity()
        if a is None:
            QMessageBox.information(self, "取消活动", "请先在日历或列表中选择一项活动。")
            return
        if run_with_reason(self, "取消活动", f"取消 {acts.activity_label(a)}\n活动记录会保留，但不再计学时。取消原因：",
                           lambda reason: acts.cancel_activity(a.id, reason)):
            self.ctx.changed("activities")

    def edit_holidays(self) -> None:
        from yanxiu_desktop.ui.dialogs.holidays import HolidayDialog

        if self.ctx.semester is None:
            return
        dlg = HolidayDialog(self, self.ctx.semester)
        dlg.exec()
        if dlg.changed:
            self.ctx.changed("activities")

    def _save_path(self, title: str, suffix: str, filt: str) -> Path | None:
        sem = self.ctx.semester
        name = f"{semesters.semester_label(sem)}校本研修活动安排表{suffix}"
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / name), filt)
        return Path(path) if path else None

    def print_plan(self) -> PdfPreviewDialog | None:
        """The 学期校本研修活动安排表 in the shared preview (打印 / 另存为PDF)."""
        from yanxiu_desktop.domain.plan_table import plan_print_data
        from yanxiu_desktop.pdf.plan import render_plan

        sem = self.ctx.semester
        if sem is None:
            return None
        try:
            data = render_plan(plan_print_data(sem))
        except Exception as exc:  # shown to the user
            show_error(self, exc, "无法生成安排表")
            return None
        label = f"{semesters.semester_label(sem)}校本研修活动安排表"
        dlg = PdfPreviewDialog(data, label, self, suggested_name=str(Path.home() / f"{label}.pdf"))
        dlg.open()
        return dlg

    def edit_record(self) -> None:
        """活动记录… (过程、效果、反思、记录人、照片) of the selected activity."""
        from yanxiu_desktop.ui.dialogs.activity_record import ActivityRecordDialog

        a = self.selected_activity()
        if a is None:
            QMessageBox.information(self, "活动记录", "请先在日历或列表中选择一项活动。")
            return
        ActivityRecordDialog(self, a).exec()

    def export_plan(self) -> None:
        from yanxiu_desktop.excel.plan_export import write_plan_xlsx
        from yanxiu_desktop.fileio import write_atomic

        path = self._save_path("导出安排表 Excel", ".xlsx", "Excel 工作簿 (*.xlsx)")
        if path is None:
            return
        try:
            write_atomic(path, lambda tmp: write_plan_xlsx(self.ctx.semester, tmp))
        except Exception as exc:  # shown to the user
            show_error(self, exc, "未导出")
            return
        self.ctx.status_message.emit(f"已导出：{path}")

    def import_plan(self) -> None:
        from yanxiu_desktop.ui.dialogs.plan_import import PlanImportDialog

        if self.ctx.semester is None:
            return
        dlg = PlanImportDialog(self, self.ctx.semester)
        if dlg.exec():
            self.ctx.changed("activities")
