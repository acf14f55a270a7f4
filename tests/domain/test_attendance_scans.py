"""Signed-sheet scans: archived once, linked once per activity, kept apart from the activity's photos."""

from __future__ import annotations

from tests.attendance_helpers import make_activity, make_teachers, make_term
from yanxiu_desktop.domain import attachments
from yanxiu_desktop.domain import attendance_docs as docs
from yanxiu_desktop.store.models import Attachment


def test_same_scan_linked_once_other_content_added(db, tmp_path) -> None:  # noqa: ANN001
    sem = make_term()
    ts = make_teachers(3)
    a = make_activity(sem, ts)
    b = make_activity(sem, ts, theme="听评课")
    scan = tmp_path / "scan.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n" + b"page one" * 100)
    first = docs.attach_signed_scan(a.id, str(scan))
    assert docs.attach_signed_scan(a.id, str(scan)) == first
    assert [ln.id for ln in docs.signed_scans(a.id)] == [first]
    # The same file for another activity: a second link, still one archived copy.
    other = docs.attach_signed_scan(b.id, str(scan))
    assert other != first and Attachment.select().count() == 1
    page2 = tmp_path / "scan2.png"
    page2.write_bytes(b"\x89PNG\r\n\x1a\n" + b"page two" * 100)
    docs.attach_signed_scan(a.id, str(page2))
    assert len(docs.signed_scans(a.id)) == 2 and Attachment.select().count() == 2
    assert docs.activity_photos(a) == []  # scans are never printed as the activity's photos
    assert all(attachments.file_path(ln.attachment).is_file() for ln in docs.signed_scans(a.id))
