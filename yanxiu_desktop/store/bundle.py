"""One-file backup for a USB stick (``.yxbak``, a zip) and restoring from it or from a plain backup.

A bundle holds ``manifest.json`` (date, app version, schema version, school, terms, row counts, hashes),
``yanxiu.sqlite3`` (a verified snapshot) and ``archive/…`` (the attachment archive). Restoring first reads
and verifies everything and shows it; only then the current database is kept as a backup, attachments are
added to the archive (never deleted) and the database file is replaced by a rename.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yanxiu_desktop import __version__
from yanxiu_desktop.paths import archive_dir, backup_dir
from yanxiu_desktop.store.backup import (
    BackupError,
    backup_now,
    fsync_dir,
    quick_check_file,
    snapshot,
    verify_file,
)
from yanxiu_desktop.store.db import StoreError

BUNDLE_SUFFIX = ".yxbak"
FORMAT = "yanxiu-backup-1"
DB_MEMBER = "yanxiu.sqlite3"
LAST_EXTERNAL_KEY = "last_external_backup"
REMIND_AFTER_DAYS = 7
_CHUNK = 1024 * 1024

# Counted in the manifest and shown before a restore (English key → the label users read).
COUNTED_TABLES = {
    "teacher": "教师",
    "semester": "学期",
    "group": "小组",
    "activity": "研修活动",
    "attendance": "考勤记录",
    "observation": "听课记录",
    "portfolio_item": "档案材料",
    "hours_credit": "学时认定",
    "attachment": "附件",
    "audit_entry": "审计记录",
}
_TERM_NAMES = {1: "第一学期", 2: "第二学期"}


@dataclass
class BundleInfo:
    """What a backup file contains, read before anything is replaced."""

    path: Path
    kind: str  # "bundle" | "sqlite"
    created: str = ""
    app_version: str = ""
    schema_version: int = 0
    school: str = ""
    terms: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    attachments: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def term(self) -> str:
        return self.terms[0]["name"] if self.terms else ""

    def summary_lines(self) -> list[str]:
        lines = [f"文件：{self.path}", f"备份时间：{self.created or '未知'}",
                 f"程序版本：{self.app_version or '未知'}，数据库架构版本：{self.schema_version}"]
        if self.school:
            lines.append(f"学校：{self.school}")
        if self.terms:
            lines.append("学期：" + "、".join(t["name"] + ("（已归档）" if t["closed"] else "")
                                             for t in self.terms))
        lines.append("内容：" + "，".join(f"{COUNTED_TABLES[k]} {v}" for k, v in self.counts.items()
                                         if k in COUNTED_TABLES))
        lines.append(f"附件文件：{self.attachments} 个")
        return lines

    def to_json(self) -> dict[str, Any]:
        return {"id": self.path.name, "name": self.path.name, "path": str(self.path), "kind": self.kind,
                "created": self.created, "app_version": self.app_version,
                "schema_version": self.schema_version, "school": self.school, "term": self.term,
                "terms": self.terms, "counts": self.counts, "attachments": self.attachments,
                "ok": self.ok, "problems": self.problems}


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def describe_db(path: Path) -> dict[str, Any]:
    """School, terms (newest first) and row counts of a database file, read-only."""
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        counts = {}
        for table in COUNTED_TABLES:
            try:
                counts[table] = con.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            except sqlite3.Error:
                counts[table] = 0
        school = con.execute("SELECT name FROM school ORDER BY id LIMIT 1").fetchone()
        terms = [{"id": r[0], "name": f"{r[1]}—{r[1] + 1}学年{_TERM_NAMES.get(r[2], '')}", "closed": bool(r[3])}
                 for r in con.execute("SELECT id, year_start, term, closed FROM semester "
                                      "ORDER BY year_start DESC, term DESC")]
        version = con.execute("PRAGMA user_version").fetchone()[0]
    finally:
        con.close()
    return {"schema_version": version, "school": school[0] if school else "", "terms": terms,
            "counts": counts}


def _archive_files(db_path: Path) -> list[tuple[Path, str]]:
    root = archive_dir(db_path)
    if not root.is_dir():
        return []
    return [(p, p.relative_to(root).as_posix()) for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.startswith(".~")]


def write_bundle(out: str | Path, db_path: Path, now: dt.datetime | None = None) -> BundleInfo:
    """Write the database and its attachments to ONE file *out* (atomically), then read it back."""
    folder_given = str(out).endswith(("/", "\\"))  # Path() drops the trailing separator
    out = Path(out)
    now = (now or dt.datetime.now()).replace(microsecond=0)
    if out.is_dir() or folder_given or not out.name:
        # A folder (the USB stick itself, E:\): the file goes inside it, not next to it.
        out = out / f"研修通备份-{now.strftime('%Y%m%d-%H%M%S')}{BUNDLE_SUFFIX}"
    elif out.suffix.lower() != BUNDLE_SUFFIX:
        out = out.with_name(out.name + BUNDLE_SUFFIX)
    problems = quick_check_file(db_path)
    if problems:
        raise BackupError("当前数据库检查未通过，不能用它覆盖U盘上的备份：" + "；".join(problems))
    with tempfile.TemporaryDirectory(prefix="yanxiu-bundle-") as tmpdir:
        snap = Path(tmpdir) / DB_MEMBER
        snapshot(db_path, snap)
        files = _archive_files(db_path)
        manifest = {"format": FORMAT, "created": now.isoformat(), "app_version": __version__,
                    **describe_db(snap), "db_sha256": _sha256(snap),
                    "archive": [{"path": rel, "size": p.stat().st_size, "sha256": _sha256(p)}
                                for p, rel in files]}
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=".~" + out.name, dir=out.parent)
            os.close(fd)
        except OSError as exc:
            raise BackupError(f"无法写入 {out.parent}：{exc}（U盘已拔出或写保护？）") from exc
        tmp = Path(tmp_name)
        try:
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
                zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
                zf.write(snap, DB_MEMBER)
                for p, rel in files:
                    # Photos and scans are already compressed: store them as they are.
                    zf.write(p, "archive/" + rel, compress_type=zipfile.ZIP_STORED)
            with tmp.open("rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, out)
            fsync_dir(out.parent)
        except OSError as exc:
            raise BackupError(f"写入备份文件失败（U盘空间不足或已拔出？）：{exc}") from exc
        finally:
            tmp.unlink(missing_ok=True)
    info = read_bundle(out)
    if not info.ok:
        raise BackupError("备份文件写入后校验未通过：" + "；".join(info.problems))
    return info


def read_bundle(path: str | Path) -> BundleInfo:
    """Read and verify a ``.yxbak`` bundle or a plain ``.sqlite3`` backup without changing anything."""
    path = Path(path)
    if not path.is_file():
        return BundleInfo(path, "", problems=[f"找不到文件 {path}"])
    if zipfile.is_zipfile(path):
        with tempfile.TemporaryDirectory(prefix="yanxiu-read-") as tmpdir:
            return _read_zip(path, Path(tmpdir))
    info = BundleInfo(path, "sqlite")
    info.problems = verify_file(path)
    if info.ok:
        _fill(info, describe_db(path))
        info.created = dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0).isoformat()
    return info


def _fill(info: BundleInfo, desc: dict[str, Any]) -> None:
    info.schema_version = desc["schema_version"]
    info.school = desc["school"]
    info.terms = desc["terms"]
    info.counts = desc["counts"]


def _read_zip(path: Path, tmpdir: Path, extract_to: Path | None = None) -> BundleInfo:
    info = BundleInfo(path, "bundle")
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "manifest.json" not in names or DB_MEMBER not in names:
                info.problems.append("不是研修通备份文件（缺少 manifest.json 或数据库）")
                return info
            manifest = json.loads(zf.read("manifest.json").decode("utf-8"))
            if manifest.get("format") != FORMAT:
                info.problems.append(f"备份格式「{manifest.get('format')}」无法识别")
                return info
            info.created = manifest.get("created", "")
            info.app_version = manifest.get("app_version", "")
            archive = manifest.get("archive", [])
            info.attachments = len(archive)
            db_file = Path(zf.extract(DB_MEMBER, tmpdir))
            if _sha256(db_file) != manifest.get("db_sha256"):
                info.problems.append("备份中的数据库与清单校验值不符（文件已损坏）")
            info.problems.extend(verify_file(db_file))
            if info.ok:
                _fill(info, describe_db(db_file))
            for entry in archive:
                rel = entry["path"]
                if rel.startswith("/") or ".." in rel.split("/"):
                    info.problems.append(f"备份中的附件路径不安全：{rel}")
                    continue
                try:
                    data = zf.read("archive/" + rel)
                except KeyError:
                    info.problems.append(f"备份中缺少附件 {rel}")
                    continue
                if hashlib.sha256(data).hexdigest() != entry["sha256"]:
                    info.problems.append(f"备份中的附件 {rel} 已损坏")
                elif extract_to is not None:
                    (extract_to / rel).parent.mkdir(parents=True, exist_ok=True)
                    (extract_to / rel).write_bytes(data)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, sqlite3.Error) as exc:
        info.problems.append(f"备份文件已损坏或无法读取：{exc}")
    return info


@dataclass
class RestoreResult:
    info: BundleInfo
    kept_as: Path | None  # where the replaced database was kept
    attachments_added: int


def _keep_replaced(db_path: Path) -> Path | None:
    """Keep the database about to be replaced: a verified backup if it is sound, else a raw copy."""
    if not db_path.exists():
        return None
    try:
        return backup_now("restore", db_path, do_prune=False).path
    except StoreError:
        pass
    # Damaged (the usual reason to restore): copy the bytes as they are, WAL included, never pruned.
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = backup_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    kept = folder / f"damaged-{stamp}-{db_path.name}"
    shutil.copy2(db_path, kept)
    for suffix in ("-wal", "-shm"):
        side = Path(str(db_path) + suffix)
        if side.exists():
            shutil.copy2(side, Path(str(kept) + suffix))
    return kept


def other_school_warning(info: BundleInfo, db_path: Path) -> str:
    """A warning when the backup is of another school than the database it would replace ('' otherwise):
    a backup stick passed between two schools' offices must not swap one school's records for the other's."""
    try:
        here = describe_db(db_path)["school"]
    except Exception:  # noqa: BLE001 - the current file may be the damaged one being replaced
        return ""
    if info.school and here and info.school != here:
        return f"注意：这是「{info.school}」的备份，当前数据库是「{here}」的。恢复后当前学校的数据将被替换。"
    return ""


