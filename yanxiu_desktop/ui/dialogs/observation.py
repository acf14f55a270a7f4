"""The 听课记录 form: typed in from a paper notebook, so it opens with today's date, the last observer and
the cursor on 授课教师; 保存并录入下一条 keeps observer and date for the next sheet."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop.domain import observations as obs_mod
from yanxiu_desktop.domain import roster, rubrics
from yanxiu_desktop.domain.activities import get_activity
from yanxiu_desktop.domain.errors import DomainError
from yanxiu_desktop.domain.rubrics import Rubric
from yanxiu_desktop.domain.semesters import end_date
from yanxiu_desktop.store.models import Semester
from yanxiu_desktop.ui.context import show_error
from yanxiu_desktop.ui.models.editable import EditableRowsModel, EditColumn
from yanxiu_desktop.ui.widgets.common import initial_size
from yanxiu_desktop.ui.widgets.st_coder import STCoder
from yanxiu_desktop.ui.widgets.teacher_combo import TeacherCombo

UNSCORED = -0.5


class ObservationDialog(QDialog):
    def __init__(self, parent: QWidget | None, semester: Semester, obs_id: int | None = None):
        super().__init__(parent)
        self.semester = semester
        self.obs_id = obs_id
        self.saved_ids: list[int] = []
        self.setWindowTitle("编辑听课记录" if obs_id else "新建听课记录")
        initial_size(self, 900, 720)
        self._grade_touched = False
        self._rubric: Rubric | None = None
        self._spins: dict[str, QDoubleSpinBox] = {}
        lay = QVBoxLayout(self)
        lay.addLayout(self._header())
        self.tabs = QTabWidget()
        self.tabs.addTab(self._process_page(), "教学过程与旁评(&1)")
        self.tabs.addTab(self._summary_page(), "总评与等级(&2)")
        self.tabs.addTab(self._rubric_page(), "课堂评价表(&3)")
        self.st_coder = STCoder()
        self.tabs.addTab(self.st_coder, "S-T 分析(&4)")
        lay.addWidget(self.tabs, 1)
        lay.addLayout(self._buttons())
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.save)
        self._load()

    # -- layout -----------------------------------------------------------------
    def _header(self) -> QGridLayout:
        g = QGridLayout()
        self.observed = TeacherCombo()
        self.observed.setAccessibleName("授课教师")
        self.observed.lineEdit().setPlaceholderText("名册中的教师，或外校教师姓名")
        self.observed.currentIndexChanged.connect(self._observed_picked)
        self.observed.editTextChanged.connect(self._observed_text)
        self.observed_school = QLineEdit()
        self.observed_school.setPlaceholderText("外校教师填写学校")
        self.observer = TeacherCombo()
        self.observer.setAccessibleName("听课人")
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy年M月d日")
        self.date.setDateRange(_q(self.semester.start_date), _q(end_date(self.semester)))
        self.period = QSpinBox()
        self.period.setRange(0, obs_mod.MAX_PERIOD)
        self.period.setSpecialValueText("—")
        self.period.setPrefix("第 ")
        self.period.setSuffix(" 节")
        self.class_name = QLineEdit()
        self.class_name.setPlaceholderText("如 七年级(3)班")
        self.subject = QLineEdit()
        self.topic = QLineEdit()
        self.lesson_type = QComboBox()
        self.lesson_type.setEditable(True)
        self.lesson_type.addItems(["", *obs_mod.LESSON_TYPES])
        self.activity = QComboBox()
        self.activity.addItem("（不是公开课）", None)
        for a in obs_mod.open_lessons(self.semester):
            self.activity.addItem(f"{a.date:%m-%d} {a.kind}：{a.theme}", a.id)
        self.activity.currentIndexChanged.connect(self._activity_picked)
        rows = (("授课教师", self.observed, "学校", self.observed_school),
                ("听课人", self.observer, "关联活动", self.activity),
                ("听课日期", self.date, "节次", self.period),
                ("班级", self.class_name, "学科", self.subject),
                ("课题", self.topic, "课型", self.lesson_type))
        for r, (l1, w1, l2, w2) in enumerate(rows):
            g.addWidget(QLabel(l1), r, 0)
            g.addWidget(w1, r, 1)
            g.addWidget(QLabel(l2), r, 2)
            g.addWidget(w2, r, 3)
        g.setColumnStretch(1, 2)
        g.setColumnStretch(3, 2)
        return g

    def _process_page(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        self.process_model = EditableRowsModel([EditColumn("教学过程", str), EditColumn("旁评", str)], [], self)
        self.process_view = QTableView()
        self.process_view.setModel(self.process_model)
        self.process_view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.process_view.horizontalHeader().setStretchLastSection(True)
        self.process_view.setColumnWidth(0, 480)
        lay.addWidget(self.process_view)
        row = QHBoxLayout()
        add = QPushButton("增加一行(Ctrl+L)")
        add.clicked.connect(self._add_process_row)
        QShortcut(QKeySequence("Ctrl+L"), self, activated=self._add_process_row)
        rm = QPushButton("删除所选行")
        rm.clicked.connect(lambda: self.process_model.remove_row(self.process_view.currentIndex().row()))
        row.addWidget(add)
        row.addWidget(rm)
        row.addStretch(1)
        row.addWidget(QLabel("左栏记教学环节，右栏写旁评；空行不保存。"))
        lay.addLayout(row)
        return w

    def _summary_page(self) -> QWidget:
        w = QWidget()
        f = QFormLayout(w)
        self.strengths = QPlainTextEdit()
        self.weaknesses = QPlainTextEdit()
        self.suggestions = QPlainTextEdit()
        for e in (self.strengths, self.weaknesses, self.suggestions):
            e.setTabChangesFocus(True)
        self.grade = QComboBox()
        self.grade.addItems(["", *obs_mod.GRADES])
        self.grade.activated.connect(lambda _i: setattr(self, "_grade_touched", True))
        f.addRow("优点", self.strengths)
        f.addRow("不足", self.weaknesses)
        f.addRow("建议", self.suggestions)
        f.addRow("等级", self.grade)
        return w

    def _rubric_page(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        top = QHBoxLayout()
        top.addWidget(QLabel("评价表："))
        self.rubric_box = QComboBox()
        self.rubric_box.addItem("（不评分）", None)
        for r in rubrics.available_rubrics():
            self.rubric_box.addItem(f"{r.name}（第{r.version}版）", _key(r.id, r.version))
        self.rubric_box.currentIndexChanged.connect(self._rubric_picked)
        top.addWidget(self.rubric_box, 1)
        lay.addLayout(top)
        self.rubric_grid_host = QWidget()
        self.rubric_grid = QGridLayout(self.rubric_grid_host)
        lay.addWidget(self.rubric_grid_host)
        self.total_label = QLabel()
        self.total_label.setStyleSheet("font-size: 15px; font-weight: bold")
        lay.addWidget(self.total_label)
        lay.addStretch(1)
        return w

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("修改原因（记入审计日志）")
        self.reason.setVisible(bool(self.obs_id))
        row.addWidget(self.reason, 1)
        row.addStretch(1)
        self.save_next_btn = QPushButton("保存并录入下一条")
        self.save_next_btn.clicked.connect(lambda: self.save(next_sheet=True))
        self.save_next_btn.setVisible(not self.obs_id)
        self.save_btn = QPushButton("保存(Ctrl+Enter)")
        self.save_btn.setDefault(True)
        self.save_btn.clicked.connect(self.save)
        cancel = QPushButton("关闭")
        cancel.clicked.connect(self.reject)
        for b in (self.save_next_btn, self.save_btn, cancel):
            row.addWidget(b)
        return row

    # -- behaviour --------------------------------------------------------------
    def _add_process_row(self) -> None:
        self.process_model.add_row(["", ""])
        idx = self.process_model.index(self.process_model.rowCount() - 1, 0)
        self.process_view.setCurrentIndex(idx)
        self.process_view.edit(idx)

    def _observed_picked(self, _index: int) -> None:
        tid = self.observed.teacher_id()
        if tid:
            t = roster.get_teacher(tid)
            if not self.subject.text().strip():
                self.subject.setText(t.subject)

    def _observed_text(self, _text: str) -> None:
        self.observed_school.setEnabled(self.observed.teacher_id() is None)

    def _activity_picked(self, _index: int) -> None:
        aid = self.activity.currentData()
        if not aid:
            return
        a = get_activity(aid)
        self.date.setDate(_q(a.date))
        if a.presenter_id and self.observed.teacher_id() is None:
            self.observed.set_teacher(a.presenter_id)
        if not self.topic.text().strip():
            self.topic.setText(a.theme)

    def _rubric_picked(self, _index: int, scores: dict[str, float] | None = None) -> None:
        while self.rubric_grid.count():
            item = self.rubric_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self._spins.clear()
        data = self.rubric_box.currentData()
        self._rubric = rubrics.get_rubric(*data.split("@", 1)) if data else None
        if self._rubric is None:
            self._update_total()
            return
        for r, item in enumerate(self._rubric.all_items()):
            bonus = item in self._rubric.bonus
            name = QLabel(("加分：" if bonus else "") + f"{item.name}（{item.max:g}分）")
            name.setToolTip(item.descriptor)
            desc = QLabel(item.descriptor)
            desc.setWordWrap(True)
            desc.setStyleSheet("color: #555")
            spin = QDoubleSpinBox()
            spin.setRange(UNSCORED, item.max)
            spin.setSingleStep(0.5)
            spin.setDecimals(1)
            spin.setSpecialValueText("未评")
            spin.setValue((scores or {}).get(item.key, UNSCORED))
            spin.valueChanged.connect(self._update_total)
            self._spins[item.key] = spin
            self.rubric_grid.addWidget(name, r, 0)
            self.rubric_grid.addWidget(desc, r, 1)
            self.rubric_grid.addWidget(spin, r, 2)
            for c, (lvl, pts) in enumerate(zip(self._rubric.levels, item.level_scores, strict=False)):
                b = QPushButton(f"{lvl}{pts:g}")
                b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                b.setFixedWidth(52)
                b.clicked.connect(lambda _c=False, s=spin, p=pts: s.setValue(p))
                self.rubric_grid.addWidget(b, r, 3 + c)
        self.rubric_grid.setColumnStretch(1, 1)
        self._update_total()

    def scores(self) -> dict[str, float]:
        return {k: s.value() for k, s in self._spins.items() if s.value() > UNSCORED}

    def _update_total(self) -> None:
        if self._rubric is None:
            self.total_label.setText("")
            return
        total = self._rubric.total(self.scores())
        band = self._rubric.band(total)
        self.total_label.setText(f"总分：{'—' if total is None else f'{total:g}'} / {self._rubric.max_total:g}"
                                 + (f"　{band.label}" if band else ""))
        # The total suggests the 等级 until the user picks one by hand; no score, no suggestion.
        if not self._grade_touched:
            if band and band.level:
                self.grade.setCurrentText(band.level)
            elif total is None:
                self.grade.setCurrentIndex(0)

    def _load(self) -> None:
        if self.obs_id is None:
            today = dt.date.today()
            day = min(max(today, self.semester.start_date), end_date(self.semester))
            self.date.setDate(_q(day))
            self.observer.set_teacher(obs_mod.last_observer_id())
            # The policy's rubric is offered; a record stays unscored until a score is typed.
            try:
                default = rubrics.default_rubric()
                self.rubric_box.setCurrentIndex(max(self.rubric_box.findData(_key(default.id, default.version)), 0))
            except DomainError:  # a missing rubric file must not block typing in the notebook
                self.rubric_box.setCurrentIndex(0)
            self.observed.setFocus()
            for _ in range(4):
                self.process_model.add_row(["", ""])
            return
        o = obs_mod.get_observation(self.obs_id)
        inp = obs_mod.input_from(o)
        self.observer.set_teacher(inp.observer_id)
        self.observed.set_teacher(inp.observed_id, inp.observed_name)
        self.observed_school.setText(inp.observed_school)
        self.date.setDate(_q(inp.date))
        self.period.setValue(inp.period or 0)
        self.class_name.setText(inp.class_name)
        self.subject.setText(inp.subject)
        self.topic.setText(inp.topic)
        self.lesson_type.setCurrentText(inp.lesson_type)
        self.activity.setCurrentIndex(max(self.activity.findData(inp.activity_id), 0))
        self.process_model.set_rows(inp.process or [["", ""]])
        self.strengths.setPlainText(inp.strengths)
        self.weaknesses.setPlainText(inp.weaknesses)
        self.suggestions.setPlainText(inp.suggestions)
        self._grade_touched = bool(inp.grade)
        self.grade.setCurrentText(inp.grade)
        if inp.rubric_id:
            key = _key(inp.rubric_id, inp.rubric_version)
            idx = self.rubric_box.findData(key)
            if idx < 0:  # scored with an older version: offer that version, from its snapshot
                old = rubrics.get_rubric(inp.rubric_id, inp.rubric_version)
                self.rubric_box.addItem(f"{old.name}（第{old.version}版）", key)
                idx = self.rubric_box.count() - 1
            self.rubric_box.blockSignals(True)
            self.rubric_box.setCurrentIndex(idx)
            self.rubric_box.blockSignals(False)
            self._rubric_picked(idx, inp.scores)
        if inp.st_samples:
            self.st_coder.set_samples(inp.st_samples, inp.st_interval)

    def collect(self) -> obs_mod.ObservationInput:
        observed_id = self.observed.teacher_id()
        scores = self.scores()
        rubric = self._rubric if scores else None
        return obs_mod.ObservationInput(
            observer_id=self.observer.teacher_id(), date=self.date.date().toPython(), observed_id=observed_id,
            observed_name="" if observed_id else self.observed.currentText(),
            observed_school="" if observed_id else self.observed_school.text(),
            period=self.period.value() or None, class_name=self.class_name.text(), subject=self.subject.text(),
            topic=self.topic.text(), lesson_type=self.lesson_type.currentText(),
            activity_id=self.activity.currentData(), process=[list(r) for r in self.process_model.rows],
            strengths=self.strengths.toPlainText(), weaknesses=self.weaknesses.toPlainText(),
            suggestions=self.suggestions.toPlainText(), grade=self.grade.currentText(),
            rubric_id=rubric.id if rubric else "", rubric_version=rubric.version if rubric else "",
            scores=scores if rubric else {}, st_samples=self.st_coder.samples(),
            st_interval=self.st_coder.interval)

    def save(self, next_sheet: bool = False) -> bool:
        self.st_coder.stop()
        try:
            inp = self.collect()
            if self.obs_id:
                obs_mod.update_observation(self.obs_id, inp, reason=self.reason.text().strip())
                self.saved_ids.append(self.obs_id)
            else:
                self.saved_ids.append(obs_mod.create_observation(self.semester, inp).id)
        except Exception as exc:
            show_error(self, exc, "听课记录未保存")
            return False
        if next_sheet:
            self._clear_for_next()
        else:
            self.accept()
        return True

    def _clear_for_next(self) -> None:
        """Same observer and date; the next period; everything about the lesson cleared."""
        self.observed.set_teacher(None)
        self.observed_school.clear()
        if self.period.value():
            self.period.setValue(min(self.period.value() + 1, obs_mod.MAX_PERIOD))
        for e in (self.class_name, self.subject, self.topic):
            e.clear()
        self.lesson_type.setCurrentIndex(0)
        self.activity.setCurrentIndex(0)
        self.process_model.set_rows([["", ""] for _ in range(4)])
        for e in (self.strengths, self.weaknesses, self.suggestions):
            e.clear()
        for s in self._spins.values():  # first: each reset re-suggests a 等级 from a partial total
            s.setValue(UNSCORED)
        self._grade_touched = False
        self.grade.setCurrentIndex(0)
        self.st_coder.set_samples("", self.st_coder.interval)
        self.tabs.setCurrentIndex(0)
        self.observed.setFocus()
        self.setWindowTitle(f"新建听课记录（本次已保存 {len(self.saved_ids)} 条）")


def _key(rubric_id: str, version: str) -> str:
    # Combo data as a plain string: Qt does not compare Python tuples in findData.
    return f"{rubric_id}@{version}"


def _q(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)
