"""The shared spreadsheet reader: refuses unsafe files quickly, finds headers below titles, folds cells."""

from __future__ import annotations

import datetime as dt
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.excel.rosters import HEADER, RARE_NAMES, good_rows, write_roster, write_xls, write_zip_bomb
from yanxiu_desktop.excel.reader import (
    ImportFileError,
    Row,
    cell_date,
    cell_text,
    data_rows,
    find_header,
    read_workbook,
)
from yanxiu_desktop.excel.roster_fields import SYNONYMS


def _refused(path: Path, *words: str) -> str:
    start = time.perf_counter()
    with pytest.raises(ImportFileError) as info:
        read_workbook(path)
    assert time.perf_counter() - start < 2  # refused before any real parsing
    message = str(info.value)
    assert path.name in message
    for w in words:
        assert w in message, message
    return message


def test_reads_xlsx_with_excel_row_numbers(tmp_path: Path) -> None:
    path = write_roster(tmp_path / "r.xlsx", good_rows())
    [sheet] = read_workbook(path)
    assert sheet.name == "教师花名册"
    numbers = [r.number for r in sheet.rows]
    # Title on row 1, blank row 2, header row 3, data from 4 with one blank line after row 5.
    assert numbers[:4] == [1, 3, 4, 5] and 6 not in numbers and numbers[4] == 7
    assert sheet.rows[0].values[0] == "某某县第一小学教师花名册"
    assert sheet.merged == [((0, 0), (0, len(HEADER) - 1))]


def test_reads_xls_and_keeps_rare_characters(tmp_path: Path) -> None:
    path = write_xls(tmp_path / "r.xls", good_rows())
    [sheet] = read_workbook(path)
    header = find_header(sheet.rows, SYNONYMS, required=("name",))
    assert header is not None and header.number == 3
    names = [cell_text(rec.values["name"]) for rec in data_rows(sheet, header)]
    assert set(RARE_NAMES) <= set(names)  # 𬭚 is outside the BMP: a surrogate pair in the .xls
    first = next(data_rows(sheet, header))
    assert first.number == 4 and first.values["birth_date"] == dt.date(1985, 3, 1)


def test_format_is_sniffed_not_taken_from_the_extension(tmp_path: Path) -> None:
    xlsx_named_xls = tmp_path / "wps.xls"
    write_roster(tmp_path / "tmp.xlsx", good_rows()).rename(xlsx_named_xls)
    assert read_workbook(xlsx_named_xls)[0].name == "教师花名册"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    _refused(path, "空的")


def test_oversized_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)
    _refused(path, "MB", "上限")


def test_text_renamed_to_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "名单.xlsx"
    path.write_text("姓名,性别\n张三,男\n", encoding="utf-8")
    _refused(path, "纯文本", "CSV")


