"""The school's rules as data. Every number a downstream feature uses comes from here.

Presets are taken from the seed documents (shared/domain): 001 校本研修管理制度 (60 学时, 听课 30/20/15,
每月听课4节), 001 第四篇 (40 学时, 每周2学时, 教研组两周一次), 003 方案三 (16+8+8+8 分项学时, 缺席三分之一规则).
A school picks one in 学校与制度设置 and edits the numbers; the result is stored as JSON in ``Setting``.
"""

from __future__ import annotations

import copy
import math
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from yanxiu_desktop.domain.errors import ValidationError

ATTENDANCE_STATUSES = ("出勤", "迟到", "早退", "公假", "事假", "病假", "缺席")
ROLES = ("校级领导", "中层", "教研组长", "备课组长", "教师")


@dataclass
class HoursCategory:
    name: str
    required: float


@dataclass
class PortfolioRequirement:
    kind: str  # a portfolio item kind, e.g. 教学反思
    count: int  # how many
    per: str  # 学期 | 月 | 两周 | 周


PORTFOLIO_PERIODS = ("学期", "月", "两周", "周")  # 每学期 / 每月 … so many 篇


@dataclass
class Policy:
    preset: str = "custom"
    name: str = "自定义"
    # 学时
    required_hours: float = 60.0
    hours_categories: list[HoursCategory] = field(default_factory=list)
    min_hours_per_week: float = 0.0
    minutes_per_hour: int = 45  # 1 学时 = 45 分钟 when hours come from a duration
    hours_per_credit: float = 10.0  # 折合学分: this many 学时 make one 学分
    # 考勤
    present_statuses: list[str] = field(default_factory=lambda: ["出勤", "迟到", "早退"])
    excluded_from_rate: list[str] = field(default_factory=lambda: ["公假"])  # left out of the 出勤率 denominator
    hours_statuses: list[str] = field(default_factory=lambda: ["出勤", "迟到", "早退"])  # earn 学时
    absence_rule_enabled: bool = True
    absence_rule_fraction: float = 1 / 3  # 累计缺席（含请假）三分之一以上 (boundary included) 取消本项学时
    absence_rule_statuses: list[str] = field(default_factory=lambda: ["缺席", "事假", "病假"])
    # 听课
    observation_quota: dict[str, int] = field(
        default_factory=lambda: {"校级领导": 30, "中层": 20, "教研组长": 20, "备课组长": 15, "教师": 15}
    )
    observations_per_month: int = 0  # 0 = not required monthly
    new_teacher_years: int = 3  # 三年内青年教师
    new_teacher_per_week: int = 1
    mentor_observations: int = 20  # 师徒互相听课 per term
    # 活动频次
    group_interval_days: int = 7  # a group with no activity for longer than this is flagged
    whole_school_per_term: int = 1
    # 档案
    portfolio_requirements: list[PortfolioRequirement] = field(default_factory=list)
    # 考核 weights (sum need not be 100; scores are normalised)
    weight_hours: float = 40.0
    weight_attendance: float = 30.0
    weight_observations: float = 20.0
    weight_portfolio: float = 10.0
    rubric: str = "five_aspects_100"

    def category_names(self) -> list[str]:
        return [c.name for c in self.hours_categories]

    def quota_for_role(self, role: str) -> int:
        return int(self.observation_quota.get(role, self.observation_quota.get("教师", 0)))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Policy:
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        kwargs["hours_categories"] = [HoursCategory(**c) for c in kwargs.get("hours_categories", [])]
        kwargs["portfolio_requirements"] = [
            PortfolioRequirement(**r) for r in kwargs.get("portfolio_requirements", [])
        ]
        return cls(**kwargs)

    def validate(self) -> None:
        problems: list[str] = []
        if self.required_hours < 0:
            problems.append("每学期学时要求不能为负数")
        names = self.category_names()
        if len(set(names)) != len(names):
            problems.append("学时类别名称重复")
        for c in self.hours_categories:
            if not c.name.strip():
                problems.append("学时类别名称不能为空")
            if c.required < 0:
                problems.append(f"学时类别「{c.name}」的要求不能为负数")
        if self.hours_categories and sum(c.required for c in self.hours_categories) > self.required_hours + 1e-9:
            problems.append("各类别学时要求之和超过了每学期总学时要求")
        if not 15 <= self.minutes_per_hour <= 60:
            problems.append("1 学时的分钟数应在 15～60 之间")
        if self.hours_per_credit <= 0:
            problems.append("折合学分的学时数必须大于 0")
        if not 0 < self.absence_rule_fraction <= 1:
            problems.append("缺席比例应在 0～1 之间")
        for s in (*self.present_statuses, *self.excluded_from_rate, *self.hours_statuses,
                  *self.absence_rule_statuses):
            if s not in ATTENDANCE_STATUSES:
                problems.append(f"未知的考勤状态「{s}」")
        for role, n in self.observation_quota.items():
            if n < 0:
                problems.append(f"「{role}」的听课节数不能为负数")
        if self.group_interval_days < 1:
            problems.append("教研活动间隔天数至少为 1")
        problems += self._more_problems()
        if problems:
            raise ValidationError(problems)

    def _more_problems(self) -> list[str]:
        """The rest of the settings a dialog or a hand-edited file can get wrong: a NaN or a negative count
        would flow into every figure (NaN 学时 even into the JSON), zero weights rank everyone first."""
        from yanxiu_desktop.domain.portfolio import KINDS

        problems: list[str] = []
        numbers = {"每学期学时要求": self.required_hours, "每周最少学时": self.min_hours_per_week,
                   "学时权重": self.weight_hours, "出勤权重": self.weight_attendance,
                   "听课权重": self.weight_observations, "档案权重": self.weight_portfolio,
                   **{f"学时类别「{c.name}」的要求": c.required for c in self.hours_categories}}
        problems += [f"{label}不是有效的数字" for label, v in numbers.items()
                     if not isinstance(v, int | float) or not math.isfinite(v)]
        counts = {"每周最少学时": self.min_hours_per_week, "每月听课节数": self.observations_per_month,
                  "新教师年限": self.new_teacher_years, "新教师每周听课节数": self.new_teacher_per_week,
                  "师徒互听节数": self.mentor_observations, "全校活动次数": self.whole_school_per_term,
                  "学时权重": self.weight_hours, "出勤权重": self.weight_attendance,
                  "听课权重": self.weight_observations, "档案权重": self.weight_portfolio}
        problems += [f"{label}不能为负数" for label, v in counts.items() if isinstance(v, int | float) and v < 0]
        weights = (self.weight_hours, self.weight_attendance, self.weight_observations, self.weight_portfolio)
        if all(isinstance(w, int | float) for w in weights) and sum(weights) <= 0:
            problems.append("量化考核的四项权重不能都为 0")
        if not self.hours_statuses:
            problems.append("请至少选择一种计入学时的考勤状态")
        if not self.present_statuses:
            problems.append("请至少选择一种算出勤的考勤状态")
        for i, r in enumerate(self.portfolio_requirements, start=1):
            where = f"档案材料要求第 {i} 行"
            if r.kind not in KINDS:
                problems.append(f"{where}：材料类别「{r.kind}」无效，应为 {'、'.join(KINDS)} 之一")
            if not isinstance(r.count, int) or r.count < 1:
                problems.append(f"{where}（{r.kind}）：篇数至少为 1")
            if r.per not in PORTFOLIO_PERIODS:
                problems.append(f"{where}（{r.kind}）：周期「{r.per}」无效，应为 {'、'.join(PORTFOLIO_PERIODS)} 之一")
        return problems


