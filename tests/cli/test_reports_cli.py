"""yanxiu stats / assessment / export district / print summary on the small school."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.domain.stats_school import TODAY, build_small_school
from yanxiu_desktop.cli import main


@pytest.fixture
def school_db(db: Path):
    from yanxiu_desktop.store.db import close_database

    school = build_small_school()
    close_database()  # the CLI opens the file itself
    return db, school


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_stats_json_has_every_figure(school_db, capsys) -> None:
    db, school = school_db
    code, out, _ = run(capsys, "--db", str(db), "stats", "--semester", str(school.sem.id), "--as-of", TODAY.isoformat(),
                       "--json")
    assert code == 0
    data = json.loads(out)
    assert data["id"] == school.sem.id and data["name"] == "2025—2026学年第一学期"
    for key in ("headline", "hours", "hours_bands", "attendance_by_teacher", "attendance_by_group", "observations",
                "activities", "activities_by_month", "achievements", "open_lessons_by_subject", "sent_out",
                "composition", "assessment", "warnings"):
        assert key in data
    zhang = next(r for r in data["hours"] if r["name"] == "张三")
    assert (zhang["teacher_id"], zhang["total"], zhang["credits"], zhang["result"]) == (school.a.id, 8.0, 1.6, "合格")
    assert zhang["categories"] == [{"name": "全校研修", "required": 4.0, "earned": 4.0, "lost": False},
                                   {"name": "教研组研修", "required": 4.0, "earned": 4.0, "lost": False}]
    wang = next(r for r in data["hours"] if r["name"] == "王五")  # 事假 at 1 of 2 教研组 sessions: lost
    assert wang["categories"][1] == {"name": "教研组研修", "required": 4.0, "earned": 0.0, "lost": True}
    assert "by_category" not in zhang
    lunwen = next(r for r in data["achievements"] if r["name"] == "论文")
    assert lunwen["by_level"] == [{"level": "校级", "count": 1}, {"level": "县级", "count": 1},
                                  {"level": "市级", "count": 0}, {"level": "省级", "count": 0},
                                  {"level": "国家级", "count": 0}]
    assert data["composition"]["age_bands"][0] == {"label": "35岁以下", "count": 1, "percent": 25}
    assert data["headline"]["observations"] == 6


def test_stats_filters_and_table(school_db, capsys) -> None:
    db, school = school_db
    code, out, err = run(capsys, "--db", str(db), "stats", "--semester", str(school.sem.id), "--as-of", "2025-10-20",
                         "--group", str(school.g.id))
    assert code == 0 and "教师 2 人" in out and "王五" in out and "李四" not in out
    assert "【" in err  # warnings go to stderr


def test_assessment_json_and_top(school_db, capsys) -> None:
    db, school = school_db
    code, out, _ = run(capsys, "--db", str(db), "assessment", "--semester", str(school.sem.id), "--as-of",
                       "2025-10-20", "--top", "3", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["name"] for r in rows] == ["张三", "李四", "王五", "赵六"]
    assert rows[0]["teacher_id"] == school.a.id and rows[0]["score"] == 100.0 and rows[0]["candidate"]
    assert all(r["id"] == r["teacher_id"] and r["name"] for r in rows)
    assert [r["result"] for r in rows] == ["合格", "不合格", "不合格", "不合格"]
    assert [r["candidate"] for r in rows[1:]] == [False, False, False]


def test_hours_and_attendance_json_use_english_keys(school_db, capsys) -> None:
    db, school = school_db
    code, out, _ = run(capsys, "--db", str(db), "hours", "--semester", str(school.sem.id), "--json")
    rows = {r["name"]: r for r in json.loads(out)}
    assert code == 0 and "hours" not in rows["张三"]
    assert rows["张三"]["by_status"] == [{"status": "出勤", "count": 3}]
    assert [(c["name"], c["required"], c["earned"]) for c in rows["张三"]["categories"]] == [
        ("全校研修", 4.0, 4.0), ("教研组研修", 4.0, 4.0)]
    # 李四: late to the 4-学时 lecture, not in the 语文 group: 4 of 8, 教研组研修 0 → 不合格.
    assert rows["李四"]["by_status"] == [{"status": "迟到", "count": 1}]
    assert (rows["李四"]["total"], rows["李四"]["result"], rows["张三"]["result"]) == (4.0, "不合格", "合格")
    lecture = school.acts[0]
    code, out, _ = run(capsys, "--db", str(db), "attendance", "--activity", str(lecture.id), "--json")
    counts = json.loads(out)["counts"]
    assert code == 0 and counts["by_status"] == [{"status": "出勤", "count": 1}, {"status": "迟到", "count": 1},
                                                  {"status": "公假", "count": 1}, {"status": "缺席", "count": 1}]


def test_export_district_and_print_summary(school_db, capsys, tmp_path) -> None:
    db, school = school_db
    xlsx = tmp_path / "out" / "district.xlsx"
    code, _, err = run(capsys, "--db", str(db), "export", "district", "--semester", str(school.sem.id), "--as-of",
                       "2025-10-20", "-o", str(xlsx))
    assert code == 0 and "4 位教师" in err
    assert load_workbook(xlsx)["学时汇总"]["B3"].value == "李四"
    pdf = tmp_path / "summary.pdf"
    code, _, _ = run(capsys, "--db", str(db), "print", "summary", "--semester", str(school.sem.id), "--as-of",
                     "2025-10-20", "-o", str(pdf))
    assert code == 0 and len(PdfReader(pdf).pages) >= 1
    assert not list(tmp_path.glob(".~*"))  # no temp files left behind


def test_bad_input_exit_2(school_db, capsys, tmp_path) -> None:
    db, school = school_db
    code, _, err = run(capsys, "--db", str(db), "stats", "--semester", "99")
    assert code == 2 and "99" in err
    code, _, err = run(capsys, "--db", str(db), "export", "district", "--semester", str(school.sem.id), "-o",
                       str(tmp_path / "x.csv"))
    assert code == 2 and ".xlsx" in err and not (tmp_path / "x.csv").exists()
