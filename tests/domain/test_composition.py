"""Staff composition on seed 004's own numbers, and the band edges."""

from __future__ import annotations

import datetime as dt

from yanxiu_desktop.domain.composition import StaffMember, age_band, age_on, band_counts, compose, percent

AS_OF = dt.date(2025, 9, 1)


def test_seed_004_percentages() -> None:
    # 35周岁以下 35人 约58%，35周岁至50周岁以下 23人 约38%，50岁以上 2人 约3%；本科36人 60%；中级职称13人 22%。
    shares = band_counts([("35岁以下", 35), ("35—50岁", 23), ("50岁以上", 2)])
    assert [(s.count, s.percent) for s in shares] == [(35, 58), (23, 38), (2, 3)]
    assert percent(36, 60) == 60 and percent(13, 60) == 22
    # 县级学科带头人、骨干教师各1人，县级教坛新秀5人，共约占 12%.
    assert percent(1 + 1 + 5, 60) == 12


def _born(age: int, on: dt.date = AS_OF) -> dt.date:
    return dt.date(on.year - age, on.month, on.day)


def test_seed_004_staff_through_compose() -> None:
    ages = [25] * 20 + [34] * 15 + [35] * 5 + [40] * 10 + [49] * 8 + [50, 56]
    staff = [StaffMember(i, f"T{i}", _born(a), education="本科" if i < 36 else "专科",
                         title="一级教师" if i < 13 else "二级教师") for i, a in enumerate(ages)]
    c = compose(staff, AS_OF)
    assert [(s.label, s.count, s.percent) for s in c.age_bands] == [
        ("35岁以下", 35, 58), ("35—50岁", 23, 38), ("50岁以上", 2, 3)]
    assert c.average_age == round(sum(ages) / 60, 1)
    assert [(s.label, s.count, s.percent) for s in c.education] == [("本科", 36, 60), ("专科", 24, 40)]
    assert ("中级", 13, 22) in [(s.label, s.count, s.percent) for s in c.title_levels]


def test_band_edges_in_full_years() -> None:
    assert [age_band(a) for a in (34, 35, 49, 50, 51)] == ["35岁以下", "35—50岁", "35—50岁", "50岁以上", "50岁以上"]
    # 周岁: the day before the 35th birthday is still 34.
    assert age_on(dt.date(1990, 9, 2), AS_OF) == 34 and age_on(dt.date(1990, 9, 1), AS_OF) == 35


def test_percent_rounds_half_up() -> None:
    assert percent(1, 8) == 13 and percent(1, 3) == 33 and percent(2, 3) == 67 and percent(0, 0) == 0
