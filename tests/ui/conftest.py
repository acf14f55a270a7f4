from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox


@pytest.fixture
def no_modal(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Record message boxes instead of blocking on them; questions are answered Yes."""
    seen: list[tuple[str, str]] = []

    def record(kind: str, answer=QMessageBox.StandardButton.Ok):  # noqa: ANN001, ANN202
        def show(_parent, title, text, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            seen.append((kind, f"{title}|{text}"))
            return answer
        return show

    monkeypatch.setattr(QMessageBox, "information", record("information"))
    monkeypatch.setattr(QMessageBox, "warning", record("warning"))
    monkeypatch.setattr(QMessageBox, "critical", record("critical"))
    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.Yes))
    return seen


@pytest.fixture
def main_window(qtbot, demo_db: Path, no_modal) -> Iterator:  # noqa: ANN001
    from yanxiu_desktop.ui.app import create_app
    from yanxiu_desktop.ui.main_window import MainWindow

    create_app()
    win = MainWindow(demo_db)
    qtbot.addWidget(win)
    win.show()
    yield win
