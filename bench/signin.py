"""签到表: a 60-name blank sheet warm and cold (fresh process: ReportLab import and font loading included),
and a whole term's sheets as one PDF. Goals (issue 4): ≤ 50 ms warm, ≤ 300 ms cold, ≤ 1.5 s for a term of 40.

Cases, all on the large school:
- 60-name blank sheet, end to end (``attendance_docs.signin_pdf``: database → PDF bytes), warm and cold;
- floor, same run: a bare ReportLab canvas page with the same fonts and 60 rows of names (warm);
- 40 sheets of 60 names as one PDF (``render_signin``) — the issue's term;
- the large school's whole last finished term (``term_signin_pdf``; 全校 sheets list 200 teachers).

    .venv/bin/python bench/signin.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import sys

import _common

WARM_GOAL, COLD_GOAL, TERM_GOAL = 0.050, 0.300, 1.5

COLD_CHILD = """
import json, sys, time
from yanxiu_desktop.store.db import open_database
open_database(sys.argv[1])
from yanxiu_desktop.domain import activities  # the database side is loaded in the GUI already
t0 = time.perf_counter()
from yanxiu_desktop.domain.attendance_docs import signin_pdf
pdf = signin_pdf(int(sys.argv[2]), blank=True)
t1 = time.perf_counter()
print(json.dumps({"cold": t1 - t0, "bytes": len(pdf)}))
"""


def _setup() -> dict:
    from yanxiu_desktop.store.db import open_database
    from yanxiu_desktop.store.models import Activity, Participant, Semester

    db = _common.working_copy(_common.large_db())
    open_database(db)
    # The 60-teacher 专题讲座 of the last finished term (the generator makes one a term).
    sems = list(Semester.select().order_by(Semester.start_date.desc()))
    term = sems[1]
    sixty = next(a for a in Activity.select().where(Activity.semester == term)
                 if Participant.select().where(Participant.activity == a).count() == 60)
    return {"db": db, "term": term, "activity": sixty}


def _floor_page(names: list[str]) -> bytes:
    from io import BytesIO

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from yanxiu_desktop.pdf import fonts

    fonts.register_fonts()
    buf = BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont(fonts.HEI, 16)
    c.drawString(200, 800, "校本研修活动签到表")
    c.setFont(fonts.SONG, 10.5)
    for i, name in enumerate(names):
        y = 770 - i * 12.5
        c.drawString(60, y, f"{i + 1}")
        c.drawString(100, y, name)
        c.line(50, y - 3, 545, y - 3)
    c.showPage()
    c.save()
    return buf.getvalue()


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=5)
    args, _ = p.parse_known_args(argv)
    env = _setup()
    from yanxiu_desktop.domain import attendance_docs as docs
    from yanxiu_desktop.pdf.signin import render_signin

    aid = env["activity"].id
    cold = [_common.run_child(COLD_CHILD, str(_common.working_copy(_common.large_db())), str(aid))["cold"]
            for _ in range(args.runs)]
    docs.signin_pdf(aid)  # warm up: fonts registered, form loaded
    sheet = docs.signin_sheet(env["activity"], blank=True)
    names = [ln.name for ln in sheet.lines]
    _floor_page(names)
    warm = _common.timed(lambda: docs.signin_pdf(aid, blank=True), args.runs * 3)
    render_only = _common.timed(lambda: render_signin([sheet]), args.runs * 3)
    floor = _common.timed(lambda: _floor_page(names), args.runs * 3)
    forty = _common.timed(lambda: render_signin([sheet] * 40), args.runs)
    term_pdf = docs.term_signin_pdf(env["term"])
    whole = _common.timed(lambda: docs.term_signin_pdf(env["term"]), max(2, args.runs // 2))
    n_items = len(docs.term_activities(env["term"]))
    pages = term_pdf.count(b"/Type /Page\n") or term_pdf.count(b"/Type /Page")
    med = {k: _common.median(v) for k, v in {"cold": cold, "warm": warm, "render": render_only, "floor": floor,
                                             "forty": forty, "whole": whole}.items()}
    _common.print_table(
        f"签到表, median of {args.runs}+ runs", ("case", "median", "floor", "×floor", "goal", ""),
        [("60-name blank sheet, cold (new process)", _common.ms(med["cold"]), "", "", "≤ 300 ms",
          _common.verdict(med["cold"], COLD_GOAL)),
         ("60-name blank sheet, warm (db → PDF)", _common.ms(med["warm"]), _common.ms(med["floor"]),
          f"{med['warm'] / med['floor']:.1f}", "≤ 50 ms", _common.verdict(med["warm"], WARM_GOAL)),
         ("  of which render_signin", _common.ms(med["render"]), "", "", "", ""),
         ("bare ReportLab page, 60 rows (floor)", _common.ms(med["floor"]), "", "", "", ""),
         ("40 sheets × 60 names, one PDF", _common.ms(med["forty"]), "", "", "≤ 1.5 s",
          _common.verdict(med["forty"], TERM_GOAL)),
         (f"large school's term: {n_items} sheets, {pages} pages", _common.ms(med["whole"]), "", "", "≤ 1.5 s",
          _common.verdict(med["whole"], TERM_GOAL))])
    return {"signin_cold": med["cold"], "signin_warm": med["warm"], "signin_floor": med["floor"],
            "signin_term40x60": med["forty"], "signin_term_large": med["whole"], "signin_term_pages": pages}


if __name__ == "__main__":
    out = main()
    if "--json" in sys.argv:
        print(json.dumps(out))
