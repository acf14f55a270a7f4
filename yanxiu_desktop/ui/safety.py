"""The 数据 menu, term closing, and automatic backups (start, close, every 30 minutes after changes)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMessageBox, QPushButton

from yanxiu_desktop import APP_NAME
from yanxiu_desktop.store.backup import BackupInfo
from yanxiu_desktop.ui.context import show_error

AUTO_BACKUP_MINUTES = 30


class SafetyController(QObject):
    """Owned by the main window; everything here calls store/domain functions and reports in Chinese."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.dirty = False
        self.last_backup: BackupInfo | None = None
        self.damaged_warned = False
        self._build_menus()
        self.timer = QTimer(self)
        self.timer.setInterval(AUTO_BACKUP_MINUTES * 60 * 1000)
        self.timer.timeout.connect(self.on_timer)
        self.timer.start()
        self.ctx.data_changed.connect(self._mark_dirty)
        self.ctx.semester_changed.connect(lambda _s: self._update_term_actions())
        self.reminder = QPushButton()
        self.reminder.setFlat(True)
        self.reminder.setStyleSheet("color: #b71c1c;")
        self.reminder.clicked.connect(self.backup_to_usb)
        self.reminder.hide()
        window.statusBar().addPermanentWidget(self.reminder)
        self.update_reminder()
        self._update_term_actions()

    # -- menus ---------------------------------------------------------------------
    def _action(self, text: str, slot, menu) -> QAction:  # noqa: ANN001
        act = QAction(text, self.window)
        act.triggered.connect(slot)
        menu.addAction(act)
        return act

    def _build_menus(self) -> None:
        w = self.window
        bar = w.menuBar()
        m = bar.addMenu("数据(&D)")
        settings = getattr(w, "menu_settings", None)
        if settings is not None:  # 文件 学期 数据 设置 帮助
            bar.insertMenu(settings.menuAction(), m)
        self.menu_data = m
        self.act_backup = self._action("立即备份(&B)", self.backup_now_manual, m)
        self.act_usb = self._action("备份到U盘(&U)…", self.backup_to_usb, m)
        self.act_restore = self._action("从备份恢复(&R)…", self.restore, m)
        m.addSeparator()
        self.act_check = self._action("检查数据库(&C)…", self.check, m)
        self.act_audit = self._action("审计日志(&L)…", self.audit_log, m)
        term = getattr(w, "menu_term", None) or bar.addMenu("学期(&T)")
        term.addSeparator()
        self.act_close_term = self._action("结束学期并归档(&A)…", self.close_term, term)
        self.act_reopen_term = self._action("重新开启学期(&O)…", self.reopen_term, term)

    def _update_term_actions(self) -> None:
        sem = self.ctx.semester
        self.act_close_term.setEnabled(sem is not None and not sem.closed)
        self.act_reopen_term.setEnabled(sem is not None and bool(sem.closed))

    # -- automatic backups ---------------------------------------------------------------
    def _mark_dirty(self, _area: str) -> None:
        self.dirty = True

    def auto_backup(self, reason: str) -> BackupInfo | None:
        """A backup that must never interrupt work: failures go to the status bar (damage: one warning)."""
        from yanxiu_desktop.store.backup import BackupError, DamagedDatabaseError, backup_now

        try:
            info = backup_now(reason, self.ctx.db_path)
        except DamagedDatabaseError as exc:
            if not self.damaged_warned:
                self.damaged_warned = True
                QMessageBox.critical(self.window, APP_NAME, str(exc))
            return None
        except BackupError as exc:
            self.ctx.status_message.emit(f"自动备份失败：{exc}")
            return None
        self.dirty = False
        self.last_backup = info
        self.ctx.status_message.emit(f"已自动备份（{info.reason_label}）：{info.created:%H:%M}")
        return info

    def on_timer(self) -> None:
        if self.dirty:
            self.auto_backup("timer")

    def on_close(self) -> None:
        self.timer.stop()
        if self.dirty:
            self.auto_backup("close")

    def update_reminder(self) -> None:
        from yanxiu_desktop.store.bundle import external_backup_overdue
        from yanxiu_desktop.store.models import Teacher

        days = external_backup_overdue()
        if days is None or not Teacher.select().exists():
            self.reminder.hide()
            return
        text = "尚未备份到U盘" if days < 0 else f"已 {days} 天没有备份到U盘"
        self.reminder.setText(f"⚠ {text}，点此备份")
        self.reminder.show()

    # -- actions ----------------------------------------------------------------------
    def backup_now_manual(self) -> None:
        from yanxiu_desktop.store.backup import backup_now

        try:
            info = backup_now("manual", self.ctx.db_path)
        except Exception as exc:
            show_error(self.window, exc, "备份未完成")
            return
        self.dirty = False
        self.last_backup = info
        QMessageBox.information(self.window, APP_NAME, f"备份完成并已校验：\n{info.path}")

    def backup_to_usb(self) -> None:
        from yanxiu_desktop.ui.dialogs.backup import backup_to_usb

        if backup_to_usb(self.window, self.ctx.db_path) is not None:
            self.update_reminder()

    def restore(self) -> None:
        from yanxiu_desktop.store.bundle import restore
        from yanxiu_desktop.store.db import close_database, open_database
        from yanxiu_desktop.ui.dialogs.backup import choose_and_preview

        info = choose_and_preview(self.window, self.ctx.db_path)
        if info is None:
            return
        path = self.ctx.db_path
        close_database()
        try:
            result = restore(info.path, path)
        except Exception as exc:
            open_database(path)
            show_error(self.window, exc, "恢复未完成")
            return
        try:
            open_database(path)
        except Exception as exc:
            show_error(self.window, exc, "恢复后无法打开数据库")
            return
        self.dirty = False
        self.ctx.changed("all")
        self.ctx.refresh_semester()
        self.update_reminder()
        kept = f"\n原数据库已另存为：{result.kept_as}" if result.kept_as else ""
        QMessageBox.information(self.window, APP_NAME, f"已从备份恢复（{info.created.replace('T', ' ')}）。{kept}")

    def check(self) -> None:
        from yanxiu_desktop.ui.dialogs.backup import check_database_dialog

        check_database_dialog(self.window).exec()

    def audit_log(self) -> None:
        from yanxiu_desktop.ui.dialogs.audit_log import AuditLogDialog

        AuditLogDialog(self.window).exec()

    def _term_dialog(self, reopen: bool) -> None:
        from yanxiu_desktop.ui.dialogs.term_close import TermCloseDialog

        sem = self.ctx.semester
        if sem is None:
            QMessageBox.information(self.window, APP_NAME, "请先在工具栏选择一个学期。")
            return
        dlg = TermCloseDialog(self.window, sem, reopen=reopen)
        if dlg.exec():
            self.ctx.refresh_semester()
            self.ctx.changed("semesters")
            self._update_term_actions()
            done = "已重新开启" if reopen else "已结束并归档"
            self.ctx.status_message.emit(f"学期{done}")

    def close_term(self) -> None:
        self._term_dialog(reopen=False)

    def reopen_term(self) -> None:
        self._term_dialog(reopen=True)
