"""Roster cells as schools type them → the values domain.roster stores.

Each cleaner takes a raw cell value and returns ``Cleaned(value, errors, warnings)``. An empty cell gives
``value=None`` ("not given": an import never erases what the database already knows). Range checks that
the GUI's teacher form also needs stay in ``domain.roster.validate_fields``; this module only reads the
many spellings found in real rosters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from yanxiu_desktop.domain.names import normalize_name
from yanxiu_desktop.domain.policy import ROLES
from yanxiu_desktop.domain.roster import EDUCATIONS, GENDERS, LEVELS, STAGES, TITLE_LEVEL
from yanxiu_desktop.excel.reader import cell_date, cell_text

# field → header names seen on real rosters, preferred first.
SYNONYMS: dict[str, list[str]] = {
    "name": ["姓名", "教师姓名", "教职工姓名", "职工姓名", "名字"],
    "gender": ["性别"],
    "birth_date": ["出生年月", "出生日期", "出生年月日", "出生时间", "生日"],
    "subject": ["任教学科", "学科", "任教科目", "所教学科", "任课学科", "科目"],
    "stage": ["学段", "任教学段"],
    "title": ["职称", "专业技术职务", "专业技术职称", "现任专业技术职务", "职称级别"],
    "education": ["学历", "最高学历", "现学历"],
    "hire_date": ["参加工作时间", "参加工作年月", "工作时间", "参加工作日期", "参工时间"],
    "role": ["职务", "岗位", "行政职务", "现任职务", "角色"],
    "head_teacher": ["是否班主任", "班主任"],
    "honours": ["荣誉", "荣誉称号", "获得荣誉", "称号"],
    "staff_no": ["工号", "编号", "教师编号", "职工号", "工作证号"],
    "id_number": ["身份证号", "身份证号码", "身份证", "公民身份号码"],
    "phone": ["联系电话", "手机", "手机号", "手机号码", "电话", "联系方式"],
    "note": ["备注"],
}

LABELS: dict[str, str] = {
    "name": "姓名", "gender": "性别", "birth_date": "出生日期", "subject": "任教学科", "stage": "学段",
    "title": "职称", "education": "学历", "hire_date": "参加工作时间", "role": "角色", "head_teacher": "班主任",
    "staff_no": "工号", "id_number": "身份证号", "phone": "联系电话", "honours": "荣誉", "note": "备注",
}
FIELDS = tuple(LABELS)


@dataclass
class Cleaned:
    value: Any = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _text(raw: Any) -> str:
    return cell_text(raw)


def clean_name(raw: Any) -> Cleaned:
    name = normalize_name(_text(raw))
    return Cleaned(name or None)


def clean_gender(raw: Any) -> Cleaned:
    text = _text(raw).upper()
    if not text:
        return Cleaned()
    value = {"男性": "男", "女性": "女", "M": "男", "F": "女"}.get(text, text)
    if value not in GENDERS:
        return Cleaned(errors=[f"性别应为 男 或 女，不是「{_text(raw)}」"])
    return Cleaned(value)


def clean_date(raw: Any) -> Cleaned:
    text = _text(raw)
    if not text:
        return Cleaned()
    value, warning = cell_date(raw)
    if value is None:
        return Cleaned(errors=[f"「{text}」不是有效日期（可写成 1985-03-01、1985.03 或 1985年3月）"])
    return Cleaned(value, warnings=[warning] if warning else [])


_ROLE_ALIASES = {
    "校长": "校级领导", "副校长": "校级领导", "书记": "校级领导", "副书记": "校级领导", "党支部书记": "校级领导",
    "园长": "校级领导", "副园长": "校级领导", "执行校长": "校级领导", "校级干部": "校级领导",
    "中层干部": "中层", "年级组长": "中层", "校长助理": "中层", "大队辅导员": "中层",
    "专任教师": "教师", "任课教师": "教师", "老师": "教师", "班主任": "教师", "无": "教师",
}


def _one_role(text: str) -> str | None:
    if text in ROLES:
        return text
    if text in _ROLE_ALIASES:
        return _ROLE_ALIASES[text]
    for suffix in ("教研组长", "备课组长"):
        if text.endswith(suffix):
            return suffix
    if text.endswith(("校长", "书记")):
        return "校级领导"
    if text.endswith(("主任", "处长")):
        return "中层"
    if text.endswith("教师"):
        return "教师"
    return None


def clean_role(raw: Any) -> Cleaned:
    """职务 "副校长、语文教研组长" → 校级领导: several duties keep the highest role."""
    text = _text(raw)
    if not text or text in ("/", "-", "—"):
        return Cleaned()
    parts = [p for p in re.split(r"[、，,/；;\s]+", text) if p]
    found = [r for r in (_one_role(p) for p in parts) if r]
    if not found:
        return Cleaned(errors=[f"职务「{text}」无法对应到角色（{'、'.join(ROLES)}）"])
    best = min(found, key=ROLES.index)
    unknown = [p for p in parts if _one_role(p) is None]
    warnings = [f"职务中的「{'、'.join(unknown)}」未识别，按「{best}」导入"] if unknown else []
    return Cleaned(best, warnings=warnings)


_YES = {"是", "√", "✓", "✔", "Y", "YES", "1", "班主任", "TRUE", "有", "担任"}
_NO = {"否", "×", "✗", "N", "NO", "0", "无", "/", "-", "—", "不是", "FALSE", "非"}


def clean_head_teacher(raw: Any) -> Cleaned:
    if isinstance(raw, bool):
        return Cleaned(raw)
    text = _text(raw).upper()
    if not text:
        return Cleaned()
    if text in _YES or "班" in text:  # "三(2)班" names the class taught
        return Cleaned(True)
    if text in _NO:
        return Cleaned(False)
    return Cleaned(errors=[f"应填 是 或 否，不是「{_text(raw)}」"])


_EDUCATION_ALIASES = {
    "大学本科": "本科", "本科学历": "本科", "大本": "本科", "大专": "专科", "大学专科": "专科",
    "硕士": "研究生", "硕士研究生": "研究生", "博士": "研究生", "博士研究生": "研究生", "在职研究生": "研究生",
    "中师": "中专", "中等师范": "中专", "高中及以下": "高中",
}
_STAGE_ALIASES = {"幼儿": "幼儿园", "学前": "幼儿园", "小学部": "小学", "初中部": "初中", "中学": "初中",
                  "高中部": "高中", "九年一贯": "九年一贯制"}
_TITLE_ALIASES = {
    "中小学正高级教师": "正高级教师", "中小学高级教师": "高级教师", "中小学一级教师": "一级教师",
    "中小学二级教师": "二级教师", "中小学三级教师": "三级教师", "未评": "未定级", "无": "未定级",
    "见习": "未定级", "见习期": "未定级",
}


def _vocabulary(known: tuple[str, ...] | dict[str, str], aliases: dict[str, str], what: str
                ) -> Callable[[Any], Cleaned]:
    def clean(raw: Any) -> Cleaned:
        text = "".join(_text(raw).split())
        if not text:
            return Cleaned()
        value = aliases.get(text, text)
        if value not in known:
            return Cleaned(value, warnings=[f"{what}「{text}」不在常用列表中，按原样导入"])
        return Cleaned(value)

    return clean


clean_education = _vocabulary(EDUCATIONS, _EDUCATION_ALIASES, "学历")
clean_stage = _vocabulary(STAGES, _STAGE_ALIASES, "学段")
clean_title = _vocabulary(TITLE_LEVEL, _TITLE_ALIASES, "职称")


def clean_plain(raw: Any) -> Cleaned:
    return Cleaned(_text(raw) or None)


def clean_phone(raw: Any) -> Cleaned:
    text = re.sub(r"[\s\-—]", "", _text(raw))
    return Cleaned(text or None)


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check_digit(first17: str) -> str:
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def clean_id_number(raw: Any) -> Cleaned:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        # Excel keeps 15 significant digits: an 18-digit number has already lost its tail.
        return Cleaned(warnings=["身份证号被存成了数字，末几位可能已丢失，本项未导入；请把该列设为“文本”格式后重新填写"])
    text = "".join(_text(raw).split()).upper()
    if not text:
        return Cleaned()
    if not re.fullmatch(r"\d{17}[\dX]|\d{15}", text):
        return Cleaned(errors=[f"身份证号「{text}」应为 18 位（最后一位可以是 X）"])
    warnings = []
    if len(text) == 18 and id_check_digit(text[:17]) != text[17]:
        warnings.append("身份证号校验位不符，请核对")
    return Cleaned(text, warnings=warnings)


_LEVEL_PREFIX = re.compile(r"^(?:(\d{4})\s*年?\s*)?(" + "|".join(
    sorted([*LEVELS, "乡镇", "县", "区级", "区", "市", "省", "国家"], key=len, reverse=True)) + r")?")


def _level(word: str) -> str:
    if not word:
        return ""
    word = {"区级": "县级", "区": "县级", "乡镇": "乡镇级"}.get(word, word)
    return word if word.endswith("级") else word + "级"


def clean_honours(raw: Any) -> Cleaned:
    """"2019年县级骨干教师、市教坛新秀" → [{name: 骨干教师, level: 县级, year: 2019}, …]."""
    text = _text(raw)
    if not text or text in ("无", "/", "-", "—"):
        return Cleaned()
    honours = []
    for part in (p for p in re.split(r"[、，,;；/\s]+", text) if p):
        m = _LEVEL_PREFIX.match(part)
        year = int(m.group(1)) if m and m.group(1) else None
        name = part[m.end():] if m else part
        if not name:
            return Cleaned(errors=[f"荣誉「{part}」缺少名称"])
        honours.append({"name": name, "level": _level(m.group(2) if m else ""), "year": year})
    return Cleaned(honours)


CLEANERS: dict[str, Callable[[Any], Cleaned]] = {
    "name": clean_name, "gender": clean_gender, "birth_date": clean_date, "subject": clean_plain,
    "stage": clean_stage, "title": clean_title, "education": clean_education, "hire_date": clean_date,
    "role": clean_role, "head_teacher": clean_head_teacher, "staff_no": clean_plain,
    "id_number": clean_id_number, "phone": clean_phone, "honours": clean_honours, "note": clean_plain,
}
