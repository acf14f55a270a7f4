"""A reusable list of a record's attachments: add by dialog or drag-and-drop, open, remove, thumbnails.

Two modes: bound to a saved record (``set_owner(table, id)``: every add/remove is written at once), or
unsaved (``set_owner(table, None)``: files are collected and the caller saves them with the record,
see ``pending_paths``). The attendance tab reuses it for signed-sheet scans (owner "activity").
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent, QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop.domain import attachments
from yanxiu_desktop.domain.attachments import IMAGE_EXTS
from yanxiu_desktop.ui.context import show_error

THUMB = 96
FILE_FILTER = "所有文件 (*);;图片 (*.jpg *.jpeg *.png *.bmp *.gif);;文档 (*.doc *.docx *.pdf *.ppt *.pptx *.xls *.xlsx *.wps)"
_ROLE_LINK = Qt.ItemDataRole.UserRole
_ROLE_PATH = Qt.ItemDataRole.UserRole + 1


def _thumbnail(path: Path) -> QIcon | None:
    # QImageReader scales while decoding: a 12-megapixel photo never sits whole in memory.
    reader = QImageReader(str(path))
    size = reader.size()
    if not size.isValid():
        return None
    reader.setScaledSize(size.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return QIcon(QPixmap.fromImage(image)) if not image.isNull() else None


class AttachmentList(QWidget):
    """Emits ``changed`` after a stored add/remove, or when the pending list changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, role: str = "附件", read_only: bool = False):
        super().__init__(parent)
        self.role = role
        self.owner_table = ""
        self.owner_id: int | None = None
        self._pending: list[Path] = []
        self.list = QListWidget()
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 40, THUMB + 40))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setMovement(QListWidget.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setAccessibleName("附件列表")
        self.list.setToolTip("可将文件直接拖到这里添加；双击用系统程序打开")
        self.list.itemDoubleClicked.connect(lambda _i: self.open_selected())
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.btn_add = QPushButton("添加附件…")
        self.btn_open = QPushButton("打开")
        self.btn_remove = QPushButton("移除")
        self.btn_add.clicked.connect(self.add_by_dialog)
        self.btn_open.clicked.connect(self.open_selected)
        self.btn_remove.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for b in (self.btn_add, self.btn_open, self.btn_remove):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(buttons)
        lay.addWidget(self.list)
        self.set_read_only(read_only)
        self.setAcceptDrops(True)
        self.list.setAcceptDrops(False)  # drops land on the widget, whatever child is under the cursor
        self._update_buttons()

    # -- binding ---------------------------------------------------------------------
    def set_owner(self, owner_table: str, owner_id: int | None) -> None:
        self.owner_table, self.owner_id = owner_table, owner_id
        self._pending = []
        self.reload()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.btn_add.setVisible(not read_only)
        self.btn_remove.setVisible(not read_only)
        self._update_buttons()  # set_owner may have run while still read-only: 添加 stayed disabled

    def pending_paths(self) -> list[Path]:
        return list(self._pending)

    def reload(self) -> None:
        self.list.clear()
        style = self.style()
        file_icon = style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        if self.owner_table and self.owner_id is not None:
            for link in attachments.links_for(self.owner_table, self.owner_id):
                path = attachments.file_path(link.attachment)
                icon = _thumbnail(path) if attachments.is_image(link.attachment) and path.is_file() else None
                missing = "" if path.is_file() else "（文件丢失）"
                item = QListWidgetItem(icon or file_icon, link.display_name + missing)
                item.setToolTip(f"{link.display_name}\n{attachments.human_size(link.attachment.size)}"
                                f"{'  存档文件丢失' if missing else ''}")
                item.setData(_ROLE_LINK, link.id)
                item.setData(_ROLE_PATH, str(path))
                self.list.addItem(item)
        for p in self._pending:
            icon = _thumbnail(p) if p.suffix.lower() in IMAGE_EXTS else None
            item = QListWidgetItem(icon or file_icon, p.name + "（待保存）")
            item.setToolTip(str(p))
            item.setData(_ROLE_PATH, str(p))
            self.list.addItem(item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = bool(self.list.selectedItems())
        self.btn_open.setEnabled(has)
        self.btn_remove.setEnabled(has and not self.read_only)
        self.btn_add.setEnabled(bool(self.owner_table) and not self.read_only)

    # -- adding ------------------------------------------------------------------------
    def add_by_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "选择要添加的附件", "", FILE_FILTER)
        if files:
            self.add_paths([Path(f) for f in files])

    def add_paths(self, paths: list[Path]) -> int:
        """Add files (stored at once when bound to a saved record). Returns how many were added."""
        paths = [p for p in paths if p.is_file()]
        if not paths or self.read_only or not self.owner_table:
            return 0
        if self.owner_id is None:
            self._pending += [p for p in paths if p not in self._pending]
            self.reload()
            self.changed.emit()
            return len(paths)
        added = 0
        for p in paths:
            try:
                attachments.add_file(p, self.owner_table, self.owner_id, role=self.role)
                added += 1
            except Exception as exc:  # noqa: BLE001 - every failure is shown; the rest still go in
                show_error(self, exc, f"附件「{p.name}」未添加")
        self.reload()
        if added:
            self.changed.emit()
        return added

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if not self.read_only and self.owner_table and event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: ANN001, N802
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if self.add_paths(paths):
            event.acceptProposedAction()

    # -- opening and removing ---------------------------------------------------------
    def selected_path(self) -> Path | None:
        items = self.list.selectedItems()
        return Path(items[0].data(_ROLE_PATH)) if items else None

    def open_selected(self) -> None:
        path = self.selected_path()
        if path is None:
            return
        if not path.is_file():
            QMessageBox.warning(self, "无法打开", f"存档文件不存在：{path}\n可在“检查数据”中查看附件存档情况。")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def remove_selected(self, confirm: bool = True) -> None:
        items = self.list.selectedItems()
        if not items or self.read_only:
            return
        item = items[0]
        link_id = item.data(_ROLE_LINK)
        if link_id is None:
            self._pending = [p for p in self._pending if str(p) != item.data(_ROLE_PATH)]
            self.reload()
            self.changed.emit()
            return
        if confirm and QMessageBox.question(
                self, "移除附件", f"从此记录中移除附件「{item.text()}」？\n（其他记录仍在使用的文件不会被删除）"
        ) != QMessageBox.StandardButton.Yes:
            return
        try:
            attachments.remove_link(int(link_id))
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
        self.reload()
        self.changed.emit()
