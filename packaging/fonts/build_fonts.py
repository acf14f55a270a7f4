#!/usr/bin/env python3
"""Build the bundled Chinese fonts (resources/fonts/) from Debian's fonts-noto-cjk.

ReportLab cannot use CFF (PostScript-outline) fonts, and Noto CJK ships only CFF.  This script
takes the Simplified Chinese face of Noto Serif CJK Regular (宋体 style) and Noto Sans CJK Bold
(黑体 style), subsets it to the characters a school form can need, converts the kept glyphs to
TrueType quadratic outlines and renames the family:

    NotoSerifCJK-Regular.ttc [SC]  ->  resources/fonts/YanxiuSong-Regular.ttf  ("Yanxiu Song")
    NotoSansCJK-Bold.ttc     [SC]  ->  resources/fonts/YanxiuHei-Bold.ttf      ("Yanxiu Hei" Bold)

Kept characters: everything encodable in GBK, the 8,105 characters of 通用规范汉字表 (Unihan field
kTGH, from Debian's unicode-data; 196 are outside the BMP), ASCII, Latin-1, CJK punctuation,
full-width forms, circled numbers and common form symbols (√ × ○ □ — … · № ℃ ± ≤ ≥ ...).

Requirements: Debian packages fonts-noto-cjk and unicode-data, and fontTools (the venv's, pinned).
Output is byte-identical across runs for the same inputs and fontTools version; head timestamps
come from SOURCE_DATE_EPOCH (default: a fixed date).  The script is not run in CI: its outputs
are committed.  Usage:

    .venv/bin/python packaging/fonts/build_fonts.py [--out resources/fonts] [--jobs 2]
"""

from __future__ import annotations

import argparse
import bz2
import logging
import os
import sys
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.misc.timeTools import timestampSinceEpoch
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

log = logging.getLogger("build_fonts")

REPO = Path(__file__).resolve().parents[2]
NOTO_DIR = Path("/usr/share/fonts/opentype/noto")
UNIHAN_CANDIDATES = [
    Path("/usr/share/unicode/Unihan_OtherMappings.txt.bz2"),
    Path("/usr/share/unicode/Unihan_OtherMappings.txt"),
    Path("/usr/share/unicode-data/Unihan_OtherMappings.txt.bz2"),
    Path("/usr/share/unicode-data/Unihan_OtherMappings.txt"),
]
SC_INDEX = 2  # TTC order in Debian's collections: JP, KR, SC, TC, HK (checked against the name table)
MAX_ERR = 1.0  # cu2qu approximation error, in font units (1000 upem)
REVERSE_DIRECTION = True  # CFF contours run counter-clockwise, TrueType clockwise
DEFAULT_EPOCH = 1643241600  # 2022-01-27 00:00 UTC, the fonts-noto-cjk 20220127 release
DROP_TABLES = ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "vhea", "vmtx", "VORG", "DSIG"]
# Name IDs that carry the family/style name; all their records are replaced.
NAME_IDS_REPLACED = (1, 2, 3, 4, 6, 16, 17, 18, 21, 22, 25)


@dataclass(frozen=True)
class Job:
    source: str  # file name in NOTO_DIR
    output: str  # file name in the output directory
    family: str
    style: str  # "Regular" or "Bold"
    source_desc: str  # human description for the name table


JOBS = (
    Job(
        "NotoSerifCJK-Regular.ttc",
        "YanxiuSong-Regular.ttf",
        "Yanxiu Song",
        "Regular",
        "Noto Serif CJK SC Regular",
    ),
    Job("NotoSansCJK-Bold.ttc", "YanxiuHei-Bold.ttf", "Yanxiu Hei", "Bold", "Noto Sans CJK SC Bold"),
)

