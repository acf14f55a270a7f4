"""Blocks of a form definition → ReportLab flowables, and the missing-glyph check over the same text.

Table cells are plain strings drawn with a per-cell font size (shrunk to fit the column) rather than
Paragraphs: a 60-row sheet stays well under the 50 ms budget. Columns marked ``wrap`` use Paragraphs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Image, Paragraph, Spacer, Table, TableStyle

from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.pdf.forms import Block, Column, FormData, FormDef, fill, type_size

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
_TABLE_ALIGN = {"left": "LEFT", "center": "CENTRE", "right": "RIGHT"}
MIN_CELL_SIZE = 6.0  # shrink-to-fit stops here (a name stays legible)
PAD = 2.0  # table cell padding, points


def escape(text: str) -> str:
    """Text as Paragraph markup: & < > escaped (what ``xml.sax.saxutils.escape`` does, without importing
    it: it pulls in urllib.request and ssl, ~30 ms of a cold 签到表's 300)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def font_name(key: str) -> str:
    from yanxiu_desktop.pdf import fonts

    return fonts.HEI if key == "hei" else fonts.SONG


@cache
def _style(font: str, size: float, align: str, leading: float) -> ParagraphStyle:
    return ParagraphStyle(f"{font}-{size}-{align}-{leading}", fontName=font, fontSize=size,
                          leading=size * leading, alignment=_ALIGN[align], wordWrap="CJK")


def para(text: str, font: str, size: float, align: str = "left", leading: float = 1.3) -> Paragraph:
    # Paragraph collapses runs of spaces; forms use them (and U+3000) to space out "应到 … 实到 …".
    body = escape(text).replace("\u3000", "\u00a0\u00a0").replace("  ", "\u00a0\u00a0")
    return Paragraph(body.replace("\n", "<br/>"), _style(font, size, align, leading))


def two_line_size(text: str, font: str, size: float, width: float, height: float) -> float | None:
    """A size at which *text* fits on two lines in a *width* × *height* cell, if that beats shrinking."""
    s = min(size, height / 2.3)
    while s >= MIN_CELL_SIZE:
        if stringWidth(text, font, s) <= 2 * width * 0.92:
            return s
        s -= 0.5
    return None


def fit_size(text: str, font: str, size: float, width: float) -> float:
    """The largest size ≤ *size* at which *text* fits on one line of *width* points."""
    if not text:
        return size
    w = stringWidth(text, font, size)
    if w <= width:
        return size
    return max(MIN_CELL_SIZE, math.floor(size * width / w * 2) / 2)


def column_widths(columns: Sequence[Column], total: float) -> list[float]:
    """Fixed columns keep their millimetres, the others share what is left (all scaled if too wide)."""
    fixed = sum(c.width_mm * mm for c in columns if c.width_mm)
    shares = sum(c.share for c in columns if not c.width_mm)
    rest = total - fixed
    if rest < 0 or (shares and rest < 5 * mm):
        scale = total / (fixed + shares * 10 * mm)
        return [(c.width_mm * mm if c.width_mm else c.share * 10 * mm) * scale for c in columns]
    return [c.width_mm * mm if c.width_mm else rest * c.share / shares for c in columns]


def _size(block: Block, key: str, default: float) -> float:
    return type_size(block.get(key), "") if block.get(key) is not None else default


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _Gap(Spacer):
    """Space between blocks that shrinks to what is left of the page: a gap never starts a page on its
    own (a 签到表 whose three-line theme filled page 1 got an empty page 2 for 1.5 mm of space)."""

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, max(0.0, min(self.height, ah))


class Story:
    """Builds the flowables of one document; ``width``/``height`` are the frame's, in points."""

    def __init__(self, form: FormDef, data: FormData, width: float, height: float):
        self.form, self.data, self.width, self.height = form, data, width, height
        self.font = font_name(form.font)

    def flowables(self) -> list[Flowable]:
        out: list[Flowable] = []
        last = len(self.form.blocks) - 1
        for i, block in enumerate(self.form.blocks):
            room = block.get("min_space_mm", 0)
            if room:  # a heading needs its table's first rows under it, or it starts the next page
                out.append(CondPageBreak(float(room) * mm))
            before = block.get("space_before_mm", 0)
            if before:
                out.append(_Gap(1, before * mm))
            out.extend(getattr(self, f"_{block.type}")(block))
            after = block.get("space_after_mm", 1.5 if block.type != "spacer" else 0)
            if after and i < last:  # nothing follows the last block: its gap could only add a page
                out.append(_Gap(1, after * mm))
        return out

    def _fill(self, template: str) -> str:
        return fill(template, self.data.values, self.form.blank)

    # -- simple blocks ---------------------------------------------------------------------------
    def _title(self, b: Block) -> list[Flowable]:
        size = _size(b, "size", 18.0)
        return [para(self._fill(b.get("text", "")), font_name(b.get("font", "hei")), size,
                     b.get("align", "center"), 1.2)]

    def _lines(self, b: Block) -> list[Flowable]:
        size = _size(b, "size", self.form.size)
        font = font_name(b.get("font", self.form.font))
        return [para(self._fill(t), font, size, b.get("align", "left"), self.form.leading + 0.15)
                for t in b.get("lines", [])]

    def _signatures(self, b: Block) -> list[Flowable]:
        size = _size(b, "size", self.form.size)
        items = [self._fill(t) for t in b.get("items", [])]
        if not items:
            return []
        font = font_name(b.get("font", self.form.font))
        t = Table([items], colWidths=[self.width / len(items)] * len(items),
                  rowHeights=[size * 2.2])
        t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font, size),
                               ("ALIGN", (0, 0), (-1, -1), _TABLE_ALIGN[b.get("align", "right")]),
                               ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
        return [t]

    def _spacer(self, b: Block) -> list[Flowable]:
        return [Spacer(1, float(b.get("height_mm", 3)) * mm)]

    # -- label/value grid ------------------------------------------------------------------------
    def _fields(self, b: Block) -> list[Flowable]:
        per_row = max(1, int(b.get("per_row", 2)))
        size = _size(b, "size", self.form.size)
        label_size = _size(b, "label_size", size)
        label_font = font_name(b.get("label_font", "hei"))
        label_w = float(b.get("label_width_mm", 18)) * mm
        value_w = (self.width - per_row * label_w) / per_row
        row_h = float(b.get("row_height_mm", 7)) * mm
        rows: list[list[Any]] = []
        cmds: list[tuple] = [("FONT", (0, 0), (-1, -1), self.font, size),
                             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                             ("LEFTPADDING", (0, 0), (-1, -1), PAD * 1.5),
                             ("RIGHTPADDING", (0, 0), (-1, -1), PAD)]
        heights: list[float | None] = []
        row: list[Any] = []
        for item in b.get("items", []):
            span = min(per_row, max(1, int(item.get("span", 1))))
            if len(row) // 2 + span > per_row:
                rows.append(row + [""] * (2 * per_row - len(row)))
                row = []
            r, c = len(rows), len(row)
            text = self._fill(item["value"]) if "value" in item else cell_text(
                self.data.values.get(item.get("key", "")))
            width = label_w * (span - 1) + value_w * span
            cmds.append(("FONT", (c, r), (c, r), label_font, label_size))
            cmds.append(("ALIGN", (c, r), (c, r), "CENTRE"))
            if fit_size(text, self.font, size, width - 2 * PAD) < size and text:
                cell: Any = para(text, self.font, size, "left", 1.15)
            else:
                cell = text
            row += [item.get("label", ""), cell] + [""] * (2 * span - 2)
            if span > 1:
                cmds.append(("SPAN", (c + 1, r), (c + 2 * span - 1, r)))
            if len(row) // 2 >= per_row:
                rows.append(row)
                row = []
        if row:
            rows.append(row + [""] * (2 * per_row - len(row)))
        for r in rows:
            heights.append(None if any(isinstance(x, Paragraph) for x in r) else row_h)
        if b.get("border", "grid") == "grid":
            cmds.append(("GRID", (0, 0), (-1, -1), 0.6, colors.black))
        t = Table(rows, colWidths=[label_w, value_w] * per_row, rowHeights=heights)
        t.setStyle(TableStyle(cmds))
        return [t]

    # -- boxed text (活动过程, 反思 …) ------------------------------------------------------------
    def _text(self, b: Block) -> list[Flowable]:
        size = _size(b, "size", self.form.size)
        label_w = float(b.get("label_width_mm", 18)) * mm
        text_w = self.width - label_w
        raw = self._fill(b["value"]) if "value" in b else cell_text(self.data.values.get(b.get("key", "")))
        parts = [p for p in raw.split("\n")] or [""]
        cells = [para(p, self.font, size, "left", self.form.leading + 0.2) for p in parts]
        # One row per paragraph so a long record can continue on the next page.
        rows = [[para(b.get("label", ""), font_name("hei"), _size(b, "label_size", size), "center")
                 if i == 0 else "", c] for i, c in enumerate(cells)]
        heights = [c.wrap(text_w - 3 * PAD, self.height)[1] + 2 * PAD for c in cells]
        min_h = float(b.get("min_height_mm", 20)) * mm
        if sum(heights) < min_h:
            heights[-1] += min_h - sum(heights)
        t = Table(rows, colWidths=[label_w, text_w], rowHeights=heights)
        t.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, colors.black),
                               ("LINEAFTER", (0, 0), (0, -1), 0.6, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("VALIGN", (0, 0), (0, 0), "MIDDLE" if len(rows) == 1 else "TOP"),
                               ("LEFTPADDING", (1, 0), (1, -1), PAD * 1.5)]))
        return [t]

    # -- photos ----------------------------------------------------------------------------------
    def _images(self, b: Block) -> list[Flowable]:
        sources = list(self.data.images.get(b.get("key", "images"), []))[: int(b.get("max", 2))]
        if not sources:
            if b.get("placeholder"):
                return self._text(Block("text", {"label": b.get("label", ""), "value": b["placeholder"],
                                                 "min_height_mm": b.get("height_mm", 40)}))
            return []
        gap = 4 * mm
        label_w = float(b.get("label_width_mm", 18)) * mm if b.get("label") else 0
        box_w = (self.width - label_w - gap * (len(sources) + 1)) / len(sources)
        box_h = float(b.get("height_mm", 60)) * mm
        cells: list[Any] = []
        for src in sources:
            reader = ImageReader(BytesIO(src) if isinstance(src, bytes) else str(src))
            iw, ih = reader.getSize()
            scale = min(box_w / iw, box_h / ih)
            cells.append(Image(BytesIO(src) if isinstance(src, bytes) else str(src),
                               width=iw * scale, height=ih * scale))
        row = ([para(b.get("label", ""), font_name("hei"), self.form.size, "center")] if label_w else []) + cells
        widths = ([label_w] if label_w else []) + [box_w + gap] * len(cells)
        t = Table([row], colWidths=widths, rowHeights=[box_h + 2 * PAD + 2 * mm])
        t.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("ALIGN", (0, 0), (-1, -1), "CENTRE")]
                              + ([("LINEAFTER", (0, 0), (0, 0), 0.6, colors.black)] if label_w else [])))
        return [t]

    # -- the main table ----------------------------------------------------------------------------
    def _table(self, b: Block) -> list[Flowable]:
        rows = list(self.data.rows.get(b.get("source", "rows"), []))
        cols = b.columns
        texts = [[str(i) if c.key == "#" else cell_text(r.get(c.key)) for c in cols]
                 for i, r in enumerate(rows, start=1)]
        min_rows = int(b.get("min_rows", 0))
        texts += [[""] * len(cols) for _ in range(max(0, min_rows - len(texts)))]
        size = _size(b, "size", self.form.size)
        header_size = _size(b, "header_size", size)
        row_h = float(b.get("row_height_mm", 7)) * mm
        header_h = float(b.get("header_height_mm", b.get("row_height_mm", 7))) * mm
        over = b.get("two_blocks_over")
        if over is None or len(texts) <= int(over):
            return [self._grid(b, texts, 1, self.width, size, header_size, row_h, header_h, repeat=True)]
        gap = float(b.get("block_gap_mm", 4)) * mm
        half = (self.width - gap) / 2
        # Rows per block on one page: what the frame holds under the table header (page 1 less the
        # blocks above the table); later pages hold a full frame.
        before, after = self._heights_around(b)
        first = max(1, int((self.height - before - header_h - 2) // row_h))
        later = max(1, int((self.height - header_h - 2) // row_h))
        if len(texts) <= 2 * int((self.height - before - after - header_h - 2) // row_h):
            first = len(texts)  # everything, footer included, fits on the first page
        out: list[Flowable] = []
        start, cap = 0, first
        while start < len(texts):
            chunk = texts[start:start + 2 * cap]
            left_n = math.ceil(len(chunk) / 2)
            left = self._grid(b, chunk[:left_n], start + 1, half, size, header_size, row_h, header_h)
            right = self._grid(b, chunk[left_n:], start + left_n + 1, half, size, header_size, row_h,
                               header_h)
            pair = Table([[left, "", right]], colWidths=[half, gap, half])
            pair.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                      ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                      ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                      ("TOPPADDING", (0, 0), (-1, -1), 0),
                                      ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
            out.append(pair)
            start += len(chunk)
            cap = later
        return out

    def _heights_around(self, table_block: Block) -> tuple[float, float]:
        """Heights of the blocks above and below *table_block* (one page's worth of furniture)."""
        above = below = 0.0
        seen = False
        for block in self.form.blocks:
            if block is table_block:
                seen = True
                continue
            h = sum(f.wrap(self.width, self.height)[1] for f in self.flowables_of(block))
            if seen:
                below += h
            else:
                above += h
        return above, below

    def flowables_of(self, block: Block) -> list[Flowable]:
        out = list(getattr(self, f"_{block.type}")(block))
        space = block.get("space_before_mm", 0) + block.get("space_after_mm", 1.5 if block.type != "spacer" else 0)
        return [*out, Spacer(1, space * mm)] if space else out

    def _grid(self, b: Block, texts: list[list[str]], first_no: int, width: float, size: float,
              header_size: float, row_h: float, header_h: float, repeat: bool = False) -> Table:
        from yanxiu_desktop.pdf import fonts

        cols = b.columns
        widths = column_widths(cols, width)
        header_font = font_name(b.get("header_font", "hei"))
        data: list[list[Any]] = [[c.header for c in cols]]
        cmds: list[tuple] = [
            ("FONT", (0, 0), (-1, 0), header_font, header_size),
            ("FONT", (0, 1), (-1, -1), self.font, size),
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 0), (-1, 0), "CENTRE"),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ]
        for j, c in enumerate(cols):
            if c.align != "center":
                cmds.append(("ALIGN", (j, 1), (j, -1), _TABLE_ALIGN[c.align]))
            else:
                cmds.append(("ALIGN", (j, 1), (j, -1), "CENTRE"))
            hs = fit_size(c.header, header_font, header_size, widths[j] - 2 * PAD)
            if hs < header_size:
                cmds.append(("FONTSIZE", (j, 0), (j, 0), hs))
        heights: list[float | None] = [header_h]
        for i, row in enumerate(texts, start=1):
            out: list[Any] = []
            wrapped = False
            for j, (c, text) in enumerate(zip(cols, row, strict=True)):
                if c.key == "#" and text:
                    text = str(first_no + i - 1)
                if c.wrap and text and stringWidth(text, self.font, size) > widths[j] - 2 * PAD:
                    out.append(para(text, self.font, size, c.align, 1.15))
                    wrapped = True
                    continue
                if text and not text.isascii():
                    face = fonts.font_for(text, self.font)
                    if face != self.font:  # e.g. Windows 宋体 lacks an Extension B name
                        cmds.append(("FONTNAME", (j, i), (j, i), face))
                s = fit_size(text, self.font, size, widths[j] - 2 * PAD)
                if s < size * 0.85 and len(text) > 3:
                    s2 = two_line_size(text, self.font, size, widths[j] - 2 * PAD, row_h - 2)
                    if s2 is not None and s2 > s:
                        out.append(para(text, self.font, s2, c.align, 1.1))
                        continue
                if s < size:
                    cmds.append(("FONTSIZE", (j, i), (j, i), s))
                out.append(text)
            data.append(out)
            heights.append(None if wrapped else row_h)
        t = Table(data, colWidths=widths, rowHeights=heights, repeatRows=1 if repeat else 0)
        t.setStyle(TableStyle(cmds))
        return t


def text_items(form: FormDef, data: FormData) -> Iterator[tuple[str, str, str]]:
    """(where, text, font key) for everything the form will print from *data* (for the glyph check)."""
    for b in form.blocks:
        if b.type == "title":
            yield "标题", fill(b.get("text", ""), data.values, form.blank), b.get("font", "hei")
        elif b.type in ("lines", "signatures"):
            for t in b.get("lines" if b.type == "lines" else "items", []):
                yield "表格文字", fill(t, data.values, form.blank), b.get("font", form.font)
        elif b.type == "fields":
            for item in b.get("items", []):
                text = (fill(item["value"], data.values, form.blank) if "value" in item
                        else cell_text(data.values.get(item.get("key", ""))))
                yield item.get("label", "栏目"), text, form.font
        elif b.type == "text":
            text = (fill(b["value"], data.values, form.blank) if "value" in b
                    else cell_text(data.values.get(b.get("key", ""))))
            yield b.get("label", "文字"), text, form.font
        elif b.type == "table":
            label_key = b.get("label_key", "")
            for i, row in enumerate(data.rows.get(b.get("source", "rows"), []), start=1):
                who = cell_text(row.get(label_key)) if label_key else ""
                for c in b.columns:
                    if c.key != "#":
                        where = f"第 {i} 行" + (f"（{who}）" if who else "") + f"的「{c.header}」"
                        yield where, cell_text(row.get(c.key)), form.font


def glyph_problems(form: FormDef, data: FormData) -> list[str]:
    """One Chinese message per text that holds a character the font lacks (it would print blank)."""
    return missing_glyph_problems(text_items(form, data))


def missing_glyph_problems(texts: Iterable[tuple[str, str, str]]) -> list[str]:
    """The same check for any (where, text, font key) — forms and the booklet alike."""
    from yanxiu_desktop.pdf import fonts

    problems: list[str] = []
    for where, text, key in texts:
        if not text or text.isascii():
            continue
        face = font_name(key)
        missing = fonts.missing_glyphs(text, fonts.font_for(text, face))
        if missing:
            chars = "、".join(f"「{ch}」(U+{ord(ch):04X})" for ch in dict.fromkeys(missing))
            problems.append(f"{where}「{text}」中的 {chars} 在打印字体中没有，打印出来会是空白")
    return problems


def check_images(data: FormData) -> list[str]:
    problems: list[str] = []
    for key, sources in data.images.items():
        for i, src in enumerate(sources, start=1):
            try:
                ImageReader(BytesIO(src) if isinstance(src, bytes) else str(src)).getSize()
            except Exception:
                name = Path(src).name if not isinstance(src, bytes) else f"第 {i} 张"
                problems.append(f"图片 {name}（{key}）无法读取，请确认是 JPG 或 PNG 图片")
    return problems


def ensure_printable(form: FormDef, data: FormData, label: str = "") -> None:
    problems = glyph_problems(form, data) + check_images(data)
    if problems:
        raise ValidationError([f"{label}：{p}" if label else p for p in problems])
