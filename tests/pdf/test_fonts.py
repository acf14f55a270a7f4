"""Bundled Chinese fonts: registration, coverage, embedding and text round-trip (no Qt)."""

from __future__ import annotations

import io
import os
import re
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.fonts import tt2ps
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfgen import canvas

from yanxiu_desktop.pdf import fonts

NAMES = "张三 李四 王镕 刘堃 陈喆 赵昇 孙犇 周𬭚"
LINES = [
    (fonts.HEI, 18, "教师签到表 第①期 √×○□"),
    (fonts.SONG, 12, NAMES),
    (fonts.SONG, 12, "0123456789 2026-11-23 №1 ℃ ±≤≥ ——…·，。（）《》"),
    (fonts.HEI, 12, NAMES + " 0123456789"),
]
EXPECTED = "".join(text for _, _, text in LINES)


def _build(compress: int) -> bytes:
    fonts.register_fonts()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, pageCompression=compress, invariant=1)
    y = 780
    for font, size, text in LINES:
        c.setFont(font, size)
        c.drawString(60, y, text)
        y -= 30
    c.showPage()
    c.save()
    return buf.getvalue()


def _text(pdf: bytes) -> str:
    return PdfReader(io.BytesIO(pdf), strict=True).pages[0].extract_text()


def _assert_round_trip(pdf: bytes) -> None:
    text = _text(pdf)
    lost = sorted({ch for ch in EXPECTED if not ch.isspace() and ch not in text})
    assert not lost, f"characters not extracted: {lost!r} from {text!r}"
    for _, _, line in LINES:
        assert line in text


def _assert_xref_valid(pdf: bytes) -> None:
    """Every in-use xref entry points at its 'N G obj'; startxref points at 'xref'."""
    start = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf).group(1))
    assert pdf[start : start + 4] == b"xref"
    first, count = map(int, re.match(rb"xref\s+(\d+)\s+(\d+)", pdf[start:]).groups())
    table = pdf[start:].split(b"\n", 2)[2]
    entries = re.findall(rb"(\d{10}) (\d{5}) ([nf])", table)[:count]
    assert len(entries) == count
    for i, (off, gen, kind) in enumerate(entries):
        if kind == b"n":
            assert re.match(rb"%d %d obj" % (first + i, int(gen)), pdf[int(off) :]), f"object {first + i}"


@pytest.fixture
def unpatched_reportlab(monkeypatch: pytest.MonkeyPatch) -> None:
    """ReportLab's own ToUnicode writer, as if register_fonts() had not patched it."""
    fonts.register_fonts()
    original = getattr(ttfonts.makeToUnicodeCMap, "_yanxiu_original", ttfonts.makeToUnicodeCMap)
    monkeypatch.setattr(ttfonts, "makeToUnicodeCMap", original)


def test_register_twice_is_cheap_and_stable() -> None:
    fonts.register_fonts()
    song = pdfmetrics.getFont(fonts.SONG)
    t0 = time.perf_counter()
    fonts.register_fonts()
    assert time.perf_counter() - t0 < 0.01
    assert pdfmetrics.getFont(fonts.SONG) is song
    assert pdfmetrics.getFont(fonts.HEI).face.name.startswith(b"YanxiuHei")
    # <b> inside a Song paragraph prints in Hei.
    assert tt2ps(fonts.SONG, 1, 0) == fonts.HEI


def test_font_files() -> None:
    for font in (fonts.SONG, fonts.HEI):
        path = fonts.font_file(font)
        assert path.is_file() and path.suffix in (".ttf", ".ttc")
    assert fonts.font_file(fonts.HEI).name == "YanxiuHei-Bold.ttf"
    with pytest.raises(ValueError):
        fonts.font_file("Helvetica")


@pytest.mark.parametrize("font", [fonts.SONG, fonts.HEI])
def test_missing_glyphs(font: str) -> None:
    assert fonts.missing_glyphs(EXPECTED, font) == []
    assert fonts.missing_glyphs("张三\t\n \u3000王五", font) == []
    # ✔ is not in Noto CJK; U+17000 is Tangut.  Each reported once, in order.
    assert fonts.missing_glyphs("张✔三\U00017000✔", font) == ["✔", "\U00017000"]


def test_font_for_without_windows_simsun() -> None:
    assert fonts.font_for("周𬭚") == fonts.SONG
    assert fonts.font_for("周𬭚", fonts.HEI) == fonts.HEI


@pytest.mark.parametrize("compress", [0, 1])
def test_round_trip_with_patched_reportlab(compress: int) -> None:
    pdf = _build(compress)
    _assert_round_trip(pdf)
    assert "\U0002cb5a" in _text(pdf)
    assert fonts.fix_tounicode(pdf) == pdf  # nothing left to fix


