from __future__ import annotations

import json
from pathlib import Path

import pytest

from yanxiu_desktop.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_demo_teachers_search_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "c.sqlite3")
    code, out, _ = run(capsys, "--db", db, "demo", "--teachers", "30", "--seed", "3", "--json")
    assert code == 0
    summary = json.loads(out)
    assert summary["teachers"] == 30 and len(summary["semesters"]) == 2
    code, out, _ = run(capsys, "--db", db, "teachers", "--json")
    rows = json.loads(out)
    assert len(rows) == 30 and {"id", "name", "pinyin", "initials"} <= rows[0].keys()
    first = rows[0]
    code, out, _ = run(capsys, "--db", db, "teachers", "--search", first["initials"], "--json")
    assert first["id"] in [r["id"] for r in json.loads(out)]
    # A second demo into the same file is refused, exit 2, nothing added.
    code, _, err = run(capsys, "--db", db, "demo")
    assert code == 2 and "已有教师数据" in err
    code, out, _ = run(capsys, "--db", db, "teachers", "--json")
    assert len(json.loads(out)) == 30


def test_semesters_add_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "s.sqlite3")
    code, out, _ = run(capsys, "--db", db, "semesters", "--add", "2025—2026-1", "--start", "2025-09-01", "--json")
    assert code == 0
    sem = json.loads(out)
    assert sem["name"] == "2025—2026学年第一学期" and sem["end_date"] == "2026-01-18"
    code, _, err = run(capsys, "--db", db, "semesters", "--add", "2025-2026-2", "--start", "2026-03-03")
    assert code == 2 and "不是星期一" in err
    code, _, err = run(capsys, "--db", db, "semesters", "--add", "2025-2026-2")
    assert code == 2 and "--start" in err
    code, out, _ = run(capsys, "--db", db, "semesters", "--json")
    assert [s["id"] for s in json.loads(out)] == [sem["id"]]


def test_check_reports_ok_and_tampering(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    db = tmp_path / "k.sqlite3"
    assert run(capsys, "--db", str(db), "demo", "--teachers", "12")[0] == 0
    code, out, _ = run(capsys, "--db", str(db), "check", "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["schema_version"] == report["latest_version"]
    from yanxiu_desktop.store import audit
    from yanxiu_desktop.store.db import close_database, open_database

    open_database(db)
    audit.record("teacher", 1, "status", "在职", "调出", "测试")
    close_database()
    # Someone edits the audit log behind the app's back.
    con = sqlite3.connect(db)
    con.execute("DROP TRIGGER audit_entry_no_update")
    con.execute("UPDATE audit_entry SET new = 'x' WHERE id = (SELECT MIN(id) FROM audit_entry)")
    con.commit()
    con.close()
    code, _, err = run(capsys, "--db", str(db), "check")
    assert code == 1 and "改动" in err


def test_argument_errors_are_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["demo", "--teachers", "abc"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "用法：" in err and "参数值无效（应为整数）" in err and "错误" in err
    with pytest.raises(SystemExit):
        main(["semesters", "--bogus"])
    assert "无法识别的参数" in capsys.readouterr().err


def test_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    db = str(tmp_path / "p.sqlite3")
    # Enough teachers that the JSON outgrows the pipe buffer, so the writer really meets a closed pipe.
    subprocess.run([sys.executable, "-m", "yanxiu_desktop.cli", "--db", db, "demo", "--teachers", "400"],
                   check=True, capture_output=True)
    proc = subprocess.Popen([sys.executable, "-m", "yanxiu_desktop.cli", "--db", db, "teachers", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()  # read one line, then hang up like `| head -1`
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert first.decode("utf-8").startswith("[")
    assert proc.returncode == 0
    assert b"Traceback" not in err and "文件操作失败" not in err.decode("utf-8", "replace")


def test_help_has_no_english_left(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "--version" in out and "显示版本号并退出" in out and "show program" not in out
