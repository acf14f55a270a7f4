"""学期校本研修活动安排表 as .xlsx: month heading rows, real dates, 宋体, frozen header, A4 print setup."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from yanxiu_desktop.domain import semesters
from yanxiu_desktop.domain.plan_table import month_label, plan_months, plan_row
from yanxiu_desktop.domain.school import current_school
from yanxiu_desktop.store.models import Semester

# (header, row key, width in characters)
COLUMNS = (("周次", "week", 9), ("日期", "date_value", 12), ("星期", "weekday", 7), ("时间", "time", 13),
           ("内容（主题）", "theme", 40), ("形式", "kind", 11), ("主讲人", "presenter", 14),
           ("主持人", "host", 10), ("地点", "place", 14), ("参加对象", "audience", 20), ("学时", "hours", 7),
           ("状态", "status", 8))
WEEKDAYS = "一二三四五六日"


def write_plan_xlsx(sem: Semester, path: str | Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "研修活动安排表"
    song = Font(name="宋体", size=11)
    bold = Font(name="宋体", size=11, bold=True)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    last = len(COLUMNS)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    ws.cell(1, 1, f"{current_school().name}{semesters.semester_label(sem)}校本研修活动安排表")
    ws.cell(1, 1).font = Font(name="宋体", size=16, bold=True)
    ws.cell(1, 1).alignment = centre
    ws.row_dimensions[1].height = 30
    for j, (header, _key, width) in enumerate(COLUMNS, start=1):
        c = ws.cell(2, j, header)
        c.font, c.alignment, c.border = bold, centre, box
        c.fill = PatternFill("solid", fgColor="E8E8E8")
        ws.column_dimensions[c.column_letter].width = width
    r = 3
    for _year, month, items in plan_months(sem):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last)
        c = ws.cell(r, 1, month_label(month))
        c.font, c.alignment = bold, Alignment(horizontal="left", vertical="center")
        r += 1
        for a in items:
            row = plan_row(sem, a)
            row["date_value"], row["theme"] = a.date, a.theme  # the 状态 column says 取消
            row["weekday"] = f"星期{WEEKDAYS[a.date.weekday()]}"
            for j, (_header, key, _w) in enumerate(COLUMNS, start=1):
                c = ws.cell(r, j, row[key])
                c.font, c.border = song, box
                c.alignment = left if key in ("theme", "audience", "place") else centre
                if isinstance(row[key], dt.date):
                    c.number_format = "yyyy-mm-dd"
                elif key == "hours":
                    c.number_format = "0.0"
            r += 1
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页 / 共 &N 页"
    wb.save(str(path))
