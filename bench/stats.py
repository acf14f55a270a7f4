"""Term statistics on the large school vs the equivalent single raw SQL aggregate, same database, same run.

The floor is one SQL statement computing every teacher's 学时 per category for the term with the policy's
rules (hours-earning statuses, the 1/3 absence rule with its boundary, cancelled activities excluded);
its result is checked against ``hours.teacher_hours`` so the two really compute the same thing.
Measured: ``hours.teacher_hours`` (the same figures) and ``stats.term_stats`` (every figure of the term:
hours, attendance, 听课 quota, portfolio progress, composition, assessment, warnings). Goal ≤ 2×.

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


def hours_sql(policy) -> str:  # noqa: ANN001
    """Per teacher and category: sessions, missed, hours before and after the absence rule."""
    frac = Fraction(policy.absence_rule_fraction).limit_denominator(1000)
    rule = (f"CASE WHEN missed > 0 AND missed * {frac.denominator} >= sessions * {frac.numerator} "
            "THEN 0 ELSE before_rule END" if policy.absence_rule_enabled else "before_rule")
    return f"""
        SELECT teacher_id, category, sessions, missed, before_rule, {rule} AS earned
        FROM (SELECT t.teacher_id AS teacher_id,
                     CASE WHEN a.hours_category = '' THEN '未分类' ELSE a.hours_category END AS category,
                     COUNT(*) AS sessions,
                     SUM(t.status IN ({_in(policy.absence_rule_statuses)})) AS missed,
                     SUM(CASE WHEN t.status IN ({_in(policy.hours_statuses)}) THEN a.hours ELSE 0 END) AS before_rule
              FROM attendance t JOIN activity a ON a.id = t.activity_id
              WHERE a.semester_id = ? AND a.status != '取消'
              GROUP BY t.teacher_id, category)
    """


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

    def raw() -> list[tuple]:
        return database.obj.execute_sql(sql, (sem.id,)).fetchall()

    # Same figures? (floor and product must agree, or the comparison means nothing)
    by_sql = {(r[0], r[1]): round(r[5], 2) for r in raw()}
    by_py = {(h.teacher_id, c.name): round(c.earned, 2) for h in hours_mod.teacher_hours(sem, policy)
             for c in h.categories.values() if c.sessions}
    if by_sql != by_py:
        diff = {k for k in by_sql.keys() | by_py.keys() if by_sql.get(k) != by_py.get(k)}
        raise SystemExit(f"SQL and teacher_hours disagree on {len(diff)} teacher/category cells, e.g. "
                         f"{sorted(diff)[:3]}")
    rows = len(by_sql)
    n_att = database.obj.execute_sql(
        "SELECT COUNT(*) FROM attendance t JOIN activity a ON a.id = t.activity_id WHERE a.semester_id = ?",
        (sem.id,)).fetchone()[0]

    def hours() -> None:
        hours_mod.teacher_hours(sem, policy)

    def term() -> None:
        stats_mod.term_stats(sem, today=TODAY)

    term()
    t_sql, t_hours, t_term = [], [], []
    for _ in range(args.runs):  # interleaved: load changes hit all three alike
        t_sql += _common.timed(raw, 1)
        t_hours += _common.timed(hours, 1)
        t_term += _common.timed(term, 1)
    m_sql, m_hours, m_term = (_common.median(x) for x in (t_sql, t_hours, t_term))
    _common.print_table(
        f"term statistics: {sem.year_start}-{sem.term}, {n_att:,} attendance rows, {rows} teacher×category cells, "
        f"median of {args.runs}", ("case", "median", "× SQL", "goal", ""),
        [("raw SQL aggregate (floor)", _common.ms(m_sql), "1.0", "", ""),
         ("hours.teacher_hours (same figures)", _common.ms(m_hours), f"{m_hours / m_sql:.1f}", "≤ 2×",
          _common.verdict(m_hours / m_sql, GOAL_RATIO)),
         ("stats.term_stats (every figure)", _common.ms(m_term), f"{m_term / m_sql:.1f}", "≤ 2×",
          _common.verdict(m_term / m_sql, GOAL_RATIO))])
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.runcall(term)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
    return {"stats_sql": m_sql, "stats_hours": m_hours, "stats_term": m_term}


if __name__ == "__main__":
    out = main()
    if "--json" in sys.argv:
        print(json.dumps(out))
