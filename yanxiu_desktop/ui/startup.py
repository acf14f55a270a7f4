"""Opening the store for the GUI: one writer (lock), a quick check first, the way out when damaged."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from yanxiu_desktop import APP_NAME
from yanxiu_desktop.store.backup import BackgroundQuickCheck, damaged_message, quick_check_file
from yanxiu_desktop.store.db import StoreError, open_database
from yanxiu_desktop.store.lock import DatabaseLock, LockedError

CLI_WAIT_SECONDS = 3.0  # a command-line run holds the lock for a moment only


def _report(message: str, interactive: bool) -> None:
    if interactive:
        QMessageBox.critical(None, APP_NAME, message)
    else:
        print(message, file=sys.stderr)


def offer_restore(db_path: Path, message: str) -> bool:
    """Damaged file at start: offer the restore right here (the main window cannot open). True if restored."""
    from yanxiu_desktop.store.bundle import restore
    from yanxiu_desktop.ui.dialogs.backup import choose_and_preview

    answer = QMessageBox.critical(None, APP_NAME, message + "\n\n现在选择一个备份来恢复吗？",
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    info = choose_and_preview(None, db_path)
    if info is None:
        return False
    try:
        result = restore(info.path, db_path)
    except StoreError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return False
    QMessageBox.information(None, APP_NAME, f"已从备份恢复。损坏的数据库已另存为：\n{result.kept_as}")
    return True


def open_store_safely(db_path: Path, interactive: bool = True,
                      early_check: BackgroundQuickCheck | None = None) -> DatabaseLock | None:
    """Take the writer lock, quick-check the file, open it. None (after telling the user) if it cannot.

    *early_check*, started at launch, stands for the first check unless another program held the lock
    meanwhile (its writes came after that check, so the file is checked again)."""
    lock = DatabaseLock(db_path, "gui")
    deadline = time.monotonic() + CLI_WAIT_SECONDS
    while True:
        try:
            lock.acquire()
            break
        except LockedError as exc:
            early_check = None
            if exc.holder.kind == "cli" and time.monotonic() < deadline:
                time.sleep(0.2)
                continue
            _report(str(exc), interactive)
            return None
    try:
        for _ in range(3):
            problems = early_check.result() if early_check is not None else quick_check_file(db_path)
            early_check = None
            if not problems:
                open_database(db_path)
                return lock
            message = damaged_message(db_path, problems)
            if not (interactive and offer_restore(db_path, message)):
                if not interactive:
                    _report(message, interactive)
                break
    except StoreError as exc:
        _report(str(exc), interactive)
    lock.release()
    return None
