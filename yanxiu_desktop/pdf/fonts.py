"""Chinese fonts for ReportLab: registration, coverage checks and a ToUnicode fix.

Two fonts are bundled in ``resources/fonts/`` (see its README): ``YanxiuSong-Regular.ttf`` (宋体 style,
body text) and ``YanxiuHei-Bold.ttf`` (黑体 style, titles).  Both cover GBK, the 8,105 characters of
通用规范汉字表 (including Extension B names such as 𬭚) and the usual form symbols.

How a document builder uses this module::

    from yanxiu_desktop.pdf import fonts

    fonts.register_fonts()                    # idempotent, thread-safe; ~50 ms (0.1-0.2 s the very first time)
    face = fonts.font_for(text, fonts.SONG)   # per cell: Windows 宋体 lacks Extension B (𬭚)
    bad = fonts.missing_glyphs(text, face)    # ReportLab prints a blank, silently, for a missing glyph
    ... build with fontName=face / fonts.HEI (``<b>`` in a SONG paragraph prints in HEI) ...

On Windows, ``C:\\Windows\\Fonts\\simsun.ttc`` (the 宋体 the school rules ask for) is used for SONG when it
registers; otherwise, and everywhere else, the bundled Song.  ``YANXIU_FONT_DIR`` overrides the folder the
bundled fonts are read from.

Face cache: ReportLab parses a TrueType file in pure Python (~100-200 ms for the two bundled fonts).  The
parsed face (cmap, widths, metrics, glyph offsets; everything but the font bytes, which are read again) is
kept in ``data_dir()/cache/`` and reused while the font file, ReportLab and Python are unchanged.  A cache
that cannot be read or does not match is ignored and rewritten; PDFs are the same either way.

ToUnicode: ReportLab 5.1 writes code points above U+FFFF into a font's ToUnicode CMap as 5-6 hex digits
instead of a UTF-16 surrogate pair, so 𬭚 prints right but copies and searches as U+2CB5.
:func:`register_fonts` patches ReportLab's CMap generator so every PDF built after it is correct;
nothing else is needed (the patch is process-wide and leaves correct output alone).  :func:`fix_tounicode`
repairs the bytes of a PDF made without the patch; running it on a patched PDF returns it unchanged.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import re
import sys
import threading
import time
import unicodedata
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

log = logging.getLogger(__name__)

SONG = "YanxiuSong"
HEI = "YanxiuHei"
# Registered only when SONG is the Windows 宋体: the bundled Song, for text SimSun cannot print.
SONG_FALLBACK = "YanxiuSongFallback"

SONG_FILE = "YanxiuSong-Regular.ttf"
HEI_FILE = "YanxiuHei-Bold.ttf"

_lock = threading.Lock()
_files: dict[str, Path] = {}  # registered font name -> file; empty until register_fonts() ran


def _bundled(file_name: str) -> Path:
    override = os.environ.get("YANXIU_FONT_DIR")
    if override:
        return Path(override) / file_name
    from yanxiu_desktop.paths import resource_path

    return resource_path("fonts", file_name)


def _windows_simsun() -> Path | None:
    if sys.platform != "win32":
        return None
    path = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts" / "simsun.ttc"
    return path if path.is_file() else None


def register_fonts() -> None:
    """Register SONG and HEI with ReportLab (once; later calls return at once).

    Raises FileNotFoundError if a bundled font is missing (incomplete installation).
    """
    global _files
    if _files:
        return
    with _lock:
        if _files:
            return
        from reportlab.pdfbase import pdfmetrics

        from yanxiu_desktop.pdf.linebreak import extend_line_breaking_rules

        t0 = time.perf_counter()
        _patch_reportlab_tounicode()
        extend_line_breaking_rules()
        song_bundled = _bundled(SONG_FILE)
        hei = _bundled(HEI_FILE)
        for path in (song_bundled, hei):
            if not path.is_file():
                raise FileNotFoundError(f"找不到字体文件 {path}（安装不完整？）")
        files: dict[str, Path] = {}
        simsun = _windows_simsun()
        if simsun is not None:
            try:
                pdfmetrics.registerFont(_load_ttfont(SONG, simsun, subfont=0))
                files[SONG] = simsun
            except Exception:  # unreadable, or embedding not allowed: use the bundled Song
                log.warning("cannot use %s, falling back to the bundled Song", simsun, exc_info=True)
        song_name = SONG_FALLBACK if SONG in files else SONG
        pdfmetrics.registerFont(_load_ttfont(song_name, song_bundled))
        files[song_name] = song_bundled
        pdfmetrics.registerFont(_load_ttfont(HEI, hei))
        files[HEI] = hei
        # <b> in a Song paragraph prints in Hei; there is no italic CJK face.
        pdfmetrics.registerFontFamily(SONG, normal=SONG, bold=HEI, italic=SONG, boldItalic=HEI)
        pdfmetrics.registerFontFamily(HEI, normal=HEI, bold=HEI, italic=HEI, boldItalic=HEI)
        if SONG_FALLBACK in files:
            pdfmetrics.registerFontFamily(
                SONG_FALLBACK, normal=SONG_FALLBACK, bold=HEI, italic=SONG_FALLBACK, boldItalic=HEI
            )
        _files = files  # published last, in one step: readers never see a half-registered state
        log.info("fonts registered in %.0f ms: %s", (time.perf_counter() - t0) * 1000, files)


# --- parsed-face cache -----------------------------------------------------------------------------

_CACHE_FORMAT = 1
_HASH_SPAN = 1 << 20  # the key hashes the first and the last MB of the font file (with its size and mtime)


def _cache_path(path: Path, subfont: int) -> Path:
    from yanxiu_desktop.paths import data_dir

    return data_dir() / "cache" / f"{path.name}-{subfont}.rlface"


def _cache_key(path: Path, data: bytes, subfont: int) -> tuple:
    """What the cached face depends on: the font file, the subfont, ReportLab and Python."""
    import reportlab

    st = path.stat()
    digest = hashlib.sha256(data[:_HASH_SPAN])
    digest.update(data[-_HASH_SPAN:])
    return (
        _CACHE_FORMAT,
        len(data),
        st.st_size,
        st.st_mtime_ns,
        digest.hexdigest(),
        subfont,
        reportlab.Version,
        sys.version,
    )


def _pdf_scale(units_per_em: int) -> Callable[[float], float]:
    """ReportLab's ``TTFontFile._pdfScale`` for ``units_per_em`` (same arithmetic, so same numbers)."""
    if units_per_em == 1000:
        return lambda x: x
    mult = 1000 / units_per_em
    return lambda x: x * mult


