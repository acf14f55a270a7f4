"""教师结构: the staff composition a 工作总结 quotes (seed 004).

Seed 004 words it as "35周岁以下 35人 约占58%，35周岁至50周岁以下 23人 约占38%，50岁以上 2人 约占3%", so the
bands are, in full years (周岁) on the reference date:

* ``35岁以下``  — age < 35
* ``35—50岁``   — 35 ≤ age < 50 (35周岁至50周岁以下)
* ``50岁以上``  — age ≥ 50

Percentages are of the teachers counted, rounded half up to whole percent as schools print them
(35/60 → 58%, 23/60 → 38%, 2/60 → 3%; they need not add up to 100). Teachers with no birth date are
counted in ``未填出生日期`` and left out of the average age.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from yanxiu_desktop.domain.roster import StaffRow
    from yanxiu_desktop.store.models import Teacher

AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("35岁以下", 0, 35),  # [lower, upper): upper None = open
    ("35—50岁", 35, 50),
    ("50岁以上", 50, None),
)
NO_BIRTH_DATE = "未填出生日期"
EDUCATION_ORDER = ("研究生", "本科", "专科", "中专", "高中", "其他")
# 中小学教师职称 and its level; the older 小学/中学 names map onto the same levels.
TITLE_LEVELS = {
    "正高级教师": "正高级", "高级教师": "副高级", "中学高级教师": "副高级", "一级教师": "中级",
    "小学高级教师": "中级", "中学一级教师": "中级", "二级教师": "初级", "三级教师": "初级",
    "小学一级教师": "初级", "小学二级教师": "初级", "中学二级教师": "初级", "中学三级教师": "初级",
}
TITLE_LEVEL_ORDER = ("正高级", "副高级", "中级", "初级", "未定级")


def percent(part: float, whole: float) -> int:
    """Whole percent, half up (58.33 → 58, 12.5 → 13); 0 when there is nothing to divide by."""
    if not whole:
        return 0
    return int((Decimal(str(part)) * 100 / Decimal(str(whole))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def rate(part: float, whole: float) -> float | None:
    """A ratio rounded to four places (0.9583), or None when undefined."""
    return round(part / whole, 4) if whole else None


@dataclass(frozen=True)
class Share:
    label: str
    count: int
    percent: int

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "count": self.count, "percent": self.percent}


@dataclass(slots=True)  # not frozen: built per teacher on every statistics refresh, frozen costs 3×
class StaffMember:
    """What composition needs about one teacher (plain data, so it is testable without a database)."""

    teacher_id: int
    name: str
    birth_date: dt.date | None
    education: str = ""
    title: str = ""
    head_teacher: bool = False
    honours: tuple[str, ...] = ()  # "县级骨干教师" (level + name)
    gender: str = ""


@dataclass
class Composition:
    total: int
    as_of: dt.date
    average_age: float | None
    age_bands: list[Share] = field(default_factory=list)
    education: list[Share] = field(default_factory=list)
    titles: list[Share] = field(default_factory=list)
    title_levels: list[Share] = field(default_factory=list)
    honours: list[Share] = field(default_factory=list)
    honoured: Share | None = None  # teachers holding any honour
    head_teachers: Share | None = None
    gender: list[Share] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total, "as_of": self.as_of.isoformat(), "average_age": self.average_age,
            "age_bands": [s.to_json() for s in self.age_bands],
            "education": [s.to_json() for s in self.education],
            "titles": [s.to_json() for s in self.titles],
            "title_levels": [s.to_json() for s in self.title_levels],
            "honours": [s.to_json() for s in self.honours],
            "honoured": self.honoured.to_json() if self.honoured else None,
            "head_teachers": self.head_teachers.to_json() if self.head_teachers else None,
            "gender": [s.to_json() for s in self.gender],
        }

    def rows(self) -> list[tuple[str, Share]]:
        """(section, share) pairs in print order: one table for the tab, the workbook and the PDF."""
        out: list[tuple[str, Share]] = [("年龄", s) for s in self.age_bands]
        out += [("学历", s) for s in self.education]
        out += [("职称", s) for s in self.titles]
        out += [("职称级别", s) for s in self.title_levels]
        out += [("荣誉", s) for s in self.honours]
        if self.honoured:
            out.append(("荣誉", self.honoured))
        if self.head_teachers:
            out.append(("班主任", self.head_teachers))
        out += [("性别", s) for s in self.gender]
        return out


def age_on(birth: dt.date, day: dt.date) -> int:
    """周岁 on *day*."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_band(age: int) -> str:
    for label, lo, hi in AGE_BANDS:
        if age >= lo and (hi is None or age < hi):
            return label
    return AGE_BANDS[0][0]


def band_counts(counts: Sequence[tuple[str, int]], total: int | None = None) -> list[Share]:
    """Shares from counts; *total* defaults to their sum (the seed's 60 teachers)."""
    whole = sum(n for _, n in counts) if total is None else total
    return [Share(label, n, percent(n, whole)) for label, n in counts]


def _ordered(counter: Counter[str], order: Sequence[str], total: int) -> list[Share]:
    known = [k for k in order if counter.get(k)]
    rest = sorted((k for k in counter if k not in order), key=lambda k: (-counter[k], k))
    return [Share(k, counter[k], percent(counter[k], total)) for k in (*known, *rest)]


def compose(staff: Iterable[StaffMember], as_of: dt.date) -> Composition:
    """Every composition figure from plain data."""
    staff = list(staff)
    total = len(staff)
    ages = [age_on(s.birth_date, as_of) for s in staff if s.birth_date is not None]
    bands = Counter(age_band(a) for a in ages)
    age_rows = [(label, bands.get(label, 0)) for label, _, _ in AGE_BANDS]
    if len(ages) < total:
        age_rows.append((NO_BIRTH_DATE, total - len(ages)))
    comp = Composition(total=total, as_of=as_of,
                       average_age=round(sum(ages) / len(ages), 1) if ages else None,
                       age_bands=band_counts(age_rows, total))
    comp.education = _ordered(Counter(s.education or "未填" for s in staff), EDUCATION_ORDER, total)
    comp.titles = _ordered(Counter(s.title or "未填" for s in staff), tuple(TITLE_LEVELS), total)
    comp.title_levels = _ordered(Counter(TITLE_LEVELS.get(s.title, "未定级") for s in staff),
                                 TITLE_LEVEL_ORDER, total)
    honour_counts: Counter[str] = Counter()
    for s in staff:
        honour_counts.update(set(s.honours))  # a teacher is counted once per honour
    comp.honours = _ordered(honour_counts, (), total)
    honoured = sum(1 for s in staff if s.honours)
    comp.honoured = Share("获荣誉称号教师", honoured, percent(honoured, total))
    heads = sum(1 for s in staff if s.head_teacher)
    comp.head_teachers = Share("班主任", heads, percent(heads, total))
    comp.gender = _ordered(Counter(s.gender or "未填" for s in staff), ("女", "男"), total)
    return comp


def staff_members(teachers: Iterable[Teacher | StaffRow] | None = None) -> list[StaffMember]:
    """*teachers* (default: the school's active teachers; ``roster.staff_rows`` will do) as plain data,
    with their honours in one query."""
    from yanxiu_desktop.domain.roster import honour_names, list_teachers

    teachers = list(teachers) if teachers is not None else list_teachers()
    honours = honour_names([t.id for t in teachers])
    return [StaffMember(t.id, t.name, t.birth_date, t.education, t.title, bool(t.head_teacher),
                        tuple(honours.get(t.id, ())), t.gender) for t in teachers]
