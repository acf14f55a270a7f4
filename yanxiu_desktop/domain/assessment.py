"""量化打分: the term score leadership ranks teachers by, and the 先进个人 candidates (seed 001).

Four components, each normalised to 0–100 against its requirement and capped at 100:

* 学时 — hours earned / hours required (a requirement of 0 scores 100);
* 出勤 — 出勤率 × 100 (a teacher expected at nothing has no rate: the component is left out);
* 听课 — observations / quota;
* 档案 — portfolio items done / required, summed over the policy's requirements (none required: left out).

The score is the weighted mean of the components present, weights from policy (weight_hours,
weight_attendance, weight_observations, weight_portfolio), rounded to one decimal. Ranking is by score,
ties share a rank (1, 2, 2, 4). 先进个人 candidates are the top *candidates* teachers (default: the top
10%, rounded up, at least one) among those whose 考核结果 is 合格 (``hours.hours_met``: the total and
every category's requirement met).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from yanxiu_desktop.domain.hours import FAIL, PASS, hours_met
from yanxiu_desktop.domain.policy import Policy

DEFAULT_TOP_PERCENT = 10.0


# Plain slots, not frozen: one is built per teacher on every statistics refresh (a frozen dataclass sets
# each field through object.__setattr__, ~3 µs a row).
@dataclass(slots=True)
class AssessmentInput:
    teacher_id: int
    name: str
    hours: float
    hours_required: float
    attendance_rate: float | None  # 0–1
    observations: int
    observations_required: int
    portfolio_done: int
    portfolio_required: int
    group: str = ""
    pinyin: str = ""
    hours_categories: tuple[tuple[float, float], ...] = ()  # (earned, required) per policy category


@dataclass
class AssessmentRow:
    teacher_id: int
    name: str
    group: str
    hours_score: float
    attendance_score: float | None
    observation_score: float
    portfolio_score: float | None
    score: float
    result: str  # 合格 | 不合格
    rank: int = 0
    candidate: bool = False
    source: AssessmentInput | None = field(default=None, repr=False)

    def to_json(self) -> dict[str, Any]:
        src = self.source
        return {"id": self.teacher_id, "teacher_id": self.teacher_id, "name": self.name, "group": self.group, "rank": self.rank,
                "score": self.score, "hours_score": self.hours_score, "attendance_score": self.attendance_score,
                "observation_score": self.observation_score, "portfolio_score": self.portfolio_score,
                "result": self.result, "candidate": self.candidate,
                "hours": src.hours if src else None, "hours_required": src.hours_required if src else None,
                "attendance_rate": src.attendance_rate if src else None,
                "observations": src.observations if src else None,
                "observations_required": src.observations_required if src else None,
                "portfolio_done": src.portfolio_done if src else None,
                "portfolio_required": src.portfolio_required if src else None}


def normalised(done: float, required: float) -> float:
    """done / required as 0–100, capped; nothing required scores full marks."""
    if required <= 0:
        return 100.0
    return round(min(100.0, max(0.0, done * 100.0 / required)), 1)


def candidate_count(n_teachers: int, candidates: int | None = None,
                    top_percent: float = DEFAULT_TOP_PERCENT) -> int:
    if candidates is not None:
        return max(0, min(candidates, n_teachers))
    if n_teachers == 0:
        return 0
    return max(1, math.ceil(n_teachers * top_percent / 100 - 1e-9))


def assess(inputs: Iterable[AssessmentInput], policy: Policy, candidates: int | None = None,
           top_percent: float = DEFAULT_TOP_PERCENT) -> list[AssessmentRow]:
    """Score, rank and mark candidates. Rows come back best first (ties by pinyin)."""
    rows: list[AssessmentRow] = []
    w_hours, w_attendance = policy.weight_hours, policy.weight_attendance
    w_observations, w_portfolio = policy.weight_observations, policy.weight_portfolio
    score_of = functools.cache(normalised)  # a staff repeats the same (done, required) pairs; this call only
    for inp in inputs:
        # Weights and weighted scores summed in component order (学时, 出勤, 听课, 档案), absent ones left out.
        h = score_of(inp.hours, inp.hours_required)
        weight, weighted = w_hours, w_hours * h
        a = None if inp.attendance_rate is None else round(min(100.0, inp.attendance_rate * 100), 1)
        if a is not None:
            weight, weighted = weight + w_attendance, weighted + w_attendance * a
        o = score_of(inp.observations, inp.observations_required)
        weight, weighted = weight + w_observations, weighted + w_observations * o
        p = score_of(inp.portfolio_done, inp.portfolio_required) if inp.portfolio_required > 0 else None
        if p is not None:
            weight, weighted = weight + w_portfolio, weighted + w_portfolio * p
        score = round(weighted / weight, 1) if weight > 0 else 0.0
        result = PASS if hours_met(inp.hours, inp.hours_required, inp.hours_categories) else FAIL
        rows.append(AssessmentRow(inp.teacher_id, inp.name, inp.group, h, a, o, p, score, result, source=inp))
    rows.sort(key=lambda r: (-r.score, r.source.pinyin if r.source else "", r.name))
    prev_score, prev_rank = None, 0
    for i, r in enumerate(rows, start=1):
        r.rank = prev_rank if r.score == prev_score else i
        prev_score, prev_rank = r.score, r.rank
    wanted = candidate_count(len(rows), candidates, top_percent)
    for r in [r for r in rows if r.result == PASS][:wanted]:
        r.candidate = True
    return rows