def test_html_saved_as_xls(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    path.write_text("<html><body><table><tr><td>姓名</td></tr></table></body></html>", encoding="utf-8")
    _refused(path, "网页")


def test_word_document_renamed_to_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    _refused(path, "Word 文档")


def test_random_bytes_renamed_to_xls(tmp_path: Path) -> None:
    path = tmp_path / "photo.xls"
    path.write_bytes(bytes(range(256)) * 40)
    _refused(path, "不是 Excel")


def test_zip_bomb_is_refused_without_inflating(tmp_path: Path) -> None:
    path = write_zip_bomb(tmp_path / "bomb.xlsx")
    assert path.stat().st_size < 1024 * 1024
    _refused(path, "压缩比异常")


def test_corrupt_xlsx(tmp_path: Path) -> None:
    good = write_roster(tmp_path / "good.xlsx", good_rows()).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good[: len(good) // 2])
    _refused(path, "损坏")


def test_corrupt_xls(tmp_path: Path) -> None:
    good = write_xls(tmp_path / "good.xls", good_rows()).read_bytes()
    path = tmp_path / "cut.xls"
    path.write_bytes(good[:600])
    _refused(path, "损坏")


def test_hidden_sheets_are_skipped(tmp_path: Path) -> None:
    path = write_roster(tmp_path / "r.xlsx", good_rows())
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("下拉列表")
    ws.append(["男", "女"])
    ws.sheet_state = "hidden"
    wb.save(path)
    assert [s.name for s in read_workbook(path)] == ["教师花名册"]


def test_find_header_below_titles_with_varied_names() -> None:
    rows = [
        Row(1, ("某校2025年教师基本情况表", "", "")),
        Row(2, ("填报单位：某某小学", "", "")),
        Row(3, ("序号", "教 师\n姓 名", "出生年月(年.月)", "专业技术职务*", "学历", "最高学历")),
        Row(4, (1, "张三", "1985.03", "一级教师", "本科", "研究生")),
    ]
    header = find_header(rows, SYNONYMS, required=("name",))
    assert header is not None and header.number == 3 and header.index == 2
    assert header.columns == {"name": 1, "birth_date": 2, "title": 3, "education": 4}
    assert header.headers == {"name": "教师姓名", "birth_date": "出生年月(年.月)", "title": "专业技术职务",
                              "education": "学历"}
    # 学历 is the preferred synonym, so the second (最高学历) column is reported as not imported.
    assert header.ignored == ["序号", "最高学历"]


def test_no_header_found() -> None:
    rows = [Row(1, ("会议记录", "")), Row(2, ("时间", "地点")), Row(3, ("张三", "男"))]
    assert find_header(rows, SYNONYMS, required=("name",)) is None
    # One known header is not enough: a 姓名 cell inside a title line must not be taken for the header.
    assert find_header([Row(1, ("姓名：张三",)), Row(2, ("姓名",))], SYNONYMS) is None


def test_data_rows_stop_at_total_and_skip_footers(tmp_path: Path) -> None:
    path = write_roster(tmp_path / "r.xlsx", good_rows())
    [sheet] = read_workbook(path)
    header = find_header(sheet.rows, SYNONYMS, required=("name",))
    records = list(data_rows(sheet, header))
    assert len(records) == len(good_rows())
    assert all(not str(r.values["name"]).startswith(("合", "填表")) for r in records)


@pytest.mark.parametrize(("raw", "text"), [
    ("１３８００１３８０００", "13800138000"), ("\u3000张三\u3000", "张三"), (1001.0, "1001"), (12.5, "12.5"),
    (True, "是"), (None, ""), (dt.datetime(2020, 9, 1), "2020-09-01"), ("王𬭚", "王𬭚"),
])
def test_cell_text(raw: object, text: str) -> None:
    assert cell_text(raw) == text


@pytest.mark.parametrize(("raw", "expected", "warns"), [
    (dt.datetime(1985, 3, 1), dt.date(1985, 3, 1), False),
    (31107, dt.date(1985, 3, 1), False),  # an Excel serial
    (31107.0, dt.date(1985, 3, 1), False),
    ("1985.03", dt.date(1985, 3, 1), False),
    ("1985年3月", dt.date(1985, 3, 1), False),
    ("1985-3-1", dt.date(1985, 3, 1), False),
    ("１９８５．０３", dt.date(1985, 3, 1), False),
    (1985.03, dt.date(1985, 3, 1), False),  # typed into a number cell
    (1985.1, dt.date(1985, 10, 1), True),  # 1985.10 lost its zero: said so
    (198503, dt.date(1985, 3, 1), False),
    (19850301, dt.date(1985, 3, 1), False),
    (1985, dt.date(1985, 1, 1), True),
    ("1985-02-30", None, False),
    ("不详", None, False),
])
def test_cell_date(raw: object, expected: dt.date | None, warns: bool) -> None:
    value, warning = cell_date(raw)
    assert value == expected
    assert bool(warning) == warns


def test_one_far_away_cell_is_refused_before_calamine_allocates_the_rectangle(tmp_path: Path) -> None:
    path = tmp_path / "sparse.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "性别"])
    wb.active.cell(row=1_048_576, column=200, value="x")
    wb.save(path)
    _refused(path, "1048576 行 × 200 列", "过大")


def test_formatting_far_down_the_sheet_is_fine(tmp_path: Path) -> None:
    from openpyxl.styles import Font

    path = tmp_path / "styled.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "性别"])
    wb.active.append(["张三", "男"])
    wb.active.cell(row=1_048_576, column=50).font = Font(bold=True)  # WPS formats whole columns
    wb.save(path)
    assert [r.number for r in read_workbook(path)[0].rows] == [1, 2]