# Extra non-GBK / non-Han code points worth keeping (only those the source font has are kept).
EXTRA_RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement (× ÷ ± ° · ¥ § ...)
    (0x2010, 0x2027),  # dashes, quotes, bullets, … ‥
    (0x2030, 0x203B),  # ‰ ′ ″ ※
    (0x2100, 0x2122),  # ℃ № ℉ ™
    (0x2160, 0x217F),  # Roman numerals Ⅰ–Ⅻ ⅰ–ⅻ
    (0x2190, 0x2199),  # arrows
    (0x2460, 0x249B),  # ①–⑳ ⑴–⒇ ⒈–⒛
    (0x2500, 0x257F),  # box drawing
    (0x25A0, 0x25FF),  # geometric shapes □ ■ ○ ● △ ◇ ...
    (0x2605, 0x2606),  # ★ ☆
    (0x2713, 0x2713),  # ✓ (✔ ✗ ☑ ☐ are not in Noto CJK)
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3220, 0x3243),  # ㈠–㈩ parenthesised ideographs
    (0x3251, 0x325F),  # ㉑–㉟
    (0x32A3, 0x32A3),  # ㊣
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF01, 0xFF5E),  # full-width ASCII
    (0xFFE0, 0xFFE6),  # full-width signs ￠ ￡ ￢ ￣ ￤ ￥ ￦
]
EXTRA_CHARS = "√×÷±≤≥≠≈∞∑∏∵∴∈∩∪⊥∥∠⌒⊙≌∽○□●■△▲◇◆☆★※→←↑↓—–…·•‘’“”№℃°‰§¥￥€"
# Characters that must be present in the result, or the build fails.
REQUIRED = "张三镕堃喆昇犇𬭚〇①⑳√×○□—…·№℃±≤≥，。、；：？！（）《》“”０１２ＡＢabcXYZ0123456789"


def gbk_codepoints() -> set[int]:
    """Every character Python's 'gbk' codec can encode (graphic characters only)."""
    out = set()
    for cp in range(0x80, 0x10000):
        ch = chr(cp)
        if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"):
            continue
        try:
            ch.encode("gbk")
        except UnicodeEncodeError:
            continue
        out.add(cp)
    return out


def tgh_codepoints() -> set[int]:
    """The 8,105 characters of 通用规范汉字表 (Unihan kTGH)."""
    for path in UNIHAN_CANDIDATES:
        if path.exists():
            break
    else:
        raise SystemExit("Unihan_OtherMappings.txt not found: apt-get install unicode-data")
    opener = bz2.open if path.suffix == ".bz2" else open
    out = set()
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if "\tkTGH\t" in line:
                out.add(int(line.split("\t", 1)[0][2:], 16))
    if len(out) != 8105:
        raise SystemExit(f"expected 8105 kTGH characters in {path}, found {len(out)}")
    return out


def wanted_codepoints() -> tuple[set[int], set[int]]:
    """(all code points to keep if the source has them, the core ones worth a warning if absent)."""
    core = gbk_codepoints() | tgh_codepoints() | {ord(c) for c in EXTRA_CHARS}
    cps = set(core)
    for lo, hi in EXTRA_RANGES:
        cps.update(range(lo, hi + 1))
    return cps, core


def load_sc_face(path: Path, style: str) -> TTFont:
    font = TTFont(path, fontNumber=SC_INDEX, lazy=False)
    family = font["name"].getDebugName(1) or ""
    subfamily = font["name"].getDebugName(2) or ""
    if not family.endswith(" SC"):
        raise SystemExit(f"{path} index {SC_INDEX} is {family!r}, not the SC face")
    if subfamily != style:
        raise SystemExit(f"{path} index {SC_INDEX} style is {subfamily!r}, expected {style!r}")
    if font["OS/2"].fsType != 0:
        raise SystemExit(f"{path}: fsType {font['OS/2'].fsType} (embedding restricted)")
    # Unicode Variation Sequences would drag in Japanese/Traditional variant glyphs.
    font["cmap"].tables = [t for t in font["cmap"].tables if t.format != 14]
    return font


def otf_to_ttf(font: TTFont, keep: set[str]) -> None:
    """CFF -> glyf, after fontTools' Snippets/otf2ttf.py, converting only the glyphs in ``keep``.

    Every other glyph becomes empty (and is dropped by the subsetter); glyph names are not stored
    (post format 3).  Converting first and subsetting the TrueType font afterwards is much faster
    than subsetting the CFF (which decompiles every charstring to strip hints and subroutines).
    """
    assert font.sfntVersion == "OTTO" and "CFF " in font
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        tt_pen = TTGlyphPen(glyph_set)
        if name in keep:
            glyph_set[name].draw(Cu2QuPen(tt_pen, MAX_ERR, reverse_direction=REVERSE_DIRECTION))
        glyphs[name] = tt_pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = len(order)
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = 0
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"


