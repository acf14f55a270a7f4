"""个人成长档案 / 校本研修报告册: one teacher's term as an A4 booklet (ReportLab platypus).

Body text is 宋体-style at 四号 (14 pt) as the school's archive rule asks; headings 黑体-style. Images are
re-encoded at print resolution so a folder of phone photos does not make a 100 MB PDF. Several booklets go
into one PDF, each starting on a new page with its own page numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.pdf.document import Pages, build_pdf
from yanxiu_desktop.pdf.layout import escape, missing_glyph_problems

BODY_PT = 14.0  # 四号
TABLE_PT = 12.0  # 小四: tables stay readable without wrapping every cell
MARGINS = (25 * mm, 20 * mm, 22 * mm, 25 * mm)  # top, right, bottom, left (binding side wider)
IMAGE_MAX_H = 110 * mm
IMAGE_DPI = 150
_CN = ("", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五")
SECTIONS = ("一、基本情况", "二、本学期研修概况", "三、听课记录", "四、承担的研修活动与公开课", "五、成长档案材料")


@dataclass
class BookletItem:
    kind: str
    title: str
    meta: str = ""  # date, level, rank, issuer
    notes: str = ""
    images: list[tuple[Path, str]] = field(default_factory=list)  # (stored file, caption)
    files: list[str] = field(default_factory=list)  # other attachments, by name


@dataclass
class BookletData:
    school: str
    teacher: str
    subject: str
    term: str
    printed: str
    basic: list[tuple[str, str]]
    hours: float
    required_hours: float
    attendance: list[tuple[str, int]]  # (status, count)
    present: int
    observation_quota: int
    observations_made: list[tuple[str, str, str, str, str]]  # date, teacher, subject, topic, grade
    activities: list[tuple[str, str, str, str]]  # date, kind, title, detail
    requirements: list[tuple[str, int, int, str]]  # label, required, done, verdict
    items: list[BookletItem]


def _styles() -> dict[str, ParagraphStyle]:
    from yanxiu_desktop.pdf import fonts

    fonts.register_fonts()
    song, hei = fonts.SONG, fonts.HEI
    return {
        "body": ParagraphStyle("body", fontName=song, fontSize=BODY_PT, leading=BODY_PT * 1.6,
                               firstLineIndent=0, wordWrap="CJK"),
        "notes": ParagraphStyle("notes", fontName=song, fontSize=BODY_PT, leading=BODY_PT * 1.6,
                                firstLineIndent=2 * BODY_PT, wordWrap="CJK"),
        "h1": ParagraphStyle("h1", fontName=hei, fontSize=16, leading=26, spaceBefore=10, spaceAfter=8),
        "h2": ParagraphStyle("h2", fontName=hei, fontSize=BODY_PT, leading=22, spaceBefore=8, spaceAfter=4),
        "item": ParagraphStyle("item", fontName=hei, fontSize=BODY_PT, leading=22, spaceBefore=6),
        "cell": ParagraphStyle("cell", fontName=song, fontSize=TABLE_PT, leading=TABLE_PT * 1.35,
                               wordWrap="CJK"),
        "head": ParagraphStyle("head", fontName=hei, fontSize=TABLE_PT, leading=TABLE_PT * 1.35,
                               alignment=TA_CENTER),
        "caption": ParagraphStyle("caption", fontName=song, fontSize=10.5, leading=14, alignment=TA_CENTER),
        "cover_school": ParagraphStyle("cs", fontName=hei, fontSize=22, leading=32, alignment=TA_CENTER),
        "cover_title": ParagraphStyle("ct", fontName=hei, fontSize=36, leading=50, alignment=TA_CENTER),
        "cover_sub": ParagraphStyle("csub", fontName=song, fontSize=22, leading=32, alignment=TA_CENTER),
        "cover_line": ParagraphStyle("cl", fontName=song, fontSize=16, leading=30),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    from yanxiu_desktop.pdf import fonts

    # On Windows SONG is the system 宋体, which lacks Extension B names: such text falls back per paragraph.
    face = fonts.font_for(text, style.fontName) if style.fontName == fonts.SONG else style.fontName
    if face != style.fontName:
        style = ParagraphStyle(style.name + "_fb", parent=style, fontName=face)
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _table(header: list[str], rows: list[list[str]], widths: list[float],
           styles: dict[str, ParagraphStyle]) -> Table:
    data = [[_p(h, styles["head"]) for h in header]]
    data += [[_p(str(c), styles["cell"]) for c in row] for row in rows]
    t = Table(data, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return t


def _none(styles: dict[str, ParagraphStyle]) -> Paragraph:
    return _p("（本学期无记录）", styles["body"])


def _image(path: Path, max_w: float, max_h: float) -> Image | None:
    """The picture re-encoded at print size, or None when it cannot be read (a broken or odd file)."""
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    try:
        with PILImage.open(path) as im:
            im.load()
            w, h = im.size
            # Natural size at print resolution, shrunk to fit the frame, never blown up.
            nat_w, nat_h = w * 72 / IMAGE_DPI, h * 72 / IMAGE_DPI
            scale = min(max_w / nat_w, max_h / nat_h, 1.0)
            out_w, out_h = nat_w * scale, nat_h * scale
            if scale < 1.0:
                im = im.resize((max(1, round(w * scale)), max(1, round(h * scale))), PILImage.Resampling.LANCZOS)
            if im.mode not in ("RGB", "L"):
                rgba = im.convert("RGBA")
                im = PILImage.new("RGB", im.size, "white")
                im.paste(rgba, mask=rgba.split()[-1])
            buf = BytesIO()
            im.save(buf, "JPEG", quality=82)
    except (OSError, UnidentifiedImageError, ValueError):
        return None
    buf.seek(0)
    return Image(buf, width=out_w, height=out_h)


def _cover(d: BookletData, styles: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    lines = [("学　　校", d.school), ("姓　　名", d.teacher), ("任教学科", d.subject), ("学　　期", d.term)]
    rows = [[_p(k, styles["cover_line"]), _p(v, styles["cover_line"])] for k, v in lines]
    t = Table(rows, colWidths=[35 * mm, 75 * mm], hAlign="CENTER")
    t.setStyle(TableStyle([("LINEBELOW", (1, 0), (1, -1), 0.8, colors.black),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 2), ("TOPPADDING", (0, 0), (-1, -1), 14)]))
    return [Spacer(width, 30 * mm), _p(d.school, styles["cover_school"]),
            Spacer(width, 14 * mm), _p("个人成长档案", styles["cover_title"]), Spacer(width, 4 * mm),
            _p("校本研修报告册", styles["cover_sub"]), Spacer(width, 32 * mm), t, Spacer(width, 28 * mm),
            _p(d.printed, styles["cover_sub"]), PageBreak()]


def _body(d: BookletData, styles: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    out: list[Flowable] = [_p(SECTIONS[0], styles["h1"])]
    basic = [[k, v, k2, v2] for (k, v), (k2, v2) in zip(d.basic[0::2], d.basic[1::2], strict=False)]
    bt = _table(["项目", "内容", "项目", "内容"], basic, [0.18 * width, 0.32 * width, 0.18 * width, 0.32 * width],
                styles)
    out.append(bt)

    out.append(_p(SECTIONS[1], styles["h1"]))
    recorded = sum(n for _s, n in d.attendance)
    rate = f"{d.present / recorded:.0%}" if recorded else "—"
    verdict = "已达到" if d.hours >= d.required_hours else "尚未达到"
    by_status = dict(d.attendance)
    # 实到 counts 迟到/早退 as present (the policy's rule); the status table below shows them apart.
    partly = "、".join(f"{s} {by_status[s]} 次" for s in ("迟到", "早退") if by_status.get(s))
    out.append(_p(f"本学期参加校本研修活动 {recorded} 次，实到 {d.present} 次"
                  + (f"（含{partly}）" if partly else "") + f"，出勤率 {rate}；"
                  f"获得研修学时 {d.hours:g} 学时，{verdict}每学期 {d.required_hours:g} 学时的要求。"
                  f"听课 {len(d.observations_made)} 节（要求 {d.observation_quota} 节）。", styles["notes"]))
    out.append(Spacer(width, 3 * mm))
    out.append(_table([s for s, _n in d.attendance], [[str(n) for _s, n in d.attendance]],
                      [width / max(1, len(d.attendance))] * len(d.attendance), styles))
    if d.requirements:
        out.append(_p("档案材料完成情况", styles["h2"]))
        out.append(_table(["要求", "应完成", "已完成", "情况"],
                          [[lbl, str(req), str(done), v] for lbl, req, done, v in d.requirements],
                          [0.46 * width, 0.18 * width, 0.18 * width, 0.18 * width], styles))

    out.append(_p(SECTIONS[2], styles["h1"]))
    if d.observations_made:
        out.append(_table(["日期", "授课教师", "学科", "课题", "评价"], [list(r) for r in d.observations_made],
                          [0.2 * width, 0.18 * width, 0.14 * width, 0.36 * width, 0.12 * width], styles))
    else:
        out.append(_none(styles))

    out.append(_p(SECTIONS[3], styles["h1"]))
    if d.activities:
        out.append(_table(["日期", "类别", "内容", "说明"], [list(r) for r in d.activities],
                          [0.18 * width, 0.16 * width, 0.38 * width, 0.28 * width], styles))
    else:
        out.append(_none(styles))

    out.append(CondPageBreak(60 * mm))
    out.append(_p(SECTIONS[4], styles["h1"]))
    if not d.items:
        out.append(_none(styles))
    kind, kinds_seen = None, 0
    for n, item in enumerate(d.items, 1):
        if item.kind != kind:
            kind, kinds_seen = item.kind, kinds_seen + 1
            out.append(CondPageBreak(40 * mm))
            out.append(_p(f"（{_CN[kinds_seen] if kinds_seen < len(_CN) else kinds_seen}）{kind}", styles["h2"]))
        head = [_p(f"{n}. {item.title}", styles["item"])]
        if item.meta:
            head.append(_p(item.meta, styles["body"]))
        out.append(KeepTogether(head))
        if item.notes:
            out.append(_p(item.notes, styles["notes"]))
        for path, caption in item.images:
            img = _image(path, width, IMAGE_MAX_H)
            if img is None:
                out.append(_p(f"附件图片「{caption}」无法读取", styles["body"]))
                continue
            out.append(KeepTogether([Spacer(width, 2 * mm), img, _p(caption, styles["caption"])]))
        if item.files:
            out.append(_p("附件：" + "；".join(item.files), styles["body"]))
    return out


def _pages(d: BookletData) -> Pages:
    """The cover is unnumbered; then 第 x 页 / 共 y 页 of this teacher's booklet, the name on the left."""
    from yanxiu_desktop.pdf import fonts

    return Pages(size=A4, margins=MARGINS, font=fonts.SONG, footer="{teacher} · 个人成长档案", cover=True,
                 values={"teacher": d.teacher})


