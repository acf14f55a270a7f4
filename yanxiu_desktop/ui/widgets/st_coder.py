"""S-T coder: a timer prompts every 30 s (or 15 s); the observer presses T (or D) or S.

The timer only prompts: each key press records one sample, so nothing is invented when a prompt is
missed, and "应记/已记" shows how far the record lags the clock. Tests drive ``tick()`` directly.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.domain.st_analysis import DISCLAIMER, STResult, analyse, normalize


class STChart(QWidget):
    """The S-T curve (left) and the Rt–Ch diagram (right)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.result: STResult | None = None
        self.setMinimumSize(520, 250)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_result(self, result: STResult | None) -> None:
        self.result = result
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: ANN001, N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        w, h = self.width(), self.height()
        side = min(w / 2 - 50, h - 50)
        self._curve(p, QRectF(40, 15, side, side))
        self._rt_ch(p, QRectF(w / 2 + 35, 15, side, side))
        p.end()

    @staticmethod
    def _axes(p: QPainter, box: QRectF, xlabel: str, ylabel: str, title: str) -> None:
        p.setPen(QPen(QColor("#333"), 1))
        p.drawLine(box.bottomLeft(), box.bottomRight())
        p.drawLine(box.bottomLeft(), box.topLeft())
        f = QFont(p.font())
        f.setPointSize(8)
        p.setFont(f)
        p.drawText(QRectF(box.right() - 60, box.bottom() + 2, 60, 16), Qt.AlignmentFlag.AlignRight, xlabel)
        p.drawText(QRectF(box.left() - 38, box.top() - 2, 36, 16), Qt.AlignmentFlag.AlignRight, ylabel)
        p.drawText(QRectF(box.left(), box.bottom() + 14, box.width(), 16), Qt.AlignmentFlag.AlignCenter, title)

    def _curve(self, p: QPainter, box: QRectF) -> None:
        self._axes(p, box, "T", "S", "S-T 曲线")
        r = self.result
        n = max(r.n if r else 1, 10)
        p.setPen(QPen(QColor("#bbb"), 1, Qt.PenStyle.DashLine))
        p.drawLine(box.bottomLeft(), box.topRight())
        if not r:
            return
        path = QPainterPath()
        for i, (t, s) in enumerate(r.curve()):
            pt = QPointF(box.left() + box.width() * t / n, box.bottom() - box.height() * s / n)
            if i == 0:
                path.moveTo(pt)
            else:
                path.lineTo(pt)
        p.setPen(QPen(QColor("#c0392b"), 2))
        p.drawPath(path)

    def _rt_ch(self, p: QPainter, box: QRectF) -> None:
        self._axes(p, box, "Rt", "Ch", "Rt-Ch 图")

        def pt(x: float, y: float) -> QPointF:
            return QPointF(box.left() + box.width() * x, box.bottom() - box.height() * y)

        p.setPen(QPen(QColor("#999"), 1))
        p.drawPolyline([pt(0, 0), pt(0.5, 1), pt(1, 0)])  # Ch ≤ 2·min(Rt, 1−Rt)
        p.setPen(QPen(QColor("#2c7be5"), 1, Qt.PenStyle.DashLine))
        p.drawLine(pt(0.3, 0), pt(0.3, 0.6))
        p.drawLine(pt(0.7, 0), pt(0.7, 0.6))
        p.drawLine(pt(0.3, 0.4), pt(0.7, 0.4))
        p.setPen(QColor("#2c7be5"))
        for text, x, y in (("练习型", 0.02, 0.1), ("讲授型", 0.72, 0.1), ("混合型", 0.38, 0.1), ("对话型", 0.38, 0.62)):
            p.drawText(pt(x, y), text)
        if self.result:
            p.setBrush(QColor("#c0392b"))
            p.setPen(Qt.PenStyle.NoPen)
            p.drawEllipse(pt(float(self.result.rt), float(self.result.ch)), 4, 4)


