"""Rounding as schools do it (四舍五入): halves go up. Python's round() sends halves to the even neighbour,
so 23.5 学时 at 10 学时/学分 gave 2.4 but 21.5 gave 2.1, and 50 分钟 at 40 分钟/学时 gave 1.0 but 70 gave 2.0."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def half_up(value: float, step: float) -> float:
    """*value* to the nearest multiple of *step*, halves up. Works on the shortest decimal form of each
    float (repr), so binary noise such as 2.675 → 2.67499… does not turn a half down."""
    steps = (Decimal(repr(value)) / Decimal(repr(step))).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return float(steps * Decimal(repr(step)))
