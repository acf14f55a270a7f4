"""State every tab shares: the open database, the chosen semester, and change notifications."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from yanxiu_desktop.domain.errors import DomainError, ValidationError
from yanxiu_desktop.store.models import Semester


class AppContext(QObject):
    """Passed to every tab. Tabs listen to the signals instead of reaching into each other.

    ``data_changed(area)`` names what changed: "teachers", "groups", "semesters", "activities",
    "attendance", "hours_credit", "observations", "portfolio", "policy", "school", or "all".
    """

    semester_changed = Signal(object)  # Semester | None
    data_changed = Signal(str)
    status_message = Signal(str)

    def __init__(self, db_path: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.db_path = db_path
        self._semester: Semester | None = None

    @property
    def semester(self) -> Semester | None:
        return self._semester

    def set_semester(self, sem: Semester | None) -> None:
        if (sem.id if sem else None) == (self._semester.id if self._semester else None):
            return
        self._semester = sem
        self.semester_changed.emit(sem)

    def refresh_semester(self) -> None:
        """Re-read the chosen semester (e.g. after it was closed) and tell everyone."""
        if self._semester is not None:
            self._semester = Semester.get_or_none(Semester.id == self._semester.id)
        self.semester_changed.emit(self._semester)

    def changed(self, area: str) -> None:
        self.data_changed.emit(area)


def show_error(parent: QWidget | None, exc: Exception, title: str = "操作未完成") -> None:
    """Show a domain error the way users read it: each problem on its own line."""
    if isinstance(exc, ValidationError):
        text = "\n".join(exc.problems)
    elif isinstance(exc, DomainError):
        text = str(exc)
    else:
        from yanxiu_desktop.store.faults import friendly_write_error

        text = friendly_write_error(exc) or f"发生意外错误：{exc}\n数据未被修改。"
    QMessageBox.warning(parent, title, text)
