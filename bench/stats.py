"""Term statistics on the large school vs the equivalent single raw SQL aggregate, same database, same run.

Two floors, each one SQL statement, each checked to give the same figures as the product before timing:

* the 学时 floor computes every teacher's 学时 per category for the term with the policy's rules
  (hours-earning statuses, the 1/3 absence rule with its boundary, cancelled activities excluded) plus
  the 学时认定 credits, and is compared with ``hours.teacher_hours``;
* the term floor computes every count term statistics is built from, in one statement (a UNION ALL of
  aggregates): 学时 per teacher and category, 出勤 per teacher, per group and per activity (应到, 实到,
  entered), 听课 records per teacher up to the day judged, and 成长档案 items per teacher and kind; it is
  compared with ``stats.term_stats`` (and the portfolio counts with what its progress figures read).

What ``term_stats`` does beyond those counts (quotas and pace week by week, portfolio progress, the
assessment, composition, plan and compliance warnings) is the product's own work on top of them. Goal ≤ 2×.

    .venv/bin/python bench/stats.py [--runs N] [--profile]
"""

from __future__ import annotations

import argparse
import json
import sys
from fractions import Fraction

import _common

GOAL_RATIO = 2.0


def _in(values: list[str]) -> str:
    return ",".join("'" + v.replace("'", "''") + "'" for v in values)


def _rule(policy) -> str:  # noqa: ANN001
    """SQL for the 1/3 absence rule over (sessions, missed, before_rule)."""
    frac = Fraction(policy.absence_rule_fraction).limit_denominator(1000)
    return (f"CASE WHEN missed > 0 AND missed * {frac.denominator} >= sessions * {frac.numerator} "
            "THEN 0 ELSE before_rule END" if policy.absence_rule_enabled else "before_rule")


def _per_category(policy, source: str) -> str:  # noqa: ANN001
    return f"""SELECT teacher_id, category, COUNT(*) AS sessions,
                      SUM(status IN ({_in(policy.absence_rule_statuses)})) AS missed,
                      SUM(CASE WHEN status IN ({_in(policy.hours_statuses)}) THEN hours ELSE 0 END) AS before_rule
               FROM {source} GROUP BY teacher_id, category"""


_COUNTED = """SELECT t.teacher_id AS teacher_id, t.status AS status, a.id AS activity_id,
                     COALESCE(a.group_id, 0) AS group_id, a.hours AS hours,
                     CASE WHEN a.hours_category = '' THEN '未分类' ELSE a.hours_category END AS category
              FROM attendance t JOIN activity a ON a.id = t.activity_id
              WHERE a.semester_id = :sem AND a.status != '取消'"""


_CREDITS = """SELECT teacher_id, category, TOTAL(hours) AS hours FROM hours_credit
              WHERE semester_id = :sem GROUP BY teacher_id, category"""


def hours_sql(policy) -> str:  # noqa: ANN001
    """Per teacher and category: sessions, missed, hours before and after the absence rule, plus 学时认定."""
    return f"""
        SELECT teacher_id, category, SUM(sessions), SUM(missed), SUM(before_rule), SUM(earned)
        FROM (SELECT teacher_id, category, sessions, missed, before_rule, {_rule(policy)} AS earned
              FROM ({_per_category(policy, f"({_COUNTED})")})
              UNION ALL
              SELECT teacher_id, category, 0, 0, 0, hours FROM ({_CREDITS}))
        GROUP BY teacher_id, category
    """


def term_sql(policy) -> str:  # noqa: ANN001
    """Every count term statistics is built from, in one statement: (figure, id, key, a, b, c) rows."""
    present, excluded = _in(policy.present_statuses), _in(policy.excluded_from_rate)
    in_rate = f"status NOT IN ({excluded})"
    return f"""
        WITH counted AS ({_COUNTED}),
             per_category AS ({_per_category(policy, "counted")}),
             earned AS (SELECT teacher_id, category, {_rule(policy)} AS hours FROM per_category
                        UNION ALL SELECT teacher_id, category, hours FROM ({_CREDITS}))
        SELECT 'hours', teacher_id, category, SUM(hours), NULL, NULL FROM earned GROUP BY teacher_id, category
        UNION ALL
        SELECT 'teacher', teacher_id, NULL, COUNT(*), SUM(status IN ({present}) AND {in_rate}), SUM({in_rate})
        FROM counted GROUP BY teacher_id
        UNION ALL
        SELECT 'group', group_id, NULL, COUNT(DISTINCT activity_id), SUM(status IN ({present}) AND {in_rate}),
               SUM({in_rate})
        FROM counted GROUP BY group_id
        UNION ALL
        SELECT 'activity', a.id, NULL,
               (SELECT COUNT(*) FROM participant p WHERE p.activity_id = a.id),
               (SELECT COUNT(*) FROM attendance t WHERE t.activity_id = a.id AND t.status IN ({present})),
               (SELECT COUNT(*) FROM attendance t WHERE t.activity_id = a.id AND t.{in_rate})
        FROM activity a WHERE a.semester_id = :sem
        UNION ALL
        SELECT 'observations', observer_id, NULL, COUNT(*), NULL, NULL FROM observation
        WHERE semester_id = :sem AND date <= :as_of GROUP BY observer_id
        UNION ALL
        SELECT 'portfolio', teacher_id, kind, COUNT(*), NULL, NULL FROM portfolio_item
        WHERE semester_id = :sem GROUP BY teacher_id, kind
    """