@pytest.mark.parametrize("compress", [0, 1])
def test_fix_tounicode_repairs_reportlab_output(compress: int, unpatched_reportlab: None) -> None:
    pdf = _build(compress)
    assert "\U0002cb5a" not in _text(pdf)  # ReportLab 5.1 writes <2CB5A> instead of <D872DF5A>
    fixed = fonts.fix_tounicode(pdf)
    assert fixed != pdf
    _assert_xref_valid(fixed)
    _assert_round_trip(fixed)
    assert fonts.fix_tounicode(fixed) == fixed


def test_fix_tounicode_leaves_other_input_alone() -> None:
    assert fonts.fix_tounicode(b"not a pdf") == b"not a pdf"
    pdf = _build(1)
    broken = pdf.replace(b"startxref", b"startxref\n0\n%%EOF\nstartxref", 1)
    assert fonts.fix_tounicode(broken) == broken


def test_fonts_embedded_as_subsets() -> None:
    pdf = _build(1)
    _assert_xref_valid(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    found = {}
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        base = str(font["/BaseFont"])
        if base == "/Helvetica":  # the canvas' initial font, never drawn with
            continue
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, base
        data = descriptor["/FontFile2"].get_object().get_data()
        assert re.match(r"^/?[A-Z]{6}\+Yanxiu(Song|Hei)", base), base
        assert len(data) < 200_000, f"{base} embeds {len(data)} bytes: not a subset"
        found[base.split("+")[1]] = len(data)
    assert {"YanxiuSong-Regular", "YanxiuHei-Bold"} <= set(found)
    assert len(pdf) < 150_000


def test_windows_simsun_preferred_with_fallback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """On Windows SONG is simsun.ttc; text it cannot print goes to the bundled Song."""
    font_dir = tmp_path / "Fonts"
    font_dir.mkdir()
    (font_dir / "simsun.ttc").write_bytes(_fake_simsun(fonts.font_file(fonts.HEI)))
    monkeypatch.setattr(fonts.sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", str(tmp_path))
    fonts._reset_for_tests()
    try:
        fonts.register_fonts()
        assert fonts.font_file(fonts.SONG) == font_dir / "simsun.ttc"
        assert fonts.font_file(fonts.SONG_FALLBACK).name == "YanxiuSong-Regular.ttf"
        assert fonts.missing_glyphs("周𬭚") == ["𬭚"]
        assert fonts.font_for("周𬭚") == fonts.SONG_FALLBACK
        assert fonts.font_for("张三") == fonts.SONG
    finally:
        fonts._reset_for_tests()
        monkeypatch.undo()
        fonts.register_fonts()
    assert fonts.font_file(fonts.SONG).name == "YanxiuSong-Regular.ttf"


def test_windows_broken_simsun_falls_back(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "Fonts").mkdir()
    (tmp_path / "Fonts" / "simsun.ttc").write_bytes(b"garbage")
    monkeypatch.setattr(fonts.sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", str(tmp_path))
    fonts._reset_for_tests()
    try:
        fonts.register_fonts()
        assert fonts.font_file(fonts.SONG).name == "YanxiuSong-Regular.ttf"
        assert fonts.missing_glyphs("周𬭚") == []
    finally:
        fonts._reset_for_tests()
        monkeypatch.undo()
        fonts.register_fonts()


def _fake_simsun(path: Path) -> bytes:
    """A small renamed TrueType without Extension B, standing in for SimSun (which lacks it too)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(path)
    sub = subset.Subsetter()
    sub.populate(text="张三王五周0123456789")
    sub.subset(font)
    for rec in font["name"].names:
        if rec.nameID in (1, 4, 6):
            rec.string = "FakeSimSun"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def test_font_dir_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for font in (fonts.SONG, fonts.HEI):
        (tmp_path / fonts.font_file(font).name).symlink_to(fonts.font_file(font))
    monkeypatch.setenv("YANXIU_FONT_DIR", str(tmp_path))
    fonts._reset_for_tests()
    try:
        fonts.register_fonts()
        assert fonts.font_file(fonts.SONG) == tmp_path / fonts.SONG_FILE
        assert fonts.font_file(fonts.HEI) == tmp_path / fonts.HEI_FILE
        monkeypatch.setenv("YANXIU_FONT_DIR", str(tmp_path / "nowhere"))
        fonts._reset_for_tests()
        with pytest.raises(FileNotFoundError):
            fonts.register_fonts()
    finally:
        fonts._reset_for_tests()
        monkeypatch.undo()
        fonts.register_fonts()


# --- parsed-face cache -----------------------------------------------------------------------------


def _reregister() -> None:
    fonts._reset_for_tests()
    fonts.register_fonts()


def _cache_files() -> list[Path]:
    from yanxiu_desktop.paths import data_dir

    return sorted((data_dir() / "cache").glob("*.rlface"))


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("font parsed although the cache matches")

    monkeypatch.setattr(ttfonts.TTFontFile, "extractInfo", refuse)


def test_cached_faces_build_identical_pdfs(monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        for path in _cache_files():
            path.unlink()
        _reregister()  # parses, writes the cache
        assert [p.name for p in _cache_files()] == ["YanxiuHei-Bold.ttf-0.rlface", "YanxiuSong-Regular.ttf-0.rlface"]
        parsed = {name: vars(pdfmetrics.getFont(name).face) for name in (fonts.SONG, fonts.HEI)}
        parsed_font = {k: v for k, v in vars(pdfmetrics.getFont(fonts.SONG)).items() if k not in ("face", "state")}
        pdfs = [_build(0), _build(1)]

        with monkeypatch.context() as m:
            _no_parsing(m)
            _reregister()  # from the cache
            cached = {name: vars(pdfmetrics.getFont(name).face) for name in (fonts.SONG, fonts.HEI)}
            cached_font = {k: v for k, v in vars(pdfmetrics.getFont(fonts.SONG)).items() if k not in ("face", "state")}
            # The TTFont around a cached face has what TTFont.__init__ sets (guards a ReportLab upgrade).
            assert cached_font.keys() == parsed_font.keys()
            for attr, value in parsed_font.items():
                if attr == "encoding":
                    assert type(cached_font[attr]) is type(value) and vars(cached_font[attr]) == vars(value)
                else:
                    assert cached_font[attr] == value, attr
            assert [_build(0), _build(1)] == pdfs  # invariant=1: byte for byte
        for name, state in parsed.items():
            other = cached[name]
            assert set(other) == set(state)
            for attr, value in state.items():
                if attr == "_pdfScale":
                    assert [other[attr](v) for v in (0, 1, 1000, -77)] == [value(v) for v in (0, 1, 1000, -77)]
                    continue
                assert other[attr] == value, attr
                assert type(other[attr]) is type(value), attr
                if isinstance(value, ttfonts.TTFNameBytes):
                    assert other[attr].ustr == value.ustr
        font = pdfmetrics.getFont(fonts.SONG)
        assert font.stringWidth("张三 abc", 12) == pytest.approx(12 * (2 + 1 + 0.5 * 3), rel=0.2)
        assert fonts.missing_glyphs(EXPECTED) == []
        _assert_round_trip(pdfs[1])
    finally:
        _reregister()


def test_corrupt_cache_falls_back_and_is_rewritten(monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        _reregister()
        reference = _build(1)
        files = _cache_files()
        assert len(files) == 2
        files[0].write_bytes(b"\x00garbage")
        files[1].write_bytes(files[1].read_bytes()[:1000])  # truncated
        _reregister()  # parses again, silently
        assert _build(1) == reference
        assert all(p.stat().st_size > 100_000 for p in files)  # rewritten
        with monkeypatch.context() as m:
            _no_parsing(m)
            _reregister()
            assert _build(1) == reference
    finally:
        _reregister()


def test_cache_key_follows_the_font_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for font in (fonts.SONG, fonts.HEI):
        (tmp_path / fonts.font_file(font).name).write_bytes(fonts.font_file(font).read_bytes())
    song = tmp_path / fonts.SONG_FILE
    data = song.read_bytes()
    key = fonts._cache_key(song, data, 0)
    assert fonts._cache_key(song, data, 0) == key
    assert fonts._cache_key(song, data, 1) != key
    st = song.stat()
    os.utime(song, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert fonts._cache_key(song, data, 0) != key
    changed = data[:-1] + bytes([data[-1] ^ 1])  # same size, same mtime, other bytes
    song.write_bytes(changed)
    os.utime(song, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert fonts._cache_key(song, changed, 0) != key

    # A stale cache entry is not used: a font file replaced by another one registers as the new font.
    monkeypatch.setenv("YANXIU_FONT_DIR", str(tmp_path))
    try:
        _reregister()
        assert pdfmetrics.getFont(fonts.SONG).face.name.startswith(b"YanxiuSong")
        (tmp_path / fonts.SONG_FILE).write_bytes((tmp_path / fonts.HEI_FILE).read_bytes())
        _reregister()
        assert pdfmetrics.getFont(fonts.SONG).face.name.startswith(b"YanxiuHei")
    finally:
        monkeypatch.undo()
        _reregister()