def _texts(d: BookletData) -> Iterator[tuple[str, str, str]]:
    """Every text a booklet prints, for the missing-glyph check (where, text, font key)."""
    yield "姓名", d.teacher, "hei"
    for label, value in d.basic:
        yield label, value, "song"
    for section, rows in ((SECTIONS[2], d.observations_made), (SECTIONS[3], d.activities)):
        for row in rows:
            for text in row:
                yield section, text, "song"
    for it in d.items:
        yield it.kind, it.title, "song"
        yield it.kind, it.meta, "song"
        yield it.kind, it.notes, "song"


def render_booklets(booklets: list[BookletData]) -> bytes:
    """One PDF holding every booklet in order (A4, fonts embedded), each numbered on its own. A text
    with a character the fonts lack is refused by name first, as for every other form (it printed ☒)."""
    styles = _styles()
    problems = [f"{d.teacher}的成长档案：{p}" for d in booklets for p in missing_glyph_problems(_texts(d))]
    if problems:
        raise ValidationError(problems)
    width = A4[0] - MARGINS[1] - MARGINS[3]
    # 双面打印 (the school's rule for 纸质文档): each teacher's booklet starts on a front side.
    return build_pdf([(_pages(d), _cover(d, styles, width) + _body(d, styles, width)) for d in booklets],
                     title="个人成长档案", subject=booklets[0].term if booklets else "", duplex=True)
