"""Checks every write path shares."""

from __future__ import annotations

from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.store.models import Semester


def ensure_semester_open(sem: Semester) -> None:
    """A closed (reported) term is read-only until it is reopened with a logged reason."""
    if sem.closed:
        raise ValidationError("该学期已结束归档，不能再修改（如需修改请先重新开启学期）")


def require_reason(reason: str | None, message: str) -> str:
    """The reason a later change, a cancellation or a deletion goes into the audit log with. A blank one
    is refused with *message* (an audit entry without a reason tells the inspector nothing). Trimmed."""
    text = (reason or "").strip()
    if not text:
        raise ValidationError(message)
    return text
