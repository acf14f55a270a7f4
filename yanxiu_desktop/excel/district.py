"""The district workbook (报送县教育局的统计表): one sheet per table of the term's statistics.

Built from a :class:`~yanxiu_desktop.domain.stats.TermStats` (plain data; no database access here).
The 学时汇总 columns come from ``forms/district_hours.toml`` (or the school's own copy in the user forms
folder) so a county's template can be matched without code. Every number is written as a number and
every date as a date; styles.SheetWriter gives each sheet its frozen header and A4 landscape print setup.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.domain.portfolio import LEVELS
from yanxiu_desktop.domain.semesters import cn_date
from yanxiu_desktop.domain.stats import HoursRow, TermStats
from yanxiu_desktop.excel.styles import PERCENT_FORMAT, WHOLE_PERCENT, SheetWriter

HOURS_FIELDS = {
    "seq": "序号", "name": "姓名", "stage": "学段", "subject": "任教学科", "categories": "", "total": "合计",
    "required": "应修学时", "shortfall": "欠缺学时", "credits": "折合学分", "result": "考核结果", "lost": "取消学时类别",
}
SHEET_NAMES = ("学时汇总", "学时认定", "考勤统计", "听课统计", "教师结构", "研修活动一览", "每月研修活动", "成果统计",
               "学时分段", "量化考核")
_BAD_SHEET_CHARS = set(":\\/?*[]")


@dataclass(frozen=True)
class HoursColumn:
    header: str
    field: str  # a HOURS_FIELDS key, or "category:<name>"
    width: float | None = None
    format: str | None = None


@dataclass(frozen=True)
class HoursLayout:
    sheet: str
    title: str
    columns: tuple[HoursColumn, ...]


def parse_hours_layout(text: str, source: str = "district_hours.toml") -> HoursLayout:
    """Read and check a 学时汇总 definition; every mistake is named in Chinese."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"{source}：格式错误（{exc}）") from None
    problems: list[str] = []
    sheet = data.get("sheet", {})
    name = str(sheet.get("name", "学时汇总"))
    if not name or len(name) > 31 or _BAD_SHEET_CHARS & set(name):
        problems.append(f"{source}：工作表名称「{name}」无效（最多 31 个字符，不能含 : \\ / ? * [ ]）")
    columns: list[HoursColumn] = []
    raw = data.get("column", [])
    if not raw:
        problems.append(f"{source}：至少要定义一列 [[column]]")
    for i, c in enumerate(raw, start=1):
        field = str(c.get("field", ""))
        base = field.split(":", 1)[0]
        if (base not in HOURS_FIELDS and base != "category") or (base == "category" and ":" not in field):
            problems.append(f"{source}：第 {i} 列的 field「{field}」无效，应为 {'、'.join(HOURS_FIELDS)} 或 category:类别名")
            continue
        width = c.get("width")
        if width is not None and not (isinstance(width, int | float) and 2 <= width <= 100):
            problems.append(f"{source}：第 {i} 列的 width 应为 2～100 的数字")
            width = None
        header = str(c.get("header", HOURS_FIELDS.get(base, "") or field.partition(":")[2]))
        columns.append(HoursColumn(header, field, width, c.get("format")))
    if problems:
        raise ValidationError(problems)
    return HoursLayout(name, str(sheet.get("title", "{school}{semester}教师校本研修学时汇总表")), tuple(columns))


def load_hours_layout() -> HoursLayout:
    from yanxiu_desktop.pdf.forms import form_file  # the same user-copy-first lookup as printed forms

    path: Path = form_file("district_hours")
    return parse_hours_layout(path.read_text(encoding="utf-8"), path.name)


def _expand(layout: HoursLayout, categories: list[str]) -> list[HoursColumn]:
    out: list[HoursColumn] = []
    for c in layout.columns:
        if c.field == "categories":
            out += [HoursColumn(name, f"category:{name}", c.width, c.format) for name in categories]
        else:
            out.append(c)
    return out


def _hours_value(col: HoursColumn, seq: int, r: HoursRow) -> Any:
    if col.field.startswith("category:"):
        return r.by_category.get(col.field.partition(":")[2], 0.0)
    return {"seq": seq, "name": r.name, "stage": r.stage, "subject": r.subject, "total": r.total,
            "required": r.required, "shortfall": r.shortfall, "credits": r.credits, "result": r.result,
            "lost": "、".join(r.lost_categories)}[col.field]


def build_workbook(stats: TermStats, school: str, layout: HoursLayout | None = None) -> Workbook:
    layout = layout or load_hours_layout()
    wb = Workbook()
    wb.remove(wb.active)
    head = f"{school}{_period(stats)}"
    _hours_sheet(wb, stats, layout, school)
    _credits_sheet(wb, stats, head)
    _attendance_sheet(wb, stats, head)
    _observation_sheet(wb, stats, head)
    _composition_sheet(wb, stats, head)
    _activities_sheet(wb, stats, head)
    _months_sheet(wb, stats, head)
    _achievement_sheet(wb, stats, head)
    _bands_sheet(wb, stats, head)
    _assessment_sheet(wb, stats, head)
    return wb