def _face_state(face: TTFontFace) -> bytes | None:
    """The parsed face as marshal bytes (no font data), or None if it holds something marshal cannot keep."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    plain: dict[str, object] = {}
    names: dict[str, tuple[bytes, str]] = {}
    for attr, value in vars(face).items():
        if attr in ("_ttf_data", "_pdfScale"):
            continue
        if type(value) is TTFNameBytes:
            names[attr] = (bytes(value), value.ustr)
        elif type(value) in (int, float, bool, str, bytes, list, dict, tuple, type(None)):
            plain[attr] = value
        else:
            return None  # an attribute this cache does not know: always parse
    try:
        return marshal.dumps((plain, names))
    except ValueError:
        return None


def _face_from_state(blob: bytes, data: bytes, filename: str) -> TTFontFace:
    from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFontFace

    plain, names = marshal.loads(blob)
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(plain)
    for attr, (raw, ustr) in names.items():
        value = TTFNameBytes(raw)
        value.ustr = ustr
        setattr(face, attr, value)
    face._pdfScale = _pdf_scale(face.unitsPerEm)
    face._ttf_data = data
    face.filename = filename
    return face


def _ttfont_with_face(name: str, face: TTFontFace) -> TTFont:
    """A ``TTFont`` around an already-parsed face: ``TTFont.__init__`` (ReportLab 5.1) minus the parsing."""
    from fnmatch import fnmatch
    from weakref import WeakKeyDictionary

    from reportlab import rl_config
    from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, unShapedFontGlob

    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in unShapedFontGlob)
    return font


def _load_ttfont(name: str, path: Path, subfont: int = 0) -> TTFont:
    """``TTFont(name, path, subfontIndex=subfont)``, from the face cache when it matches the file.

    Raises what ReportLab raises for a file it cannot use (the cache is only written after a parse).
    """
    from reportlab.pdfbase.ttfonts import TTFont, TTFOpenFile

    filename, fh = TTFOpenFile(str(path))
    try:
        data = fh.read()
    finally:
        fh.close()
    try:
        key = _cache_key(path, data, subfont)
        cache = _cache_path(path, subfont)
    except Exception:  # e.g. data folder not writable / not creatable: no cache this run
        log.debug("font cache unavailable for %s", path, exc_info=True)
        return TTFont(name, str(path), subfontIndex=subfont)
    try:
        stored_key, blob = marshal.loads(cache.read_bytes())
        if stored_key == key:
            return _ttfont_with_face(name, _face_from_state(blob, data, filename))
    except FileNotFoundError:
        pass
    except Exception:  # corrupt or from another version: parse, then rewrite it
        log.debug("font cache %s unusable, rebuilding", cache, exc_info=True)
    font = TTFont(name, str(path), subfontIndex=subfont)
    blob = _face_state(font.face)
    if blob is not None:
        from yanxiu_desktop.fileio import write_atomic

        payload = marshal.dumps((key, blob))
        try:
            write_atomic(cache, lambda tmp: tmp.write_bytes(payload))
        except OSError:
            log.debug("cannot write font cache %s", cache, exc_info=True)
    return font


def font_file(font: str) -> Path:
    """The file registered as ``font`` (SONG may be a .ttc on Windows), e.g. for Qt's addApplicationFont."""
    register_fonts()
    try:
        return _files[font]
    except KeyError:
        raise ValueError(f"not a registered font: {font!r} (use SONG or HEI)") from None


