"""Start-up: process start → main window first painted, with the large database, against a bare PySide6
QMainWindow with six tabs started the same way (offscreen), interleaved in the same run. Goal ≤ 2×.

The app child runs the real ``yanxiu_desktop.ui.app.main`` (lock, quick check, fonts, translations,
MainWindow, the start-up backup) on a private copy of the cached database; an application-wide event filter
notes the first Paint of the main window and quits. Also lists the heavy modules already imported then.

    .venv/bin/python bench/startup.py [--runs N] [--profile]
"""

from __future__ import annotations

import argparse
import json
import sys

import _common

GOAL_RATIO = 2.0
HEAVY = ("reportlab", "openpyxl", "pypinyin", "python_calamine", "fontTools", "lxml", "PySide6.QtPdf")

_FIRST_PAINT = """
import json, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
HEAVY = {heavy!r}
state = {{}}
class FirstPaint(QObject):
    def eventFilter(self, obj, ev):
        if (ev.type() == QEvent.Type.Paint and "t" not in state and obj.isWidgetType()
                and isinstance(obj.window(), QMainWindow)):
            state["t"] = time.monotonic()
            state["heavy"] = [m for m in HEAVY if m in sys.modules]
            QTimer.singleShot(0, QApplication.instance().quit)
        return False
"""

# The app child starts the way the ``yanxiu-desktop`` entry point does: import ui.app, call main(), which
# creates the QApplication itself (the first-paint filter is installed right after it is created).
APP_CHILD = """
import json, sys, time
import yanxiu_desktop.ui.app as appmod
_create = appmod.create_app
def create_app(argv=None):
    app = _create(argv)
    if not hasattr(app, "_bench_filter"):
        exec(FIRST_PAINT, globals())
        app._bench_filter = FirstPaint()
        app.installEventFilter(app._bench_filter)
    return app
appmod.create_app = create_app
FIRST_PAINT = {first_paint!r}
rc = appmod.main(["--db", sys.argv[1], "--operator", "bench"])
state["rc"] = rc
print(json.dumps(state))
"""

BARE_CHILD = _FIRST_PAINT + """
from PySide6.QtWidgets import QTabWidget, QWidget
app = QApplication([sys.argv[0]])
f = FirstPaint(); app.installEventFilter(f)
w = QMainWindow()
tabs = QTabWidget()
for i in range(6):
    tabs.addTab(QWidget(), "标签" + str(i + 1))
w.setCentralWidget(tabs)
w.resize(1280, 800)
w.show()
app.exec()
print(json.dumps(state))
"""

PHASES_CHILD = """
import json, sys, time
t0 = time.monotonic()
T = {}
def mark(k):
    T.setdefault(k, round((time.monotonic() - t0) * 1000))
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
mark("PySide6 imported")
import yanxiu_desktop.ui.app as appmod
from yanxiu_desktop.ui import main_window, safety, startup
mark("app modules imported")
class F(QObject):
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint and o.isWidgetType() and isinstance(o.window(), QMainWindow):
            mark("first paint")
            QTimer.singleShot(0, QApplication.instance().quit)
        return False
app = appmod.create_app(["x"])
mark("create_app (fonts, translations)")
f = F(); app.installEventFilter(f)
def wrap(owner, name, label):
    orig = getattr(owner, name)
    def w(*a, **k):
        mark(label + " start"); r = orig(*a, **k); mark(label + " done"); return r
    setattr(owner, name, w)
wrap(startup, "open_store_safely", "lock + quick check + open")
wrap(main_window.MainWindow, "__init__", "MainWindow")
wrap(safety.SafetyController, "auto_backup", "start backup")
appmod.main(["--db", sys.argv[1], "--operator", "bench"])
print(json.dumps(T))
"""

PROFILE_CHILD = """
import cProfile, pstats, sys, time
DB = sys.argv[1]
sys.argv = ["yanxiu-desktop"]
from yanxiu_desktop.ui.app import create_app
import yanxiu_desktop.ui.app as appmod
def run():
    app = create_app(["x"])
    from PySide6.QtCore import QTimer
    QTimer.singleShot(0, app.quit)
    appmod.main(["--db", DB, "--operator", "bench"])
cProfile.run("run()", "/tmp/yanxiu-startup.prof")
pstats.Stats("/tmp/yanxiu-startup.prof").sort_stats("cumulative").print_stats(40)
"""


def measure(runs: int) -> dict:
    db = _common.large_db()
    app_times, bare_times, heavy = [], [], set()
    for _ in range(runs):
        copy = _common.working_copy(db)
        r = _common.run_child(APP_CHILD.format(first_paint=_FIRST_PAINT.format(heavy=HEAVY)), str(copy))
        if r.get("rc") not in (0, None):
            raise RuntimeError(f"app exited with {r.get('rc')}")
        app_times.append(r["t"] - r["start"])
        heavy.update(r["heavy"])
        b = _common.run_child(BARE_CHILD.format(heavy=HEAVY))
        bare_times.append(b["t"] - b["start"])
    app, bare = _common.median(app_times), _common.median(bare_times)
    return {"app": app, "bare": bare, "ratio": app / bare, "heavy": sorted(heavy),
            "app_runs": app_times, "bare_runs": bare_times}


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--profile", action="store_true", help="cProfile one app start (after the table)")
    p.add_argument("--phases", action="store_true", help="ms since process start at each step of one app start")
    args, _ = p.parse_known_args(argv)
    res = measure(args.runs)
    _common.print_table(
        f"start-up to first paint, median of {args.runs} (offscreen)", ("case", "median", "runs", "goal", ""),
        [("bare QMainWindow, 6 tabs", _common.ms(res["bare"]), " ".join(f"{t * 1000:.0f}" for t in res["bare_runs"]),
          "", ""),
         ("研修通, large database", _common.ms(res["app"]), " ".join(f"{t * 1000:.0f}" for t in res["app_runs"]),
          "", ""),
         ("ratio", f"{res['ratio']:.2f}×", "", f"≤ {GOAL_RATIO:g}×", _common.verdict(res["ratio"], GOAL_RATIO)),
         ("heavy modules at first paint", ", ".join(res["heavy"]) or "none", "", "none",
          "OK" if not res["heavy"] else "MISS")])
    if args.phases:
        marks = _common.run_child(PHASES_CHILD, str(_common.working_copy(_common.large_db())))
        marks.pop("wall"), marks.pop("start")
        _common.print_table("one app start, ms since the interpreter started (startup.py --phases)",
                            ("step", "ms"), sorted(marks.items(), key=lambda kv: kv[1]))
    if args.profile:
        copy = _common.working_copy(_common.large_db())
        import subprocess

        subprocess.run([_common.PYTHON, "-c", PROFILE_CHILD, str(copy)], env=_common.child_env(), check=False)
    return {"startup_ratio": res["ratio"], "startup_app": res["app"], "startup_bare": res["bare"],
            "startup_heavy": res["heavy"]}


if __name__ == "__main__":
    out = main()
    if "--json" in sys.argv:
        print(json.dumps(out))
