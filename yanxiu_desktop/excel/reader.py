"""A safe spreadsheet reader shared by every import (花名册, 学期计划, 签到矩阵).

Usage, for any import::

    sheets = read_workbook(path)              # refuses bad files with ImportFileError (Chinese message)
    for sheet in sheets:
        header = find_header(sheet.rows, SYNONYMS, required=("name",))
        if header is None:
            continue                           # e.g. a 说明 sheet
        for rec in data_rows(sheet, header):   # blank rows, 合计 and 填表人 footers already left out
            rec.number                         # 1-based Excel row number, for messages
            rec.values["name"]                 # raw cell value (str, float, int, bool, date, datetime…)
            header.headers["name"]             # the column's header as the file spells it, for messages

Guarantees: files over ``MAX_FILE_BYTES``, empty files, files that are not Excel (a Word document, a web
page or a CSV renamed .xls/.xlsx), zip bombs and sheets with an absurd number of cells are refused before
parsing; a corrupt or password-protected workbook gives a message, never a traceback. The format is
sniffed from the bytes, not the extension (WPS and web systems save mislabelled files). Both .xlsx and
.xls are read by python-calamine (fast; openpyxl cannot read .xls).

Cell helpers: ``cell_text`` (full-width digits and U+3000 folded, 1001.0 shown as "1001"), ``header_key``
(how header cells are compared), ``parse_date`` lives in ``domain.dates``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yanxiu_desktop.domain.errors import ValidationError

MAX_FILE_BYTES = 20 * 1024 * 1024
# A real 10,000-teacher roster unpacks to ~10 MB; anything near these limits is not a roster.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 150
MAX_ZIP_MEMBERS = 2000
MAX_SHEET_CELLS = 3_000_000
HEADER_SEARCH_ROWS = 30

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TOTAL_WORDS = ("合计", "总计", "小计", "总数")
FOOTER_WORDS = ("填表人", "制表人", "审核人", "负责人", "填表日期", "制表日期", "校长签字", "单位盖章")


class ImportFileError(ValidationError):
    """The file as a whole cannot be read (too big, not Excel, corrupt); nothing was written."""


@dataclass(frozen=True)
class Row:
    number: int  # 1-based, as Excel shows it
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[Row]  # non-blank rows only, in order
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)  # 0-based corners


@dataclass(frozen=True)
class Header:
    """Where the header is and which column holds which field."""

    number: int  # Excel row number of the header row
    index: int  # position of that row in ``Sheet.rows``
    columns: dict[str, int]  # field → 0-based column
    headers: dict[str, str]  # field → header text as written in the file
    ignored: list[str]  # header cells that matched no field (序号, 民族…)


@dataclass(frozen=True)
class Record:
    number: int
    values: dict[str, Any]  # field → raw value ("" when the cell is empty)


# -- reading ---------------------------------------------------------------------------------------------

def read_workbook(path: str | Path, *, max_bytes: int = MAX_FILE_BYTES) -> list[Sheet]:
    """Every visible worksheet of an .xlsx or .xls file, refusing unsafe or non-Excel files quickly."""
    path = Path(path)
    label = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportFileError(f"无法打开文件「{label}」：{exc.strerror or exc}") from exc
    if size == 0:
        raise ImportFileError(f"文件「{label}」是空的（0 字节）。")
    if size > max_bytes:
        raise ImportFileError(
            f"文件「{label}」有 {size / 1024 / 1024:.1f} MB，超过 {max_bytes // 1024 // 1024} MB 的上限，"
            "不像是花名册或计划表。请只保留需要的工作表后再导入。")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"无法读取文件「{label}」：{exc.strerror or exc}") from exc
    kind = sniff(data, label)
    if kind == "xlsx":
        _check_zip(data, label)
    return _parse(data, label)


def sniff(data: bytes, label: str) -> str:
    """"xlsx" or "xls" from the first bytes; anything else is refused with a message saying what it is."""
    head = data[:8]
    if head.startswith(XLSX_MAGIC):
        return "xlsx"
    if head == XLS_MAGIC:
        return "xls"
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<html", b"<!doctype", b"<table", b"<?xml", b"<meta")):
        raise ImportFileError(
            f"文件「{label}」实际上是网页（HTML/XML）格式，只是扩展名为 Excel。"
            "请用 Excel 或 WPS 打开它，另存为 .xlsx 后再导入。")
    if head.startswith(b"%PDF"):
        raise ImportFileError(f"文件「{label}」是 PDF 文件，不是 Excel 表格。")
    if head.startswith((b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")):
        raise ImportFileError(f"文件「{label}」是压缩包，不是 Excel 表格。请先解压。")
    if _looks_like_text(data[:4096]):
        raise ImportFileError(
            f"文件「{label}」是纯文本（可能是 CSV 改了扩展名），不是 Excel 表格。"
            "请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。")
    raise ImportFileError(f"文件「{label}」不是 Excel 表格（.xlsx 或 .xls），也可能已经损坏。")


def _looks_like_text(chunk: bytes) -> bool:
    for enc in ("utf-8", "gb18030"):
        try:
            text = chunk.decode(enc)
        except UnicodeDecodeError:
            continue
        return all(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return False


def _check_zip(data: bytes, label: str) -> None:
    """Look at the zip directory before any XML is inflated: a bomb is refused without unpacking it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportFileError(f"文件「{label}」已损坏，无法读取（压缩结构错误）。") from exc
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        if "word/document.xml" in names:
            what = "Word 文档"
        elif "ppt/presentation.xml" in names:
            what = "PowerPoint 演示文稿"
        elif "content.xml" in names:
            what = "OpenDocument/WPS 文档"
        else:
            what = "普通压缩包"
        raise ImportFileError(f"文件「{label}」是{what}，不是 Excel 表格。")
    if "xl/workbook.bin" in names:
        raise ImportFileError(f"文件「{label}」是 Excel 二进制工作簿（.xlsb），请另存为 .xlsx 后再导入。")
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ImportFileError(f"文件「{label}」内部包含 {len(infos)} 个部件，结构异常，已拒绝读取。")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    bomb = total > MAX_UNCOMPRESSED_BYTES or any(
        i.file_size > 1024 * 1024 and i.file_size > MAX_COMPRESSION_RATIO * max(i.compress_size, 1)
        for i in infos)
    if bomb:
        raise ImportFileError(
            f"文件「{label}」解压后有 {total / 1024 / 1024:.0f} MB（压缩前 {packed / 1024 / 1024:.1f} MB），"
            "压缩比异常，可能是恶意构造的文件，已拒绝读取。")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in infos:
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                try:
                    rows, cols = _sheet_extent(zf, info)
                except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
                    raise ImportFileError(f"文件「{label}」已损坏，工作表数据无法解压读取。") from exc
                if rows * cols > MAX_SHEET_CELLS:
                    raise ImportFileError(
                        f"文件「{label}」中有工作表的数据范围达 {rows} 行 × {cols} 列，过大，已拒绝读取。"
                        "请删除远处多余的单元格后再导入。")