def bake_zhs_locl(font: TTFont) -> str:
    """Apply the font's Simplified Chinese 'locl' single substitutions to the cmap.

    Layout tables are dropped and ReportLab does no shaping, so without this U+2014 would print as the
    narrower Western em dash instead of the full-width 破折号 a zh-Hans shaper picks (also affects ' "
    ‚ „ ‼ ⁇ ⁈ ⁉ ⸺ ⸻).  Returns the characters remapped.
    """
    gsub = font["GSUB"].table
    features = gsub.FeatureList.FeatureRecord
    lookups: set[int] = set()
    for script in gsub.ScriptList.ScriptRecord:
        if script.ScriptTag != "hani":
            continue
        for lang in script.Script.LangSysRecord:
            if lang.LangSysTag.strip() == "ZHS":
                for fi in lang.LangSys.FeatureIndex:
                    if features[fi].FeatureTag == "locl":
                        lookups.update(features[fi].Feature.LookupListIndex)
    mapping: dict[str, str] = {}
    for li in sorted(lookups):
        for st in gsub.LookupList.Lookup[li].SubTable:
            st = getattr(st, "ExtSubTable", st)
            if getattr(st, "LookupType", 1) == 1 and hasattr(st, "mapping"):
                mapping.update(st.mapping)
    changed = set()
    for table in font["cmap"].tables:
        if table.isUnicode():
            for cp, glyph in list(table.cmap.items()):
                if glyph in mapping:
                    table.cmap[cp] = mapping[glyph]
                    changed.add(cp)
    return "".join(chr(c) for c in sorted(changed))


def subset_font(font: TTFont, codepoints: set[int]) -> None:
    opts = subset.Options()
    opts.drop_tables = sorted(set(opts.drop_tables) | set(DROP_TABLES))
    opts.layout_features = []
    opts.hinting = False
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.name_legacy = False
    opts.legacy_cmap = False
    opts.recalc_timestamp = False
    opts.ignore_missing_unicodes = True
    opts.bidi_closure = False  # mirrored forms (∈→∋) would be kept unconverted, hence empty
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=sorted(codepoints))
    sub.subset(font)


def fix_side_bearings(font: TTFont) -> None:
    """hmtx left side bearings must equal glyf xMin (CFF fonts need not obey that)."""
    glyf, hmtx = font["glyf"], font["hmtx"]
    for name in font.getGlyphOrder():
        glyph = glyf[name]
        glyph.recalcBounds(glyf)
        if glyph.numberOfContours:
            hmtx[name] = (hmtx[name][0], glyph.xMin)


def rename(font: TTFont, job: Job) -> None:
    name = font["name"]
    version = name.getDebugName(5) or ""
    src_version = version.split(";")[0].replace("Version ", "").strip()
    ps_name = job.output.removesuffix(".ttf")
    name.names = [r for r in name.names if r.nameID not in NAME_IDS_REPLACED and r.platformID == 3]
    full = job.family if job.style == "Regular" else f"{job.family} {job.style}"
    new = {
        1: job.family,
        2: job.style,
        3: f"{src_version};YANXIU;{ps_name}",
        4: full,
        5: f"Version {src_version}; yanxiu_desktop subset",
        6: ps_name,
    }
    for name_id, text in new.items():
        name.setName(text, name_id, 3, 1, 0x409)
    desc = (
        f"{job.family} is a Modified Version of {job.source_desc} (fonts-noto-cjk, SIL Open Font "
        "License 1.1): the Simplified Chinese face subset to GBK + 通用规范汉字表 and converted from "
        "CFF to TrueType outlines for the yanxiu_desktop project. It is not an official Noto font."
    )
    name.setName(desc, 10, 3, 1, 0x409)
    name.names.sort(key=lambda r: (r.platformID, r.platEncID, r.langID, r.nameID))


def set_timestamps(font: TTFont) -> None:
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", DEFAULT_EPOCH))
    font["head"].created = font["head"].modified = timestampSinceEpoch(epoch)
    font.recalcTimestamp = False  # otherwise save() stamps head.modified with the current time