def _period(stats: TermStats) -> str:
    """The term, and while it runs the day the figures stop at: a mid-term copy must not pass for the final."""
    if stats.term_over:
        return stats.semester_name
    return f"{stats.semester_name}（统计至{cn_date(stats.as_of)}）"


def write_district(stats: TermStats, path: str | Path, school: str, layout: HoursLayout | None = None) -> None:
    build_workbook(stats, school, layout).save(str(path))


def _hours_sheet(wb: Workbook, stats: TermStats, layout: HoursLayout, school: str) -> None:
    cols = _expand(layout, stats.categories)
    title = layout.title.replace("{school}", school).replace("{semester}", _period(stats))
    w = SheetWriter(wb.create_sheet(layout.sheet), title, [c.header for c in cols], [c.format for c in cols],
                    [c.width or 0 for c in cols])
    rows = [[_hours_value(c, i, r) for c in cols] for i, r in enumerate(stats.hours, start=1)]
    for values in rows:
        w.append(values)
    for label, how in (("合计", sum), ("平均", lambda xs: round(sum(xs) / len(xs), 1))):
        if rows:  # sums and per-teacher averages of the numeric columns (人均学时 is what the county asks)
            w.append(_summary_row(cols, rows, label, how))
    w.finish()


def _summary_row(cols: list[HoursColumn], rows: list[list[Any]], label: str, how: Any) -> list[Any]:
    where = next((i for i, c in enumerate(cols) if c.field == "name"), 0)
    out: list[Any] = []
    for i, c in enumerate(cols):
        values = [r[i] for r in rows]
        numeric = c.field != "seq" and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
        out.append(label if i == where else how(values) if numeric else "")
    return out


def _credits_sheet(wb: Workbook, stats: TermStats, head: str) -> None:
    """What the 学时 without a sign-in sheet were granted for: an inspector checks these against the 成长档案."""
    headers = ["序号", "姓名", "学时类别", "认定学时", "认定日期", "认定依据", "依据的档案材料"]
    w = SheetWriter(wb.create_sheet("学时认定"), f"{head}教师研修学时认定明细表", headers,
                    [None, None, None, "0.0", None, None, None], [6, 10, 12, 10, 12, 36, 30])
    for i, c in enumerate(stats.hours_credits, start=1):
        w.append([i, c.name, c.category, c.hours, c.date, c.basis, c.portfolio_title])
    if stats.hours_credits:
        w.append(["合计", None, None, sum(c.hours for c in stats.hours_credits), None, None, None])
    else:  # the sheet still says so: an inspector should not wonder whether it was left out
        w.append([None, "本学期没有学时认定", None, None, None, None, None])
    w.finish()


def _attendance_sheet(wb: Workbook, stats: TermStats, head: str) -> None:
    headers = ["序号", "姓名", "应到（次）", "实到（含迟到、早退）", "迟到", "早退", "请假", "缺席", "计入出勤率（次）",
               "出勤率"]
    fmts = [None] * 9 + [PERCENT_FORMAT]
    w = SheetWriter(wb.create_sheet("考勤统计"), f"{head}教师研修考勤统计表", headers, fmts)
    for i, r in enumerate(stats.attendance_by_teacher, start=1):
        w.append([i, r.name, r.expected, r.present, r.late, r.early, r.leave, r.absent, r.counted, r.rate])
    if stats.attendance_by_group:
        w.blank()
        w.header(["序号", "小组", "活动（次）", "实到人次", "应到人次（不含公假）", "出勤率"])
        for i, g in enumerate(stats.attendance_by_group, start=1):
            w.append([i, g.name, g.activities, g.present, g.counted, g.rate],
                     [None, None, None, None, None, PERCENT_FORMAT])
    w.finish()


def _observation_sheet(wb: Workbook, stats: TermStats, head: str) -> None:
    headers = ["序号", "姓名", "职务", "要求节数", "已听节数", "差额", "是否达标"]
    w = SheetWriter(wb.create_sheet("听课统计"), f"{head}教师听课统计表", headers)
    for i, r in enumerate(stats.observations, start=1):
        w.append([i, r.name, r.role, r.required, r.done, max(0, r.required - r.done), r.result])
    obs = stats.observations
    if obs:  # the figures the summary quotes (共听课 N 节) are in the workbook too
        w.append(["", "合计", "", sum(r.required for r in obs), sum(r.done for r in obs),
                  sum(max(0, r.required - r.done) for r in obs), f"达标 {sum(r.reached for r in obs)} 人"])
    w.finish()


