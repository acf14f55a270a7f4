"""`yanxiu import-roster`: exit codes, every bad row on stderr, --dry-run writes nothing, --json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.excel.rosters import good_rows, write_roster, write_zip_bomb
from yanxiu_desktop.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _teachers(capsys: pytest.CaptureFixture[str], db: str) -> list[dict]:
    code, out, _ = run(capsys, "--db", db, "teachers", "--json")
    assert code == 0
    return json.loads(out)


def test_dry_run_then_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "c.sqlite3")
    path = str(write_roster(tmp_path / "r.xlsx", good_rows()))
    code, out, err = run(capsys, "--db", db, "import-roster", path, "--dry-run")
    assert code == 0 and out == ""
    assert "共 11 行：新增 11" in err and "没有写入任何数据" in err
    assert _teachers(capsys, db) == []
    code, out, err = run(capsys, "--db", db, "import-roster", path, "--json")
    assert code == 0 and "已导入：新增 11 位教师" in err
    data = json.loads(out)
    assert data["dry_run"] is False and data["preview"]["new"] == 11 and data["result"]["added"] == 11
    assert {"sheet", "row", "name", "status", "teacher_id", "problems"} <= data["preview"]["rows"][0].keys()
    assert len(data["result"]["teacher_ids"]) == 11
    assert "钱𬭚" in {t["name"] for t in _teachers(capsys, db)}


def test_bad_rows_exit_2_and_nothing_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "c.sqlite3")
    rows = good_rows()
    rows[0][2] = "未知"  # Excel row 4: gender
    rows[3][3] = "1985年13月"  # Excel row 8: birth date
    path = str(write_roster(tmp_path / "bad.xlsx", rows))
    code, out, err = run(capsys, "--db", db, "import-roster", path, "--json")
    assert code == 2
    assert "[错误] 工作表「教师花名册」第4行「性别」：性别应为 男 或 女，不是「未知」" in err
    assert "[错误] 工作表「教师花名册」第8行「出生日期」：「1985年13月」不是有效日期" in err
    assert "有 2 处错误，未导入任何数据" in err
    data = json.loads(out)
    assert data["result"] is None and data["preview"]["error_rows"] == 2
    bad = [r for r in data["preview"]["rows"] if r["status"] == "error"]
    assert [(r["row"], r["problems"][0]["column"]) for r in bad] == [(4, "性别"), (8, "出生日期")]
    assert _teachers(capsys, db) == []
    code, _, err = run(capsys, "--db", db, "import-roster", path, "--skip-invalid")
    assert code == 0 and "新增 9 位教师" in err and "跳过有错误的 2 行" in err
    assert len(_teachers(capsys, db)) == 9


def test_unreadable_files_exit_2_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "c.sqlite3")
    bomb = write_zip_bomb(tmp_path / "bomb.xlsx")
    code, out, err = run(capsys, "--db", db, "import-roster", str(bomb))
    assert code == 2 and out == "" and "压缩比异常" in err and "Traceback" not in err
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a spreadsheet", encoding="utf-8")
    code, _, err = run(capsys, "--db", db, "import-roster", str(fake))
    assert code == 2 and "不是 Excel 表格" in err
    code, _, err = run(capsys, "--db", db, "import-roster", str(tmp_path / "missing.xlsx"))
    assert code == 2 and "无法打开文件" in err
