"""统计报表 tab: the term's figures (term_stats) as sortable tables and charts, the district workbook
and the term summary PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop.domain import groups as groups_mod
from yanxiu_desktop.domain import stats as stats_mod
from yanxiu_desktop.domain.stats import TermStats
from yanxiu_desktop.ui.context import AppContext, show_error
from yanxiu_desktop.ui.models import reports as models
from yanxiu_desktop.ui.models.base import RowsTableModel
from yanxiu_desktop.ui.widgets.charts import MIN_CHART_HEIGHT, BarChart
from yanxiu_desktop.ui.widgets.common import read_only_table

PAGES = ("学时汇总", "考勤统计", "听课统计", "研修活动", "成果统计", "教师结构", "量化考核", "预警")


def _table(model: RowsTableModel) -> QTableView:
    view = read_only_table(model, fit_contents=True)
    view.verticalHeader().setVisible(True)  # row numbers double as 序号 in a ranking
    view.verticalHeader().setDefaultSectionSize(24)
    return view


def _scrolled(chart: BarChart) -> QScrollArea:
    """Wide charts (60 teachers) scroll sideways; the height always follows the page."""
    area = QScrollArea()
    area.setWidget(chart)
    area.setWidgetResizable(True)
    area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setMinimumHeight(MIN_CHART_HEIGHT + area.horizontalScrollBar().sizeHint().height() + 4)
    return area


def _split(*widgets: QWidget, orientation: Qt.Orientation = Qt.Orientation.Vertical) -> QSplitter:
    s = QSplitter(orientation)
    for w in widgets:
        s.addWidget(w)
    return s


class ReportsTab(QWidget):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.stats: TermStats | None = None
        self._dirty = True
        self.group_box = QComboBox()
        self.subject_box = QComboBox()
        self.refresh_button = QPushButton("刷新")
        self.export_button = QPushButton("导出统计表（Excel）…")
        self.summary_button = QPushButton("统计摘要（PDF）…")
        for b in (self.export_button, self.summary_button):
            b.setToolTip("全校数据，不受左侧小组、学科筛选的影响")
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar = QHBoxLayout()
        for w in (QLabel("小组："), self.group_box, QLabel("学科："), self.subject_box, self.refresh_button):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        bar.addWidget(self.summary_button)

        self.models: dict[str, RowsTableModel] = {
            "attendance": models.attendance_model(self), "groups": models.group_attendance_model(self),
            "observations": models.observation_model(self), "activities": models.activity_model(self),
            "achievements": models.achievement_model(self), "composition": models.composition_model(self),
            "assessment": models.assessment_model(self), "warnings": models.warning_model(self),
        }
        self.charts = {k: BarChart() for k in ("hours", "attendance", "groups", "observations", "months",
                                               "achievements", "composition")}
        self.hours_view, self.month_view = QTableView(), QTableView()
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        t = self.models
        c = self.charts
        self.pages.addTab(_split(self.hours_view, _scrolled(c["hours"])), PAGES[0])
        # Teachers beside groups, not below: four panes stacked do not fit a 768-px screen.
        self.pages.addTab(_split(_split(_table(t["attendance"]), _scrolled(c["attendance"])),
                                 _split(_table(t["groups"]), _scrolled(c["groups"])),
                                 orientation=Qt.Orientation.Horizontal), PAGES[1])
        self.pages.addTab(_split(_table(t["observations"]), _scrolled(c["observations"])), PAGES[2])
        self.pages.addTab(_split(_table(t["activities"]), self.month_view, _scrolled(c["months"])), PAGES[3])
        self.pages.addTab(_split(_table(t["achievements"]), _scrolled(c["achievements"])), PAGES[4])
        self.pages.addTab(_split(_table(t["composition"]), _scrolled(c["composition"])), PAGES[5])
        self.pages.addTab(_table(t["assessment"]), PAGES[6])
        self.pages.addTab(_table(t["warnings"]), PAGES[7])

        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.headline)
        lay.addWidget(self.pages, 1)

        self.refresh_button.clicked.connect(self.refresh)
        self.group_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.subject_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.export_button.clicked.connect(self.export_district)
        self.summary_button.clicked.connect(self.show_summary)
        ctx.semester_changed.connect(lambda _s: self.reload_filters())
        ctx.data_changed.connect(self._on_changed)
        self.reload_filters()

    # -- data ------------------------------------------------------------------------------------------

    def _on_changed(self, _area: str) -> None:
        # Statistics read everything; recompute only when the tab is on screen (cheap enough then).
        if self.isVisible():
            self.reload_filters()
        else:
            self._dirty = True

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        super().showEvent(event)
        if self._dirty:
            self.reload_filters()

    def reload_filters(self) -> None:
        sem = self.ctx.semester
        for box in (self.group_box, self.subject_box):
            box.blockSignals(True)
            keep = box.currentData()
            box.clear()
            box.addItem("全部", None)
        if sem is not None:
            for g in groups_mod.list_groups(sem):
                self.group_box.addItem(g.name, g.id)
            for s in stats_mod.subjects(sem):
                self.subject_box.addItem(s, s)
        for box in (self.group_box, self.subject_box):
            box.setCurrentIndex(max(0, box.findData(keep)) if keep is not None else 0)
            box.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        sem = self.ctx.semester
        self._dirty = False
        enabled = sem is not None
        for w in (self.export_button, self.summary_button, self.refresh_button):
            w.setEnabled(enabled)
        if sem is None:
            self.stats = None
            self.headline.setText("请先在工具栏选择学期。")
            for m in self.models.values():
                m.set_rows([])
            return
        try:
            self.stats = stats_mod.term_stats(sem, group_id=self.group_box.currentData(),
                                              subject=self.subject_box.currentData())
        except Exception as exc:  # noqa: BLE001 - shown to the user, nothing was changed
            show_error(self, exc, "统计失败")
            return
        self._fill(self.stats)

    def _fill(self, st: TermStats) -> None:
        h = st.headline
        rate = "—" if h.attendance_rate is None else f"{h.attendance_rate * 100:.1f}%"
        self.headline.setText(
            f"{st.semester_name}（统计至 {st.as_of.isoformat()}）：教师 {h.teachers} 人，研修活动 {h.activities} 次"
            f"（已完成 {h.activities_done}），人均 {h.hours_average or 0:g} 学时，学时达标 {h.hours_met} 人"
            f"（{h.hours_met_percent}%），出勤率 {rate}，听课 {h.observations} 节（达标 {h.observations_reached} 人），"
            f"成果 {h.achievements} 项，公开课 {h.open_lessons} 节，外出学习 {h.sent_out} 人。")
        hm = models.hours_model(st.categories, self)
        hm.set_rows(st.hours)
        self._set_model(self.hours_view, hm)
        mm = models.month_model(st.months, self)
        mm.set_rows(st.activities_by_month)
        self._set_model(self.month_view, mm)
        t = self.models
        t["attendance"].set_rows(st.attendance_by_teacher)
        t["groups"].set_rows(st.attendance_by_group)
        t["observations"].set_rows(st.observations)
        t["activities"].set_rows(st.activities)
        t["achievements"].set_rows(st.achievements)
        t["composition"].set_rows(st.composition.rows())
        t["assessment"].set_rows(st.assessment)
        t["warnings"].set_rows(st.warnings)
        self.pages.setTabText(7, f"预警（{len(st.warnings)}）")
        c = self.charts
        c["hours"].set_data("学时与要求（红色：未达要求；虚线：应修学时）", [r.name for r in st.hours],
                            [[r.total for r in st.hours]], reference=[r.required for r in st.hours],
                            short=[r.result != "合格" for r in st.hours])
        att = st.attendance_by_teacher
        c["attendance"].set_data("教师出勤率（%）", [r.name for r in att], [[round((r.rate or 0) * 100, 1) for r in att]],
                                 short=[r.rate is not None and r.rate < 0.9 for r in att])
        c["groups"].set_data("各小组出勤率（%）", [g.name for g in st.attendance_by_group],
                             [[round((g.rate or 0) * 100, 1) for g in st.attendance_by_group]])
        obs = st.observations
        c["observations"].set_data("听课节数与要求（红色：未达要求）", [r.name for r in obs], [[r.done for r in obs], [r.required for r in obs]],
                                   legend=["已听", "要求"], short=[not r.reached for r in obs])
        c["months"].set_data("每月研修活动次数（各小组合计）", st.months,
                             [[sum(r.counts[i] for r in st.activities_by_month) for i in range(len(st.months))]])
        from yanxiu_desktop.domain.portfolio import LEVELS

        c["achievements"].set_data("成果按级别（项）", list(LEVELS),
                                   [[sum(r.by_level[i] for r in st.achievements) for i in range(len(LEVELS))]])
        comp = st.composition
        avg = f"，平均年龄 {comp.average_age:g} 岁" if comp.average_age is not None else ""
        c["composition"].set_data(f"年龄结构（人{avg}）", [s.label for s in comp.age_bands],
                                  [[s.count for s in comp.age_bands]])

    @staticmethod
    def _set_model(view: QTableView, model: RowsTableModel) -> None:
        """Columns follow the policy's categories and the term's months, so these two get a new model."""
        old = view.model()
        view.setSortingEnabled(False)  # else Qt re-sorts the fresh rows by the old header state
        view.setModel(model)
        if old is not None:
            old.deleteLater()
        view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        view.setSortingEnabled(True)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)

    # -- output ----------------------------------------------------------------------------------------

    def _school(self) -> str:
        from yanxiu_desktop.domain.school import current_school

        return current_school().name

    def whole_school(self) -> TermStats | None:
        """The figures the county and the 工作总结 expect: the whole school, whatever the filters show on
        screen (a 数学教研组 view exported under the school's title would pass 16 teachers off as 60)."""
        st = self.stats
        if st is None or (st.group_id is None and st.subject is None):
            return st
        return stats_mod.term_stats(self.ctx.semester)

    def export_district(self) -> None:
        from yanxiu_desktop.excel.district import load_hours_layout, write_district
        from yanxiu_desktop.fileio import write_atomic

        try:
            st = self.whole_school()
        except Exception as exc:  # noqa: BLE001 - shown to the user, nothing was changed
            show_error(self, exc, "统计失败")
            return
        if st is None:
            return
        name = f"{self._school()}{st.semester_name}研修统计表.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, "导出统计表", str(Path.home() / name), "Excel 工作簿 (*.xlsx)")
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        try:
            layout = load_hours_layout()
            school = self._school()
            write_atomic(path, lambda tmp: write_district(st, tmp, school, layout))
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, "导出失败")
            return
        self.ctx.status_message.emit(f"已导出 {path}")

    def summary_pdf(self) -> bytes | None:
        from yanxiu_desktop.pdf.summary import render_summary

        st = self.whole_school()
        return render_summary(st, self._school()) if st is not None else None

    def show_summary(self) -> None:
        from yanxiu_desktop.ui.widgets.pdf_preview import PdfPreviewDialog

        try:
            data = self.summary_pdf()
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, "生成统计摘要失败")
            return
        if data is not None and self.stats is not None:
            PdfPreviewDialog(data, "统计摘要", self, f"{self.stats.semester_name}统计摘要.pdf").exec()
