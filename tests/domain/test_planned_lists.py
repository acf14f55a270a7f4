"""应到 lists of activities still to come follow the staff and the groups; held ones keep theirs."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.attendance_helpers import make_teachers
from yanxiu_desktop.domain import activities as acts
from yanxiu_desktop.domain import attendance as att
from yanxiu_desktop.domain import groups, roster, semesters
from yanxiu_desktop.store.models import AuditEntry


@pytest.fixture
def running_term(db):  # noqa: ANN001, ANN201
    """A term around the real today (the lists change from the day of the change on)."""
    today = dt.date.today()
    start = today - dt.timedelta(days=today.weekday() + 14)
    sem = semesters.create_semester(start.year if start.month >= 8 else start.year - 1,
                                    1 if start.month >= 8 or start.month == 1 else 2, start)
    staff = make_teachers(3)
    group = groups.create_group(sem, "教研组", "语文教研组", subject="语文")
    groups.set_members(group.id, [staff[0].id, staff[1].id])

    def activity(days: int, **kw) -> int:  # noqa: ANN003
        return acts.create_activity(sem, kind="专题讲座", theme=f"第{days}天", date=today + dt.timedelta(days=days),
                                    start_time="15:30", end_time="17:00", hours=2.0,
                                    hours_category="学校培训", **kw).id

    ids = {"past_school": activity(-3, participants_mode="all"),
           "next_school": activity(7, participants_mode="all"),
           "next_group": activity(8, group_id=group.id, participants_mode="group"),
           "next_custom": activity(9, participants_mode="custom", participant_ids=[staff[2].id])}
    return sem, staff, group, ids


def test_a_new_teacher_is_expected_at_whole_school_meetings_to_come(running_term) -> None:  # noqa: ANN001
    _sem, _staff, _group, ids = running_term
    new = roster.add_teacher(name="欧阳明华", subject="语文")
    assert new.id in acts.participant_ids(ids["next_school"])
    assert new.id not in acts.participant_ids(ids["past_school"])  # held with the staff of that day
    assert new.id not in acts.participant_ids(ids["next_group"]) and new.id not in acts.participant_ids(
        ids["next_custom"])
    entry = AuditEntry.get((AuditEntry.table_name == "activity") & (AuditEntry.row_id == ids["next_school"])
                           & (AuditEntry.field == "participants"))
    assert entry.reason == "新教师入职"


def test_group_members_join_and_leave_the_groups_meetings_to_come(running_term) -> None:  # noqa: ANN001
    _sem, staff, group, ids = running_term
    assert acts.participant_ids(ids["next_group"]) == sorted([staff[0].id, staff[1].id])
    groups.set_members(group.id, [staff[2].id])
    assert staff[2].id in acts.participant_ids(ids["next_group"])
    groups.remove_members(group.id, [staff[0].id])
    assert staff[0].id not in acts.participant_ids(ids["next_group"])
    assert staff[0].id in acts.participant_ids(ids["next_school"])  # still on the staff
    reasons = [e.reason for e in AuditEntry.select().where((AuditEntry.row_id == ids["next_group"])
                                                            & (AuditEntry.field == "participants"))]
    assert reasons == ["加入「语文教研组」", "退出「语文教研组」"]


def test_leaving_the_school_takes_a_teacher_off_every_list_but_held_ones(running_term) -> None:  # noqa: ANN001
    _sem, staff, _group, ids = running_term
    att.mark_all_present(ids["past_school"])
    roster.set_status(staff[2].id, "调出", reason="调往县城中学")
    for key in ("next_school", "next_custom"):
        assert staff[2].id not in acts.participant_ids(ids[key])
    assert staff[2].id in acts.participant_ids(ids["past_school"])
    roster.set_status(staff[2].id, "在职", reason="调回本校")
    assert staff[2].id in acts.participant_ids(ids["next_school"])
    assert staff[2].id not in acts.participant_ids(ids["next_custom"])  # a hand-picked list is not guessed
