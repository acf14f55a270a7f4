"""The audit log as a table (newest first)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt

from yanxiu_desktop.domain.audit_log import AuditRow, audit_log, field_label, value_label
from yanxiu_desktop.ui.models.base import Column, RowsTableModel

COLUMNS: tuple[Column[AuditRow], ...] = (
    Column("时间", lambda r: r.ts.strftime("%Y-%m-%d %H:%M:%S") if r.ts else ""),
    Column("操作人", lambda r: r.operator),
    Column("记录", lambda r: f"{r.table_label} #{r.row_id}" if r.row_id else r.table_label),
    Column("字段", lambda r: field_label(r.field, r.table), tooltip=lambda r: r.field),
    Column("原值", lambda r: value_label(r.old), tooltip=lambda r: r.old or ""),
    Column("新值", lambda r: value_label(r.new), tooltip=lambda r: r.new or ""),
    Column("原因", lambda r: r.reason, tooltip=lambda r: r.reason),
    Column("编号", lambda r: r.id, align=Qt.AlignmentFlag.AlignRight),
)


class AuditTableModel(RowsTableModel[AuditRow]):
    def __init__(self, parent: QObject | None = None):
        super().__init__(COLUMNS, parent)

    def load(self, search: str = "", table: str | None = None, row_id: int | None = None) -> None:
        self.set_rows(audit_log(search, table, row_id))
