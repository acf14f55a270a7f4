"""Start-up paths: screenshots without a display, the no-display message, Qt stability."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest


def test_screenshot_mode_renders_every_tab(tmp_path: Path) -> None:
    out = tmp_path / "shots"
    db = tmp_path / "s.sqlite3"
    proc = subprocess.run(
        [sys.executable, "-m", "yanxiu_desktop", "--db", str(db), "--demo", "--screenshot", str(out)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    pngs = sorted(p.name for p in out.glob("*.png"))
    assert pngs == ["01-groups.png", "02-calendar.png", "03-attendance.png", "04-observation.png",
                    "05-portfolio.png", "06-reports.png"]
    assert all((out / p).stat().st_size > 10_000 for p in pngs)


def test_no_display_says_so(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from yanxiu_desktop.ui import app

    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(app.sys, "platform", "linux")
    assert app.main(["--db", "unused.sqlite3"]) == 1
    err = capsys.readouterr().err
    assert "没有检测到图形显示" in err and "--screenshot" in err


def test_bad_database_file_is_reported(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_text("这不是数据库", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "yanxiu_desktop", "--db", str(bogus), "--screenshot",
                           str(tmp_path / "x")], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "不是研修通数据库" in proc.stderr
    assert bogus.read_text(encoding="utf-8") == "这不是数据库"


def test_twenty_thousand_qt_calls_do_not_abort(tmp_path: Path) -> None:
    """PySide6 6.12 on Python 3.11 aborts (none_dealloc) after a few thousand void calls: guard the pin."""
    script = textwrap.dedent("""
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtWidgets import QApplication, QLabel, QLineEdit
        app = QApplication([])
        label, edit = QLabel(), QLineEdit()
        for i in range(5000):
            label.setText(str(i)); edit.setText(str(i)); label.show(); app.processEvents()
        print("ok", label.text())
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "ok 4999"


def test_qt_dialogs_speak_chinese_and_bundled_font_is_registered(qapp) -> None:  # noqa: ANN001
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QDialogButtonBox

    from yanxiu_desktop.ui.app import create_app

    create_app()
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Yes)
    assert sorted(b.text() for b in box.buttons()) == sorted(["取消", "是(&Y)"])
    # The bundled font is the fallback that makes Chinese render on a PC with no Chinese font.
    assert "Yanxiu Song" in QFontDatabase.families()
    assert "Yanxiu Song" in qapp.font().families()


def test_printing_is_warmed_up_in_the_background() -> None:
    import sys as _sys

    from yanxiu_desktop.pdf import fonts
    from yanxiu_desktop.ui.app import warm_up_printing

    warm_up_printing().join(timeout=60)
    assert "reportlab" in _sys.modules
    assert fonts.font_file(fonts.SONG).is_file()
