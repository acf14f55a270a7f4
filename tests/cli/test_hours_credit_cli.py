"""`yanxiu hours-credit list|add|withdraw`: teachers by name, Chinese problems, exit codes, nothing half-written."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.attendance_helpers import make_teachers, make_term
from yanxiu_desktop.cli import main
from yanxiu_desktop.domain import roster
from yanxiu_desktop.store.db import close_database

DAY = "2025-11-20"


def run(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> tuple[int, str, str]:
    close_database()
    code = main(["--db", str(db), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def term(db: Path) -> tuple[Path, str, list[str]]:
    """An open 2025 autumn term (its id as typed on the command line) and three teachers' names."""
    sem = make_term()
    ts = make_teachers(3)
    return db, str(sem.id), [t.name for t in ts]


def _credits(capsys: pytest.CaptureFixture[str], db: Path, sem: str) -> list[dict]:
    code, out, _ = run(capsys, db, "hours-credit", "list", "--semester", sem, "--json")
    assert code == 0
    return json.loads(out)


def test_add_for_two_teachers_then_list_and_hours(term, capsys: pytest.CaptureFixture[str]) -> None:
    db, sem, names = term
    code, out, _ = run(capsys, db, "--operator", "王主任", "hours-credit", "add", "--semester", sem,
                       "--teacher", names[0], "--teacher", names[1], "--category", "自主研修", "--hours", "8",
                       "--date", "2025年11月20日", "--basis", "读书笔记（一万字左右）")
    assert code == 0 and "已添加 2 条学时认定" in out and names[0] in out and names[1] in out

    code, out, err = run(capsys, db, "hours-credit", "list", "--semester", sem)
    assert code == 0 and "2 条，共 16 学时" in err
    lines = out.splitlines()
    assert lines[0].split("\t") == ["编号", "日期", "姓名", "类别", "学时", "认定依据", "档案材料"]
    assert sorted(line.split("\t")[2] for line in lines[1:]) == sorted(names[:2])
    assert {tuple(line.split("\t")[3:6]) for line in lines[1:]} == {("自主研修", "8", "读书笔记（一万字左右）")}

    rows = _credits(capsys, db, sem)
    assert [r["date"] for r in rows] == [DAY, DAY]
    assert {"id", "teacher_id", "name", "category", "hours", "basis", "portfolio_item_id"} <= set(rows[0])
    code, out, _ = run(capsys, db, "hours-credit", "list", "--semester", sem, "--teacher", names[1], "--json")
    assert [r["name"] for r in json.loads(out)] == [names[1]]

    code, out, _ = run(capsys, db, "hours", "--semester", sem)
    table = [line.split("\t") for line in out.splitlines()]
    col = table[0].index("自主研修")
    by_name = {r[1]: r[col] for r in table[1:]}
    assert (by_name[names[0]], by_name[names[1]]) == ("8", "8")
    assert by_name.get(names[2], "0") == "0"

    code, out, _ = run(capsys, db, "audit-log", "--table", "hours_credit", "--json")
    assert {(e["operator"], e["field"]) for e in json.loads(out)} == {("王主任", "created")}


def test_teachers_by_pinyin_id_and_duplicates(term, capsys: pytest.CaptureFixture[str]) -> None:
    db, sem, names = term
    first = roster.find_by_name(names[0])[0]
    twin = roster.add_teacher(name=names[2], subject="英语")
    close_database()
    args = ("hours-credit", "add", "--semester", sem, "--category", "自主研修", "--hours", "2", "--date", DAY,
            "--basis", "教育叙事", "--json")
    code, _, err = run(capsys, db, *args, "--teacher", names[2], "--teacher", "不存在的人", "--teacher", "99999")
    assert code == 2
    assert f"「{names[2]}」对应 2 位教师" in err and f"编号 {twin.id}（英语）" in err
    assert "没有找到教师「不存在的人」" in err and "没有编号为 99999 的教师" in err
    assert _credits(capsys, db, sem) == []

    code, out, _ = run(capsys, db, *args, "--teacher", first.pinyin.replace(" ", ""), "--teacher", str(twin.id))
    assert code == 0
    assert sorted(r["teacher_id"] for r in json.loads(out)) == sorted([first.id, twin.id])


