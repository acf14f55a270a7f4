import datetime as dt

import pytest

from yanxiu_desktop.domain import groups, roster, semesters
from yanxiu_desktop.domain.observations import ObservationInput, create_observation
from yanxiu_desktop.domain.policy import preset
from yanxiu_desktop.domain.quota import quota_report, teaching_weeks, working_days
from yanxiu_desktop.store.models import CalendarDay


@pytest.fixture
def term(db):
    sem = semesters.create_semester(2025, 1, dt.date(2025, 9, 1), 20)
    # 国庆: Oct 1–7 off; 调休上班 Sun Sep 28 and Sat Oct 11.
    for d in range(1, 8):
        CalendarDay.create(semester=sem, date=dt.date(2025, 10, d), kind="放假", name="国庆节")
    CalendarDay.create(semester=sem, date=dt.date(2025, 9, 28), kind="调休上班")
    CalendarDay.create(semester=sem, date=dt.date(2025, 10, 11), kind="调休上班")
    return sem


def _observe(sem, observer, observed, day, period=1):
    create_observation(sem, ObservationInput(observer_id=observer.id, observed_id=observed.id, date=day,
                                             period=period, topic="课"))


def test_teaching_weeks_skip_holiday_week(term) -> None:
    ws = semesters.weeks(term)
    assert working_days(term, ws[3]) == 6  # week 4 + Sunday make-up day
    assert working_days(term, ws[4]) == 2  # Sep 29, 30
    assert working_days(term, ws[5]) == 4  # Oct 8–10 + Saturday make-up
    assert [w.number for w in teaching_weeks(term)] == [n for n in range(1, 21) if n != 5]


def test_required_pace_and_forecast(term) -> None:
    policy = preset("guanli_40")  # 30/20/15 by role, no monthly rule
    observer = roster.add_teacher(name="李老师", role="教师", hire_date=dt.date(2010, 8, 31))
    newbie = roster.add_teacher(name="新老师", role="教师", hire_date=dt.date(2024, 8, 31))
    roster.add_teacher(name="周组长", role="教研组长", hire_date=dt.date(2000, 8, 31))
    taught = roster.add_teacher(name="被听", hire_date=dt.date(2000, 8, 31))
    # 李老师: one record a week in weeks 1–4, nothing after.
    for i in range(4):
        _observe(term, observer, taught, dt.date(2025, 9, 2) + dt.timedelta(weeks=i))
    # 新老师: one a week through week 8 (week 5 is the holiday week: none needed there).
    for n in (1, 2, 3, 4, 6, 7, 8):
        _observe(term, newbie, taught, dt.date(2025, 9, 3) + dt.timedelta(weeks=n - 1))
    as_of = dt.date(2025, 10, 26)  # Sunday of week 8 → 7 teaching weeks elapsed of 19
    rep = quota_report(term, as_of, policy)
    assert (rep.week, rep.teaching_weeks, rep.elapsed_teaching_weeks) == (8, 19, 7)
    rows = {r.name: r for r in rep.rows}
    li, nb, zu = rows["李老师"], rows["新老师"], rows["周组长"]
    assert li.required == 15 and li.done == 4
    assert li.expected_by_now == 15 * 7 // 19 == 5
    # Week 6 (5 teaching weeks): expected 3, done 4 → on pace; week 7: 15*6//19 = 4 → on pace; week 8: behind.
    assert li.behind and li.behind_since_week == 8
    assert li.projected == round(4 * 19 / 7)
    assert nb.new_teacher and nb.required == 19  # 1 a week × 19 teaching weeks beats 15
    assert nb.done == 7 and nb.expected_by_now == 7 and not nb.behind
    # 20 × 1 // 19 = 1 record expected by the end of week 1: behind from week 1.
    assert zu.required == 20 and zu.done == 0 and zu.behind and zu.behind_since_week == 1
    assert {r.name for r in rep.behind} >= {"李老师", "周组长"}
    # Monday of week 9: 李老师 hears a lesson. Pace is still judged at week 8's end (5 due), but records to
    # date count: 5 heard, so no "听课 5 节，按进度此时应有 5 节" contradiction.
    _observe(term, observer, taught, dt.date(2025, 10, 27))
    monday = {r.name: r for r in quota_report(term, dt.date(2025, 10, 27), policy).rows}["李老师"]
    assert monday.done == monday.expected_by_now == 5 and not monday.behind and monday.behind_since_week is None


def test_month_end_counts_with_monthly_rule(term) -> None:
    policy = preset("zhidu_60")  # 每月听课4节
    t = roster.add_teacher(name="赵老师", hire_date=dt.date(2005, 8, 31))
    other = roster.add_teacher(name="钱老师", hire_date=dt.date(2005, 8, 31))
    for i, day in enumerate((2, 9, 16, 23)):
        _observe(term, t, other, dt.date(2025, 9, day), i + 1)
    _observe(term, t, other, dt.date(2025, 10, 14))
    rep = quota_report(term, dt.date(2025, 11, 2), policy)
    row = next(r for r in rep.rows if r.name == "赵老师")
    assert rep.months[:3] == [(2025, 9), (2025, 10), (2025, 11)]
    assert row.by_month[(2025, 9)] == 4 and row.by_month[(2025, 10)] == 1
    assert row.months_short == [(2025, 10)]  # September met, October short, November not over
    assert row.required == max(15, 4 * len(rep.months))


