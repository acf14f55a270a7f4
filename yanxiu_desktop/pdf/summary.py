"""学期校本研修统计摘要: the numbers a 工作总结 quotes, as sentences ready to paste, with tables and charts.

Built from a :class:`~yanxiu_desktop.domain.stats.TermStats` (plain data). A4 portrait, embedded fonts,
body in 宋体 小四, headings in 黑体; charts are ReportLab graphics (vector, print sharp at any size).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from yanxiu_desktop.chart_axis import axis_scale
from yanxiu_desktop.domain.portfolio import LEVELS
from yanxiu_desktop.domain.stats import TermStats
from yanxiu_desktop.pdf.document import Pages, build_pdf
from yanxiu_desktop.pdf.layout import escape

BODY_PT = 12.0  # 小四
BAR = colors.HexColor("#4472C4")
BAR_2 = colors.HexColor("#ED7D31")
CHART_W, CHART_H = 160 * mm, 58 * mm
MARGINS = (20 * mm, 20 * mm, 20 * mm, 25 * mm)  # top, right, bottom, left
TITLE_PT, TITLE_MIN_PT = 18.0, 14.0  # 小二; shrunk to keep the title on one line, down to 四号
SECTIONS = ("一、教师队伍基本情况", "二、研修活动开展情况", "三、学时与考勤", "四、听课情况", "五、研修成果",
            "六、量化考核")


def _styles() -> dict[str, ParagraphStyle]:
    from yanxiu_desktop.pdf import fonts

    fonts.register_fonts()
    return {
        "title": ParagraphStyle("t", fontName=fonts.HEI, fontSize=TITLE_PT, leading=TITLE_PT * 1.45,
                                alignment=TA_CENTER, wordWrap="CJK"),
        "sub": ParagraphStyle("s", fontName=fonts.SONG, fontSize=10.5, leading=15, alignment=TA_CENTER),
        "h": ParagraphStyle("h", fontName=fonts.HEI, fontSize=14, leading=22, spaceBefore=8, spaceAfter=4),
        "p": ParagraphStyle("p", fontName=fonts.SONG, fontSize=BODY_PT, leading=BODY_PT * 1.7,
                            firstLineIndent=2 * BODY_PT, wordWrap="CJK"),  # no line starts with ，。%）
        "cell": ParagraphStyle("c", fontName=fonts.SONG, fontSize=10.5, leading=13, alignment=TA_CENTER),
    }


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def _table(rows: Sequence[Sequence[object]], widths: Sequence[float], font: str) -> Table:
    data = [["" if v is None else (f"{v:g}" if isinstance(v, float) else str(v)) for v in r] for r in rows]
    t = Table(data, colWidths=list(widths), repeatRows=1, hAlign="CENTER")
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), font, 10.5), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
    ]))
    return t


def bar_chart(title: str, labels: Sequence[str], series: Sequence[Sequence[float]], font: str,
              legend: Sequence[str] = (), value_format: str = "{:g}") -> Drawing:
    """A vertical bar chart with values over the bars; two series are drawn side by side."""
    d = Drawing(CHART_W, CHART_H)
    d.add(String(CHART_W / 2, CHART_H - 12, title, fontName=font, fontSize=11, textAnchor="middle"))
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 34, 40, CHART_W - 50, CHART_H - 80  # room for labels on top
    chart.data = [list(s) for s in series] or [[0]]
    chart.categoryAxis.categoryNames = list(labels) or [""]
    chart.categoryAxis.labels.fontName = font
    crowded = len(labels) > 8 or max((len(x) for x in labels), default=0) * len(labels) > 40
    chart.categoryAxis.labels.fontSize = 8 if crowded else 9
    if crowded:  # long names (小组) or many bars: slant the labels instead of letting them overlap
        chart.categoryAxis.labels.angle = 30
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    top, step, _n = axis_scale(max((v for s in series for v in s), default=0))
    if step < 1 and all(float(v).is_integer() for s in series for v in s):  # counts: whole-number ticks
        top, step = max(1.0, math.ceil(top)), 1.0
    chart.valueAxis.valueMax, chart.valueAxis.valueStep = top, step  # 0/25/…/100 %, not 0/20/…/120
    chart.barLabelFormat = lambda v: value_format.format(v)
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 8
    chart.barLabels.nudge = 6
    for i, colour in enumerate((BAR, BAR_2)[: len(series)]):
        chart.bars[i].fillColor = colour
        chart.bars[i].strokeColor = None
    d.add(chart)
    for i, name in enumerate(legend):
        x = CHART_W - 150 + i * 70
        d.add(Rect(x, CHART_H - 26, 8, 8, fillColor=(BAR, BAR_2)[i], strokeColor=None))
        d.add(String(x + 11, CHART_H - 25, name, fontName=font, fontSize=9))
    return d


def summary_sentences(st: TermStats) -> list[tuple[str, str]]:
    """(section, sentence) pairs — the text a 工作总结 pastes; also shown by the reports tab."""
    c, h = st.composition, st.headline
    out: list[tuple[str, str]] = []
    ages = "，".join(f"{s.label}{s.count}人，约占{s.percent}%" for s in c.age_bands)
    avg = f"平均年龄{c.average_age:g}岁，" if c.average_age is not None else ""
    edu = "，".join(f"{s.label}学历{s.count}人，占{s.percent}%" for s in c.education)
    titles = "，".join(f"{s.label}职称{s.count}人，占{s.percent}%" for s in c.title_levels if s.label != "未定级")
    text = f"学校现有在职教师{c.total}人，{avg}{ages}。{edu}。"
    if titles:
        text += f"{titles}。"
    if c.honours:
        text += "，".join(f"{s.label}{s.count}人" for s in c.honours)
        text += f"，共约占在职教师数的{c.honoured.percent if c.honoured else 0}%。"
    if c.head_teachers:
        text += f"担任班主任的教师{c.head_teachers.count}人。"
    out.append((SECTIONS[0], text))
    kinds = "、".join(f"{k.label}{k.count}次" for k in st.activities_by_kind)
    if not kinds:
        text = "本学期尚未安排校本研修活动。"
    elif h.activities_done == h.activities:
        text = f"本学期共开展校本研修活动{h.activities}次，其中{kinds}。"
    else:  # a planned activity has not been held: 开展 would overstate what happened
        text = (f"本学期共安排校本研修活动{h.activities}次，已开展{h.activities_done}次；"
                f"按形式分（含尚未开展的），{kinds}。")
    out.append((SECTIONS[1], text))
    bands = "，".join(f"{s.label}{s.count}人" for s in st.hours_bands)
    out.append((SECTIONS[2], f"教师人均研修{h.hours_average or 0:g}学时，{h.hours_met}人达到学时要求，"
                f"达标率{h.hours_met_percent}%；{bands}。全体教师研修活动出勤率{_pct(h.attendance_rate)}。"))
    out.append((SECTIONS[3], f"全体教师共听课{h.observations}节，{h.observations_reached}人完成听课任务，"
                f"占{h.observations_reached_percent}%。"))
    levels = "，".join(f"{r.kind}{r.total}项（" + "、".join(f"{lv}{n}项" for lv, n in zip(LEVELS, r.by_level, strict=True)
                                                 if n) + "）" for r in st.achievements)
    lessons = "、".join(f"{x.label}{x.count}节" for x in st.open_lessons_by_subject)
    sent = "、".join(x.label for x in st.sent_out)
    text = f"本学期教师取得各类成果{h.achievements}项" + (f"，其中{levels}" if levels else "") + "。"
    text += f"共上公开课、示范课、研讨课{h.open_lessons}节" + (f"（{lessons}）" if lessons else "") + "。"
    text += f"外出学习培训{h.sent_out}人" + (f"（{sent}）" if sent else "") + "。"
    out.append((SECTIONS[4], text))
    names = "、".join(r.name for r in st.assessment if r.candidate)
    out.append((SECTIONS[5], f"根据学时、出勤、听课和档案材料量化打分，推荐{names}为先进个人候选人。" if names
                else "按量化打分，本学期暂无符合条件的先进个人候选人。"))
    return out


def _title(school: str, semester: str, style: ParagraphStyle, width: float) -> Paragraph:
    """The title on one line, smaller if need be; a long school name goes on a line of its own."""
    text = f"{school}{semester}校本研修统计摘要"
    size = min(TITLE_PT, math.floor(width * 0.96 / stringWidth(text, style.fontName, 1) * 2) / 2)
    if size >= TITLE_MIN_PT:
        return Paragraph(escape(text), ParagraphStyle("t1", parent=style, fontSize=size, leading=size * 1.45))
    return Paragraph(escape(school) + "<br/>" + escape(f"{semester}校本研修统计摘要"), style)


def render_summary(st: TermStats, school: str) -> bytes:
    """The summary PDF (A4, embedded fonts, 第 x 页 / 共 y 页)."""
    styles = _styles()
    song = styles["p"].fontName
    text = dict(summary_sentences(st))
    pages = Pages(size=A4, margins=MARGINS, font=song)
    story: list = [_title(school, st.semester_name, styles["title"], pages.frame_width),
                   Paragraph(escape(f"统计至 {st.as_of.year}年{st.as_of.month}月{st.as_of.day}日"), styles["sub"]),
                   Spacer(1, 4 * mm)]

    def section(name: str, *flowables: object) -> None:
        story.append(KeepTogether([Paragraph(name, styles["h"]), Paragraph(escape(text[name]), styles["p"])]))
        for f in flowables:
            story.extend([Spacer(1, 2 * mm), f])

    c = st.composition
    section(SECTIONS[0], _table([["项目", "类别", "人数", "占比"]]
                                + [[sec, s.label, s.count, f"{s.percent}%"] for sec, s in c.rows()],
                                [30 * mm, 50 * mm, 25 * mm, 25 * mm], song),
            bar_chart("教师年龄结构（人）", [s.label for s in c.age_bands], [[s.count for s in c.age_bands]], song))
    section(SECTIONS[1], bar_chart("各类研修活动次数", [k.label for k in st.activities_by_kind],
                                   [[k.count for k in st.activities_by_kind]], song))
    section(SECTIONS[2],
            _table([["学时分段", "人数", "占比"]] + [[s.label, s.count, f"{s.percent}%"] for s in st.hours_bands],
                   [50 * mm, 30 * mm, 30 * mm], song),
            bar_chart("各小组研修活动出勤率（%）", [g.name for g in st.attendance_by_group],
                      [[round((g.rate or 0) * 100, 1) for g in st.attendance_by_group]], song))
    section(SECTIONS[3])
    ach = [["成果类别", *LEVELS, "合计"]] + [[r.kind, *r.by_level, r.total] for r in st.achievements]
    flow: list[object] = [_table(ach, [28 * mm] + [20 * mm] * (len(LEVELS) + 1), song)] if st.achievements else []
    if st.achievements:
        flow.append(bar_chart("成果按级别（项）", list(LEVELS),
                              [[sum(r.by_level[i] for r in st.achievements) for i in range(len(LEVELS))]], song))
    if st.open_lessons_by_subject:
        flow.append(bar_chart("公开课按学科（节）", [x.label for x in st.open_lessons_by_subject],
                              [[x.count for x in st.open_lessons_by_subject]], song))
    section(SECTIONS[4], *flow)
    section(SECTIONS[5])
    return build_pdf([(pages, story)], title=f"{school}{st.semester_name}校本研修统计摘要", author=school)
