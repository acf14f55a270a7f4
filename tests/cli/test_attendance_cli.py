"""CLI: print signin (one / whole term), hours --json, attendance, import-attendance exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from yanxiu_desktop.cli import main
from yanxiu_desktop.store.db import close_database, open_database


def _run(db: Path, *args: str) -> int:
    close_database()
    return main(["--db", str(db), *args])


def test_print_and_hours(demo_db: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    out = tmp_path / "one.pdf"
    assert _run(demo_db, "print", "signin", "--activity", "1", "--blank", "-o", str(out)) == 0
    assert len(PdfReader(out).pages) >= 1
    term = tmp_path / "term.pdf"
    assert _run(demo_db, "print", "signin", "--semester", "2", "--all", "-o", str(term)) == 0
    assert len(PdfReader(term).pages) >= 40
    assert _run(demo_db, "print", "signin", "--activity", "99999", "-o", str(out)) == 2
    assert "没有编号为 99999 的研修活动" in capsys.readouterr().err
    capsys.readouterr()
    assert _run(demo_db, "hours", "--semester", "2", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 60 and {"id", "teacher_id", "name", "total", "categories", "by_status"} <= set(rows[0])
    for r in rows:  # every key English: categories and statuses are values in lists of objects
        assert sum(c["earned"] for c in r["categories"]) == pytest.approx(r["total"])
        assert sum(s["count"] for s in r["by_status"]) == r["sessions"]
        assert all(set(c) >= {"name", "required", "earned"} for c in r["categories"])
    assert sum(1 for r in rows if r["lost_categories"]) == 2  # the demo's two 1/3-rule teachers
    from yanxiu_desktop.domain.semesters import get_semester, term_over

    open_database(demo_db)
    over = term_over(get_semester(2))
    close_database()
    assert {r["result"] for r in rows} <= ({"合格", "不合格"} if over else {"合格", "进行中"})  # as the reports
    assert _run(demo_db, "attendance", "--activity", "1", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == 1 and "theme" in data and data["counts"]["expected"] == len(data["teachers"])
    assert sum(s["count"] for s in data["counts"]["by_status"]) == data["counts"]["entered"]


def test_import_attendance_bad_file(demo_db: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    bad = tmp_path / "k.xlsx"
    bad.write_text("not excel", encoding="utf-8")
    assert _run(demo_db, "import-attendance", str(bad), "--semester", "2", "--dry-run") == 2
    assert capsys.readouterr().err.strip()
