"""Roster import: every problem named by sheet, row and column; all-or-nothing; dry run writes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from tests.excel.rosters import RARE_NAMES, good_rows, write_roster, write_xls
from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.domain.imports import commit_roster
from yanxiu_desktop.excel.roster_import import ERROR, WARNING, preview_roster
from yanxiu_desktop.store.models import AuditEntry, Honour, School, Teacher

SHEET = "工作表「教师花名册」"


def _row(name: str, **kw: object) -> list[object]:
    """One HEADER-shaped row; keyword arguments override columns by field."""
    cols = {"no": 99, "name": name, "gender": "男", "birth": dt.date(1990, 1, 1), "subject": "语文",
            "stage": "小学", "title": "一级教师", "education": "本科", "hire": dt.date(2012, 9, 1), "role": "教师",
            "head": "否", "honours": "", "staff_no": "", "phone": "", "nation": ""}
    cols.update(kw)
    return list(cols.values())


def _bad_rows() -> list[list[object]]:
    # Excel rows: title 1, blank 2, header 3, data 4, 5, blank 6, then 7…
    return [
        _row("甲一"),  # 4 ok
        _row("乙二", gender="不详"),  # 5
        _row("丙三", birth="1985-02-30"),  # 7
        _row("丁四", role="门卫"),  # 8
        _row("戊五", birth=dt.date(1990, 1, 1), hire=dt.date(1980, 9, 1)),  # 9
        _row("", subject="数学"),  # 10
        _row("甲一"),  # 11 same name + birth date as row 4
        _row("己六", birth=dt.date(1980, 2, 2)),  # 12
        _row("己六", birth=dt.date(1981, 3, 3)),  # 13 same name, other birth date: warning only
        _row("庚七", head="也许"),  # 14
        _row("辛八", staff_no="2001"),  # 15 ok
    ]


def _counts() -> tuple[int, int, int, int]:
    return School.select().count(), Teacher.select().count(), Honour.select().count(), AuditEntry.select().count()


def test_good_roster_preview_reads_every_messy_spelling(db: Path, tmp_path: Path) -> None:
    preview = preview_roster(write_roster(tmp_path / "r.xlsx", good_rows()))
    assert [r.status for r in preview.rows] == ["新增"] * 11 and not preview.problems
    assert [r.row for r in preview.rows][:3] == [4, 5, 7]
    by_name = {r.data["name"]: r.data for r in preview.rows}
    assert set(by_name) >= {"张三", "李四", "王五", "赵六", "孙七", *RARE_NAMES}  # padding removed
    assert {by_name[n]["birth_date"] for n in ("张三", "李四", "王五", "赵六", "孙七")} == {dt.date(1985, 3, 1)}
    li = by_name["李四"]
    assert li["role"] == "校级领导" and li["education"] == "本科" and li["head_teacher"] is False
    assert li["honours"] == [{"name": "学科带头人", "level": "市级", "year": 2019},
                             {"name": "优秀教师", "level": "校级", "year": None}]
    wang = by_name["王五"]
    assert wang["staff_no"] == "1003" and wang["phone"] == "13700137000" and wang["role"] == "中层"
    assert "head_teacher" not in wang  # an empty cell is "not given"
    assert by_name["孙七"]["hire_date"] == dt.date(2008, 9, 1) and by_name["孙七"]["head_teacher"] is True
    assert by_name["赵六"]["education"] == "研究生"
    assert preview.notes == ["工作表「教师花名册」中这些列不导入：序号、民族"]


def test_import_then_reimport_is_unchanged_and_rare_names_survive(db: Path, tmp_path: Path) -> None:
    path = write_roster(tmp_path / "r.xlsx", good_rows())
    result = commit_roster(preview_roster(path))
    assert (result.added, result.updated, result.skipped) == (11, 0, 0)
    stored = {t.name.encode("utf-8") for t in Teacher.select()}
    assert {n.encode("utf-8") for n in RARE_NAMES} <= stored
    zhang = Teacher.get(Teacher.name == "张三")
    assert (zhang.gender, zhang.title, zhang.staff_no, zhang.head_teacher) == ("男", "一级教师", "1001", True)
    assert [(h.name, h.level) for h in zhang.honours] == [("骨干教师", "县级")]
    assert zhang.initials == "zs"
    again = preview_roster(path)
    assert {r.status for r in again.rows} == {"无变化"}
    assert commit_roster(again).unchanged == 11 and Teacher.select().count() == 11


def test_xls_roster_imports_the_same(db: Path, tmp_path: Path) -> None:
    result = commit_roster(preview_roster(write_xls(tmp_path / "r.xls", good_rows())))
    assert result.added == 11
    assert Teacher.get(Teacher.name == "钱𬭚").birth_date == dt.date(1985, 5, 4)


def test_matching_name_and_birth_date_updates(db: Path, tmp_path: Path) -> None:
    commit_roster(preview_roster(write_roster(tmp_path / "a.xlsx", good_rows())))
    rows = good_rows()
    rows[0][4] = "数学"  # 张三 now teaches 数学
    rows[0][9] = "教导主任"  # and became 中层: an audited field
    rows[1][11] = ""  # empty honours cell: 李四 keeps her honours
    preview = preview_roster(write_roster(tmp_path / "b.xlsx", rows))
    zhang = next(r for r in preview.rows if r.data["name"] == "张三")
    assert zhang.status == "更新" and zhang.changes == ["subject", "role"]
    result = commit_roster(preview)
    assert (result.added, result.updated, result.unchanged) == (0, 1, 10)
    t = Teacher.get(Teacher.name == "张三")
    assert (t.subject, t.role) == ("数学", "中层") and Teacher.select().count() == 11
    assert AuditEntry.get((AuditEntry.row_id == t.id) & (AuditEntry.field == "role")).reason.startswith("导入花名册")
    assert Honour.select().join(Teacher).where(Teacher.name == "李四").count() == 2


def test_namesake_in_database_with_other_birth_date_is_a_new_teacher(db: Path, tmp_path: Path) -> None:
    commit_roster(preview_roster(write_roster(tmp_path / "a.xlsx", [_row("张伟", birth=dt.date(1980, 1, 1))])))
    preview = preview_roster(write_roster(tmp_path / "b.xlsx", [_row("张伟", birth=dt.date(1990, 6, 6))]))
    [row] = preview.rows
    assert row.status == WARNING and row.action == "新增"
    assert str(row.problems[0]) == (f"{SHEET}第4行「教师姓名」：数据库中已有同名教师（出生日期 1980-01-01），"
                                    "本行出生日期不同，将新增一位教师")
    commit_roster(preview)
    assert Teacher.select().where(Teacher.name == "张伟").count() == 2


def test_every_problem_is_named_by_sheet_row_and_column(db: Path, tmp_path: Path) -> None:
    preview = preview_roster(write_roster(tmp_path / "bad.xlsx", _bad_rows()))
    errors = [str(p) for p in preview.errors]
    assert errors == [
        f"{SHEET}第4行「教师姓名」：与第11行重复（姓名和出生日期都相同）",
        f"{SHEET}第5行「性别」：性别应为 男 或 女，不是「不详」",
        f"{SHEET}第7行「出生日期」：「1985-02-30」不是有效日期（可写成 1985-03-01、1985.03 或 1985年3月）",
        f"{SHEET}第8行「职务」：职务「门卫」无法对应到角色（校级领导、中层、教研组长、备课组长、教师）",
        f"{SHEET}第9行「参加工作年月」：参加工作时间早于出生日期",
        f"{SHEET}第10行「教师姓名」：姓名为空",
        f"{SHEET}第11行「教师姓名」：与第4行重复（姓名和出生日期都相同）",
        f"{SHEET}第14行「是否班主任」：应填 是 或 否，不是「也许」",
    ]
    assert [str(p) for p in preview.warnings] == [
        f"{SHEET}第12行「教师姓名」：与第13行同名但出生日期不同，将作为不同的教师导入",
        f"{SHEET}第13行「教师姓名」：与第12行同名但出生日期不同，将作为不同的教师导入",
    ]
    statuses = {r.row: r.status for r in preview.rows}
    assert statuses[15] == "新增" and statuses[12] == WARNING and statuses[5] == ERROR
    assert preview.counts() == {"total": 11, "new": 3, "update": 0, "unchanged": 0, "error_rows": 8,
                                "warning_rows": 2}


def test_refused_import_leaves_the_database_unchanged(demo_db: Path, tmp_path: Path) -> None:
    before = _counts()
    preview = preview_roster(write_roster(tmp_path / "bad.xlsx", _bad_rows()))
    with pytest.raises(ValidationError) as info:
        commit_roster(preview)
    assert "第5行「性别」" in str(info.value) and "未导入任何数据" in info.value.problems[-1]
    assert _counts() == before


def test_skip_invalid_imports_only_the_valid_rows(db: Path, tmp_path: Path) -> None:
    result = commit_roster(preview_roster(write_roster(tmp_path / "bad.xlsx", _bad_rows())), skip_invalid=True)
    assert (result.added, result.skipped) == (3, 8)
    assert sorted(t.name for t in Teacher.select()) == ["己六", "己六", "辛八"]


def test_preview_is_a_dry_run(db: Path, tmp_path: Path) -> None:
    before = _counts()
    assert before == (0, 0, 0, 0)
    preview_roster(write_roster(tmp_path / "r.xlsx", good_rows()))
    preview_roster(write_roster(tmp_path / "bad.xlsx", _bad_rows()))
    assert _counts() == before


def test_a_preview_cannot_be_imported_twice(db: Path, tmp_path: Path) -> None:
    preview = preview_roster(write_roster(tmp_path / "r.xlsx", good_rows()))
    commit_roster(preview)
    with pytest.raises(ValidationError, match="请重新预览"):
        commit_roster(preview)
    assert Teacher.select().count() == 11


def test_no_header_and_extra_sheets(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "会议"
    wb.active.append(["时间", "地点", "内容"])
    wb.active.append(["周一", "会议室", "学习"])
    wb.save(path)
    with pytest.raises(ValidationError, match="没有找到表头"):
        preview_roster(path)
    wb.create_sheet("花名册").append(["姓名", "性别"])
    wb["花名册"].append(["周八", "女"])
    wb.save(path)
    preview = preview_roster(path)
    assert [r.data["name"] for r in preview.rows] == ["周八"]
    assert preview.notes == ["工作表「会议」没有找到含「姓名」的表头，已跳过"]


def test_numbers_and_id_numbers(db: Path, tmp_path: Path) -> None:
    header = ["姓名", "出生年月", "身份证号码", "手机"]
    rows = [["甲", 1985.03, "110105198503010024", 13800138000],
            ["乙", 1990.1, 110105199001010021, ""],
            ["丙", "1990.01", "12345", ""],
            ["丁", "1990.01", "11010519900101002X", ""]]
    preview = preview_roster(write_roster(tmp_path / "n.xlsx", rows, header=header, total=False))
    jia, yi, bing, ding = preview.rows
    assert jia.ok and not jia.problems and jia.data["id_number"] == "110105198503010024"
    assert jia.data["phone"] == "13800138000" and jia.display("id_number") == "1101**********0024"
    assert yi.data["birth_date"] == dt.date(1990, 10, 1) and "id_number" not in yi.data
    assert {p.field for p in yi.problems} == {"birth_date", "id_number"} and yi.ok  # warnings only
    assert [p.message for p in bing.problems] == ["身份证号「12345」应为 18 位（最后一位可以是 X）"]
    assert [p.message for p in ding.problems] == ["身份证号校验位不符，请核对"] and ding.ok