def _cmap(font: str) -> dict[int, int]:
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    if font not in _files:
        raise ValueError(f"not a registered font: {font!r} (use SONG or HEI)")
    return pdfmetrics.getFont(font).face.charToGlyph


def _printable(ch: str) -> bool:
    return not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf")


def missing_glyphs(text: str, font: str = SONG) -> list[str]:
    """Characters of ``text`` that ``font`` cannot print (each once, in order; whitespace and controls skipped)."""
    cmap = _cmap(font)
    seen: dict[str, None] = {}
    for ch in text:
        if ch not in seen and ord(ch) not in cmap and _printable(ch):
            seen[ch] = None
    return list(seen)


def font_for(text: str, font: str = SONG) -> str:
    """``font``, or the bundled Song when ``font`` is the Windows 宋体 and lacks a character of ``text``.

    Use it per table cell / paragraph for user-entered text such as names (SimSun has no Extension B).
    The caller still checks :func:`missing_glyphs` with the returned font.
    """
    if font == SONG and missing_glyphs(text, SONG) and SONG_FALLBACK in _files:
        if not missing_glyphs(text, SONG_FALLBACK):
            return SONG_FALLBACK
    return font


# --- ToUnicode CMaps -----------------------------------------------------------------------------

# A bfchar entry "<src> <dst>" whose destination has 5 or 6 hex digits: a bare code point above U+FFFF,
# which a CMap must give as UTF-16BE (a surrogate pair).  Valid UTF-16 has a multiple of 4 digits.
_BAD_BFCHAR = re.compile(rb"(<[0-9A-Fa-f]{1,8}>[ \t\r\n]*)<([0-9A-Fa-f]{5,6})>")
_BFCHAR_BLOCK = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)


def _utf16_entry(m: re.Match[bytes]) -> bytes:
    cp = int(m.group(2), 16)
    if cp > 0x10FFFF:
        return m.group(0)
    return m.group(1) + b"<" + chr(cp).encode("utf-16-be", "surrogatepass").hex().upper().encode() + b">"


def _fix_cmap(cmap: bytes) -> bytes:
    """Rewrite bare supplementary-plane code points in bfchar blocks as UTF-16 surrogate pairs."""
    return _BFCHAR_BLOCK.sub(
        lambda b: b"beginbfchar" + _BAD_BFCHAR.sub(_utf16_entry, b.group(1)) + b"endbfchar", cmap
    )


def _patch_reportlab_tounicode() -> None:
    """Wrap ReportLab's ToUnicode generator (idempotent; a no-op on output that is already right)."""
    from reportlab.pdfbase import ttfonts

    original = ttfonts.makeToUnicodeCMap
    if getattr(original, "_yanxiu_fixed", False):
        return

    def make_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
        text = original(fontname, subset)
        return _fix_cmap(text.encode("latin-1")).decode("latin-1")

    make_to_unicode_cmap._yanxiu_fixed = True  # type: ignore[attr-defined]
    make_to_unicode_cmap._yanxiu_original = original  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap


_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_SUBSECTION = re.compile(rb"\s*(\d+)\s+(\d+)[ \t]*\r?\n")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])[ \t\r\n]{1,2}")
_STREAM_START = re.compile(rb">>\s*stream(?:\r\n|\n)")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")


def _fix_stream_object(chunk: bytes) -> bytes | None:
    """The object with its ToUnicode CMap repaired, or None if it is not one / needs no repair."""
    start = _STREAM_START.search(chunk)
    if start is None:
        return None
    head = chunk[: start.start() + 2]
    length = _LENGTH.search(head)
    if length is None or b"/DecodeParms" in head:
        return None
    filt = _FILTER.search(head)
    filters = re.findall(rb"/([A-Za-z0-9]+)", filt.group(1)) if filt else []
    if filters not in ([], [b"FlateDecode"]):
        return None
    end = start.end() + int(length.group(1))
    data, tail = chunk[start.end() : end], chunk[end:]
    if not tail.lstrip().startswith(b"endstream"):
        return None
    try:
        content = zlib.decompress(data) if filters else data
    except zlib.error:
        return None
    if b"begincmap" not in content or b"beginbfchar" not in content:
        return None
    fixed = _fix_cmap(content)
    if fixed == content:
        return None
    data = zlib.compress(fixed) if filters else fixed
    head = head[: length.start(1)] + str(len(data)).encode() + head[length.end(1) :]
    return head + chunk[start.start() + 2 : start.end()] + data + tail


