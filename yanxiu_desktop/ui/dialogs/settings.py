"""学校与制度设置: the school's name and its rules, starting from a preset taken from real documents."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop.domain import policy as pol
from yanxiu_desktop.domain.school import current_school, save_settings
from yanxiu_desktop.ui.context import show_error
from yanxiu_desktop.ui.models.editable import EditableRowsModel, EditColumn
from yanxiu_desktop.ui.widgets.common import initial_size, save_cancel_buttons

STATUS_SETS = (
    ("present_statuses", "算出勤"),
    ("excluded_from_rate", "不计入出勤率分母"),
    ("hours_statuses", "计入学时"),
    ("absence_rule_statuses", "计入缺席（三分之一规则）"),
)


def _spin(value: float, lo: float, hi: float, decimals: int = 0, suffix: str = "") -> QDoubleSpinBox | QSpinBox:
    w: QDoubleSpinBox | QSpinBox
    if decimals:
        w = QDoubleSpinBox()
        w.setDecimals(decimals)
    else:
        w = QSpinBox()
    w.setRange(lo, hi)
    w.setValue(value)
    if suffix:
        w.setSuffix(suffix)
    return w


def _table(model: EditableRowsModel) -> QTableView:
    v = QTableView()
    v.setModel(model)
    v.horizontalHeader().setStretchLastSection(True)
    v.verticalHeader().setVisible(False)
    v.setMinimumHeight(140)
    return v


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle("学校与制度设置")
        initial_size(self, 720, 560)
        school = current_school()
        lay = QVBoxLayout(self)
        top = QFormLayout()
        self.school_name = QLineEdit(school.name)
        self.county = QLineEdit(school.county)
        top.addRow("学校名称", self.school_name)
        top.addRow("所属县区", self.county)
        preset_row = QHBoxLayout()
        self.preset = QComboBox()
        for p in pol.PRESETS.values():
            self.preset.addItem(p.name, p.preset)
        apply = QPushButton("套用此预设")
        apply.clicked.connect(self.apply_preset)
        preset_row.addWidget(self.preset, 1)
        preset_row.addWidget(apply)
        top.addRow("制度预设", preset_row)
        lay.addLayout(top)
        self.pages = QTabWidget()
        lay.addWidget(self.pages)
        self._build_pages()
        buttons = save_cancel_buttons(self, self.save)
        lay.addWidget(buttons)
        self.load(pol.load_policy())

    # -- pages ----------------------------------------------------------------------
    def _build_pages(self) -> None:
        hours = QWidget()
        f = QFormLayout(hours)
        self.required_hours = _spin(0, 0, 500, 1, " 学时")
        self.categories = EditableRowsModel([EditColumn("学时类别", str), EditColumn("每学期要求（学时）", float)])
        cat_box = QVBoxLayout()
        cat_box.addWidget(_table(self.categories))
        cat_box.addLayout(self._row_buttons(self.categories, ["新类别", 0.0], "cat"))
        self.min_per_week = _spin(0, 0, 40, 1, " 学时")
        self.minutes_per_hour = _spin(45, 15, 60, 0, " 分钟")
        self.hours_per_credit = _spin(10, 0.5, 100, 1, " 学时")
        f.addRow("每学期总学时要求", self.required_hours)
        f.addRow("分项学时", cat_box)
        f.addRow("每周至少", self.min_per_week)
        f.addRow("1 学时等于", self.minutes_per_hour)
        f.addRow("折合 1 学分需要", self.hours_per_credit)
        self.pages.addTab(hours, "学时")

        att = QWidget()
        g = QGridLayout(att)
        g.addWidget(QLabel("考勤状态"), 0, 0)
        self.status_boxes: dict[tuple[str, str], QCheckBox] = {}
        for c, (key, label) in enumerate(STATUS_SETS, start=1):
            g.addWidget(QLabel(label), 0, c)
            for r, status in enumerate(pol.ATTENDANCE_STATUSES, start=1):
                if c == 1:
                    g.addWidget(QLabel(status), r, 0)
                box = QCheckBox()
                self.status_boxes[(key, status)] = box
                g.addWidget(box, r, c)
        n = len(pol.ATTENDANCE_STATUSES) + 1
        self.absence_enabled = QCheckBox("分项考勤：累计缺席（含请假）达到该项活动的")
        self.absence_fraction = QComboBox()
        for text, value in (("三分之一", 1 / 3), ("四分之一", 1 / 4), ("二分之一", 1 / 2)):
            self.absence_fraction.addItem(text, value)
        g.addWidget(self.absence_enabled, n, 0, 1, 3)
        g.addWidget(self.absence_fraction, n, 3)
        g.addWidget(QLabel("及以上者，取消该项学时（“以上”含本数）"), n + 1, 0, 1, 5)
        self.pages.addTab(att, "考勤")

        obs = QWidget()
        f = QFormLayout(obs)
        self.quotas = EditableRowsModel([EditColumn("角色", str, pol.ROLES), EditColumn("每学期听课节数", int)])
        f.addRow("听课要求", _table(self.quotas))
        self.per_month = _spin(0, 0, 30, 0, " 节（0 表示不按月要求）")
        self.new_years = _spin(3, 0, 10, 0, " 年内")
        self.new_per_week = _spin(1, 0, 10, 0, " 节/周")
        self.mentor_obs = _spin(20, 0, 100, 0, " 节")
        f.addRow("每月至少听课", self.per_month)
        f.addRow("青年教师（参加工作）", self.new_years)
        f.addRow("青年教师每周听课", self.new_per_week)
        f.addRow("师徒互相听课（每学期）", self.mentor_obs)
        self.pages.addTab(obs, "听课")

        act = QWidget()
        f = QFormLayout(act)
        self.interval = _spin(7, 1, 60, 0, " 天")
        self.whole_school = _spin(1, 0, 20, 0, " 次")
        self.portfolio = EditableRowsModel([EditColumn("材料类别", str), EditColumn("数量", int),
                                            EditColumn("每", str, pol.PORTFOLIO_PERIODS)])
        box = QVBoxLayout()
        box.addWidget(_table(self.portfolio))
        box.addLayout(self._row_buttons(self.portfolio, ["教学反思", 1, "学期"], "pf"))
        f.addRow("教研组活动间隔不超过", self.interval)
        f.addRow("全校性研修每学期至少", self.whole_school)
        f.addRow("成长档案要求", box)
        self.pages.addTab(act, "活动与档案")

        weights = QWidget()
        f = QFormLayout(weights)
        self.w_hours = _spin(40, 0, 100, 0)
        self.w_att = _spin(30, 0, 100, 0)
        self.w_obs = _spin(20, 0, 100, 0)
        self.w_pf = _spin(10, 0, 100, 0)
        f.addRow("学时", self.w_hours)
        f.addRow("出勤", self.w_att)
        f.addRow("听课", self.w_obs)
        f.addRow("成长档案", self.w_pf)
        f.addRow(QLabel("量化考核按以上权重折算总分（权重之和不必为 100）。"))
        self.pages.addTab(weights, "考核权重")

    def _row_buttons(self, model: EditableRowsModel, blank: list, name: str) -> QHBoxLayout:
        row = QHBoxLayout()
        add = QPushButton("添加一行")
        add.setObjectName(f"{name}_add")
        add.clicked.connect(lambda: model.add_row(blank))
        remove = QPushButton("删除最后一行")
        remove.clicked.connect(lambda: model.remove_row(model.rowCount() - 1))
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        return row

    # -- load / save -----------------------------------------------------------------------
    def apply_preset(self) -> None:
        self.load(pol.preset(self.preset.currentData()))

    def load(self, p: pol.Policy) -> None:
        self._loaded = p
        idx = self.preset.findData(p.preset)
        if idx >= 0:
            self.preset.setCurrentIndex(idx)
        self.required_hours.setValue(p.required_hours)
        self.categories.set_rows([[c.name, float(c.required)] for c in p.hours_categories])
        self.min_per_week.setValue(p.min_hours_per_week)
        self.minutes_per_hour.setValue(p.minutes_per_hour)
        self.hours_per_credit.setValue(p.hours_per_credit)
        for (key, status), box in self.status_boxes.items():
            box.setChecked(status in getattr(p, key))
        self.absence_enabled.setChecked(p.absence_rule_enabled)
        best = min(range(self.absence_fraction.count()),
                   key=lambda i: abs(self.absence_fraction.itemData(i) - p.absence_rule_fraction))
        self.absence_fraction.setCurrentIndex(best)
        self.quotas.set_rows([[role, int(n)] for role, n in p.observation_quota.items()])
        self.per_month.setValue(p.observations_per_month)
        self.new_years.setValue(p.new_teacher_years)
        self.new_per_week.setValue(p.new_teacher_per_week)
        self.mentor_obs.setValue(p.mentor_observations)
        self.interval.setValue(p.group_interval_days)
        self.whole_school.setValue(p.whole_school_per_term)
        self.portfolio.set_rows([[r.kind, r.count, r.per] for r in p.portfolio_requirements])
        self.w_hours.setValue(int(p.weight_hours))
        self.w_att.setValue(int(p.weight_attendance))
        self.w_obs.setValue(int(p.weight_observations))
        self.w_pf.setValue(int(p.weight_portfolio))

    def policy(self) -> pol.Policy:
        base = self._loaded
        statuses = {key: [s for s in pol.ATTENDANCE_STATUSES if self.status_boxes[(key, s)].isChecked()]
                    for key, _label in STATUS_SETS}
        return pol.Policy(
            preset=self.preset.currentData() if base.preset == self.preset.currentData() else "custom",
            name=base.name,
            required_hours=self.required_hours.value(),
            hours_categories=[pol.HoursCategory(str(n), float(r)) for n, r in self.categories.rows],
            min_hours_per_week=self.min_per_week.value(),
            minutes_per_hour=self.minutes_per_hour.value(),
            hours_per_credit=self.hours_per_credit.value(),
            absence_rule_enabled=self.absence_enabled.isChecked(),
            absence_rule_fraction=self.absence_fraction.currentData(),
            observation_quota={str(role): int(n) for role, n in self.quotas.rows},
            observations_per_month=self.per_month.value(),
            new_teacher_years=self.new_years.value(),
            new_teacher_per_week=self.new_per_week.value(),
            mentor_observations=self.mentor_obs.value(),
            group_interval_days=self.interval.value(),
            whole_school_per_term=self.whole_school.value(),
            portfolio_requirements=[pol.PortfolioRequirement(str(k), int(c), str(per))
                                    for k, c, per in self.portfolio.rows],
            weight_hours=self.w_hours.value(),
            weight_attendance=self.w_att.value(),
            weight_observations=self.w_obs.value(),
            weight_portfolio=self.w_pf.value(),
            rubric=base.rubric,
            **statuses,
        )

    def save(self) -> None:
        try:
            save_settings(self.school_name.text(), self.county.text(), self.policy())
        except Exception as exc:
            show_error(self, exc, "设置未保存")
            return
        self.accept()
