"""The 安排表 PDF read back: every activity's text, A4 pages, embedded font, month headings."""

from __future__ import annotations

import io

import pypdf

from tests.conftest import DEMO_TODAY
from yanxiu_desktop.domain import activities as acts
from yanxiu_desktop.domain import semesters
from yanxiu_desktop.domain.plan_table import plan_print_data
from yanxiu_desktop.pdf.plan import render_plan


def _compact(text: str) -> str:
    return "".join(text.split())


def test_plan_pdf_has_every_activity_on_a4_with_embedded_font(demo_db) -> None:  # noqa: ANN001
    sem = semesters.current_semester(DEMO_TODAY)
    pdf = render_plan(plan_print_data(sem, today=DEMO_TODAY))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    text = _compact("".join(p.extract_text() for p in reader.pages))
    assert "校本研修活动安排表" in text and "城关镇中心小学" in text
    for month in ("九月份", "十月份", "十一月份", "十二月份"):
        assert month in text
    plan = acts.list_activities(sem)
    assert plan
    for a in plan:
        # Long themes wrap inside their cell; the compacted text still holds them whole.
        assert _compact(a.theme) in text, a.theme
        assert a.kind in text
    assert "第1页/共" in text
    # Counted as the calendar counts: a cancelled activity is listed but not one of those planned.
    cancelled = sum(1 for a in plan if a.status == "取消")
    assert cancelled and f"本学期安排研修活动{len(plan) - cancelled}项（另有{cancelled}项已取消）" in text
    fonts = set()
    for page in reader.pages:
        for f in page["/Resources"]["/Font"].values():
            f = f.get_object()
            for d in f.get("/DescendantFonts", [f]):
                desc = d.get_object().get("/FontDescriptor")
                if desc is not None:
                    desc = desc.get_object()
                    assert "/FontFile2" in desc or "/FontFile3" in desc or "/FontFile" in desc
                    fonts.add(str(d.get_object()["/BaseFont"]))
    assert fonts


def test_monday_of_week_one_prints_under_september(db) -> None:  # noqa: ANN001
    """8/31 is the Monday of 第一周: the 安排表 lists it under 九月份, as the month counts elsewhere do."""
    import datetime as dt

    from yanxiu_desktop.domain import activities, plan_table, semesters

    sem = semesters.create_semester(2026, 1, dt.date(2026, 8, 31))
    activities.create_activity(sem, kind="专题讲座", theme="开学第一讲", date=dt.date(2026, 8, 31),
                               start_time="15:00", end_time="16:30", participants_mode="all")
    activities.create_activity(sem, kind="理论学习", theme="十月学习", date=dt.date(2026, 10, 14),
                               start_time="15:00", end_time="16:30", participants_mode="all")
    months = plan_table.plan_months(sem)
    assert [(y, m, [a.theme for a in items]) for y, m, items in months] == [
        (2026, 9, ["开学第一讲"]), (2026, 10, ["十月学习"])]


def test_a_month_heading_never_ends_a_page(demo_db) -> None:  # noqa: ANN001
    import re

    sem = semesters.current_semester(DEMO_TODAY)
    reader = pypdf.PdfReader(io.BytesIO(render_plan(plan_print_data(sem, today=DEMO_TODAY))))
    for n, page in enumerate(reader.pages, start=1):
        lines = [x.strip() for x in page.extract_text().splitlines()
                 if x.strip() and "页" not in x and "（续）" not in x]  # footer and running header: stamped last
        assert not re.fullmatch(r"[一二三四五六七八九十]+月份", lines[-1]), f"page {n} ends with {lines[-1]}"
