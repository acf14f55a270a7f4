"""签到表 PDFs read back: names once each, statuses, counts, page counts, A4, embedded font."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from tests.attendance_helpers import make_activity, make_teachers, make_term
from yanxiu_desktop.domain import attendance as att
from yanxiu_desktop.domain import attendance_docs as docs
from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.pdf.signin import SigninLine, SigninSheet, render_signin


def _text(pdf: bytes) -> tuple[PdfReader, str]:
    r = PdfReader(io.BytesIO(pdf))
    return r, "\n".join(p.extract_text() for p in r.pages)


def _sheet(n: int) -> SigninSheet:
    return SigninSheet(school="城关镇中心小学", theme="集体备课", time="2025年9月10日 星期三 15:30–17:00（第三周）",
                       lines=[SigninLine(f"教师{i:03d}", "语文") for i in range(1, n + 1)])


@pytest.mark.parametrize(("n", "pages"), [(10, 1), (60, 1), (130, 2)])
def test_page_counts_and_names_once(db, n: int, pages: int) -> None:
    r, text = _text(render_signin([_sheet(n)]))
    assert len(r.pages) == pages
    for i in range(1, n + 1):
        assert len(re.findall(f"教师{i:03d}", text)) == 1
    assert f"第 {pages} 页 / 共 {pages} 页" in text
    box = r.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    fonts = r.pages[0]["/Resources"]["/Font"]
    descs = [f.get_object()["/FontDescriptor"].get_object() for f in fonts.values()
             if "/FontDescriptor" in f.get_object()]
    assert descs and all("/FontFile2" in d for d in descs)  # TrueType subsets embedded


def test_blank_and_filled_from_database(db) -> None:
    sem = make_term()
    ts = make_teachers(12)
    a = make_activity(sem, ts)
    _, blank = _text(docs.signin_pdf(a.id, blank=True))
    assert "校本研修活动签到表" in blank and "2025年9月10日 星期三 15:30–17:00（第二周）" in blank
    assert "须本人签到，不得代签" in blank and "应到 12 人" in blank and "√" not in blank
    with pytest.raises(ValidationError, match="还没有录入考勤"):
        docs.signin_pdf(a.id, blank=False)
    att.mark_all_present(a.id)
    att.set_status(a.id, ts[0].id, "病假", leave_reason="住院", approver="校长", reason="核对签到表")
    att.set_status(a.id, ts[1].id, "缺席", reason="核对签到表")
    att.set_status(a.id, ts[2].id, "迟到", late_minutes=15, reason="核对签到表")
    _, filled = _text(docs.signin_pdf(a.id, blank=False))
    assert filled.count("√") == 9
    assert "病假" in filled and "缺席" in filled and "15分钟" in filled
    assert "实到 10 人" in filled and "请假 1 人" in filled and "缺席 1 人" in filled
    for t in ts:
        assert filled.count(t.name) == 1
    _, record = _text(docs.activity_record_pdf(a.id))
    assert "校本研修活动记录表" in record and f"{ts[0].name}（病假：住院，校长批）" in record


def test_term_pdf_one_document_per_activity(db) -> None:
    import datetime as dt

    sem = make_term()
    ts = make_teachers(30)
    for d in range(5):
        make_activity(sem, ts, day=dt.date(2025, 9, 8 + d), theme=f"活动{d}")
    calls: list[tuple[int, int]] = []
    r, text = _text(docs.term_signin_pdf(sem, progress=lambda i, n: calls.append((i, n)) is None))
    assert len(r.pages) == 5 and text.count("第 1 页 / 共 1 页") == 5
    assert calls[-1] == (5, 5)


def test_missing_glyph_reported_by_name(db) -> None:
    sheet = _sheet(3)
    sheet.lines.append(SigninLine("王\U000f0000", "语文"))  # a private-use character no font has
    with pytest.raises(ValidationError) as exc:
        render_signin([sheet])
    assert "王\U000f0000" in exc.value.problems[0] and "空白" in exc.value.problems[0]


def test_a_cancelled_activity_prints_no_sheet(db) -> None:
    from yanxiu_desktop.domain import activities

    sem = make_term()
    a = make_activity(sem, make_teachers(3))
    activities.cancel_activity(a.id, "上级临时通知开会")
    with pytest.raises(ValidationError, match="已取消，不打印签到表"):
        docs.signin_pdf(a.id, blank=True)


def test_a_long_theme_keeps_the_sheet_on_one_page_and_the_running_header_on_the_paper(db) -> None:
    import datetime as dt

    from yanxiu_desktop.domain import activities

    sem = make_term()
    staff = make_teachers(70)
    theme = ("基于核心素养的小学数学单元整体教学设计与实施策略研究——以人教版三年级上册《分数的初步认识》为例的整体设计"
             "与课时安排及作业设计和评价方案的研讨交流活动暨青年教师汇报课展示与专家点评")

    def lecture(day: int, people: list) -> int:  # noqa: ANN001
        return activities.create_activity(sem, kind="专题讲座", theme=theme, date=dt.date(2025, 9, day),
                                          start_time="15:30", end_time="17:00", participants_mode="custom",
                                          participant_ids=[t.id for t in people]).id

    reader, _ = _text(docs.signin_pdf(lecture(10, staff[:60]), blank=True))
    assert len(reader.pages) == 1  # three lines of theme fill page 1; a 1.5 mm gap made an empty page 2
    reader, _ = _text(docs.signin_pdf(lecture(17, staff), blank=True))
    assert len(reader.pages) == 2
    header = next(line for line in reader.pages[1].extract_text().splitlines() if "（续）" in line)
    assert header.rstrip().endswith("…")  # cut to the paper's width, not off its edge
