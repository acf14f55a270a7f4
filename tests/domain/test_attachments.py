"""The content-addressed attachment archive: dedup, safe deletion, verification."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from yanxiu_desktop.domain import attachments, roster
from yanxiu_desktop.domain.errors import NotFound, ValidationError
from yanxiu_desktop.paths import archive_dir
from yanxiu_desktop.store.db import transaction
from yanxiu_desktop.store.models import Attachment, AttachmentLink, PortfolioItem


def _item(title: str = "我的教学反思") -> PortfolioItem:
    t = roster.add_teacher(name="张老师")
    return PortfolioItem.create(teacher=t, kind="教学反思", title=title, date=dt.date(2025, 9, 10))


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_add_copies_into_archive_and_original_can_be_deleted(db: Path, tmp_path: Path) -> None:
    item = _item()
    src = _write(tmp_path / "反思.DOCX", b"reflection text" * 100)
    link = attachments.add_file(src, "portfolio_item", item.id, role="附件")
    src.unlink()  # the USB stick is gone
    stored = attachments.file_path(link.attachment)
    assert stored.is_file()
    assert stored.parent.parent == archive_dir(db)
    assert stored.name.endswith(".docx") and stored.parent.name == link.attachment.sha256[:2]
    assert stored.read_bytes() == b"reflection text" * 100
    assert link.display_name == "反思.DOCX"
    assert [lk.id for lk in attachments.links_for("portfolio_item", item.id)] == [link.id]
    assert not list(archive_dir(db).glob(".incoming-*"))


def test_same_content_twice_is_stored_once(db: Path, tmp_path: Path) -> None:
    a, b = _item("一"), PortfolioItem.create(teacher=1, kind="读书笔记", title="二")
    first = attachments.add_file(_write(tmp_path / "a.jpg", b"\xff\xd8photo"), "portfolio_item", a.id)
    second = attachments.add_file(_write(tmp_path / "copy of a.jpg", b"\xff\xd8photo"), "portfolio_item", b.id)
    assert first.attachment.id == second.attachment.id
    assert Attachment.select().count() == 1
    assert AttachmentLink.select().count() == 2
    files = [p for p in archive_dir(db).rglob("*") if p.is_file()]
    assert len(files) == 1
    assert attachments.is_image(first.attachment)
    assert attachments.link_counts("portfolio_item") == {a.id: 1, b.id: 1}


def test_removing_a_link_keeps_a_file_another_record_uses(db: Path, tmp_path: Path) -> None:
    a, b = _item("一"), PortfolioItem.create(teacher=1, kind="读书笔记", title="二")
    src = _write(tmp_path / "cert.pdf", b"%PDF-1.4 award")
    la = attachments.add_file(src, "portfolio_item", a.id)
    lb = attachments.add_file(src, "portfolio_item", b.id)
    stored = attachments.file_path(la.attachment)
    attachments.remove_link(la.id)
    assert stored.is_file(), "b still uses the file"
    assert Attachment.select().count() == 1
    attachments.remove_link(lb.id)
    assert not stored.exists()
    assert Attachment.select().count() == 0
    with pytest.raises(NotFound):
        attachments.remove_link(lb.id)


def test_file_is_not_deleted_before_the_transaction_commits(db: Path, tmp_path: Path) -> None:
    item = _item()
    link = attachments.add_file(_write(tmp_path / "x.txt", b"keep me"), "portfolio_item", item.id)
    stored = attachments.file_path(link.attachment)

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction():
        candidates = attachments.detach_owner("portfolio_item", item.id)
        # Inside the open transaction nothing may be unlinked: it could still roll back.
        assert attachments.drop_files_if_unused(candidates) == 0
        raise Boom
    assert stored.is_file()
    assert AttachmentLink.select().count() == 1


def test_verify_reports_missing_and_corrupt_files_and_orphans(db: Path, tmp_path: Path) -> None:
    item = _item()
    l1 = attachments.add_file(_write(tmp_path / "a.txt", b"aaaa"), "portfolio_item", item.id)
    l2 = attachments.add_file(_write(tmp_path / "b.txt", b"bbbb"), "portfolio_item", item.id)
    assert attachments.verify_archive().ok
    attachments.file_path(l1.attachment).unlink()
    attachments.file_path(l2.attachment).write_bytes(b"bbbX")
    orphan = archive_dir(db) / "ab" / ("ab" + "0" * 62 + ".txt")
    orphan.parent.mkdir(exist_ok=True)
    orphan.write_bytes(b"left over")
    report = attachments.verify_archive()
    assert not report.ok
    assert [a.id for a in report.missing] == [l1.attachment.id]
    assert [a.id for a in report.corrupt] == [l2.attachment.id]
    assert report.orphans == [orphan]
    assert any("丢失" in m for m in report.messages())
    assert attachments.purge_orphans() == 1 and not orphan.exists()


def test_adding_again_repairs_a_missing_stored_file(db: Path, tmp_path: Path) -> None:
    item = _item()
    src = _write(tmp_path / "a.txt", b"content")
    link = attachments.add_file(src, "portfolio_item", item.id)
    attachments.file_path(link.attachment).unlink()
    attachments.add_file(src, "portfolio_item", item.id)
    assert attachments.verify_archive().ok


def test_bad_input_writes_nothing(db: Path, tmp_path: Path) -> None:
    item = _item()
    big = _write(tmp_path / "video.mp4", b"0" * 2048)
    with pytest.raises(ValidationError, match="超过了附件大小上限"):
        attachments.add_file(big, "portfolio_item", item.id, max_bytes=1024)
    with pytest.raises(ValidationError, match="不存在"):
        attachments.add_file(tmp_path / "nope.pdf", "portfolio_item", item.id)
    with pytest.raises(ValidationError, match="所属类型"):
        attachments.add_file(big, "teacher", 1)
    with pytest.raises(NotFound):
        attachments.add_file(big, "activity", 999)
    assert Attachment.select().count() == 0
    assert not [p for p in archive_dir(db).rglob("*") if p.is_file()]


def test_closed_term_refuses_add_rename_and_remove(db: Path, tmp_path: Path) -> None:
    from yanxiu_desktop.domain import semesters

    sem = semesters.create_semester(2025, 1, dt.date(2025, 9, 1))
    item = _item()
    item.semester = sem
    item.save()
    link = attachments.add_file(_write(tmp_path / "a.txt", b"abc"), "portfolio_item", item.id)
    sem.closed = True
    sem.save()
    with pytest.raises(ValidationError, match="已结束归档"):
        attachments.rename_link(link.id, "新名字")
    with pytest.raises(ValidationError, match="已结束归档"):
        attachments.remove_link(link.id)
    with pytest.raises(ValidationError, match="已结束归档"):
        attachments.add_file(_write(tmp_path / "b.txt", b"def"), "portfolio_item", item.id)
    assert AttachmentLink.get_by_id(link.id).display_name == "a.txt"
    assert AttachmentLink.select().count() == 1
    sem.closed = False
    sem.save()
    assert attachments.rename_link(link.id, " 新名字 ").display_name == "新名字"