def fix_tounicode(pdf_bytes: bytes) -> bytes:
    """Repair ToUnicode CMaps that map to bare code points above U+FFFF (ReportLab 5.1's output).

    Handles Flate-compressed and uncompressed streams and rewrites the cross-reference table, so the
    result is a valid PDF.  Returns the input unchanged when nothing needs fixing (e.g. the PDF was built
    after :func:`register_fonts`, which patches ReportLab) or when the file is not a plain single-revision
    PDF with a classic xref table, as ReportLab writes (then a warning is logged).
    """
    m = _STARTXREF.search(pdf_bytes, max(0, len(pdf_bytes) - 1024))
    if m is None:
        log.warning("fix_tounicode: no startxref; PDF left unchanged")
        return pdf_bytes
    xref_at = int(m.group(1))
    if pdf_bytes[xref_at : xref_at + 4] != b"xref":
        log.warning("fix_tounicode: no classic xref table (xref stream?); PDF left unchanged")
        return pdf_bytes
    # Parse the table: a list of subsections [(first object number, [(offset, gen, kind)])].
    pos = xref_at + 4
    sections: list[tuple[int, list[tuple[int, int, bytes]]]] = []
    while True:
        sub = _XREF_SUBSECTION.match(pdf_bytes, pos)
        if sub is None:
            break
        first, count = int(sub.group(1)), int(sub.group(2))
        pos = sub.end()
        entries = []
        for _ in range(count):
            e = _XREF_ENTRY.match(pdf_bytes, pos)
            if e is None:
                log.warning("fix_tounicode: malformed xref entry; PDF left unchanged")
                return pdf_bytes
            entries.append((int(e.group(1)), int(e.group(2)), e.group(3)))
            pos = e.end()
        sections.append((first, entries))
    trailer_at = pdf_bytes.find(b"trailer", pos)
    if trailer_at < 0 or pdf_bytes[pos:trailer_at].strip():
        log.warning("fix_tounicode: xref table not followed by a trailer; PDF left unchanged")
        return pdf_bytes
    trailer = pdf_bytes[trailer_at : m.start()]
    if re.search(rb"/(Prev|XRefStm|Encrypt)\b", trailer):
        log.warning("fix_tounicode: incremental update or encrypted PDF; left unchanged")
        return pdf_bytes

    in_use = sorted(
        (offset, first + i, gen)
        for first, entries in sections
        for i, (offset, gen, kind) in enumerate(entries)
        if kind == b"n"
    )
    if not in_use:
        return pdf_bytes
    chunks: list[tuple[int, bytes]] = []  # (object number, bytes) in file order
    changed = False
    for idx, (offset, num, gen) in enumerate(in_use):
        stop = in_use[idx + 1][0] if idx + 1 < len(in_use) else xref_at
        chunk = pdf_bytes[offset:stop]
        if not re.match(rb"%d\s+%d\s+obj\b" % (num, gen), chunk):
            log.warning("fix_tounicode: xref offset of object %d is wrong; PDF left unchanged", num)
            return pdf_bytes
        fixed = _fix_stream_object(chunk) if b"stream" in chunk else None
        if fixed is not None:
            chunk, changed = fixed, True
        chunks.append((num, chunk))
    if not changed:
        return pdf_bytes

    out = bytearray(pdf_bytes[: in_use[0][0]])
    new_offsets: dict[int, int] = {}
    for num, chunk in chunks:
        new_offsets[num] = len(out)
        out += chunk
    new_xref_at = len(out)
    out += b"xref\n"
    for first, entries in sections:
        out += b"%d %d\n" % (first, len(entries))
        for i, (offset, gen, kind) in enumerate(entries):
            if kind == b"n":
                offset = new_offsets[first + i]
            out += b"%010d %05d %s \n" % (offset, gen, kind)
    out += trailer.rstrip() + b"\nstartxref\n%d\n%%%%EOF\n" % new_xref_at
    return bytes(out)


def _reset_for_tests() -> None:
    """Forget registrations (ReportLab's registry included) so a test can register differently."""
    global _files
    from reportlab.pdfbase import pdfmetrics

    with _lock:
        for name in list(_files):
            font = pdfmetrics._fonts.pop(name, None)
            if font is not None and getattr(font, "face", None) is not None:
                pdfmetrics._dynFaceNames.pop(font.face.name, None)
        for name in (SONG, HEI, SONG_FALLBACK):
            pdfmetrics._fonts.pop(name, None)
        _files = {}