def restore(source: str | Path, db_path: Path) -> RestoreResult:
    """Replace the database at *db_path* with the backup *source*. The database must be closed.

    Everything is read and verified first; on any problem nothing is changed (StoreError).
    """
    source = Path(source)
    folder = db_path.parent
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".~yanxiu-restore-", dir=folder) as tmpdir:
        tmp = Path(tmpdir)
        staged_archive = tmp / "archive"
        if zipfile.is_zipfile(source):
            info = _read_zip(source, tmp, extract_to=staged_archive)
            new_db = tmp / DB_MEMBER
        else:
            info = read_bundle(source)
            new_db = tmp / DB_MEMBER
            if info.ok:
                # Through SQLite, not a byte copy: a database file with a -wal beside it (an old PC after a
                # power cut, a raw damaged-… copy) holds committed changes the preview counted.
                snapshot(source, new_db)
        if not info.ok:
            raise StoreError("备份文件校验未通过，未做任何修改：" + "；".join(info.problems[:5]))
        kept = _keep_replaced(db_path)
        added = _merge_archive(staged_archive, archive_dir(db_path))
        with new_db.open("rb+") as fh:
            os.fsync(fh.fileno())
        # A stale WAL beside the new file would be replayed into it: it was kept above, remove it.
        for suffix in ("-wal", "-shm"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)
        os.replace(new_db, db_path)
        fsync_dir(folder)
    return RestoreResult(info, kept, added)


