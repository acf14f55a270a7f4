"""校本研修活动签到表 (forms/signin.toml): blank for teachers to sign, or filled from the entered attendance.

Plain data in, PDF bytes out; ``domain/attendance_docs.py`` gathers the data from the database.
Placeholders the form can use: school, theme, time, place, host, presenter, organizer, kind, hours,
category, expected, present, leave, absent (blank sheet: the last three print as lines to write on).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from yanxiu_desktop.pdf.document import ProgressFn, render_documents
from yanxiu_desktop.pdf.forms import FormData, load_form

FORM = "signin"


@dataclass
class SigninLine:
    name: str
    subject: str = ""
    mark: str = ""  # 签到 column when filled: √, 迟到, 事假 …
    remark: str = ""  # 备注 when filled


@dataclass
class SigninSheet:
    school: str
    theme: str
    time: str  # "2025年9月10日 星期三 15:30–17:00（第三周）"
    place: str = ""
    host: str = ""
    presenter: str = ""
    organizer: str = ""
    kind: str = ""
    hours: str = ""
    category: str = ""
    lines: list[SigninLine] = field(default_factory=list)
    filled: bool = False
    present: int | None = None
    leave: int | None = None
    absent: int | None = None
    label: str = ""  # names this sheet in error messages (e.g. "9月10日 集体备课「…」")

    def form_data(self) -> FormData:
        values: dict[str, Any] = {
            "school": self.school, "theme": self.theme, "time": self.time, "place": self.place,
            "host": self.host, "presenter": self.presenter, "organizer": self.organizer, "kind": self.kind,
            "hours": self.hours, "category": self.category, "expected": len(self.lines),
            "present": self.present if self.filled else None, "leave": self.leave if self.filled else None,
            "absent": self.absent if self.filled else None,
        }
        rows = [{"name": ln.name, "subject": ln.subject, "sign": ln.mark if self.filled else "",
                 "note": ln.remark if self.filled else ""} for ln in self.lines]
        return FormData(values=values, rows={"rows": rows})


def render_signin(sheets: Sequence[SigninSheet], progress: ProgressFn | None = None) -> bytes:
    """One PDF with every sheet, each starting on a new page with its own 第 x 页 / 共 y 页."""
    form = load_form(FORM)
    return render_documents([(form, s.form_data()) for s in sheets], progress=progress,
                            labels=[s.label for s in sheets], title=f"{sheets[0].school}签到表" if sheets else "")
