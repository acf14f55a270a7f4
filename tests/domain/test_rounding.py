"""四舍五入 as schools do it: halves go up, for 学时 from minutes and for 折合学分."""

from __future__ import annotations

from yanxiu_desktop.domain.activities import round_hours
from yanxiu_desktop.domain.policy import load_policy
from yanxiu_desktop.domain.rounding import half_up
from yanxiu_desktop.domain.stats import credits


def test_halves_go_up() -> None:
    assert [half_up(x, 0.1) for x in (1.95, 2.15, 2.35, 2.55, 2.75, 2.675)] == [2.0, 2.2, 2.4, 2.6, 2.8, 2.7]
    assert [half_up(x, 1) for x in (0.5, 1.5, 2.5, -0.4)] == [1.0, 2.0, 3.0, 0.0]


def test_hours_from_minutes_round_to_halves_up() -> None:
    # 40 分钟 a 学时: 50, 70, 90, 110 分钟
    assert [round_hours(m / 40) for m in (50, 70, 90, 110)] == [1.5, 2.0, 2.5, 3.0]
    assert round_hours(90 / 45) == 2.0 and round_hours(0.2) == 0.0


def test_credits_round_halves_up(db) -> None:  # noqa: ANN001
    policy = load_policy()
    per = policy.hours_per_credit
    assert [credits(x * per / 10, policy) for x in (19.5, 21.5, 23.5, 25.5, 27.5)] == [2.0, 2.2, 2.4, 2.6, 2.8]
