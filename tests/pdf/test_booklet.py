"""The 个人成长档案 booklet read back: sections, teacher's items, embedded images, sane page count."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from tests.conftest import DEMO_TODAY
from yanxiu_desktop.domain import attachments, portfolio, portfolio_booklet, roster, semesters
from yanxiu_desktop.domain.errors import DomainError
from yanxiu_desktop.pdf.booklet import SECTIONS


def _text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _image_count(reader: PdfReader) -> int:
    n = 0
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject")
        if xobjects:
            n += sum(1 for ref in xobjects.get_object().values() if ref.get_object()["/Subtype"] == "/Image")
    return n


@pytest.fixture
def teacher_with_items(demo_db: Path, tmp_path: Path):
    sem = semesters.current_semester(DEMO_TODAY)
    t = roster.list_teachers()[0]
    award = portfolio.create_item(t.id, kind="获奖", title="县级优质课评比一等奖", date=dt.date(2026, 10, 20),
                                  level="县级", rank="一等奖", issuer="示范县教育局", semester=sem.id)
    photo = tmp_path / "证书.png"
    Image.new("RGBA", (2400, 1600), (180, 40, 40, 255)).save(photo)
    attachments.add_file(photo, "portfolio_item", award.id, display_name="获奖证书照片")
    note = portfolio.create_item(t.id, kind="读书笔记", title="读《给教师的建议》", date=dt.date(2026, 10, 2),
                                 notes="苏霍姆林斯基说：" + "教师的时间从哪里来？" * 40, semester=sem.id)
    doc = tmp_path / "笔记.docx"
    doc.write_bytes(b"PK docx")
    attachments.add_file(doc, "portfolio_item", note.id)
    return t, sem


def test_booklet_has_sections_items_and_reduced_images(teacher_with_items) -> None:
    t, sem = teacher_with_items
    pdf = portfolio_booklet.render_teacher(t.id, sem, DEMO_TODAY)
    reader = PdfReader(BytesIO(pdf))
    assert 3 <= len(reader.pages) <= 20
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    text = _text(reader)
    for heading in ("个人成长档案", "校本研修报告册", *SECTIONS, t.name, "县级优质课评比一等奖",
                    "读《给教师的建议》", "获奖证书照片", "笔记.docx", "第 1 页 / 共"):
        assert heading in text, heading
    assert _image_count(reader) == 1
    # 2400 px photos are re-encoded at print size, not embedded whole.
    assert len(pdf) < 600_000
    # Every Chinese font is embedded (a CID font like STSong-Light would print blank offline).
    cjk = [f.get_object() for page in reader.pages for f in page["/Resources"]["/Font"].get_object().values()
           if f.get_object()["/BaseFont"] != "/Helvetica"]
    assert cjk and all("/FontFile2" in f["/FontDescriptor"] for f in cjk)


def test_school_batch_one_pdf_with_progress_and_cancel(teacher_with_items) -> None:
    _t, sem = teacher_with_items
    ids = [x.id for x in roster.list_teachers()[:3]]
    seen: list[tuple[int, int]] = []
    pdf = portfolio_booklet.render_school(sem, ids, progress=lambda i, n, _name: seen.append((i, n)) or True,
                                          today=DEMO_TODAY)
    reader = PdfReader(BytesIO(pdf))
    text = _text(reader)
    assert text.count("校本研修报告册") == 3
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)
    assert len(reader.pages) >= 3 * 3
    with pytest.raises(DomainError, match="取消"):
        portfolio_booklet.render_school(sem, ids, progress=lambda i, n, _name: i < 1)


def test_broken_image_is_named_not_fatal(teacher_with_items, tmp_path: Path) -> None:
    t, sem = teacher_with_items
    item = portfolio.create_item(t.id, kind="课件", title="课件截图", semester=sem.id)
    bad = tmp_path / "坏图.jpg"
    bad.write_bytes(b"\xff\xd8 not really a jpeg")
    attachments.add_file(bad, "portfolio_item", item.id)
    text = _text(PdfReader(BytesIO(portfolio_booklet.render_teacher(t.id, sem, DEMO_TODAY))))
    assert "附件图片「坏图.jpg」无法读取" in text


def test_batch_footers_name_the_page_owner_and_restart_numbering(demo_db: Path) -> None:
    """Each teacher's cover is unnumbered and carries no footer (not the previous teacher's either);
    the content pages read 「<name> · 个人成长档案」 and 第 k 页 / 共 n 页, restarting for each teacher."""
    import re

    sem = semesters.current_semester(DEMO_TODAY)
    teachers = roster.list_teachers()[:2]
    pdf = portfolio_booklet.render_school(sem, [t.id for t in teachers], today=DEMO_TODAY)
    pages = [p.extract_text() for p in PdfReader(BytesIO(pdf)).pages]
    names = [t.name for t in teachers]
    owner, numbers, blanks = "", {n: [] for n in names}, 0
    for i, text in enumerate(pages):
        if not text.strip():  # 双面打印: a blank back, only ever right before the next teacher's cover
            assert "校本研修报告册" in pages[i + 1], f"page {i + 1}: blank page not before a cover"
            blanks += 1
            continue
        if "校本研修报告册" in text:  # a cover: whose is it? Always on a front (odd) page.
            assert i % 2 == 0, f"page {i + 1}: a cover on the back of a sheet"
            owner = next(n for n in names if n in text)
            assert "页" not in text and "· 个人成长档案" not in text, f"page {i + 1}: cover has a footer"
            continue
        assert f"{owner} · 个人成长档案" in text, f"page {i + 1}: footer should name {owner}"
        assert all(f"{n} · 个人成长档案" not in text for n in names if n != owner), f"page {i + 1}"
        m = re.search(r"第 (\d+) 页 / 共 (\d+) 页", text)
        assert m, f"page {i + 1}: no page number"
        numbers[owner].append((int(m[1]), int(m[2])))
    for name in names:
        n = len(numbers[name])
        assert n >= 2 and numbers[name] == [(k, n) for k in range(1, n + 1)], (name, numbers[name])
    assert len(pages) == sum(len(v) + 1 for v in numbers.values()) + blanks


def test_booklet_attendance_sentence_matches_its_status_table(demo_db: Path) -> None:
    from yanxiu_desktop.domain.portfolio_auto import attendance_summary

    sem = semesters.current_semester(DEMO_TODAY)
    late = next(t for t in roster.list_teachers() if attendance_summary(t.id, sem).counts.get("迟到"))
    summary = attendance_summary(late.id, sem)
    text = _text(PdfReader(BytesIO(portfolio_booklet.render_teacher(late.id, sem, DEMO_TODAY)))).replace("\n", "")
    # 实到 counts 迟到/早退 as present; the sentence says so rather than calling it 出勤 beside a 出勤 column.
    assert f"实到 {summary.present} 次（含迟到 {summary.counts['迟到']} 次" in text
    assert f"出勤 {summary.present} 次" not in text or summary.counts["出勤"] == summary.present


def test_a_character_the_fonts_lack_is_named_before_printing(demo_db: Path) -> None:
    sem = semesters.current_semester(DEMO_TODAY)
    t = roster.add_teacher(name="欧阳\U000201d4", subject="语文")  # 𠇔: in neither bundled font
    with pytest.raises(DomainError, match=r"欧阳.的成长档案：姓名「欧阳.」中的 「.」\(U\+201D4\) 在打印字体中没有"):
        portfolio_booklet.render_teacher(t.id, sem, DEMO_TODAY)
