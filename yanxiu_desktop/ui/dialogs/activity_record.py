"""活动记录: what happened at one activity (过程、效果、反思、记录人) and its photos, for the
校本研修活动记录表. Reachable from the calendar and attendance tabs.

Also home of ``RoleAttachmentList``: the shared attachment widget narrowed to some roles of an activity's
files (活动照片 here, 签到表扫描件 in the attendance tab).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop.domain import activities as acts
from yanxiu_desktop.domain import attachments
from yanxiu_desktop.domain import attendance as att
from yanxiu_desktop.domain import attendance_docs as docs
from yanxiu_desktop.store.models import Activity
from yanxiu_desktop.ui.context import show_error
from yanxiu_desktop.ui.widgets.attachments import _ROLE_LINK, AttachmentList
from yanxiu_desktop.ui.widgets.common import initial_size
from yanxiu_desktop.ui.widgets.pdf_preview import PdfPreviewDialog
from yanxiu_desktop.ui.widgets.teacher_combo import TeacherCombo

PHOTO_ROLE = "活动照片"


class RoleAttachmentList(AttachmentList):
    """An AttachmentList that shows only the links whose role passes *keep*; new files get *role*."""

    def __init__(self, parent: QWidget | None, role: str, keep: Callable[[str], bool],
                 read_only: bool = False):
        super().__init__(parent, role=role, read_only=read_only)
        self.keep = keep

    def reload(self) -> None:
        super().reload()
        if not self.owner_table or self.owner_id is None:
            return
        shown = {ln.id for ln in attachments.links_for(self.owner_table, self.owner_id) if self.keep(ln.role)}
        for i in reversed(range(self.list.count())):
            link_id = self.list.item(i).data(_ROLE_LINK)
            if link_id is not None and link_id not in shown:
                self.list.takeItem(i)
        self._update_buttons()


def photo_list(parent: QWidget | None, read_only: bool = False) -> RoleAttachmentList:
    """Photos of an activity: every file that is not the signed sheet's scan (as the record PDF picks them)."""
    photos = RoleAttachmentList(parent, PHOTO_ROLE, lambda role: role != docs.SCAN_ROLE, read_only)
    photos.btn_add.setText("添加照片…")
    return photos


def scan_list(parent: QWidget | None, read_only: bool = False) -> RoleAttachmentList:
    scans = RoleAttachmentList(parent, docs.SCAN_ROLE, lambda role: role == docs.SCAN_ROLE, read_only)
    scans.btn_add.setText("添加扫描件…")
    return scans


def _text_box(text: str, placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    return box


class ActivityRecordDialog(QDialog):
    """Edit the record of one activity; 保存 writes it in one transaction via ``save_record``."""

    def __init__(self, parent: QWidget | None, activity: Activity):
        super().__init__(parent)
        self.activity = activity
        self.setWindowTitle(f"活动记录 - {acts.activity_label(activity)}")
        initial_size(self, 760, 720)
        closed = activity.semester.closed
        rows = att.sheet(activity)
        c = att.counts(rows)
        entered = any(r.status for r in rows)
        facts = [f"活动：{activity.kind}「{activity.theme}」（{docs.organizer_text(activity)}）",
                 f"时间：{docs.time_text(activity)}", f"地点：{activity.place or '—'}",
                 f"主持人：{acts.host_label(activity) or '—'}　主讲人：{acts.presenter_label(activity) or '—'}",
                 f"应到 {c.expected} 人　" + (f"实到 {c.present} 人" if entered else "（尚未录入考勤）")]
        self.head = head = QLabel("\n".join(facts))
        head.setWordWrap(True)
        self.process = _text_box(activity.process, "活动过程：主持人开场、主讲内容、讨论交流……")
        self.effect = _text_box(activity.effect, "活动效果：解决了什么问题，形成了什么共识或成果")
        self.reflection = _text_box(activity.reflection, "反思与改进：存在的不足，下一步打算")
        self.recorder = TeacherCombo(placeholder="记录人：输入姓名、拼音或首字母")
        self.recorder.set_teacher(None, activity.recorder)
        form = QFormLayout()
        form.addRow("活动过程", self.process)
        form.addRow("活动效果", self.effect)
        form.addRow("反思", self.reflection)
        form.addRow("记录人", self.recorder)
        self.photos = photo_list(self, read_only=closed)
        self.photos.set_owner("activity", activity.id)
        photo_note = QLabel("活动照片（添加后立即存档；记录表上印最先添加的两张）")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("关闭")
        self.preview_button = buttons.addButton("保存并预览记录表…", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.preview_button.clicked.connect(self.save_and_preview)
        self.buttons = buttons
        if closed:
            for w in (self.process, self.effect, self.reflection):
                w.setReadOnly(True)
            self.recorder.setEnabled(False)
            buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
            head.setText(head.text() + "\n本学期已结束归档，记录只能查看。")
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addLayout(form, 3)
        lay.addWidget(photo_note)
        lay.addWidget(self.photos, 1)
        lay.addWidget(buttons)

    def values(self) -> dict[str, str]:
        return {"process": self.process.toPlainText(), "effect": self.effect.toPlainText(),
                "reflection": self.reflection.toPlainText(), "recorder": self.recorder.currentText()}

    def write(self) -> bool:
        if self.activity.semester.closed:
            return True  # nothing to write; the record can still be previewed
        try:
            self.activity = acts.save_record(self.activity.id, **self.values())
        except Exception as exc:  # shown to the user; nothing was written
            show_error(self, exc, "活动记录未保存")
            return False
        return True

    def save(self) -> None:
        if self.write():
            self.accept()

    def save_and_preview(self) -> PdfPreviewDialog | None:
        """Save, then show the 校本研修活动记录表 in the shared preview (the dialog stays open)."""
        if not self.write():
            return None
        a = self.activity
        try:
            pdf = docs.activity_record_pdf(a.id)
        except Exception as exc:
            show_error(self, exc, "无法生成活动记录表")
            return None
        dlg = PdfPreviewDialog(pdf, f"活动记录表 {acts.activity_label(a)}", self,
                               suggested_name=f"{a.date.isoformat()} {a.theme} 活动记录表.pdf")
        dlg.open()
        return dlg
