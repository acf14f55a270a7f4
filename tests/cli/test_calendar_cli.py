"""`yanxiu activities`, `import-plan`, `print plan`, `export plan`: exit codes, JSON keys, files."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pypdf

from tests.conftest import DEMO_TODAY
from yanxiu_desktop.cli import main


def _sem_id(demo_db: Path) -> int:
    from yanxiu_desktop.domain import semesters
    from yanxiu_desktop.store.db import close_database, open_database

    open_database(demo_db)
    sid = semesters.current_semester(DEMO_TODAY).id
    close_database()
    return sid


def test_activities_json(demo_db: Path, capsys) -> None:  # noqa: ANN001
    sid = _sem_id(demo_db)
    assert main(["--db", str(demo_db), "activities", "--semester", str(sid), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data and {"id", "theme", "date", "week", "hours", "status"} <= set(data[0])
    assert main(["--db", str(demo_db), "activities", "--semester", "999"]) == 2


def test_import_plan_dry_run_and_errors(demo_db: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    sid = _sem_id(demo_db)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["日期", "时间", "主题", "形式", "参加对象"])
    ws.append(["9月16日", "15:30-17:00", "命令行导入", "集体备课", "数学教研组"])
    wb.save(tmp_path / "ok.xlsx")
    args = ["--db", str(demo_db), "import-plan", str(tmp_path / "ok.xlsx"), "--semester", str(sid)]
    assert main([*args, "--dry-run", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["to_create"] == 1 and out["created"] == []
    assert main([*args, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["created"][0]["theme"] == "命令行导入"
    ws.append(["9月99日", "", "坏行", "集体备课", ""])
    wb.save(tmp_path / "bad.xlsx")
    assert main(["--db", str(demo_db), "import-plan", str(tmp_path / "bad.xlsx"), "--semester", str(sid)]) == 2
    assert "第 3 行「日期」" in capsys.readouterr().err
    bad = ["--db", str(demo_db), "import-plan", str(tmp_path / "bad.xlsx"), "--semester", str(sid), "--json"]
    assert main(bad) == 2
    assert any("第 3 行「日期」" in e for e in json.loads(capsys.readouterr().out)["errors"])


def test_print_and_export_plan(demo_db: Path, tmp_path: Path) -> None:
    sid = _sem_id(demo_db)
    pdf = tmp_path / "plan.pdf"
    assert main(["--db", str(demo_db), "print", "plan", "--semester", str(sid), "-o", str(pdf)]) == 0
    assert "安排表" in pypdf.PdfReader(pdf).pages[0].extract_text()
    xlsx = tmp_path / "plan.xlsx"
    assert main(["--db", str(demo_db), "export", "plan", "--semester", str(sid), "-o", str(xlsx)]) == 0
    assert openpyxl.load_workbook(xlsx).active.max_row > 50
