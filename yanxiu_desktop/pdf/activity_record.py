"""校本研修活动记录表 (forms/activity_record.toml): what happened at one activity, for the archive.

Placeholders: school, theme, time, place, kind, host, presenter, organizer, hours, expected, present,
absentees, process, effect, recorder, record_date; images key ``photos`` (up to two, scaled to fit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from yanxiu_desktop.pdf.forms import FormData, render_form

FORM = "activity_record"


@dataclass
class ActivityRecord:
    school: str
    theme: str
    time: str
    place: str = ""
    kind: str = ""
    host: str = ""
    presenter: str = ""
    organizer: str = ""
    hours: str = ""
    expected: int | None = None
    present: int | None = None
    absentees: str = ""  # "李四（事假：家中有事）、王五（缺席）"
    process: str = ""
    effect: str = ""  # 活动效果 and 反思, as one box
    recorder: str = ""
    record_date: str = ""
    photos: list[Path | bytes] = field(default_factory=list)

    def form_data(self) -> FormData:
        values = {k: getattr(self, k) for k in (
            "school", "theme", "time", "place", "kind", "host", "presenter", "organizer", "hours",
            "expected", "present", "absentees", "process", "effect", "recorder", "record_date")}
        return FormData(values=values, images={"photos": list(self.photos[:2])})


def render_activity_record(record: ActivityRecord) -> bytes:
    return render_form(FORM, record.form_data())
