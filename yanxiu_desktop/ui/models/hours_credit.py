"""Table model of the term's 学时认定 (hours the office granted without a sign-in sheet)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from yanxiu_desktop.domain.hours_credit import CreditRow
from yanxiu_desktop.ui.models.base import Column, RowsTableModel

COL_BASIS, COL_ITEM = 4, 5


def credit_model(parent=None) -> RowsTableModel[CreditRow]:  # noqa: ANN001
    """日期 姓名 类别 学时 认定依据 档案材料, newest first as the domain lists them."""
    return RowsTableModel([
        Column("日期", lambda r: r.date),
        Column("姓名", lambda r: r.name, sort_key=lambda r: (r.pinyin, r.name)),
        Column("类别", lambda r: r.category),
        Column("学时", lambda r: r.hours, Qt.AlignmentFlag.AlignRight),
        Column("认定依据", lambda r: r.basis, tooltip=lambda r: r.basis),
        Column("档案材料", lambda r: r.portfolio_title, tooltip=lambda r: r.portfolio_title),
    ], parent)