def build_one(
    job: Job, codepoints: frozenset[int], core: frozenset[int], out_dir: str
) -> tuple[str, int, int, float]:
    t0 = time.perf_counter()
    font = load_sc_face(NOTO_DIR / job.source, job.style)
    localized = bake_zhs_locl(font)
    available = set(font.getBestCmap())
    missing = "".join(chr(c) for c in sorted(core - available))
    cmap = font.getBestCmap()
    keep = {".notdef"} | {cmap[c] for c in codepoints if c in cmap}
    otf_to_ttf(font, keep)
    subset_font(font, set(codepoints) & available)
    fix_side_bearings(font)
    rename(font, job)
    set_timestamps(font)
    cmap = font.getBestCmap()
    lacking = [c for c in REQUIRED if ord(c) not in cmap]
    if lacking:
        raise SystemExit(f"{job.output}: required characters missing: {''.join(lacking)}")
    glyf = font["glyf"]
    blank = [chr(c) for c, g in cmap.items() if not glyf[g].numberOfContours and not chr(c).isspace()]
    if blank:
        raise SystemExit(f"{job.output}: characters mapped to empty glyphs: {''.join(blank)!r}")
    out = Path(out_dir) / job.output
    font.save(out, reorderTables=True)
    log.info(
        "%s: %d code points, %d glyphs; zh-Hans locl applied to %r; GBK/kTGH/extra characters absent "
        "in the source: %r",
        job.output,
        len(cmap),
        len(font.getGlyphOrder()),
        localized,
        missing,
    )
    return job.output, len(cmap), out.stat().st_size, time.perf_counter() - t0


def write_ofl(out_dir: Path) -> None:
    """OFL.txt: the licence text and copyright notices as shipped in the Debian package."""
    copyright_file = Path("/usr/share/doc/fonts-noto-cjk/copyright")
    text = copyright_file.read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    files_star = next(p for p in paragraphs if p.startswith("Files: *"))
    debian_notice = files_star.split("Copyright:", 1)[1].split("\nLicense:", 1)[0].strip()
    body = text.split("License: SIL-1.1\n", 2)[2].split("\n\nLicense:", 1)[0]
    licence = "\n".join("" if ln == " ." else ln.removeprefix(" ") for ln in body.splitlines())
    notices = []
    for job in JOBS:
        face = TTFont(NOTO_DIR / job.source, fontNumber=SC_INDEX, lazy=True)
        notices.append(f"{job.source_desc}: {face['name'].getDebugName(0)}")
        trademark = face["name"].getDebugName(7)
    lines = [
        "Yanxiu Song (YanxiuSong-Regular.ttf) and Yanxiu Hei (YanxiuHei-Bold.ttf) are Modified Versions of",
        "Noto Serif CJK SC Regular and Noto Sans CJK SC Bold, taken from the Debian package fonts-noto-cjk.",
        "They are not official Noto fonts and are not endorsed by Google or Adobe.",
        "",
        "Copyright notices of the Original Version:",
        f"  Copyright {debian_notice}  (debian/copyright, Files: *)",
        *(f"  {n}  (font name table)" for n in notices),
        f"  {trademark}",
        "",
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.",
        "This license is copied below, and is also available with a FAQ at: https://openfontlicense.org",
        "",
        licence.strip("\n"),
        "",
    ]
    (out_dir / "OFL.txt").write_text("\n".join(lines), encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(REPO / "resources" / "fonts"), help="output directory")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="parallel fonts")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    logging.getLogger("fontTools").setLevel(logging.WARNING)

    t0 = time.perf_counter()
    import fontTools

    log.info("fontTools %s, Python %s", fontTools.version, sys.version.split()[0])
    wanted, core = wanted_codepoints()
    cps, core = frozenset(wanted), frozenset(core)
    log.info("%d code points requested (%d GBK/kTGH/extra)", len(cps), len(core))
    Path(args.out).mkdir(parents=True, exist_ok=True)
    if args.jobs > 1:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            n = len(JOBS)
            results = list(pool.map(build_one, JOBS, [cps] * n, [core] * n, [args.out] * n))
    else:
        results = [build_one(job, cps, core, args.out) for job in JOBS]
    write_ofl(Path(args.out))
    for output, n_cps, size, secs in results:
        log.info("%s: %d code points, %.2f MB, %.1f s", output, n_cps, size / 1e6, secs)
    log.info("done in %.1f s", time.perf_counter() - t0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
