"""Peak RSS of the GUI after visiting every tab with the large database (offscreen, fresh process),
against a bare PySide6 QMainWindow with six tabs, same run. Goal ≤ 250 MB.

The app child starts as ``ui.app.main`` does (lock, quick check, fonts, MainWindow, the start backup),
then shows each of the six tabs in turn, processing events for a moment on each, and reads the peak RSS
with ``resource.getrusage`` (ru_maxrss, KiB on Linux).

    .venv/bin/python bench/memory.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import sys

import _common

GOAL_MB = 250.0

APP_CHILD = """
import json, resource, sys, time
from pathlib import Path
from yanxiu_desktop.ui.app import create_app
from yanxiu_desktop.ui.startup import open_store_safely
from yanxiu_desktop.store import audit
app = create_app([sys.argv[0]])
db = Path(sys.argv[1])
lock = open_store_safely(db, interactive=False)
audit.set_operator("bench")
from yanxiu_desktop.ui.main_window import MainWindow
w = MainWindow(db)
w.show()
app.processEvents()
start_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
w.safety.auto_backup("start")
per_tab = []
for i in range(w.tabs.count()):
    t0 = time.perf_counter()
    w.tabs.setCurrentIndex(i)  # builds the tab on its first visit
    app.processEvents()
    opened = time.perf_counter() - t0
    end = time.monotonic() + 0.3
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    per_tab.append((w.tabs.tabText(i), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, opened))
print(json.dumps({"start_kb": start_kb, "per_tab": per_tab,
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

BARE_CHILD = """
import json, resource, sys, time
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget
app = QApplication([sys.argv[0]])
w = QMainWindow()
tabs = QTabWidget()
for i in range(6):
    tabs.addTab(QWidget(), "标签" + str(i + 1))
w.setCentralWidget(tabs)
w.resize(1280, 800)
w.show()
for i in range(6):
    tabs.setCurrentIndex(i)
    end = time.monotonic() + 0.05
    while time.monotonic() < end:
        app.processEvents()
print(json.dumps({"peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=3)
    args, _ = p.parse_known_args(argv)
    db = _common.large_db()
    apps, bares = [], []
    for _ in range(args.runs):
        apps.append(_common.run_child(APP_CHILD, str(_common.working_copy(db))))
        bares.append(_common.run_child(BARE_CHILD))
    peak = _common.median([a["peak_kb"] for a in apps]) / 1024
    bare = _common.median([b["peak_kb"] for b in bares]) / 1024
    start = _common.median([a["start_kb"] for a in apps]) / 1024
    last = apps[-1]
    rows = [("bare QMainWindow, 6 tabs", f"{bare:.0f} MB", "", "", ""),
            ("研修通 at first paint", f"{start:.0f} MB", "", "", "")]
    for i, (name, kb, _opened) in enumerate(last["per_tab"]):
        opened = _common.median([a["per_tab"][i][2] for a in apps])
        rows.append((f"  after tab {name}", f"{kb / 1024:.0f} MB", _common.ms(opened), "", ""))
    rows.append(("研修通 peak, every tab visited", f"{peak:.0f} MB", "", f"≤ {GOAL_MB:.0f} MB",
                 _common.verdict(peak, GOAL_MB)))
    _common.print_table(f"peak RSS (ru_maxrss), median of {args.runs}, large database",
                        ("case", "peak RSS", "tab first shown in", "goal", ""), rows)
    return {"memory_peak_mb": peak, "memory_bare_mb": bare}


if __name__ == "__main__":
    out = main()
    if "--json" in sys.argv:
        print(json.dumps(out))