def _preset_60() -> Policy:
    return Policy(
        preset="zhidu_60",
        name="校本研修管理制度：每学期60学时，每月听课4节",
        required_hours=60,
        hours_categories=[
            HoursCategory("集中研修", 30), HoursCategory("教研组研修", 20), HoursCategory("自主研修", 10),
        ],
        observations_per_month=4,
        group_interval_days=7,
        portfolio_requirements=[PortfolioRequirement("教学反思", 1, "月")],
    )


def _preset_40() -> Policy:
    return Policy(
        preset="guanli_40",
        name="每学期40学时（每周2学时以上），教研组两周一次",
        required_hours=40,
        hours_categories=[HoursCategory("全校研修", 8), HoursCategory("教研组研修", 16),
                          HoursCategory("个人研修", 16)],
        min_hours_per_week=2,
        group_interval_days=14,
        whole_school_per_term=1,
        portfolio_requirements=[PortfolioRequirement("教学反思", 1, "两周"),
                                PortfolioRequirement("读书笔记", 1, "学期")],
    )


def _preset_16888() -> Policy:
    return Policy(
        preset="fenxiang_40",
        name="分项学时 16+8+8+8，缺席三分之一取消本项学时",
        required_hours=40,
        hours_categories=[
            HoursCategory("学校培训", 16), HoursCategory("自主研修", 8),
            HoursCategory("高效课堂探究", 8), HoursCategory("小课题教研", 8),
        ],
        observation_quota={"校级领导": 30, "中层": 30, "教研组长": 30, "备课组长": 20, "教师": 20},
        group_interval_days=7,
        portfolio_requirements=[
            PortfolioRequirement("学习心得", 2, "学期"), PortfolioRequirement("案例评析", 2, "学期"),
            PortfolioRequirement("读书笔记", 1, "学期"),
        ],
    )


