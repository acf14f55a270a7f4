"""Verified backups, retention, the USB bundle and restoring from it."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pytest

from yanxiu_desktop.paths import archive_dir, backup_dir
from yanxiu_desktop.store import backup as bk
from yanxiu_desktop.store import bundle
from yanxiu_desktop.store.db import StoreError, close_database, database, open_database
from yanxiu_desktop.store.models import Teacher


def _count(path: Path, table: str = "teacher") -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
    finally:
        con.close()


def corrupt(path: Path) -> None:
    """Overwrite a few pages in the middle of a closed database file."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    for start in range(page * 3, min(len(data), page * 9), page):
        data[start:start + page] = b"\x55" * page
    path.write_bytes(bytes(data))


def _fake_backups(folder: Path, stamps: list[dt.datetime]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for s in stamps:
        p = folder / f"{s:%Y%m%d-%H%M%S}-timer.sqlite3"
        p.write_bytes(b"x")
        out.append(p)
    return out


def test_backup_is_verified_complete_and_leaves_no_temp(demo_db: Path) -> None:
    Teacher.create(school=1, name="刚录入的老师")  # in the WAL, not yet checkpointed
    info = bk.backup_now("manual")
    assert info.path.parent == backup_dir(demo_db)
    assert bk.verify_file(info.path) == []
    assert _count(info.path) == Teacher.select().count()
    assert not [p for p in info.path.parent.iterdir() if p.name.startswith(".~")]
    assert [b.path for b in bk.list_backups()] == [info.path]
    assert info.reason_label == "手动备份"
    # Two in the same second get distinct names, newest listed first.
    again = bk.backup_now("timer", now=info.created)
    assert again.path != info.path and bk.list_backups()[0].path == again.path


def test_retention_rule_on_synthetic_timestamps() -> None:
    now = dt.datetime(2026, 11, 23, 18, 0)
    # Every 3 hours for 400 days.
    stamps = [now - dt.timedelta(hours=3 * i) for i in range(400 * 8)]
    infos = [bk.BackupInfo(Path(f"{s:%Y%m%d-%H%M%S}-timer.sqlite3"), s, 1, "timer", 1) for s in stamps]
    kept = bk.retained(infos)
    newest_first = sorted(kept, key=lambda i: i.created, reverse=True)
    assert set(infos[:10]) <= kept  # the 10 most recent
    days = {i.created.date() for i in kept}
    assert {(now - dt.timedelta(days=d)).date() for d in range(12)} <= days  # 12 daily
    weeks = {i.created.isocalendar()[:2] for i in kept}
    assert len(weeks) >= 10
    months = {(i.created.year, i.created.month) for i in kept}
    assert len(months) == 9  # 9 monthly, nothing older
    assert len(kept) <= 10 + 12 + 10 + 9
    assert newest_first[-1].created >= now - dt.timedelta(days=9 * 31)
    # A backup before something irreversible is never pruned, however old.
    old = bk.BackupInfo(Path("20200101-000000-migrate.sqlite3"), dt.datetime(2020, 1, 1), 1, "migrate", 1)
    assert old in bk.retained([*infos, old])


def test_prune_deletes_what_retention_drops(demo_db: Path) -> None:
    now = dt.datetime(2026, 11, 23, 18, 0)
    _fake_backups(backup_dir(demo_db), [now - dt.timedelta(hours=7 * i) for i in range(600)])
    expected = {i.path for i in bk.retained(bk.list_backups())}
    removed = bk.prune()
    assert len(removed) == 600 - len(expected)
    assert {i.path for i in bk.list_backups()} == expected


def test_corrupt_live_database_never_pushes_good_backups_out(demo_db: Path) -> None:
    now = dt.datetime.now()
    files = _fake_backups(backup_dir(demo_db), [now - dt.timedelta(hours=5 * i) for i in range(200)])
    good = bk.backup_now("manual", do_prune=False)
    database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_database()
    corrupt(demo_db)
    assert bk.quick_check_file(demo_db)
    with pytest.raises(bk.DamagedDatabaseError, match="已损坏") as exc:
        bk.backup_now("timer", demo_db)
    assert str(good.path) in str(exc.value)  # the way out names the newest good backup
    assert bk.prune(demo_db) == []
    assert all(p.exists() for p in files) and good.path.exists()


def test_backup_failing_verification_is_discarded_and_prunes_nothing(
        demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = _fake_backups(backup_dir(demo_db),
                          [dt.datetime(2025, 1, 1) + dt.timedelta(hours=i) for i in range(100)])
    monkeypatch.setattr(bk, "verify_file", lambda *a, **k: ["完整性检查：页 3 损坏"])
    with pytest.raises(bk.BackupError, match="校验未通过"):
        bk.backup_now("timer")
    assert all(p.exists() for p in files)
    assert len(list(backup_dir(demo_db).iterdir())) == 100  # no temp, no unverified file


def _add_attachment(tmp_path: Path, data: bytes, name: str) -> str:
    from yanxiu_desktop.domain import attachments
    from yanxiu_desktop.store.models import Activity

    src = tmp_path / name
    src.write_bytes(data)
    link = attachments.add_file(src, "activity", Activity.select().first().id, role="活动照片")
    return link.attachment.sha256


def test_bundle_round_trip_with_attachments(demo_db: Path, tmp_path: Path) -> None:
    pytest.importorskip("yanxiu_desktop.domain.attachments")
    sha1 = _add_attachment(tmp_path, b"\xff\xd8 photo one" * 500, "照片1.jpg")
    sha2 = _add_attachment(tmp_path, b"%PDF-1.4 signed sheet", "签到表.pdf")
    teachers = Teacher.select().count()
    usb = tmp_path / "U盘"
    info = bundle.write_bundle(usb / "研修通备份", demo_db)
    assert info.path.suffix == ".yxbak" and info.ok
    assert info.counts["teacher"] == teachers and info.attachments == 2
    assert info.counts["hours_credit"] > 0 and any("学时认定" in line for line in info.summary_lines())
    assert info.school and info.term.endswith("学期")
    assert not [p for p in usb.iterdir() if p.name.startswith(".~")]

    # Afterwards: more data typed in, and the archive lost on a broken disk.
    Teacher.create(school=1, name="备份之后的老师")
    close_database()
    for p in archive_dir(demo_db).rglob("*"):
        if p.is_file():
            p.unlink()

    preview = bundle.read_bundle(info.path)
    assert preview.ok and preview.counts == info.counts
    result = bundle.restore(info.path, demo_db)
    assert result.attachments_added == 2
    assert result.kept_as is not None and _count(result.kept_as) == teachers + 1
    open_database(demo_db)
    assert Teacher.select().count() == teachers
    stored = {p.name.split(".")[0]: hashlib.sha256(p.read_bytes()).hexdigest()
              for p in archive_dir(demo_db).rglob("*") if p.is_file()}
    assert stored == {sha1: sha1, sha2: sha2}
    from yanxiu_desktop.domain.health import check_database

    assert check_database().ok


def test_damaged_bundle_is_refused_and_nothing_changes(demo_db: Path, tmp_path: Path) -> None:
    info = bundle.write_bundle(tmp_path / "b.yxbak", demo_db)
    close_database()
    raw = bytearray(info.path.read_bytes())
    mid = len(raw) // 2
    raw[mid:mid + 64] = b"\0" * 64
    bad = tmp_path / "bad.yxbak"
    bad.write_bytes(bytes(raw))
    before = demo_db.read_bytes()
    assert not bundle.read_bundle(bad).ok
    with pytest.raises(StoreError, match="未做任何修改"):
        bundle.restore(bad, demo_db)
    assert demo_db.read_bytes() == before
    not_ours = tmp_path / "花名册.xlsx"
    not_ours.write_bytes(b"PK\x03\x04 not a backup")
    assert not bundle.read_bundle(not_ours).ok


def test_restore_from_plain_backup_keeps_a_damaged_database(demo_db: Path) -> None:
    good = bk.backup_now("manual")
    teachers = Teacher.select().count()
    database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_database()
    corrupt(demo_db)
    damaged_bytes = demo_db.read_bytes()
    result = bundle.restore(good.path, demo_db)
    assert result.kept_as is not None and result.kept_as.name.startswith("damaged-")
    assert result.kept_as.read_bytes() == damaged_bytes
    assert bk.quick_check_file(demo_db) == []
    assert _count(demo_db) == teachers


def test_external_backup_reminder(db: Path, tmp_path: Path) -> None:
    assert bundle.external_backup_overdue() == -1  # never
    bundle.write_bundle(tmp_path / "x.yxbak", db)
    bundle.mark_external_backup(dt.datetime(2026, 11, 1, 9, 0))
    assert bundle.last_external_backup() == dt.datetime(2026, 11, 1, 9, 0)
    assert bundle.external_backup_overdue(dt.datetime(2026, 11, 5)) is None
    assert bundle.external_backup_overdue(dt.datetime(2026, 11, 9)) == 7


def test_restore_from_a_database_with_its_wal_keeps_the_changes_the_preview_counted(demo_db: Path,
                                                                                   tmp_path: Path) -> None:
    """The old PC's file after a power cut: committed changes still in its -wal, never checkpointed."""
    import shutil

    close_database()
    old = tmp_path / "oldpc" / "school.sqlite3"
    old.parent.mkdir()
    shutil.copy2(demo_db, old)
    con = sqlite3.connect(old)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("UPDATE teacher SET name = '改过的名字' WHERE id = 1")
    con.commit()
    crashed = tmp_path / "crashed.sqlite3"
    shutil.copy2(old, crashed)  # as the files lie on disk while the program is still running
    shutil.copy2(Path(str(old) + "-wal"), Path(str(crashed) + "-wal"))
    con.close()
    assert bundle.read_bundle(crashed).ok
    bundle.restore(crashed, demo_db)
    assert sqlite3.connect(demo_db).execute("SELECT name FROM teacher WHERE id = 1").fetchone()[0] == "改过的名字"


def test_backup_to_a_folder_writes_inside_it(db: Path, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    info = bundle.write_bundle(usb, db, dt.datetime(2026, 11, 23, 16, 5))
    assert info.path.parent == usb and info.path.name == "研修通备份-20261123-160500.yxbak"
    typed = bundle.write_bundle(str(tmp_path / "new-stick") + "/", db, dt.datetime(2026, 11, 23, 16, 6))
    assert typed.path.parent == tmp_path / "new-stick"  # a folder typed with its slash, not yet there
    assert bundle.read_bundle(info.path).ok


def test_a_backup_of_another_school_is_named_before_restoring(demo_db: Path, tmp_path: Path) -> None:
    import shutil

    db = demo_db
    database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_database()
    other = tmp_path / "other.sqlite3"
    shutil.copy2(db, other)
    con = sqlite3.connect(other)
    con.execute("UPDATE school SET name = '河口乡中心小学'")
    con.commit()
    con.close()
    here = sqlite3.connect(db).execute("SELECT name FROM school").fetchone()[0]
    warning = bundle.other_school_warning(bundle.read_bundle(other), db)
    assert warning == f"注意：这是「河口乡中心小学」的备份，当前数据库是「{here}」的。恢复后当前学校的数据将被替换。"
    assert bundle.other_school_warning(bundle.read_bundle(db), db) == ""  # its own backup: nothing to say
