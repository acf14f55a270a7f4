"""The district workbook (报送县教育局的统计表) for the large school's last finished term. Goal ≤ 1 s.

Measured: term_stats, build_workbook, save; the whole export (term_stats + write_district) warm, and the
first export in a fresh process (openpyxl import included). Floor, same run: a plain openpyxl workbook with
the same sheets and cell count, no styles, saved the same way.

    .venv/bin/python bench/district.py [--runs N] [--profile]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import _common

GOAL = 1.0

COLD_CHILD = """
import json, sys, time
from yanxiu_desktop.store.db import open_database
open_database(sys.argv[1])
from yanxiu_desktop.store.models import Semester
from yanxiu_desktop.domain.school import current_school
sem = list(Semester.select().order_by(Semester.start_date.desc()))[1]
import datetime as dt
t0 = time.perf_counter()
from yanxiu_desktop.domain.stats import term_stats
from yanxiu_desktop.excel.district import write_district
write_district(term_stats(sem, today=dt.date(2026, 11, 23)), sys.argv[2], current_school().name)
print(json.dumps({"cold": time.perf_counter() - t0}))
"""


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--profile", action="store_true")
    args, _ = p.parse_known_args(argv)
    from generate import TODAY  # type: ignore[import-not-found]
    from openpyxl import Workbook

    from yanxiu_desktop.domain.school import current_school
    from yanxiu_desktop.domain.stats import term_stats
    from yanxiu_desktop.excel.district import build_workbook, load_hours_layout, write_district
    from yanxiu_desktop.store.db import open_database
    from yanxiu_desktop.store.models import Semester

    open_database(_common.working_copy(_common.large_db()))
    sem = list(Semester.select().order_by(Semester.start_date.desc()))[1]
    school = current_school().name
    out = Path(tempfile.mkdtemp(prefix="yanxiu-bench-")) / "district.xlsx"
    layout = load_hours_layout()
    st = term_stats(sem, today=TODAY)
    wb = build_workbook(st, school, layout)
    shape = [(ws.title, ws.max_row, ws.max_column) for ws in wb.worksheets]
    cells = sum(r * c for _, r, c in shape)

    def floor() -> None:
        plain = Workbook()
        plain.remove(plain.active)
        for title, rows, cols in shape:
            ws = plain.create_sheet(title)
            for r in range(1, rows + 1):
                ws.append([f"{r}-{c}" if c % 2 else r * c for c in range(cols)])
        plain.save(str(out.with_name("floor.xlsx")))

    def whole() -> None:
        write_district(term_stats(sem, today=TODAY), out, school, layout)

    t_floor, t_stats, t_build, t_save, t_whole = [], [], [], [], []
    for _ in range(args.runs):
        t_floor += _common.timed(floor, 1)
        t_stats += _common.timed(lambda: term_stats(sem, today=TODAY), 1)
        t_build += _common.timed(lambda: build_workbook(st, school, layout), 1)
        t_save += _common.timed(lambda: wb.save(str(out)), 1)
        t_whole += _common.timed(whole, 1)
    cold = [_common.run_child(COLD_CHILD, str(_common.working_copy(_common.large_db())), str(out))["cold"]
            for _ in range(max(3, args.runs // 2))]
    m = {k: _common.median(v) for k, v in {"floor": t_floor, "stats": t_stats, "build": t_build, "save": t_save,
                                           "whole": t_whole, "cold": cold}.items()}
    _common.print_table(
        f"district workbook: {sem.year_start}-{sem.term}, {len(shape)} sheets, {cells:,} cells, "
        f"median of {args.runs}", ("case", "median", "× floor", "goal", ""),
        [("plain openpyxl workbook, same cells (floor)", _common.ms(m["floor"]), "1.0", "", ""),
         ("  term_stats", _common.ms(m["stats"]), "", "", ""),
         ("  build_workbook", _common.ms(m["build"]), "", "", ""),
         ("  save", _common.ms(m["save"]), "", "", ""),
         ("export, warm (term_stats + write_district)", _common.ms(m["whole"]), f"{m['whole'] / m['floor']:.1f}",
          "≤ 1 s", _common.verdict(m["whole"], GOAL)),
         ("first export in a new process", _common.ms(m["cold"]), "", "≤ 1 s", _common.verdict(m["cold"], GOAL))])
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.runcall(whole)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
    return {"district_warm": m["whole"], "district_cold": m["cold"], "district_floor": m["floor"]}


if __name__ == "__main__":
    res = main()
    if "--json" in sys.argv:
        print(json.dumps(res))