class STCoder(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None, timer: QTimer | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._samples: list[str] = []
        self.due = 0  # prompts so far
        self.timer = timer or QTimer(self)
        self.timer.timeout.connect(self.tick)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("采样间隔："))
        self.interval_box = QComboBox()
        self.interval_box.addItem("30 秒", 30)
        self.interval_box.addItem("15 秒", 15)
        self.interval_box.currentIndexChanged.connect(self._interval_changed)
        top.addWidget(self.interval_box)
        self.start_btn = QPushButton("开始计时(空格)")
        self.start_btn.clicked.connect(self.toggle)
        self.t_btn = QPushButton("T 教师行为")
        self.t_btn.clicked.connect(lambda: self.record("T"))
        self.s_btn = QPushButton("S 学生行为")
        self.s_btn.clicked.connect(lambda: self.record("S"))
        self.undo_btn = QPushButton("撤销(退格)")
        self.undo_btn.clicked.connect(self.undo)
        for b in (self.start_btn, self.t_btn, self.s_btn, self.undo_btn):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the coder, not to a button
            top.addWidget(b)
        top.addStretch(1)
        lay.addLayout(top)
        self.prompt = QLabel()
        self.prompt.setObjectName("stPrompt")
        lay.addWidget(self.prompt)
        self.sequence = QLabel()
        self.sequence.setWordWrap(True)
        self.sequence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.sequence)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        lay.addWidget(self.result_label)
        self.chart = STChart()
        lay.addWidget(self.chart, 1)
        note = QLabel(DISCLAIMER + " 按 T（或 D，师生对话中的教师行为）/ S 记录，空格暂停或继续，退格撤销。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #7a5c00")
        lay.addWidget(note)
        self._update()

    # -- state ------------------------------------------------------------------
    @property
    def interval(self) -> int:
        return int(self.interval_box.currentData())

    @property
    def running(self) -> bool:
        return self.timer.isActive()

    def samples(self) -> str:
        return "".join(self._samples)

    def set_samples(self, samples: str, interval: int = 30) -> None:
        self.stop()
        self._samples = list(normalize(samples))
        self.due = len(self._samples)
        idx = self.interval_box.findData(interval)
        if idx < 0:
            self.interval_box.addItem(f"{interval} 秒", interval)
            idx = self.interval_box.count() - 1
        self.interval_box.setCurrentIndex(idx)
        self._update()

    def result(self) -> STResult | None:
        try:
            return analyse(self.samples(), self.interval) if self._samples else None
        except ValidationError:
            return None

    # -- actions ----------------------------------------------------------------
    def toggle(self) -> None:
        if self.running:
            self.stop()
        else:
            self.timer.start(self.interval * 1000)
            self._update()
        self.setFocus()

    def stop(self) -> None:
        self.timer.stop()
        self._update()

    def tick(self) -> None:
        """One interval has passed: prompt for the next sample."""
        self.due += 1
        QApplicationBeep.beep()
        self._update()

    def record(self, code: str) -> None:
        self._samples.append("T" if code.upper() in ("T", "D") else "S")
        self._update()
        self.changed.emit()

    def undo(self) -> None:
        if self._samples:
            self._samples.pop()
            self._update()
            self.changed.emit()

    def _interval_changed(self) -> None:
        if self.running:
            self.timer.start(self.interval * 1000)
        self._update()
        self.changed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_T, Qt.Key.Key_D):
            self.record("T")
        elif key == Qt.Key.Key_S:
            self.record("S")
        elif key == Qt.Key.Key_Backspace:
            self.undo()
        elif key == Qt.Key.Key_Space:
            self.toggle()
        else:
            super().keyPressEvent(event)

    def _update(self) -> None:
        n = len(self._samples)
        self.start_btn.setText("暂停(空格)" if self.running else ("继续(空格)" if n else "开始计时(空格)"))
        if self.running and self.due > n:
            self.prompt.setText(f"请记录第 {n + 1} 个采样（应记 {self.due}，已记 {n}）")
            self.prompt.setStyleSheet("color: white; background: #e67e22; padding: 4px; font-weight: bold")
        else:
            state = "计时中" if self.running else "已暂停" if n else "未开始"
            self.prompt.setText(f"{state}：已记 {n} 个采样，约 {n * self.interval / 60:g} 分钟")
            self.prompt.setStyleSheet("padding: 4px")
        self.sequence.setText(" ".join(self.samples()[i:i + 10] for i in range(0, n, 10)) or "（尚无采样）")
        r = self.result()
        self.result_label.setText(f"{r.summary()}。{r.lesson_type}：{_note(r)}" if r else "")
        self.chart.set_result(r)


def _note(r: STResult) -> str:
    from yanxiu_desktop.domain.st_analysis import TYPE_NOTES

    return TYPE_NOTES[r.lesson_type]


class QApplicationBeep:
    """A short system beep as the audible prompt (silent on the offscreen platform)."""

    @staticmethod
    def beep() -> None:
        from PySide6.QtWidgets import QApplication

        QApplication.beep()