def check_term_figures(rows: list[tuple], st, portfolio_counts: dict) -> None:  # noqa: ANN001
    """The floor and ``term_stats`` must report the same counts, or comparing their times means nothing."""
    got: dict[str, dict] = {}
    for figure, key_id, key, a, b, c in rows:
        got.setdefault(figure, {})[(key_id, key) if key is not None else key_id] = (
            round(a, 2) if figure == "hours" else (a, b, c))
    expect = {
        "hours": {(h.teacher_id, cat): round(v, 2) for h in st.hours for cat, v in h.by_category.items()
                  if (h.teacher_id, cat) in got["hours"] or v},
        "teacher": {r.id: (r.expected, r.present, r.counted) for r in st.attendance_by_teacher if r.expected},
        "group": {r.group_id: (r.activities, r.present, r.counted) for r in st.attendance_by_group},
        "activity": {r.id: (r.expected, r.present, r.entered) for r in st.activities},
        "observations": {r.teacher_id: (r.done, None, None) for r in st.observations if r.done},
        "portfolio": {k: (n, None, None) for k, n in portfolio_counts.items()},
    }
    for figure, want in expect.items():
        have = got.get(figure, {})
        if figure == "observations":  # the floor counts every observer; the statistics cover the staff
            have = {k: v for k, v in have.items() if k in want or k in {r.teacher_id for r in st.observations}}
        if have != want:
            diff = sorted(k for k in have.keys() | want.keys() if have.get(k) != want.get(k))
            raise SystemExit(f"term SQL and term_stats disagree on {figure}: {len(diff)} keys, e.g. "
                             f"{[(k, have.get(k), want.get(k)) for k in diff[:3]]}")


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--profile", action="store_true")
    args, _ = p.parse_known_args(argv)
    from generate import TODAY  # type: ignore[import-not-found]

    from yanxiu_desktop.domain import hours as hours_mod
    from yanxiu_desktop.domain import stats as stats_mod
    from yanxiu_desktop.domain.policy import load_policy
    from yanxiu_desktop.store.db import database, open_database
    from yanxiu_desktop.store.models import Activity, Semester

    open_database(_common.working_copy(_common.large_db()))
    sem = list(Semester.select().order_by(Semester.start_date.desc()))[1]  # the last finished term
    policy = load_policy()
    sql = hours_sql(policy)
    assert not Activity.select().where((Activity.semester == sem) & (Activity.hours == 0)).exists(), \
        "the SQL floor reads activity.hours; every generated activity has its hours set"

    from yanxiu_desktop.domain import portfolio
    from yanxiu_desktop.domain.semesters import end_date

    as_of = min(TODAY, end_date(sem))
    params = {"sem": sem.id, "as_of": as_of.isoformat()}
    term_query = term_sql(policy)

    def raw() -> list[tuple]:
        return database.obj.execute_sql(sql, params).fetchall()

    def raw_term() -> list[tuple]:
        return database.obj.execute_sql(term_query, params).fetchall()

    # Same figures? (floor and product must agree, or the comparison means nothing)
    by_sql = {(r[0], r[1]): round(r[5], 2) for r in raw()}
    by_py = {(h.teacher_id, c.name): round(c.earned, 2) for h in hours_mod.teacher_hours(sem, policy)
             for c in h.categories.values() if c.sessions or c.credited}
    if by_sql != by_py:
        diff = {k for k in by_sql.keys() | by_py.keys() if by_sql.get(k) != by_py.get(k)}
        raise SystemExit(f"SQL and teacher_hours disagree on {len(diff)} teacher/category cells, e.g. "
                         f"{sorted(diff)[:3]}")
    check_term_figures(raw_term(), stats_mod.term_stats(sem, today=TODAY), portfolio.kind_counts(sem))
    rows = len(by_sql)
    n_att = database.obj.execute_sql(
        "SELECT COUNT(*) FROM attendance t JOIN activity a ON a.id = t.activity_id WHERE a.semester_id = ?",
        (sem.id,)).fetchone()[0]

    def hours() -> None:
        hours_mod.teacher_hours(sem, policy)

    def term() -> None:
        stats_mod.term_stats(sem, today=TODAY)

    term()
    t_sql, t_hours, t_term_sql, t_term = [], [], [], []
    for _ in range(args.runs):  # interleaved: load changes hit all four alike
        t_sql += _common.timed(raw, 1)
        t_hours += _common.timed(hours, 1)
        t_term_sql += _common.timed(raw_term, 1)
        t_term += _common.timed(term, 1)
    m_sql, m_hours, m_term_sql, m_term = (_common.median(x) for x in (t_sql, t_hours, t_term_sql, t_term))
    _common.print_table(
        f"term statistics: {sem.year_start}-{sem.term}, {n_att:,} attendance rows, {rows} teacher×category cells, "
        f"median of {args.runs}", ("case", "median", "× floor", "goal", ""),
        [("学时 floor: one SQL statement", _common.ms(m_sql), "1.0", "", ""),
         ("hours.teacher_hours (same figures)", _common.ms(m_hours), f"{m_hours / m_sql:.1f}", "≤ 2×",
          _common.verdict(m_hours / m_sql, GOAL_RATIO)),
         ("term floor: one SQL statement, every count", _common.ms(m_term_sql), "1.0", "", ""),
         ("stats.term_stats (every figure)", _common.ms(m_term), f"{m_term / m_term_sql:.1f}", "≤ 2×",
          _common.verdict(m_term / m_term_sql, GOAL_RATIO))])
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.runcall(term)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
    return {"stats_sql": m_sql, "stats_hours": m_hours, "stats_term_sql": m_term_sql, "stats_term": m_term}


if __name__ == "__main__":
    out = main()
    if "--json" in sys.argv:
        print(json.dumps(out))
