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
    assert [r["candidate"] for r in rows[1:]] == [False, False, False]


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
