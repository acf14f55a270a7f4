"""Every schema version that ever shipped upgrades to the current one with nothing lost.

Fixtures are frozen SQL snapshots (tests/store/fixtures/schema_vN.sql), never regenerated: they stand for the
files schools already have. When a step is added to migrations.STEPS, add nothing here for old versions —
they are upgraded through the new step automatically; add schema_v<new>.sql once that version ships.
(The in-place rollback of a failing step is tested in test_db.py.)
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path

import pytest

from yanxiu_desktop.paths import backup_dir
from yanxiu_desktop.store import backup as bk
from yanxiu_desktop.store.db import StoreError, close_database, database, open_database
from yanxiu_desktop.store.migrations import LATEST, STEPS, schema_version

FIXTURES = Path(__file__).parent / "fixtures"
SHIPPED = sorted(int(re.search(r"(\d+)", p.stem).group(1)) for p in FIXTURES.glob("schema_v*.sql"))


def build_fixture(version: int, path: Path) -> Path:
    """A database file of schema *version* as the app leaves it (WAL mode, checkpointed, closed)."""
    con = sqlite3.connect(path)
    con.executescript((FIXTURES / f"schema_v{version}.sql").read_text(encoding="utf-8"))
    con.execute("PRAGMA journal_mode = wal")
    con.close()
    return path


def counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                            "AND name NOT LIKE 'sqlite_%'")]
        return {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _v2_adds_a_column(db) -> None:  # noqa: ANN001
    db.execute_sql("ALTER TABLE teacher ADD COLUMN wechat VARCHAR(255) NOT NULL DEFAULT ''")


def test_every_shipped_version_has_a_fixture() -> None:
    assert SHIPPED == list(range(1, max(SHIPPED) + 1)) and max(SHIPPED) <= LATEST
    assert 1 in SHIPPED


@pytest.mark.parametrize("version", SHIPPED)
def test_fixture_upgrades_with_equal_row_counts(version: int, tmp_path: Path) -> None:
    path = build_fixture(version, tmp_path / "old.sqlite3")
    before = counts(path)
    assert all(before.values()), "a fixture should have rows in every table"
    open_database(path)
    try:
        assert schema_version(database.obj) == LATEST
        after = counts(path)
        assert {t: after[t] for t in before} == before
        from yanxiu_desktop.domain.health import check_database

        report = check_database(quick=True)
        assert report.ok, report.problems
    finally:
        close_database()


@pytest.mark.parametrize("version", SHIPPED)
def test_upgrade_through_a_new_step_backs_up_first(version: int, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("yanxiu_desktop.store.migrations.STEPS",
                        [*STEPS, (LATEST + 1, "teacher wechat", _v2_adds_a_column)])
    path = build_fixture(version, tmp_path / "old.sqlite3")
    before = counts(path)
    open_database(path)
    try:
        assert schema_version(database.obj) == LATEST + 1
        assert {t: n for t, n in counts(path).items() if t in before} == before
    finally:
        close_database()
    [saved] = bk.list_backups(path)
    assert saved.reason == "migrate"
    assert bk.verify_file(saved.path, expect_version=version) == []
    assert counts(saved.path) == before


def test_failed_migration_leaves_the_file_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(db) -> None:  # noqa: ANN001
        _v2_adds_a_column(db)
        db.execute_sql("UPDATE teacher SET wechat = name")
        raise RuntimeError("磁盘在升级中途出错")

    path = build_fixture(SHIPPED[-1], tmp_path / "old.sqlite3")
    before = digest(path)
    monkeypatch.setattr("yanxiu_desktop.store.migrations.STEPS", [*STEPS, (LATEST + 1, "broken", broken)])
    with pytest.raises(StoreError, match="已回滚"):
        open_database(path)
    close_database()
    assert digest(path) == before
    assert not Path(str(path) + "-wal").exists() or Path(str(path) + "-wal").stat().st_size == 0


def test_no_backup_no_upgrade(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("yanxiu_desktop.store.migrations.STEPS",
                        [*STEPS, (LATEST + 1, "teacher wechat", _v2_adds_a_column)])
    path = build_fixture(SHIPPED[-1], tmp_path / "old.sqlite3")
    backup_dir(path).write_text("a file where the backup folder should be")  # cannot back up
    before = digest(path)
    with pytest.raises(bk.BackupError, match="数据库本身未受影响"):
        open_database(path)
    close_database()
    assert digest(path) == before


def _schema(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in con.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL"))
    finally:
        con.close()


@pytest.mark.parametrize("version", SHIPPED)
def test_upgraded_schema_equals_a_fresh_one(version: int, tmp_path: Path) -> None:
    """A model change without a migration step would make schools' upgraded files differ from new ones."""
    old = build_fixture(version, tmp_path / "old.sqlite3")
    open_database(old)
    close_database()
    fresh = tmp_path / "fresh.sqlite3"
    open_database(fresh)
    close_database()
    assert _schema(old) == _schema(fresh)
