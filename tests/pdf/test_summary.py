"""The term summary PDF read back: the sentences a 工作总结 quotes, tables, charts' text."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.domain.stats_school import TODAY, build_small_school
from yanxiu_desktop.domain.stats import term_stats
from yanxiu_desktop.pdf.summary import SECTIONS, render_summary, summary_sentences


def test_sentences_quote_the_figures(db) -> None:
    school = build_small_school()
    text = dict(summary_sentences(term_stats(school.sem, today=TODAY)))
    assert text[SECTIONS[0]].startswith("学校现有在职教师4人，平均年龄39.7岁，35岁以下1人，约占25%")
    assert "县级骨干教师1人" in text[SECTIONS[0]] and "担任班主任的教师2人" in text[SECTIONS[0]]
    assert "本学期共安排校本研修活动4次，已开展3次；按形式分（含尚未开展的）" in text[SECTIONS[1]]
    assert "人均研修3学时，1人达到学时要求，达标率25%" in text[SECTIONS[2]]
    assert "出勤率71.4%" in text[SECTIONS[2]]
    assert text[SECTIONS[3]] == "全体教师共听课6节，1人完成听课任务，占25%。"
    assert "论文2项（校级1项、县级1项）" in text[SECTIONS[4]] and "（语文1节）" in text[SECTIONS[4]]
    assert "外出学习培训1人（赵六）" in text[SECTIONS[4]]
    assert "推荐张三为先进个人候选人" in text[SECTIONS[5]]


def test_pdf_reads_back(db) -> None:
    school = build_small_school()
    data = render_summary(term_stats(school.sem, today=TODAY), "城关镇中心小学")
    reader = PdfReader(io.BytesIO(data))
    assert 1 <= len(reader.pages) <= 4
    assert reader.pages[0].mediabox.width == 595.2756 or abs(float(reader.pages[0].mediabox.width) - 595.28) < 0.1
    text = "".join(p.extract_text() for p in reader.pages).replace(" ", "").replace("\n", "")
    assert "城关镇中心小学2025—2026学年第一学期校本研修统计摘要" in text
    for name in SECTIONS:
        assert name in text
    # Chart titles and axis labels are text in the PDF, not pictures.
    assert "教师年龄结构" in text and "成果按级别" in text and "国家级" in text
    fonts = {str(f) for p in reader.pages for f in p["/Resources"]["/Font"].values()}
    assert fonts


def test_pages_numbered_with_total_and_title_on_one_line(db) -> None:
    school = build_small_school()
    st = term_stats(school.sem, today=TODAY)
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(render_summary(st, "城关镇中心小学"))).pages]
    assert len(pages) >= 2
    for i, text in enumerate(pages, 1):
        assert f"第 {i} 页 / 共 {len(pages)} 页" in text, i
    # The title was 18 pt and wrapped 「摘要」 onto a line of its own: now it is shrunk to fit one line.
    first = pages[0].splitlines()[0].replace(" ", "")
    assert first == f"城关镇中心小学{st.semester_name}校本研修统计摘要"
    # A very long school name gets a line of its own rather than a tiny title.
    long_name = "示范县某某乡某某村九年一贯制中心学校"
    lines = PdfReader(io.BytesIO(render_summary(st, long_name))).pages[0].extract_text().splitlines()
    assert lines[0].replace(" ", "") == long_name
    assert lines[1].replace(" ", "") == f"{st.semester_name}校本研修统计摘要"
