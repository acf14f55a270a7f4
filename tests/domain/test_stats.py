"""term_stats on the small school of stats_school.py; every figure computed by hand (see its docstring)."""

from __future__ import annotations

import pytest

from tests.domain.stats_school import TODAY, build_small_school
from yanxiu_desktop.domain.stats import band_shares, hours_band, term_stats


@pytest.fixture
def school(db):
    return build_small_school()


def test_hours_attendance_and_bands(school) -> None:
    st = term_stats(school.sem, today=TODAY)
    assert st.term_over and st.categories == ["全校研修", "教研组研修"]
    hours = {r.name: r for r in st.hours}
    assert hours["张三"].by_category == {"全校研修": 4.0, "教研组研修": 4.0}
    assert (hours["张三"].total, hours["张三"].credits, hours["张三"].result) == (8.0, 1.6, "合格")
    assert (hours["李四"].total, hours["李四"].credits, hours["李四"].result) == (4.0, 0.8, "不合格")
    # 王五: 公假 earns nothing; 事假 at one of two 教研组 sessions (≥ 1/3) forfeits the category.
    assert hours["王五"].total == 0 and hours["王五"].lost_categories == ("教研组研修",)
    assert hours["赵六"].lost_categories == ("全校研修",)
    att = {r.name: r for r in st.attendance_by_teacher}
    assert (att["张三"].expected, att["张三"].present, att["张三"].rate) == (3, 3, 1.0)
    assert (att["李四"].late, att["李四"].rate) == (1, 1.0)
    assert (att["王五"].leave, att["王五"].counted, att["王五"].rate) == (2, 2, 0.5)
    assert (att["赵六"].absent, att["赵六"].rate) == (1, 0.0)
    grp = {r.name: r for r in st.attendance_by_group}
    assert (grp["全校"].activities, grp["全校"].present, grp["全校"].counted, grp["全校"].rate) == (1, 2, 3, 0.6667)
    assert (grp["语文教研组"].present, grp["语文教研组"].counted, grp["语文教研组"].rate) == (3, 4, 0.75)
    h = st.headline
    assert (h.teachers, h.hours_total, h.hours_average, h.hours_met, h.hours_met_percent) == (4, 12.0, 3.0, 1, 25)
    assert h.attendance_rate == round(5 / 7, 4)
    assert [(s.label, s.count) for s in st.hours_bands] == [
        ("36学时及以下", 4), ("37—72学时", 0), ("73—108学时", 0), ("109学时及以上", 0)]


def test_hours_band_edges() -> None:
    assert [hours_band(x) for x in (0, 36, 36.5, 72, 73, 108, 108.5, 109)] == [
        "36学时及以下", "36学时及以下", "37—72学时", "37—72学时", "73—108学时", "73—108学时", "109学时及以上",
        "109学时及以上"]
    shares = band_shares([10, 40, 40, 120])
    assert [(s.count, s.percent) for s in shares] == [(1, 25), (2, 50), (0, 0), (1, 25)]


def test_observations_activities_achievements(school) -> None:
    st = term_stats(school.sem, today=TODAY)
    obs = {r.name: (r.done, r.required, r.reached) for r in st.observations}
    assert obs == {"张三": (2, 2, True), "李四": (1, 2, False), "王五": (3, 4, False), "赵六": (0, 2, False)}
    h = st.headline
    assert (h.observations, h.observations_reached, h.observations_reached_percent) == (6, 1, 25)
    assert (h.activities, h.activities_done, h.activities_cancelled) == (4, 3, 1)
    assert st.months == ["9月", "10月"]
    by_month = {r.name: r.counts for r in st.activities_by_month}
    assert by_month == {"全校": (2, 0), "语文教研组": (2, 0)}
    assert {k.label: k.count for k in st.activities_by_kind} == {"公开课": 1, "专题讲座": 1, "理论学习": 1,
                                                                   "集体备课": 1}
    rows = {r.theme: r for r in st.activities}
    assert (rows["新课标解读"].expected, rows["新课标解读"].present, rows["新课标解读"].entered) == (4, 2, 3)
    assert rows["新课标解读"].has_record and not rows["秋天"].has_record
    assert [(x.label, x.count) for x in st.open_lessons_by_subject] == [("语文", 1)]
    ach = {r.kind: (r.by_level, r.total) for r in st.achievements}
    assert ach == {"论文": ((1, 1, 0, 0, 0), 2), "获奖": ((0, 0, 1, 0, 0), 1)}
    assert h.achievements == 3 and len(st.achievement_items) == 3
    assert [(x.label, x.count) for x in st.sent_out] == [("赵六", 1)] and h.sent_out == 1
    assert h.open_lessons == 1


