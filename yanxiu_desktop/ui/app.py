"""GUI bootstrap: QApplication, Chinese Qt translations, bundled font, open the store, main window."""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from yanxiu_desktop import APP_NAME, __version__

UI_FONT_FILES = ("YanxiuSong-Regular.ttf", "YanxiuHei-Bold.ttf")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="yanxiu-desktop", description=f"{APP_NAME}（校本研修管理）")
    p.add_argument("--db", metavar="PATH", help="数据库文件（默认：环境变量 YANXIU_DB 或用户数据目录）")
    p.add_argument("--screenshot", metavar="DIR", help="把每个标签页渲染成 PNG 保存到 DIR 后退出（无需显示器）")
    p.add_argument("--demo", action="store_true", help="数据库为空时直接生成演示数据（不询问）")
    p.add_argument("--operator", metavar="NAME", help="操作人姓名（写入审计日志）")
    p.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}", help="显示版本号并退出")
    return p.parse_args(argv)


def _has_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def install_fonts_and_translations(app) -> None:
    """Chinese must render on a machine with no Chinese font, and Qt's own dialogs must speak Chinese."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
    from PySide6.QtGui import QFont, QFontDatabase

    from yanxiu_desktop.paths import resource_path

    families: list[str] = []
    for name in UI_FONT_FILES:
        path = resource_path("fonts", name)
        if path.exists():
            fid = QFontDatabase.addApplicationFont(str(path))
            if fid >= 0:
                families.extend(QFontDatabase.applicationFontFamilies(fid))
    font = QFont(app.font())
    # System fonts first (微软雅黑 on Windows looks best on screen), bundled font as the fallback.
    preferred = ["Microsoft YaHei", "微软雅黑", "Noto Sans CJK SC", "WenQuanYi Micro Hei"]
    font.setFamilies([*preferred, *dict.fromkeys(families)])
    font.setPointSize(10)
    app.setFont(font)

    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    trans_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for base in ("qtbase_zh_CN", "qt_zh_CN"):
        tr = QTranslator(app)
        if tr.load(base, trans_dir):
            app.installTranslator(tr)
            app._yanxiu_translators = [*getattr(app, "_yanxiu_translators", []), tr]
            break


def warm_up_printing() -> threading.Thread:
    """Load ReportLab and parse the two CJK fonts (~0.3 s) in the background once the window is up,
    so the first 签到表 the user prints comes out as fast as the later ones. A failure here is ignored:
    the print itself reports it properly."""

    def work() -> None:
        try:
            from yanxiu_desktop.pdf.fonts import register_fonts

            register_fonts()
        except Exception:  # noqa: BLE001 - the real print path shows the error to the user
            pass

    thread = threading.Thread(target=work, name="warm-up-printing", daemon=True)
    thread.start()
    return thread


def create_app(argv: Sequence[str] | None = None):
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(list(argv or [sys.argv[0]]))
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("yanxiu")
    if not getattr(app, "_yanxiu_ready", False):
        from PySide6.QtGui import QIcon

        from yanxiu_desktop.paths import resource_path

        icon = resource_path("icons", "yanxiu.png")  # drawn by packaging/make_icon.py
        if icon.is_file():
            app.setWindowIcon(QIcon(str(icon)))
        install_fonts_and_translations(app)
        app._yanxiu_ready = True
    return app


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif not _has_display():
        print("没有检测到图形显示（DISPLAY 未设置），无法打开窗口。\n"
              "可以在有桌面的电脑上运行，或用 --screenshot 目录 把每个标签页保存为图片查看，例如：\n"
              "  yanxiu-desktop --demo --screenshot screenshots", file=sys.stderr)
        return 1

    from yanxiu_desktop.paths import default_db_path
    from yanxiu_desktop.store.backup import BackgroundQuickCheck

    db_path = Path(args.db) if args.db else default_db_path()
    early_check = BackgroundQuickCheck(db_path)  # runs while Qt loads; waited for before the file opens

    from yanxiu_desktop.store import audit
    from yanxiu_desktop.store.db import close_database

    app = create_app([sys.argv[0]])
    from yanxiu_desktop.ui.single_instance import InstanceServer, wait_for_running

    if not args.screenshot and wait_for_running(db_path):
        return 0  # the running window came forward
    from yanxiu_desktop.ui.startup import open_store_safely

    lock = open_store_safely(db_path, interactive=not args.screenshot, early_check=early_check)
    if lock is None:
        return 1
    server = None
    if not args.screenshot:
        # Listening starts before the window exists (opening a big file, building demo data take time),
        # so a second launch during start-up is answered; it also keeps knocking while this one starts.
        server = InstanceServer(db_path, parent=app)
    fallback = os.environ.get("USERNAME") or os.environ.get("USER") or ""
    if args.operator or args.screenshot:
        audit.set_operator(args.operator or fallback)
    else:
        from yanxiu_desktop.ui.dialogs.operator import ask_operator

        audit.set_operator(ask_operator(None, fallback))

    from yanxiu_desktop.ui.main_window import MainWindow, offer_demo_data

    try:
        offer_demo_data(interactive=not (args.screenshot or args.demo), build=args.demo or None)
        window = MainWindow(db_path)
        if args.screenshot:
            written = window.save_screenshots(Path(args.screenshot))
            for path in written:
                print(path)
            return 0
        server.window = window
        window.show()
        # The start backup (quick check + VACUUM INTO + verify: ~0.5 s for ten years of data) runs once the
        # window has been painted (a 0 ms timer still runs before the first paint), not before.
        from PySide6.QtCore import QTimer

        QTimer.singleShot(1000, lambda: window.safety.auto_backup("start"))
        QTimer.singleShot(2500, warm_up_printing)
        return app.exec()
    finally:
        close_database()
        lock.release()


if __name__ == "__main__":
    raise SystemExit(main())
