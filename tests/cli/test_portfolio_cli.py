"""`yanxiu portfolio` and `yanxiu print portfolio`: JSON keys, exit codes, atomic PDF output."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import DEMO_TODAY
from yanxiu_desktop.cli import main
from yanxiu_desktop.domain import portfolio, roster, semesters
from yanxiu_desktop.store.db import close_database, open_database


@pytest.fixture
def prepared(demo_db: Path) -> tuple[Path, int, int]:
    sem = semesters.current_semester(DEMO_TODAY)
    t = roster.list_teachers()[0]
    portfolio.create_item(t.id, kind="论文", title="浅谈农村小学阅读教学", date=dt.date(2026, 10, 1),
                          level="市级", rank="二等奖", semester=sem.id)
    close_database()
    return demo_db, t.id, sem.id


def test_portfolio_json(prepared, capsys: pytest.CaptureFixture[str]) -> None:
    path, tid, sid = prepared
    assert main(["--db", str(path), "portfolio", "--teacher", str(tid), "--semester", str(sid), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == tid and data["teacher_id"] == tid and data["name"]
    item = next(i for i in data["items"] if i["title"] == "浅谈农村小学阅读教学")
    assert item["kind"] == "论文" and item["level"] == "市级" and item["auto"] is False and "id" in item
    assert all(e["auto"] is True and e["title"] for e in data["auto_entries"])
    assert {r["kind"] for r in data["requirements"]} >= {"读书笔记"}


def test_behind_list_and_bad_teacher(prepared, capsys: pytest.CaptureFixture[str]) -> None:
    path, _tid, sid = prepared
    assert main(["--db", str(path), "portfolio", "--behind", "--semester", str(sid), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all({"id", "teacher_id", "name", "requirements"} <= set(r) for r in rows)
    assert main(["--db", str(path), "portfolio", "--teacher", "99999", "--semester", str(sid)]) == 2
    assert "99999" in capsys.readouterr().err


def test_print_portfolio_writes_pdf(prepared, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, tid, sid = prepared
    out = tmp_path / "档案" / "booklet.pdf"
    assert main(["--db", str(path), "print", "portfolio", "--teacher", str(tid), "--semester", str(sid),
                 "-o", str(out)]) == 0
    assert "已生成" in capsys.readouterr().err
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "浅谈农村小学阅读教学" in text
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".~")]
    all_out = tmp_path / "all.pdf"
    assert main(["--db", str(path), "print", "portfolio", "--all", "--semester", str(sid), "-o",
                 str(all_out)]) == 0
    assert len(PdfReader(all_out).pages) > 60 * 3
    open_database(path)


def test_teacher_by_name_or_pinyin(prepared, capsys: pytest.CaptureFixture[str]) -> None:
    """--teacher takes what the office types: the name, its pinyin or the number; an unknown name is named."""
    path, tid, sid = prepared
    open_database(path)
    t = roster.get_teacher(tid)
    close_database()
    for typed in (t.name, t.pinyin.replace(" ", ""), str(tid)):
        assert main(["--db", str(path), "portfolio", "--teacher", typed, "--semester", str(sid), "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["teacher_id"] == tid
    assert main(["--db", str(path), "observations", "--semester", str(sid), "--teacher", t.name, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all(tid in (r["observer_id"], r["observed_id"]) for r in rows)
    assert main(["--db", str(path), "portfolio", "--teacher", "查无此人", "--semester", str(sid)]) == 2
    assert "没有找到教师「查无此人」" in capsys.readouterr().err
