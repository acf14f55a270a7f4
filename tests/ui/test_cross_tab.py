"""A change made on one tab shows on the others without pressing 刷新."""

from __future__ import annotations

from tests.conftest import DEMO_TODAY
from yanxiu_desktop.domain import activities


def test_saving_a_first_sheet_shows_the_activity_as_held_in_the_calendar(main_window) -> None:  # noqa: ANN001
    sem = main_window.ctx.semester
    some = activities.expected_teachers(activities.list_activities(sem, status="已完成")[0])
    held = activities.create_activity(
        sem, kind="专题讲座", theme="今天的专题讲座", date=DEMO_TODAY, start_time="15:30", end_time="17:00",
        hours=2.0, hours_category="学校培训", participants_mode="custom", participant_ids=[t.id for t in some])
    main_window.ctx.changed("activities")
    calendar = main_window.show_tab("calendar")
    done_before = sum(1 for a in activities.list_activities(sem) if a.status == "已完成")
    assert f"已完成 {done_before}" in calendar.summary.text()

    sheet = main_window.show_tab("attendance")
    sheet.select_activity(held.id)
    sheet.all_present_btn.click()
    assert sheet.save()

    assert f"已完成 {done_before + 1}" in calendar.summary.text()
