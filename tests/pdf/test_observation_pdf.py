"""听课记录表: blank and filled PDFs read back with pypdf."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from pypdf import PdfReader

from yanxiu_desktop.domain import roster, rubrics, semesters
from yanxiu_desktop.domain.observations import (
    ObservationInput,
    blank_print_data,
    create_observation,
    observation_print_data,
)
from yanxiu_desktop.pdf.observation import render_observation


def _text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(BytesIO(pdf))
    # Long cells wrap: compare without line breaks.
    return len(reader.pages), "".join(p.extract_text() for p in reader.pages).replace("\n", "")


def test_blank_form_one_a4_page_with_rubric(db) -> None:
    pdf = render_observation(blank_print_data(rubrics.get_rubric("seven_items_100"), school="城关镇中心小学"))
    pages, text = _text(pdf)
    assert pages == 1
    page = PdfReader(BytesIO(pdf)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    for word in ("城关镇中心小学听课记录表", "授课教师", "教学过程", "旁评", "教学结构", "85 分及以上 优秀",
                 "75（含）～85 分 良好", "60 分以下 待改进", "听课人（签名）：＿＿＿＿＿＿", "日期：＿＿＿＿年＿＿月＿＿日", "□优"):
        assert word in text, word
    assert b"/FontFile2" in pdf  # the font is embedded


def test_filled_form_with_scores_and_st(db) -> None:
    sem = semesters.create_semester(2025, 1, dt.date(2025, 9, 1))
    a = roster.add_teacher(name="王丽")
    b = roster.add_teacher(name="欧阳晓燕", subject="语文")
    o = create_observation(sem, ObservationInput(
        observer_id=a.id, observed_id=b.id, date=dt.date(2025, 10, 15), period=3, class_name="七年级(3)班",
        subject="语文", topic="《秋天的雨》", lesson_type="新授课",
        process=[["情境导入，朗读课文", "朗读指导到位"], ["小组合作找比喻句", "分工明确"]],
        strengths="目标明确", weaknesses="板书零乱", suggestions="提前设计板书", grade="良",
        rubric_id="five_aspects_100", scores={"preview": 16, "cooperation": 20}, st_samples="TTSSTTSSTT" * 4))
    pages, text = _text(render_observation(observation_print_data(o.id)))
    assert pages <= 2
    for word in ("欧阳晓燕", "2025年10月15日 第3节", "七年级(3)班", "《秋天的雨》", "朗读指导到位", "分工明确",
                 "导纲预学", "36", "■良", "S-T 课堂教学分析", "Rt=0.60", "对话型", "不是对课堂质量的评分"):
        assert word in text, word


def test_st_charts_stay_inside_their_box() -> None:
    """Axis names and tick labels print inside the drawing, not over the 采样序列 line above it."""
    from reportlab.lib.units import mm

    from yanxiu_desktop.domain.st_analysis import analyse
    from yanxiu_desktop.pdf import fonts
    from yanxiu_desktop.pdf.observation import st_drawing

    fonts.register_fonts()
    d = st_drawing(analyse("T" * 70 + "S" * 10), 170 * mm)
    x1, y1, x2, y2 = d.getBounds()
    assert x1 >= 0 and y1 >= 0 and x2 <= d.width and y2 <= d.height, (d.getBounds(), d.width, d.height)


def test_a_record_without_a_rubric_says_it_was_not_scored(db) -> None:  # noqa: ANN001
    sem = semesters.create_semester(2025, 1, dt.date(2025, 9, 1))
    a, b = roster.add_teacher(name="王丽"), roster.add_teacher(name="张三丰")
    o = create_observation(sem, ObservationInput(observer_id=a.id, observed_id=b.id, date=dt.date(2025, 9, 10),
                                                 topic="认识分数", grade="良"))
    _pages, text = _text(render_observation(observation_print_data(o.id)))
    assert "未评分" in text and "本次听课未按课堂评价表打分，等级见总评" in text and "■良" in text
