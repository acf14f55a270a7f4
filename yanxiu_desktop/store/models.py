"""The whole data model. Later features add behaviour, not tables in a hurry.

Conventions: Chinese vocabulary values are stored as the Chinese words schools use (出勤, 教研组…),
because they are what users type, print and export; dates are ``date``; rows are never hard-deleted
where they affect pay or archive (teachers retire, activities are cancelled).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from yanxiu_desktop.store.db import database


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class JSONField(TextField):
    """JSON kept as text; Chinese stays readable in the file (ensure_ascii=False)."""

    def db_value(self, value: Any) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    def python_value(self, value: str | None) -> Any:
        return None if value is None else json.loads(value)


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class School(BaseModel):
    id = AutoField()
    name = CharField()
    # A 中心校 may manage village schools: they point at it.
    parent = ForeignKeyField("self", null=True, backref="branches", on_delete="RESTRICT")
    county = CharField(default="")
    created_at = DateTimeField(default=_now)


class Semester(BaseModel):
    id = AutoField()
    school = ForeignKeyField(School, backref="semesters", on_delete="RESTRICT")
    year_start = IntegerField()  # 2025 → 学年 "2025—2026"
    term = IntegerField()  # 1 = 第一学期 (autumn), 2 = 第二学期 (spring)
    start_date = DateField()  # Monday of 第一周
    weeks = IntegerField(default=20)
    closed = BooleanField(default=False)
    closed_at = DateTimeField(null=True)
    note = TextField(default="")

    class Meta:
        indexes = ((("school", "year_start", "term"), True),)


class CalendarDay(BaseModel):
    """A holiday or a make-up workday (调休) the school entered for a term."""

    id = AutoField()
    semester = ForeignKeyField(Semester, backref="calendar_days", on_delete="CASCADE")
    date = DateField()
    kind = CharField()  # 放假 | 调休上班
    name = CharField(default="")

    class Meta:
        indexes = ((("semester", "date"), True),)


class Teacher(BaseModel):
    id = AutoField()
    school = ForeignKeyField(School, backref="teachers", on_delete="RESTRICT")
    name = CharField(index=True)
    pinyin = CharField(default="", index=True)  # "zhang san feng"
    initials = CharField(default="", index=True)  # "zsf"
    gender = CharField(default="")  # 男 | 女
    birth_date = DateField(null=True)
    subject = CharField(default="")  # 任教学科
    stage = CharField(default="")  # 学段: 小学 | 初中 | 高中 | 幼儿园
    title = CharField(default="")  # 职称
    education = CharField(default="")  # 学历
    hire_date = DateField(null=True)  # 参加工作时间
    role = CharField(default="教师")  # 校级领导 | 中层 | 教研组长 | 备课组长 | 教师
    head_teacher = BooleanField(default=False)  # 班主任
    staff_no = CharField(default="")
    id_number = CharField(default="")  # masked in the UI
    phone = CharField(default="")
    status = CharField(default="在职", index=True)  # 在职 | 调出 | 退休
    status_date = DateField(null=True)
    note = TextField(default="")
    created_at = DateTimeField(default=_now)
    updated_at = DateTimeField(default=_now)


class Honour(BaseModel):
    """骨干教师, 学科带头人, 教坛新秀 … with the level that granted it."""

    id = AutoField()
    teacher = ForeignKeyField(Teacher, backref="honours", on_delete="CASCADE")
    name = CharField()
    level = CharField(default="")  # 校级 | 县级 | 市级 | 省级 | 国家级
    year = IntegerField(null=True)


class Group(BaseModel):
    id = AutoField()
    semester = ForeignKeyField(Semester, backref="groups", on_delete="RESTRICT")
    kind = CharField()  # 领导小组 | 工作小组 | 教研组 | 备课组 | 年级组 | 课题组
    name = CharField()
    subject = CharField(default="")
    grade = CharField(default="")
    note = TextField(default="")
    sort_order = IntegerField(default=0)

    class Meta:
        indexes = ((("semester", "name"), True),)


class Membership(BaseModel):
    id = AutoField()
    group = ForeignKeyField(Group, backref="memberships", on_delete="CASCADE")
    teacher = ForeignKeyField(Teacher, backref="memberships", on_delete="RESTRICT")
    role = CharField(default="组员")  # 组长 | 副组长 | 组员

    class Meta:
        indexes = ((("group", "teacher"), True),)


class MentorPair(BaseModel):
    """师徒结对 / 青蓝工程 for one term."""

    id = AutoField()
    semester = ForeignKeyField(Semester, backref="mentor_pairs", on_delete="RESTRICT")
    mentor = ForeignKeyField(Teacher, backref="mentee_pairs", on_delete="RESTRICT")
    mentee = ForeignKeyField(Teacher, backref="mentor_pairs", on_delete="RESTRICT")
    subject = CharField(default="")
    note = TextField(default="")

    class Meta:
        indexes = ((("semester", "mentor", "mentee"), True),)


class Activity(BaseModel):
    id = AutoField()
    semester = ForeignKeyField(Semester, backref="activities", on_delete="RESTRICT")
    kind = CharField()  # 集体备课 | 专题讲座 | 听评课 | 公开课 …
    theme = CharField()
    date = DateField(index=True)
    start_time = CharField(default="")  # "15:30"
    end_time = CharField(default="")  # "17:00"
    place = CharField(default="")
    host = ForeignKeyField(Teacher, null=True, backref="hosted", on_delete="RESTRICT")
    host_name = CharField(default="")  # an outside host, by name
    presenter = ForeignKeyField(Teacher, null=True, backref="presented", on_delete="RESTRICT")
    presenter_name = CharField(default="")  # an outside expert, by name
    group = ForeignKeyField(Group, null=True, backref="activities", on_delete="RESTRICT")  # None = 全校
    hours = FloatField(default=0.0)
    hours_category = CharField(default="")
    participants_mode = CharField(default="group")  # group | all | custom
    status = CharField(default="计划")  # 计划 | 已完成 | 取消
    series_id = CharField(default="", index=True)  # recurring activities share one id
    process = TextField(default="")  # 活动过程
    effect = TextField(default="")  # 活动效果
    reflection = TextField(default="")  # 反思
    recorder = CharField(default="")
    note = TextField(default="")
    created_at = DateTimeField(default=_now)
    updated_at = DateTimeField(default=_now)


class Participant(BaseModel):
    """Who is expected at an activity (应到). Materialised so a list can be adjusted by hand."""

    id = AutoField()
    activity = ForeignKeyField(Activity, backref="participants", on_delete="CASCADE")
    teacher = ForeignKeyField(Teacher, backref="participations", on_delete="RESTRICT")

    class Meta:
        indexes = ((("activity", "teacher"), True),)


class Attendance(BaseModel):
    id = AutoField()
    activity = ForeignKeyField(Activity, backref="attendance", on_delete="RESTRICT")
    teacher = ForeignKeyField(Teacher, backref="attendance", on_delete="RESTRICT", index=True)
    status = CharField()  # 出勤 | 迟到 | 早退 | 公假 | 事假 | 病假 | 缺席
    late_minutes = IntegerField(null=True)
    leave_reason = CharField(default="")
    approver = CharField(default="")
    note = CharField(default="")
    entered_at = DateTimeField(default=_now)
    updated_at = DateTimeField(default=_now)

    class Meta:
        indexes = ((("activity", "teacher"), True),)


class Observation(BaseModel):
    """听课记录."""

    id = AutoField()
    semester = ForeignKeyField(Semester, backref="observations", on_delete="RESTRICT")
    observer = ForeignKeyField(Teacher, backref="observations_made", on_delete="RESTRICT", index=True)
    observed = ForeignKeyField(Teacher, null=True, backref="observations_received", on_delete="RESTRICT")
    observed_name = CharField(default="")  # an outside teacher
    observed_school = CharField(default="")
    date = DateField(index=True)
    period = IntegerField(null=True)  # 第N节
    class_name = CharField(default="")  # 七年级(3)班
    subject = CharField(default="")
    topic = CharField(default="")  # 课题
    lesson_type = CharField(default="")  # 课型
    activity = ForeignKeyField(Activity, null=True, backref="observations", on_delete="SET NULL")
    process = JSONField(default=list)  # [[教学过程, 旁评], …]
    strengths = TextField(default="")
    weaknesses = TextField(default="")
    suggestions = TextField(default="")
    grade = CharField(default="")  # 优 | 良 | 中 | 差
    rubric_id = CharField(default="")
    rubric_version = CharField(default="")
    scores = JSONField(default=dict)  # item key → points
    total = FloatField(null=True)
    st_samples = CharField(default="")  # "TTSST…"
    st_interval = IntegerField(default=30)
    created_at = DateTimeField(default=_now)
    updated_at = DateTimeField(default=_now)


class PortfolioItem(BaseModel):
    id = AutoField()
    teacher = ForeignKeyField(Teacher, backref="portfolio_items", on_delete="RESTRICT", index=True)
    semester = ForeignKeyField(Semester, null=True, backref="portfolio_items", on_delete="SET NULL")
    kind = CharField()  # 教学反思 | 读书笔记 | 论文 | 获奖 …
    title = CharField()
    date = DateField(null=True)
    level = CharField(default="")  # 校级 | 县级 | 市级 | 省级 | 国家级
    rank = CharField(default="")  # 一等奖 …
    issuer = CharField(default="")  # publication or issuing body
    notes = TextField(default="")
    created_at = DateTimeField(default=_now)
    updated_at = DateTimeField(default=_now)


class HoursCredit(BaseModel):
    """学时认定: hours the 教导处 grants for work that has no sign-in sheet (自主研修: 读书笔记, 教育叙事,
    论文…; 小课题教研 done in the 课题组), with what it was granted for. Schema version 2."""

    id = AutoField()
    teacher = ForeignKeyField(Teacher, backref="hours_credits", on_delete="RESTRICT")
    semester = ForeignKeyField(Semester, backref="hours_credits", on_delete="RESTRICT")
    category = CharField()  # a 学时 category of the policy
    hours = FloatField()
    date = DateField()
    basis = CharField()  # 认定依据: "读书笔记一万字（已交教导处）"
    portfolio_item = ForeignKeyField(PortfolioItem, null=True, backref="hours_credits", on_delete="SET NULL")
    created_at = DateTimeField(default=_now)

    class Meta:
        indexes = ((("semester", "teacher"), False),)


class Attachment(BaseModel):
    """One stored file in the content-addressed archive (same content stored once)."""

    id = AutoField()
    sha256 = CharField(unique=True)
    size = IntegerField()
    original_name = CharField()
    mime = CharField(default="")
    created_at = DateTimeField(default=_now)


class AttachmentLink(BaseModel):
    """Which record uses which archived file; a file is removed only when no link is left."""

    id = AutoField()
    attachment = ForeignKeyField(Attachment, backref="links", on_delete="RESTRICT")
    owner_table = CharField()  # activity | portfolio_item | observation
    owner_id = IntegerField()
    role = CharField(default="")  # 签到表扫描件 | 活动照片 | 附件
    display_name = CharField(default="")
    created_at = DateTimeField(default=_now)

    class Meta:
        indexes = ((("owner_table", "owner_id"), False),)


class ArchiveLoan(BaseModel):
    """Archive lending log (档案借阅登记)."""

    id = AutoField()
    item = CharField()
    borrower = CharField()
    date_out = DateField()
    due_date = DateField()
    returned_date = DateField(null=True)
    note = TextField(default="")


class AuditEntry(BaseModel):
    """Append-only, hash-chained (triggers refuse UPDATE/DELETE)."""

    id = AutoField()
    ts = DateTimeField(default=_now)
    operator = CharField(default="")
    table_name = CharField()
    row_id = IntegerField()
    field = CharField(default="")
    old = TextField(null=True)
    new = TextField(null=True)
    reason = TextField(default="")
    prev_hash = CharField(default="")
    hash = CharField(default="")

    class Meta:
        indexes = ((("table_name", "row_id"), False),)


class Setting(BaseModel):
    key = CharField(primary_key=True)
    value = JSONField(null=True)


ALL_MODELS: tuple[type[BaseModel], ...] = (
    School,
    Semester,
    CalendarDay,
    Teacher,
    Honour,
    Group,
    Membership,
    MentorPair,
    Activity,
    Participant,
    Attendance,
    Observation,
    PortfolioItem,
    Attachment,
    AttachmentLink,
    ArchiveLoan,
    AuditEntry,
    Setting,
    HoursCredit,
)
# The tables of schema version 1, frozen: its migration step must create exactly these, whatever is added later.
V1_MODELS: tuple[type[BaseModel], ...] = ALL_MODELS[:ALL_MODELS.index(HoursCredit)]