def _merge_archive(staged: Path, root: Path) -> int:
    """Add the bundle's attachment files; a differing local file is kept aside, never overwritten."""
    if not staged.is_dir():
        return 0
    added = 0
    for src in sorted(p for p in staged.rglob("*") if p.is_file()):
        dest = root / src.relative_to(staged)
        if dest.exists():
            if _sha256(dest) == _sha256(src):
                continue
            aside = dest.with_name(dest.name + ".replaced-" + dt.datetime.now().strftime("%Y%m%d%H%M%S"))
            os.replace(dest, aside)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        added += 1
    return added


def last_external_backup() -> dt.datetime | None:
    from yanxiu_desktop.store.models import Setting

    row = Setting.get_or_none(Setting.key == LAST_EXTERNAL_KEY)
    if row is None or not row.value:
        return None
    try:
        return dt.datetime.fromisoformat(row.value)
    except (TypeError, ValueError):
        return None


def mark_external_backup(when: dt.datetime | None = None) -> None:
    from yanxiu_desktop.store.db import transaction
    from yanxiu_desktop.store.models import Setting

    when = (when or dt.datetime.now()).replace(microsecond=0)
    with transaction():
        Setting.replace(key=LAST_EXTERNAL_KEY, value=when.isoformat()).execute()


def external_backup_overdue(now: dt.datetime | None = None) -> int | None:
    """Days since the last USB backup if a reminder is due (None: not due). Never backed up → days = -1."""
    now = now or dt.datetime.now()
    last = last_external_backup()
    if last is None:
        return -1
    days = (now - last).days
    return days if days >= REMIND_AFTER_DAYS else None