PRESETS: dict[str, Policy] = {p.preset: p for p in (_preset_60(), _preset_40(), _preset_16888())}
DEFAULT_PRESET = "fenxiang_40"

_SETTING_KEY = "policy"


def preset(preset_id: str) -> Policy:
    try:
        return copy.deepcopy(PRESETS[preset_id])
    except KeyError:
        raise ValidationError(f"没有名为「{preset_id}」的制度预设") from None


def _term_key(semester_id: int) -> str:
    return f"{_SETTING_KEY}@semester:{semester_id}"


def load_policy(semester: Any = None) -> Policy:
    """The school's policy; the default preset until the school saves its own. For a *semester* (a
    Semester or its id) that has been archived: the policy it was archived with (``freeze_policy``), so a
    later change of the rules does not rewrite figures already reported to the county."""
    from yanxiu_desktop.store.db import database
    from yanxiu_desktop.store.models import Setting

    # Hand-written SQL: every statistics refresh loads the policy, and building the query cost more than this.
    keys = [_SETTING_KEY]
    if semester is not None:
        keys.insert(0, _term_key(semester if isinstance(semester, int) else semester.id))
    for key in keys:
        row = database.obj.execute_sql("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        value = Setting.value.python_value(row[0]) if row else None
        if value:
            return Policy.from_dict(value)
    return preset(DEFAULT_PRESET)


def freeze_policy(semester_id: int) -> None:
    """Keep the policy in force now as *semester_id*'s own (at archiving; call in its transaction). A term
    archived before keeps the copy it has: reopening to correct an entry does not change its rules."""
    from yanxiu_desktop.store.models import Setting

    if Setting.get_or_none(Setting.key == _term_key(semester_id)) is None:
        Setting.create(key=_term_key(semester_id), value=load_policy().to_dict())


def save_policy(policy: Policy) -> None:
    from yanxiu_desktop.store import audit
    from yanxiu_desktop.store.db import transaction
    from yanxiu_desktop.store.models import Setting

    policy.validate()
    with transaction():
        old = Setting.get_or_none(Setting.key == _SETTING_KEY)
        Setting.replace(key=_SETTING_KEY, value=policy.to_dict()).execute()
        # Policy decides hours and therefore pay: keep who changed it and from what.
        audit.record("setting", 0, _SETTING_KEY, old.value if old else None, policy.to_dict(), "修改制度设置")
