"""`yanxiu observations`, `quota`, `st`, `print observation`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import DEMO_TODAY
from yanxiu_desktop.cli import main
from yanxiu_desktop.domain import semesters
from yanxiu_desktop.store.db import close_database


@pytest.fixture
def demo(demo_db: Path) -> tuple[Path, int]:
    sid = semesters.current_semester(DEMO_TODAY).id
    close_database()
    return demo_db, sid


def test_st_needs_no_database(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["--db", str(tmp_path / "none.sqlite3"), "st", "--samples", "TTSSDTS", "--interval", "15",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["n"] == 7 and out["n_t"] == 4 and out["runs"] == 4 and out["lesson_type"] == "对话型"
    assert out["minutes"] == 1.75
    assert not (tmp_path / "none.sqlite3").exists()
    assert main(["st", "--samples", "TTX"]) == 2
    assert "第 3 个采样" in capsys.readouterr().err


def test_observations_and_quota_json(demo, capsys: pytest.CaptureFixture[str]) -> None:
    path, sid = demo
    assert main(["--db", str(path), "observations", "--semester", str(sid), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) > 300
    assert {"id", "name", "observer_id", "observer_name", "observed_name", "when", "topic"} <= set(rows[0])
    tid = rows[0]["observer_id"]
    assert main(["--db", str(path), "observations", "--semester", str(sid), "--teacher", str(tid), "--json"]) == 0
    mine = json.loads(capsys.readouterr().out)
    assert mine and all(tid in (r["observer_id"], r["observed_id"]) for r in mine)
    assert main(["--db", str(path), "quota", "--semester", str(sid), "--as-of", DEMO_TODAY.isoformat(),
                 "--json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    teachers = rep["teachers"]
    assert len(teachers) == 60 and {"teacher_id", "name", "required", "done", "behind"} <= set(teachers[0])
    behind = [t for t in teachers if t["behind"]]
    assert 0 < len(behind) < 30  # the demo has some teachers behind, most on pace
    months = teachers[0]["months"]  # term months as a list of objects (no data used as JSON keys)
    assert [m["month"] for m in months][:2] == ["2026-09", "2026-10"]
    assert sum(m["done"] for m in months) == teachers[0]["done"]
    assert rep["mentor_pairs"] and "mentor_observed_mentee" in rep["mentor_pairs"][0]
    assert main(["--db", str(path), "observations", "--semester", "999"]) == 2
    assert "学期" in capsys.readouterr().err


def test_print_observation(demo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, sid = demo
    main(["--db", str(path), "observations", "--semester", str(sid), "--json"])
    oid = json.loads(capsys.readouterr().out)[0]["id"]
    out = tmp_path / "record.pdf"
    assert main(["--db", str(path), "print", "observation", "--id", str(oid), "-o", str(out)]) == 0
    assert "听课记录表" in PdfReader(out).pages[0].extract_text()
    blank = tmp_path / "blank.pdf"
    assert main(["--db", str(path), "print", "observation", "--blank", "--rubric", "five_items_100",
                 "-o", str(blank)]) == 0
    assert "教学方法与策略" in PdfReader(blank).pages[0].extract_text()
    assert main(["--db", str(path), "print", "observation", "-o", str(tmp_path / "x.pdf")]) == 2
    assert not (tmp_path / "x.pdf").exists()
