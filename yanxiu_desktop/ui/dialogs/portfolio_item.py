"""Dialogs of the portfolio tab: one 档案材料 (with its attachments), and one 档案借阅 entry."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop.domain import lending, portfolio
from yanxiu_desktop.domain.lending import LoanRow
from yanxiu_desktop.store.models import PortfolioItem, Semester, Teacher
from yanxiu_desktop.ui.context import show_error
from yanxiu_desktop.ui.widgets.attachments import AttachmentList
from yanxiu_desktop.ui.widgets.common import initial_size, save_cancel_buttons


def _date_edit(day: dt.date) -> QDateEdit:
    w = QDateEdit(QDate(day.year, day.month, day.day))
    w.setCalendarPopup(True)
    w.setDisplayFormat("yyyy-MM-dd")
    return w


def _py_date(w: QDateEdit) -> dt.date:
    q = w.date()
    return dt.date(q.year(), q.month(), q.day())


class PortfolioItemDialog(QDialog):
    """Add or edit one item. Files added before the first save go in with it, in one transaction."""

    def __init__(self, parent: QWidget | None, teacher: Teacher, semester: Semester | None,
                 item: PortfolioItem | None = None, today: dt.date | None = None):
        super().__init__(parent)
        self.teacher, self.semester, self.item = teacher, semester, item
        self.saved: PortfolioItem | None = None
        self.setWindowTitle(f"{'编辑' if item else '新增'}档案材料 — {teacher.name}")
        initial_size(self, 620, 640)
        self.kind = QComboBox()
        self.kind.addItems(portfolio.KINDS)
        self.kind.setAccessibleName("类别")
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("如：《秋天的雨》教学反思")
        self.title_edit.setAccessibleName("标题")
        default_day = today or dt.date.today()
        if semester is not None and not semester.start_date <= default_day:
            default_day = semester.start_date
        self.date = _date_edit(item.date if item and item.date else default_day)
        self.date.setMaximumDate(QDate.currentDate())  # a 材料 is registered once it exists
        self.level = QComboBox()
        self.level.addItems(["", *portfolio.LEVELS])
        self.rank = QComboBox()
        self.rank.setEditable(True)
        self.rank.addItems(["", *portfolio.RANKS])
        self.issuer = QLineEdit()
        self.issuer.setPlaceholderText("发表刊物或颁发单位，如：县教育局")
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("内容摘要、心得或备注")
        self.files = AttachmentList(self)
        self.files.set_owner("portfolio_item", item.id if item else None)
        form = QFormLayout()
        form.addRow("类别", self.kind)
        form.addRow("标题", self.title_edit)
        form.addRow("日期", self.date)
        form.addRow("级别", self.level)
        form.addRow("获奖等次", self.rank)
        form.addRow("发表/颁发单位", self.issuer)
        form.addRow("内容/备注", self.notes)
        self.kind.currentTextChanged.connect(self._kind_changed)
        if item is not None:
            self.kind.setCurrentText(item.kind)
            self.title_edit.setText(item.title)
            self.level.setCurrentText(item.level)
            self.rank.setCurrentText(item.rank)
            self.issuer.setText(item.issuer)
            self.notes.setPlainText(item.notes)
        self._kind_changed(self.kind.currentText())
        buttons = save_cancel_buttons(self, self.accept)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(QLabel("附件（可把 Word、PDF、照片等文件拖到下面；文件会复制进档案库，原文件可删除）"))
        lay.addWidget(self.files, 1)
        lay.addWidget(buttons)

    def _kind_changed(self, kind: str) -> None:
        levelled = kind in portfolio.LEVELLED_KINDS
        self.level.setEnabled(levelled)
        self.rank.setEnabled(kind in ("获奖", "论文", "优秀教案", "课件", "公开课/示范课"))

    def values(self) -> dict:
        kind = self.kind.currentText()
        levelled = kind in portfolio.LEVELLED_KINDS
        return {"kind": kind, "title": self.title_edit.text(), "date": _py_date(self.date),
                "level": self.level.currentText() if levelled else "",
                "rank": self.rank.currentText() if self.rank.isEnabled() else "",
                "issuer": self.issuer.text(), "notes": self.notes.toPlainText()}

    def accept(self) -> None:
        data = self.values()
        if self.item is None and self.semester is not None and portfolio.semester_for_date(data["date"]) is None:
            data["semester"] = self.semester  # a date outside every term: file it under the chosen one
        try:
            self.saved = portfolio.save_item_with_files(self.item.id if self.item else None, self.teacher.id,
                                                        self.files.pending_paths(), **data)
        except Exception as exc:  # noqa: BLE001 - shown to the user, nothing was written
            show_error(self, exc, "档案材料未保存")
            return
        super().accept()


class LoanDialog(QDialog):
    """档案借阅登记: what goes out, to whom, and when it is due back. With *loan*, corrects a loan that
    is still out (a returned one is part of the record and stays as it is)."""

    def __init__(self, parent: QWidget | None, today: dt.date | None = None, loan: LoanRow | None = None):
        super().__init__(parent)
        self.setWindowTitle("修改借阅登记" if loan else "档案借阅登记")
        today = today or dt.date.today()
        self.loan = loan
        self.saved = None
        self.item = QLineEdit(loan.item if loan else "")
        self.item.setPlaceholderText("如：2024—2025学年教研组活动记录")
        self.borrower = QLineEdit(loan.borrower if loan else "")
        self.date_out = _date_edit(loan.date_out if loan else today)
        self.due = _date_edit(loan.due_date if loan else today + dt.timedelta(days=lending.DEFAULT_DAYS))
        self.note = QLineEdit(loan.note if loan else "")
        self.note.setPlaceholderText("借阅用途、经手人等")
        form = QFormLayout(self)
        form.addRow("借阅材料", self.item)
        form.addRow("借阅人", self.borrower)
        form.addRow("借出日期", self.date_out)
        form.addRow("应还日期", self.due)
        form.addRow("备注", self.note)
        form.addRow(QLabel("档案借阅须本人签字登记，按时归还。" if not loan else "修改会记入审计日志。"))
        buttons = save_cancel_buttons(self, self.accept, "保存" if loan else "登记", QDialogButtonBox.StandardButton.Ok)
        form.addRow(buttons)

    def accept(self) -> None:
        values = (self.item.text(), self.borrower.text(), _py_date(self.date_out), _py_date(self.due),
                  self.note.text())
        try:
            self.saved = (lending.update_loan(self.loan.id, *values) if self.loan else lending.lend(*values))
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, "借阅登记未保存" if self.loan else "借阅未登记")
            return
        super().accept()
