"""The district workbook read back cell by cell: values, types, frozen panes, print setup, fonts."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from tests.domain.stats_school import TODAY, build_small_school
from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.domain.stats import term_stats
from yanxiu_desktop.excel.district import SHEET_NAMES, parse_hours_layout, write_district


@pytest.fixture
def book(db, tmp_path):
    school = build_small_school()
    path = tmp_path / "district.xlsx"
    write_district(term_stats(school.sem, today=TODAY), path, "城关镇中心小学")
    return load_workbook(path)


def _rows(ws, first: int = 3) -> list[tuple]:
    return [r for r in ws.iter_rows(min_row=first, values_only=True)]


def test_sheets_and_print_setup(book) -> None:
    assert tuple(book.sheetnames) == SHEET_NAMES
    for ws in book.worksheets:
        assert ws.freeze_panes == "A3", ws.title
        assert ws.print_title_rows == "$1:$2", ws.title
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws["A1"].font.name == "宋体" and ws["A2"].font.name == "宋体" and ws["A3"].font.name == "宋体"
        assert ws["A2"].font.bold
        assert all(ws.column_dimensions[c].width and ws.column_dimensions[c].width >= 6 for c in "AB")


def test_hours_sheet_numbers_are_numbers(book) -> None:
    ws = book["学时汇总"]
    assert ws["A1"].value == "城关镇中心小学2025—2026学年第一学期教师校本研修学时汇总表"
    assert [c.value for c in ws[2]] == ["序号", "姓名", "学段", "任教学科", "全校研修", "教研组研修", "合计", "折合学分",
                                        "考核结果"]
    rows = {r[1]: r for r in _rows(ws)}
    # An empty 学段 reads back as an empty cell; 4.0 is stored as the number 4 (no text anywhere).
    assert rows["张三"] == (3, "张三", None, "语文", 4, 4, 8, 1.6, "合格")
    assert rows["李四"][4:] == (4.0, 0.0, 4.0, 0.8, "不合格")
    *teachers, total, average = list(ws.iter_rows(min_row=3))
    for r in teachers:
        assert isinstance(r[0].value, int)
        assert all(isinstance(c.value, int | float) and c.data_type == "n" for c in r[4:8])
    # 合计 and 平均 under the teachers: sums of the numbers, the per-teacher average (人均学时)
    assert total[1].value == "合计" and total[6].value == sum(r[6].value for r in teachers) == 12
    assert average[1].value == "平均" and average[6].value == 3.0 and total[0].value in (None, "")
    assert ws["G3"].number_format == "0.0"
    # Wide enough for the longest header: 教研组研修 is 10 columns of width.
    assert ws.column_dimensions["F"].width >= 12


def test_attendance_observation_and_bands_sheets(book) -> None:
    att = {r[1]: r for r in _rows(book["考勤统计"]) if r[1]}
    assert att["王五"] == (2, "王五", 3, 1, 0, 0, 2, 0, 2, 0.5)  # 实到, 迟到, 早退, 请假, 缺席, 计入, 出勤率
    assert book["考勤统计"]["J3"].number_format == "0.0%"
    assert book["考勤统计"]["D2"].value == "实到（含迟到、早退）" and book["考勤统计"]["F2"].value == "早退"
    assert att["语文教研组"][2:6] == (2, 3, 4, 0.75)
    obs = {r[1]: r for r in _rows(book["听课统计"])}
    assert obs["张三"] == (3, "张三", "教师", 2, 2, 0, "达标")
    assert obs["王五"] == (2, "王五", "校级领导", 4, 3, 1, "未达标")
    bands = _rows(book["学时分段"])
    assert bands[0] == ("36学时及以下", 4, 1.0) and bands[-1] == ("合计", 4, 1)
    assert book["学时分段"]["C3"].number_format == "0%"


def test_activities_sheet_has_real_dates(book) -> None:
    ws = book["研修活动一览"]
    first = next(r for r in ws.iter_rows(min_row=3) if r[3].value == "新课标解读")
    assert isinstance(first[1].value, dt.datetime) and first[1].value.date() == dt.date(2025, 9, 3)
    assert first[1].number_format == "yyyy-mm-dd"
    assert [c.value for c in first[8:]] == [4.0, "全校研修", "已完成", 4, 2, pytest.approx(2 / 3, abs=1e-4), "有"]
    assert ws.column_dimensions["A"].width <= 8  # 序号 is narrow: the list prints at a readable size
    assert not any(r[0] == "小组" for r in ws.iter_rows(values_only=True))
    by_month = book["每月研修活动"]
    assert [c.value for c in by_month[2]][:4] == ["小组", "9月", "10月", "合计"]
    assert [c.value for c in by_month[3]][:4] == ["全校", 2, 0, 2]
    rows = list(by_month.iter_rows(min_row=3, values_only=True))
    assert rows[-1][0] == "合计" and rows[-1][-1] == sum(r[-1] for r in rows[:-1])


def test_long_text_wraps_instead_of_being_cut(book) -> None:
    ws = book["研修活动一览"]
    theme = next(c for c in ws["D"][2:] if c.value)
    assert theme.alignment.wrap_text


def test_composition_achievements_assessment(book) -> None:
    comp = {(r[0], r[1]): r[2:] for r in _rows(book["教师结构"])}
    assert comp[("教师总数", "在职教师")] == (4, 1)
    assert comp[("年龄", "35岁以下")] == (1, 0.25)
    assert comp[("学历", "本科")] == (2, 0.5)
    assert comp[("荣誉", "县级骨干教师")] == (1, 0.25)
    assert book["教师结构"]["D3"].number_format == "0%"
    ach = {r[0]: r for r in _rows(book["成果统计"]) if r[0]}
    assert ach["论文"] == ("论文", 1, 1, 0, 0, 0, 0, 2)
    assert ach["合计"][1:8] == (1, 1, 1, 0, 0, 0, 3)
    assert ach["赵六"][:2] == ("赵六", 1)
    ranks = _rows(book["量化考核"])
    assert ranks[0] == (1, "张三", "语文教研组", 100.0, 100.0, 100.0, 100.0, 100.0, "合格", "是")
    assert ranks[1][1] == "李四" and ranks[1][7] == 65.0


def test_custom_hours_layout(db, tmp_path) -> None:
    school = build_small_school()
    layout = parse_hours_layout("""
