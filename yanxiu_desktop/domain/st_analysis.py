"""S-T (Student–Teacher) lesson analysis.

Every 30 s (or 15 s) the observer writes T (teacher behaviour: lecturing, writing, questioning, and the
teacher's side of a dialogue, coded D on some sheets) or S (student behaviour). Then
Rt = N_T / N and Ch = (g − 1) / N, g being the number of runs (maximal blocks of the same letter).
The lesson type is checked in this order: 练习型 Rt ≤ 0.3, 讲授型 Rt ≥ 0.7, 对话型 Ch ≥ 0.4, else 混合型.
Comparisons use exact fractions so the boundary values 0.3 / 0.7 / 0.4 fall where the rule says.

S-T describes how a lesson was spent; it is not a quality score.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from yanxiu_desktop.domain.errors import ValidationError

RT_PRACTICE = Fraction(3, 10)
RT_LECTURE = Fraction(7, 10)
CH_DIALOGUE = Fraction(4, 10)
INTERVALS = (15, 30)
DISCLAIMER = "S-T 分析只描述课堂中师生行为的构成，不是对课堂质量的评分。"

TYPE_NOTES = {
    "练习型": "学生活动为主（Rt ≤ 0.3）",
    "讲授型": "教师讲授为主（Rt ≥ 0.7）",
    "对话型": "师生行为频繁转换（Ch ≥ 0.4）",
    "混合型": "讲授与学生活动兼有",
}


def normalize(samples: str) -> str:
    """Upper-case, D→T, spaces/commas dropped; anything else is an error naming the position."""
    out: list[str] = []
    bad: list[str] = []
    for pos, ch in enumerate(c for c in samples if not c.isspace() and c not in ",，、"):
        c = ch.upper()
        if c == "D":
            c = "T"
        if c not in "ST":
            bad.append(f"第 {pos + 1} 个采样「{ch}」")
        out.append(c)
    if bad:
        raise ValidationError(f"S-T 采样只能是 T、S 或 D：{'、'.join(bad[:5])}{'等' if len(bad) > 5 else ''}不对")
    return "".join(out)


def runs(samples: str) -> int:
    """g: the number of maximal blocks of one letter."""
    return sum(1 for i, c in enumerate(samples) if i == 0 or c != samples[i - 1])


@dataclass(frozen=True)
class STResult:
    samples: str
    interval: int  # seconds between samples
    n: int
    n_t: int
    n_s: int
    g: int
    rt: Fraction
    ch: Fraction
    lesson_type: str

    @property
    def minutes(self) -> float:
        return self.n * self.interval / 60

    def curve(self) -> list[tuple[int, int]]:
        """S-T curve: from (0, 0) each T steps one unit along the T axis, each S along the S axis."""
        pts = [(0, 0)]
        t = s = 0
        for c in self.samples:
            if c == "T":
                t += 1
            else:
                s += 1
            pts.append((t, s))
        return pts

    def summary(self) -> str:
        return (f"N={self.n}（{_fmt_minutes(self.minutes)}分钟，每{self.interval}秒采样），N_T={self.n_t}，"
                f"N_S={self.n_s}，连数 g={self.g}，Rt={float(self.rt):.2f}，Ch={float(self.ch):.2f}，"
                f"{self.lesson_type}")

    def to_json(self) -> dict[str, Any]:
        return {"samples": self.samples, "interval": self.interval, "n": self.n, "n_t": self.n_t,
                "n_s": self.n_s, "runs": self.g, "rt": round(float(self.rt), 4), "ch": round(float(self.ch), 4),
                "lesson_type": self.lesson_type, "minutes": self.minutes}


def _fmt_minutes(m: float) -> str:
    return str(int(m)) if float(m).is_integer() else f"{m:.1f}"


def classify(rt: Fraction, ch: Fraction) -> str:
    if rt <= RT_PRACTICE:
        return "练习型"
    if rt >= RT_LECTURE:
        return "讲授型"
    if ch >= CH_DIALOGUE:
        return "对话型"
    return "混合型"


def analyse(samples: str, interval: int = 30) -> STResult:
    seq = normalize(samples)
    if not seq:
        raise ValidationError("S-T 采样为空：至少需要一个 T 或 S")
    if interval <= 0 or interval > 600:
        raise ValidationError("S-T 采样间隔应为 1～600 秒（常用 30 秒或 15 秒）")
    n = len(seq)
    n_t = seq.count("T")
    g = runs(seq)
    rt = Fraction(n_t, n)
    ch = Fraction(g - 1, n)
    return STResult(seq, interval, n, n_t, n - n_t, g, rt, ch, classify(rt, ch))
