"""Who is at the keyboard: asked once per session, remembered as the next session's default."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

_KEY = "operator/last"


def remembered_operator(fallback: str = "") -> str:
    return str(QSettings().value(_KEY, fallback) or fallback)


def remember_operator(name: str) -> None:
    QSettings().setValue(_KEY, name)


def ask_operator(parent: QWidget | None = None, fallback: str = "") -> str:
    """The operator's name for the audit log; Cancel keeps the remembered (or system) name."""
    default = remembered_operator(fallback)
    name, ok = QInputDialog.getText(
        parent, "操作人", "请输入您的姓名（本次使用期间的修改都会以此姓名记入审计日志）：",
        QLineEdit.EchoMode.Normal, default)
    name = name.strip() if ok else ""
    name = name or default
    if name:
        remember_operator(name)
    return name