def _composition_sheet(wb: Workbook, stats: TermStats, head: str) -> None:
    c = stats.composition
    w = SheetWriter(wb.create_sheet("教师结构"), f"{head}教师队伍结构统计表", ["项目", "类别", "人数", "占比"],
                    [None, None, None, WHOLE_PERCENT], [10, 22])
    w.append(["教师总数", "在职教师", c.total, 1 if c.total else None])
    w.append(["平均年龄", f"{c.as_of.year}年{c.as_of.month}月{c.as_of.day}日", c.average_age, None],
             [None, None, "0.0", None])
    for section, s in c.rows():
        w.append([section, s.label, s.count, s.count / c.total if c.total else None])
    w.finish()


def _activities_sheet(wb: Workbook, stats: TermStats, head: str) -> None:
    headers = ["序号", "日期", "活动类型", "主题", "组织小组", "主持人", "主讲人", "地点", "学时", "学时类别",
               "状态", "应到", "实到", "出勤率", "活动记录"]
    fmts = [None] * 8 + ["0.0"] + [None] * 4 + [PERCENT_FORMAT, None]
    w = SheetWriter(wb.create_sheet("研修活动一览"), f"{head}校本研修活动一览表", headers, fmts)
    for i, a in enumerate(stats.activities, start=1):
        w.append([i, a.date, a.kind, a.theme, a.group, a.host, a.presenter, a.place, a.hours, a.category,
                  a.status, a.expected, a.present, a.rate, "有" if a.has_record else "无"])
    w.finish()


def _months_sheet(wb: Workbook, stats: TermStats, head: str) -> None:
    """Activities per group and month, on a sheet of its own: below the activity list it shared column A
    (序号) with the group names, and the list printed at half size to fit the page."""
    w = SheetWriter(wb.create_sheet("每月研修活动"), f"{head}各小组每月研修活动次数", ["小组", *stats.months, "合计"])
    for r in stats.activities_by_month:
        w.append([r.name, *r.counts, r.total])
    if stats.activities_by_month:
        w.append(["合计", *(sum(c) for c in zip(*(r.counts for r in stats.activities_by_month), strict=True)),
                  sum(r.total for r in stats.activities_by_month)])
    w.finish()


def _achievement_sheet(wb: Workbook, stats: TermStats, head: str) -> None:
    headers = ["成果类别", *LEVELS, "未定级", "合计"]
    w = SheetWriter(wb.create_sheet("成果统计"), f"{head}教师研修成果统计表", headers, min_widths=[14])
    for r in stats.achievements:
        w.append([r.kind, *r.by_level, r.other, r.total])
    if stats.achievements:
        cols = list(zip(*(r.by_level for r in stats.achievements), strict=True))
        w.append(["合计", *(sum(c) for c in cols), sum(r.other for r in stats.achievements),
                  sum(r.total for r in stats.achievements)])
    if stats.achievement_items:
        w.blank()
        w.header(["序号", "姓名", "类别", "题目", "日期", "级别", "等次", "发表/颁发单位"])
        for i, it in enumerate(stats.achievement_items, start=1):
            w.append([i, it.name, it.kind, it.title, it.date, it.level, it.rank, it.issuer])
    if stats.open_lessons_by_subject:
        w.blank()
        w.header(["公开课学科", "节数"])
        for x in stats.open_lessons_by_subject:
            w.append([x.label, x.count])
    if stats.sent_out:
        w.blank()
        w.header(["外出学习教师", "次数"])
        for x in stats.sent_out:
            w.append([x.label, x.count])
    w.finish()


def _bands_sheet(wb: Workbook, stats: TermStats, head: str) -> None:
    w = SheetWriter(wb.create_sheet("学时分段"), f"{head}教师培训学时分段统计表", ["学时分段", "人数", "占比"],
                    [None, None, WHOLE_PERCENT], [16])
    n = len(stats.hours)
    for s in stats.hours_bands:
        w.append([s.label, s.count, s.count / n if n else None])
    w.append(["合计", n, 1 if n else None])
    w.finish()


def _assessment_sheet(wb: Workbook, stats: TermStats, head: str) -> None:
    headers = ["名次", "姓名", "教研组", "学时得分", "出勤得分", "听课得分", "档案得分", "总分", "考核结果",
               "先进个人候选"]
    fmts = [None, None, None, "0.0", "0.0", "0.0", "0.0", "0.0", None, None]
    w = SheetWriter(wb.create_sheet("量化考核"), f"{head}教师校本研修量化考核表", headers, fmts)
    for r in stats.assessment:
        w.append([r.rank, r.name, r.group, r.hours_score, r.attendance_score, r.observation_score,
                  r.portfolio_score, r.score, r.result, "是" if r.candidate else ""])
    w.finish()