def test_composition_of_the_small_school(school) -> None:
    c = term_stats(school.sem, today=TODAY).composition
    assert c.total == 4 and c.average_age == round((35 + 29 + 55) / 3, 1)
    assert [(s.label, s.count, s.percent) for s in c.age_bands] == [
        ("35岁以下", 1, 25), ("35—50岁", 1, 25), ("50岁以上", 1, 25), ("未填出生日期", 1, 25)]
    assert [(s.label, s.count) for s in c.education] == [("研究生", 1), ("本科", 2), ("专科", 1)]
    assert [(s.label, s.count) for s in c.title_levels] == [("副高级", 1), ("中级", 1), ("初级", 1), ("未定级", 1)]
    assert [(s.label, s.count, s.percent) for s in c.honours] == [("县级骨干教师", 1, 25)]
    assert (c.head_teachers.count, c.head_teachers.percent) == (2, 50)


def test_assessment_ranking_and_candidates(school) -> None:
    st = term_stats(school.sem, today=TODAY)
    got = [(r.rank, r.name, r.score, r.result, r.candidate) for r in st.assessment]
    # 张三 all 100; 李四 (40·50 + 30·100 + 20·50 + 10·50)/100; 王五 (30·50 + 20·75)/100; 赵六 0.
    assert got == [(1, "张三", 100.0, "合格", True), (2, "李四", 65.0, "不合格", False),
                   (3, "王五", 30.0, "不合格", False), (4, "赵六", 0.0, "不合格", False)]
    # Asking for two candidates still names only teachers who met the hours requirement.
    st2 = term_stats(school.sem, today=TODAY, candidates=2)
    assert [r.name for r in st2.assessment if r.candidate] == ["张三"]


def test_compliance_warnings(school) -> None:
    st = term_stats(school.sem, today=TODAY)
    by_kind: dict[str, list[str]] = {}
    for w in st.warnings:
        by_kind.setdefault(w.kind, []).append(w.message)
    assert sorted(m.split("：")[0] for m in by_kind["hours_short"]) == ["李四", "王五", "赵六"]
    assert sorted(m.split("：")[0] for m in by_kind["quota_short"]) == ["李四", "王五", "赵六"]
    assert sorted(m.split("：")[0] for m in by_kind["portfolio_short"]) == ["李四", "王五", "赵六"]
    assert sorted(by_kind["no_record"]) == ["9月17日 理论学习「师德规范」：没有填写活动过程记录",
                                            "9月24日 公开课「秋天」：没有填写活动过程记录"]
    assert by_kind["no_attendance"] == ["9月17日 理论学习「师德规范」：还没有录入考勤"]
    assert any("语文教研组" in m for m in by_kind["group_cadence"])
    assert "whole_school" not in by_kind


def test_filters_by_group_and_subject(school) -> None:
    st = term_stats(school.sem, group_id=school.g.id, today=TODAY)
    assert [r.name for r in st.hours] == ["王五", "张三"]
    assert {r.theme for r in st.activities} == {"第一单元", "秋天"}
    assert [r.name for r in st.activities_by_month] == ["语文教研组"]
    assert [r.name for r in st.attendance_by_group] == ["语文教研组"]
    assert st.composition.total == 2
    st = term_stats(school.sem, subject="数学", today=TODAY)
    assert sorted(r.name for r in st.hours) == ["李四", "赵六"]
    assert st.activities == [] and st.headline.achievements == 1


