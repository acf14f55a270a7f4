"""Builders for the messy roster workbooks the import tests read (real dates, serials, text dates,
full-width digits, U+3000 padding, merged title rows, 合计 lines…). Shared by excel, cli and ui tests."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl

RARE_NAMES = ("朱镕基", "王堃", "李喆", "赵昇", "张犇", "钱𬭚")

HEADER = ["序号", "教师姓名", "性别", "出生日期", "任教学科", "学段", "专业技术职务", "最高学历",
          "参加工作年月", "职务", "是否班主任", "荣誉称号", "工号", "联系电话", "民族"]


def good_rows() -> list[list[Any]]:
    """Eleven valid teachers written every way a school writes them."""
    return [
        [1, "张  三", "男", dt.datetime(1985, 3, 1), "语文", "小学", "一级教师", "本科", "2007.09", "教师",
         "是", "县级骨干教师", 1001, "13800138000", "汉"],
        [2, "李　四", "女", 31107, "数学", "小学", "高级教师", "大学本科", "2005年9月", "副校长、数学教研组长",
         "否", "2019年市级学科带头人、校级优秀教师", "1002", "13900139000", "汉"],
        [3, "王五", "男", "1985.03", "英语", "小学", "二级教师", "大专", "2010-9-1", "教导主任",
         "", "", "１００３", "１３７００１３７０００", "回"],
        [4, "赵六", "女", "1985年3月", "科学", "初中", "未定级", "硕士研究生", dt.date(2020, 8, 1), "",
         "√", "", "1004", "", ""],
        [5, "孙七", "女", "1985-3-1", "音乐", "小学", "一级教师", "本科", "２００８．０９", "备课组长",
         "三(2)班", "", "1005", "", ""],
    ] + [
        [6 + i, name, "男" if i % 2 else "女", dt.date(1980 + i, 5, 4), "语文", "小学", "一级教师", "本科",
         dt.date(2003 + i, 9, 1), "教师", "否", "", 1006 + i, "", ""]
        for i, name in enumerate(RARE_NAMES)
    ]


def write_roster(path: Path, rows: Sequence[Sequence[Any]], *, header: Sequence[str] = HEADER,
                 title: str | None = "某某县第一小学教师花名册", total: bool = True, blank_rows: bool = True,
                 sheet: str = "教师花名册") -> Path:
    """An .xlsx the way schools keep it: merged title, header, data with blank lines, a 合计 row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        ws.append([])
    ws.append(list(header))
    for i, row in enumerate(rows):
        ws.append(list(row))
        if blank_rows and i == 1:
            ws.append([])
    if total:
        ws.append(["合 计", f"{len(rows)}人"])
        ws.append(["填表人：张老师", "", "", "审核人：李校长"])
    wb.save(path)
    return path


def write_xls(path: Path, rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER) -> Path:
    """The same roster as an Excel 97-2003 .xls (what WPS often saves)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("花名册")
    ws.write_merge(0, 0, 0, len(header) - 1, "某某县第一小学教师花名册")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for c, h in enumerate(header):
        ws.write(2, c, h)
    for r, row in enumerate(rows, start=3):
        for c, v in enumerate(row):
            if isinstance(v, dt.date):
                ws.write(r, c, v, date_style)
            elif v is not None:
                ws.write(r, c, v)
    book.save(str(path))
    return path


def write_zip_bomb(path: Path, size: int = 64 * 1024 * 1024) -> Path:
    """A zip that looks like an xlsx whose one sheet inflates to hundreds of MB (from a few hundred KB)."""
    chunk = b"<row>" + b"0" * (1024 * 1024 - 11) + b"</row>"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            for _ in range(size // len(chunk)):
                fh.write(chunk)
    return path
