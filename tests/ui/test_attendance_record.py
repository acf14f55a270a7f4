"""活动记录 from the attendance tab: the record saved through the domain, the signed sheet's scan archived once
and listed, and an activity photo printed as an image in the 校本研修活动记录表."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QDesktopServices, QImage
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from tests.attendance_helpers import make_activity, make_teachers, make_term
from tests.ui.test_attendance_tab import open_tab
from yanxiu_desktop.domain import activities as acts
from yanxiu_desktop.domain import attachments
from yanxiu_desktop.domain import attendance_docs as docs
from yanxiu_desktop.store.models import Attachment, AttachmentLink


def _png(path: Path, colour: str) -> Path:
    image = QImage(320, 240, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    assert image.save(str(path), "PNG")
    return path


def _images_on(pdf: bytes) -> int:
    n = 0
    for page in PdfReader(io.BytesIO(pdf)).pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        n += sum(1 for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image")
    return n


@pytest.fixture
def tab(qtbot, db, no_modal):  # noqa: ANN001, ANN201
    sem = make_term()
    teachers = make_teachers(6)
    activity = make_activity(sem, teachers, theme="单元整体教学设计研讨")
    widget = open_tab(qtbot, db, sem)
    widget.select_activity(activity.id)
    return widget


def _open_record(tab, qtbot):  # noqa: ANN001, ANN202
    from yanxiu_desktop.ui.dialogs.activity_record import ActivityRecordDialog

    qtbot.mouseClick(tab.record_edit_btn, Qt.MouseButton.LeftButton)
    dialogs = [d for d in tab.findChildren(ActivityRecordDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def test_record_saved_through_domain_and_shown_again(tab, qtbot) -> None:  # noqa: ANN001
    aid = tab.current_activity_id()
    dlg = _open_record(tab, qtbot)
    assert "应到 6 人" in dlg.head.text() and "尚未录入考勤" in dlg.head.text()
    dlg.process.setPlainText("组长说明单元目标；两位教师说课；分组讨论作业设计。")
    dlg.effect.setPlainText("形成第三单元作业设计初稿。")
    dlg.reflection.setPlainText("讨论时间偏短，下次提前发材料。")
    dlg.recorder.setEditText("钱伟伟")
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert not dlg.isVisible()
    a = acts.get_activity(aid)
    assert (a.process, a.effect, a.reflection, a.recorder) == (
        "组长说明单元目标；两位教师说课；分组讨论作业设计。", "形成第三单元作业设计初稿。",
        "讨论时间偏短，下次提前发材料。", "钱伟伟")
    again = _open_record(tab, qtbot)
    assert again.values() == {"process": a.process, "effect": a.effect, "reflection": a.reflection,
                              "recorder": "钱伟伟"}
    again.reject()


def test_scan_archived_once_and_listed(tab, qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    aid = tab.current_activity_id()
    scan = _png(tmp_path / "签到表扫描.png", "#f0f0e8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(scan), ""))
    qtbot.mouseClick(tab.scan_btn, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.scan_btn, Qt.MouseButton.LeftButton)  # the same scan chosen again
    # Stored once: one archived file (content-addressed), whatever the number of links to it.
    assert Attachment.select().count() == 1
    stored = [p for p in attachments.archive_root().rglob("*") if p.is_file()]
    assert len(stored) == 1 and stored[0].read_bytes() == scan.read_bytes()
    links = docs.signed_scans(aid)
    assert len(links) == 1 and links[0].role == docs.SCAN_ROLE  # and linked once
    scan.unlink()  # the USB stick is gone: the archive copy still opens
    assert "已附加签到表扫描件" in tab.scan_label.text()
    assert tab.scans.list.count() == 1
    assert tab.scans.list.item(0).text() == "签到表扫描.png"
    assert not tab.scans.list.item(0).icon().isNull()  # a thumbnail, read from the archive
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    tab.scans.list.setCurrentRow(0)
    tab.scans.open_selected()
    assert opened == [str(stored[0])]


def test_photo_printed_in_record_but_not_the_scan(tab, qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from yanxiu_desktop.ui.dialogs.activity_record import PHOTO_ROLE

    aid = tab.current_activity_id()
    tab.attach_scan(str(_png(tmp_path / "scan.png", "#ffffff")))
    dlg = _open_record(tab, qtbot)
    assert dlg.photos.list.count() == 0  # the scan is not a photo
    photo = _png(tmp_path / "活动照片.png", "#3366aa")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(photo)], ""))
    qtbot.mouseClick(dlg.photos.btn_add, Qt.MouseButton.LeftButton)
    assert dlg.photos.list.count() == 1 and tab.scans.list.count() == 1
    roles = sorted(ln.role for ln in AttachmentLink.select().where(AttachmentLink.owner_id == aid))
    assert roles == sorted([PHOTO_ROLE, docs.SCAN_ROLE])
    dlg.process.setPlainText("观摩课堂后集中评议")
    preview = dlg.save_and_preview()
    assert preview is not None and preview.doc.pageCount() >= 1
    assert _images_on(preview.pdf_bytes) == 1  # the photo; the signed sheet's scan is not printed
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(preview.pdf_bytes)).pages)
    assert "观摩课堂后集中评议" in text.replace("\n", "")
    assert acts.get_activity(aid).process == "观摩课堂后集中评议"
    preview.close()
    dlg.reject()
