"""How a county statistics sheet looks: 宋体, a title row, a bold framed header, frozen header rows, widths
from the content, A4 landscape with the header repeated on every printed page.

Cells get real numbers and dates (never numbers as text); only their display format is set here.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FONT_NAME = "宋体"
BODY = Font(name=FONT_NAME, size=11)
HEADER = Font(name=FONT_NAME, size=11, bold=True)
TITLE = Font(name=FONT_NAME, size=14, bold=True)
_THIN = Side(style="thin", color="000000")
FRAME = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)  # text past MAX_WIDTH wraps, not cut
DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = "0.0%"
WHOLE_PERCENT = "0%"
MAX_WIDTH = 48
HEADER_ROW = 2  # row 1 is the sheet title


def text_width(value: Any) -> float:
    """Display width in Excel character units: a CJK character is two."""
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, float):
        value = f"{value:.2f}".rstrip("0").rstrip(".")
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(value))


def cell_style(wb: Any, header: bool, left: bool, fmt: str | None) -> str:
    """The name of a registered style for this kind of cell.

    Assigning a named style is an index lookup; assigning Font/Border/Alignment objects per cell makes
    openpyxl hash them every time (≈ 2 s for a 200-teacher workbook).
    """
    name = f"yx-{'h' if header else 'b'}{'l' if left else 'c'}-{fmt or 'General'}"
    known = wb.__dict__.setdefault("_yanxiu_styles", set())  # wb.named_styles builds a list on every call
    if name not in known:
        known.add(name)
        style = NamedStyle(name=name, font=HEADER if header else BODY, border=FRAME,
                           alignment=LEFT if left else CENTER, number_format=fmt or "General")
        if name not in wb.named_styles:
            wb.add_named_style(style)
    return name


class SheetWriter:
    """Writes one table sheet: title row, header row, data rows; tracks column widths as it goes."""

    def __init__(self, ws: Worksheet, title: str, headers: Sequence[str],
                 formats: Sequence[str | None] | None = None, min_widths: Sequence[float] | None = None):
        self.ws = ws
        self.headers = list(headers)
        self.formats = list(formats) if formats is not None else [None] * len(headers)
        self.widths = [max(text_width(h) + 2, 6.0) for h in headers]
        if min_widths:
            self.widths = [max(w, m) for w, m in zip(self.widths, min_widths, strict=False)] + self.widths[
                len(min_widths):]
        ws.append([title])
        ws.cell(1, 1).font = TITLE
        ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
        ws.row_dimensions[1].height = 26
        if len(headers) > 1:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        self.header(headers)
        self.row = HEADER_ROW

    def header(self, headers: Sequence[str]) -> None:
        self.ws.append(list(headers))
        r = self.ws.max_row
        style = cell_style(self.ws.parent, True, False, None)
        for c in range(1, len(headers) + 1):
            self.ws.cell(r, c).style = style
        self.row = r

    def append(self, values: Iterable[Any], formats: Sequence[str | None] | None = None) -> None:
        values = list(values)
        self.ws.append(values)
        self.row = r = self.ws.max_row
        formats = formats or self.formats
        wb = self.ws.parent
        for c, value in enumerate(values, start=1):
            fmt = formats[c - 1] if c - 1 < len(formats) else None
            if isinstance(value, dt.date) and not fmt:
                fmt = DATE_FORMAT
            width = text_width(value)
            # Long text reads better left-aligned; numbers, names and short words are centred as on paper.
            self.ws.cell(r, c).style = cell_style(wb, False, isinstance(value, str) and width > 12, fmt)
            if c - 1 < len(self.widths):
                self.widths[c - 1] = max(self.widths[c - 1], min(MAX_WIDTH, width + 2))

    def blank(self) -> None:
        self.ws.append([])
        self.row = self.ws.max_row

    def finish(self) -> None:
        """Widths, frozen header, A4 landscape, header rows repeated on each printed page."""
        ws = self.ws
        for i, w in enumerate(self.widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = round(w, 1)
        ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
        ws.print_title_rows = f"1:{HEADER_ROW}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0  # as many pages tall as needed, one page wide
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.oddFooter.center.text = "第 &P 页 共 &N 页"
        ws.oddFooter.center.font = FONT_NAME