def test_bad_call_names_every_problem_and_writes_nothing(term, capsys: pytest.CaptureFixture[str]) -> None:
    db, sem, names = term
    code, out, err = run(capsys, db, "hours-credit", "add", "--semester", sem, "--teacher", names[0],
                         "--category", "体育锻炼", "--hours", "0", "--date", "2026-03-01", "--basis", "读书笔记")
    assert code == 2 and out == ""
    for words in ("学时类别“体育锻炼”不在本校制度的类别中", "认定学时应大于 0",
                  "认定日期 2026-03-01 不在2025—2026学年第一学期"):
        assert words in err
    # Names and dates the command line resolves are reported together with the fields the domain checks.
    code, _, err = run(capsys, db, "hours-credit", "add", "--semester", sem, "--teacher", "不存在的人",
                       "--category", "体育锻炼", "--hours", "2", "--date", "明天", "--basis", " ")
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 4 and "请选择要认定学时的教师" not in err
    for line, start in zip(lines, ("没有找到教师「不存在的人」", "日期「明天」无法识别", "学时类别“体育锻炼”不在",
                                   "请填写认定依据"), strict=True):
        assert line.startswith(start)
    with pytest.raises(SystemExit) as info:
        run(capsys, db, "hours-credit", "add", "--semester", sem, "--teacher", names[0], "--category", "自主研修",
            "--hours", "八", "--basis", "读书笔记")
    assert info.value.code == 2 and "参数值无效（应为数字）" in capsys.readouterr().err
    assert _credits(capsys, db, sem) == []
    code, out, _ = run(capsys, db, "audit-log", "--table", "hours_credit", "--json")
    assert json.loads(out) == []


def test_date_defaults_to_today(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from yanxiu_desktop.domain import semesters

    today = dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    sem = semesters.create_semester(monday.year, 1, monday)
    (t,) = make_teachers(1)
    code, out, _ = run(capsys, db, "hours-credit", "add", "--semester", str(sem.id), "--teacher", str(t.id),
                       "--category", "自主研修", "--hours", "2.5", "--basis", "每周网络学习心得", "--json")
    assert code == 0
    assert [(r["date"], r["hours"]) for r in json.loads(out)] == [(today.isoformat(), 2.5)]


def test_withdraw_needs_a_reason(term, capsys: pytest.CaptureFixture[str]) -> None:
    db, sem, names = term
    code, out, _ = run(capsys, db, "hours-credit", "add", "--semester", sem, "--teacher", names[0],
                       "--category", "自主研修", "--hours", "8", "--date", DAY, "--basis", "教育叙事", "--json")
    (credit,) = json.loads(out)
    cid = str(credit["id"])
    with pytest.raises(SystemExit) as info:
        run(capsys, db, "hours-credit", "withdraw", cid)
    assert info.value.code == 2 and "缺少必填参数：--reason" in capsys.readouterr().err
    code, _, err = run(capsys, db, "hours-credit", "withdraw", cid, "--reason", " ")
    assert code == 2 and "请说明撤销这条学时认定的原因" in err
    assert len(_credits(capsys, db, sem)) == 1

    code, out, _ = run(capsys, db, "hours-credit", "withdraw", cid, "--reason", "重复录入")
    assert code == 0 and f"已撤销学时认定 {cid}" in out and names[0] in out
    assert _credits(capsys, db, sem) == []
    code, _, err = run(capsys, db, "hours-credit", "withdraw", cid, "--reason", "再撤一次")
    assert code == 2 and f"没有编号为 {cid} 的学时认定" in err
    code, out, _ = run(capsys, db, "audit-log", "--table", "hours_credit", "--row", cid, "--json")
    assert [(e["field"], e["reason"]) for e in json.loads(out)] == [("deleted", "重复录入"), ("created", "")]


def test_a_closed_term_refuses_add(term, capsys: pytest.CaptureFixture[str]) -> None:
    db, sem, names = term
    assert run(capsys, db, "close-term", "--semester", sem)[0] == 0
    code, out, err = run(capsys, db, "hours-credit", "add", "--semester", sem, "--teacher", names[0],
                         "--category", "自主研修", "--hours", "8", "--date", DAY, "--basis", "读书笔记")
    assert code == 2 and out == "" and "已结束归档" in err
    assert _credits(capsys, db, sem) == []


def test_audit_log_names_fields_in_chinese(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    """`yanxiu audit-log` speaks the office's words: 考勤状态 and 活动状态, not the stored `status`."""
    from tests.attendance_helpers import make_activity
    from yanxiu_desktop.domain import attendance as att

    sem = make_term()
    ts = make_teachers(2)
    a = make_activity(sem, ts)
    att.mark_all_present(a.id)
    att.set_status(a.id, ts[0].id, "事假", leave_reason="家中有事", approver="王主任", reason="补交请假条")
    code, out, _ = run(capsys, db, "audit-log")
    assert code == 0
    fields = {line.split("\t")[4] for line in out.splitlines()[1:]}
    assert {"考勤状态", "请假事由", "批准人", "活动状态"} <= fields
    assert not {"status", "leave_reason", "approver"} & fields

    from yanxiu_desktop.domain import term_close

    term_close.close_term(sem.id, "期末归档", force=True)
    code, out, _ = run(capsys, db, "audit-log", "--table", "semester")
    assert code == 0 and "\t否\t是\t期末归档" in out and "false" not in out  # as the GUI shows it
