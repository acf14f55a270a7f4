"""The 统计报表 tab: opens on the small school, filters, sorts, exports the workbook, builds the summary."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from tests.domain.stats_school import build_small_school


@pytest.fixture
def tab(qtbot, db, no_modal):  # noqa: ANN001
    from yanxiu_desktop.ui.app import create_app
    from yanxiu_desktop.ui.context import AppContext
    from yanxiu_desktop.ui.tabs.reports import ReportsTab

    create_app()
    school = build_small_school()
    ctx = AppContext(db)
    ctx.set_semester(school.sem)
    w = ReportsTab(ctx)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    w.school = school
    return w


def test_opens_with_every_page_filled(tab) -> None:
    assert tab.hours_view.model().rowCount() == 4
    assert [tab.hours_view.model().rows[i].name for i in range(4)] == ["李四", "王五", "张三", "赵六"]
    assert tab.models["observations"].rowCount() == 4
    assert tab.models["assessment"].rows[0].name == "张三"
    assert tab.models["warnings"].rowCount() == len(tab.stats.warnings) > 0
    assert tab.pages.tabText(7) == f"预警（{len(tab.stats.warnings)}）"
    assert "教师 4 人" in tab.headline.text()
    assert tab.charts["hours"].labels == ["李四", "王五", "张三", "赵六"]
    assert tab.charts["hours"].short == [True, True, False, True]
    assert tab.charts["composition"].series == [[1, 1, 1, 1]]  # the last: 未填出生日期
    # The chart paints without error at its size.
    assert not tab.charts["hours"].grab().isNull()


def test_filters_and_sorting(tab) -> None:
    tab.group_box.setCurrentIndex(tab.group_box.findData(tab.school.g.id))
    assert [r.name for r in tab.hours_view.model().rows] == ["王五", "张三"]
    assert {r.theme for r in tab.models["activities"].rows} == {"第一单元", "秋天"}
    tab.group_box.setCurrentIndex(0)
    tab.subject_box.setCurrentIndex(tab.subject_box.findData("数学"))
    assert sorted(r.name for r in tab.hours_view.model().rows) == ["李四", "赵六"]
    tab.subject_box.setCurrentIndex(0)
    model = tab.hours_view.model()
    total_col = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())].index("合计")
    model.sort(total_col, Qt.SortOrder.DescendingOrder)
    assert [r.total for r in model.rows] == [8.0, 4.0, 0.0, 0.0]


def test_export_workbook_and_summary(tab, tmp_path, monkeypatch) -> None:
    target = tmp_path / "报表"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    tab.export_district()
    book = load_workbook(tmp_path / "报表.xlsx")
    assert book.sheetnames[0] == "学时汇总" and book["学时汇总"].max_row == 6 + 2  # 4 teachers, 合计, 平均
    data = tab.summary_pdf()
    assert data is not None and data.startswith(b"%PDF")


def test_exports_cover_the_whole_school_whatever_the_filter(tab, tmp_path, monkeypatch) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    tab.group_box.setCurrentIndex(tab.group_box.findData(tab.school.g.id))
    assert len(tab.hours_view.model().rows) == 2  # the screen shows the group
    target = tmp_path / "全校"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    tab.export_district()
    sheet = load_workbook(tmp_path / "全校.xlsx")["学时汇总"]
    names = sorted(r[1] for r in sheet.iter_rows(min_row=3, values_only=True) if r[1] not in (None, "合计", "平均"))
    assert names == ["张三", "李四", "王五", "赵六"]
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(tab.summary_pdf())).pages)
    assert "学校现有在职教师4人" in text.replace("\n", "")
    assert "全校数据" in tab.export_button.toolTip()
