"""听课记录表 (forms/observation.toml), blank and filled, with the 课堂评价表 and the S-T analysis.

Draws an :class:`~yanxiu_desktop.domain.observations.ObservationPrint` (plain data built by
``observations.observation_print_data`` / ``blank_print_data``). Placeholders: school, observed, subject,
class_name, topic, lesson_type, when, observer, activity, strengths, weaknesses, suggestions, grade_marks,
total_text, rubric_name, signature, sign_date; tables ``process`` (step, comment) and ``rubric`` (item,
descriptor, max, score). The form engine lays out the definition; the S-T section (summary and two vector
charts) is inserted before the form's last block (the signature line), since a chart is not a form block.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.domain.st_analysis import DISCLAIMER, TYPE_NOTES, STResult
from yanxiu_desktop.pdf.document import Pages, build_pdf
from yanxiu_desktop.pdf.forms import FormData, FormDef, load_form
from yanxiu_desktop.pdf.layout import Story, font_name, glyph_problems, para

if TYPE_CHECKING:
    from yanxiu_desktop.domain.observations import ObservationPrint
    from yanxiu_desktop.domain.rubrics import Rubric

FORM = "observation"
GRADES = ("优", "良", "中", "差")


def form_data(record: ObservationPrint) -> FormData:
    """The form's placeholders and tables for *record*."""
    marks = "　".join(("■" if g == record.grade else "□") + g for g in GRADES)
    band = record.rubric.band(record.total) if record.rubric else None
    total_text = "" if record.total is None else f"{record.total:g} 分" + (f"（{band.label}）" if band else "")
    values: dict[str, Any] = {
        k: getattr(record, k) for k in ("school", "observed", "subject", "class_name", "topic", "lesson_type",
                                        "when", "observer", "activity", "strengths", "weaknesses",
                                        "suggestions")}
    values.update(grade_marks=marks, total_text=total_text,
                  rubric_name=record.rubric.name if record.rubric else "课堂教学评价",
                  # lines to write on, as the paper 听课本 has them
                  signature="＿＿＿＿＿＿" if record.blank else record.observer, sign_date="＿＿＿＿年＿＿月＿＿日")
    if record.blank:
        values["when"] = "　　年　　月　　日　第　　节"
    return FormData(values=values, rows={"process": [{"step": a, "comment": b} for a, b in record.process],
                                         "rubric": _rubric_rows(record)})


def _rubric_rows(record: ObservationPrint) -> list[dict[str, Any]]:
    r = record.rubric
    if r is None and not record.blank:  # said in words: an empty table with only 合计 looked like a lost page
        return [{"item": "未评分", "descriptor": "本次听课未按课堂评价表打分，等级见总评", "max": "", "score": ""}]
    if r is None:
        return [{"item": "合计", "descriptor": "", "max": "", "score": ""}]
    rows = []
    for item in r.all_items():
        bonus = item in r.bonus
        score = record.scores.get(item.key)
        rows.append({"item": ("加分：" if bonus else "") + item.name, "descriptor": item.descriptor,
                     "max": f"{item.max:g}", "score": "" if score is None else f"{score:g}"})
    scale = "；".join(_band_text(r, i) for i in range(len(r.bands)))
    rows.append({"item": "合计", "descriptor": scale, "max": f"{r.max_total:g}",
                 "score": "" if record.total is None else f"{record.total:g}"})
    return rows


def _band_text(r: Rubric, i: int) -> str:
    b = r.bands[i]
    if i == 0:
        return f"{b.min:g} 分及以上 {b.label}"
    upper = r.bands[i - 1].min
    return f"{b.min:g}（含）～{upper:g} 分 {b.label}" if b.min > 0 else f"{upper:g} 分以下 {b.label}"