def test_mentor_pairs_count_both_directions(term) -> None:
    policy = preset("guanli_40")
    mentor = roster.add_teacher(name="师傅", hire_date=dt.date(2000, 8, 31))
    mentee = roster.add_teacher(name="徒弟", hire_date=dt.date(2024, 8, 31))
    groups.add_mentor_pair(term, mentor.id, mentee.id)
    _observe(term, mentor, mentee, dt.date(2025, 9, 2))
    _observe(term, mentee, mentor, dt.date(2025, 9, 3))
    _observe(term, mentee, mentor, dt.date(2025, 9, 4))
    rep = quota_report(term, dt.date(2025, 9, 30), policy)
    (m,) = rep.mentors
    assert (m.mentor_observed_mentee, m.mentee_observed_mentor, m.target) == (1, 2, 20)
    assert not m.reached


def test_months_agree_and_first_monday_counts_in_september(db) -> None:
    from yanxiu_desktop.domain.portfolio import periods_elapsed, term_periods

    sem = semesters.create_semester(2026, 1, dt.date(2026, 8, 31), 20)  # Mon 31 Aug 2026 – Sun 17 Jan 2027
    policy = preset("zhidu_60")  # 每月听课4节, 教学反思 1 a month
    t = roster.add_teacher(name="赵老师", hire_date=dt.date(2005, 8, 31))
    other = roster.add_teacher(name="钱老师", hire_date=dt.date(2005, 8, 31))
    for i, day in enumerate((dt.date(2026, 8, 31), dt.date(2026, 9, 8), dt.date(2026, 9, 15), dt.date(2026, 10, 1))):
        _observe(sem, t, other, day, i + 1)
    rep = quota_report(sem, dt.date(2026, 10, 11), policy)
    row = next(r for r in rep.rows if r.name == "赵老师")
    assert rep.months == [(2026, 9), (2026, 10), (2026, 11), (2026, 12), (2027, 1)]
    assert len(rep.months) == term_periods(sem, "月") == 5
    # 31 Aug and 1 Oct (week of Mon 28 Sep) are September's: 4 records, the month is met.
    assert row.by_month[(2026, 9)] == 4 and (2026, 8) not in row.by_month and row.months_short == []
    assert row.required == 4 * 5 == 20
    # September ended with Sunday 4 October: one month done for the 每月 portfolio requirement too.
    assert periods_elapsed(sem, "月", dt.date(2026, 10, 3)) == 0
    assert periods_elapsed(sem, "月", dt.date(2026, 10, 4)) == 1


def test_records_outside_the_weeks_count_in_their_calendar_month(db) -> None:
    from yanxiu_desktop.store.models import Observation

    sem = semesters.create_semester(2026, 1, dt.date(2026, 8, 31), 20)  # Mon 31 Aug 2026 – Sun 17 Jan 2027
    policy = preset("zhidu_60")
    t = roster.add_teacher(name="赵老师", hire_date=dt.date(2005, 8, 31))
    other = roster.add_teacher(name="钱老师", hire_date=dt.date(2005, 8, 31))
    for i, day in enumerate((dt.date(2026, 9, 2), dt.date(2026, 11, 30), dt.date(2027, 1, 17), dt.date(2026, 9, 3),
                             dt.date(2026, 9, 4))):
        _observe(sem, t, other, day, i + 1)
    # Typed in with the term but dated in the summer and after the last week (the semester was chosen by hand).
    last_two = list(Observation.select().order_by(Observation.id.desc()).limit(2))
    Observation.update(date=dt.date(2026, 8, 28)).where(Observation.id == last_two[0].id).execute()
    Observation.update(date=dt.date(2027, 1, 20)).where(Observation.id == last_two[1].id).execute()
    row = next(r for r in quota_report(sem, dt.date(2027, 2, 1), policy).rows if r.name == "赵老师")
    assert row.done == 5
    # Mon 30 Nov is in December's week; 20 Jan, after the last week, is January's by the calendar.
    assert row.by_month == {(2026, 9): 1, (2026, 10): 0, (2026, 11): 0, (2026, 12): 1, (2027, 1): 2,
                            (2026, 8): 1}
    assert list(row.by_month)[-1] == (2026, 8)  # after the term's months, in date order


def test_statistics_leave_out_months_and_mentors_not_the_pace(demo_db) -> None:
    from yanxiu_desktop.domain.policy import load_policy
    from yanxiu_desktop.store.models import Semester

    policy = load_policy()
    staff = roster.staff_rows()
    for sem in Semester.select():
        for as_of in (sem.start_date + dt.timedelta(days=40), semesters.end_date(sem)):
            full = quota_report(sem, as_of, policy)
            lean = quota_report(sem, as_of, policy, teachers=staff, mentors=False, month_figures=False)
            assert lean.mentors == [] and all(not r.by_month and not r.months_short for r in lean.rows)
            pace = ("teacher_id", "required", "done", "expected_by_now", "behind", "behind_since_week", "projected")
            assert [[getattr(r, k) for k in pace] for r in lean.rows] == [[getattr(r, k) for k in pace]
                                                                         for r in full.rows]
