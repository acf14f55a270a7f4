"""Column widths come from the widest text (beyond Qt's 100-row sample), never cut a header, never sprawl."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QStandardItem, QStandardItemModel

from yanxiu_desktop.ui.models.base import Column, RowsTableModel
from yanxiu_desktop.ui.widgets.common import MAX_FIT_WIDTH, fit_columns, read_only_table


@dataclass(frozen=True)
class Row:
    name: str
    note: str


def test_widest_text_past_the_first_hundred_rows_fits(qtbot) -> None:  # noqa: ANN001
    rows = [Row("王芳", "") for _ in range(250)]
    rows[240] = Row("欧阳成功（县级骨干教师）", "")
    model = RowsTableModel([Column("姓名", lambda r: r.name), Column("备注", lambda r: r.note)])
    model.set_rows(rows)
    view = read_only_table(model)
    qtbot.addWidget(view)
    fit_columns(view)
    assert view.columnWidth(0) >= view.fontMetrics().horizontalAdvance(rows[240].name)
    # an empty column is as wide as its header, not narrower
    assert view.columnWidth(1) >= view.horizontalHeader().sectionSizeHint(1)


def test_long_text_is_capped_and_any_model_works(qtbot) -> None:  # noqa: ANN001
    model = QStandardItemModel(3, 2)
    model.setHorizontalHeaderLabels(["课题", "节次"])
    model.setItem(0, 0, QStandardItem("小学语文课堂提问有效性的实践研究" * 6))
    model.setItem(1, 1, QStandardItem("第7节"))
    view = read_only_table(model)
    qtbot.addWidget(view)
    fit_columns(view)
    assert view.columnWidth(0) == MAX_FIT_WIDTH
    assert view.fontMetrics().horizontalAdvance("第7节") < view.columnWidth(1) < MAX_FIT_WIDTH
