"""Round axis steps for every bar chart the product draws (on screen with Qt, in PDFs with ReportLab)."""

from __future__ import annotations

import math


def axis_scale(top: float) -> tuple[float, float, int]:
    """(axis top, step, intervals) with a round step (1, 2, 2.5 or 5 × 10ⁿ) and 2–5 intervals:
    a percentage axis reads 0/25/50/75/100, not 0/29/58/86/115."""
    if top <= 0:
        return 1.0, 0.25, 4
    raw = top / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if raw <= m * magnitude * (1 + 1e-9))
    intervals = max(2, math.ceil(top / step - 1e-9))
    return step * intervals, step, intervals
