"""Plan import: headers by name, dates as schools type them, row errors, all-or-nothing; xlsx export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import DEMO_TODAY
from yanxiu_desktop.domain import activities as acts
from yanxiu_desktop.domain import semesters
from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.domain.imports import commit_plan
from yanxiu_desktop.excel.plan_export import write_plan_xlsx
from yanxiu_desktop.excel.plan_import import preview_plan
from yanxiu_desktop.store.models import Activity


def _book(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["城关镇中心小学研修活动安排"])
    ws.append(["周次", "日期", "时间", "活动主题", "形式", "地点", "主讲人", "参加对象", "学时"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


GOOD = [
    ["九月份"],
    ["第三周", "9月16日", "15:30-17:00", "导入的集体备课", "集体备课", "数学组办公室", "", "数学教研组", ""],
    ["第四周", dt.date(2026, 9, 23), "下午3:30~5:00", "导入的专家讲座", "专家讲座", "多功能厅", "县教研室 李老师",
     "全体教师", 2],
    ["第五周", "2026.9.30", "", "导入的读书交流", "读书交流", "会议室", "", "语文教研组全体成员", ""],
]


@pytest.fixture
def sem(demo_db):  # noqa: ANN001, ANN201
    return semesters.current_semester(DEMO_TODAY)


def test_preview_and_commit(sem, tmp_path: Path) -> None:  # noqa: ANN001
    path = _book(tmp_path / "plan.xlsx", GOOD)
    before = Activity.select().count()
    preview = preview_plan(path, sem)
    assert [r.status for r in preview.rows] == ["新增", "警告", "新增"]
    assert Activity.select().count() == before  # preview writes nothing
    made = commit_plan(sem, preview)
    assert len(made) == 3
    lecture = next(a for a in made if a.theme == "导入的专家讲座")
    assert (lecture.kind, lecture.start_time, lecture.end_time, lecture.participants_mode) == (
        "专题讲座", "15:30", "17:00", "all")
    assert lecture.presenter_name == "县教研室 李老师" and lecture.hours == 2
    assert next(a for a in made if a.theme == "导入的集体备课").group.name == "数学教研组"
    # Importing the same file again finds them already there.
    again = preview_plan(path, sem)
    assert all(r.duplicate for r in again.rows)


def test_row_errors_name_row_and_column_and_nothing_is_written(sem, tmp_path: Path) -> None:  # noqa: ANN001
    rows = [*GOOD, ["第六周", "13月40日", "15:30", "坏日期", "集体备课", "", "", "", ""],
            ["第七周", "10月14日", "三点半", "坏时间", "集体备课", "", "", "火星小组", "很多"]]
    path = _book(tmp_path / "bad.xlsx", rows)
    preview = preview_plan(path, sem)
    text = "\n".join(preview.errors)
    assert "第 7 行「日期」" in text
    assert "第 8 行「时间」" in text and "第 8 行「参加对象」" in text and "第 8 行「学时」" in text
    before = Activity.select().count()
    with pytest.raises(ValidationError):
        commit_plan(sem, preview)
    assert Activity.select().count() == before


def test_a_row_copied_twice_in_the_file_is_an_error(sem, tmp_path: Path) -> None:  # noqa: ANN001
    path = _book(tmp_path / "twice.xlsx", [*GOOD, GOOD[1]])
    preview = preview_plan(path, sem)
    assert preview.errors == ["第 7 行：与第 4 行是同一项活动（日期、时间、主题都相同），请删去重复的一行"]
    before = Activity.select().count()
    with pytest.raises(ValidationError):
        commit_plan(sem, preview)
    assert Activity.select().count() == before


def test_export_round_trips_through_import(sem, tmp_path: Path) -> None:  # noqa: ANN001
    out = tmp_path / "export.xlsx"
    write_plan_xlsx(sem, out)
    ws = openpyxl.load_workbook(out).active
    assert ws.freeze_panes == "A3" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws["A2"].font.name == "宋体"
    dates = [ws.cell(r, 2).value for r in range(4, ws.max_row + 1) if isinstance(ws.cell(r, 2).value, dt.datetime)]
    assert len(dates) == len(acts.list_activities(sem))
    preview = preview_plan(out, sem)
    # Everything exported is recognised as already in the term (nothing would be doubled).
    assert preview.rows and not preview.errors and all(r.duplicate for r in preview.rows)
