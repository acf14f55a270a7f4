"""Import an existing term plan (研修活动安排表) from Excel: preview, row errors, all or nothing.

One row per activity; columns are found by header name (日期, 时间 "15:30-17:00", 主题/活动主题, 类型/形式,
地点, 主持人, 主讲人, 参加对象/组织 — a group name or 全体教师, 学时, 学时类别; optional columns may be absent).
Month heading rows (九月份) and 合计/填表人 lines are skipped. Dates may be typed without a year
("9月10日", "9.10"): the year is the one that puts the date inside the term. ``preview_plan`` writes nothing;
``domain.imports.commit_plan`` stores a preview.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yanxiu_desktop.domain import activities as acts
from yanxiu_desktop.domain import groups as groups_mod
from yanxiu_desktop.domain import roster, semesters
from yanxiu_desktop.domain.dates import parse_month_day, parse_time, parse_time_range
from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.domain.policy import load_policy
from yanxiu_desktop.excel.reader import cell_date, cell_text, data_rows, find_header, read_workbook
from yanxiu_desktop.store.models import Activity, Semester

SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": ("日期", "活动日期", "研修日期"),
    "time": ("时间", "活动时间", "起止时间", "具体时间"),
    "theme": ("主题", "活动主题", "内容（主题）", "内容(主题)", "内容", "活动内容", "研修内容", "研修主题"),
    "kind": ("形式", "类型", "活动形式", "活动类型", "研修形式"),
    "place": ("地点", "活动地点"),
    "host": ("主持人", "主持"),
    "presenter": ("主讲人", "中心发言人", "主讲", "执教", "执教人"),
    "audience": ("参加对象", "参加人员", "组织", "组织小组", "对象", "参与对象"),
    "hours": ("学时", "学时数"),
    "category": ("学时类别", "类别"),
}
LABELS = {"date": "日期", "time": "时间", "theme": "主题", "kind": "形式", "place": "地点", "host": "主持人",
          "presenter": "主讲人", "audience": "参加对象", "hours": "学时", "category": "学时类别"}
KIND_HINTS = (("讲座", "专题讲座"), ("报告", "专题讲座"), ("备课", "集体备课"), ("听课", "听评课"),
              ("评课", "听评课"), ("读书", "读书交流"), ("课题", "课题研究"), ("师德", "师德教育"),
              ("信息技术", "信息技术培训"), ("基本功", "基本功训练"), ("学习汇报", "外出学习汇报"),
              ("异构", "同课异构"), ("案例", "案例分析"), ("经验", "经验交流"), ("学习", "理论学习"))
WHOLE_STAFF = ("全体教师", "全校", "全体", "全校教师", "全体老师")
_MONTH_HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}月份?$")


@dataclass
class PlanRow:
    sheet: str
    row: int
    shown: dict[str, str]  # the cells as the file has them, for the preview
    fields: dict[str, Any] = field(default_factory=dict)  # create_activity keyword arguments
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    duplicate: bool = False  # the same activity is already in the term: skipped

    @property
    def status(self) -> str:
        return "错误" if self.errors else "已存在" if self.duplicate else "警告" if self.warnings else "新增"


@dataclass
class PlanPreview:
    path: Path
    columns: list[str]  # fields found, in SYNONYMS order
    rows: list[PlanRow]
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return [e for r in self.rows for e in r.errors]

    def to_create(self) -> list[PlanRow]:
        return [r for r in self.rows if not r.errors and not r.duplicate]


def _date(value: Any, sem: Semester) -> dt.date | None:
    if isinstance(value, str):
        d = parse_month_day(value, sem.start_date, semesters.end_date(sem))
        if d is not None:
            return d
    d, _warning = cell_date(value)
    return d


def _kind(text: str) -> tuple[str, str]:
    if text in acts.ACTIVITY_KINDS:
        return text, ""
    for word, kind in KIND_HINTS:
        if word in text:
            return kind, f"形式「{text}」按“{kind}”导入"
    return "其他", f"形式「{text}」不在常用形式中，按“其他”导入" if text else ""


def _person(text: str, what: str, row: PlanRow) -> tuple[int | None, str]:
    if not text:
        return None, ""
    found = roster.find_by_name(text)
    if len(found) == 1:
        return found[0].id, ""
    if len(found) > 1:
        row.warnings.append(f"第 {row.row} 行{what}「{text}」有同名教师，按姓名保存（请在软件中核对）")
    return None, text


def _clean(sem: Semester, sheet: str, number: int, values: dict[str, Any], headers: dict[str, str],
           groups: dict[str, int], policy_categories: list[str]) -> PlanRow | None:
    # Text is kept as typed: cell_text folds full-width punctuation, which would alter 《》（）： in themes.
    shown = {k: (" ".join(v.split()) if isinstance(v, str) else cell_text(v)) for k, v in values.items()}
    texts = [t for t in shown.values() if t]
    if len(texts) == 1 and _MONTH_HEADING.match(texts[0]):
        return None  # 九月份 heading
    row = PlanRow(sheet, number, shown)
    where = f"第 {number} 行"

    def bad(key: str, message: str) -> None:
        row.errors.append(f"{where}「{headers.get(key, LABELS[key])}」：{message}")

    f: dict[str, Any] = {}
    d = _date(values.get("date"), sem)
    if d is None:
        bad("date", f"日期「{shown.get('date', '')}」无法识别或不在本学期内" if shown.get("date") else "没有填写日期")
    f["date"] = d
    t = shown.get("time", "")
    if t:
        rng = parse_time_range(t)
        single = parse_time(t) if rng is None else None
        if rng is None and single is None:
            bad("time", f"时间「{t}」无法识别，请写成 15:30-17:00")
        f["start_time"], f["end_time"] = rng or (single or "", "")
    f["theme"] = shown.get("theme", "")
    kind, note = _kind(shown.get("kind", ""))
    f["kind"] = kind
    if note:
        row.warnings.append(f"{where}{note}")
    f["place"] = shown.get("place", "")
    f["host_id"], f["host_name"] = _person(shown.get("host", ""), "主持人", row)
    f["presenter_id"], f["presenter_name"] = _person(shown.get("presenter", ""), "主讲人", row)
    audience = "".join(shown.get("audience", "").split())
    if audience and audience not in WHOLE_STAFF:
        name = audience.removesuffix("全体成员").removesuffix("成员").removesuffix("全体教师")
        if name in groups:
            f["group_id"] = groups[name]
        else:
            bad("audience", f"「{audience}」不是本学期的小组名称，也不是“全体教师”")
    hours = values.get("hours")
    if cell_text(hours):
        try:
            f["hours"] = float(cell_text(hours))
        except ValueError:
            bad("hours", f"学时「{cell_text(hours)}」不是数字")
    cat = shown.get("category", "")
    if cat:
        if policy_categories and cat not in policy_categories:
            bad("category", f"学时类别「{cat}」不在制度规定的类别（{'、'.join(policy_categories)}）之中")
        f["hours_category"] = cat
    row.fields = f
    if not row.errors:
        try:
            acts.prepare(sem, dict(f))
        except ValidationError as exc:
            row.errors.extend(f"{where}：{p}" for p in exc.problems)
    return row


def preview_plan(path: str | Path, sem: Semester) -> PlanPreview:
    """Read and check every row; nothing is written."""
    path = Path(path)
    groups = {g.name: g.id for g in groups_mod.list_groups(sem)}
    categories = load_policy().category_names()
    rows: list[PlanRow] = []
    found: list[str] = []
    notes: list[str] = []
    for sheet in read_workbook(path):
        header = find_header(sheet.rows, SYNONYMS, required=("date", "theme"))
        if header is None:
            if sheet.rows:
                notes.append(f"工作表「{sheet.name}」没有找到“日期”和“主题”列，已跳过")
            continue
        for k in SYNONYMS:
            if k in header.columns and k not in found:
                found.append(k)
        for rec in data_rows(sheet, header):
            r = _clean(sem, sheet.name, rec.number, rec.values, header.headers, groups, categories)
            if r is not None:
                rows.append(r)
    if not rows and not notes:
        notes.append("文件中没有找到活动安排（需要“日期”和“主题”两列）")
    existing = {(a.date, a.start_time, a.theme) for a in Activity.select().where(Activity.semester == sem)}
    seen: dict[tuple, PlanRow] = {}
    for r in rows:
        if r.errors:
            continue
        key = (r.fields["date"], r.fields.get("start_time", ""), r.fields["theme"])
        if key in existing:
            r.duplicate = True
        elif key in seen:  # a row copied twice in the file would become two identical activities
            first = seen[key]
            where = f"{first.sheet} " if first.sheet != r.sheet else ""
            r.errors.append(f"第 {r.row} 行：与{where}第 {first.row} 行是同一项活动（日期、时间、主题都相同），"
                            "请删去重复的一行")
        else:
            seen[key] = r
    return PlanPreview(path, [k for k in SYNONYMS if k in found], rows, notes)
