"""备份到U盘…, 从备份恢复… (contents shown before anything is replaced) and 检查数据库…."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop import APP_NAME
from yanxiu_desktop.store.bundle import COUNTED_TABLES, BundleInfo
from yanxiu_desktop.ui.widgets.common import initial_size

_LAST_DIR = "backup/last_dir"


def _last_dir() -> str:
    return str(QSettings().value(_LAST_DIR, "") or Path.home())


class RestorePreviewDialog(QDialog):
    """What the backup holds (date, school, terms, counts) and whether it verified, before restoring."""

    def __init__(self, parent: QWidget | None, info: BundleInfo, current: dict | None = None, warning: str = ""):
        super().__init__(parent)
        self.info = info
        self.setWindowTitle("从备份恢复")
        initial_size(self, 560, 480)
        lay = QVBoxLayout(self)
        head = QLabel(f"<b>备份文件：</b>{info.path.name}")
        head.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(head)
        form = QFormLayout()
        form.addRow("备份时间：", QLabel(info.created.replace("T", " ") or "未知"))
        form.addRow("学校：", QLabel(info.school or "—"))
        terms = "\n".join(t["name"] + ("（已归档）" if t["closed"] else "") for t in info.terms) or "—"
        form.addRow("学期：", QLabel(terms))
        form.addRow("程序版本：", QLabel(f"{info.app_version or '未知'}（数据库架构 {info.schema_version}）"))
        self.count_labels: dict[str, QLabel] = {}
        for key, label in COUNTED_TABLES.items():
            text = str(info.counts.get(key, 0))
            if current is not None and key in current:
                text += f"　（当前数据库：{current[key]}）"
            self.count_labels[key] = QLabel(text)
            form.addRow(f"{label}：", self.count_labels[key])
        form.addRow("附件文件：", QLabel(f"{info.attachments} 个" if info.kind == "bundle" else "（不含附件）"))
        lay.addLayout(form)
        if info.ok:
            status = QLabel("✓ 备份文件校验通过。恢复后当前数据库会先另存为备份，不会丢失。")
            status.setStyleSheet("color: #1b5e20;")
        else:
            status = QLabel("✗ 备份文件校验未通过，不能用它恢复：\n" + "\n".join(info.problems[:8]))
            status.setStyleSheet("color: #b71c1c;")
        status.setWordWrap(True)
        lay.addWidget(status)
        if warning:  # another school's backup
            self.warning = QLabel(warning)
            self.warning.setWordWrap(True)
            self.warning.setStyleSheet("color: #b71c1c; font-weight: bold;")
            lay.addWidget(self.warning)
        lay.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("用此备份恢复")
        self.ok_button.setEnabled(info.ok)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)


class CheckDialog(QDialog):
    def __init__(self, parent: QWidget | None, lines: list[str], ok: bool):
        super().__init__(parent)
        self.setWindowTitle("检查数据库")
        initial_size(self, 620, 420)
        lay = QVBoxLayout(self)
        verdict = QLabel("✓ 检查通过，未发现问题。" if ok else
                         "✗ 发现问题。请先“立即备份”保留现状，再用“从备份恢复…”恢复最近的完好备份，"
                         "或联系技术人员。")
        verdict.setWordWrap(True)
        verdict.setStyleSheet("color: #1b5e20;" if ok else "color: #b71c1c;")
        lay.addWidget(verdict)
        self.text = QPlainTextEdit("\n".join(lines))
        self.text.setReadOnly(True)
        lay.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)


def check_database_dialog(parent: QWidget | None) -> CheckDialog:
    from yanxiu_desktop.domain.health import check_database
    from yanxiu_desktop.store.backup import list_backups

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        report = check_database()
    finally:
        QApplication.restoreOverrideCursor()
    lines = [f"数据库：{report.path}", f"架构版本：{report.schema_version}（本程序支持 {report.latest_version}）",
             *report.details, *(f"问题：{p}" for p in report.problems)]
    backups = list_backups()
    lines.append(f"自动备份：{len(backups)} 个" + (f"，最近一次 {backups[0].created}" if backups else ""))
    return CheckDialog(parent, lines, report.ok)


def backup_to_usb(parent: QWidget | None, db_path: Path) -> BundleInfo | None:
    """Ask where, write the one-file backup, report what it holds."""
    from yanxiu_desktop.domain.school import current_school
    from yanxiu_desktop.store.bundle import BUNDLE_SUFFIX, mark_external_backup, write_bundle
    from yanxiu_desktop.ui.context import show_error

    name = f"研修通备份-{current_school().name}-{dt.date.today():%Y%m%d}{BUNDLE_SUFFIX}"
    path, _ = QFileDialog.getSaveFileName(parent, "备份到U盘：选择保存位置", str(Path(_last_dir()) / name),
                                          f"研修通备份 (*{BUNDLE_SUFFIX})")
    if not path:
        return None
    QSettings().setValue(_LAST_DIR, str(Path(path).parent))
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        info = write_bundle(path, db_path)
        mark_external_backup()
    except Exception as exc:
        QApplication.restoreOverrideCursor()
        show_error(parent, exc, "备份未完成")
        return None
    QApplication.restoreOverrideCursor()
    QMessageBox.information(parent, APP_NAME, "备份完成并已校验。\n\n" + "\n".join(info.summary_lines())
                            + "\n\n请妥善保管U盘，最好另存一份在别的电脑上。")
    return info


def choose_and_preview(parent: QWidget | None, db_path: Path) -> BundleInfo | None:
    """Pick a backup file and show its contents; returns it if the user confirmed the restore."""
    from yanxiu_desktop.paths import backup_dir
    from yanxiu_desktop.store.bundle import describe_db, other_school_warning, read_bundle

    start = str(backup_dir(db_path)) if backup_dir(db_path).is_dir() else _last_dir()
    path, _ = QFileDialog.getOpenFileName(parent, "从备份恢复：选择备份文件", start,
                                          "研修通备份 (*.yxbak *.sqlite3);;所有文件 (*)")
    if not path:
        return None
    info = read_bundle(path)
    try:
        current = describe_db(db_path)["counts"]
    except Exception:  # the current file may be the damaged one: show the backup anyway
        current = None
    dlg = RestorePreviewDialog(parent, info, current, other_school_warning(info, db_path))
    if not dlg.exec() or not info.ok:
        return None
    answer = QMessageBox.question(
        parent, "确认恢复",
        f"确定用 {info.created.replace('T', ' ')} 的备份替换当前数据库吗？\n当前数据库会先另存为备份。")
    return info if answer == QMessageBox.StandardButton.Yes else None