[sheet]
name = "继续教育学时"
title = "{semester}学时登记"
[[column]]
header = "编号"
field = "seq"
[[column]]
header = "教师姓名"
field = "name"
[[column]]
header = "校本培训"
field = "category:全校研修"
width = 14
[[column]]
header = "应修"
field = "required"
[[column]]
field = "shortfall"
""")
    path = tmp_path / "own.xlsx"
    write_district(term_stats(school.sem, today=TODAY), path, "X", layout)
    ws = load_workbook(path)["继续教育学时"]
    assert ws["A1"].value == "2025—2026学年第一学期学时登记"
    assert [c.value for c in ws[2]] == ["编号", "教师姓名", "校本培训", "应修", "欠缺学时"]
    row = next(r for r in ws.iter_rows(min_row=3, values_only=True) if r[1] == "李四")
    assert row[2:] == (4.0, 8.0, 4.0)
    assert ws.column_dimensions["C"].width >= 14


def test_bad_layout_is_named_in_chinese() -> None:
    with pytest.raises(ValidationError) as exc:
        parse_hours_layout('[sheet]\nname = "a/b"\n[[column]]\nfield = "salary"\n')
    text = "\n".join(exc.value.problems)
    assert "工作表名称" in text and "salary" in text


def test_credits_sheet_lists_each_grant_and_the_totals_include_it(db, tmp_path) -> None:  # noqa: ANN001
    from yanxiu_desktop.domain import hours_credit

    school = build_small_school()
    hours_credit.add_credits(school.sem, [school.b.id], "教研组研修", 4, dt.date(2025, 10, 10), "小课题阶段小结")
    hours_credit.add_credits(school.sem, [school.a.id, school.b.id], "全校研修", 1.5, dt.date(2025, 10, 8),
                             "每周网络学习心得")
    path = tmp_path / "district.xlsx"
    write_district(term_stats(school.sem, today=TODAY), path, "城关镇中心小学")
    book = load_workbook(path)
    ws = book["学时认定"]
    assert ws["A1"].value == "城关镇中心小学2025—2026学年第一学期教师研修学时认定明细表"
    assert [c.value for c in ws[2]] == ["序号", "姓名", "学时类别", "认定学时", "认定日期", "认定依据", "依据的档案材料"]
    rows = _rows(ws)
    assert [(r[1], r[2], r[3], r[4].date(), r[5]) for r in rows[:-1]] == [
        ("李四", "全校研修", 1.5, dt.date(2025, 10, 8), "每周网络学习心得"),
        ("李四", "教研组研修", 4, dt.date(2025, 10, 10), "小课题阶段小结"),
        ("张三", "全校研修", 1.5, dt.date(2025, 10, 8), "每周网络学习心得")]
    assert rows[-1][0] == "合计" and rows[-1][3] == 7
    hours = {r[1]: r for r in _rows(book["学时汇总"])}
    assert hours["李四"][4:7] == (5.5, 4, 9.5) and hours["李四"][8] == "合格"


def test_a_mid_term_copy_says_when_its_figures_stop(demo_db, tmp_path) -> None:  # noqa: ANN001
    from tests.conftest import DEMO_TODAY
    from yanxiu_desktop.domain import semesters

    sem = semesters.current_semester(DEMO_TODAY)
    path = tmp_path / "期中.xlsx"
    write_district(term_stats(sem, today=DEMO_TODAY), path, "城关镇中心小学")
    wb = load_workbook(path)
    assert wb["学时汇总"]["A1"].value.startswith("城关镇中心小学2026—2027学年第一学期（统计至2026年11月23日）")
    assert "（统计至2026年11月23日）" in wb["考勤统计"]["A1"].value
    obs = list(wb["听课统计"].iter_rows(min_row=3, values_only=True))
    assert {r[6] for r in obs[:-1]} <= {"达标", "进行中"}  # nobody has failed 听课 mid-term either
    assert obs[-1][1] == "合计" and obs[-1][4] == sum(r[4] for r in obs[:-1])
