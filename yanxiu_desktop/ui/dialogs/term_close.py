"""结束学期并归档 / 重新开启学期 with the reason that goes into the audit log."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop.domain import term_close
from yanxiu_desktop.domain.semesters import semester_label
from yanxiu_desktop.store.models import Semester
from yanxiu_desktop.ui.context import show_error
from yanxiu_desktop.ui.widgets.common import initial_size


class TermCloseDialog(QDialog):
    def __init__(self, parent: QWidget | None, semester: Semester, reopen: bool = False):
        super().__init__(parent)
        self.semester = semester
        self.reopen = reopen
        self.backup_path = None
        label = semester_label(semester)
        self.setWindowTitle("重新开启学期" if reopen else "结束学期并归档")
        initial_size(self, 520, 320)
        lay = QVBoxLayout(self)
        if reopen:
            text = (f"重新开启「{label}」后，可以再次修改该学期的活动、考勤和听课记录。\n"
                    "已上报的数据如有改动，请同时告知县教育局。原因必须填写，并将记入审计日志。")
            placeholder = "原因（必填），例如：县教育局要求更正第三周教研活动的考勤"
        else:
            text = (f"结束「{label}」并归档：先自动做一次校验过的备份，之后该学期的小组、活动、考勤和"
                    "听课记录只能查看和打印，不能再修改。\n一般在向县教育局报送学期统计之后进行。"
                    "如确需修改，可以用“重新开启学期”并说明原因。")
            placeholder = "说明（可选），例如：已于 1 月 15 日报送县教育局"
        info = QLabel(text)
        info.setWordWrap(True)
        lay.addWidget(info)
        self.concerns = [] if reopen else term_close.closing_concerns(semester)
        self.confirm = QCheckBox("我已核对，仍要归档")
        if self.concerns:  # archiving mid-term freezes the running term: say so and ask for a tick
            warn = QLabel("请注意：" + "；".join(self.concerns) + "。")
            warn.setWordWrap(True)
            warn.setStyleSheet("color: #b00020;")
            lay.addWidget(warn)
            lay.addWidget(self.confirm)
            self.confirm.toggled.connect(lambda _on: self._update_ok())
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(placeholder)
        self.reason.setAccessibleName("原因")
        lay.addWidget(self.reason, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("重新开启学期" if reopen else "备份并归档")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.reason.textChanged.connect(self._update_ok)
        self._update_ok()

    def _update_ok(self) -> None:
        if self.reopen:
            self.ok_button.setEnabled(bool(self.reason.toPlainText().strip()))
        else:
            self.ok_button.setEnabled(not self.concerns or self.confirm.isChecked())

    def accept(self) -> None:
        reason = self.reason.toPlainText().strip()
        try:
            if self.reopen:
                term_close.reopen_term(self.semester.id, reason)
            else:
                _sem, info = term_close.close_term(self.semester.id, reason, force=self.confirm.isChecked())
                self.backup_path = info.path if info else None
        except Exception as exc:
            show_error(self, exc)
            return
        super().accept()
