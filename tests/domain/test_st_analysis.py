from fractions import Fraction

import pytest

from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.domain.st_analysis import analyse, classify, normalize, runs


def test_all_t_is_lecture() -> None:
    r = analyse("T" * 40)
    assert (r.n, r.n_t, r.g) == (40, 40, 1)
    assert r.rt == 1 and r.ch == 0
    assert r.lesson_type == "讲授型"
    assert r.minutes == 20


def test_all_s_is_practice() -> None:
    r = analyse("SSSSSSSSSS", interval=15)
    assert r.rt == 0 and r.ch == 0 and r.g == 1
    assert r.lesson_type == "练习型"
    assert r.minutes == 2.5


def test_alternating_is_dialogue() -> None:
    r = analyse("TS" * 10)
    assert r.rt == Fraction(1, 2)
    assert r.g == 20 and r.ch == Fraction(19, 20)
    assert r.lesson_type == "对话型"


def test_d_counts_as_t_and_separators_ignored() -> None:
    assert normalize("td s,S") == "TTSS"
    r = analyse("DDSS")
    assert r.n_t == 2 and r.g == 2


def test_boundaries_are_inclusive_and_checked_in_order() -> None:
    # Rt exactly 0.3 → 练习型 even though Ch is high.
    r = analyse("TSTSTS" + "S" * 4)
    assert r.rt == Fraction(3, 10) and r.lesson_type == "练习型"
    # Rt exactly 0.7 → 讲授型.
    r = analyse("T" * 7 + "S" * 3)
    assert r.rt == Fraction(7, 10) and r.lesson_type == "讲授型"
    # Rt 0.5 with six runs over ten samples → Ch 0.5 → 对话型.
    r = analyse("TTTSSTSSTS")
    assert r.n == 10 and r.rt == Fraction(5, 10)
    assert runs(r.samples) == 6 and r.ch == Fraction(5, 10) and r.lesson_type == "对话型"
    r = analyse("TTTSSSTTSS")
    assert r.g == 4 and r.ch == Fraction(3, 10) and r.lesson_type == "混合型"
    r = analyse("TTTSSTTSSS")
    assert r.g == 4 and r.lesson_type == "混合型"
    r = analyse("TTSSTTSTSS")
    assert r.g == 6 and r.ch == Fraction(1, 2) and r.lesson_type == "对话型"
    assert classify(Fraction(1, 2), Fraction(2, 5)) == "对话型"
    assert classify(Fraction(1, 2), Fraction(39, 100)) == "混合型"
    assert classify(Fraction(31, 100), Fraction(0)) == "混合型"
    assert classify(Fraction(69, 100), Fraction(0)) == "混合型"


def test_ch_exactly_point_four_from_samples() -> None:
    r = analyse("TTSSTTSSTT")  # g = 5, N = 10 → Ch 0.4; Rt 0.6
    assert r.ch == Fraction(2, 5) and r.rt == Fraction(3, 5)
    assert r.lesson_type == "对话型"


def test_curve_steps() -> None:
    assert analyse("TST").curve() == [(0, 0), (1, 0), (1, 1), (2, 1)]


def test_bad_input_names_position() -> None:
    with pytest.raises(ValidationError, match="第 3 个采样"):
        analyse("TSX")
    with pytest.raises(ValidationError):
        analyse("   ")
