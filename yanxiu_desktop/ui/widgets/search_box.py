"""A filter box that finds teachers by Chinese, full pinyin or initials ("zsf" finds 张三丰)."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QWidget


class PinyinSearchBox(QLineEdit):
    """Emits ``search(text)`` shortly after typing stops, so a long roster does not refilter per key."""

    search = Signal(str)

    def __init__(self, placeholder: str = "搜索：姓名 / 拼音 / 首字母（如 zsf）", parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(lambda: self.search.emit(self.text().strip()))
        self.textChanged.connect(lambda _t: self._timer.start())

    def flush(self) -> None:
        """Apply the filter now (tests, and Enter in the box)."""
        self._timer.stop()
        self.search.emit(self.text().strip())
