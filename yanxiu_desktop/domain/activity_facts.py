"""A term's activities as plain rows (``ActivityFacts``), read in one hand-written statement: what term
statistics, group 出勤率, plan warnings and compliance read on every refresh, without building models."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from yanxiu_desktop.domain.dates import stored_date
from yanxiu_desktop.store.db import database
from yanxiu_desktop.store.models import Semester


class PersonRef(NamedTuple):
    """A host or presenter on staff, as ``ActivityFacts`` carries them (``Teacher``'s attribute names)."""

    id: int
    name: str
    subject: str


class ActivityFacts(NamedTuple):
    """One activity as plain values under ``Activity``'s attribute names (``host``/``presenter`` are
    ``PersonRef``), plus its number of expected participants: what term statistics, plan warnings and
    compliance read of a term's activities."""

    id: int
    date: dt.date
    start_time: str
    end_time: str
    kind: str
    theme: str
    place: str
    host_id: int | None
    host_name: str
    host: PersonRef | None
    presenter_id: int | None
    presenter_name: str
    presenter: PersonRef | None
    group_id: int | None
    hours: float
    hours_category: str
    status: str
    process: str
    expected: int  # Participant rows (应到)
    statuses: dict[str, int]  # attendance rows entered, by status (empty: attendance not entered)


# Host and presenter joined in; 应到 counted and the attendance statuses listed per activity (index lookups,
# quicker than grouping the term's attendance): one statement for the term.
_FACTS = ("SELECT a.id, a.date, a.start_time, a.end_time, a.kind, a.theme, a.place, a.host_id, a.host_name, "
          "h.name, h.subject, a.presenter_id, a.presenter_name, p.name, p.subject, a.group_id, a.hours, "
          "a.hours_category, a.status, a.process, "
          "(SELECT COUNT(*) FROM participant x WHERE x.activity_id = a.id), "
          "(SELECT group_concat(t.status, char(31)) FROM attendance t WHERE t.activity_id = a.id) "
          "FROM activity a LEFT JOIN teacher h ON h.id = a.host_id LEFT JOIN teacher p ON p.id = a.presenter_id "
          "WHERE a.semester_id = ? ORDER BY a.date, a.start_time, a.id")


def activity_facts(semester: Semester | int) -> list[ActivityFacts]:
    """Every activity of the term (cancelled ones too) in :func:`list_activities` order, as plain rows read
    in hand-written SQL: term statistics read them on every refresh."""
    sem_id = semester.id if isinstance(semester, Semester) else int(semester)
    out = []
    for (aid, day, start, end, kind, theme, place, host_id, host_name, h_name, h_subject, presenter_id,
         presenter_name, p_name, p_subject, group_id, hours, category, status, process, expected,
         statuses) in database.obj.execute_sql(_FACTS, (sem_id,)):
        out.append(ActivityFacts(
            aid, stored_date(day), start, end, kind, theme, place, host_id, host_name,
            PersonRef(host_id, h_name, h_subject) if host_id else None, presenter_id, presenter_name,
            PersonRef(presenter_id, p_name, p_subject) if presenter_id else None, group_id, hours, category,
            status, process, expected, dict(Counter(statuses.split("\x1f"))) if statuses else {}))
    return out


def as_seen_on(facts: Sequence[ActivityFacts], day: dt.date) -> list[ActivityFacts]:
    """The term's activities as they stood on *day* (statistics "统计至" an earlier date): one dated later
    had not been held, so it reads 计划 with no attendance, whatever happened since."""
    return [a._replace(status="计划", statuses={}) if a.date > day and a.status != "取消" else a for a in facts]
