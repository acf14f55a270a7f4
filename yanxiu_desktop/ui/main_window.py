"""The main window: six tabs, the semester chooser, menus, status bar."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop import APP_NAME, __version__
from yanxiu_desktop.domain import semesters
from yanxiu_desktop.domain.school import current_school
from yanxiu_desktop.ui.context import AppContext, show_error
from yanxiu_desktop.ui.widgets.common import initial_size


@dataclass(frozen=True)
class TabSpec:
    key: str
    title: str
    module: str  # yanxiu_desktop.ui.tabs.<module>, class <cls>(ctx)
    cls: str


TAB_SPECS = (
    TabSpec("groups", "教师与小组", "groups", "GroupsTab"),
    TabSpec("calendar", "研修日历", "calendar", "CalendarTab"),
    TabSpec("attendance", "签到考勤", "attendance", "AttendanceTab"),
    TabSpec("observation", "听课记录", "observation", "ObservationTab"),
    TabSpec("portfolio", "成长档案", "portfolio", "PortfolioTab"),
    TabSpec("reports", "统计报表", "reports", "ReportsTab"),
)


def offer_demo_data(interactive: bool, build: bool | None = None) -> bool:
    """On first start (no teachers, no terms) offer a demo school. Returns True if one was built."""
    from yanxiu_desktop.domain.demo import build_demo
    from yanxiu_desktop.store.models import Semester, Teacher

    if Teacher.select().exists() or Semester.select().exists():
        return False
    if build is None and interactive:
        answer = QMessageBox.question(
            None, APP_NAME,
            "这是一个新的空数据库。\n\n要生成一所演示学校（60 位教师、两个学期、各类小组）来熟悉软件吗？\n"
            "选择“否”则从空白开始，可以稍后导入花名册。",
        )
        build = answer == QMessageBox.StandardButton.Yes
    if build:
        build_demo()
        return True
    return False


class MainWindow(QMainWindow):
    def __init__(self, db_path: Path):
        super().__init__()
        self.ctx = AppContext(db_path, self)
        self.setWindowTitle(f"{APP_NAME} — {current_school().name}")
        initial_size(self, 1280, 800)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        # Tabs are built when first shown (show_tab builds on demand): a hidden tab must not load a large
        # school's term at start-up (observations, statistics…), and each tab loads once, for the chosen term.
        self.tab_widgets: dict[str, QWidget] = {}
        self._tab_holders: dict[str, QWidget] = {}
        self._build_toolbar()
        for spec in TAB_SPECS:
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self._tab_holders[spec.key] = holder
            self.tabs.addTab(holder, spec.title)
        self._build_menus()
        self.ctx.status_message.connect(lambda m: self.statusBar().showMessage(m, 8000))
        self.ctx.data_changed.connect(self._on_data_changed)
        self.statusBar().addPermanentWidget(QLabel(f"数据库：{db_path}"))
        self.reload_semesters(select_current=True)
        self.tabs.currentChanged.connect(lambda i: self._ensure_tab(TAB_SPECS[i].key) if i >= 0 else None)
        self._ensure_tab(TAB_SPECS[self.tabs.currentIndex()].key)

    # -- tabs ---------------------------------------------------------------
    def _make_tab(self, spec: TabSpec) -> QWidget:
        # Imported by name so start-up stays light; a missing module is a packaging error and must show.
        module = importlib.import_module(f"yanxiu_desktop.ui.tabs.{spec.module}")
        return getattr(module, spec.cls)(self.ctx)

    def _ensure_tab(self, key: str) -> QWidget:
        widget = self.tab_widgets.get(key)
        if widget is None:
            spec = next(s for s in TAB_SPECS if s.key == key)
            widget = self._make_tab(spec)
            self.tab_widgets[key] = widget
            self._tab_holders[key].layout().addWidget(widget)
        return widget

    def show_tab(self, key: str) -> QWidget:
        widget = self._ensure_tab(key)
        self.tabs.setCurrentWidget(self._tab_holders[key])
        return widget

    # -- semester chooser ------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = QToolBar("学期")
        bar.setMovable(False)
        bar.addWidget(QLabel(" 当前学期："))
        self.semester_box = QComboBox()
        self.semester_box.setMinimumWidth(260)
        self.semester_box.setAccessibleName("当前学期")
        self.semester_box.currentIndexChanged.connect(self._on_semester_index)
        bar.addWidget(self.semester_box)
        self.week_label = QLabel()
        bar.addWidget(self.week_label)
        self.addToolBar(bar)

    def reload_semesters(self, select_current: bool = False) -> None:
        keep = self.ctx.semester.id if self.ctx.semester and not select_current else None
        if select_current:
            cur = semesters.current_semester()
            keep = cur.id if cur else None
        self.semester_box.blockSignals(True)
        self.semester_box.clear()
        for s in semesters.list_semesters():
            label = semesters.semester_label(s) + ("（已归档）" if s.closed else "")
            self.semester_box.addItem(label, s.id)
        idx = self.semester_box.findData(keep) if keep else (0 if self.semester_box.count() else -1)
        self.semester_box.setCurrentIndex(max(idx, 0) if self.semester_box.count() else -1)
        self.semester_box.blockSignals(False)
        self._on_semester_index(self.semester_box.currentIndex())

    def _on_semester_index(self, index: int) -> None:
        sem_id = self.semester_box.itemData(index) if index >= 0 else None
        sem = semesters.get_semester(sem_id) if sem_id else None
        self.ctx.set_semester(sem)
        self._update_week_label()

    def _update_week_label(self) -> None:
        import datetime as dt

        sem = self.ctx.semester
        week = semesters.week_of(sem, dt.date.today()) if sem else None
        self.week_label.setText(f"  今天是{semesters.week_label(week)}" if week else "")

    def _on_data_changed(self, area: str) -> None:
        if area in ("semesters", "all"):
            self.reload_semesters()
        if area in ("school", "all"):
            self.setWindowTitle(f"{APP_NAME} — {current_school().name}")

    # -- menus -------------------------------------------------------------------
    def _build_menus(self) -> None:
        m_file = self.menuBar().addMenu("文件(&F)")
        self.act_import_roster = QAction("导入花名册(&I)…", self)
        self.act_import_roster.setShortcut(QKeySequence("Ctrl+I"))
        self.act_import_roster.triggered.connect(self.import_roster)
        m_file.addAction(self.act_import_roster)
        m_file.addSeparator()
        act_quit = QAction("退出(&X)", self)
        act_quit.setShortcut(QKeySequence.StandardKey.Quit)
        act_quit.triggered.connect(self.close)
        m_file.addAction(act_quit)

        m_term = self.menuBar().addMenu("学期(&T)")
        act_new = QAction("新建学期(&N)…", self)
        act_new.triggered.connect(self.new_semester)
        m_term.addAction(act_new)
        self.menu_term = m_term

        m_set = self.menuBar().addMenu("设置(&S)")
        act_policy = QAction("学校与制度设置(&P)…", self)
        act_policy.triggered.connect(self.edit_settings)
        m_set.addAction(act_policy)
        self.menu_settings = m_set

        m_help = self.menuBar().addMenu("帮助(&H)")
        act_about = QAction("关于研修通(&A)", self)
        act_about.triggered.connect(lambda: QMessageBox.about(
            self, APP_NAME, f"{APP_NAME} {__version__}\n农村学校校本研修管理（离线使用，无需网络）"))
        m_help.addAction(act_about)

        from yanxiu_desktop.ui.safety import SafetyController

        # 数据 menu (backup, restore, check, audit log), term closing, automatic backups.
        self.safety = SafetyController(self)

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802
        # Typed-in attendance is not stored until saved: never lose a half-entered 签到表 on close.
        attendance = self.tab_widgets.get("attendance")
        if attendance is not None and not attendance.confirm_unsaved():
            event.ignore()
            return
        self.safety.on_close()
        super().closeEvent(event)

    def import_roster(self) -> None:
        from yanxiu_desktop.ui.dialogs.import_roster import RosterImportDialog

        dlg = RosterImportDialog(self)
        if dlg.exec():
            self.ctx.changed("teachers")

    def new_semester(self) -> None:
        from yanxiu_desktop.ui.dialogs.semester import SemesterDialog

        dlg = SemesterDialog(self)
        if dlg.exec() and dlg.created is not None:
            self.ctx.changed("semesters")
            idx = self.semester_box.findData(dlg.created.id)
            self.semester_box.setCurrentIndex(idx)

    def edit_settings(self) -> None:
        from yanxiu_desktop.ui.dialogs.settings import SettingsDialog

        dlg = SettingsDialog(self)
        try:
            if dlg.exec():
                self.ctx.changed("policy")
                self.ctx.changed("school")
        except Exception as exc:
            show_error(self, exc)

    # -- screenshots -------------------------------------------------------------
    def save_screenshots(self, folder: Path) -> list[Path]:
        """Render every tab to DIR/NN-key.png (README images, tests, looking without a display)."""
        folder.mkdir(parents=True, exist_ok=True)
        self.resize(1280, 800)  # the README's size, whatever screen (offscreen: 800×600) Qt reports
        self.show()
        app = QApplication.instance()
        written: list[Path] = []
        for i, spec in enumerate(TAB_SPECS):
            self.tabs.setCurrentIndex(i)
            for _ in range(3):
                app.processEvents()
            path = folder / f"{i + 1:02d}-{spec.key}.png"
            self.grab().save(str(path))
            written.append(path)
        return written
