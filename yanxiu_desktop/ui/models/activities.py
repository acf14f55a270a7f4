"""Table models of the calendar tab: the activity list, and day grids laid out as on a 校历."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from yanxiu_desktop.domain import semesters
from yanxiu_desktop.domain.activities import host_label, presenter_label, time_label
from yanxiu_desktop.store.models import Activity, CalendarDay, Semester
from yanxiu_desktop.ui.models.base import Column, Index, RowsTableModel

DAY_HEADERS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
HOLIDAY = QColor("#fde2e2")
MAKEUP = QColor("#fff4c2")
WEEKEND = QColor("#f2f2f2")
OUTSIDE = QColor("#fafafa")
STATUS_COLOURS = {"已完成": QColor("#e6f4ea"), "取消": QColor("#eeeeee")}
ACTIVITY_IDS_ROLE = Qt.ItemDataRole.UserRole + 1
DATE_ROLE = Qt.ItemDataRole.UserRole + 2


def _org(a: Activity) -> str:
    return a.group.name if a.group_id else "全校"


def activity_list_model(sem_getter, parent=None) -> RowsTableModel[Activity]:  # noqa: ANN001
    """The list view: one row per activity, in date order; cancelled rows greyed, finished rows green."""

    def week(a: Activity) -> str:
        sem: Semester | None = sem_getter()
        n = semesters.week_of(sem, a.date) if sem else None
        return semesters.week_label(n) if n else ""

    centre = Qt.AlignmentFlag.AlignCenter
    cols: list[Column[Activity]] = [
        Column("周次", week, centre, sort_key=lambda a: a.date),
        Column("日期", lambda a: a.date, centre),
        Column("星期", lambda a: DAY_HEADERS[a.date.weekday()], centre, sort_key=lambda a: a.date.weekday()),
        Column("时间", time_label, centre),
        Column("形式", lambda a: a.kind, centre),
        Column("主题", lambda a: a.theme, tooltip=lambda a: a.theme),
        Column("主讲人", presenter_label),
        Column("主持人", host_label),
        Column("地点", lambda a: a.place),
        Column("组织", _org),
        Column("学时", lambda a: a.hours, Qt.AlignmentFlag.AlignRight),
        Column("学时类别", lambda a: a.hours_category),
        Column("状态", lambda a: a.status, centre),
    ]
    model: RowsTableModel[Activity] = RowsTableModel(cols, parent)
    model.row_colour = lambda a: STATUS_COLOURS.get(a.status)
    return model


@dataclass(frozen=True)
class GridRow:
    label: str  # 第N周
    days: tuple[dt.date, ...]  # Monday … Sunday


def cell_line(a: Activity) -> str:
    mark = "【取消】" if a.status == "取消" else ""
    return f"{mark}{a.start_time} {_org(a)} {a.kind}"


class DayGridModel(QAbstractTableModel):
    """Rows are weeks, columns Monday–Sunday; each cell shows the date, a holiday mark and the activities.

    The term view has one row per 第N周; the month view the weeks touching one month (days of other
    months dimmed). ``ACTIVITY_IDS_ROLE`` gives a cell's activity ids, ``DATE_ROLE`` its date.
    """

    def __init__(self, parent=None):  # noqa: ANN001
        super().__init__(parent)
        self.rows: list[GridRow] = []
        self.month: int | None = None
        self.by_date: dict[dt.date, list[Activity]] = {}
        self.days: dict[dt.date, CalendarDay] = {}

    def set_data(self, rows: Sequence[GridRow], activities: Sequence[Activity],
                 days: dict[dt.date, CalendarDay], month: int | None = None) -> None:
        self.beginResetModel()
        self.rows, self.month, self.days = list(rows), month, days
        self.by_date = {}
        for a in activities:
            self.by_date.setdefault(a.date, []).append(a)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 7

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802, ANN201
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return DAY_HEADERS[section]
        row = self.rows[section]
        return f"{row.label}\n{row.days[0].month}/{row.days[0].day}–{row.days[6].month}/{row.days[6].day}"

    def date_at(self, index: Index) -> dt.date | None:
        if not index.isValid():
            return None
        return self.rows[index.row()].days[index.column()]

    def text(self, day: dt.date) -> str:
        head = f"{day.month}月{day.day}日" if day.day == 1 else f"{day.day}日"
        special = self.days.get(day)
        if special is not None:
            head += f" {special.name or special.kind}" + ("（上班）" if special.kind == "调休上班" else "")
        lines = [head, *(cell_line(a) for a in self.by_date.get(day, []))]
        return "\n".join(lines)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        day = self.date_at(index)
        if day is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(day)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(f"{time_label(a)} {a.kind}「{a.theme}」 {a.place} {a.status}"
                             for a in self.by_date.get(day, [])) or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if role == Qt.ItemDataRole.BackgroundRole:
            special = self.days.get(day)
            if special is not None:
                return QBrush(HOLIDAY if special.kind == "放假" else MAKEUP)
            if self.month is not None and day.month != self.month:
                return QBrush(OUTSIDE)
            return QBrush(WEEKEND) if day.weekday() >= 5 else None
        if role == Qt.ItemDataRole.ForegroundRole and self.month is not None and day.month != self.month:
            return QBrush(QColor("#999999"))
        if role == ACTIVITY_IDS_ROLE:
            return [a.id for a in self.by_date.get(day, [])]
        if role == DATE_ROLE:
            return day
        return None


def term_rows(sem: Semester) -> list[GridRow]:
    return [GridRow(w.label, tuple(w.monday + dt.timedelta(days=i) for i in range(7)))
            for w in semesters.weeks(sem)]


def month_rows(sem: Semester, year: int, month: int) -> list[GridRow]:
    """Weeks (Monday–Sunday) touching *month*, labelled 第N周 where they fall in the term."""
    first = dt.date(year, month, 1)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    monday = first - dt.timedelta(days=first.weekday())
    rows = []
    while monday < nxt:
        n = semesters.week_of(sem, monday)
        rows.append(GridRow(semesters.week_label(n) if n else "", tuple(monday + dt.timedelta(days=i)
                                                                         for i in range(7))))
        monday += dt.timedelta(days=7)
    return rows


# The calendar's month list is the term's months as every monthly figure counts them.
term_months = semesters.term_months