# A cell holding a value or formula: <c r="AB12" …><v>… (empty or self-closing cells hold only formatting,
# and calamine skips them too, so WPS sheets formatted down to row 1048576 still pass).
_CELL_REF = re.compile(rb' r="([A-Z]{1,3})(\d{1,7})"[^>]*(?<!/)><(?:v|is|f)\b')


def _sheet_extent(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int]:
    """Rows × columns a sheet spans, by streaming its XML: calamine allocates that rectangle densely,
    so one far-away cell (XFD1048576) would cost gigabytes before any later check could run."""
    max_row = max_col = 0
    tail = b""
    with zf.open(info) as fh:
        while chunk := fh.read(1 << 20):
            buf = tail + chunk
            for letters, digits in _CELL_REF.findall(buf):
                max_row = max(max_row, int(digits))
                col = 0
                for ch in letters:
                    col = col * 26 + ch - 64
                max_col = max(max_col, col)
            tail = buf[-512:]  # a match cut by the chunk boundary is found again in the next buffer
    return max_row, max_col


def _parse(data: bytes, label: str) -> list[Sheet]:
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except pc.PasswordError as exc:
        raise ImportFileError(f"文件「{label}」设置了打开密码，请先在 Excel/WPS 中取消密码再导入。") from exc
    except Exception as exc:  # calamine raises several unrelated types for damaged files
        raise ImportFileError(f"文件「{label}」已损坏或不是有效的 Excel 表格，无法读取。") from exc
    sheets: list[Sheet] = []
    try:
        for meta in wb.sheets_metadata:
            # Hidden sheets hold lookup lists and old copies; chart sheets hold no cells.
            if meta.visible != pc.SheetVisibleEnum.Visible or meta.typ != pc.SheetTypeEnum.WorkSheet:
                continue
            sheets.append(_read_sheet(wb, meta.name, label))
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(f"文件「{label}」已损坏，读取工作表时出错。") from exc
    finally:
        wb.close()
    if not sheets:
        raise ImportFileError(f"文件「{label}」中没有可见的工作表。")
    return sheets


def _read_sheet(wb: Any, name: str, label: str) -> Sheet:
    sheet = wb.get_sheet_by_name(name)
    cells = (sheet.total_height or 0) * (sheet.total_width or 0)
    if cells > MAX_SHEET_CELLS:
        raise ImportFileError(
            f"文件「{label}」的工作表「{name}」范围达 {sheet.total_height} 行 × {sheet.total_width} 列，"
            "过大，已拒绝读取。请删除多余的行列后再导入。")
    rows: list[Row] = []
    # skip_empty_area=False keeps row i at Excel row i+1, so messages name the row the user sees.
    for i, values in enumerate(sheet.to_python(skip_empty_area=False)):
        if any(not _blank(v) for v in values):
            rows.append(Row(i + 1, tuple(values)))
    merged = [tuple(map(tuple, r)) for r in (sheet.merged_cell_ranges or [])]
    return Sheet(name=name, rows=rows, merged=merged)