def test_json_has_ids_names_and_totals(school) -> None:
    data = term_stats(school.sem, today=TODAY).to_json()
    assert data["id"] == school.sem.id and data["name"] == "2025—2026学年第一学期"
    for row in data["hours"]:
        assert {"teacher_id", "name", "total"} <= set(row)
    for key in ("attendance_by_teacher", "observations", "assessment"):
        assert all({"id", "teacher_id", "name"} <= set(r) for r in data[key])
    assert all({"id", "name"} <= set(r) for r in data["attendance_by_group"])
    assert all({"id", "theme"} <= set(r) for r in data["activities"])


def test_mid_term_shortfall_is_in_progress_not_fail(demo_db) -> None:  # noqa: ANN001
    """At week 13 nobody has failed yet: the result reads 进行中 until the term is over."""
    import datetime as dt

    from tests.conftest import DEMO_TODAY
    from yanxiu_desktop.domain import semesters, stats

    sem = semesters.current_semester(DEMO_TODAY)
    mid = stats.term_stats(sem, today=DEMO_TODAY)
    assert not mid.term_over
    assert {r.result for r in mid.hours} <= {"合格", "进行中"} and any(r.result == "进行中" for r in mid.hours)
    after = stats.term_stats(sem, today=semesters.end_date(sem) + dt.timedelta(days=1))
    assert after.term_over
    was = {r.teacher_id: r.result for r in mid.hours}
    assert all(r.result == "不合格" for r in after.hours if was[r.teacher_id] == "进行中")
    from yanxiu_desktop.domain import term_close

    term_close.close_term(sem.id, "县里要求提前报送", today=DEMO_TODAY, force=True)
    archived = stats.term_stats(semesters.get_semester(sem.id), today=DEMO_TODAY)
    assert archived.term_over  # archived mid-term: the results are final
    assert [r.result for r in archived.hours] == [r.result for r in after.hours]


def test_as_of_an_earlier_day_counts_only_what_had_happened_by_then(demo_db) -> None:  # noqa: ANN001
    """统计至 10月1日 on 11月23日: later meetings were not yet held, later credits and items not yet there."""
    import datetime as dt

    from tests.conftest import DEMO_TODAY
    from yanxiu_desktop.domain import semesters, stats
    from yanxiu_desktop.store.models import Activity, Attendance, HoursCredit, PortfolioItem, Teacher

    sem = semesters.current_semester(DEMO_TODAY)
    early = dt.date(2026, 10, 1)
    now, then = stats.term_stats(sem, today=DEMO_TODAY), stats.term_stats(sem, today=early)
    assert then.as_of == early and not then.term_over
    held = Activity.select().where((Activity.semester == sem) & (Activity.date <= early)
                                   & (Activity.status == "已完成"))
    assert then.headline.activities_done == held.count() < now.headline.activities_done
    assert then.headline.activities == now.headline.activities  # the plan is the same plan
    sessions = (Attendance.select().join(Activity)
                .where((Activity.semester == sem) & (Activity.date <= early) & (Activity.status != "取消")))
    assert sum(r.expected for r in then.attendance_by_teacher) == sessions.count()
    assert then.headline.hours_total < now.headline.hours_total
    credits = HoursCredit.select().where((HoursCredit.semester == sem) & (HoursCredit.date <= early)).count()
    assert len(then.hours_credits) == credits < len(now.hours_credits)
    from yanxiu_desktop.domain import portfolio

    by_then = PortfolioItem.select().where((PortfolioItem.semester == sem)
                                           & (PortfolioItem.date.is_null() | (PortfolioItem.date <= early)))
    counted = sum(p.items for p in portfolio.progress(sem, today=early, until=early))
    active = {t.id for t in Teacher.select().where(Teacher.status == "在职")}
    assert counted == sum(1 for i in by_then if i.teacher_id in active) < sum(
        p.items for p in portfolio.progress(sem, today=DEMO_TODAY))
