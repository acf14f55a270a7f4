"""Teachers (花名册): add, edit, retire — never hard-deleted — and find by pinyin."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any, NamedTuple

from yanxiu_desktop.domain import planned_lists
from yanxiu_desktop.domain.dates import stored_date
from yanxiu_desktop.domain.errors import NotFound, ValidationError
from yanxiu_desktop.domain.guards import require_reason
from yanxiu_desktop.domain.names import matches, normalize_name, pinyin_of, sort_key
from yanxiu_desktop.domain.policy import ROLES
from yanxiu_desktop.domain.school import MAIN_SCHOOL_ID_SQL, current_school
from yanxiu_desktop.store import audit
from yanxiu_desktop.store.db import database, transaction
from yanxiu_desktop.store.models import Honour, Teacher

GENDERS = ("男", "女")
STAGES = ("幼儿园", "小学", "初中", "高中", "九年一贯制")
EDUCATIONS = ("研究生", "本科", "专科", "中专", "高中", "其他")
TITLES = ("正高级教师", "高级教师", "一级教师", "二级教师", "三级教师", "未定级")
# Older title names still appear on rosters; they map onto the current ladder for statistics.
TITLE_LEVEL = {
    "正高级教师": "正高级", "高级教师": "副高级", "中学高级教师": "副高级", "小学高级教师": "中级",
    "一级教师": "中级", "中学一级教师": "中级", "小学一级教师": "初级", "二级教师": "初级",
    "中学二级教师": "初级", "三级教师": "员级", "未定级": "未定级",
}
STATUSES = ("在职", "调出", "退休")
HONOURS = ("学科带头人", "骨干教师", "教坛新秀", "教学能手", "优秀教师", "优秀班主任")
LEVELS = ("校级", "乡镇级", "县级", "市级", "省级", "国家级")

EDITABLE = ("name", "gender", "birth_date", "subject", "stage", "title", "education", "hire_date", "role",
            "head_teacher", "staff_no", "id_number", "phone", "note")
AUDITED = ("name", "role", "status", "hire_date")


def mask_id_number(value: str) -> str:
    """Show an ID number as 4101********1234 so a screen share does not leak it."""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def validate_fields(data: dict[str, Any]) -> list[str]:
    """Field problems in Chinese, each naming the field."""
    problems: list[str] = []
    if "name" in data:
        name = normalize_name(data["name"] or "")
        if not name:
            problems.append("姓名不能为空")
        elif len(name) > 20:
            problems.append(f"姓名「{name}」太长")
    if data.get("gender") and data["gender"] not in GENDERS:
        problems.append(f"性别应为 男 或 女，不是「{data['gender']}」")
    if data.get("role") and data["role"] not in ROLES:
        problems.append(f"角色「{data['role']}」不在 {'、'.join(ROLES)} 之中")
    today = dt.date.today()
    bd, hd = data.get("birth_date"), data.get("hire_date")
    if bd is not None and not (dt.date(1940, 1, 1) <= bd <= today):
        problems.append(f"出生日期 {bd} 不合理")
    if hd is not None and hd > today + dt.timedelta(days=366):
        problems.append(f"参加工作时间 {hd} 在将来")
    if bd is not None and hd is not None and hd < bd:
        problems.append("参加工作时间早于出生日期")
    return problems


def apply_fields(t: Teacher, data: dict[str, Any]) -> None:
    """Copy editable fields onto *t*, normalising the name and recomputing pinyin (not saved)."""
    for key in EDITABLE:
        if key in data:
            value = data[key]
            if key == "name":
                value = normalize_name(value)
            elif isinstance(value, str):
                value = value.strip()
            setattr(t, key, value)
    t.pinyin, t.initials = pinyin_of(t.name)


def add_teacher(**data: Any) -> Teacher:
    if "name" not in data:
        data["name"] = ""
    problems = validate_fields(data)
    if problems:
        raise ValidationError(problems)
    honours = data.pop("honours", None) or []
    with transaction():
        t = Teacher(school=current_school())
        apply_fields(t, data)
        t.save()
        _replace_honours(t, honours)
        planned_lists.join_school([t.id], dt.date.today())  # on the 签到表 of the 全校 meetings to come
    return t


def update_teacher(teacher_id: int, reason: str = "", honours: list[dict[str, Any]] | None = None,
                   **data: Any) -> Teacher:
    """Edit fields (and, when given, replace the honours) in one transaction."""
    t = get_teacher(teacher_id)
    problems = validate_fields(data)
    if problems:
        raise ValidationError(problems)
    with transaction():
        if honours is not None:
            _replace_honours(t, honours)
        before = {k: getattr(t, k) for k in AUDITED}
        apply_fields(t, data)
        t.updated_at = dt.datetime.now().replace(microsecond=0)
        t.save()
        for k in AUDITED:
            if before[k] != getattr(t, k):
                audit.record("teacher", t.id, k, before[k], getattr(t, k), reason)
    return t


def set_status(teacher_id: int, status: str, when: dt.date | None = None, reason: str = "") -> Teacher:
    """调出/退休/在职 again. The row stays: past attendance and hours still name the teacher.

    Leaving (调出/退休) also takes the teacher off the expected list of every 计划 activity dated on or
    after *when* in an open term, in the same transaction, one audit entry per activity, so they are not
    printed on a future 签到表 nor counted absent. Activities already 已完成, earlier ones, those of a
    closed term and those where the teacher's attendance was already entered are left as they are.
    Reinstating (在职 again) puts the teacher on the whole-school activities still to come, as a new teacher
    (``planned_lists``); group activities follow group membership, which staff set again on the 小组 page.
    """
    if status not in STATUSES:
        raise ValidationError(f"状态应为 {'、'.join(STATUSES)} 之一")
    t = get_teacher(teacher_id)
    if t.status == status:
        return t
    if status != "在职":  # where to, or why: the roster's own history
        reason = require_reason(reason, f"{t.name}{status}须填写原因（例如：调往县城中学、到龄退休）")
    day = when or dt.date.today()
    with transaction():
        audit.record("teacher", t.id, "status", t.status, status, reason)
        t.status = status
        t.status_date = day
        t.updated_at = dt.datetime.now().replace(microsecond=0)
        t.save()
        if status != "在职":
            planned_lists.leave_everything(t.id, day, reason or f"教师{status}")
        else:
            planned_lists.join_school([t.id], day, reason or "恢复在职")
    return t


def set_honours(teacher_id: int, honours: list[dict[str, Any]]) -> None:
    t = get_teacher(teacher_id)
    with transaction():
        _replace_honours(t, honours)


def _replace_honours(t: Teacher, honours: list[dict[str, Any]]) -> None:
    Honour.delete().where(Honour.teacher == t).execute()
    for h in honours:
        if not h.get("name"):
            raise ValidationError("荣誉名称不能为空")
        Honour.create(teacher=t, name=h["name"], level=h.get("level", ""), year=h.get("year"))


def get_teacher(teacher_id: int) -> Teacher:
    t = Teacher.get_or_none(Teacher.id == teacher_id)
    if t is None:
        raise NotFound(f"没有编号为 {teacher_id} 的教师")
    return t


def list_teachers(search: str = "", include_inactive: bool = False) -> list[Teacher]:
    """Sorted by pinyin; *search* matches Chinese, full pinyin or initials."""
    q = Teacher.select().where(Teacher.school == current_school())
    if not include_inactive:
        q = q.where(Teacher.status == "在职")
    rows = [t for t in q if matches(search, t.name, t.pinyin, t.initials)]
    rows.sort(key=lambda t: sort_key(t.pinyin, t.name))
    return rows


def find_by_name(name: str, include_inactive: bool = False) -> list[Teacher]:
    name = normalize_name(name)
    q = Teacher.select().where((Teacher.school == current_school()) & (Teacher.name == name))
    if not include_inactive:
        q = q.where(Teacher.status == "在职")
    return list(q)


def age_on(t: Teacher, day: dt.date) -> int | None:
    bd = t.birth_date
    if bd is None:
        return None
    return day.year - bd.year - ((day.month, day.day) < (bd.month, bd.day))


def years_of_service(t: Teacher, day: dt.date) -> int | None:
    if t.hire_date is None:
        return None
    hd = t.hire_date
    return day.year - hd.year - ((day.month, day.day) < (hd.month, hd.day))


@dataclass(frozen=True)
class TeacherRow:
    """Plain data for tables, the CLI and exports."""

    id: int
    name: str
    pinyin: str
    initials: str
    gender: str
    birth_date: dt.date | None
    subject: str
    stage: str
    title: str
    education: str
    hire_date: dt.date | None
    role: str
    head_teacher: bool
    staff_no: str
    status: str
    honours: str

    def to_json(self) -> dict[str, Any]:
        d = self.__dict__.copy()
        for k in ("birth_date", "hire_date"):
            d[k] = d[k].isoformat() if d[k] else None
        return d


# The roster's columns as a plain tuple: TeacherRow's fields but the honours (term statistics need no
# honours and read the whole staff on every refresh; a tuple is built 3× quicker than the frozen row).
StaffRow = NamedTuple("StaffRow", [(f.name, f.type) for f in fields(TeacherRow) if f.name != "honours"])
_ROWS = (f"SELECT {', '.join(StaffRow._fields)} FROM teacher WHERE school_id = {MAIN_SCHOOL_ID_SQL}{{active}}")
_HONOURS = "SELECT teacher_id, level, name FROM honour{teachers} ORDER BY id"


def honour_names(teacher_ids: list[int]) -> dict[int, list[str]]:
    """teacher id → their honours as printed ("县级骨干教师": level + name), in the order entered."""
    out: dict[int, list[str]] = {}
    if not teacher_ids:
        return out
    if len(teacher_ids) > 50:  # the whole staff: reading the small table beats a long IN list
        wanted = set(teacher_ids)
        rows = [r for r in database.obj.execute_sql(_HONOURS.format(teachers="")) if r[0] in wanted]
    else:
        rows = database.obj.execute_sql(
            _HONOURS.format(teachers=f" WHERE teacher_id IN ({','.join('?' * len(teacher_ids))})"), teacher_ids)
    for tid, level, name in rows:
        out.setdefault(tid, []).append(f"{level}{name}")
    return out


def staff_rows(include_inactive: bool = False) -> list[StaffRow]:
    """The roster (active teachers unless *include_inactive*) as ``StaffRow`` tuples, sorted like
    :func:`list_teachers`; read in hand-written SQL."""
    sql = _ROWS.format(active="" if include_inactive else " AND status = '在职'")
    rows = [StaffRow(tid, name, pinyin, initials, gender, stored_date(birth), subject, stage, title, education,
                     stored_date(hired), role, bool(head), staff_no, status)
            for (tid, name, pinyin, initials, gender, birth, subject, stage, title, education, hired, role, head,
                 staff_no, status) in database.obj.execute_sql(sql)]
    rows.sort(key=lambda r: sort_key(r.pinyin, r.name))
    return rows


def teacher_rows(search: str = "", include_inactive: bool = False) -> list[TeacherRow]:
    """The roster as plain rows with their honours (the groups tab, the teacher picker, ``yanxiu teachers``),
    sorted and searched like :func:`list_teachers`; read as tuples, as the groups tab opens with the window."""
    rows = staff_rows(include_inactive)
    if search:
        rows = [r for r in rows if matches(search, r.name, r.pinyin, r.initials)]
    honours = honour_names([r.id for r in rows])
    return [TeacherRow(*r, "、".join(honours.get(r.id, []))) for r in rows]
