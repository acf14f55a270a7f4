"""The 数据 menu, restore preview, term close dialogs, audit log, automatic backups, single instance."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog

from yanxiu_desktop.store import backup as bk
from yanxiu_desktop.store import bundle
from yanxiu_desktop.store.models import Semester, Teacher


def _menu_texts(win) -> dict[str, list[str]]:  # noqa: ANN001
    out = {}
    for act in win.menuBar().actions():
        out[act.text()] = [a.text() for a in act.menu().actions() if a.text()]
    return out


def test_menus_exist_in_order(main_window) -> None:  # noqa: ANN001
    menus = _menu_texts(main_window)
    titles = list(menus)
    assert titles.index("数据(&D)") < titles.index("设置(&S)")
    assert menus["数据(&D)"] == ["立即备份(&B)", "备份到U盘(&U)…", "从备份恢复(&R)…", "检查数据库(&C)…",
                                "审计日志(&L)…"]
    assert {"结束学期并归档(&A)…", "重新开启学期(&O)…"} <= set(menus["学期(&T)"])
    s = main_window.safety
    assert s.act_close_term.isEnabled() and not s.act_reopen_term.isEnabled()


def test_backup_now_and_usb_backup(main_window, no_modal, tmp_path: Path,  # noqa: ANN001
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    s = main_window.safety
    assert s.reminder.isVisibleTo(main_window) and "U盘" in s.reminder.text()
    s.act_backup.trigger()
    assert [b.reason for b in bk.list_backups()] == ["manual"]
    assert "备份完成" in no_modal[-1][1]
    target = tmp_path / "U盘" / "备份.yxbak"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    s.act_usb.trigger()
    assert target.exists() and bundle.read_bundle(target).ok
    assert "教师 60" in no_modal[-1][1]
    assert not s.reminder.isVisibleTo(main_window)  # reminder gone after the USB backup


def test_restore_preview_shows_counts(qtbot, demo_db: Path, tmp_path: Path) -> None:  # noqa: ANN001
    from yanxiu_desktop.ui.dialogs.backup import RestorePreviewDialog

    info = bundle.write_bundle(tmp_path / "b.yxbak", demo_db)
    dlg = RestorePreviewDialog(None, bundle.read_bundle(info.path), {"teacher": 61})
    qtbot.addWidget(dlg)
    assert dlg.count_labels["teacher"].text() == "60　（当前数据库：61）"
    assert dlg.count_labels["semester"].text().startswith("2")
    assert dlg.ok_button.isEnabled()
    dlg.grab().save(str(tmp_path.parent / "restore_preview.png"))
    bad = tmp_path / "bad.yxbak"
    bad.write_bytes(b"PK\x03\x04broken")
    dlg2 = RestorePreviewDialog(None, bundle.read_bundle(bad))
    qtbot.addWidget(dlg2)
    assert not dlg2.ok_button.isEnabled()


def test_restore_from_menu_replaces_data_and_keeps_old(main_window, no_modal, tmp_path: Path,  # noqa: ANN001
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from yanxiu_desktop.ui.dialogs.backup import RestorePreviewDialog

    info = bundle.write_bundle(tmp_path / "b.yxbak", main_window.ctx.db_path)
    Teacher.create(school=1, name="恢复后应消失")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(info.path), ""))
    shown = []
    monkeypatch.setattr(RestorePreviewDialog, "exec", lambda self: shown.append(self) or 1)
    main_window.safety.act_restore.trigger()
    assert shown and shown[0].count_labels["teacher"].text().startswith("60")
    assert Teacher.select().count() == 60
    assert "已从备份恢复" in no_modal[-1][1]
    [kept] = [b for b in bk.list_backups() if b.reason == "restore"]
    assert "原数据库已另存为" in no_modal[-1][1] and str(kept.path) in no_modal[-1][1]


def test_term_close_and_reopen_dialogs(main_window, qtbot, no_modal, tmp_path: Path) -> None:  # noqa: ANN001
    from yanxiu_desktop.ui.dialogs.term_close import TermCloseDialog

    sem = main_window.ctx.semester
    dlg = TermCloseDialog(main_window, sem)
    qtbot.addWidget(dlg)
    dlg.reason.setPlainText("已报送县教育局")
    dlg.grab().save(str(tmp_path.parent / "term_close.png"))
    # The demo term is running and has planned activities: the dialog says so and wants a tick first.
    assert any("“计划”状态" in c for c in dlg.concerns) and not dlg.ok_button.isEnabled()
    dlg.confirm.setChecked(True)
    assert dlg.ok_button.isEnabled()
    dlg.accept()
    assert Semester.get_by_id(sem.id).closed and dlg.backup_path is not None
    main_window.ctx.refresh_semester()
    main_window.safety._update_term_actions()
    assert main_window.safety.act_reopen_term.isEnabled()
    re = TermCloseDialog(main_window, Semester.get_by_id(sem.id), reopen=True)
    qtbot.addWidget(re)
    assert not re.ok_button.isEnabled()  # a reason is required
    re.reason.setPlainText("更正第三周考勤")
    assert re.ok_button.isEnabled()
    re.accept()
    assert not Semester.get_by_id(sem.id).closed


def test_audit_log_dialog_search_and_one_record(qtbot, demo_db: Path, tmp_path: Path) -> None:  # noqa: ANN001
    from yanxiu_desktop.domain import term_close
    from yanxiu_desktop.ui.dialogs.audit_log import AuditLogDialog

    sem = Semester.select().first()
    term_close.close_term(sem.id, "期末归档")
    term_close.reopen_term(sem.id, "更正考勤")
    dlg = AuditLogDialog(None)
    qtbot.addWidget(dlg)
    total = dlg.model.rowCount()
    assert total >= 2
    dlg.search.setText("更正")
    assert dlg.model.rowCount() == 1 and dlg.model.rows[0].reason == "更正考勤"
    dlg.resize(980, 400)
    dlg.grab().save(str(tmp_path.parent / "audit_log.png"))
    one = AuditLogDialog(None, table="semester", row_id=sem.id)
    qtbot.addWidget(one)
    assert [r.reason for r in one.model.rows] == ["更正考勤", "期末归档"]
    assert not one.table_box.isEnabled() and one.windowTitle() == "修改记录"


def test_check_dialog(qtbot, demo_db: Path) -> None:  # noqa: ANN001
    from yanxiu_desktop.ui.dialogs.backup import check_database_dialog

    dlg = check_database_dialog(None)
    qtbot.addWidget(dlg)
    text = dlg.text.toPlainText()
    assert "完整性检查：通过" in text and "审计日志链：完整" in text


def test_automatic_backups_only_when_changed(main_window) -> None:  # noqa: ANN001
    s = main_window.safety
    assert s.timer.interval() == 30 * 60 * 1000 and s.timer.isActive()
    s.on_timer()
    assert bk.list_backups() == []  # nothing changed, nothing to back up
    main_window.ctx.changed("teachers")
    s.on_timer()
    assert [b.reason for b in bk.list_backups()] == ["timer"]
    main_window.ctx.changed("attendance")
    main_window.close()
    assert bk.list_backups()[0].reason == "close"


def test_second_launch_brings_window_forward(qtbot, demo_db: Path, tmp_path: Path) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QWidget

    from yanxiu_desktop.ui.single_instance import InstanceServer, notify_running

    w = QWidget()
    qtbot.addWidget(w)
    server = InstanceServer(demo_db, w)
    assert server.listening
    assert not notify_running(tmp_path / "other.sqlite3", timeout_ms=100)
    # A real second process knocks, as a second double-click would.
    code = ("import sys; from PySide6.QtCore import QCoreApplication; app = QCoreApplication([]);"
            "from yanxiu_desktop.ui.single_instance import notify_running;"
            f"sys.exit(0 if notify_running(__import__('pathlib').Path(r'{demo_db}')) else 3)")
    proc = subprocess.Popen([sys.executable, "-c", code])
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=10000)
    assert proc.returncode == 0
    qtbot.waitUntil(lambda: server.raised == 1, timeout=3000)


def test_operator_asked_and_remembered(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    from yanxiu_desktop.ui.app import create_app
    from yanxiu_desktop.ui.dialogs.operator import ask_operator

    create_app()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("李主任", True))
    assert ask_operator(None, "admin") == "李主任"
    seen = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: seen.append(a[-1]) or ("", False))
    assert ask_operator(None, "admin") == "李主任"  # cancelled: the remembered name
    assert seen == ["李主任"]  # offered as the default


def test_start_refuses_damaged_or_locked_database(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.store.test_backup import corrupt
    from yanxiu_desktop.store.db import close_database, database
    from yanxiu_desktop.store.lock import lock_path_for
    from yanxiu_desktop.ui.startup import open_store_safely

    good = bk.backup_now("manual")
    database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_database()
    corrupt(demo_db)
    assert open_store_safely(demo_db, interactive=False) is None
    err = capsys.readouterr().err
    assert "已损坏" in err and str(good.path) in err
    assert not lock_path_for(demo_db).exists()
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        lock_path_for(demo_db).write_text(
            f'{{"pid": {other.pid}, "hostname": "{__import__("socket").gethostname()}", '
            f'"started": "{_now()}", "kind": "gui"}}', encoding="utf-8")
        assert open_store_safely(demo_db, interactive=False) is None
        assert "窗口程序" in capsys.readouterr().err
    finally:
        other.kill()
        other.wait()



def test_second_launch_during_start_up_waits_for_the_first(qtbot, demo_db: Path) -> None:  # noqa: ANN001
    from yanxiu_desktop.store.lock import DatabaseLock
    from yanxiu_desktop.ui.single_instance import InstanceServer, wait_for_running

    assert not wait_for_running(demo_db, seconds=1)  # nobody holds it: start normally
    with DatabaseLock(demo_db, "gui"):
        server = InstanceServer(demo_db)  # listening before the window exists
        try:
            assert wait_for_running(demo_db, seconds=2)
        finally:
            server.server.close()


def test_start_check_runs_early_and_still_refuses_a_damaged_file(demo_db: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    from tests.store.test_backup import corrupt
    from yanxiu_desktop.store.db import close_database, database
    from yanxiu_desktop.ui.startup import open_store_safely

    database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_database()
    corrupt(demo_db)
    early = bk.BackgroundQuickCheck(demo_db)  # as app.main starts it, before Qt has loaded
    assert early.result()  # the problems are found on the thread ...
    assert open_store_safely(demo_db, interactive=False, early_check=early) is None  # ... and never opened
    assert "已损坏" in capsys.readouterr().err


def test_early_check_is_redone_when_a_command_held_the_database(demo_db: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A 命令行 run that held the lock wrote after the early check: the file is checked again."""
    import threading

    from yanxiu_desktop.store.db import close_database
    from yanxiu_desktop.store.lock import lock_path_for
    from yanxiu_desktop.ui import startup

    close_database()
    early = bk.BackgroundQuickCheck(demo_db)
    early.result()
    checked: list[Path] = []
    monkeypatch.setattr(startup, "quick_check_file", lambda p: checked.append(p) or [])
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])  # the command's process
    try:
        lock_path_for(demo_db).write_text(
            f'{{"pid": {other.pid}, "hostname": "{__import__("socket").gethostname()}", '
            f'"started": "{_now()}", "kind": "cli"}}', encoding="utf-8")
        threading.Timer(0.3, lock_path_for(demo_db).unlink).start()  # the command finishes
        lock = startup.open_store_safely(demo_db, interactive=False, early_check=early)
    finally:
        other.kill()
        other.wait()
    try:
        assert lock is not None
        assert checked == [demo_db]
    finally:
        close_database()
        lock.release()


def test_start_without_a_running_window_does_not_load_qtnetwork(demo_db: Path) -> None:
    code = ("import sys, pathlib; from yanxiu_desktop.ui.single_instance import wait_for_running;"
            f"assert not wait_for_running(pathlib.Path(r'{demo_db}'), seconds=1);"
            "sys.exit(3 if 'PySide6.QtNetwork' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def _now() -> str:
    """A lock's time as a running program writes it (one from before the computer started is stale)."""
    import datetime as dt

    return dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")
