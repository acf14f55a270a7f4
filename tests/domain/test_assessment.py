"""量化打分 on plain inputs: normalisation, caps, missing components, ties, candidates."""

from __future__ import annotations

from yanxiu_desktop.domain.assessment import AssessmentInput, assess, candidate_count, normalised
from yanxiu_desktop.domain.policy import Policy


def _inp(tid: int, hours: float, rate: float | None, obs: int, done: int, required: int = 2) -> AssessmentInput:
    return AssessmentInput(tid, f"T{tid}", hours, 40, rate, obs, 20, done, required, pinyin=f"t{tid:03d}")


def test_normalised_caps_and_zero_requirement() -> None:
    assert normalised(50, 40) == 100.0 and normalised(10, 40) == 25.0 and normalised(3, 0) == 100.0


def test_weighted_score_with_missing_components() -> None:
    policy = Policy(weight_hours=40, weight_attendance=30, weight_observations=20, weight_portfolio=10)
    rows = {r.teacher_id: r for r in assess([
        _inp(1, 40, 0.9, 10, 1),  # (40·100 + 30·90 + 20·50 + 10·50)/100 = 82.0
        _inp(2, 60, None, 30, 0, required=0),  # no attendance, no portfolio: (40·100 + 20·100)/60 = 100
        _inp(3, 20, 1.0, 0, 2),  # (40·50 + 30·100 + 0 + 10·100)/100 = 60.0
    ], policy)}
    assert rows[1].score == 82.0 and rows[1].attendance_score == 90.0 and rows[1].portfolio_score == 50.0
    assert rows[2].score == 100.0 and rows[2].attendance_score is None and rows[2].portfolio_score is None
    assert rows[3].score == 60.0 and rows[3].result == "不合格"


def test_ties_share_a_rank_and_candidates_must_pass() -> None:
    policy = Policy()
    rows = assess([_inp(1, 40, 1.0, 20, 2), _inp(2, 40, 1.0, 20, 2), _inp(3, 35, 1.0, 20, 2),
                   _inp(4, 40, 0.5, 20, 2)], policy, candidates=3)
    assert [(r.teacher_id, r.rank) for r in rows] == [(1, 1), (2, 1), (3, 3), (4, 4)]
    # 3 is ranked above 4 but failed its hours: the third candidate is 4.
    assert [r.teacher_id for r in rows if r.candidate] == [1, 2, 4]


def test_candidate_count_defaults_to_top_ten_percent() -> None:
    assert candidate_count(60) == 6 and candidate_count(61) == 7 and candidate_count(4) == 1
    assert candidate_count(0) == 0 and candidate_count(60, candidates=3) == 3
    assert candidate_count(60, top_percent=5) == 3


def test_pass_needs_each_category_of_the_policy() -> None:
    # 16+8+8+8: 40 学时 all in 学校培训 reach the total but not the other three categories.
    spread = ((16.0, 16.0), (8.0, 8.0), (8.0, 8.0), (8.0, 8.0))
    lopsided = ((40.0, 16.0), (0.0, 8.0), (0.0, 8.0), (0.0, 8.0))
    inputs = [AssessmentInput(1, "甲", 40, 40, 1.0, 20, 20, 0, 0, hours_categories=spread),
              AssessmentInput(2, "乙", 40, 40, 1.0, 20, 20, 0, 0, hours_categories=lopsided)]
    rows = {r.teacher_id: r for r in assess(inputs, Policy(), candidates=2)}
    assert rows[1].result == "合格" and rows[2].result == "不合格"
    assert rows[1].score == rows[2].score == 100.0 and [rows[1].candidate, rows[2].candidate] == [True, False]