# -- cells -----------------------------------------------------------------------------------------------

def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip(" \t\r\n\u3000\xa0"))


# Full-width ASCII → ASCII (what NFKC does to them) and odd spaces → space, in one translate() call.
_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: " ", 0xA0: " ", 0x09: " "}


def cell_text(value: Any) -> str:
    """A cell as text: full-width ASCII and U+3000/NBSP folded, ends trimmed, 1001.0 → "1001".

    CJK characters are left byte for byte (no NFKC on them: it would rewrite compatibility ideographs).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    text = str(value).translate(_FOLD)
    return text.strip()


_BRACKETS = re.compile(r"[（(【\[].*?[）)】\]]")


def header_key(value: Any) -> str:
    """How header cells compare: no spaces or line breaks, no required-field stars, no trailing colon."""
    text = "".join(cell_text(value).split())
    return text.strip("*＊:：")


def _lookup(synonyms: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, int]]:
    table: dict[str, tuple[str, int]] = {}
    for fld, names in synonyms.items():
        for rank, name in enumerate(names):
            table.setdefault(header_key(name), (fld, rank))
    return table


def find_header(rows: Sequence[Row], synonyms: Mapping[str, Sequence[str]], required: Sequence[str] = (),
                *, min_matches: int = 2, search_rows: int = HEADER_SEARCH_ROWS) -> Header | None:
    """The first row (below any merged title rows) matching ≥ *min_matches* known headers and every
    *required* field. ``synonyms`` maps a field to its header names, preferred first: when two columns
    match one field (学历 and 最高学历), the earlier synonym wins. "出生年月(年.月)" matches "出生年月".
    """
    table = _lookup(synonyms)
    for index, row in enumerate(rows[:search_rows]):
        best: dict[str, tuple[int, int, str]] = {}  # field → (rank, column, header text)
        ignored: list[str] = []
        for col, value in enumerate(row.values):
            key = header_key(value)  # also the label messages use: "教 师\n姓 名" → "教师姓名"
            if not key:
                continue
            hit = table.get(key) or table.get(_BRACKETS.sub("", key))
            if hit is None:
                ignored.append(key)
                continue
            fld, rank = hit
            if fld not in best or rank < best[fld][0]:
                if fld in best:
                    ignored.append(best[fld][2])
                best[fld] = (rank, col, key)
            else:
                ignored.append(key)
        if len(best) >= min_matches and all(f in best for f in required):
            return Header(number=row.number, index=index,
                          columns={f: c for f, (_, c, _) in best.items()},
                          headers={f: h for f, (_, _, h) in best.items()}, ignored=ignored)
    return None


def is_total_row(values: Sequence[Any]) -> bool:
    """A 合计/总计/小计 line (often "合 计", under the 序号 or 姓名 column)."""
    first = next((header_key(v) for v in values if not _blank(v)), "")
    return first.startswith(TOTAL_WORDS)


def is_footer_row(values: Sequence[Any]) -> bool:
    """填表人：…, 审核人：… lines under the table."""
    first = next((header_key(v) for v in values if not _blank(v)), "")
    return first.startswith(FOOTER_WORDS)


def data_rows(sheet: Sheet, header: Header) -> Iterator[Record]:
    """Rows below the header as field → raw value; stops at a 合计 row, skips blank and footer rows."""
    for row in sheet.rows[header.index + 1:]:
        if is_total_row(row.values):
            break
        if is_footer_row(row.values):
            continue
        values = {f: (row.values[c] if c < len(row.values) else "") for f, c in header.columns.items()}
        if all(_blank(v) for v in values.values()):
            continue  # e.g. only the 序号 column filled in on an unused line
        yield Record(row.number, values)


def cell_date(value: Any) -> tuple[dt.date | None, str]:
    """A date cell → (date or None, a warning or "").

    Beyond ``domain.dates.parse_date`` this reads what typing into a *number* cell leaves behind:
    1985.03 (stored as a float), 1985.1 (the trailing zero of 1985.10 is lost), 198503, 19850301, 1985.
    """
    from yanxiu_desktop.domain.dates import parse_date

    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        if 1900 <= number < 2101:
            year = int(number)
            month = round((number - year) * 100)
            if month == 0:
                return dt.date(year, 1, 1), f"只有年份 {year}，按 {year}年1月1日 导入"
            if not 1 <= month <= 12:
                return None, ""
            warning = ""
            if month % 10 == 0 and month // 10 == 1:
                warning = f"「{cell_text(value)}」按 {year}年10月 理解；如果是 1 月请写成 {year}.01"
            return dt.date(year, month, 1), warning
        if number.is_integer() and 190001 <= number <= 21001231:
            return parse_date(str(int(number))), ""
    return parse_date(value), ""