# -- S-T charts (ReportLab graphics: vector, prints sharp) ----------------------------------------------
def st_drawing(st: STResult, width: float, height: float = 62 * mm) -> Drawing:
    d = Drawing(width, height)
    font = font_name("song")
    x0, y0 = 14 * mm, 11 * mm
    # The axis name above each plot stays inside the drawing: it printed over the 采样序列 line above.
    side = min(width / 2 - 22 * mm, height - y0 - 6 * mm)

    def axes(x0: float, y0: float, xl: str, yl: str, title: str) -> None:
        d.add(Line(x0, y0, x0 + side, y0, strokeWidth=0.6))
        d.add(Line(x0, y0, x0, y0 + side, strokeWidth=0.6))
        d.add(String(x0 + side + 2, y0 - 3, xl, fontName=font, fontSize=8))
        d.add(String(x0 - 3, y0 + side + 3, yl, fontName=font, fontSize=8, textAnchor="end"))
        d.add(String(x0 + side / 2, y0 - 20, title, fontName=font, fontSize=9, textAnchor="middle"))  # under ticks
        d.add(String(x0 - 3, y0 - 3, "0", fontName=font, fontSize=7, textAnchor="end"))

    # S-T curve: T along x, S along y, both scaled to the number of samples.
    axes(x0, y0, "T", "S", "S-T 曲线")
    n = max(st.n, 1)
    d.add(Line(x0, y0, x0 + side, y0 + side, strokeColor=colors.grey, strokeDashArray=[2, 2], strokeWidth=0.4))
    pts: list[float] = []
    for t, s in st.curve():
        pts += [x0 + side * t / n, y0 + side * s / n]
    d.add(PolyLine(pts, strokeColor=colors.HexColor("#c0392b"), strokeWidth=1.1))
    d.add(String(x0 + side, y0 - 9, str(n), fontName=font, fontSize=7, textAnchor="middle"))  # a tick, not on the curve

    # Rt–Ch diagram: the feasible region Ch ≤ 2·min(Rt, 1−Rt) and the type boundaries.
    x1 = width / 2 + 14 * mm

    def p(rt: float, ch: float) -> tuple[float, float]:
        return x1 + side * rt, y0 + side * ch

    axes(x1, y0, "Rt", "Ch", "Rt-Ch 图")
    d.add(PolyLine([*p(0, 0), *p(0.5, 1), *p(1, 0)], strokeColor=colors.grey, strokeWidth=0.5))
    blue = colors.HexColor("#2c7be5")
    for a, b in (((0.3, 0), (0.3, 0.6)), ((0.7, 0), (0.7, 0.6)), ((0.3, 0.4), (0.7, 0.4))):
        d.add(Line(*p(*a), *p(*b), strokeColor=blue, strokeDashArray=[2, 2], strokeWidth=0.5))
    for text, rt, ch in (("练习型", 0.04, 0.08), ("混合型", 0.4, 0.08), ("讲授型", 0.74, 0.08),
                         ("对话型", 0.4, 0.5)):
        d.add(String(*p(rt, ch), text, fontName=font, fontSize=7, fillColor=blue))
    for v in ("0.3", "0.7", "1"):
        d.add(String(*p(float(v), -0.07), v, fontName=font, fontSize=6.5, textAnchor="middle"))
    d.add(String(*p(-0.03, 0.385), "0.4", fontName=font, fontSize=6.5, textAnchor="end"))
    cx, cy = p(float(st.rt), float(st.ch))
    d.add(Circle(cx, cy, 2.2, fillColor=colors.HexColor("#c0392b"), strokeColor=None))
    return d


def _st_flowables(st: STResult, width: float, size: float) -> list[Flowable]:
    song, hei = font_name("song"), font_name("hei")
    seq = " ".join(st.samples[i:i + 10] for i in range(0, st.n, 10))
    return [KeepTogether([
        para("S-T 课堂教学分析", hei, size + 1.5, "left"),
        para(f"{st.summary()}。{st.lesson_type}：{TYPE_NOTES[st.lesson_type]}。", song, size, "left"),
        para(f"采样序列：{seq}", song, size - 1.5, "left"),
        st_drawing(st, width),
        para(DISCLAIMER, song, size - 1.5, "left"),
        Spacer(1, 2 * mm),
    ])]


def render_observation(record: ObservationPrint) -> bytes:
    """One 听课记录表 as a PDF (A4, embedded fonts, 第 x 页 / 共 y 页)."""
    from yanxiu_desktop.pdf import fonts

    fonts.register_fonts()
    form: FormDef = load_form(FORM)
    data = form_data(record)
    problems = glyph_problems(form, data)
    if problems:
        raise ValidationError(problems)
    pages = Pages.of_form(form, data)
    fw, fh = pages.frame_width, pages.frame_height
    head = dataclasses.replace(form, blocks=form.blocks[:-1])
    tail = dataclasses.replace(form, blocks=form.blocks[-1:])
    story: list[Flowable] = Story(head, data, fw, fh).flowables()
    if record.st is not None:
        story += _st_flowables(record.st, fw, form.size)
    story += Story(tail, data, fw, fh).flowables()
    return build_pdf([(pages, story)], title=form.title)
