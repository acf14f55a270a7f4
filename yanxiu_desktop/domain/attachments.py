"""The attachment archive: files copied next to the database, stored once per content.

Layout: ``<db stem>-archive/<aa>/<sha256><ext>`` where ``aa`` is the first two hex digits of the hash and
``ext`` the lower-cased extension of the first name the content arrived with. The database keeps one
``Attachment`` row per stored file and one ``AttachmentLink`` per record that uses it, so the same photo
attached to an activity and to two portfolio items is one file with three links.

Safety rules: a file is written to a temp name, fsynced, then renamed into place, so a crash never leaves a
half file under a real name; a file is deleted only after the transaction that dropped its last link has
committed, and only if the database still has no row for its hash.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from yanxiu_desktop.domain.errors import DomainError, NotFound, ValidationError
from yanxiu_desktop.domain.guards import ensure_semester_open
from yanxiu_desktop.paths import archive_dir
from yanxiu_desktop.store.db import current_path, database, transaction
from yanxiu_desktop.store.models import Activity, Attachment, AttachmentLink, Observation, PortfolioItem

OWNER_TABLES = {"activity": Activity, "portfolio_item": PortfolioItem, "observation": Observation}
OWNER_LABELS = {"activity": "研修活动", "portfolio_item": "档案材料", "observation": "听课记录"}
MAX_BYTES = 200 * 1024 * 1024  # a scanned booklet or a short video fits; a whole USB stick does not
IMAGE_EXTS = frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp"})
_CHUNK = 1024 * 1024


def archive_root() -> Path:
    """The archive folder of the open database (created on first use)."""
    db_path = current_path()
    if db_path is None or str(db_path) == ":memory:":
        raise DomainError("没有打开数据库文件，无法保存附件")
    root = archive_dir(db_path)
    root.mkdir(parents=True, exist_ok=True)
    return root


def _ext(name: str) -> str:
    ext = Path(name).suffix.lower()
    # A strange "extension" (spaces, very long) would make an odd file name; the content is what matters.
    return ext if 1 < len(ext) <= 10 and ext[1:].isalnum() else ""


def _stored_path(sha256: str, ext: str) -> Path:
    return archive_root() / sha256[:2] / f"{sha256}{ext}"


def file_path(attachment: Attachment) -> Path:
    """Where the stored copy of *attachment* lives (it may be missing: see verify_archive)."""
    return _stored_path(attachment.sha256, _ext(attachment.original_name))


def is_image(attachment: Attachment) -> bool:
    return _ext(attachment.original_name) in IMAGE_EXTS or (attachment.mime or "").startswith("image/")


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def _fsync_dir(path: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open a folder this way and needs no help.
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _copy_hashing(src: Path, folder: Path) -> tuple[Path, str, int]:
    """Copy *src* to a temp file in *folder*, hashing on the way; return (temp path, sha256, size)."""
    h = hashlib.sha256()
    size = 0
    fd, tmp = tempfile.mkstemp(prefix=".incoming-", dir=folder)
    tmp_path = Path(tmp)
    try:
        with os.fdopen(fd, "wb") as out, src.open("rb") as inp:
            while chunk := inp.read(_CHUNK):
                h.update(chunk)
                out.write(chunk)
                size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
    return tmp_path, h.hexdigest(), size


def _hash_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _check_owner(owner_table: str, owner_id: int) -> None:
    model = OWNER_TABLES.get(owner_table)
    if model is None:
        raise ValidationError(f"附件所属类型「{owner_table}」无效（应为 {'、'.join(OWNER_TABLES)}）")
    row = model.get_or_none(model.id == owner_id)
    if row is None:
        raise NotFound(f"找不到要添加附件的{OWNER_LABELS[owner_table]}（编号 {owner_id}）")
    sem = getattr(row, "semester", None)
    if sem is not None:
        ensure_semester_open(sem)


def add_file(path: str | Path, owner_table: str, owner_id: int, role: str = "",
             display_name: str = "", max_bytes: int | None = None) -> AttachmentLink:
    """Copy the file at *path* into the archive and link it to one record.

    The original is not needed afterwards. Adding content that is already archived stores nothing new.
    """
    src = Path(path)
    limit = MAX_BYTES if max_bytes is None else max_bytes
    if not src.is_file():
        raise ValidationError(f"附件文件「{src}」不存在或不是文件")
    if src.stat().st_size > limit:
        raise ValidationError(f"附件「{src.name}」大小为 {human_size(src.stat().st_size)}，"
                              f"超过了附件大小上限 {human_size(limit)}，请压缩或拆分后再添加")
    _check_owner(owner_table, owner_id)
    root = archive_root()
    tmp, sha, size = _copy_hashing(src, root)
    placed: Path | None = None
    try:
        with transaction():
            att = Attachment.get_or_none(Attachment.sha256 == sha)
            if att is None:
                mime = mimetypes.guess_type(src.name)[0] or ""
                att = Attachment.create(sha256=sha, size=size, original_name=src.name, mime=mime)
            target = file_path(att)
            if not target.is_file() or target.stat().st_size != att.size:
                # New content, or a stored copy that went missing: this upload repairs it.
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp, target)
                _fsync_dir(target.parent)
                placed = target
            link = AttachmentLink.create(attachment=att, owner_table=owner_table, owner_id=owner_id,
                                         role=role.strip(), display_name=(display_name.strip() or src.name))
    except BaseException:
        # A file renamed in for a row that was rolled back would be an orphan; drop it if nothing uses it.
        if placed is not None:
            drop_files_if_unused([placed])
        raise
    finally:
        tmp.unlink(missing_ok=True)
    return link


def links_for(owner_table: str, owner_id: int) -> list[AttachmentLink]:
    """Links of one record, oldest first, each with its Attachment loaded."""
    return list(AttachmentLink.select(AttachmentLink, Attachment).join(Attachment)
                .where((AttachmentLink.owner_table == owner_table) & (AttachmentLink.owner_id == owner_id))
                .order_by(AttachmentLink.id))


def link_counts(owner_table: str, owner_ids: Iterable[int] | None = None) -> dict[int, int]:
    """owner id → number of attachments, for list views (one query)."""
    from peewee import fn

    q = (AttachmentLink.select(AttachmentLink.owner_id, fn.COUNT(AttachmentLink.id).alias("n"))
         .where(AttachmentLink.owner_table == owner_table).group_by(AttachmentLink.owner_id))
    if owner_ids is not None:
        q = q.where(AttachmentLink.owner_id.in_(list(owner_ids)))
    return {r.owner_id: r.n for r in q}


def detach(links: Iterable[AttachmentLink]) -> list[Path]:
    """Delete *links* (call inside the caller's transaction); return the files that may now be unused.

    Pass the result to ``drop_files_if_unused`` after the transaction has committed.
    """
    candidates: list[Path] = []
    for link in links:
        att = link.attachment
        AttachmentLink.delete().where(AttachmentLink.id == link.id).execute()
        if not AttachmentLink.select().where(AttachmentLink.attachment == att.id).exists():
            candidates.append(file_path(att))
            Attachment.delete().where(Attachment.id == att.id).execute()
    return candidates


def detach_owner(owner_table: str, owner_id: int) -> list[Path]:
    """Drop every link of one record (inside the caller's transaction); see ``detach``."""
    return detach(links_for(owner_table, owner_id))


def drop_files_if_unused(paths: Iterable[Path]) -> int:
    """Delete stored files whose hash no committed row refers to. Returns how many were deleted.

    Does nothing while a transaction is open: the rows could still come back with a rollback.
    """
    if database.obj is not None and database.in_transaction():
        return 0
    removed = 0
    for p in paths:
        sha = p.name.split(".", 1)[0]
        if Attachment.select().where(Attachment.sha256 == sha).exists():
            continue
        try:
            p.unlink()
            removed += 1
        except FileNotFoundError:
            pass
    return removed


def remove_link(link_id: int) -> None:
    """Remove one attachment from its record; the stored file goes only if nothing else uses it."""
    link = AttachmentLink.get_or_none(AttachmentLink.id == link_id)
    if link is None:
        raise NotFound(f"找不到附件（编号 {link_id}），可能已被删除")
    _check_owner(link.owner_table, link.owner_id)
    with transaction():
        candidates = detach([link])
    drop_files_if_unused(candidates)


def rename_link(link_id: int, display_name: str) -> AttachmentLink:
    """Rename one attachment as its record shows it (refused in a closed term, like adding or removing)."""
    name = display_name.strip()
    if not name:
        raise ValidationError("附件名称不能为空")
    with transaction():
        link = AttachmentLink.get_or_none(AttachmentLink.id == link_id)
        if link is None:
            raise NotFound(f"找不到附件（编号 {link_id}），可能已被删除")
        _check_owner(link.owner_table, link.owner_id)
        link.display_name = name
        link.save()
    return link


@dataclass
class ArchiveReport:
    checked: int = 0
    missing: list[Attachment] = field(default_factory=list)
    corrupt: list[Attachment] = field(default_factory=list)
    orphans: list[Path] = field(default_factory=list)  # files no row refers to (harmless, reclaimable)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.corrupt

    def messages(self) -> list[str]:
        out = [f"附件「{a.original_name}」的存档文件丢失（{file_path(a).name}）" for a in self.missing]
        out += [f"附件「{a.original_name}」的存档文件已损坏（内容与校验值不符）" for a in self.corrupt]
        if self.orphans:
            out.append(f"存档目录中有 {len(self.orphans)} 个文件已无记录使用，可以清理")
        return out


def verify_archive(rehash: bool = True) -> ArchiveReport:
    """Check every stored file exists (and, with *rehash*, still has its hash); list orphan files."""
    report = ArchiveReport()
    root = archive_root()
    known: set[str] = set()
    for att in Attachment.select().order_by(Attachment.id):
        report.checked += 1
        known.add(att.sha256)
        p = file_path(att)
        if not p.is_file():
            report.missing.append(att)
        elif p.stat().st_size != att.size or (rehash and _hash_file(p) != att.sha256):
            report.corrupt.append(att)
    for p in sorted(root.glob("??/*")):
        if p.is_file() and p.name.split(".", 1)[0] not in known:
            report.orphans.append(p)
    return report


def purge_orphans() -> int:
    """Delete archive files no row refers to (e.g. left by a crash between rename and commit)."""
    return drop_files_if_unused(verify_archive(rehash=False).orphans)
