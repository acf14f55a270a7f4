"""The main window fits the office PC's screen: 1024×768 (and the common 1366×768 laptop) with the taskbar."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QTabWidget

# 1024 minus the window frame; 768 minus the Windows taskbar (40) and title bar (~30).
MAX_WIDTH, MAX_HEIGHT = 1010, 698


def _visit_everything(win) -> None:  # noqa: ANN001
    """Show every tab and every page inside it: lazily built tabs only count once they exist."""
    app = QApplication.instance()
    for i in range(win.tabs.count()):
        win.tabs.setCurrentIndex(i)
        app.processEvents()
        for inner in win.tabs.widget(i).findChildren(QTabWidget):
            for j in range(inner.count()):
                inner.setCurrentIndex(j)
                app.processEvents()


def test_main_window_fits_a_1024_by_768_screen(main_window) -> None:  # noqa: ANN001
    _visit_everything(main_window)
    need = main_window.minimumSizeHint().expandedTo(main_window.minimumSize())
    assert need.width() <= MAX_WIDTH, f"main window needs {need.width()} px wide"
    assert need.height() <= MAX_HEIGHT, f"main window needs {need.height()} px high"
    main_window.resize(MAX_WIDTH, MAX_HEIGHT)
    QApplication.instance().processEvents()
    assert (main_window.width(), main_window.height()) == (MAX_WIDTH, MAX_HEIGHT)


def test_chart_axis_uses_round_steps() -> None:
    from yanxiu_desktop.ui.widgets.charts import axis_scale

    assert axis_scale(100) == (100, 25, 4)  # a percentage axis
    assert axis_scale(46) == (60, 20, 3)  # 学时 against a requirement of 40–46
    assert axis_scale(37) == (40, 10, 4)
    assert axis_scale(5) == (6, 2, 3)
    assert axis_scale(0) == (1.0, 0.25, 4)  # no data still draws an axis
    top, step, intervals = axis_scale(0.3)
    assert top >= 0.3 and abs(step * intervals - top) < 1e-9


def test_attendance_page_puts_teachers_beside_groups(main_window) -> None:  # noqa: ANN001
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QSplitter

    _visit_everything(main_window)
    tab = main_window.tabs.widget(5)
    pages = tab.findChild(QTabWidget)
    page = pages.widget(1)
    assert pages.tabText(1) == "考勤统计"
    assert isinstance(page, QSplitter) and page.orientation() == Qt.Orientation.Horizontal
    assert page.count() == 2


def test_windows_open_no_larger_than_the_screen(qtbot) -> None:  # noqa: ANN001
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout

    from yanxiu_desktop.ui.widgets.common import FRAME_HEIGHT, FRAME_WIDTH, initial_size

    room = QGuiApplication.primaryScreen().availableGeometry()
    dlg = QDialog()
    qtbot.addWidget(dlg)
    QVBoxLayout(dlg).addWidget(QLabel("听课记录"))
    initial_size(dlg, 5000, 5000)  # e.g. the PDF preview asks for 820×900
    assert dlg.width() <= room.width() - FRAME_WIDTH and dlg.height() <= room.height() - FRAME_HEIGHT
    initial_size(dlg, 300, 200)  # smaller than the screen: exactly what was asked
    assert (dlg.width(), dlg.height()) == (300, 200)
