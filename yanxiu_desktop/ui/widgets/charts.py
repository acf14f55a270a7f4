"""A bar chart drawn with QPainter (QtCharts is not in PySide6-Essentials).

One or two series side by side, an optional per-bar reference mark (e.g. the required 学时), bars that
fall short highlighted in red. Wide data (60 teachers) keeps a minimum bar width and is meant to sit in a
QScrollArea; labels slant when they would overlap.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from yanxiu_desktop.chart_axis import axis_scale

BLUE = QColor("#4472C4")
ORANGE = QColor("#ED7D31")
RED = QColor("#C0392B")
GRID = QColor("#DDDDDD")
MIN_BAR = 14
MIN_CHART_HEIGHT = 140  # fits the reports tab on a 768-px screen; taller screens get more


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = ""
        self.labels: list[str] = []
        self.series: list[list[float]] = []
        self.legend: list[str] = []
        self.reference: list[float] | None = None
        self.short: list[bool] = []
        self.value_format = "{:g}"
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(MIN_CHART_HEIGHT)

    def set_data(self, title: str, labels: Sequence[str], series: Sequence[Sequence[float]],
                 legend: Sequence[str] = (), reference: Sequence[float] | None = None,
                 short: Sequence[bool] | None = None, value_format: str = "{:g}") -> None:
        self.title, self.labels = title, list(labels)
        self.series = [list(s) for s in series]
        self.legend = list(legend)
        self.reference = list(reference) if reference is not None else None
        self.short = list(short) if short is not None else [False] * len(self.labels)
        self.value_format = value_format
        per = MIN_BAR * max(1, len(self.series)) + 6
        self.setMinimumWidth(min(60 + per * len(self.labels), 20000))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(max(600, self.minimumWidth()), 280)

    def _axis(self) -> tuple[float, float, int]:
        values = [v for s in self.series for v in s] + (self.reference or [])
        return axis_scale(max(values, default=0.0))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802, ARG002
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), Qt.GlobalColor.white)
        font = QFont(self.font())
        fm = QFontMetrics(font)
        p.setFont(font)
        p.setPen(Qt.GlobalColor.black)
        # Left, over the axis: a wide chart scrolls, and a centred title would be off screen.
        p.drawText(QRectF(44, 4, self.width() - 44, fm.height() + 4), Qt.AlignmentFlag.AlignLeft, self.title)
        n = len(self.labels)
        if not n:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "暂无数据")
            return
        slot_w = (self.width() - 56) / n
        label_w = max(fm.horizontalAdvance(x) for x in self.labels)
        slant = label_w + 6 > slot_w
        bottom_space = (min(label_w, 120) * 0.72 + fm.height()) if slant else fm.height() + 8
        plot = QRectF(44, fm.height() * 2 + 10, self.width() - 56, self.height() - fm.height() * 2 - 18 - bottom_space)
        top, step, intervals = self._axis()
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
        p.setFont(small)
        for i in range(intervals + 1):  # grid and value axis
            y = plot.bottom() - plot.height() * i / intervals
            p.setPen(QPen(GRID))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(Qt.GlobalColor.black)
            p.drawText(QRectF(0, y - 8, 40, 16), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       f"{step * i:g}")
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        k = max(1, len(self.series))
        bar_w = max(3.0, min(40.0, (slot_w - 6) / k))
        for i, label in enumerate(self.labels):
            x0 = plot.left() + i * slot_w + (slot_w - bar_w * k) / 2
            for s, values in enumerate(self.series):
                v = values[i] if i < len(values) else 0.0
                h = plot.height() * v / top
                colour = RED if (s == 0 and i < len(self.short) and self.short[i]) else (BLUE, ORANGE)[s % 2]
                rect = QRectF(x0 + s * bar_w, plot.bottom() - h, bar_w - 1, h)
                p.fillRect(rect, colour)
                if slot_w >= 22:
                    p.setPen(Qt.GlobalColor.black)
                    p.drawText(QRectF(rect.left() - 10, rect.top() - 14, bar_w + 20, 14),
                               Qt.AlignmentFlag.AlignHCenter, self.value_format.format(v))
            if self.reference is not None and i < len(self.reference):
                y = plot.bottom() - plot.height() * self.reference[i] / top
                p.setPen(QPen(Qt.GlobalColor.black, 2, Qt.PenStyle.DashLine))
                p.drawLine(QPointF(x0 - 2, y), QPointF(x0 + bar_w * k + 2, y))
            p.setPen(Qt.GlobalColor.black)
            cx = plot.left() + (i + 0.5) * slot_w
            if slant:
                p.save()
                p.translate(cx, plot.bottom() + 4)
                p.rotate(-45)
                p.drawText(QRectF(-label_w - 4, -8, label_w, 16),
                           Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
                p.restore()
            else:
                p.drawText(QRectF(cx - slot_w / 2, plot.bottom() + 3, slot_w, fm.height()),
                           Qt.AlignmentFlag.AlignHCenter, label)
        p.setFont(font)
        x = 44 + fm.horizontalAdvance(self.title) + 24  # after the title, where a scrolled chart still shows it
        for s, name in enumerate(self.legend):
            w = fm.horizontalAdvance(name)
            p.fillRect(QRectF(x, 8, 10, 10), (BLUE, ORANGE)[s % 2])
            p.drawText(QRectF(x + 13, 2, w + 4, 20), Qt.AlignmentFlag.AlignVCenter, name)
            x += w + 30
        p.end()
